"""The invariants of a lexicon and its theories, as hypothesis properties over whatever is
loaded: the project's tests and `express-lex check` run the same code, so each invariant is
written once. Needs hypothesis (the `check` extra).

Random sampling alone would miss one bad entry among thousands, so every entry of the
user's own (overlay or file) is also tried as an explicit example.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..model import lookup_key

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from ..engine import Lexicon

__all__ = ["PropertyResult", "PROPERTIES", "check_properties", "PropertyFailure", "term_strategy",
           "theory_strategy"]

_USER_EXAMPLES = 500


class PropertyFailure(AssertionError):
    """A property does not hold; the message names the counterexample."""


@dataclass(frozen=True, slots=True)
class PropertyResult:
    name: str
    description: str
    passed: bool
    counterexample: str | None = None


def term_strategy(lexicon: "Lexicon") -> "SearchStrategy[str]":
    """Every surface form the lexicon knows."""
    from hypothesis import strategies as st

    return st.sampled_from(sorted(lexicon.surface_forms()))


def theory_strategy(lexicon: "Lexicon") -> "SearchStrategy[str]":
    """Every loaded theory other than Plutchik's."""
    from hypothesis import strategies as st

    names = [n for n in lexicon.theory_names() if n != lexicon.theory.name]
    return st.sampled_from(names) if names else st.nothing()


def _user_terms(lexicon: "Lexicon") -> list[str]:
    """Lemmas and forms of the entries that are not shipped (overlay or the user's files)."""
    try:
        entries = lexicon.entries
    except Exception:  # a 0/1 lexicon has no entries
        return []
    found = []
    for entry in entries:
        if entry.provenance.kind == "user":
            found += [lookup_key(f) for f in entry.surface_forms]
    return [t for t in dict.fromkeys(found) if t in lexicon][:_USER_EXAMPLES]


# -- the properties --------------------------------------------------------------------------

def _weights_bounded(lexicon: "Lexicon", term: str) -> None:
    result = lexicon.decompose(term)
    values = (*result.vector, *result.sentiment_vector, result.confidence)
    if not all(0.0 <= v <= 1.0 for v in values):
        raise PropertyFailure(f"{term!r} has a weight outside [0, 1]: {result.emotions}, {result.sentiment}, "
                              f"confidence {result.confidence}")


def _dyads_made_of_components(lexicon: "Lexicon", term: str) -> None:
    # A dyad's theory address is its two components; the plain word may carry an everyday reading
    # (docs/weighting.md), so the check reads `plutchik:guilt`, not `guilt`.
    theory = lexicon.theory
    dyad = theory.terms.get(lookup_key(term))
    if dyad is not None and dyad.kind == "dyad" and not lexicon._exact_only:
        result = lexicon.decompose(f"{theory.name}:{dyad.name}")
        present = {e for e, v in result.emotions.items() if v > 0}
        wanted = {e for e, _ in dyad.components}
        if present != wanted:
            raise PropertyFailure(f"{theory.name}:{dyad.name} decomposes to {sorted(present)}, "
                                  f"not its components {sorted(wanted)}")
    for entry in _entries_named(lexicon, term):
        name = lookup_key(entry.lemma)
        named = theory.terms.get(name)
        # An everyday reading of a dyad's name is fine when the entry says why (W201).
        if named is not None and named.kind == "dyad" and entry.components and \
                entry.components != ((name, 1.0),) and not entry.rationale:
            raise PropertyFailure(f"{entry.lemma!r} ({entry.source}) reads the dyad {name!r} as {entry.expression!r} "
                                  f"without a rationale ({theory.name}:{name} is "
                                  f"{' + '.join(e for e, _ in named.components)})")


def _entries_named(lexicon: "Lexicon", term: str):
    try:
        index = lexicon._entries_by_key()
    except Exception:
        return []
    return index.get(lookup_key(term), [])


def _opposites_not_both_strongest(lexicon: "Lexicon", term: str) -> None:
    result = lexicon.decompose(term)
    top = set(result.dominants)
    for emotion in top:
        if lexicon.theory.opposite[emotion] in top and not any(
                step.kind == "has-component" and step.provenance == "opposite dyad" for step in result.path):
            raise PropertyFailure(f"{term!r} has {emotion} and its opposite {lexicon.theory.opposite[emotion]} "
                                  "both strongest without naming an opposite blend")


def _projections_bounded(lexicon: "Lexicon", term: str, theory: str) -> None:
    projected = lexicon.decompose(term, theory)
    low = -1.0 if lexicon.get_theory(theory).kind == "dimensional" else 0.0
    if not all(low <= v <= 1.0 for v in projected.vector):
        raise PropertyFailure(f"{term!r} in {theory} is outside [{low:g}, 1]: {projected.emotions}")


