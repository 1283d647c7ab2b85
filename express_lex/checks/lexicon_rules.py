"""`lexicon validate`: coded rules over lexicon files, reporting every problem, not the first.

Each code has one check function (CHECKS, the way goodmami/wn's validate registers them); the
codes, severities and messages are the registry in express_lex.model (RULES).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from ..data import DataSource, parse_yaml
from ..errors import DataError
from ..model import (
    LEXICON_RULES,
    RULES,
    SYNONYM_MIN_COSINE,
    THEORY_RULES,
    BasicTheory,
    Entry,
    Problem,
    cosine,
    entry_list,
    lookup_key,
    parse_entry,
)

__all__ = ["Chain", "Problem", "RULES", "CHECKS", "SYNONYM_MIN_COSINE", "chain_list", "validate_sources",
           "entry_vector"]


def entry_vector(entry: Entry, theory: BasicTheory) -> tuple[float, ...]:
    """The vector of an entry's own expression (zero for a derived entry without one)."""
    totals = dict.fromkeys(theory.emotions, 0.0)
    for name, weight in entry.components:
        for emotion, value in theory.terms[name].components:
            totals[emotion] += weight * value
    return tuple(round(min(1.0, totals[e]), 4) for e in theory.emotions)


@dataclass(frozen=True, slots=True)
class Chain:
    """Words a curator ranks from the weakest to the strongest feeling of one basic emotion."""

    emotion: str
    words: tuple[str, ...]
    source: str
    key: str


def chain_list(document: object, source: str, theory: BasicTheory) -> tuple[list[Chain], list[Problem]]:
    """The intensity chains of a parsed document and its shape problems.

    The shape is `chains: {emotion: [[weakest, ..., strongest], ...]}` (docs/lexicon-format.md)."""
    if not isinstance(document, dict) or document.get("chains") is None:
        return [], []
    raw = document["chains"]
    if not isinstance(raw, dict):
        return [], [Problem("E109", source, "chains", "chains is a mapping from a basic emotion to lists of words")]
    chains: list[Chain] = []
    problems: list[Problem] = []
    for emotion, lists in raw.items():
        if emotion not in theory.emotions:
            problems.append(Problem("E109", source, f"chains.{emotion}",
                                    f"{emotion!r} is not a basic emotion of {theory.name}"))
            continue
        for index, words in enumerate(lists if isinstance(lists, list) else [lists]):
            key = f"chains.{emotion}[{index}]"
            words_ok = isinstance(words, list) and all(isinstance(w, str) and w.strip() for w in words)
            if not words_ok or len(words) < 2:
                problems.append(Problem("E109", source, key, "a chain is a list of at least two words, weakest first"))
                continue
            chains.append(Chain(emotion, tuple(words), source, key))
    return chains, problems


@dataclass(frozen=True, slots=True)
class _Context:
    """What the cross-entry checks share: every parsed entry and the indexes over them."""

    theory: BasicTheory
    entries: list[Entry]
    vectors: dict[int, tuple[float, ...]]
    known: set[str]
    by_lemma: dict[str, Entry]
    claims: dict[str, list[Entry]]
    wordnet: Any
    chains: list[Chain]


def _where(entry: Entry) -> str:
    return f"entries[{entry.index}] ({entry.lemma})"


def _parsing(context: _Context) -> Iterator[Problem]:
    """E100-E103 are found while parsing (express_lex.model.parse_entry); see _parse."""
    return iter(())


def _dangling_synonyms(context: _Context) -> Iterator[Problem]:
    for entry in context.entries:
        for synonym in entry.synonyms:
            if lookup_key(synonym) not in context.known:
                yield Problem("E104", entry.source, f"{_where(entry)}.synonyms", f"{synonym!r} is not in the lexicon")


def _dangling_derivations(context: _Context) -> Iterator[Problem]:
    for entry in context.entries:
        if entry.provenance.kind == "derived" and lookup_key(entry.provenance.source or "") not in context.known:
            yield Problem("E105", entry.source, f"{_where(entry)}.provenance.source",
                          f"derived from {entry.provenance.source!r}, which is not in the lexicon")


