"""Lexicon entries: parsed from YAML and checked for shape once, at load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import DataError
from .normalize import canonical
from .theory import BasicTheory, ExpressionError, parse_expression

__all__ = ["Entry", "Provenance", "POS_TAGS", "SENTIMENT_OVERRIDES", "DERIVATION_RELATIONS", "parse_entries", "parse_entry", "entry_list", "canonical"]

POS_TAGS = ("adj", "noun", "verb", "adv", "phrase", "emoji", "intj")
SENTIMENT_OVERRIDES = ("positive", "negative", "neutral", "mixed")
DERIVATION_RELATIONS = ("synset-member", "derivation", "similar-to", "participle", "hyponym", "pertainym")
_ENTRY_KEYS = {"lemma", "pos", "as", "rationale", "synonyms", "wordnet", "forms", "sentiment", "provenance"}
_SYNSET = re.compile(r"^[^\s.]+(?:\.[^\s.]+)*\.[nvasr]\.\d{2}$")
@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an entry comes from: curated by hand, or derived from `source` by `relation`."""

    kind: str  # "curated", "derived" or "user"
    source: str | None = None
    relation: str | None = None
    synset: str | None = None
    confidence: float = 1.0

    def describe(self) -> str:
        if self.kind != "derived":
            return self.kind
        via = f" via {self.synset}" if self.synset else ""
        return f"derived from {self.source!r} by {self.relation}{via}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry."""

    lemma: str
    pos: str
    expression: str | None
    components: tuple[tuple[str, float], ...]
    rationale: str | None
    synonyms: tuple[str, ...]
    wordnet: tuple[str, ...]
    forms: tuple[str, ...]
    sentiment: str | None
    provenance: Provenance
    source: str
    index: int

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.lemma, *self.forms)

    @property
    def where(self) -> str:
        return f"{self.source}: entries[{self.index}] ({self.lemma})"


def _string_list(raw: dict[str, Any], key: str, source: str, path: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise DataError(source, f"{path}.{key}", "expected a list of non-empty strings")
    return tuple(item.strip() for item in value)


def _provenance(raw: Any, source: str, path: str, default: str) -> Provenance:
    if raw is None:
        return Provenance(default)
    if raw in ("curated", "user"):
        return Provenance(raw)
    if not isinstance(raw, dict):
        raise DataError(source, path, "expected 'curated', 'user' or a mapping with source, relation, confidence")
    source_lemma = raw.get("source")
    relation = raw.get("relation")
    confidence = raw.get("confidence")
    if not isinstance(source_lemma, str) or not source_lemma:
        raise DataError(source, f"{path}.source", "a derived entry names the lemma it comes from")
    if relation not in DERIVATION_RELATIONS:
        raise DataError(source, f"{path}.relation", f"must be one of {', '.join(DERIVATION_RELATIONS)}")
    if not isinstance(confidence, (int, float)) or isinstance(confidence, bool) or not 0 < confidence <= 1:
        raise DataError(source, f"{path}.confidence", f"must be a number in (0, 1], got {confidence!r}", "E103")
    synset = raw.get("synset")
    if synset is not None and not isinstance(synset, str):
        raise DataError(source, f"{path}.synset", "expected a synset name")
    return Provenance("derived", canonical(source_lemma), relation, synset, float(confidence))


def parse_entries(data: Any, source: str, theory: BasicTheory, default_provenance: str = "curated") -> list[Entry]:
    """Check the shape of one lexicon document and return its entries."""
    return [parse_entry(raw, source, index, theory, default_provenance) for index, raw in enumerate(entry_list(data, source))]


def entry_list(data: Any, source: str) -> list[Any]:
    """The raw entries of a parsed lexicon document."""
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
        raise DataError(source, "", "a lexicon file is a mapping with a list under 'entries'", "E100")
    return data.get("entries") or []


def parse_entry(raw: Any, source: str, index: int, theory: BasicTheory, default_provenance: str = "curated") -> Entry:
    """Check one raw entry; a DataError names the file, the key path and the rule code."""
    path = f"entries[{index}]"
    if not isinstance(raw, dict):
        raise DataError(source, path, "an entry is a mapping")
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        raise DataError(source, f"{path}.{unknown[0]}", f"unknown key (allowed: {', '.join(sorted(_ENTRY_KEYS))})")
    lemma = raw.get("lemma")
    if not isinstance(lemma, str) or not canonical(lemma):
        raise DataError(source, f"{path}.lemma", "missing or empty lemma")
    path = f"entries[{index}] ({lemma})"
    pos = raw.get("pos")
    if pos not in POS_TAGS:
        raise DataError(source, f"{path}.pos", f"must be one of {', '.join(POS_TAGS)}, got {pos!r}")
    provenance = _provenance(raw.get("provenance"), source, f"{path}.provenance", default_provenance)
    expression = raw.get("as")
    components: tuple[tuple[str, float], ...] = ()
    if expression is not None or provenance.kind != "derived":
        try:
            components = parse_expression(expression, theory)
        except ExpressionError as error:
            raise DataError(source, f"{path}.as", str(error), error.code) from None
        names = [name for name, _ in components]
        if len(set(names)) < len(names):
            # The graph keeps one defined-as edge per name, so a repeated name would silently lose a weight.
            repeated = next(name for name in names if names.count(name) > 1)
            raise DataError(source, f"{path}.as", f"{repeated!r} is named twice: write it once with the summed weight")
    sentiment = raw.get("sentiment")
    if sentiment is not None and sentiment not in SENTIMENT_OVERRIDES:
        raise DataError(source, f"{path}.sentiment", f"must be one of {', '.join(SENTIMENT_OVERRIDES)}")
    rationale = raw.get("rationale")
    if rationale is not None and not isinstance(rationale, str):
        raise DataError(source, f"{path}.rationale", "expected text")
    wordnet = _string_list(raw, "wordnet", source, path)
    for synset in wordnet:
        if not _SYNSET.match(synset):
            raise DataError(source, f"{path}.wordnet", f"{synset!r} is not a synset name such as anger.n.01", "E106")
    return Entry(
        lemma=canonical(lemma),
        pos=pos,
        expression=expression,
        components=components,
        rationale=rationale,
        synonyms=tuple(canonical(s) for s in _string_list(raw, "synonyms", source, path)),
        wordnet=wordnet,
        forms=tuple(canonical(f) for f in _string_list(raw, "forms", source, path)),
        sentiment=sentiment,
        provenance=provenance,
        source=source,
        index=index,
    )
