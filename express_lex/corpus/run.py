"""A corpus run: read each input as a stream of batches, run them on an executor, and write
the results in input order, to one stream or to one output file per input (docs/corpus.md).

Output directory layout, for an input `RS_2023-01.zst` and `extract`:

    DIR/RS_2023-01.jsonl        the output, renamed into place only when complete
    DIR/RS_2023-01.jsonl.done   the completion marker: input size and mtime, job fingerprint, counts
    DIR/.RS_2023-01.jsonl.parts/  while running: one part file per finished batch

A rerun skips every input whose marker matches, and inside an unfinished input skips the
batches whose part file exists, so a killed run loses at most the batches in flight.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Sequence

from ..data import atomic_text_stream, atomic_write_bytes
from ..engine import default_lexicon
from ..errors import InputError
from ..text import ReadStats, iter_documents, iter_line_batches
from .executors import DaskCluster, Executor, InProcess, LocalProcesses, default_workers
from .formats import RECORDS_REVISION
from .job import Batch, BatchResult, Job
from .writer import Writer

__all__ = ["RunSummary", "Progress", "run_corpus", "open_executor", "output_name", "is_line_input",
           "BATCH_LINES", "BATCH_BYTES"]

BATCH_LINES = 1000  # lines (posts) per batch: ~0.2 s of work, so two workers share even one file
BATCH_BYTES = 8 * 1024 * 1024  # and at most this much text, whatever the line length
_LINE_KINDS = (".jsonl", ".ndjson", ".json")
_OTHER_KINDS = (".txt", ".text", ".md", ".csv", ".parquet", ".pq")


@dataclass(frozen=True, slots=True)
class Progress:
    """A snapshot for a progress display."""

    files_done: int
    files: int
    posts: int
    seconds: float
    eta: float | None  # seconds left, when it can be estimated


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What one run did; `line()` is the summary printed at the end."""

    kind: str
    files: int
    files_skipped: int  # already finished in the output directory
    posts: int
    disclosures: int
    rows: int  # mask segments
    skipped: tuple[tuple[str, int], ...] = field(default=())  # reason, count
    seconds: float = 0.0

    @property
    def bad_lines(self) -> int:
        return sum(n for reason, n in self.skipped if reason not in ("no text", "deleted"))

    def line(self) -> str:
        found = (f"{self.disclosures:,} disclosures found" if self.kind == "extract"
                 else f"{self.disclosures:,} disclosures masked in {self.rows:,} segments")
        bad = ", ".join(f"{n:,} {reason}" for reason, n in self.skipped if reason not in ("no text", "deleted"))
        empty = sum(n for reason, n in self.skipped if reason in ("no text", "deleted"))
        finished = f" ({self.files_skipped} already finished, skipped)" if self.files_skipped else ""
        return (f"{self.files} file(s){finished}, {self.posts:,} posts read, {found}, "
                f"{self.bad_lines:,} bad lines skipped" + (f" ({bad})" if bad else "")
                + (f", {empty:,} deleted or empty" if empty else "") + f", {self.seconds:.1f} s")


def open_executor(workers: int | None = None, dask: str | None = None) -> Executor:
    """`dask`: a scheduler address; else `workers` local processes (default: every core;
    1: this process)."""
    if dask:
        return DaskCluster(dask)
    count = default_workers() if workers is None else workers
    if count < 1:
        raise InputError(f"--workers must be at least 1, got {count}")
    return InProcess() if count == 1 else LocalProcesses(count)


def _kind(path: str) -> tuple[str, bool]:
    name = path.lower()
    compressed = False
    for ext in (".gz", ".zst"):
        if name.endswith(ext):
            name, compressed = name[: -len(ext)], True
    return Path(name).suffix, compressed


def is_line_input(path: str) -> bool:
    """JSONL/NDJSON, plain or compressed; a compressed file with no known inner extension is
    NDJSON too, as the Reddit dumps are named (RS_2023-01.zst)."""
    if path == "-":
        return False
    kind, compressed = _kind(path)
    return kind in _LINE_KINDS or (compressed and kind not in _OTHER_KINDS)


def output_name(path: str, job: Job) -> str:
    """The output file of one input in an output directory: the input's name without its
    format and compression extensions, plus the job's."""
    name = Path(path).name
    lower = name.lower()
    for ext in (".gz", ".zst"):
        if lower.endswith(ext):
            name, lower = name[: -len(ext)], lower[: -len(ext)]
    stem = Path(name).stem if Path(lower).suffix in (*_LINE_KINDS, *_OTHER_KINDS) else name
    return stem + job.suffix


