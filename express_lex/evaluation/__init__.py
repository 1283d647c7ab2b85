"""Evaluation on EXPRESS-style datasets: the LLM runner, the paper's and graded metrics, and
the wheel plots. A consumer of the engine's public API."""

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes

from .metrics import (
    INVALID,
    EvalRow,
    evaluate_file,
    graded_metrics,
    iter_results,
    load_results,
    paper_metrics,
    parse_strict,
    parse_tolerant,
)
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

if TYPE_CHECKING:
    from .agreement import (
        auc,
        auc_permutation_p,
        cohen_kappa,
        fleiss_kappa,
        fleiss_parts,
        wilson_interval,
    )
    from .compare import (
        Difference,
        PairedComparison,
        compare_files,
        comparisons_to_json,
    )
    from .humaneval import (
        CHOICES,
        KEY_COLUMNS,
        SHEET_COLUMNS,
        CoderSummary,
        HumanEvalScore,
        SheetRow,
        draw_sheet,
        parse_choice,
        score_sheets,
        write_sheet,
    )
    from .plot import (
        COLOURS,
        DPI,
        FIGURE_INCHES,
        petal_angle,
        plot_evaluation,
        plot_terms,
        save_figure,
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
    from .writeup import (
        BlindSpot,
        ResultsSection,
        build_results,
        render_html,
        render_markdown,
        write_report,
    )

__all__ = [
    "INVALID", "PAPER_METRICS", "EvalRow", "evaluate_file", "graded_metrics", "load_results", "paper_metrics",
    "parse_strict", "parse_tolerant",
    "COLOURS", "DPI", "FIGURE_INCHES", "petal_angle", "plot_evaluation", "plot_terms", "save_figure",
    "COT_INSTRUCTION", "PROMPT_STYLES", "ZERO_SHOT_INSTRUCTION", "Row", "RunSummary", "build_messages",
    "load_dataset", "run_predictions", "split_cot", "check_api_key", "scrub_key",
    "GRADED_METRICS", "ConfusionCell", "Coverage", "Estimate", "EvaluationReport", "GradedMetrics", "LabelBreakdown",
    "PaperMetrics", "PlotData", "reports_to_json", "iter_results",
    "auc", "auc_permutation_p", "cohen_kappa", "fleiss_kappa", "fleiss_parts", "wilson_interval",
    "PairedComparison", "Difference", "compare_files", "comparisons_to_json",
    "CHOICES", "KEY_COLUMNS", "SHEET_COLUMNS", "CoderSummary", "HumanEvalScore", "SheetRow", "draw_sheet",
    "parse_choice", "score_sheets", "write_sheet",
    "BlindSpot", "ResultsSection", "build_results", "render_html", "render_markdown", "write_report",
]

# `evaluate` needs only metrics and reports; the runner (urllib, threads), the plots, the
# comparisons, the human-evaluation sheets and the write-up load on first use (~15 ms).
_LAZY = {name: module for module, names in {
    "agreement": ["auc", "auc_permutation_p", "cohen_kappa", "fleiss_kappa", "fleiss_parts",
                  "wilson_interval"],
    "compare": ["Difference", "PairedComparison", "compare_files", "comparisons_to_json"],
    "humaneval": ["CHOICES", "KEY_COLUMNS", "SHEET_COLUMNS", "CoderSummary", "HumanEvalScore",
                  "SheetRow", "draw_sheet", "parse_choice", "score_sheets", "write_sheet"],
    "plot": ["COLOURS", "DPI", "FIGURE_INCHES", "petal_angle", "plot_evaluation", "plot_terms",
             "save_figure"],
    "runner": ["COT_INSTRUCTION", "PROMPT_STYLES", "ZERO_SHOT_INSTRUCTION", "Row", "RunSummary",
               "build_messages", "check_api_key", "load_dataset", "run_predictions", "scrub_key",
               "split_cot"],
    "writeup": ["BlindSpot", "ResultsSection", "build_results", "render_html", "render_markdown",
                "write_report"],
}.items() for name in names}


__getattr__ = lazy_attributes(__name__, _LAZY)
