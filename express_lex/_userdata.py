"""The user's own lexicon data: an overlay of added entries, and imported 0/1 lexicons
(NRC EmoLex style) kept under the user data directory. Every write is validated first and
made atomic, so an interrupted write leaves the previous file intact.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ._exceptions import DataError, InputError
from ._io import atomic_write_bytes, exclusive_lock
from ._normalize import lookup_key
from ._result import EMOLEX_ORDER

if TYPE_CHECKING:
    from ._lexicon import Lexicon

__all__ = ["data_dir", "overlay_path", "add_entry", "import_lexicon", "read_binary_lexicon", "open_lexicon",
           "imported_lexicons", "RESERVED_NAMES"]

RESERVED_NAMES = ("default", "builtin")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_POS = ("adj", "noun", "verb", "adv", "phrase")


def data_dir() -> Path:
    """$EXPRESS_LEX_HOME, else $XDG_DATA_HOME/express-lex (~/.local/share/express-lex)."""
    explicit = os.environ.get("EXPRESS_LEX_HOME")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "express-lex"


def overlay_path() -> Path:
    return data_dir() / "lexicons" / "overlay.yaml"


def imported_lexicons() -> dict[str, Path]:
    """Name -> file of every lexicon imported with `lexicon import`."""
    folder = data_dir() / "lexicons"
    return {p.stem: p for p in sorted(folder.glob("*.csv"))} if folder.is_dir() else {}


# -- the overlay ---------------------------------------------------------------------------------

def _render_overlay(entries: list[dict]) -> bytes:
    import yaml

    header = "# express-lex user overlay: entries added with `express-lex lexicon add`.\n"
    body = yaml.safe_dump({"entries": entries}, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return (header + body).encode("utf-8")


def _check_overlay_file(path: Path) -> None:
    """Parse and validate the overlay as the lexicon will; any error stops the write."""
    from ._lexicon import DataSource, load_builtin_theory
    from ._validate import validate_sources

    from ._lexicon import builtin_sources

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
    import yaml

    from ._lexicon import load_builtin_theory
    from ._theory import ExpressionError, parse_expression

    term = " ".join(term.split())
    if not term:
        raise InputError("empty term")
    if pos not in _POS:
        raise InputError(f"part of speech must be one of {', '.join(_POS)}, got {pos!r}")
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
    if list(synonyms):
        entry["synonyms"] = list(synonyms)
    if list(wordnet):
        entry["wordnet"] = list(wordnet)
    entry["provenance"] = "user"
    key = lookup_key(term)
    path = path or overlay_path()
    # Read, change and write under one lock: parallel adds would otherwise each write back
    # the file as they read it, and all but one addition would be lost.
    with exclusive_lock(path):
        entries: list[dict] = []
        if path.exists():
            try:
                data = yaml.safe_load(path.read_text("utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError) as error:
                raise DataError(str(path), "", f"the overlay cannot be read, so it is left as it is: {error}") from None
            entries = list(data.get("entries") or []) if isinstance(data, dict) else []
        entries = [e for e in entries if not (isinstance(e, dict) and lookup_key(str(e.get("lemma", ""))) == key)]
        entries.append(entry)
        entries.sort(key=lambda e: lookup_key(str(e.get("lemma", ""))))
        atomic_write_bytes(path, _render_overlay(entries), _check_overlay_file)
    return path


# -- 0/1 lexicons in the EmoLex / EXPRESS formats --------------------------------------------------

def read_binary_lexicon(data: bytes, source: str) -> dict[str, tuple[int, ...]]:
    """word -> 0/1 values in EMOLEX_ORDER, from the 10-column wide format (word, anger, ...,
    negative; any column order, header required) or NRC's long format (word, emotion, 0/1)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{source} is not UTF-8 (byte {error.start})") from None
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise InputError(f"{source}: the file is empty")
    first = next(line for line in lines if line.strip())
    delimiter = "\t" if "\t" in first else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [cell.strip().lower() for cell in rows[0]]
    columns = set(EMOLEX_ORDER)
    words: dict[str, list[int]] = {}
    if columns <= set(header):
        word_column = header.index("word") if "word" in header else next(
            (i for i, h in enumerate(header) if h not in columns), None)
        if word_column is None:
            raise InputError(f"{source}:1: no word column in the header")
        columns_at = [header.index(name) for name in EMOLEX_ORDER]
        bits = {"0": 0, "1": 1, "0.0": 0, "1.0": 1}
        width = len(header)
        for number, row in enumerate(rows[1:], 2):
            if len(row) < width:
                if not any(cell.strip() for cell in row):
                    continue
                raise InputError(f"{source}:{number}: expected {width} columns, got {len(row)}")
            word = row[word_column].strip()
            if not word:
                raise InputError(f"{source}:{number}: empty word")
            try:
                values = [bits[row[i]] for i in columns_at]
            except KeyError:
                for name, i in zip(EMOLEX_ORDER, columns_at):
                    if row[i].strip() not in bits:
                        raise InputError(f"{source}:{number}: {name} must be 0 or 1, got {row[i]!r}") from None
                values = [bits[row[i].strip()] for i in columns_at]
            key = lookup_key(word)
            if key in words and words[key] != values:
                raise InputError(f"{source}:{number}: {word!r} appears twice with different values")
            words[key] = values
    else:
        start = 1 if len(header) == 3 and header[1] in ("emotion", "affect", "category") else 0
        for number, row in enumerate(rows[start:], start + 1):
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) != 3:
                raise InputError(f"{source}:{number}: expected the 10-column EmoLex header or 3 columns "
                                 f"(word, emotion, 0/1), got {len(row)} column(s)")
            word, emotion, cell = (c.strip() for c in row)
            if emotion.lower() not in columns:
                raise InputError(f"{source}:{number}: unknown emotion {emotion!r} (expected one of {', '.join(EMOLEX_ORDER)})")
            if cell not in ("0", "1"):
                raise InputError(f"{source}:{number}: value must be 0 or 1, got {cell!r}")
            if not word:
                raise InputError(f"{source}:{number}: empty word")
            values = words.setdefault(lookup_key(word), [0] * len(EMOLEX_ORDER))
            values[EMOLEX_ORDER.index(emotion.lower())] = max(values[EMOLEX_ORDER.index(emotion.lower())], int(cell))
    if not words:
        raise InputError(f"{source}: no words found")
    return {word: tuple(values) for word, values in words.items()}


