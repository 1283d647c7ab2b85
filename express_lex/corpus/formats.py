"""The output formats of `extract` and `mask`, as pure functions of one record.

Workers format what does not depend on the position in the output (a disclosure's line, a
whole document's record, a mask row without its two index columns), so the process that
writes the output only concatenates text and fills in the running indices.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from typing import Any, Sequence

from ..data import SafeCsvWriter, csv_cell
from ..text import COLUMNS, Disclosure, MaskRow

__all__ = ["CSV_HEAD", "RECORDS_REVISION", "header", "disclosure_lines", "document_line", "jsonl_line",
           "mask_row_tail", "vectors"]

CSV_HEAD = ["doc", "start", "end", "span", "cue", "negated", "irrealis", "term", "method", "confidence"]
# Raised whenever a record's keys or their meaning change: a finished output or part made under
# another revision is stale, so a resumed run never mixes the two. 2: `irrealis`.
RECORDS_REVISION = 2


def vectors(records: Sequence[dict[str, Any]]) -> tuple[dict[str, float], dict[str, float]]:
    """Summed and mean emotion and sentiment vectors of the disclosure records stated as felt:
    an irrealis one ("I want to feel loved") is no part of the profile."""
    stated = [record for record in records if not record.get("irrealis")]
    # every key, zero when nothing is stated: a document of wishes alone keeps the record's shape
    total: dict[str, float] = {name: 0.0 for record in records[:1] for name in (*record["emotions"], *record["sentiment"])}
    for record in stated:
        for name, value in (*record["emotions"].items(), *record["sentiment"].items()):
            total[name] = round(total.get(name, 0.0) + value, 4)
    mean = {name: round(value / len(stated), 4) if stated else 0.0 for name, value in total.items()}
    return total, mean


def _csv(rows: Sequence[Sequence[Any]]) -> str:
    """CSV lines, every cell escaped against spreadsheet formulas (express_lex.data.csv_cell)."""
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


def header(kind: str, output_format: str, per_document: bool, emotions: Sequence[str]) -> str:
    """The first line(s) of an output: CSV column names, the table's heading, or nothing."""
    if kind == "mask":
        return _csv([COLUMNS])
    if output_format == "csv":
        return _csv([["doc", "count", "irrealis", "sum", "mean"] if per_document
                      else [*CSV_HEAD, *emotions, "positive", "negative", "explanation"]])
    if output_format == "table" and not per_document:
        return f"{'doc':<20} {'start':>7} {'cue':<20} {'span':<24} {'method':<9} emotions\n"
    return ""


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _table_row(record: dict[str, Any]) -> str:
    top = ", ".join(f"{k} {v:.2f}" for k, v in record["emotions"].items() if v) or "-"
    flag = ("wish: " if record["irrealis"] else "") + ("not " if record["negated"] else "")
    span, doc = _printable(record["span"]), _printable(record["doc"])[:20]
    return f"{doc:<20} {record['start']:>7} {record['cue']:<20} {flag + span:<24} {record['method']:<9} {top}\n"


def disclosure_lines(records: Sequence[dict[str, Any]], output_format: str) -> str:
    """One line per disclosure record."""
    if output_format == "jsonl":
        return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    if output_format == "csv":
        return _csv([[*(r[k] for k in CSV_HEAD), *r["emotions"].values(), *r["sentiment"].values(),
                      " | ".join(r["explanation"])] for r in records])
    return "".join(_table_row(record) for record in records)


def document_line(ident: str, records: Sequence[dict[str, Any]], output_format: str) -> str:
    """The --per-document line of one document: its disclosures, how many are irrealis, and the
    summed and mean vectors of the others."""
    total, mean = vectors(records)
    irrealis = sum(1 for record in records if record["irrealis"])
    if output_format == "jsonl":
        record = {"doc": ident, "count": len(records), "irrealis": irrealis, "sum": total, "mean": mean,
                  "disclosures": list(records)}
        return json.dumps(record, ensure_ascii=False) + "\n"
    if output_format == "csv":
        return _csv([[ident, len(records), irrealis, json.dumps(total), json.dumps(mean)]])
    unreal = f" ({irrealis} irrealis)" if irrealis else ""
    return (f"{ident}: {len(records)} disclosure(s){unreal}; mean "
            + (", ".join(f"{k} {v:.2f}" for k, v in mean.items() if v) or "-") + "\n")


def mask_row_tail(row: MaskRow) -> str:
    """A mask CSV row after its `index` and `original_index` columns (the writer adds those)."""
    # The fast line is the csv module's output; a cell that needs formula escaping takes the safe writer.
    safe = csv_cell(row.original_ids) == row.original_ids and csv_cell(row.segment) == row.segment
    line = replace(row, index=0, original_index=0).csv_line() if safe else None
    if line is not None:
        return line[len("0,0,"):]
    return _csv([[row.original_ids, row.segment, len(row.labels), repr(list(row.labels)),
                  repr(list(row.original_labels))]])


_fragments: dict[tuple[str, bool], str] = {}  # a span's decomposition is the same every time


def jsonl_line(disclosure: Disclosure) -> str:
    """`json.dumps(disclosure.to_dict())` and a newline, with the decomposition's part encoded
    once per (span, negated) in this process."""
    key = (disclosure.span, disclosure.negated)
    fragment = _fragments.get(key)
    if fragment is None:
        if len(_fragments) > 100_000:
            _fragments.clear()
        fragment = _fragments[key] = json.dumps(disclosure.decomposition.to_dict(), ensure_ascii=False)[1:]
    head = json.dumps({"doc": disclosure.doc, "start": disclosure.start, "end": disclosure.end,
                       "span": disclosure.span, "cue": disclosure.cue, "negated": disclosure.negated,
                       "irrealis": disclosure.irrealis},
                      ensure_ascii=False)
    return f"{head[:-1]}, {fragment}\n"
