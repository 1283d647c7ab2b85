"""Value types: results, lexicon entries, Plutchik's theory, comparisons and key normalisation.
Imports nothing of express-lex but `errors`."""

from .arguments import require_path, require_paths, require_text, require_texts
from .compare import Comparison, compare_decompositions, cosine
from .entries import (
                      DERIVATION_RELATIONS,
                      POS_TAGS,
                      SENTIMENT_OVERRIDES,
                      Entry,
                      Provenance,
                      canonical,
                      entry_list,
                      parse_entries,
                      parse_entry,
)
from .normalize import check_term, lookup_key
from .result import EMOLEX_ORDER, METHODS, STEP_KINDS, CompiledTerm, Decomposition, Step
from .theory import BasicTheory, ExpressionError, TheoryTerm, load_basic_theory, parse_expression

__all__ = [
    "require_path", "require_paths", "require_text", "require_texts",
    "Comparison", "compare_decompositions", "cosine",
    "DERIVATION_RELATIONS", "POS_TAGS", "SENTIMENT_OVERRIDES", "Entry", "Provenance", "canonical", "entry_list",
    "parse_entries", "parse_entry",
    "check_term", "lookup_key",
    "EMOLEX_ORDER", "METHODS", "STEP_KINDS", "CompiledTerm", "Decomposition", "Step",
    "BasicTheory", "ExpressionError", "TheoryTerm", "load_basic_theory", "parse_expression",
]
