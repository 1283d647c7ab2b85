"""Text in, self-disclosed emotions out: streaming readers, the extraction rules and the
masked-dataset builder (docs/extraction.md).

    >>> from express_lex.text import extract
    >>> [d.span for d in extract("I'm so nervous but excited.")]
    ['nervous', 'excited']
"""

from __future__ import annotations

from .extract import Disclosure, extract, extract_document, load_vocabulary
from .mask import (
                   COLUMNS,
                   MASK,
                   ApproxRobertaCounter,
                   MaskRow,
                   TokenCounter,
                   TokenizerFileCounter,
                   extract_stream,
                   mask_documents,
                   mask_text,
                   segment_bounds,
)
from .readers import Document, ReadStats, iter_documents, iter_line_batches, parse_record, record_text

__all__ = ["Disclosure", "extract", "extract_document", "load_vocabulary", "Document", "ReadStats", "iter_documents",
           "iter_line_batches", "parse_record", "record_text", "COLUMNS", "MASK", "MaskRow", "TokenCounter",
           "ApproxRobertaCounter", "TokenizerFileCounter", "extract_stream", "mask_documents", "mask_text",
           "segment_bounds"]