def _synonyms_close(lexicon: "Lexicon", term: str) -> None:
    from ..model import cosine
    from .lexicon_rules import SYNONYM_MIN_COSINE

    for entry in _entries_named(lexicon, term):
        for synonym in entry.synonyms:
            if synonym not in lexicon:
                continue
            similarity = cosine(lexicon.decompose(entry.lemma).vector, lexicon.decompose(synonym).vector)
            if similarity < SYNONYM_MIN_COSINE:
                raise PropertyFailure(f"{entry.lemma!r} and its synonym {synonym!r} have cosine {similarity:.2f} "
                                      f"(< {SYNONYM_MIN_COSINE})")


def _invariant_under_case_and_whitespace(lexicon: "Lexicon", term: str, flips: list[bool], pad: str) -> None:
    variant = pad + "".join(c.upper() if flip else c for c, flip in zip(term, flips)) + term[len(flips):] + pad
    a, b = lexicon.decompose(term), lexicon.decompose(variant)
    if (a.term, a.vector, a.sentiment_vector, a.method) != (b.term, b.vector, b.sentiment_vector, b.method):
        raise PropertyFailure(f"{variant!r} decomposes differently from {term!r}")


def _plutchik_unchanged_by_theories(lexicon: "Lexicon", term: str) -> None:
    plain = lexicon._without_extra_theories()
    a, b = lexicon.decompose(term), plain.decompose(term)
    if (a.vector, a.sentiment_vector, a.term) != (b.vector, b.sentiment_vector, b.term):
        raise PropertyFailure(f"{term!r} decomposes differently in Plutchik once extra theories are loaded")


@dataclass(frozen=True, slots=True)
class _Property:
    name: str
    description: str
    run: Callable[["Lexicon", int], str | None]


def _over_terms(check: Callable[..., None], extra: Callable[["Lexicon"], list] | None = None):
    def run(lexicon: "Lexicon", max_examples: int) -> str | None:
        from hypothesis import HealthCheck, example, given, settings
        from hypothesis import strategies as st

        strategies = [term_strategy(lexicon)] + (extra(lexicon) if extra else [])

        def test(args: tuple) -> None:
            check(lexicon, *args)

        test = given(st.tuples(*strategies))(test)
        if not extra:  # every entry of the user's own is tried, not only a sample
            for term in _user_terms(lexicon):
                test = example((term,))(test)
        test = settings(max_examples=max_examples, deadline=None, database=None, derandomize=True,
                        suppress_health_check=list(HealthCheck), report_multiple_bugs=False)(test)
        try:
            test()
        except PropertyFailure as failure:
            return str(failure)
        return None

    return run


def _case_extra(lexicon: "Lexicon") -> list:
    from hypothesis import strategies as st

    return [st.lists(st.booleans(), max_size=30), st.sampled_from(["", " ", "  ", "\t", "\n", " \u00a0"])]


def _theory_extra(lexicon: "Lexicon") -> list:
    return [theory_strategy(lexicon)]


PROPERTIES: tuple[_Property, ...] = (
    _Property("weights-bounded", "every weight, sentiment and confidence is in [0, 1]", _over_terms(_weights_bounded)),
    _Property("dyads-made-of-components", "a dyad's theory address (plutchik:guilt) decomposes into exactly "
              "the dyad's two emotions, and an entry reading a dyad's name its own way gives a rationale", _over_terms(_dyads_made_of_components)),
    _Property("opposites-not-both-strongest", "two opposite emotions are never both strongest unless an opposite "
              "blend is named", _over_terms(_opposites_not_both_strongest)),
    _Property("projections-bounded", "every projection is in [0, 1] (categorical) or [-1, 1] (dimensional)",
              _over_terms(_projections_bounded, _theory_extra)),
    _Property("synonyms-close", "an entry's synonyms point the same way (cosine at least 0.7)",
              _over_terms(_synonyms_close)),
    _Property("case-and-whitespace-invariance", "case and surrounding whitespace change nothing",
              _over_terms(_invariant_under_case_and_whitespace, _case_extra)),
    _Property("plutchik-unchanged-by-theories", "loading extra theories leaves every Plutchik decomposition as it was",
              _over_terms(_plutchik_unchanged_by_theories)),
)


def check_properties(lexicon: "Lexicon", *, max_examples: int = 200,
                     only: tuple[str, ...] = ()) -> list[PropertyResult]:
    """Run every property (or those named in `only`) on `lexicon`; each falsified one comes
    back with its minimal counterexample."""
    results = []
    for prop in PROPERTIES:
        if only and prop.name not in only:
            continue
        failure = prop.run(lexicon, max_examples)
        results.append(PropertyResult(prop.name, prop.description, failure is None, failure))
    return results
