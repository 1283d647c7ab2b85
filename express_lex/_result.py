"""The value a decomposition returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Decomposition", "EMOLEX_ORDER", "METHODS"]

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

# Resolver methods, in the order the resolver tries them.
METHODS = ("exact", "phrase", "lemma", "negation", "wordnet", "fuzzy", "unknown")


@dataclass(frozen=True, slots=True)
class Decomposition:
    """One input term decomposed into a theory's dimensions.

    `vector` holds the weights in the theory's own order (`dimensions`); `emotions` and
    `sentiment` give them by name.
    """

    input: str
    term: str | None
    method: str
    confidence: float
    dimensions: tuple[str, ...]
    vector: tuple[float, ...]
    sentiment_vector: tuple[float, float]
    explanation: tuple[str, ...]
    theory: str = "plutchik"

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
            "method": self.method,
            "confidence": self.confidence,
            "emotions": self.emotions,
            "sentiment": self.sentiment,
            "explanation": list(self.explanation),
        }
