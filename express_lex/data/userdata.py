"""The user's own lexicon data: an overlay of added entries, and imported 0/1 lexicons
(NRC EmoLex style) kept under the user data directory. Every write is validated first and
made atomic, so an interrupted write leaves the previous file intact.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import data_dir
from ..errors import InputError
from ..model import EMOLEX_ORDER, lookup_key

if TYPE_CHECKING:
    pass

__all__ = ["LEXICON_NAME", "RESERVED_NAMES", "overlay_path", "imported_lexicons", "read_binary_lexicon", "render_binary", "render_overlay"]

RESERVED_NAMES = ("default", "builtin")
LEXICON_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # names of imported lexicons (file stems)




def overlay_path() -> Path:
    return data_dir() / "lexicons" / "overlay.yaml"


def imported_lexicons() -> dict[str, Path]:
    """Name -> file of every lexicon imported with `lexicon import`."""
    folder = data_dir() / "lexicons"
    return {p.stem: p for p in sorted(folder.glob("*.csv"))} if folder.is_dir() else {}


# -- the overlay ---------------------------------------------------------------------------------

def render_overlay(entries: list[dict]) -> bytes:
    import yaml

    header = "# express-lex user overlay: entries added with `express-lex lexicon add`.\n"
    body = yaml.safe_dump({"entries": entries}, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return (header + body).encode("utf-8")






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
    try:  # a field past csv's 131,072-character default is no word, and no reason for a traceback
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise InputError(f"{source}: malformed CSV: {' '.join(str(error).split())}") from None
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


def render_binary(words: dict[str, tuple[int, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["word", *EMOLEX_ORDER])
    for word in sorted(words):
        writer.writerow([word, *words[word]])
    return buffer.getvalue().encode("utf-8")








