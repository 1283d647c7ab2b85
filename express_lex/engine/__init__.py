"""The engine: the graph, the compiled table, the resolver, theories and projection, and
`Lexicon`, the object that owns them. Imports `errors`, `config`, `lazy`, `model` and `data`."""

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes

from .lexicon import Lexicon, default_lexicon, default_table, open_lexicon

if TYPE_CHECKING:
    from .graph import DECOMPOSING_RELATIONS, build_graph, compile_table, synset_index
    from .morphology import not_misspellings
    from .resolver import (
        CONFIDENCE,
        CONJUNCTIONS,
        DOWNTONERS,
        FRAMING,
        FUNCTION_WORDS,
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

# A lookup in the compiled table needs only `lexicon`; the rest loads on first use: the graph
# imports networkx (~100 ms), and the resolver, theories and morphology together cost ~5 ms of
# the cold start of `decompose joy`.
_LAZY = {
    **dict.fromkeys(["build_graph", "compile_table", "synset_index", "DECOMPOSING_RELATIONS"], "graph"),
    **dict.fromkeys(["CONFIDENCE", "CONJUNCTIONS", "DOWNTONERS", "FRAMING", "FUNCTION_WORDS", "FUZZY_CUTOFF",
                     "FUZZY_MIN_LENGTH", "HEDGES", "INTENSIFIERS", "NEGATORS", "TRAILING", "TRAILING_INTENSIFIERS",
                     "WORDNET_MAX_HOPS", "WORDNET_START_LEXNAMES", "WORDNET_WEIGHTS", "Resolver", "max_edits",
                     "split_joined"], "resolver"),
    "not_misspellings": "morphology",
    "lexicon_stats": "stats",
    **dict.fromkeys(["MAX_THEORY_BYTES", "THEORY_RULES", "UNLISTED", "CategoricalTheory", "Category", "Dimension",
                     "DimensionalTheory", "load_theory_text", "project", "read_yaml_with_lines", "theory_sources"],
                    "theories"),
}


__getattr__ = lazy_attributes(__name__, _LAZY)
