"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import strategies as st


@lru_cache(maxsize=1)
def _lexicon():
    import express_lex

    return express_lex.default_lexicon()


def theory_terms(kind: str | None = None) -> st.SearchStrategy[str]:
    """Names the Plutchik theory defines (intensity terms and dyads)."""
    terms = _lexicon().theory.terms.values()
    return st.sampled_from(sorted(t.name for t in terms if kind is None or t.kind == kind))


def dyads(own_only: bool = False) -> st.SearchStrategy:
    theory = _lexicon().theory
    return st.sampled_from(
        [d for d in theory.dyads() if not own_only or d.dyad_kind in theory.own_dyad_kinds]
    )


def known_terms() -> st.SearchStrategy[str]:
    """Every surface form the compiled lexicon knows."""
    return st.sampled_from(sorted(_lexicon().surface_forms()))


def case_variants(term: str) -> st.SearchStrategy[str]:
    """The same term with its letters' case changed at random."""
    return st.lists(st.booleans(), min_size=len(term), max_size=len(term)).map(
        lambda flips: "".join(ch.upper() if flip else ch for ch, flip in zip(term, flips))
    )


whitespace = st.text(alphabet=" \t\n\r\u00a0\u2003", max_size=4)


def padded(term: str) -> st.SearchStrategy[str]:
    """The term with whitespace of any kind around it."""
    return st.tuples(whitespace, whitespace).map(lambda pad: f"{pad[0]}{term}{pad[1]}")


any_text = st.text(max_size=200)
