"""Defences against hostile input that every reader and writer shares: a file read that
accepts only regular files (a FIFO hangs, /dev/zero never ends), bounded YAML (alias bombs,
recursive aliases, deep nesting, unhashable keys, huge integers), and spreadsheet-safe CSV cells.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any, Iterable

from ..errors import DataError, InputError

__all__ = [
    "MAX_FILE_BYTES", "MAX_YAML_DEPTH", "MAX_YAML_NODES",
    "file_kind", "read_regular_bytes", "open_regular", "check_writable_path", "load_yaml", "compose_yaml", "construct_yaml",
    "csv_cell", "csv_cells", "csv_uncell", "SafeCsvWriter",
]

MAX_FILE_BYTES = 1 << 30  # 1 GiB: far past any lexicon or results file, short of exhausting memory
MAX_YAML_DEPTH = 64  # the shipped files nest 4 deep
MAX_YAML_NODES = 2_000_000  # nodes after alias expansion; the shipped lexicon has ~150,000


def file_kind(mode: int) -> str:
    """A file type for error messages: 'a directory', 'a FIFO', 'a character device', ..."""
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _open_regular_fd(path: Path) -> int:
    """A descriptor on `path` opened without blocking (a FIFO without a writer cannot hang the
    open) and checked to be a regular file on the descriptor itself (no check-then-swap)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(f"cannot read {path}: {file_kind(mode)}, not a regular file")
    return fd


def read_regular_bytes(path: str | os.PathLike[str], *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, at most `limit` of them; anything else is a one-line InputError.

    The open never blocks (O_NONBLOCK, so a FIFO without a writer does not hang) and the type
    is checked on the open descriptor, so a path swapped after a check cannot slip through.
    """
    path = Path(path)
    fd = _open_regular_fd(path)
    try:
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputError(f"cannot read {path}: larger than {limit:,} bytes")
        return b"".join(chunks)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    finally:
        os.close(fd)


def open_regular(path: str | os.PathLike[str], **text_options: Any) -> Any:
    """A regular file opened for reading (text when `text_options` are given, else binary):
    the open never blocks on a FIFO and a non-regular file is a one-line InputError, so
    streamed readers get the same protection as read_regular_bytes."""
    path = Path(path)
    fd = _open_regular_fd(path)
    try:
        os.set_blocking(fd, True)
        return os.fdopen(fd, "r" if text_options else "rb", **text_options)
    except BaseException:
        os.close(fd)
        raise


def check_writable_path(path: str | os.PathLike[str], what: str = "output") -> Path:
    """An output path must be a regular file or not exist yet (never /dev/zero, a FIFO or a directory)."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return path
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(mode):
        raise InputError(f"the {what} {path} is {file_kind(mode)}; give a regular file")
    return path


# -- bounded YAML --------------------------------------------------------------------------------

def _bounded_loader():
    """A SafeLoader whose composer refuses nesting deeper than MAX_YAML_DEPTH (PyYAML's own
    composer recurses, so 1,000 brackets would end in a RecursionError)."""
    import yaml

    class BoundedLoader(yaml.SafeLoader):
        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self._depth += 1
            try:
                if self._depth > MAX_YAML_DEPTH:
                    mark = self.peek_event().start_mark
                    raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_YAML_DEPTH} levels deep",
                                                      mark)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    return BoundedLoader


def _check_expansion(root: Any, source: str) -> None:
    """Refuse a node graph that aliases expand past MAX_YAML_NODES, or that contains itself.

    Sizes are memoised per node, so this is linear in the distinct nodes whatever the aliases."""
    import yaml

    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            if isinstance(node, yaml.MappingNode):
                children = [n for pair in node.value for n in pair]
            else:
                children = node.value
            total = 1 + sum(size[id(child)] for child in children)
            if total > MAX_YAML_NODES:
                raise DataError(source, f"line {node.start_mark.line + 1}",
                                f"refused: aliases expand the document past {MAX_YAML_NODES:,} nodes")
            size[key] = total
            continue
        if key in size:
            continue
        if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            size[key] = 1
            continue
        if key in on_path:
            raise DataError(source, f"line {node.start_mark.line + 1}", "refused: an alias refers to its own anchor")
        on_path.add(key)
        stack.append((node, True))
        children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
        for child in children:
            if id(child) in on_path:
                raise DataError(source, f"line {child.start_mark.line + 1}",
                                "refused: an alias refers to its own anchor")
            if id(child) not in size:
                stack.append((child, False))


