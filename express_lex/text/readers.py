"""Streaming corpus readers: documents come out one at a time, never a whole corpus in memory.

Two layers, so that the distributed runner (issue 13) can ship raw line batches to workers and
parse there: `iter_line_batches` yields raw lines (bytes) of a JSONL/NDJSON file, plain,
gzip or zstd; `parse_record` turns one line into a Document or counts why it could not.
Bad lines (torn, non-UTF-8, not a JSON object, too long) are counted in ReadStats and
skipped; they never stop a file.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Iterable, Iterator, Sequence

from ..data import parquet_records
from ..errors import InputError

__all__ = ["Document", "ReadStats", "iter_documents", "iter_line_batches", "parse_record", "record_text",
           "MAX_RECORD_BYTES", "PART_CHARS"]

MAX_RECORD_BYTES = 32 * 1024 * 1024  # a longer JSONL line or CSV field is skipped, not read whole
PART_CHARS = 1_000_000  # a longer text document is processed in parts cut at line or sentence ends
_CHUNK = 1 << 20
_DELETED = frozenset({"[deleted]", "[removed]", ""})


@dataclass(frozen=True, slots=True)
class Document:
    """One document, or one part of a long one: `offset` is where `text` starts in the whole."""

    id: str
    text: str
    offset: int = 0
    index: int = 0  # 0-based position of the document in its input


@dataclass(slots=True)
class ReadStats:
    """What the readers saw: documents yielded, records skipped and why."""

    documents: int = 0
    lines: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def bad_lines(self) -> int:
        return sum(n for reason, n in self.skipped.items() if reason not in ("no text", "deleted"))

    def summary(self) -> str:
        reasons = ", ".join(f"{n:,} {reason}" for reason, n in sorted(self.skipped.items()))
        return f"{self.documents:,} document(s) read" + (f"; skipped: {reasons}" if reasons else "")


def _suffixes(path: str) -> tuple[str, str | None]:
    """(format suffix, compression) of a file name: data.jsonl.zst -> ('.jsonl', 'zst')."""
    name = path.lower()
    compression = None
    for ext in (".gz", ".zst"):
        if name.endswith(ext):
            compression, name = ext[1:], name[: -len(ext)]
    return Path(name).suffix, compression


def _open_binary(path: str) -> BinaryIO:
    """The file's bytes, decompressed on the fly; a missing file or codec is an InputError."""
    if path == "-":
        return sys.stdin.buffer
    location = Path(path)
    if not location.exists():
        raise InputError(f"no such file: {path}")
    if location.is_dir():
        raise InputError(f"{path} is a directory")
    try:
        raw: BinaryIO = open(location, "rb")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None
    compression = _suffixes(path)[1]
    if compression == "gz":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    if compression == "zst":
        try:
            import zstandard  # type: ignore[import-not-found, import-untyped, unused-ignore]
        except ImportError:
            raw.close()
            raise InputError(f"{path}: reading .zst needs zstandard: pip install 'express-lex[corpus]'") from None
        # Pushshift dumps use a 2 GB window; the default limit refuses them.
        return io.BufferedReader(zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(raw), _CHUNK)  # type: ignore[arg-type, unused-ignore]
    return raw


def _guard(path: str, stream: Iterable[bytes]) -> Iterator[bytes]:
    """Decompression and I/O errors as one InputError naming the file."""
    try:
        yield from stream
    except InputError:
        raise
    except (OSError, EOFError, ValueError) as error:  # gzip.BadGzipFile, zstd.ZstdError, truncated
        raise InputError(f"{path}: cannot decompress or read: {error}") from None
    except Exception as error:  # zstandard.ZstdError is not an OSError
        if type(error).__name__ == "ZstdError":
            raise InputError(f"{path}: cannot decompress: {error}") from None
        raise


