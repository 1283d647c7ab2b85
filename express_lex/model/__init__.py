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
from .normalize import EMOJI_RANGES, check_term, fold_emoji, is_emoji, lookup_key
from .result import EMOLEX_ORDER, METHODS, STEP_KINDS, CompiledTerm, Decomposition, Step
from .problems import LEXICON_RULES, RULES, SYNONYM_MIN_COSINE, THEORY_RULES, Problem, Rule
from .theory import BasicTheory, ExpressionError, Theory, TheoryTerm, load_basic_theory, parse_expression

__all__ = [
    "require_path", "require_paths", "require_text", "require_texts",
    "Comparison", "compare_decompositions", "cosine",
    "DERIVATION_RELATIONS", "POS_TAGS", "SENTIMENT_OVERRIDES", "Entry", "Provenance", "canonical", "entry_list",
    "parse_entries", "parse_entry",
    "check_term", "lookup_key", "fold_emoji", "is_emoji", "EMOJI_RANGES",
    "EMOLEX_ORDER", "METHODS", "STEP_KINDS", "CompiledTerm", "Decomposition", "Step",
    "BasicTheory", "ExpressionError", "Theory", "TheoryTerm", "load_basic_theory", "parse_expression",
    "LEXICON_RULES", "RULES", "SYNONYM_MIN_COSINE", "THEORY_RULES", "Problem", "Rule",
]
