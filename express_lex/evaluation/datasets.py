"""The dataset rules `predict` (runner.py) and `evaluate` (metrics.py) share: one streaming
reader of CSV, JSONL and parquet records with their line numbers, the row id, the labels list
and number_of_labels.

Both commands read the same files, so a rule changed here changes both; each caller words the
errors of its own row rules (those messages are part of the CLI's contract and its tests).
"""

from __future__ import annotations

import ast
import csv
import itertools
import json
import re
from contextlib import contextmanager
from operator import methodcaller
from pathlib import Path
from typing import IO, Any, Callable, Generator, Iterable, Iterator

from ..data import csv_uncell, open_regular, parquet_records
from ..errors import InputError

__all__ = ["CSV_FIELD_LIMIT", "present", "one_line", "open_records", "csv_rows", "row_id", "quoted_list",
           "literal_list", "label_count", "LabelSyntaxError", "check_labels", "MAX_LABELS"]

CSV_FIELD_LIMIT = min(2**31 - 1, 10**9)  # EXPRESS segments are whole Reddit posts, past csv's 128 kB default

_SIMPLE_LIST = re.compile(r"\[\s*'[^'\\]*'(?:\s*,\s*'[^'\\]*')*\s*\]")
_QUOTED = re.compile(r"'([^'\\]*)'")


class LabelSyntaxError(ValueError):
    """A labels cell that is not a Python literal at all (as opposed to a literal that is not a list)."""


def present(value: Any) -> bool:
    """A cell holds a value: not None, not blank, not NaN (pandas writes NaN for empty cells)."""
    return value is not None and not (isinstance(value, str) and not value.strip()) and value == value


def one_line(text: str) -> str:
    """Whitespace collapsed, so that an error message stays on one line."""
    return " ".join(str(text).split())


@contextmanager
def _reading(path: Path, line: Callable[[], int]) -> Iterator[None]:
    """Errors of reading a text file as one-line InputErrors; `line` says where the reader is."""
    try:
        yield
    except UnicodeDecodeError as error:
        raise InputError(f"{path} is not UTF-8 (line {line()}, byte {error.start} of a block)") from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None


def _open_text(path: Path) -> IO[str]:
    """A UTF-8 text file (a BOM dropped) that is a regular file: a FIFO or device is one line, never a hang."""
    return open_regular(path, encoding="utf-8-sig", newline="")


_CSV_DELIMITERS = {".csv": ",", ".tsv": "\t"}
_QUOTE_FIRST = methodcaller("startswith", "'")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
_PARQUET_SUFFIXES = (".parquet", ".pq")

Records = Generator[tuple[int, dict[str, Any]], None, None]


def open_records(path: str | Path, *, sniff: bool = False) -> tuple[list[str] | None, Records]:
    """A dataset or results file as (CSV header, streamed (number, record) pairs): the one
    reader of `predict` and `evaluate`.

    The format comes from the suffix: .csv/.tsv, .jsonl/.ndjson/.json, or .parquet/.pq
    (pyarrow; the header is None for JSONL and parquet). With `sniff`, any other name is JSONL
    when its first non-blank line starts with "{", else CSV; without it, such a name is an
    error. Numbers are the file's: a CSV header is line 1 and its rows count from 2, JSONL
    counts blank lines. CSV cells have their formula escaping undone (csv_uncell), and every
    record's labels pass check_labels. Opening checks that the file has a first line.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _PARQUET_SUFFIXES:
        return None, _parquet_records(path)
    if not sniff and suffix not in _CSV_DELIMITERS and suffix not in _JSONL_SUFFIXES:
        raise InputError(f"{path}: unknown dataset format {suffix or '(no extension)'!r} "
                         "(expected .csv, .tsv, .jsonl or .parquet)")
    handle = _open_text(path)
    head: list[str] = []
    try:
        with _reading(path, lambda: len(head) + 1):
            for line in iter(handle.readline, ""):
                head.append(line)
                if line.strip():
                    break
        if not head or not head[-1].strip():
            raise InputError(f"{path}: the file is empty")
        # The rest is read by C-level iteration of the handle (a Python generator per line
        # cost a quarter of evaluate on the authors' file); errors are translated around it.
        stream = itertools.chain(head, handle)
        if suffix in _JSONL_SUFFIXES or (suffix not in _CSV_DELIMITERS and head[-1].lstrip().startswith("{")):
            return None, _closing(handle, _jsonl_records(path, stream))
        csv.field_size_limit(CSV_FIELD_LIMIT)
        reader = csv.reader(stream, delimiter=_CSV_DELIMITERS.get(suffix, ","))
        with _reading(path, lambda: reader.line_num + 1):
            try:
                header = next(reader, [])
            except csv.Error as error:
                raise InputError(f"{path}: malformed CSV (line {reader.line_num}): {one_line(str(error))}") from None
    except BaseException:
        handle.close()
        raise
    return header, _closing(handle, _csv_records(path, reader, header))


def _closing(handle: IO[str], records: Records) -> Records:
    """`records`, owning the file `handle`: it is closed when they end or fail, and also when
    they are closed or dropped unread (evaluate reads only the header of a gold,prediction table)."""

    def owner() -> Generator[Any, None, None]:
        with handle:
            yield None  # primed below: from here, closing the generator runs the with's exit
            yield from records

    stream = owner()
    next(stream)
    return stream


def _jsonl_records(path: Path, lines: Iterable[str]) -> Records:
    number = 0
    with _reading(path, lambda: number + 1):
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(f"{path}:{number}: not a JSON object ({error.msg})") from None
            if not isinstance(record, dict):
                raise InputError(f"{path}:{number}: not a JSON object")
            check_labels(record, f"{path}:{number}")
            yield number, record


def _csv_records(path: Path, reader: Any, header: list[str]) -> Records:
    """Records as csv.DictReader makes them (short rows get None, long ones a None key)."""
    with _reading(path, lambda: reader.line_num + 1):
        try:
            for number, cells in enumerate(reader, 2):
                if any(map(_QUOTE_FIRST, cells)):  # in C: most rows have no cell that csv_cell escaped
                    cells = list(map(csv_uncell, cells))
                record: dict[Any, Any] = dict(zip(header, cells))
                if len(cells) < len(header):
                    record.update(dict.fromkeys(header[len(cells):]))
                elif len(cells) > len(header):
                    record[None] = cells[len(header):]
                check_labels(record, f"{path}:{number}")
                yield number, record
        except csv.Error as error:
            raise InputError(f"{path}: malformed CSV (line {reader.line_num}): {one_line(str(error))}") from None


def csv_rows(path: str | Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, raw cells) of a CSV or TSV file (by its suffix, as open_records reads it),
    the header included as row 1, for tables with no header such as evaluate's gold,prediction pairs."""
    path = Path(path)
    csv.field_size_limit(CSV_FIELD_LIMIT)
    handle = _open_text(path)
    reader = csv.reader(handle, delimiter=_CSV_DELIMITERS.get(path.suffix.lower(), ","))
    with handle, _reading(path, lambda: reader.line_num + 1):
        try:
            for number, cells in enumerate(reader, 1):
                yield number, [csv_uncell(cell) for cell in cells]
        except csv.Error as error:
            raise InputError(f"{path}: malformed CSV (line {reader.line_num}): {one_line(str(error))}") from None