def _wordnet_links(context: _Context) -> Iterator[Problem]:
    if context.wordnet is None:
        return
    for entry in context.entries:
        for link in entry.wordnet:
            if context.wordnet.synset(link) is None:
                yield Problem("E106", entry.source, f"{_where(entry)}.wordnet", f"{link!r} is not a WordNet 3.0 synset")


def _conflicting_forms(context: _Context) -> Iterator[Problem]:
    for form, owners in context.claims.items():
        defined = [e for e in owners if e.components and form not in context.theory.terms]
        if len({context.vectors[id(e)] for e in defined}) > 1:
            claimant = defined[0]
            others = ", ".join(f"{e.source}: {e.lemma!r}" for e in defined[1:]
                               if context.vectors[id(e)] != context.vectors[id(claimant)])
            yield Problem("E107", claimant.source, _where(claimant),
                          f"form {form!r} also decomposes differently under {others}")


def _opposites_unnamed(context: _Context) -> Iterator[Problem]:
    theory = context.theory
    blends = {t.name for t in theory.dyads("opposite")}
    for entry in context.entries:
        if not entry.components:
            continue
        vector = context.vectors[id(entry)]
        ranked = sorted(range(len(vector)), key=lambda i: -vector[i])
        first, second = theory.emotions[ranked[0]], theory.emotions[ranked[1]]
        if vector[ranked[1]] > 0 and theory.opposite[first] == second and not blends & {n for n, _ in entry.components}:
            yield Problem("E108", entry.source, f"{_where(entry)}.as",
                          f"{first} and {second} are opposites; name the opposite blend to mix them")


def _theory_terms_redefined(context: _Context) -> Iterator[Problem]:
    theory = context.theory
    for entry in context.entries:
        key = lookup_key(entry.lemma)
        if key in theory.terms and entry.components and entry.components != ((key, 1.0),) and not entry.rationale:
            yield Problem("W201", entry.source, f"{_where(entry)}.as",
                          f"{key!r} is a {theory.name} term read differently here; say why in a rationale "
                          f"({theory.name}:{key} keeps the theory's reading)")


def _distant_synonyms(context: _Context) -> Iterator[Problem]:
    for entry in context.entries:
        for synonym in entry.synonyms:
            other = context.by_lemma.get(lookup_key(synonym))
            if other is not None and entry.components and other.components:
                similarity = cosine(context.vectors[id(entry)], context.vectors[id(other)])
                if similarity < SYNONYM_MIN_COSINE:
                    yield Problem("W202", entry.source, f"{_where(entry)}.synonyms",
                                  f"{synonym!r} has cosine {similarity:.2f} with this entry")


def _missing_rationales(context: _Context) -> Iterator[Problem]:
    for entry in context.entries:
        if entry.provenance.kind == "curated" and not entry.rationale:
            yield Problem("W203", entry.source, _where(entry), "no rationale")


def _wordnet_missing(context: _Context) -> Iterator[Problem]:
    """W204 is reported by validate_sources when it is told WordNet was not checked."""
    return iter(())


def _redundant_forms(context: _Context) -> Iterator[Problem]:
    for entry in context.entries:
        key = lookup_key(entry.lemma)
        for form in entry.forms:
            if lookup_key(form) == key:
                yield Problem("W205", entry.source, f"{_where(entry)}.forms", f"{form!r} is the entry's own lemma")


def _term_vector(theory: BasicTheory, name: str) -> tuple[float, ...]:
    totals = dict(theory.terms[name].components)
    return tuple(round(min(1.0, totals.get(e, 0.0)), 4) for e in theory.emotions)


