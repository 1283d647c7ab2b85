"""The value a decomposition returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Decomposition", "CompiledTerm", "Step", "STEP_KINDS", "EMOLEX_ORDER", "METHODS"]

# Column order of NRC EmoLex and of the EXPRESS authors' lexicon file.
EMOLEX_ORDER = (
    "anger",
    "anticipation",
    "disgust",
    "fear",
    "joy",
    "sadness",
    "surprise",
    "trust",
    "positive",
    "negative",
)

# Resolver methods from most to least certain; a result's method is its least certain step
# (docs/resolver.md), so "not very frustated" is fuzzy and "not happy" is negation.
METHODS = ("exact", "phrase", "lemma", "modified", "negation", "composed", "fuzzy", "wordnet", "unknown")


# What a step of a path can be: graph edges first, then resolver steps (docs/resolver.md).
STEP_KINDS = (
    "defined-as", "form-of", "derived-from", "has-component", "intensity-of",  # graph edges
    "normalised", "framing", "hedge", "downtoner", "intensifier", "negator", "trailing",  # input peeled
    "joined", "lemma", "fuzzy", "wordnet",  # resolver steps (target None: tried and failed, or skipped)
    "composed", "split", "emoji",  # a composition and its parts, a joined word split, an emoji sequence
    "negation", "scaled", "confidence", "unknown", "projection",
)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a decomposition's path: a graph edge or a resolver step.

    `source` is what the step starts from and `target` what it reaches (None when a step was
    tried and found nothing); `weight` is an edge weight or a factor; `provenance` says where
    the link comes from (curated, derived, a dyad kind, a WordNet relation, a rule). `text` is
    the step as `explain` prints it.
    """

    kind: str
    source: str
    target: str | None
    weight: float | None
    provenance: str | None
    text: str

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "source": self.source, "target": self.target, "weight": self.weight,
                "provenance": self.provenance}


@dataclass(frozen=True, slots=True)
class CompiledTerm:
    """A surface form's compiled decomposition: what a table lookup returns."""

    term: str  # the lemma it resolves to
    method: str
    confidence: float
    vector: tuple[float, ...]
    sentiment: tuple[float, float]  # (positive, negative)
    path: tuple[Step, ...]
    pos: str  # part of speech


@dataclass(frozen=True, slots=True)
class Decomposition:
    """One input term decomposed into a theory's dimensions.

    `vector` holds the weights in the theory's own order (`dimensions`); `emotions` and
    `sentiment` give them by name. `term` is the lexicon lemma the input resolved to and
    `matched` the lexicon surface form actually found (a listed form, phrase or correction).
    `path` is every step taken, typed; `explanation` is the same steps as text.
    """

    input: str
    term: str | None
    method: str
    confidence: float
    dimensions: tuple[str, ...]
    vector: tuple[float, ...]
    sentiment_vector: tuple[float, float]
    path: tuple[Step, ...]
    theory: str = "plutchik"
    matched: str | None = None

    @property
    def explanation(self) -> tuple[str, ...]:
        return tuple(step.text for step in self.path)

    @property
    def emotions(self) -> dict[str, float]:
        return dict(zip(self.dimensions, self.vector))

    @property
    def sentiment(self) -> dict[str, float]:
        return {"positive": self.sentiment_vector[0], "negative": self.sentiment_vector[1]}

    @property
    def known(self) -> bool:
        return self.method != "unknown"

    @property
    def dominant(self) -> str | None:
        """The strongest emotion (first in theory order on a tie), or None if all are zero."""
        best = max(self.vector, default=0.0)
        if best <= 0:
            return None
        return self.dimensions[self.vector.index(best)]

    @property
    def dominants(self) -> tuple[str, ...]:
        """Every emotion tied for strongest."""
        best = max(self.vector, default=0.0)
        if best <= 0:
            return ()
        return tuple(name for name, value in zip(self.dimensions, self.vector) if value == best)

    def binary(self, threshold: float = 0.0) -> tuple[int, ...]:
        """0/1 vector in the EmoLex/EXPRESS column order (eight emotions, positive, negative).

        A dimension is 1 when its weight is above `threshold`.
        """
        values = dict(zip(self.dimensions, self.vector))
        values["positive"], values["negative"] = self.sentiment_vector
        return tuple(int(values.get(name, 0.0) > threshold) for name in EMOLEX_ORDER)

    def to_dict(self) -> dict[str, Any]:
        """The JSON record of the CLI contract."""
        return {
            "input": self.input,
            "term": self.term,
            "matched": self.matched,
            "method": self.method,
            "confidence": self.confidence,
            "emotions": self.emotions,
            "sentiment": self.sentiment,
            "explanation": list(self.explanation),
            "path": [step.to_dict() for step in self.path],
            "theory": self.theory,
        }