def _parquet_records(path: Path) -> Records:
    for number, record in enumerate(parquet_records(path), 1):
        check_labels(record, f"{path}:{number}")
        yield number, record


def row_id(record: dict[str, Any], number: int) -> str:
    """The id `predict` writes and `evaluate` reads back: `original_ids:index` when both are
    present, else `id`, else `number` (the caller's row number)."""
    if present(record.get("original_ids")) and present(record.get("index")):
        index = record["index"]
        if isinstance(index, float) and index.is_integer():  # parquet/pandas turn int columns with gaps into floats
            index = int(index)
        return f"{str(record['original_ids']).strip()}:{str(index).strip()}"
    if present(record.get("id")):
        return str(record["id"]).strip()
    return str(number)


def quoted_list(text: str) -> list[str] | None:
    """The words of a plain ['a', 'b'] literal (quoted words, no escapes), read without
    literal_eval's cost; None for anything else."""
    return _QUOTED.findall(text) if _SIMPLE_LIST.fullmatch(text) else None


def literal_list(value: Any) -> Any:
    """A labels cell as a Python value: real lists pass through, numpy arrays become lists, a
    string is read as a Python literal ("['sad', 'happy']"). Raises LabelSyntaxError when the
    string is no literal; the caller checks that the result is a list."""
    if hasattr(value, "tolist"):  # numpy arrays from parquet readers
        return value.tolist()
    if not isinstance(value, str):
        return value
    text = value.strip()
    words = quoted_list(text)
    if words is not None:
        return words
    try:
        return ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):  # TypeError: {[]}, an unhashable set
        raise LabelSyntaxError(text) from None


def label_count(value: Any) -> int | None:
    """number_of_labels as an int, None when the cell is empty; ValueError when it is no number."""
    if not present(value):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(value) from None
    # 1e999, inf, 2.5 and -1 are no count of masks.
    if not (number.is_integer() and 0 <= number <= MAX_LABELS):
        raise ValueError(value)
    return int(number)


MAX_LABELS = 10_000  # masks in one post; EXPRESS has at most a few dozen


def check_labels(record: dict[str, Any], where: str) -> None:
    """The rules both commands share for a record's labels: a list literal that is not empty,
    and a number_of_labels that is a count and agrees with it. A labels cell that is no list
    literal at all is left to the caller, which words that error its own way."""
    if "labels" not in record or not present(record.get("labels")):
        return
    try:
        labels = literal_list(record["labels"])
    except LabelSyntaxError:
        return
    if not isinstance(labels, (list, tuple)):
        return
    if not labels:
        raise InputError(f"{where}: labels is empty (a row needs at least one masked word)")
    count = record.get("number_of_labels")
    try:
        given = label_count(count)
    except ValueError:
        raise InputError(f"{where}: number_of_labels must be a whole number from 0 to {MAX_LABELS:,}, "
                         f"got {one_line(str(count))[:40]!r}") from None
    if given is not None and given != len(labels):
        raise InputError(f"{where}: number_of_labels is {given} but labels has {len(labels)} word(s)")
