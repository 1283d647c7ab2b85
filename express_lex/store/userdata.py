"""Writes to the user's own data (the overlay, imported lexicons), each validated before an
atomic rename and serialised by a lock."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..config import data_dir
from ..data import (
    LEXICON_NAME,
    RESERVED_NAMES,
    atomic_write_bytes,
    exclusive_lock,
    load_yaml,
    overlay_path,
    read_binary_lexicon,
    read_regular_bytes,
    render_binary,
    render_overlay,
)
from ..errors import DataError, InputError
from ..model import POS_TAGS, lookup_key, require_path, require_text, require_texts

__all__ = ["add_entry", "import_lexicon"]


def _check_overlay_file(path: Path) -> None:
    """Parse and validate the overlay as the lexicon will; any error stops the write."""
    from ..checks import validate_sources
    from ..data import DataSource, builtin_sources, load_builtin_theory

    name = str(overlay_path())
    # Checked together with the shipped lexicon: synonyms may point into it, and a form may clash with it.
    problems = validate_sources(load_builtin_theory(), [*builtin_sources()[1], DataSource(name, path.read_bytes())],
                                wordnet=None, wordnet_checked=True)
    errors = [p for p in problems if p.severity == "error" and p.source == name]
    if errors:
        raise InputError(f"not written: {errors[0]}")


def add_entry(term: str, expression: str, *, pos: str = "adj", intensity: str | None = None,
              synonyms: Iterable[str] = (), wordnet: Iterable[str] = (), rationale: str | None = None,
              path: Path | None = None) -> Path:
    """Add (or replace) one entry in the user overlay and return the overlay's path.

    `intensity` (mild, basic, intense) scales the expression's weights by Plutchik's level
    weights relative to basic, as an intensifier or downtoner would.
    """
    from ..data import load_builtin_theory
    from ..model import ExpressionError, parse_expression

    _check_text(term, "term")
    _check_text(expression, "--as")
    require_text(pos, "pos")
    for value, what in ((intensity, "intensity"), (rationale, "rationale")):
        if value is not None:
            require_text(value, what)
    synonyms, wordnet = require_texts(synonyms, "synonyms"), require_texts(wordnet, "wordnet")
    if path is not None:
        path = require_path(path, "path")
    for item in (*synonyms, *wordnet):
        _check_text(item, "a synonym or WordNet link")
    term = " ".join(term.split())
    if not lookup_key(term):
        raise InputError(f"{term!r} has no letters or digits to look it up by")
    if pos not in POS_TAGS:
        raise InputError(f"part of speech must be one of {', '.join(POS_TAGS)}, got {pos!r}")
    theory = load_builtin_theory()
    try:
        parts = parse_expression(expression, theory)
    except ExpressionError as error:
        raise InputError(f"--as {expression!r}: {error}") from None
    if intensity is not None:
        if intensity not in theory.level_weights:
            raise InputError(f"intensity must be one of {', '.join(theory.level_weights)}, got {intensity!r}")
        # A basic emotion moves to its ring's term (joy -> ecstasy); a dyad has no rings, so its
        # weight is scaled by the same ratio, up to 1.
        factor = theory.level_weights[intensity] / theory.level_weights["basic"]
        scaled = []
        for name, weight in parts:
            named = theory.terms[name]
            if named.kind == "intensity" and named.level == "basic":
                scaled.append((theory.level_term(named.components[0][0], intensity).name, weight))
            else:
                scaled.append((name, min(1.0, round(weight * factor, 3))))
        expression = " + ".join(name if weight == 1 else f"{weight:g}*{name}" for name, weight in scaled)
    entry: dict = {"lemma": term, "pos": "phrase" if " " in term else pos, "as": expression}
    if rationale:
        entry["rationale"] = rationale
    if synonyms:
        entry["synonyms"] = synonyms
    if wordnet:
        entry["wordnet"] = wordnet
    entry["provenance"] = "user"
    key = lookup_key(term)
    path = path or overlay_path()
    # Read, change and write under one lock: parallel adds would otherwise each write back
    # the file as they read it, and all but one addition would be lost.
    with _locked(path):
        _remove_stale_temp_files(path)
        entries: list[dict] = []
        if path.exists() or path.is_symlink():
            try:
                data = load_yaml(read_regular_bytes(path), str(path)) or {}
            except (DataError, InputError) as error:
                raise DataError(str(path), "", f"the overlay cannot be read, so it is left as it is: {error}") from None
            entries = list(data.get("entries") or []) if isinstance(data, dict) else []
        entries = [e for e in entries if not (isinstance(e, dict) and lookup_key(str(e.get("lemma", ""))) == key)]
        entries.append(entry)
        entries.sort(key=lambda e: lookup_key(str(e.get("lemma", ""))))
        _write(path, render_overlay(entries), _check_overlay_file)
    return path


def import_lexicon(file: str | os.PathLike[str], name: str) -> tuple[Path, int]:
    """Import a 0/1 lexicon file under `name`; return (stored path, number of words)."""
    require_text(name, "the lexicon name")
    if not LEXICON_NAME.fullmatch(name) or len(name) > MAX_NAME_LENGTH \
            or name in RESERVED_NAMES:
        raise InputError(f"bad lexicon name {str(name)[:80]!r}: up to {MAX_NAME_LENGTH} lower-case letters, digits, "
                         f"- and _; not {' or '.join(RESERVED_NAMES)}")
    source = require_path(file, "the lexicon file")
    words = read_binary_lexicon(read_regular_bytes(source), str(source))  # a FIFO or device is refused
    target = data_dir() / "lexicons" / f"{name}.csv"

    def check(path: Path) -> None:
        try:
            same = read_binary_lexicon(path.read_bytes(), str(source)) == words
        except InputError as error:
            raise DataError(str(source), "", f"not imported: the written copy does not read back: {error}") from None
        if not same:
            raise DataError(str(source), "", "not imported: the written copy does not read back the same")

    with _locked(target):  # two imports under one name: one wins whole, never a mix
        _remove_stale_temp_files(target)
        _write(target, render_binary(words), check)
    return target, len(words)


MAX_NAME_LENGTH = 64  # a file name of 300 characters is past most file systems' 255


def _check_text(value: object, what: str) -> None:
    text = require_text(value, what)
    if not text.strip():
        raise InputError(f"empty {what}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a byte such as \xff arrives from argv as a lone surrogate
        raise InputError(f"{what} is not valid UTF-8 text") from None


def _write(path: Path, data: bytes, check: Callable[[Path], None]) -> None:
    """atomic_write_bytes, with a failed write (full disk, no permission, a file where the data
    folder should be) turned into one line that names the path."""
    try:
        atomic_write_bytes(path, data, check)
    except OSError as error:
        raise DataError(str(path), "", f"not written: {error.strerror or error}") from None


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files a killed writer left beside `path` (`.NAME.*.tmp`). Called under the lock
    every writer of `path` holds, so no live writer owns one of them."""
    try:
        candidates = list(path.parent.glob(f".{path.name}.*.tmp"))
    except OSError:
        return
    for candidate in candidates:
        try:
            candidate.unlink()
        except OSError:
            pass


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """exclusive_lock, with a data folder that cannot be made (EXPRESS_LEX_HOME is a file, no
    permission) turned into one line."""
    try:
        lock = exclusive_lock(path)
        lock.__enter__()
    except OSError as error:
        raise DataError(str(path.parent), "", f"cannot use the data folder: {error.strerror or error}") from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)