def _yaml_error(error: Exception, source: str) -> DataError:
    mark = getattr(error, "problem_mark", None)
    where = f"line {mark.line + 1}" if mark else ""
    problem = getattr(error, "problem", None) or error
    return DataError(source, where, "malformed YAML: " + " ".join(str(problem).split()))


def compose_yaml(text: str, source: str) -> Any:
    """The YAML node graph of `text` (None for an empty document), bounded in depth and in
    alias expansion; every problem is a one-line DataError naming `source` and the line."""
    import yaml

    loader = None
    try:
        loader = _bounded_loader()(text)  # the reader refuses control characters here already
        node = loader.get_single_node()
    except yaml.YAMLError as error:
        raise _yaml_error(error, source) from None
    except RecursionError:
        raise DataError(source, "", f"malformed YAML: nested more than {MAX_YAML_DEPTH} levels deep") from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is not None:
        _check_expansion(node, source)
    return node


def construct_yaml(node: Any, source: str) -> Any:
    """Python values of a node checked by compose_yaml (safe tags only)."""
    import yaml

    if node is None:
        return None
    constructor = yaml.SafeLoader("")
    try:
        return constructor.construct_document(node)
    except yaml.YAMLError as error:
        raise _yaml_error(error, source) from None
    # An integer past 4,300 digits, a bad date, and PyYAML's own slips on explicit tags with odd
    # values ('!!int' alone is an IndexError, '!!bool x' a KeyError).
    except (ValueError, TypeError, OverflowError, IndexError, KeyError, AttributeError) as error:
        where = f"line {node.start_mark.line + 1}" if node is not None else ""
        raise DataError(source, where, f"a value cannot be read: {' '.join(str(error).split())[:160]}") from None
    except RecursionError:
        raise DataError(source, "", "a value is nested too deeply") from None


def load_yaml(data: str | bytes, source: str) -> Any:
    """yaml.safe_load with limits: a one-line DataError for malformed, non-UTF-8, bomb-like
    (alias expansion), self-referencing, over-deep or unreadable-value documents."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise DataError(source, "", "not UTF-8 text") from None
    return construct_yaml(compose_yaml(data, source), source)


# -- CSV cells -----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE_SECOND = frozenset(_FORMULA_START) | {"'"}
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet will show as text: one that starts with = + - @ tab or CR gets a
    leading ' (OWASP's advice against formula injection), and so does one that already starts
    with ' and one of those (or a second '), so that csv_uncell undoes it exactly. Numbers, and text that is only a number such
    as '-0.25', pass through unchanged, so a negative score stays a number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    if _escaped(text) or (text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)):
        return "'" + text
    return text


def _escaped(text: str) -> bool:
    return len(text) > 1 and text[0] == "'" and text[1] in _ESCAPE_SECOND


def csv_uncell(text: Any) -> Any:
    """The value csv_cell escaped: a leading ' before = + - @ tab CR or ' is dropped, so
    express-lex reads its own CSV back exactly (a cell such as "'joy'" is left alone)."""
    return text[1:] if isinstance(text, str) and _escaped(text) else text


def csv_cells(values: Iterable[Any]) -> list[str]:
    """csv_cell of each value of a row."""
    return [csv_cell(value) for value in values]


class SafeCsvWriter:
    """csv.writer whose every cell goes through csv_cell: the one writer express-lex uses."""

    def __init__(self, stream: Any, **options: Any) -> None:
        import csv

        self._writer = csv.writer(stream, **options)
        # csv quotes a field for the line terminator's characters only: with "\n", a lone CR would
        # be written bare and split the row for every reader. Such rows are written fully quoted.
        self._quoted = csv.writer(stream, **{**options, "quoting": csv.QUOTE_ALL})

    def writerow(self, row: Iterable[Any]) -> Any:
        cells = csv_cells(row)
        writer = self._quoted if any("\r" in cell for cell in cells) else self._writer
        return writer.writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
