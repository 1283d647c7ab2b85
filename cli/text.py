"""`express-lex extract` and `express-lex mask`: presentation only; express_lex.text does the
work. Register with `app.command()(extract)` and `app.command()(mask)`. Exit codes follow the
app: 0 success, 1 a data error, 2 bad input (a missing or unreadable file, an unknown format).
Bad lines inside an input are skipped and counted on stderr; they never stop a run.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO, Annotated, Any, Iterator, Optional

import typer

from express_lex import Decomposition, InputError
from express_lex.data import SafeCsvWriter, csv_cell  # cells escaped against spreadsheet formulas


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


@contextmanager
def _output(path: Optional[Path]) -> Iterator[IO[str]]:
    """Standard output, or a temporary file beside `path` renamed over it only on success."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    directory = path.resolve().parent
    if not directory.is_dir():
        raise InputError(f"cannot write {path}: no such directory {directory}")
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _vectors(decompositions: list[Decomposition]) -> tuple[dict[str, float], dict[str, float]]:
    total: dict[str, float] = {}
    for result in decompositions:
        for name, value in (*result.emotions.items(), *result.sentiment.items()):
            total[name] = round(total.get(name, 0.0) + value, 4)
    mean = {name: round(value / len(decompositions), 4) for name, value in total.items()} if decompositions else {}
    return total, mean


def _jsonl_line(disclosure: Any, fragments: dict[tuple[str, bool], str]) -> str:
    """`json.dumps(disclosure.to_dict())`, with the decomposition's part encoded once per span."""
    key = (disclosure.span, disclosure.negated)
    fragment = fragments.get(key)
    if fragment is None:
        if len(fragments) > 100_000:
            fragments.clear()
        fragment = fragments[key] = json.dumps(disclosure.decomposition.to_dict(), ensure_ascii=False)[1:]
    head = json.dumps({"doc": disclosure.doc, "start": disclosure.start, "end": disclosure.end,
                       "span": disclosure.span, "cue": disclosure.cue, "negated": disclosure.negated},
                      ensure_ascii=False)
    return f"{head[:-1]}, {fragment}\n"


_CSV_HEAD = ["doc", "start", "end", "span", "cue", "negated", "term", "method", "confidence"]


def _csv_row(record: dict[str, Any]) -> list[Any]:
    return [*(record[k] for k in _CSV_HEAD), *record["emotions"].values(), *record["sentiment"].values(),
            " | ".join(record["explanation"])]


def _table_row(record: dict[str, Any]) -> str:
    top = ", ".join(f"{k} {v:.2f}" for k, v in record["emotions"].items() if v) or "-"
    span = "".join(ch if ch.isprintable() else "?" for ch in record["span"])
    flag = "not " if record["negated"] else ""
    doc = "".join(ch if ch.isprintable() else "?" for ch in record["doc"])[:20]
    return f"{doc:<20} {record['start']:>7} {record['cue']:<20} {flag + span:<24} {record['method']:<9} {top}\n"


def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files: .txt, .jsonl/.ndjson (also .gz, .zst), .csv, .parquet; '-' for standard input.", metavar="INPUT...", show_default=False)],
    output_format: Annotated[ExtractFormat, typer.Option("--format", help="Output format.")] = ExtractFormat.jsonl,
    out: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE (atomically) instead of standard output.", metavar="FILE", show_default=False)] = None,
    text_fields: Annotated[Optional[list[str]], typer.Option("--text-field", help="Record field(s) holding the text, joined by a blank line; repeatable (default: text, or Reddit title+selftext / body).", show_default=False)] = None,
    id_field: Annotated[str, typer.Option("--id-field", help="Record field holding the document id (default: id, else the line number).")] = "id",
    vocabulary: Annotated[Optional[Path], typer.Option("--vocabulary", help="Only emotion words in this list of words or stems (one a line).", metavar="FILE", show_default=False)] = None,
    all_conjuncts: Annotated[Optional[bool], typer.Option("--all-conjuncts/--one-per-cue", help="Every emotion word of a coordination, or only the first after each cue (default: all, one per cue with --vocabulary, as the authors masked).", show_default=False)] = None,
    per_document: Annotated[bool, typer.Option("--per-document", help="One record per document: its disclosures and their summed and mean vectors.")] = False,
) -> None:
    """Self-disclosed emotions in text: one record per disclosure (cue, span, offsets, negation and its decomposition)."""
    from express_lex.cli.common import command_lexicon as _lexicon
    from express_lex.cli.common import exit_codes as _exit_codes

    from express_lex.text import ReadStats, extract_stream, iter_documents, load_vocabulary

    lexicon = _lexicon()
    stats = ReadStats()
    count = 0
    with _exit_codes():
        words = load_vocabulary(vocabulary) if vocabulary is not None else None
        with _output(out) as stream:
            writer = SafeCsvWriter(stream, lineterminator="\n") if output_format is ExtractFormat.csv else None
            if writer is not None and not per_document:
                writer.writerow([*_CSV_HEAD, *lexicon.theory.emotions, "positive", "negative", "explanation"])
            if output_format is ExtractFormat.table and not per_document:
                stream.write(f"{'doc':<20} {'start':>7} {'cue':<20} {'span':<24} {'method':<9} emotions\n")
            current: tuple[int, str] | None = None
            gathered: list[dict[str, Any]] = []
            decomps: list[Decomposition] = []

            def flush() -> None:
                if current is None:
                    return
                total, mean = _vectors(decomps)
                record = {"doc": current[1], "count": len(gathered), "sum": total, "mean": mean, "disclosures": gathered}
                if output_format is ExtractFormat.jsonl:
                    stream.write(json.dumps(record, ensure_ascii=False) + "\n")
                elif writer is not None:
                    writer.writerow([current[1], len(gathered), json.dumps(total), json.dumps(mean)])
                else:
                    stream.write(f"{current[1]}: {len(gathered)} disclosure(s); mean "
                                 + (", ".join(f"{k} {v:.2f}" for k, v in mean.items() if v) or "-") + "\n")

            if writer is not None and per_document:
                writer.writerow(["doc", "count", "sum", "mean"])
            fragments: dict[tuple[str, bool], str] = {}  # a span's decomposition is the same every time
            for document, found in extract_stream(iter_documents(inputs, stats, tuple(text_fields or ()), id_field),
                                                  lexicon, words, all_conjuncts):
                key = (document.index, document.id)
                if per_document and key != current:
                    flush()
                    current, gathered, decomps = key, [], []
                for disclosure in found:
                    count += 1
                    if output_format is ExtractFormat.jsonl and not per_document:
                        stream.write(_jsonl_line(disclosure, fragments))
                        continue
                    record = disclosure.to_dict()
                    if per_document:
                        gathered.append(record)
                        decomps.append(disclosure.decomposition)
                    elif output_format is ExtractFormat.jsonl:
                        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
                    elif writer is not None:
                        writer.writerow(_csv_row(record))
                    else:
                        stream.write(_table_row(record))
            if per_document:
                flush()
    typer.echo(f"express-lex: {stats.summary()}; {count:,} disclosure(s)", err=True)


