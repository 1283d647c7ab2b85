"""Evaluation on EXPRESS-style datasets: the LLM runner, the paper's and graded metrics, and
the wheel plots. A consumer of the engine's public API."""

from .metrics import (
    INVALID,
    EvalRow,
    evaluate_file,
    graded_metrics,
    load_results,
    paper_metrics,
    parse_strict,
    parse_tolerant,
)
from .plot import COLOURS, DPI, FIGURE_INCHES, petal_angle, plot_evaluation, plot_terms, save_figure
from .reports import (
    GRADED_METRICS,
    PAPER_METRICS,
    ConfusionCell,
    Coverage,
    Estimate,
    EvaluationReport,
    GradedMetrics,
    LabelBreakdown,
    PaperMetrics,
    PlotData,
    reports_to_json,
)
from .runner import (
    COT_INSTRUCTION,
    PROMPT_STYLES,
    ZERO_SHOT_INSTRUCTION,
    Row,
    RunSummary,
    build_messages,
    check_api_key,
    load_dataset,
    run_predictions,
    scrub_key,
    split_cot,
)

__all__ = [
    "INVALID", "PAPER_METRICS", "EvalRow", "evaluate_file", "graded_metrics", "load_results", "paper_metrics",
    "parse_strict", "parse_tolerant",
    "COLOURS", "DPI", "FIGURE_INCHES", "petal_angle", "plot_evaluation", "plot_terms", "save_figure",
    "COT_INSTRUCTION", "PROMPT_STYLES", "ZERO_SHOT_INSTRUCTION", "Row", "RunSummary", "build_messages",
    "load_dataset", "run_predictions", "split_cot", "check_api_key", "scrub_key",
    "GRADED_METRICS", "ConfusionCell", "Coverage", "Estimate", "EvaluationReport", "GradedMetrics", "LabelBreakdown",
    "PaperMetrics", "PlotData", "reports_to_json",
]
