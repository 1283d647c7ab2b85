"""`express-lex extract` and `express-lex mask`: presentation only; express_lex.text does the
work, and express_lex.corpus runs it on every core or a Dask cluster (docs/corpus.md). Register with `app.command()(extract)` and `app.command()(mask)`. Exit codes follow the
app: 0 success, 1 a data error, 2 bad input (a missing or unreadable file, an unknown format).
Bad lines inside an input are skipped and counted on stderr; they never stop a run.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO, Annotated, Any, Callable, Iterator, Optional

import typer

from express_lex import InputError
from express_lex.data import atomic_text_stream


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
    with atomic_text_stream(path) as stream:
        yield stream


def _progress() -> Callable[[Any], None] | None:
    """A one-line progress display on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    shown = [0.0]

    def show(progress: Any) -> None:
        if progress.seconds - shown[0] < 0.5 and progress.files_done < progress.files:
            return
        shown[0] = progress.seconds
        rate = progress.posts / progress.seconds if progress.seconds else 0.0
        eta = f"ETA {progress.eta:,.0f} s" if progress.eta is not None else "ETA ?"
        sys.stderr.write(f"\r\x1b[Kfiles {progress.files_done}/{progress.files}  {progress.posts:,} posts  "
                         f"{rate:,.0f} posts/s  {eta}")
        sys.stderr.flush()

    return show


def _end_progress(display: Callable[[Any], None] | None) -> None:
    if display is not None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


def _is_directory(path: str) -> bool:
    """-o names a directory when it is one or ends with a slash (kept: a Path would drop it)."""
    return Path(path).is_dir() or path.endswith(("/", os.sep))


def _run(inputs: list[str], job: Any, out: Optional[str], workers: Optional[int], dask: Optional[str],
         batch_lines: int) -> Any:
    """Run the job on the chosen executor into -o DIR, -o FILE or standard output."""
    from express_lex.corpus import open_executor, run_corpus

    display = _progress()
    executor = open_executor(workers, dask)
    try:
        if out is not None and _is_directory(out):
            return run_corpus(inputs, job, executor, out_dir=Path(out), progress=display, batch_lines=batch_lines)
        with _output(Path(out) if out is not None else None) as stream:
            return run_corpus(inputs, job, executor, stream=stream, progress=display, batch_lines=batch_lines)
    finally:
        _end_progress(display)
        executor.close()


_WORKERS_HELP = "Local worker processes (default: every core; 1 runs in this process)."
_DASK_HELP = "Run on the Dask cluster at this scheduler address, e.g. tcp://host:8786 (needs express-lex[dask])."
_BATCH_HELP = "Posts per unit of work sent to a worker (smaller: finer resume and balance; larger: less overhead)."
_OUT_HELP = "Write to FILE (atomically), or into DIR (one file per input, resumable) when it is a directory or ends with '/'."


def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files: .txt, .jsonl/.ndjson (also .gz, .zst, and Reddit dumps such as RS_2023-01.zst), .csv, .parquet; '-' for standard input.", metavar="INPUT...", show_default=False)],
    output_format: Annotated[ExtractFormat, typer.Option("--format", help="Output format.")] = ExtractFormat.jsonl,
    out: Annotated[Optional[str], typer.Option("--output", "-o", help=_OUT_HELP, metavar="FILE|DIR", show_default=False)] = None,
    text_fields: Annotated[Optional[list[str]], typer.Option("--text-field", help="Record field(s) holding the text, joined by a blank line; repeatable (default: text, or Reddit title+selftext / body).", show_default=False)] = None,
    id_field: Annotated[str, typer.Option("--id-field", help="Record field holding the document id (default: id, else the line number).")] = "id",
    vocabulary: Annotated[Optional[Path], typer.Option("--vocabulary", help="Only emotion words in this list of words or stems (one a line).", metavar="FILE", show_default=False)] = None,
    all_conjuncts: Annotated[Optional[bool], typer.Option("--all-conjuncts/--one-per-cue", help="Every emotion word of a coordination, or only the first after each cue (default: all, one per cue with --vocabulary, as the authors masked).", show_default=False)] = None,
    per_document: Annotated[bool, typer.Option("--per-document", help="One record per document: its disclosures and their summed and mean vectors.")] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", help=_WORKERS_HELP, min=1, show_default=False)] = None,
    dask: Annotated[Optional[str], typer.Option("--dask", help=_DASK_HELP, metavar="ADDRESS", show_default=False)] = None,
    batch_lines: Annotated[int, typer.Option("--batch-lines", help=_BATCH_HELP, min=1)] = 1000,
) -> None:
    """Self-disclosed emotions in text: one record per disclosure (cue, span, offsets, negation and its decomposition)."""
    from express_lex.cli.common import command_lexicon as _lexicon
    from express_lex.cli.common import exit_codes as _exit_codes

    from express_lex.corpus import Job
    from express_lex.text import load_vocabulary

    _lexicon()  # a broken lexicon or overlay fails here, once, before any worker starts
    with _exit_codes():
        words = load_vocabulary(vocabulary) if vocabulary is not None else None
        job = Job("extract", output_format.value, per_document, tuple(text_fields or ()), id_field, words,
                  all_conjuncts=all_conjuncts)
        summary = _run(inputs, job, out, workers, dask, batch_lines)
    typer.echo(f"express-lex: {summary.line()}", err=True)