def mask(
    inputs: Annotated[list[str], typer.Argument(help="Files: .txt, .jsonl/.ndjson (also .gz, .zst), .csv, .parquet; '-' for standard input.", metavar="INPUT...", show_default=False)],
    out: Annotated[Path, typer.Option("--output", "-o", help="The dataset CSV to write (atomically).", metavar="OUT.csv", show_default=False)],
    max_tokens: Annotated[int, typer.Option("--max-tokens", help="Token budget of a segment, <s> and </s> included.", min=10)] = 512,
    vocabulary: Annotated[Optional[Path], typer.Option("--vocabulary", help="Only emotion words in this list of words or stems.", metavar="FILE", show_default=False)] = None,
    labels: Annotated[Optional[Path], typer.Option("--labels", help="Keep only masks whose label is in this list (one a line).", metavar="FILE", show_default=False)] = None,
    tokenizer: Annotated[Optional[Path], typer.Option("--tokenizer", help="A local tokenizer.json to count tokens exactly (needs the tokenizers package).", metavar="PATH", show_default=False)] = None,
    text_fields: Annotated[Optional[list[str]], typer.Option("--text-field", help="Record field(s) holding the text; repeatable.", show_default=False)] = None,
    id_field: Annotated[str, typer.Option("--id-field", help="Record field holding the document id.")] = "id",
    all_conjuncts: Annotated[Optional[bool], typer.Option("--all-conjuncts/--one-per-cue", help="Every emotion word of a coordination, or only the first after each cue (default: all, one per cue with --vocabulary, as the authors masked).", show_default=False)] = None,
) -> None:
    """Build an EXPRESS-style masked dataset: each disclosure becomes <mask>, long posts are cut into segments; the authors' columns."""
    from express_lex.cli.common import command_lexicon as _lexicon
    from express_lex.cli.common import exit_codes as _exit_codes

    from express_lex.text import (
        COLUMNS,
        ApproxRobertaCounter,
        ReadStats,
        TokenizerFileCounter,
        iter_documents,
        load_vocabulary,
        mask_documents,
    )

    lexicon = _lexicon()
    stats = ReadStats()
    rows = masks = 0
    with _exit_codes():
        words = load_vocabulary(vocabulary) if vocabulary is not None else None
        keep = load_vocabulary(labels) if labels is not None else None
        counter = TokenizerFileCounter(str(tokenizer)) if tokenizer is not None else ApproxRobertaCounter()
        with _output(out) as stream:
            writer = csv.DictWriter(stream, fieldnames=list(COLUMNS), lineterminator="\n")
            writer.writeheader()
            for row in mask_documents(iter_documents(inputs, stats, tuple(text_fields or ()), id_field), lexicon,
                                      vocabulary=words, labels=keep, max_tokens=max_tokens, counter=counter,
                                      all_conjuncts=all_conjuncts):
                writer.writerow({key: csv_cell(value) for key, value in row.to_record().items()})
                rows += 1
                masks += len(row.labels)
    typer.echo(f"express-lex: {stats.summary()}; wrote {rows:,} segment(s) with {masks:,} mask(s) to {out}", err=True)


__all__ = ["extract", "mask"]
