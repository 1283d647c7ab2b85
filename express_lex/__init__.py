"""express-lex: emotion words to Plutchik's basic emotions, with confidence and an explanation.

    >>> import express_lex
    >>> express_lex.decompose("love").emotions["trust"] > 0
    True
"""

from __future__ import annotations

from typing import Iterable

from ._compare import Comparison
from ._exceptions import DataError, ExpressLexError, InputError, UnknownTheoryError
from ._lexicon import DataSource, Lexicon, validate_lexicon
from ._result import EMOLEX_ORDER, METHODS, Decomposition

__all__ = [
    "__version__",
    "Lexicon",
    "DataSource",
    "Decomposition",
    "Comparison",
    "EMOLEX_ORDER",
    "METHODS",
    "ExpressLexError",
    "DataError",
    "InputError",
    "UnknownTheoryError",
    "decompose",
    "decompose_many",
    "compare",
    "default_lexicon",
    "validate_lexicon",
]

__version__ = "0.1.0"

_default: Lexicon | None = None


def default_lexicon() -> Lexicon:
    """The shared Lexicon of the shipped data, loaded on first use."""
    global _default
    if _default is None:
        _default = Lexicon()
    return _default


def decompose(text: str, theory: str = "plutchik") -> Decomposition:
    """Decompose one term with the shipped lexicon."""
    return default_lexicon().decompose(text, theory)


def decompose_many(texts: Iterable[str], theory: str = "plutchik") -> list[Decomposition]:
    """Decompose many terms with the shipped lexicon, in order."""
    return default_lexicon().decompose_many(texts, theory)


def compare(a: str, b: str, theory: str = "plutchik") -> Comparison:
    """Compare two terms with the shipped lexicon: cosine, EXPRESS binary agreement, shared dimensions."""
    return default_lexicon().compare(a, b, theory)