def _render_binary(words: dict[str, tuple[int, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["word", *EMOLEX_ORDER])
    for word in sorted(words):
        writer.writerow([word, *words[word]])
    return buffer.getvalue().encode("utf-8")


def import_lexicon(file: str | os.PathLike[str], name: str) -> tuple[Path, int]:
    """Import a 0/1 lexicon file under `name`; return (stored path, number of words)."""
    if not _NAME.match(name) or name in RESERVED_NAMES:
        raise InputError(f"bad lexicon name {name!r}: lower-case letters, digits, - and _; not {' or '.join(RESERVED_NAMES)}")
    source = Path(file)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {source}: {error.strerror or error}") from None
    words = read_binary_lexicon(data, str(source))
    target = data_dir() / "lexicons" / f"{name}.csv"

    def check(path: Path) -> None:
        if read_binary_lexicon(path.read_bytes(), str(path)) != words:
            raise DataError(str(path), "", "the written file does not read back the same")

    with exclusive_lock(target):  # two imports under one name: one wins whole, never a mix
        atomic_write_bytes(target, _render_binary(words), check)
    return target, len(words)


def _decode_binary(payload: dict) -> dict[str, tuple[int, ...]]:
    if not isinstance(payload, dict):
        raise ValueError("expected a mapping")
    words = {}
    for word, bits in payload.items():
        if not (isinstance(bits, list) and len(bits) == len(EMOLEX_ORDER) and all(b in (0, 1) for b in bits)):
            raise ValueError(f"bad row for {word!r}")
        words[word] = tuple(int(b) for b in bits)
    return words


def _cached_binary(path: Path) -> dict[str, tuple[int, ...]]:
    """read_binary_lexicon, cached by the file's content hash (a 16,000-row file parses in 100 ms)."""
    import hashlib

    from ._cache import read_cache, write_cache
    from ._lexicon import cache_dir

    data = path.read_bytes()
    cached = cache_dir() / f"binary-{hashlib.sha256(data).hexdigest()[:40]}.json"
    words = read_cache(cached, "binary", "1", _decode_binary)
    if words is None:
        words = read_binary_lexicon(data, str(path))
        write_cache(cached, "binary", "1", {word: list(bits) for word, bits in words.items()})
    return words


def open_lexicon(name_or_path: str | None = None, *, wordnet: bool | None = None,
                 theories: Iterable[str | os.PathLike[str]] = ()) -> "Lexicon":
    """The lexicon a command should decompose with (docs/lexicon-format.md, 'Choosing a lexicon'):

    None or 'default': the shipped lexicon plus the user overlay; 'builtin': the shipped one only;
    the name of an imported lexicon, or a .csv path: that 0/1 lexicon alone, exact lookup only,
    as in the EXPRESS authors' code; a .yaml path: the shipped lexicon plus that file.
    """
    from ._lexicon import Lexicon

    if name_or_path in (None, "default"):
        overlay = overlay_path()
        return Lexicon([overlay] if overlay.exists() else [], wordnet=wordnet, theories=theories)
    if name_or_path == "builtin":
        return Lexicon(wordnet=wordnet, theories=theories)
    imported = imported_lexicons()
    path = imported.get(name_or_path) or Path(name_or_path)
    if not path.exists():
        known = ", ".join(["default", "builtin", *imported]) or "default, builtin"
        raise InputError(f"no lexicon named {name_or_path!r} and no such file (known: {known})")
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        try:
            words = _cached_binary(path)
        except OSError as error:
            raise InputError(f"cannot read {path}: {error.strerror or error}") from None
        return Lexicon.from_binary(words, name=name_or_path if path is imported.get(name_or_path) else str(path),
                                   theories=theories)
    return Lexicon([path], wordnet=wordnet, theories=theories)
