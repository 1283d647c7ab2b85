"""express-lex: emotion words to Plutchik's basic emotions, with confidence and an explanation.

    >>> import express_lex
    >>> express_lex.decompose("love").emotions["trust"] > 0
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from .lazy import lazy_attributes

from .config import Config, cache_dir, config, configure, data_dir
from .data import DataSource
from .engine import Lexicon, default_lexicon, open_lexicon
from .errors import ArgumentTypeError, DataError, ExpressLexError, InputError, UnknownTheoryError
from .model import EMOLEX_ORDER, METHODS, BasicTheory, Decomposition, Step, Theory

if TYPE_CHECKING:
    from .checks import validate_lexicon, validate_theories
    from .engine import DOWNTONERS, HEDGES, INTENSIFIERS, NEGATORS, CategoricalTheory, Category, Dimension, DimensionalTheory
    from .model import RULES, Comparison, Problem, Rule
    from .store import add_entry, import_lexicon

# Checks, writes, the resolver's word lists and the other theories load on first use, so
# `decompose joy` imports none of them.
_LAZY = {"validate_lexicon": "checks", "validate_theories": "checks", "add_entry": "store", "import_lexicon": "store",
         **dict.fromkeys(["DOWNTONERS", "HEDGES", "INTENSIFIERS", "NEGATORS", "CategoricalTheory", "Category",
                          "Dimension", "DimensionalTheory"], "engine"),
         **dict.fromkeys(["RULES", "Comparison", "Problem", "Rule"], "model")}


__getattr__ = lazy_attributes(__name__, _LAZY)


def check_properties(lexicon=None, *, max_examples: int = 200, only: tuple[str, ...] = ()):
    """Run the lexicon and theory invariants (express_lex.checks.PROPERTIES) with hypothesis
    on `lexicon` (default: the shared one); needs the `check` extra."""
    from .checks.properties import check_properties as run

    return run(lexicon or default_lexicon(), max_examples=max_examples, only=only)

__all__ = [
    "__version__",
    "Lexicon",
    "DataSource",
    "Decomposition",
    "Step",
    "Comparison",
    "Theory",
    "BasicTheory",
    "CategoricalTheory",
    "DimensionalTheory",
    "Category",
    "Dimension",
    "Problem",
    "Rule",
    "RULES",
    "EMOLEX_ORDER",
    "METHODS",
    "INTENSIFIERS",
    "DOWNTONERS",
    "HEDGES",
    "NEGATORS",
    "ExpressLexError",
    "DataError",
    "InputError",
    "ArgumentTypeError",
    "UnknownTheoryError",
    "decompose",
    "decompose_many",
    "compare",
    "extract",
    "default_lexicon",
    "validate_lexicon",
    "check_properties",
    "plot",
    "open_lexicon",
    "add_entry",
    "import_lexicon",
    "data_dir",
    "cache_dir",
    "Config",
    "config",
    "configure",
    "validate_theories",
]

__version__ = "0.1.0"

def decompose(text: str, theory: str = "plutchik") -> Decomposition:
    """Decompose one term with the shipped lexicon."""
    return default_lexicon().decompose(text, theory)


def decompose_many(texts: Iterable[str], theory: str = "plutchik") -> list[Decomposition]:
    """Decompose many terms with the shipped lexicon, in order."""
    return default_lexicon().decompose_many(texts, theory)


def compare(a: str, b: str, theory: str = "plutchik") -> Comparison:
    """Compare two terms with the shipped lexicon: cosine, EXPRESS binary agreement, shared dimensions."""
    return default_lexicon().compare(a, b, theory)


def extract(text, lexicon: Lexicon | None = None, vocabulary: frozenset[str] | None = None):
    """Self-disclosed emotions in a text ("I felt so nostalgic"): a tuple of Disclosures, or,
    given an iterable of texts, an iterator of each one's (docs/extraction.md)."""
    from .text import extract as run  # loaded on first use: decompose-only programs never pay for it

    if isinstance(text, bytes) or not (isinstance(text, str) or hasattr(text, "__iter__")):
        # Refused here, not deep in the tokeniser (an iterable of texts is streamed, so not checked ahead).
        raise ArgumentTypeError(f"text must be a str or an iterable of str, got {type(text).__name__}")
    if lexicon is not None and not isinstance(lexicon, Lexicon):
        raise ArgumentTypeError(f"lexicon must be a Lexicon, got {type(lexicon).__name__}")

    return run(text, lexicon, vocabulary)


def plot(terms, *, overlay: bool = False, title: str | None = None, lexicon: Lexicon | None = None):
    """Plutchik's wheel for terms (side by side, or overlaid): a matplotlib Figure, for
    notebooks or `fig.savefig(...)`. Needs the `plot` extra (matplotlib)."""
    from .evaluation import plot_terms

    return plot_terms([terms] if isinstance(terms, str) else list(terms), lexicon or default_lexicon(),
                      overlay=overlay, title=title)
