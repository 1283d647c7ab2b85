"""What `evaluate_file` returns: frozen values instead of nested string-keyed dicts, so consumers
(the CLI tables, the plots) read typed attributes and a misspelt key fails at once.

JSON is rendered in one place, `to_dict()`, whose keys and order are the `--format json`
contract (the paper's metric names such as "AccV-2" included); do not reorder them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping

__all__ = ["PAPER_METRICS", "GRADED_METRICS", "PaperMetrics", "Estimate", "Coverage", "LabelBreakdown",
           "ConfusionCell", "PlotData", "GradedMetrics", "EvaluationReport", "reports_to_json"]

PAPER_METRICS = ("VRate", "AccL", "AccV", "F1V", "AccV-2")
GRADED_METRICS = ("cosine", "sentiment agreement", "dominant agreement", "dyad-aware agreement")


@dataclass(frozen=True, slots=True)
class PaperMetrics:
    """The EXPRESS paper's five metrics over `rows` posts and `masks` masked words."""

    vrate: float
    accl: float
    accv: float
    f1v: float
    accv2: float
    masks: int
    rows: int

    def by_name(self) -> dict[str, float]:
        """The five metrics under the paper's names, in the paper's order."""
        return dict(zip(PAPER_METRICS, (self.vrate, self.accl, self.accv, self.f1v, self.accv2)))

    def to_dict(self) -> dict[str, float]:
        return self.by_name()


@dataclass(frozen=True, slots=True)
class Estimate:
    """A mean over masks with its bootstrap 95% interval (NaN bounds when bootstrap is 0)."""

    mean: float
    low: float
    high: float

    @property
    def has_interval(self) -> bool:
        return self.low == self.low  # NaN != NaN

    def to_dict(self) -> dict[str, Any]:
        return {"mean": self.mean, "ci95": [self.low, self.high]}


@dataclass(frozen=True, slots=True)
class Coverage:
    """How the lexicon resolved the distinct words of one side (labels or predictions)."""

    distinct: int
    all_zero: int
    all_zero_share: float
    all_zero_words: tuple[str, ...]  # the first 50, sorted
    by_method: Mapping[str, int]  # resolver method -> distinct words, sorted by method

    def to_dict(self) -> dict[str, Any]:
        return {"distinct": self.distinct, "all_zero": self.all_zero, "all_zero_share": self.all_zero_share,
                "all_zero_words": list(self.all_zero_words), "by_method": dict(self.by_method)}


@dataclass(frozen=True, slots=True)
class LabelBreakdown:
    """One gold label's masks: how often it was predicted exactly, mean cosine, dominant agreement."""

    label: str
    n: int
    accl: float
    cosine: float
    dominant_agreement: float

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "n": self.n, "AccL": self.accl, "cosine": self.cosine,
                "dominant agreement": self.dominant_agreement}


@dataclass(frozen=True, slots=True)
class ConfusionCell:
    """Masks whose gold dominant emotion was `gold` and predicted one `predicted` ("none" if empty)."""

    gold: str
    predicted: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "count": self.count}


@dataclass(frozen=True, slots=True)
class PlotData:
    """Per-emotion means of labels and predictions and presence agreement, for the evaluate picture."""

    mean_labels: Mapping[str, float]
    mean_predictions: Mapping[str, float]
    agreement: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"mean_labels": dict(self.mean_labels), "mean_predictions": dict(self.mean_predictions),
                "agreement": dict(self.agreement)}


@dataclass(frozen=True, slots=True)
class GradedMetrics:
    """The graded metrics of one file, after projection into `theory`."""

    cosine: Estimate
    sentiment_agreement: Estimate
    dominant_agreement: Estimate
    dyad_aware_agreement: Estimate
    labels_coverage: Coverage
    predictions_coverage: Coverage
    per_label: tuple[LabelBreakdown, ...]  # worst mean cosine first
    confusion: tuple[ConfusionCell, ...]
    theory: str
    plot: PlotData

    def estimates(self) -> dict[str, Estimate]:
        """The four estimates under their report names, in report order."""
        return dict(zip(GRADED_METRICS, (self.cosine, self.sentiment_agreement, self.dominant_agreement,
                                         self.dyad_aware_agreement)))

    def coverage(self, side: str) -> Coverage:
        """Coverage of "labels" or "predictions"."""
        return {"labels": self.labels_coverage, "predictions": self.predictions_coverage}[side]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: estimate.to_dict() for name, estimate in self.estimates().items()}
        data["coverage"] = {"labels": self.labels_coverage.to_dict(), "predictions": self.predictions_coverage.to_dict()}
        data["per_label"] = [item.to_dict() for item in self.per_label]
        data["confusion"] = [cell.to_dict() for cell in self.confusion]
        data["theory"] = self.theory
        data["plot"] = self.plot.to_dict()
        return data


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Everything `evaluate_file` computed for one results file; sections not asked for are None.
    `tolerant` is the tolerant parse's paper metrics and `rows_rescued` the rows only it could read."""

    file: str
    lexicon: str
    rows: int
    masks: int
    paper: PaperMetrics | None = None
    tolerant: PaperMetrics | None = None
    rows_rescued: int | None = None
    graded: GradedMetrics | None = None

    def to_dict(self) -> dict[str, Any]:
        """The `--format json` object: absent sections are left out, not null."""
        data: dict[str, Any] = {"file": self.file, "lexicon": self.lexicon, "rows": self.rows, "masks": self.masks}
        if self.paper is not None:
            data["paper"] = self.paper.to_dict()
        if self.tolerant is not None:
            data["tolerant"] = {**self.tolerant.to_dict(), "rows rescued": self.rows_rescued}
        if self.graded is not None:
            data["graded"] = self.graded.to_dict()
        return data


def reports_to_json(reports: list[EvaluationReport]) -> str:
    """The reports as `evaluate --format json` prints them: an indented list, NaN for empty intervals."""
    return json.dumps([report.to_dict() for report in reports], indent=2, default=lambda x: None) + "\n"