def _lines(handle: BinaryIO, stats: ReadStats) -> Iterator[bytes]:
    """Lines of at most MAX_RECORD_BYTES; a longer one is read through and counted, never kept."""
    while True:
        line = handle.readline(MAX_RECORD_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            while True:  # drain the rest of the over-long line in bounded pieces
                rest = handle.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            stats.lines += 1
            stats.skipped["too long"] += 1
            continue
        yield line


def iter_line_batches(path: str, stats: ReadStats | None = None, batch: int = 1000) -> Iterator[list[tuple[int, bytes]]]:
    """Raw lines of a JSONL/NDJSON file (plain, .gz or .zst) as batches of (line number, bytes)."""
    stats = stats if stats is not None else ReadStats()
    handle = _open_binary(path)
    number = 0
    chunk: list[tuple[int, bytes]] = []
    try:
        for line in _guard(path, _lines(handle, stats)):
            number += 1
            chunk.append((number, line))
            if len(chunk) >= batch:
                yield chunk
                chunk = []
        if chunk:
            yield chunk
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


def record_text(record: dict[str, Any], text_fields: Sequence[str] = ()) -> str | None:
    """A record's document text: the named fields joined by a blank line, else `text`, else a
    Reddit submission (title, blank line, selftext) or comment (body). None when there is none
    or the body was deleted or removed."""
    def value(name: str) -> str:
        item = record.get(name)
        return item.strip() if isinstance(item, str) else "" if item is None else str(item)

    if text_fields:
        parts = [value(name) for name in text_fields]
        return "\n\n".join(p for p in parts if p not in _DELETED) or None
    if isinstance(record.get("text"), str):
        return record["text"] or None
    if "body" in record:  # a Reddit comment
        body = value("body")
        return None if body in _DELETED else body
    if "title" in record or "selftext" in record:  # a Reddit submission
        title, selftext = value("title"), value("selftext")
        parts = [p for p in (title, selftext) if p not in _DELETED]
        return "\n\n".join(parts) or None
    return None


def parse_record(number: int, line: bytes, stats: ReadStats, text_fields: Sequence[str] = (),
                 id_field: str = "id", index: int = 0) -> Document | None:
    """One JSONL line as a Document; None (and a count in `stats`) when it is blank, torn,
    not UTF-8, not a JSON object, or has no text."""
    stats.lines += 1
    if not line.strip():
        return None
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        stats.skipped["not UTF-8"] += 1
        return None
    try:
        record = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        stats.skipped["not JSON"] += 1
        return None
    if not isinstance(record, dict):
        stats.skipped["not a JSON object"] += 1
        return None
    return _document(record, number, stats, text_fields, id_field, index)


def _document(record: dict[str, Any], number: int, stats: ReadStats, text_fields: Sequence[str], id_field: str,
              index: int) -> Document | None:
    body = record_text(record, text_fields)
    if body is None:
        stats.skipped["deleted" if any(record.get(k) in ("[deleted]", "[removed]") for k in ("body", "selftext"))
                      else "no text"] += 1
        return None
    ident = record.get(id_field)
    doc_id = str(ident).strip() if ident not in (None, "") else str(number)
    stats.documents += 1
    return Document(doc_id, body.replace("\x00", " ") if "\x00" in body else body, 0, index)


def _text_parts(path: str, stats: ReadStats, index: int) -> Iterator[Document]:
    """A text file (or standard input) as one document, in parts of about PART_CHARS cut at
    a line end, else a sentence end, else a space: memory stays bounded on any size."""
    handle = _open_binary(path)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    doc_id = "stdin" if path == "-" else Path(path).name
    offset, pending, first = 0, "", True
    try:
        for raw in _guard(path, iter(lambda: handle.read(_CHUNK), b"")):
            pending += decoder.decode(raw)
            if first and pending.startswith("\ufeff"):
                pending = pending[1:]
            first = False
            while len(pending) > PART_CHARS:
                cut = _cut(pending, PART_CHARS)
                yield Document(doc_id, pending[:cut], offset, index)
                offset += cut
                pending = pending[cut:]
        pending += decoder.decode(b"", final=True)
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
    if pending or offset == 0:
        yield Document(doc_id, pending, offset, index)
    stats.documents += 1


def _cut(text: str, limit: int) -> int:
    """Where to end a part: after the last newline, sentence end or space before `limit`."""
    for marks in (("\n",), (". ", "! ", "? "), (" ",)):
        best = max(text.rfind(mark, limit // 2, limit) for mark in marks)
        if best >= 0:
            return best + len(marks[0]) if marks[0] == "\n" else best + 1
    return limit


def _csv_documents(path: str, stats: ReadStats, text_fields: Sequence[str], id_field: str) -> Iterator[Document]:
    handle = _open_binary(path)
    text: IO[str] = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace", newline="")  # type: ignore[arg-type, unused-ignore]
    csv.field_size_limit(MAX_RECORD_BYTES)
    reader = csv.DictReader(text)
    index = 0
    try:
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error:
                stats.lines += 1
                stats.skipped["malformed CSV row"] += 1
                continue
            except (OSError, EOFError, ValueError) as error:
                raise InputError(f"{path}: cannot read: {error}") from None
            stats.lines += 1
            document = _document(dict(record), reader.line_num, stats, text_fields, id_field, index)
            if document is not None:
                index += 1
                yield document
    finally:
        text.close()


def _parquet_documents(path: str, stats: ReadStats, text_fields: Sequence[str], id_field: str) -> Iterator[Document]:
    index = 0
    for number, record in enumerate(parquet_records(path), 1):
        stats.lines += 1
        document = _document(record, number, stats, text_fields, id_field, index)
        if document is not None:
            index += 1
            yield document


def iter_documents(inputs: Iterable[str], stats: ReadStats | None = None, text_fields: Sequence[str] = (),
                   id_field: str = "id") -> Iterator[Document]:
    """Documents of every input in order: .txt and '-' (one document each), .jsonl/.ndjson
    (plain, .gz, .zst), .csv, .parquet. An unknown extension is an InputError."""
    stats = stats if stats is not None else ReadStats()
    for path in inputs:
        kind, _ = _suffixes(path)
        if path == "-" or kind in (".txt", ".text", ".md"):
            yield from _text_parts(path, stats, 0)
        elif kind in (".jsonl", ".ndjson", ".json"):
            index = 0
            for chunk in iter_line_batches(path, stats):
                for number, line in chunk:
                    document = parse_record(number, line, stats, text_fields, id_field, index)
                    if document is not None:
                        index += 1
                        yield document
        elif kind == ".csv":
            yield from _csv_documents(path, stats, text_fields, id_field)
        elif kind in (".parquet", ".pq"):
            yield from _parquet_documents(path, stats, text_fields, id_field)
        else:
            raise InputError(f"{path}: unknown input format {kind or '(no extension)'!r} "
                             "(expected .txt, .jsonl, .ndjson, .csv or .parquet, optionally .gz or .zst, or '-')")