def _batches(path: str, file: int, job: Job, stats: ReadStats, lines: int, size: int) -> Iterator[Batch]:
    """The input as batches of at most `lines` records and about `size` bytes of text."""
    number = 0
    if is_line_input(path):
        buffer: list[tuple[int, bytes]] = []
        held = 0
        for chunk in iter_line_batches(path, stats, batch=64):
            for item in chunk:
                buffer.append(item)
                held += len(item[1])
                if len(buffer) >= lines or held >= size:
                    yield Batch(file, number, lines=tuple(buffer))
                    number, buffer, held = number + 1, [], 0
        if buffer:
            yield Batch(file, number, lines=tuple(buffer))
        return
    documents: list[Any] = []
    held = 0
    for document in iter_documents([path], stats, job.text_fields, job.id_field):
        documents.append(document)
        held += len(document.text)
        if len(documents) >= lines or held >= size:
            yield Batch(file, number, documents=tuple(documents))
            number, documents, held = number + 1, [], 0
    if documents:
        yield Batch(file, number, documents=tuple(documents))


class _Tally:
    """Counts across the run, and the progress callback."""

    def __init__(self, files: Sequence[str], report: Callable[[Progress], None] | None) -> None:
        self.started = time.perf_counter()
        self.report = report
        self.files = len(files)
        self.sizes = [_size(path) for path in files]
        self.done_files = self.done_bytes = 0
        self.posts = self.disclosures = self.rows = 0
        self.skipped: Counter[str] = Counter()
        self.reading = ReadStats()  # the readers' own counts (too-long lines, parsed .txt/.csv documents)

    def add(self, result: BatchResult) -> None:
        self.posts += result.documents
        self.disclosures += result.disclosures
        self.rows += len(result.items)
        self.skipped.update(result.skipped)
        self.tick()

    def tick(self) -> None:
        if self.report is None:
            return
        seconds = time.perf_counter() - self.started
        total = sum(self.sizes)
        eta = seconds * (total - self.done_bytes) / self.done_bytes if self.done_bytes and total else None
        self.report(Progress(self.done_files, self.files, self.posts + self.reading.documents, seconds, eta))

    def finish_file(self, file: int) -> None:
        self.done_files += 1
        self.done_bytes += self.sizes[file]
        self.tick()

    def summary(self, kind: str, skipped_files: int) -> RunSummary:
        reasons = self.skipped + self.reading.skipped
        return RunSummary(kind, self.files, skipped_files, self.posts + self.reading.documents, self.disclosures,
                          self.rows, tuple(sorted(reasons.items())), time.perf_counter() - self.started)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size if path != "-" else 0
    except OSError:
        return 0


def run_corpus(inputs: Sequence[str], job: Job, executor: Executor, *, stream: IO[str] | None = None,
               out_dir: Path | None = None, batch_lines: int = BATCH_LINES, batch_bytes: int = BATCH_BYTES,
               progress: Callable[[Progress], None] | None = None) -> RunSummary:
    """Run `job` over `inputs` on `executor`: into `stream` (all inputs, in order), or into
    `out_dir` (one file per input, atomically, resumable). Bad lines are counted, not fatal."""
    if (stream is None) == (out_dir is None):
        raise InputError("give exactly one of an output stream and an output directory")
    emotions = default_lexicon().theory.emotions if job.kind == "extract" and job.output_format == "csv" else ()
    tally = _Tally(inputs, progress)
    if stream is not None:
        writer = Writer(stream, job, emotions)

        def all_batches() -> Iterator[Batch]:
            for file, path in enumerate(inputs):
                yield from _batches(path, file, job, tally.reading, batch_lines, batch_bytes)
                tally.finish_file(file)

        for result in executor.map(job, all_batches()):
            writer.add(result)
            tally.add(result)
        writer.close()
        return tally.summary(job.kind, 0)
    assert out_dir is not None
    return _run_to_directory(inputs, job, executor, out_dir, tally, emotions, batch_lines, batch_bytes)


# -- one output file per input -----------------------------------------------------------------

def _identity(path: str, job: Job, batch_lines: int, batch_bytes: int) -> dict[str, Any]:
    """What a finished output or a set of parts was made from; anything else is stale."""
    info = os.stat(path)
    return {"input": os.path.abspath(path), "size": info.st_size, "mtime_ns": info.st_mtime_ns,
            "job": job.fingerprint(), "batch_lines": batch_lines, "batch_bytes": batch_bytes,
            "records": RECORDS_REVISION}


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _check_directory(inputs: Sequence[str], job: Job, out_dir: Path) -> list[str]:
    if "-" in inputs:
        raise InputError("standard input cannot be written to an output directory (give -o FILE)")
    names = [output_name(path, job) for path in inputs]
    seen: dict[str, str] = {}
    for path, name in zip(inputs, names):
        if name in seen:
            raise InputError(f"{seen[name]} and {path} would both be written to {out_dir / name}")
        seen[name] = path
        if not Path(path).is_file():
            raise InputError(f"no such file: {path}" if not Path(path).exists() else f"{path} is not a file")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create {out_dir}: {error.strerror or error}") from None
    return names


