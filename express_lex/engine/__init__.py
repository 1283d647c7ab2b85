"""The engine: the graph, the compiled table, the resolver, theories and projection, and
`Lexicon`, the object that owns them. Imports `errors`, `config`, `model` and `data`."""

from typing import Any

from .lexicon import Lexicon, default_lexicon, default_table, open_lexicon
from .morphology import not_misspellings
from .resolver import (
    CONFIDENCE,
    CONJUNCTIONS,
    FUNCTION_WORDS,
    DOWNTONERS,
    FRAMING,
    FUZZY_CUTOFF,
    FUZZY_MIN_LENGTH,
    HEDGES,
    INTENSIFIERS,
    NEGATORS,
    TRAILING,
    TRAILING_INTENSIFIERS,
    WORDNET_MAX_HOPS,
    WORDNET_START_LEXNAMES,
    WORDNET_WEIGHTS,
    Resolver,
    max_edits,
    split_joined,
)
from .stats import lexicon_stats
from .theories import (
    MAX_THEORY_BYTES,
    THEORY_RULES,
    UNLISTED,
    CategoricalTheory,
    Category,
    Dimension,
    DimensionalTheory,
    load_theory_text,
    project,
    read_yaml_with_lines,
    theory_sources,
)

__all__ = [
    "Lexicon", "default_lexicon", "default_table", "open_lexicon",
    "CONFIDENCE", "DOWNTONERS", "FRAMING", "FUZZY_CUTOFF", "FUZZY_MIN_LENGTH", "HEDGES", "INTENSIFIERS", "NEGATORS",
    "TRAILING", "TRAILING_INTENSIFIERS", "WORDNET_MAX_HOPS", "WORDNET_START_LEXNAMES", "WORDNET_WEIGHTS", "Resolver",
    "max_edits", "CONJUNCTIONS", "FUNCTION_WORDS", "split_joined", "not_misspellings",
    "lexicon_stats",
    "MAX_THEORY_BYTES", "THEORY_RULES", "UNLISTED", "Category", "Dimension", "CategoricalTheory", "DimensionalTheory",
    "load_theory_text", "project",
    "read_yaml_with_lines", "theory_sources",
    "build_graph", "compile_table", "synset_index", "DECOMPOSING_RELATIONS",
]

_GRAPH = frozenset({"build_graph", "compile_table", "synset_index", "DECOMPOSING_RELATIONS"})


def __getattr__(name: str) -> Any:
    # The graph imports networkx (~100 ms); only a compile needs it, so it loads on first use.
    if name in _GRAPH:
        from . import graph

        return getattr(graph, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
