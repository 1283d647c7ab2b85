"""Checks over loaded data: the coded lexicon rules, theory validation and the hypothesis
properties. Above the engine: checks call the engine, never the other way round."""

from ..lazy import lazy_attributes
from .lexicon_rules import CHECKS, RULES, SYNONYM_MIN_COSINE, Chain, Problem, chain_list, entry_vector, validate_sources
from .validate import shipped_chains, validate_lexicon, validate_theories

__all__ = ["CHECKS", "RULES", "SYNONYM_MIN_COSINE", "Chain", "Problem", "chain_list", "entry_vector",
           "validate_sources", "shipped_chains", "validate_lexicon", "validate_theories", "check_properties",
           "PROPERTIES", "PropertyResult", "PropertyFailure"]


# The properties module needs hypothesis (the `check` extra); import it only when asked.
_LAZY = dict.fromkeys(["check_properties", "PROPERTIES", "PropertyResult", "PropertyFailure", "term_strategy",
                       "theory_strategy"], "properties")

__getattr__ = lazy_attributes(__name__, _LAZY)
