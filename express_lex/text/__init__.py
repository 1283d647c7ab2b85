"""Text in, self-disclosed emotions out: streaming readers, the extraction rules and the
masked-dataset builder (docs/extraction.md).

    >>> from express_lex.text import extract
    >>> [d.span for d in extract("I'm so nervous but excited.")]
    ['nervous', 'excited']
"""

from __future__ import annotations

from .extract import Disclosure, extract, extract_document, load_vocabulary

__all__ = ["Disclosure", "extract", "extract_document", "load_vocabulary"]
