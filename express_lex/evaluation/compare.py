"""Paired comparisons of results files over the same segments (issue 15): for each metric, the
difference between two files and a paired bootstrap 95% interval, resampling segments (rows)
jointly so that what both models found easy or hard cancels out."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import InputError
from .metrics import iter_results
from .reports import GRADED_METRICS
from .scoring import (
    Encoded,
    RowTable,
    WordTable,
    bootstrap_ratios,
    encode_rows,
    graded_table,
    numpy,
    paper_table,
    percentile_interval,
)

if TYPE_CHECKING:
    from ..engine import Lexicon

__all__ = ["Difference", "PairedComparison", "compare_files", "compare_encoded", "comparisons_to_json", "metric_tables"]


@dataclass(frozen=True, slots=True)
class Difference:
    """One metric of two files: each value, `other - baseline`, and its paired bootstrap 95%
    interval (NaN bounds when the bootstrap is 0)."""

    metric: str
    baseline: float
    other: float
    difference: float
    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "baseline": self.baseline, "other": self.other, "difference": self.difference,
                "ci95": [self.low, self.high]}


@dataclass(frozen=True, slots=True)
class PairedComparison:
    """`other` against `baseline` over the `rows` segments both cover."""

    baseline: str
    other: str
    rows: int
    differences: tuple[Difference, ...]

    def by_metric(self) -> dict[str, Difference]:
        return {d.metric: d for d in self.differences}

    def to_dict(self) -> dict[str, Any]:
        return {"baseline": self.baseline, "other": self.other, "rows": self.rows,
                "differences": [d.to_dict() for d in self.differences]}


def comparisons_to_json(comparisons: Sequence[PairedComparison]) -> str:
    """`evaluate --compare --format json`: an indented list, null for empty intervals."""
    def clean(value: Any) -> Any:
        if isinstance(value, float) and math.isnan(value):
            return None
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return json.dumps([clean(c.to_dict()) for c in comparisons], indent=2) + "\n"


def metric_tables(encoded: Encoded, words: WordTable, metrics: str, theory: str) -> RowTable:
    """The paper's (strict) and graded metrics of a file as one per-row table."""
    np = numpy()
    tables = []
    if metrics in ("paper", "all"):
        tables.append(paper_table(encoded, words))
    if metrics in ("graded", "all"):
        graded = graded_table(encoded, words, theory)
        suffix = "" if theory == "plutchik" else f" ({theory})"
        graded.names = tuple(name + suffix for name in GRADED_METRICS)
        tables.append(graded)
    return RowTable(tuple(n for t in tables for n in t.names),
                    np.concatenate([t.numerators for t in tables], axis=1),
                    np.concatenate([t.denominators for t in tables], axis=1),
                    tuple(p for t in tables for p in t.points))


def _alignment(baseline: Encoded, other: Encoded, names: tuple[str, str]) -> Any:
    """Row indices of `other` in `baseline`'s order; an InputError names the first segment that
    is missing, extra, repeated or labelled differently."""
    np = numpy()
    assert baseline.ids is not None and other.ids is not None and baseline.label_keys is not None
    assert other.label_keys is not None
    for encoded, name in ((baseline, names[0]), (other, names[1])):
        if len(set(encoded.ids)) != len(encoded.ids):  # type: ignore[arg-type]
            seen: set[str] = set()
            for segment in encoded.ids:  # type: ignore[union-attr]
                if segment in seen:
                    raise InputError(f"{name}: segment {segment} appears more than once; cannot pair the files")
                seen.add(segment)
    position = {segment: index for index, segment in enumerate(other.ids)}
    order = []
    for index, segment in enumerate(baseline.ids):
        found = position.get(segment)
        if found is None:
            raise InputError(f"the files do not cover the same segments: {segment} is in {names[0]} "
                             f"but not in {names[1]}")
        if baseline.label_keys[index] != other.label_keys[found]:
            raise InputError(f"the files do not cover the same segments: {segment} has different labels in "
                             f"{names[0]} and {names[1]}")
        order.append(found)
    if len(other.ids) != len(baseline.ids):
        missing = sorted(set(other.ids) - set(baseline.ids), key=position.__getitem__)[0]
        raise InputError(f"the files do not cover the same segments: {missing} is in {names[1]} "
                         f"but not in {names[0]}")
    return np.array(order, dtype=np.int64)


def compare_encoded(baseline: tuple[str, Encoded, RowTable], other: tuple[str, Encoded, RowTable], *,
                    bootstrap: int = 1000, seed: int = 0) -> PairedComparison:
    """Paired differences of two encoded files' metric tables (other - baseline)."""
    np = numpy()
    (name_a, encoded_a, table_a), (name_b, encoded_b, table_b) = baseline, other
    order = _alignment(encoded_a, encoded_b, (name_a, name_b))
    points = [b - a for a, b in zip(table_a.points, table_b.points)]
    intervals = [(math.nan, math.nan)] * len(points)
    if bootstrap > 0 and encoded_a.rows:
        arrays = [np.ascontiguousarray(x) for x in (table_a.numerators, table_a.denominators,
                                                    table_b.numerators[order], table_b.denominators[order])]
        resampled = bootstrap_ratios([arrays[0], arrays[2]], [arrays[1], arrays[3]], bootstrap, seed,
                                     lambda ratios: ratios[1] - ratios[0])
        intervals = percentile_interval(resampled)
    return PairedComparison(name_a, name_b, encoded_a.rows, tuple(
        Difference(metric, a, b, d, low, high)
        for metric, a, b, d, (low, high) in zip(table_a.names, table_a.points, table_b.points, points, intervals)))


def compare_files(paths: Sequence[str | Path], lexicon: "Lexicon", *, metrics: str = "all", theory: str = "plutchik",
                  bootstrap: int = 1000, seed: int = 0, baseline: int = 0) -> list[PairedComparison]:
    """Every file against `paths[baseline]` (the first by default), paired over segments."""
    if len(paths) < 2:
        raise InputError("--compare needs at least two results files")
    loaded = []
    for path in paths:
        encoded = encode_rows(iter_results(path), keep_ids=True)
        if not encoded.rows:
            raise InputError(f"{path}: no rows")
        loaded.append((str(path), encoded, metric_tables(encoded, WordTable(lexicon, encoded.words), metrics, theory)))
    return [compare_encoded(loaded[baseline], item, bootstrap=bootstrap, seed=seed)
            for index, item in enumerate(loaded) if index != baseline]
