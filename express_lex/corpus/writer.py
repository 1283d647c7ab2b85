"""Writes batch results in input order: the only place that keeps state across batches
(the running row index of a mask file, the document index of line batches, and a
--per-document record whose parts span batches)."""

from __future__ import annotations

from typing import IO, Any, Sequence

from .formats import document_line, header
from .job import BatchResult, Job

__all__ = ["Writer"]


class Writer:
    """Formats batch results of one output stream; `add` them in input order, then `close`."""

    def __init__(self, stream: IO[str], job: Job, emotions: Sequence[str]) -> None:
        self.stream, self.job = stream, job
        self.rows = 0  # mask rows written: the `index` column
        self._file = -1
        self._base = 0  # documents in the earlier line batches of the current file
        self._current: tuple[int, int, str] | None = None  # the --per-document record being gathered
        self._gathered: list[dict[str, Any]] = []
        stream.write(header(job.kind, job.output_format, job.per_document, emotions))

    def add(self, result: BatchResult) -> None:
        if result.file != self._file:
            self._file, self._base = result.file, 0
        offset = self._base if result.relative else 0
        self._base += result.documents
        if self.job.kind == "mask":
            write = self.stream.write
            for original_index, tail in result.items:
                write(f"{self.rows},{original_index + offset},{tail}")
                self.rows += 1
            return
        if result.text:
            self._flush()
            self.stream.write(result.text)
        for index, ident, records in result.items:
            key = (result.file, index + offset, ident)
            if key != self._current:
                self._flush()
                self._current, self._gathered = key, []
            self._gathered.extend(records)

    def _flush(self) -> None:
        if self._current is not None:
            self.stream.write(document_line(self._current[2], self._gathered, self.job.output_format))
        self._current, self._gathered = None, []

    def close(self) -> None:
        """Write the last --per-document record."""
        self._flush()