def _run_to_directory(inputs: Sequence[str], job: Job, executor: Executor, out_dir: Path, tally: _Tally,
                      emotions: Sequence[str], batch_lines: int, batch_bytes: int) -> RunSummary:
    names = _check_directory(inputs, job, out_dir)
    skipped_files = 0
    for file, (path, name) in enumerate(zip(inputs, names)):
        identity = _identity(path, job, batch_lines, batch_bytes)
        target, marker = out_dir / name, out_dir / f"{name}.done"
        done = _read_json(marker)
        if target.is_file() and isinstance(done, dict) and done.get("identity") == identity:
            skipped_files += 1
            tally.finish_file(file)
            continue
        marker.unlink(missing_ok=True)
        for stale in out_dir.glob(f".{name}.*.tmp"):  # left by a killed run
            stale.unlink(missing_ok=True)
        parts = out_dir / f".{name}.parts"
        if _read_json(parts / "identity.json") != identity:
            shutil.rmtree(parts, ignore_errors=True)
            parts.mkdir()
            atomic_write_bytes(parts / "identity.json", json.dumps(identity).encode())
        finished = {int(p.stem) for p in parts.glob("*.part") if p.stem.isdigit()}
        count = [0]  # batches in the file, known once the reader is through
        for result in executor.map(job, _unfinished(path, file, job, tally.reading, batch_lines, batch_bytes,
                                                    finished, count)):
            _write_part(parts / f"{result.number:09d}.part", result)
            tally.add(result)
        counts = _assemble(target, parts, count[0], job, emotions)
        atomic_write_bytes(marker, json.dumps({"identity": identity, **counts}, sort_keys=True).encode())
        shutil.rmtree(parts, ignore_errors=True)
        tally.finish_file(file)
    return tally.summary(job.kind, skipped_files)


def _unfinished(path: str, file: int, job: Job, stats: ReadStats, batch_lines: int, batch_bytes: int,
                finished: set[int], count: list[int]) -> Iterator[Batch]:
    """The batches of one input that have no part file yet; `count[0]` ends as the number of batches."""
    for batch in _batches(path, file, job, stats, batch_lines, batch_bytes):
        count[0] = batch.number + 1
        if batch.number not in finished:
            yield batch


def _write_part(path: Path, result: BatchResult) -> None:
    """A batch's result: a JSON head with its counts, its text, then its items as JSON lines."""
    text = result.text.encode("utf-8")
    head = json.dumps({**result.head(), "text_bytes": len(text)}, ensure_ascii=False).encode("utf-8")
    items = b"".join(json.dumps(item, ensure_ascii=False).encode("utf-8") + b"\n" for item in result.items)
    atomic_write_bytes(path, head + b"\n" + text + items)


def _read_part(path: Path) -> BatchResult:
    with path.open("rb") as handle:
        head = json.loads(handle.readline())
        text = handle.read(head["text_bytes"]).decode("utf-8")
        items = [json.loads(line) for line in handle]
    if len(items) != head["items"] or len(text.encode("utf-8")) != head["text_bytes"]:
        raise InputError(f"{path}: torn part file; delete it and rerun")
    return BatchResult(head["file"], head["number"], head["relative"], head["documents"], head["lines"],
                       head["disclosures"], Counter(head["skipped"]), text, items)


def _parts(parts: Path, count: int) -> Iterable[BatchResult]:
    for number in range(count):
        part = parts / f"{number:09d}.part"
        if not part.is_file():
            raise InputError(f"{part}: missing part file; rerun to redo it")
        yield _read_part(part)


def _assemble(target: Path, parts: Path, count: int, job: Job, emotions: Sequence[str]) -> dict[str, Any]:
    """Concatenate the parts in order into `target`, through a temporary file renamed over it."""
    posts = disclosures = 0
    skipped: Counter[str] = Counter()
    with atomic_text_stream(target) as stream:
        writer = Writer(stream, job, emotions)
        for result in _parts(parts, count):
            writer.add(result)
            posts += result.documents
            disclosures += result.disclosures
            skipped.update(result.skipped)
        writer.close()
    return {"batches": count, "posts": posts, "disclosures": disclosures, "skipped": dict(skipped)}
