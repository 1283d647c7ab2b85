"""The dataset rules `predict` (runner.py) and `evaluate` (metrics.py) share: reading CSV, JSONL
and parquet records with their line numbers, the row id, the labels list and number_of_labels.

Both commands read the same files, so a rule changed here changes both; each caller keeps its
own error wording (those messages are part of the CLI's contract and its tests).
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
from pathlib import Path
from typing import Any, Iterator

from ..data import csv_uncell, read_text
from ..errors import InputError

__all__ = ["CSV_FIELD_LIMIT", "present", "one_line", "jsonl_records", "csv_records", "read_records", "row_id",
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


def jsonl_records(path: Path, text: str, *, detail: bool = True) -> Iterator[tuple[int, dict[str, Any]]]:
    """(1-based line number, object) per non-blank line. `detail` names the JSON error (predict's
    wording); without it a bad line is just 'not a JSON object' (evaluate's wording)."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            message = f"not JSON ({error.msg})" if detail else "not a JSON object"
            raise InputError(f"{path}:{number}: {message}") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}:{number}: {'expected a JSON object' if detail else 'not a JSON object'}")
        check_labels(record, f"{path}:{number}")
        yield number, record


def csv_records(path: Path, text: str, delimiter: str = ",") -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """(header, [(number, record)]): records numbered from 2, the header being 1 (as evaluate reports them)."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        header = list(reader.fieldnames or [])
        records = []
        for number, record in enumerate(reader, 2):
            record = {key: csv_uncell(value) for key, value in record.items()}  # undo formula escaping
            check_labels(record, f"{path}:{number}")
            records.append((number, record))
        return header, records
    except csv.Error as error:
        raise InputError(f"{path}: malformed CSV (line {reader.line_num}): {one_line(str(error))}") from None


def read_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The records of a dataset file by suffix: .csv/.tsv, .jsonl/.ndjson, or .parquet/.pq (pyarrow)."""
    suffix = "".join(path.suffixes[-1:]).lower()
    if suffix in (".parquet", ".pq"):
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(f"{path}: reading parquet needs pyarrow (pip install pyarrow), "
                             "or convert the file to CSV") from None
        try:
            table = pq.read_table(path).to_pylist()
        except Exception as error:  # pyarrow raises many types for a bad file
            raise InputError(f"{path}: cannot read parquet: {one_line(str(error))}") from None
        return list(enumerate(table, 1))
    if suffix in (".jsonl", ".ndjson"):
        return list(jsonl_records(path, read_text(path)))
    if suffix in (".csv", ".tsv"):
        return csv_records(path, read_text(path), "\t" if suffix == ".tsv" else ",")[1]
    raise InputError(f"{path}: unknown dataset format {suffix or '(no extension)'!r} "
                     "(expected .csv, .jsonl or .parquet)")


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


def literal_list(value: Any) -> Any:
    """A labels cell as a Python value: real lists pass through, numpy arrays become lists, a
    string is read as a Python literal ("['sad', 'happy']"). Raises LabelSyntaxError when the
    string is no literal; the caller checks that the result is a list."""
    if hasattr(value, "tolist"):  # numpy arrays from parquet readers
        return value.tolist()
    if not isinstance(value, str):
        return value
    text = value.strip()
    if _SIMPLE_LIST.fullmatch(text):  # the common ['a', 'b'] without literal_eval's cost
        return _QUOTED.findall(text)
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