def _intensity_chains(context: _Context) -> Iterator[Problem]:
    theory = context.theory
    # A chain word is read as the lexicon reads it: a theory term by its definition, else the lemma or form.
    vectors = {form: context.vectors[id(defined[0])] for form, owners in context.claims.items()
               if (defined := [e for e in owners if e.components])}
    vectors.update({name: _term_vector(theory, name) for name in theory.terms})
    for chain in context.chains:
        column = theory.emotions.index(chain.emotion)
        previous: tuple[str, float] | None = None
        for word in chain.words:
            vector = vectors.get(lookup_key(word))
            if vector is None:
                yield Problem("E109", chain.source, chain.key, f"{word!r} is not in the lexicon")
                break
            weight = vector[column]
            if weight <= 0 or weight < max(vector):
                strongest = theory.emotions[max(range(len(vector)), key=lambda i: vector[i])]
                yield Problem("E109", chain.source, chain.key,
                              f"{word!r} is strongest on {strongest}, not {chain.emotion}")
                break
            if previous is not None and weight <= previous[1]:
                yield Problem("E109", chain.source, chain.key,
                              f"{word!r} ({chain.emotion} {weight:g}) is not stronger than "
                              f"{previous[0]!r} ({previous[1]:g})")
                break
            previous = (word, weight)


def _theory_file(context: _Context) -> Iterator[Problem]:
    """T-codes are found while a theory file loads (express_lex.engine.load_theory_text)."""
    return iter(())


# Every code in the registry and the function that checks it.
CHECKS: dict[str, Callable[[_Context], Iterator[Problem]]] = {
    "E100": _parsing, "E101": _parsing, "E102": _parsing, "E103": _parsing,
    "E104": _dangling_synonyms, "E105": _dangling_derivations, "E106": _wordnet_links, "E107": _conflicting_forms,
    "E108": _opposites_unnamed, "E109": _intensity_chains,
    "W201": _theory_terms_redefined, "W202": _distant_synonyms, "W203": _missing_rationales,
    "W204": _wordnet_missing, "W205": _redundant_forms,
    **dict.fromkeys(THEORY_RULES, _theory_file),
}
assert CHECKS.keys() == RULES.keys(), "every registered code has a check, and every check a code"


def _parse(sources: list[DataSource], theory: BasicTheory, problems: list[Problem],
           chains: list[Chain]) -> list[Entry]:
    entries: list[Entry] = []
    for source in sources:
        try:
            document = parse_yaml(source)
            raw_entries = entry_list(document, source.name)
        except DataError as error:
            problems.append(Problem("E100", error.source, error.key, error.message))
            continue
        found, shape_problems = chain_list(document, source.name, theory)
        chains += found
        problems += shape_problems
        for index, raw in enumerate(raw_entries):
            try:
                entries.append(parse_entry(raw, source.name, index, theory, source.default_provenance))
            except DataError as error:
                problems.append(Problem(error.code, error.source, error.key, error.message))
    return entries


def validate_sources(theory: BasicTheory, sources: list[DataSource], wordnet=None,
                     wordnet_checked: bool = True) -> list[Problem]:
    """Every problem in the given lexicon files, errors first, then by file and rule order."""
    problems: list[Problem] = []
    chains: list[Chain] = []
    entries = _parse(sources, theory, problems, chains)
    known = {lookup_key(e.lemma) for e in entries} | {lookup_key(f) for e in entries for f in e.forms} | set(theory.terms)
    claims: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for form in entry.surface_forms:
            claims[lookup_key(form)].append(entry)
    context = _Context(theory, entries, {id(e): entry_vector(e, theory) for e in entries}, known,
                       {lookup_key(e.lemma): e for e in entries if e.provenance.kind != "derived"}, claims, wordnet,
                       chains)
    for check in dict.fromkeys(CHECKS[code] for code in LEXICON_RULES):
        problems.extend(check(context))
    if not wordnet_checked:
        problems.append(Problem("W204", "wordnet", "", RULES["W204"].message))
    order = {code: i for i, code in enumerate(RULES)}
    return sorted(problems, key=lambda p: (p.severity != "error", p.source, order.get(p.code, 99)))
