"""`lexicon validate`: coded rules over lexicon files, reporting every problem, not the first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..data import DataSource, parse_yaml
from ..errors import DataError
from ..model import BasicTheory, Entry, cosine, entry_list, lookup_key, parse_entry

__all__ = ["Problem", "RULES", "SYNONYM_MIN_COSINE", "validate_sources", "entry_vector"]

# Synonyms listed on an entry must point the same way: documented in docs/lexicon-format.md.
SYNONYM_MIN_COSINE = 0.7

RULES = {
    "E100": "file is not valid YAML or not a lexicon document",
    "E101": "entry shape: missing or unknown key, bad part of speech or sentiment, unreadable expression",
    "E102": "an emotion, intensity term or dyad the theory lacks",
    "E103": "a weight or confidence out of range",
    "E104": "a dangling synonym: not a term of the lexicon or the theory",
    "E105": "a dangling derivation: a derived entry (or form) whose source lemma is not in the lexicon",
    "E106": "a WordNet link that is malformed or names no WordNet 3.0 synset",
    "E107": "one surface form with two conflicting decompositions",
    "E108": "two opposite emotions strongest without naming an opposite blend",
    "W201": "an entry gives a theory term an everyday reading without a rationale saying why",
    "W202": f"synonyms whose vectors are not close (cosine below {SYNONYM_MIN_COSINE})",
    "W203": "a curated entry without a rationale",
    "W204": "WordNet 3.0 not found: WordNet links were not checked",
    "W205": "a form that is the entry's own lemma once case, hyphens and spaces are folded (redundant)",
}


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    source: str
    key: str
    message: str

    @property
    def severity(self) -> str:
        return "error" if self.code.startswith("E") else "warning"

    def __str__(self) -> str:
        where = f"{self.source}: {self.key}" if self.key else self.source
        return f"{where}: {self.code} {self.message}"


def entry_vector(entry: Entry, theory: BasicTheory) -> tuple[float, ...]:
    """The vector of an entry's own expression (zero for a derived entry without one)."""
    totals = dict.fromkeys(theory.emotions, 0.0)
    for name, weight in entry.components:
        for emotion, value in theory.terms[name].components:
            totals[emotion] += weight * value
    return tuple(round(min(1.0, totals[e]), 4) for e in theory.emotions)


def validate_sources(theory: BasicTheory, sources: list[DataSource], wordnet=None, wordnet_checked: bool = True) -> list[Problem]:
    """Every problem in the given lexicon files, in file order then rule order."""
    problems: list[Problem] = []
    entries: list[Entry] = []
    for source in sources:
        try:
            raw_entries = entry_list(parse_yaml(source), source.name)
        except DataError as error:
            problems.append(Problem("E100", error.source, error.key, error.message))
            continue
        for index, raw in enumerate(raw_entries):
            try:
                entries.append(parse_entry(raw, source.name, index, theory, source.default_provenance))
            except DataError as error:
                problems.append(Problem(error.code, error.source, error.key, error.message))

    vectors = {id(e): entry_vector(e, theory) for e in entries}
    lemma_keys = {lookup_key(e.lemma) for e in entries}
    known = lemma_keys | {lookup_key(f) for e in entries for f in e.forms} | set(theory.terms)
    by_lemma = {lookup_key(e.lemma): e for e in entries if e.provenance.kind != "derived"}
    blends = {t.name for t in theory.dyads("opposite")}

    claims: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for form in entry.surface_forms:
            claims[lookup_key(form)].append(entry)

    for entry in entries:
        where = f"entries[{entry.index}] ({entry.lemma})"
        key = lookup_key(entry.lemma)
        vector = vectors[id(entry)]
        for synonym in entry.synonyms:
            synonym_key = lookup_key(synonym)
            if synonym_key not in known:
                problems.append(Problem("E104", entry.source, f"{where}.synonyms", f"{synonym!r} is not in the lexicon"))
            elif synonym_key in by_lemma and entry.components and by_lemma[synonym_key].components:
                similarity = cosine(vector, vectors[id(by_lemma[synonym_key])])
                if similarity < SYNONYM_MIN_COSINE:
                    problems.append(Problem("W202", entry.source, f"{where}.synonyms",
                                            f"{synonym!r} has cosine {similarity:.2f} with this entry"))
        for form in entry.forms:
            if lookup_key(form) == key:
                problems.append(Problem("W205", entry.source, f"{where}.forms", f"{form!r} is the entry's own lemma"))
        if entry.provenance.kind == "derived" and lookup_key(entry.provenance.source or "") not in known:
            problems.append(Problem("E105", entry.source, f"{where}.provenance.source",
                                    f"derived from {entry.provenance.source!r}, which is not in the lexicon"))
        if entry.components:
            ranked = sorted(range(len(vector)), key=lambda i: -vector[i])
            first, second = theory.emotions[ranked[0]], theory.emotions[ranked[1]]
            if vector[ranked[1]] > 0 and theory.opposite[first] == second and not blends & {n for n, _ in entry.components}:
                problems.append(Problem("E108", entry.source, f"{where}.as",
                                        f"{first} and {second} are opposites; name the opposite blend to mix them"))
        if key in theory.terms and entry.components and entry.components != ((key, 1.0),) and not entry.rationale:
            problems.append(Problem("W201", entry.source, f"{where}.as",
                                    f"{key!r} is a {theory.name} term read differently here; say why in a rationale "
                                    f"({theory.name}:{key} keeps the theory's reading)"))
        if entry.provenance.kind == "curated" and not entry.rationale:
            problems.append(Problem("W203", entry.source, where, "no rationale"))
        if wordnet is not None:
            for link in entry.wordnet:
                if wordnet.synset(link) is None:
                    problems.append(Problem("E106", entry.source, f"{where}.wordnet", f"{link!r} is not a WordNet 3.0 synset"))

    for form, owners in claims.items():
        defined = [e for e in owners if e.components and form not in theory.terms]
        distinct = {vectors[id(e)] for e in defined}
        if len(distinct) > 1:
            claimant = defined[0]
            others = ", ".join(f"{e.source}: {e.lemma!r}" for e in defined[1:] if vectors[id(e)] != vectors[id(claimant)])
            problems.append(Problem("E107", claimant.source, f"entries[{claimant.index}] ({claimant.lemma})",
                                    f"form {form!r} also decomposes differently under {others}"))

    if not wordnet_checked:
        problems.append(Problem("W204", "wordnet", "", RULES["W204"]))
    order = {code: i for i, code in enumerate(RULES)}
    return sorted(problems, key=lambda p: (p.severity != "error", p.source, order.get(p.code, 99)))


