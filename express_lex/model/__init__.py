"""Value types: results, lexicon entries, Plutchik's theory, comparisons and key normalisation.
Imports nothing of express-lex but `errors` and `lazy`."""

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes
from .arguments import require_path, require_paths, require_text, require_texts
from .normalize import EMOJI_RANGES, canonical, check_term, fold_emoji, is_emoji, lookup_key
from .result import EMOLEX_ORDER, METHODS, STEP_KINDS, CompiledTerm, Decomposition, Step
from .theory import BasicTheory, ExpressionError, Theory, TheoryTerm, load_basic_theory, parse_expression

if TYPE_CHECKING:
    from .compare import Comparison, compare_decompositions, cosine
    from .entries import (
        DERIVATION_RELATIONS,
        POS_TAGS,
        SENTIMENT_OVERRIDES,
        Entry,
        Provenance,
        entry_list,
        parse_entries,
        parse_entry,
    )
    from .problems import LEXICON_RULES, RULES, SYNONYM_MIN_COSINE, THEORY_RULES, Problem, Rule

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

# Comparisons, lexicon entries and the rule registry load on first use: a table lookup needs
# none of them (~3 ms).
_LAZY = {**dict.fromkeys(["Comparison", "compare_decompositions", "cosine"], "compare"),
         **dict.fromkeys(["DERIVATION_RELATIONS", "POS_TAGS", "SENTIMENT_OVERRIDES", "Entry", "Provenance",
                          "entry_list", "parse_entries", "parse_entry"], "entries"),
         **dict.fromkeys(["LEXICON_RULES", "RULES", "SYNONYM_MIN_COSINE", "THEORY_RULES", "Problem", "Rule"],
                         "problems")}


__getattr__ = lazy_attributes(__name__, _LAZY)
