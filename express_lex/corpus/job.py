"""What a worker runs: a job (the options of one `extract` or `mask` run) applied to one batch.

`process_batch(job, batch)` is a pure function of its arguments except for a per-process
cache: the first batch a process sees loads the lexicon (and the tokenizer) once, and every
later batch of the same job reuses them. That cache is the same object for a local process
pool (warmed by its initializer), a Dask worker process and an in-process run.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..engine import Lexicon, default_lexicon
from ..errors import InputError
from ..text import (
    ApproxRobertaCounter,
    Document,
    ReadStats,
    TokenCounter,
    TokenizerFileCounter,
    extract_stream,
    mask_documents,
    parse_record,
)
from .formats import disclosure_lines, document_line, jsonl_line, mask_row_tail

__all__ = ["Job", "Batch", "BatchResult", "process_batch", "warm_worker", "worker_loads", "EXTRACT_FORMATS"]

EXTRACT_FORMATS = ("jsonl", "csv", "table")


@dataclass(frozen=True, slots=True)
class Job:
    """The options of one run, shipped to every worker (small: the word lists, never the lexicon)."""

    kind: str  # "extract" or "mask"
    output_format: str = "jsonl"  # extract: jsonl, csv or table; mask writes CSV
    per_document: bool = False
    text_fields: tuple[str, ...] = ()
    id_field: str = "id"
    vocabulary: frozenset[str] | None = None
    labels: frozenset[str] | None = None
    max_tokens: int = 512
    tokenizer: str | None = None  # a tokenizer.json path every worker can read
    all_conjuncts: bool | None = None  # None: every conjunct, one per cue with a vocabulary (docs/extraction.md)

    def __post_init__(self) -> None:
        if self.kind not in ("extract", "mask"):
            raise InputError(f"unknown corpus job {self.kind!r} (expected extract or mask)")
        if self.kind == "extract" and self.output_format not in EXTRACT_FORMATS:
            raise InputError(f"unknown output format {self.output_format!r} (expected {', '.join(EXTRACT_FORMATS)})")

    @property
    def suffix(self) -> str:
        """The extension of this job's output files."""
        if self.kind == "mask":
            return ".csv"
        return {"jsonl": ".jsonl", "csv": ".csv", "table": ".txt"}[self.output_format]

    def fingerprint(self) -> str:
        """A digest of every option that changes the output: a finished file made under
        another fingerprint is not reused."""
        fields = {name: sorted(value) if isinstance(value, frozenset) else value
                  for name in self.__slots__ for value in (getattr(self, name),)}
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Batch:
    """A piece of one input file: raw JSONL lines (parsed by the worker) or documents the
    reader already parsed (.txt, .csv, .parquet). `number` is the batch's position in its file."""

    file: int
    number: int
    lines: tuple[tuple[int, bytes], ...] = ()
    documents: tuple[Document, ...] = ()


@dataclass(slots=True)
class BatchResult:
    """A batch's output, formatted as far as it can be without knowing what came before.
    `text` is output as is. Mask items are (original index, row tail): the writer adds the
    running row index. Extract --per-document items, for documents the reader split into
    parts (.txt), are (document index, id, [disclosure records]): the writer joins parts that
    span batches. For a line batch the document indices count from the batch's first
    document (`relative`): the writer, which sees batches in order, adds the ones before."""

    file: int
    number: int
    relative: bool
    documents: int = 0
    lines: int = 0
    disclosures: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    text: str = ""
    items: list[Any] = field(default_factory=list)

    def head(self) -> dict[str, Any]:
        """The counts, as the first line of a part file."""
        return {"file": self.file, "number": self.number, "relative": self.relative, "documents": self.documents,
                "lines": self.lines, "disclosures": self.disclosures, "skipped": dict(self.skipped),
                "items": len(self.items), "text_bytes": len(self.text.encode("utf-8"))}


@dataclass(slots=True)
class _Loaded:
    lexicon: Lexicon
    counter: TokenCounter | None


_cache: dict[str, _Loaded] = {}
_loads = [0]
_lock = threading.Lock()  # a Dask worker may run several threads


def _loaded(job: Job) -> _Loaded:
    key = job.fingerprint()
    found = _cache.get(key)
    if found is None:
        with _lock:
            found = _cache.get(key)
            if found is None:
                counter: TokenCounter | None = None
                if job.kind == "mask":
                    counter = TokenizerFileCounter(job.tokenizer) if job.tokenizer else ApproxRobertaCounter()
                found = _Loaded(default_lexicon(), counter)
                _loads[0] += 1
                _cache.clear()  # one job at a time per process: a new one replaces the old
                _cache[key] = found
    return found


def worker_loads() -> int:
    """How many times this process has loaded a job's lexicon and tokenizer (once per job)."""
    return _loads[0]


def warm_worker(job: Job) -> None:
    """Load the lexicon and tokenizer for `job` now (a process pool's initializer)."""
    _loaded(job)


def _documents(job: Job, batch: Batch, stats: ReadStats) -> Sequence[Document]:
    if not batch.lines:  # the reader counted these documents already
        return batch.documents
    out: list[Document] = []
    for number, line in batch.lines:
        document = parse_record(number, line, stats, job.text_fields, job.id_field, len(out))
        if document is not None:
            out.append(document)
    return out


def process_batch(job: Job, batch: Batch) -> BatchResult:
    """Parse, extract and (for mask) segment one batch with the process's cached lexicon."""
    loaded = _loaded(job)
    stats = ReadStats()
    documents = _documents(job, batch, stats)
    result = BatchResult(batch.file, batch.number, bool(batch.lines), stats.documents, stats.lines,
                         skipped=stats.skipped)
    if job.kind == "mask":
        assert loaded.counter is not None
        for row in mask_documents(documents, loaded.lexicon, vocabulary=job.vocabulary, labels=job.labels,
                                  max_tokens=job.max_tokens, counter=loaded.counter,
                                  all_conjuncts=job.all_conjuncts):
            result.disclosures += len(row.labels)
            result.items.append((row.original_index, mask_row_tail(row)))
        return result
    pieces: list[str] = []
    for document, found in extract_stream(documents, loaded.lexicon, job.vocabulary, job.all_conjuncts):
        result.disclosures += len(found)
        if not job.per_document and job.output_format == "jsonl":
            pieces.extend(jsonl_line(disclosure) for disclosure in found)
            continue
        records = [d.to_dict() for d in found]
        if not job.per_document:
            if records:
                pieces.append(disclosure_lines(records, job.output_format))
        elif batch.lines:  # a JSONL document is never split, so its record is complete here
            pieces.append(document_line(document.id, records, job.output_format))
        else:
            result.items.append((document.index, document.id, records))
    result.text = "".join(pieces)
    return result
