"""Plutchik's flower for decompositions, comparisons and evaluation results (matplotlib,
an optional extra, headless). The one place matplotlib is imported; every function returns
a Figure so that notebooks can show it and the CLI can save it.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Mapping, Sequence

from ..errors import ExpressLexError, InputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..engine import Lexicon
    from ..model import Decomposition
    from .reports import EvaluationReport

__all__ = ["COLOURS", "plot_terms", "plot_evaluation", "save_figure", "petal_angle", "FIGURE_INCHES", "DPI"]

# Plutchik's own palette, in wheel order.
COLOURS = {
    "joy": "#ffd400",
    "trust": "#7cc242",
    "fear": "#00a651",
    "surprise": "#00aeef",
    "sadness": "#2e5fac",
    "disgust": "#8e44ad",
    "anger": "#e4002b",
    "anticipation": "#f7941d",
}
FIGURE_INCHES = 5.0  # per wheel
DPI = 100
LineStyle = Literal["-", "--", ":", "-."]
_OVERLAY_STYLES: tuple[LineStyle, ...] = ("-", "--", ":", "-.")
_BACKGROUND_ALPHA = 0.10


def _matplotlib():
    try:
        import matplotlib
    except ImportError:
        raise InputError("plotting needs matplotlib: pip install 'express-lex[plot]'") from None
    matplotlib.use("Agg", force=True)  # headless: files, not windows
    from matplotlib import pyplot as plt
    from matplotlib.figure import Figure

    return matplotlib, plt, Figure


def petal_angle(index: int, count: int = 8) -> float:
    """Angle (radians) of the index-th emotion: the first at the top, then clockwise."""
    return math.pi / 2 - 2 * math.pi * index / count


def _petal(angle: float, length: float, width: float = 0.42, steps: int = 24) -> list[tuple[float, float]]:
    """A teardrop from the centre toward `angle`, `length` long (0..1)."""
    points = [(0.0, 0.0)]
    for k in range(steps + 1):
        t = k / steps  # 0..1 along the petal
        radius = length * t
        half = width * math.sin(math.pi * t) * (0.35 + 0.65 * t) / 2  # widest near the tip
        offset = half / max(radius, 1e-9) if radius else 0.0
        points.append((radius * math.cos(angle + offset), radius * math.sin(angle + offset)))
    for k in range(steps, -1, -1):
        t = k / steps
        radius = length * t
        half = width * math.sin(math.pi * t) * (0.35 + 0.65 * t) / 2
        offset = half / max(radius, 1e-9) if radius else 0.0
        points.append((radius * math.cos(angle - offset), radius * math.sin(angle - offset)))
    return points


def _wheel(ax, emotions: Sequence[str], levels: dict[str, float], labels: bool = True) -> None:
    """The empty flower: faint full-length petals, the three intensity rings, emotion names."""
    from matplotlib.patches import Circle, Polygon

    for index, emotion in enumerate(emotions):
        angle = petal_angle(index, len(emotions))
        ax.add_patch(Polygon(_petal(angle, 1.0), closed=True, facecolor=COLOURS.get(emotion, "#999999"),
                             alpha=_BACKGROUND_ALPHA, edgecolor="none", zorder=1))
        if labels:
            ax.text(1.15 * math.cos(angle), 1.15 * math.sin(angle), emotion, ha="center", va="center",
                    fontsize=9, color="#333333")
    for level, radius in sorted(levels.items(), key=lambda item: item[1]):
        ax.add_patch(Circle((0, 0), radius, fill=False, linestyle=(0, (2, 3)), linewidth=0.7,
                            edgecolor="#9a9a9a", zorder=2))
        ax.text(radius * math.cos(math.radians(-67.5)) + 0.02, radius * math.sin(math.radians(-67.5)), level,
                fontsize=6.5, color="#8a8a8a", zorder=2)
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.5, 1.5)
    ax.set_aspect("equal")
    ax.axis("off")


def _draw_term(ax, result: "Decomposition", style: LineStyle = "-", alpha: float = 0.9, label: str | None = None) -> None:
    from matplotlib.patches import Polygon

    emotions = result.dimensions
    for index, (emotion, weight) in enumerate(zip(emotions, result.vector)):
        if weight <= 0:
            continue
        angle = petal_angle(index, len(emotions))
        ax.add_patch(Polygon(_petal(angle, weight), closed=True, facecolor=COLOURS.get(emotion, "#999999"),
                             alpha=alpha, edgecolor="#333333", linewidth=1.0, linestyle=style, zorder=3,
                             label=None))
    if label:
        ax.plot([], [], color="#333333", linestyle=style, label=label)


def _draw_dyads(ax, result: "Decomposition", theory) -> list[str]:
    """A dyad named on the term's path is shown as the pair of petals it combines: an arc
    joining them just outside the wheel. Returns the captions ('love = joy + trust')."""
    index = {emotion: i for i, emotion in enumerate(result.dimensions)}
    weights = dict(zip(result.dimensions, result.vector))
    named = {step.source for step in result.path if step.kind == "has-component"}
    captions: list[str] = []
    for dyad in theory.dyads():
        (first, _), (second, _) = dyad.components
        if dyad.name not in named or not (weights.get(first) and weights.get(second)):
            continue
        a, b = petal_angle(index[first]), petal_angle(index[second])
        if abs(a - b) > math.pi:  # take the short way round
            b += 2 * math.pi if b < a else -2 * math.pi
        radius = 1.03 + 0.05 * len(captions)  # nested arcs when a path names several dyads
        steps = [a + (b - a) * k / 24 for k in range(25)]
        ax.plot([radius * math.cos(t) for t in steps], [radius * math.sin(t) for t in steps], color="#555555",
                linewidth=1.2, zorder=4)
        for end in (a, b):
            ax.plot([0.97 * math.cos(end), radius * math.cos(end)], [0.97 * math.sin(end), radius * math.sin(end)],
                    color="#555555", linewidth=1.2, zorder=4)
        captions.append(f"{dyad.name} = {first} + {second}")
    return captions


def _legend(fig, emotions: Sequence[str], extra_handles: list | None = None) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=COLOURS.get(e, "#999999"), edgecolor="#333333", label=e) for e in emotions]
    handles = handles + (extra_handles or [])
    columns = max(1, int(fig.get_figwidth() / 1.3))  # about 1.3 inches per entry
    fig.legend(handles=handles, loc="lower center", ncol=min(columns, len(handles)), fontsize=8, frameon=False)


def plot_terms(terms: Sequence[str], lexicon: "Lexicon", *, overlay: bool = False, title: str | None = None) -> "Figure":
    """One flower per term side by side, or all on one flower with `overlay`."""
    _, _, Figure = _matplotlib()
    from matplotlib.lines import Line2D

    if not terms:
        raise InputError("no terms to plot")
    results = lexicon.decompose_many(list(terms))
    theory = lexicon.theory
    emotions = theory.emotions
    levels = dict(theory.level_weights)
    columns = 1 if overlay else len(results)
    fig = Figure(figsize=(FIGURE_INCHES * columns, FIGURE_INCHES + 0.6), dpi=DPI)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.88, bottom=0.12, wspace=0.05)
    if overlay:
        ax = fig.add_subplot(1, 1, 1)
        _wheel(ax, emotions, levels)
        handles = []
        for position, result in enumerate(results):
            style = _OVERLAY_STYLES[position % len(_OVERLAY_STYLES)]
            _draw_term(ax, result, style=style, alpha=0.55)
            handles.append(Line2D([], [], color="#333333", linestyle=style, label=_plain(result.input)))
        fig.suptitle(_plain(title or "  vs  ".join(r.input for r in results)), fontsize=12)
        _legend(fig, emotions, handles)
        return fig
    for position, result in enumerate(results):
        ax = fig.add_subplot(1, columns, position + 1)
        _wheel(ax, emotions, levels)
        _draw_term(ax, result)
        captions = _draw_dyads(ax, result, theory)
        detail = f"{result.term or 'unknown'} ({result.method}, {result.confidence:.2f})"
        ax.set_title(_plain(f"{result.input}\n{detail}"), fontsize=10)
        if captions:
            ax.text(0, -1.42, _plain("; ".join(captions)), ha="center", va="center", fontsize=7.5, style="italic",
                    color="#444444")
    if title:
        fig.suptitle(_plain(title), fontsize=12)
    _legend(fig, emotions)
    return fig


def plot_evaluation(report: "EvaluationReport", lexicon: "Lexicon") -> "Figure":
    """The mean decomposition of the self-disclosed labels against the model's predictions on
    one flower, and a bar chart of per-emotion agreement (an evaluate_file report with graded metrics)."""
    _, _, Figure = _matplotlib()
    from matplotlib.lines import Line2D

    from ..model import Decomposition

    if report.graded is None:
        raise InputError("this report has no plot data (evaluate with graded metrics)")
    data = report.graded.plot
    theory = lexicon.theory
    emotions = theory.emotions
    fig = Figure(figsize=(FIGURE_INCHES * 2, FIGURE_INCHES + 0.6), dpi=DPI)
    fig.subplots_adjust(left=0.03, right=0.97, top=0.86, bottom=0.14, wspace=0.25)
    ax = fig.add_subplot(1, 2, 1)
    _wheel(ax, emotions, dict(theory.level_weights))
    handles = []
    # Means over thousands of words are small; scale both by one factor so the shapes are readable.
    largest = max([*data.mean_labels.values(), *data.mean_predictions.values(), 1e-9])
    scale = 0.95 / largest
    series: tuple[tuple[str, LineStyle, Mapping[str, float]], ...] = (
        ("labels", "-", data.mean_labels), ("predictions", "--", data.mean_predictions))
    for name, style, means in series:
        mean = tuple(means[e] * scale for e in emotions)
        result = Decomposition(name, name, "exact", 1.0, emotions, mean, (0.0, 0.0), (), theory.name, name)
        _draw_term(ax, result, style=style, alpha=0.5)
        handles.append(Line2D([], [], color="#333333", linestyle=style, label=f"mean of {name}"))
    ax.set_title(f"mean decomposition of labels and predictions (both scaled x{scale:.1f})", fontsize=9)
    bars = fig.add_subplot(1, 2, 2)
    values = [data.agreement[e] for e in emotions]
    bars.bar(range(len(emotions)), values, color=[COLOURS[e] for e in emotions], edgecolor="#333333")
    bars.set_xticks(range(len(emotions)), emotions, rotation=45, ha="right", fontsize=7.5)
    bars.set_ylim(0, 1)
    bars.set_ylabel("share of masks where label and prediction agree", fontsize=8)
    bars.set_title("per-emotion agreement (present / absent)", fontsize=10)
    for position, value in enumerate(values):
        bars.text(position, value + 0.02, f"{value:.2f}", ha="center", fontsize=7)
    fig.suptitle(_plain(f"{Path(report.file).name} ({report.masks:,} masks, lexicon {report.lexicon})"), fontsize=12)
    _legend(fig, emotions, handles)
    return fig


def _plain(text: str) -> str:
    """User text shown as written: a $ would start matplotlib's math markup, and '$\\nosuchcmd$'
    would fail the whole figure when it is drawn."""
    return text.replace("$", r"\$")


def save_figure(fig: "Figure", out: str | Path) -> Path:
    """Save as PNG or SVG (from the suffix), atomically."""
    from ..data import atomic_write_bytes, check_writable_path

    out = Path(out)
    kind = out.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise InputError(f"--out must end in .png or .svg, got {out.name!r}")
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format=kind, dpi=DPI)
    except ValueError as error:  # matplotlib's mathtext parser, should markup slip through
        raise InputError(f"cannot draw the figure: {' '.join(str(error).split())[:200]}") from None
    check_writable_path(out, "--out file")
    try:
        atomic_write_bytes(out, buffer.getvalue())
    except OSError as error:  # a full disk, no permission, a missing folder
        raise ExpressLexError(f"cannot write {out}: {error.strerror or error}") from None
    return out