def mask(
    inputs: Annotated[list[str], typer.Argument(help="Files: .txt, .jsonl/.ndjson (also .gz, .zst, and Reddit dumps such as RS_2023-01.zst), .csv, .parquet; '-' for standard input.", metavar="INPUT...", show_default=False)],
    out: Annotated[str, typer.Option("--output", "-o", help="The dataset CSV to write (atomically), or a directory for one CSV per input (resumable).", metavar="OUT.csv|DIR", show_default=False)],
    max_tokens: Annotated[int, typer.Option("--max-tokens", help="Token budget of a segment, <s> and </s> included.", min=10)] = 512,
    vocabulary: Annotated[Optional[Path], typer.Option("--vocabulary", help="Only emotion words in this list of words or stems.", metavar="FILE", show_default=False)] = None,
    labels: Annotated[Optional[Path], typer.Option("--labels", help="Keep only masks whose label is in this list (one a line).", metavar="FILE", show_default=False)] = None,
    tokenizer: Annotated[Optional[Path], typer.Option("--tokenizer", help="A local tokenizer.json to count tokens exactly (needs the tokenizers package).", metavar="PATH", show_default=False)] = None,
    text_fields: Annotated[Optional[list[str]], typer.Option("--text-field", help="Record field(s) holding the text; repeatable.", show_default=False)] = None,
    id_field: Annotated[str, typer.Option("--id-field", help="Record field holding the document id.")] = "id",
    all_conjuncts: Annotated[Optional[bool], typer.Option("--all-conjuncts/--one-per-cue", help="Every emotion word of a coordination, or only the first after each cue (default: all, one per cue with --vocabulary, as the authors masked).", show_default=False)] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", help=_WORKERS_HELP, min=1, show_default=False)] = None,
    dask: Annotated[Optional[str], typer.Option("--dask", help=_DASK_HELP, metavar="ADDRESS", show_default=False)] = None,
    batch_lines: Annotated[int, typer.Option("--batch-lines", help=_BATCH_HELP, min=1)] = 1000,
) -> None:
    """Build an EXPRESS-style masked dataset: each disclosure becomes <mask>, long posts are cut into segments; the authors' columns."""
    from express_lex.cli.common import command_lexicon as _lexicon
    from express_lex.cli.common import exit_codes as _exit_codes

    from express_lex.corpus import Job
    from express_lex.text import TokenizerFileCounter, load_vocabulary

    _lexicon()
    with _exit_codes():
        words = load_vocabulary(vocabulary) if vocabulary is not None else None
        keep = load_vocabulary(labels) if labels is not None else None
        if tokenizer is not None:
            TokenizerFileCounter(str(tokenizer))  # a bad file or a missing package fails here, not in a worker
        job = Job("mask", "csv", False, tuple(text_fields or ()), id_field, words, keep, max_tokens,
                  str(tokenizer.resolve()) if tokenizer is not None else None, all_conjuncts)
        summary = _run(inputs, job, out, workers, dask, batch_lines)
    typer.echo(f"express-lex: {summary.line()}; wrote {out}", err=True)


__all__ = ["extract", "mask"]
