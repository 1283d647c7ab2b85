"""Comparing two decompositions: graded similarity and the EXPRESS binary view."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from .result import EMOLEX_ORDER, Decomposition

__all__ = ["Comparison", "compare_decompositions", "cosine"]


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine similarity; 0.0 when either vector is all zeros (no emotion shares nothing).
    The one cosine of the package: comparisons, synonyms, projections and evaluation use it."""
    dot = sum(x * y for x, y in zip(a, b))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


@dataclass(frozen=True, slots=True)
class Comparison:
    """How two decomposed terms relate.

    `cosine` is over the graded weights; `binary_match` is the EXPRESS criterion (the two
    0/1 vectors are identical: EmoLex's 10 columns for Plutchik, a theory's own categories plus
    positive and negative after projection), `binary_agreement` the share of columns on which
    they agree. As in the EXPRESS authors' code, two all-zero vectors are a binary match; their
    cosine is 0. A dimensional theory (VAD) has no 0/1 view: the binary fields are None.
    """

    a: Decomposition
    b: Decomposition
    cosine: float
    cosine_with_sentiment: float
    binary_match: bool | None
    binary_agreement: float | None
    shared: tuple[str, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    same_dominant: bool
    binary_columns: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "cosine": round(self.cosine, 4),
            "cosine_with_sentiment": round(self.cosine_with_sentiment, 4),
            "binary_match": self.binary_match,
            "binary_agreement": None if self.binary_agreement is None else round(self.binary_agreement, 4),
            "shared": list(self.shared),
            "only_a": list(self.only_a),
            "only_b": list(self.only_b),
            "same_dominant": self.same_dominant,
        }


def _bits(result: Decomposition, names: tuple[str, ...]) -> tuple[int, ...]:
    values = {**dict(zip(result.dimensions, result.vector)), **result.sentiment}
    return tuple(int(values.get(name, 0.0) > 0) for name in names)


def compare_decompositions(a: Decomposition, b: Decomposition, *, dimensional: bool = False) -> Comparison:
    """Compare two decompositions of the same theory."""
    if a.dimensions != b.dimensions:
        raise ValueError(f"cannot compare {a.theory} with {b.theory} decompositions")
    names = EMOLEX_ORDER if set(a.dimensions) <= set(EMOLEX_ORDER) else (*a.dimensions, "positive", "negative")
    binary_a, binary_b = _bits(a, names), _bits(b, names)
    agree = sum(x == y for x, y in zip(binary_a, binary_b))
    present_a = {n for n, bit in zip(names, binary_a) if bit}
    present_b = {n for n, bit in zip(names, binary_b) if bit}
    return Comparison(
        a=a,
        b=b,
        cosine=cosine(a.vector, b.vector),
        cosine_with_sentiment=cosine(a.vector + a.sentiment_vector, b.vector + b.sentiment_vector),
        binary_match=None if dimensional else binary_a == binary_b,
        binary_agreement=None if dimensional else agree / len(names),
        shared=tuple(n for n in names if n in present_a & present_b),
        only_a=tuple(n for n in names if n in present_a - present_b),
        only_b=tuple(n for n in names if n in present_b - present_a),
        same_dominant=bool(a.dominants) and bool(set(a.dominants) & set(b.dominants)),
        binary_columns=() if dimensional else tuple(names),
    )
