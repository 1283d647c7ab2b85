"""Corpus-scale runs of `extract` and `mask`: every core of this machine, or a Dask cluster,
over inputs of any size, streamed, with resumable per-input outputs (docs/corpus.md).

    >>> from express_lex.corpus import Job, open_executor, run_corpus
    >>> import io
    >>> out = io.StringIO()
    >>> summary = run_corpus([], Job("extract"), open_executor(1), stream=out)
    >>> summary.posts
    0
"""

from __future__ import annotations

from .executors import DASK_EXTRA, DaskCluster, Executor, InProcess, LocalProcesses, default_workers
from .formats import CSV_HEAD, disclosure_lines, document_line, header, jsonl_line, mask_row_tail, vectors
from .job import EXTRACT_FORMATS, Batch, BatchResult, Job, process_batch, warm_worker, worker_loads
from .run import BATCH_BYTES, BATCH_LINES, Progress, RunSummary, is_line_input, open_executor, output_name, run_corpus
from .writer import Writer

__all__ = ["Job", "Batch", "BatchResult", "process_batch", "warm_worker", "worker_loads", "EXTRACT_FORMATS", "Writer", "CSV_HEAD",
           "vectors", "header", "disclosure_lines", "document_line", "jsonl_line", "mask_row_tail", "Executor", "InProcess",
           "LocalProcesses", "DaskCluster", "default_workers", "DASK_EXTRA", "Progress", "RunSummary", "run_corpus",
           "open_executor", "output_name", "is_line_input", "BATCH_LINES", "BATCH_BYTES"]
