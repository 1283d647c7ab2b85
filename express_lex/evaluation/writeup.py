"""`express-lex report`: the results section of a paper in one Markdown or HTML file (issue 15).

Per model: the paper's and the graded metrics with bootstrap 95% intervals; paired comparisons
against the best model (highest AccV); the labels missed most across models and what the models
said instead; the confusion of dominant emotions; and the wheel picture of each model (written
as PNG files in a folder next to the report). Nothing is fetched: the HTML has inline CSS and
relative image paths, so it opens from disk in a browser with no server and no network.
"""

from __future__ import annotations

import html
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence
from urllib.parse import quote

from ..data import atomic_write_bytes
from ..errors import InputError
from .compare import PairedComparison, compare_encoded, metric_tables
from .metrics import iter_results, report_of
from .reports import ConfusionCell, EvaluationReport
from .scoring import WordTable, encode_rows, interval_of, numpy, paper_table

if TYPE_CHECKING:
    from ..engine import Lexicon

__all__ = ["BlindSpot", "ResultsSection", "build_results", "render_markdown", "render_html", "write_report"]


@dataclass(frozen=True, slots=True)
class BlindSpot:
    """A label models miss: its masks per model, the models' exact-match rate and mean cosine,
    and the words they gave instead (pooled over models, most frequent first)."""

    label: str
    masks: int  # summed over models
    accl: float
    cosine: float
    instead: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class ResultsSection:
    """Everything a report shows, computed once; rendering only formats it."""

    reports: tuple[EvaluationReport, ...]
    paper_intervals: tuple[dict[str, tuple[float, float]], ...]  # per report, per paper metric
    best: int  # index of the best model (highest strict AccV)
    comparisons: tuple[PairedComparison, ...]
    comparison_note: str  # why comparisons are missing, if they are
    blind_spots: tuple[BlindSpot, ...]
    confusion: tuple[ConfusionCell, ...]  # pooled over models
    theory: str


def build_results(paths: Sequence[str | Path], lexicon: "Lexicon", *, theory: str = "plutchik", bootstrap: int = 1000,
                  seed: int = 0, top: int = 15) -> ResultsSection:
    """Evaluate, compare and summarise the results files (each streamed once)."""
    np = numpy()
    if not paths:
        raise InputError("report needs at least one results file")
    loaded = []
    reports = []
    intervals = []
    instead: dict[str, Counter] = defaultdict(Counter)
    for path in paths:
        encoded = encode_rows(iter_results(path), keep_ids=True)
        if not encoded.rows:
            raise InputError(f"{path}: no rows")
        words = WordTable(lexicon, encoded.words)
        reports.append(report_of(str(path), encoded, words, theory=theory, bootstrap=bootstrap, seed=seed))
        paper = paper_table(encoded, words)
        intervals.append(dict(zip(paper.names, interval_of(paper, bootstrap, seed))))
        loaded.append((str(path), encoded, metric_tables(encoded, words, "all", theory)))
        _, gold, answer = encoded.strict_pairs
        wrong = gold != answer
        codes, counts = np.unique(gold[wrong].astype(np.int64) * len(encoded.words) + answer[wrong],
                                  return_counts=True)
        for code, count in zip(codes.tolist(), counts.tolist()):
            g, a = divmod(code, len(encoded.words))
            instead[encoded.words[g]][encoded.words[a]] += count
    accv = [r.paper.accv if r.paper is not None else 0.0 for r in reports]
    best = max(range(len(reports)), key=lambda i: (accv[i], -i))
    comparisons: list[PairedComparison] = []
    note = "" if len(paths) > 1 else "one results file: nothing to compare"
    if len(paths) > 1:
        try:
            comparisons = [compare_encoded(loaded[best], item, bootstrap=bootstrap, seed=seed)
                           for index, item in enumerate(loaded) if index != best]
        except InputError as error:
            note = f"not compared: {error}"
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0])
    confusion: Counter = Counter()
    for report in reports:
        assert report.graded is not None
        for item in report.graded.per_label:
            entry = totals[item.label]
            entry[0] += item.n
            entry[1] += item.n * item.accl
            entry[2] += item.n * item.cosine
            entry[3] += item.n * (1 - item.cosine)
        for cell in report.graded.confusion:
            confusion[(cell.gold, cell.predicted)] += cell.count
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1][3], kv[0]))[:top]
    spots = tuple(BlindSpot(label, int(n), hits / n, cos / n, tuple(instead[label].most_common(3)))
                  for label, (n, hits, cos, _) in ranked)
    return ResultsSection(tuple(reports), tuple(intervals), best, tuple(comparisons), note, spots,
                          tuple(ConfusionCell(g, p, c) for (g, p), c in sorted(confusion.items())), theory)


def _number(value: float) -> str:
    return "-" if value != value else f"{value:.3f}"


def _interval(low: float, high: float) -> str:
    return "" if math.isnan(low) else f" [{low:.3f}, {high:.3f}]"


def _tables(section: ResultsSection, pictures: Sequence[str]) -> list[tuple[str, str, list[str], list[list[str]]]]:
    """(kind, title, header, rows) blocks, shared by both renderings; kind 'table', 'text' or 'image'."""
    names = [Path(r.file).name for r in section.reports]
    blocks: list[tuple[str, str, list[str], list[list[str]]]] = []
    summary = (f"{len(names)} model(s) scored on {section.reports[0].rows:,} posts / {section.reports[0].masks:,} "
               f"masks; graded metrics in {section.theory}. Intervals are bootstrap 95% intervals over posts. "
               f"Best model (highest AccV): {names[section.best]}.")
    blocks.append(("text", "", [], [[summary]]))
    paper_rows = []
    for name, report, intervals in zip(names, section.reports, section.paper_intervals):
        assert report.paper is not None
        paper_rows.append([name, *(f"{v:.3f}{_interval(*intervals[k])}" for k, v in report.paper.by_name().items())])
    blocks.append(("table", "The paper's metrics (strict parsing)", ["model", "VRate", "AccL", "AccV", "F1V", "AccV-2"],
                   paper_rows))
    graded_rows = []
    for name, report in zip(names, section.reports):
        assert report.graded is not None
        graded_rows.append([name, *(f"{e.mean:.3f}{_interval(e.low, e.high)}"
                                    for e in report.graded.estimates().values())])
    blocks.append(("table", "Graded metrics", ["model", "cosine", "sentiment agreement", "dominant agreement",
                                               "dyad-aware agreement"], graded_rows))
    if section.comparisons:
        rows = []
        for comparison in section.comparisons:
            for d in comparison.differences:
                flag = " *" if d.excludes_zero else ""
                rows.append([Path(comparison.other).name, d.metric, _number(d.baseline), _number(d.other),
                             f"{d.difference:+.3f}{_interval(d.low, d.high)}{flag}"])
        blocks.append(("table", f"Paired comparisons against {names[section.best]} (model minus best; * the 95% "
                       "interval excludes 0)", ["model", "metric", "best", "model value", "difference"], rows))
    else:
        blocks.append(("text", "Paired comparisons", [], [[section.comparison_note]]))
    blocks.append(("table", "Blind spots: the labels missed most across models (masks x (1 - mean cosine))",
                   ["label", "masks", "AccL", "mean cosine", "models said instead"],
                   [[s.label, str(s.masks), f"{s.accl:.2f}", f"{s.cosine:.2f}",
                     ", ".join(f"{w} ({n})" for w, n in s.instead) or "-"] for s in section.blind_spots]))
    cells = {(c.gold, c.predicted): c.count for c in section.confusion}
    axis = sorted({g for g, _ in cells} | {p for _, p in cells})
    blocks.append(("table", "Dominant emotion, gold (rows) x predicted (columns), all models pooled",
                   ["gold \\ predicted", *axis], [[g, *(str(cells.get((g, p), 0)) for p in axis)] for g in axis]))
    for name, picture in zip(names, pictures):
        blocks.append(("image", f"{name}: mean labels vs predictions on Plutchik's wheel, and per-emotion agreement",
                       [], [[picture]]))
    return blocks


def render_markdown(section: ResultsSection, pictures: Sequence[str] = ()) -> str:
    """The section as Markdown (pipe tables; pictures as relative image links)."""
    lines = ["# Results", ""]
    for kind, title, header, rows in _tables(section, pictures):
        if kind == "text":
            lines += ([f"## {title}", ""] if title else []) + [rows[0][0], ""]
        elif kind == "image":
            lines += [f"![{title}]({quote(rows[0][0])})", "", f"*{title}*", ""]
        else:
            def cell(text: str) -> str:
                return text.replace("|", "\\|")

            lines += [f"## {title}", "", "| " + " | ".join(map(cell, header)) + " |",
                      "|" + " --- |" * len(header)]
            lines += ["| " + " | ".join(map(cell, row)) + " |" for row in rows]
            lines.append("")
    return "\n".join(lines)


_CSS = """body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:72rem;margin:2rem auto;
padding:0 1rem;
color:#222;background:#fff}h1{border-bottom:3px solid #4a6fa5;padding-bottom:.3rem}h2{color:#4a6fa5;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .6rem;
text-align:left}th{background:#e8eef7}tr:nth-child(even) td{background:#f7f7f7}figure{margin:1rem 0}
img{max-width:100%;border:1px solid #ddd}figcaption{font-style:italic;color:#555}"""


def render_html(section: ResultsSection, pictures: Sequence[str] = ()) -> str:
    """The section as one self-contained HTML page (inline CSS, relative image paths, no scripts)."""
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<title>express-lex results</title>", f"<style>{_CSS}</style></head><body>", "<h1>Results</h1>"]
    for kind, title, header, rows in _tables(section, pictures):
        if kind == "text":
            parts += ([f"<h2>{e(title)}</h2>"] if title else []) + [f"<p>{e(rows[0][0])}</p>"]
        elif kind == "image":
            parts.append(f'<figure><img src="{e(quote(rows[0][0]))}" alt="{e(title)}">'
                         f"<figcaption>{e(title)}</figcaption></figure>")
        else:
            parts.append(f"<h2>{e(title)}</h2><table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in header)
                         + "</tr></thead><tbody>")
            parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
            parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report(paths: Sequence[str | Path], lexicon: "Lexicon", out: str | Path, *, theory: str = "plutchik",
                 bootstrap: int = 1000, seed: int = 0, pictures: bool = True) -> list[Path]:
    """Write the report (.md or .html, from the suffix) and its wheel pictures in `<stem>_files/`
    next to it; returns every file written, the report last."""
    out = Path(out)
    kind = out.suffix.lower()
    if kind not in (".md", ".markdown", ".html", ".htm"):
        raise InputError(f"-o must end in .md or .html, got {out.name!r}")
    section = build_results(paths, lexicon, theory=theory, bootstrap=bootstrap, seed=seed)
    written: list[Path] = []
    relative: list[str] = []
    if pictures:
        from .plot import plot_evaluation, save_figure

        folder = out.with_name(f"{out.stem}_files")
        for index, report in enumerate(section.reports, 1):
            name = f"wheel-{index}-{Path(report.file).stem}.png"
            try:
                written.append(save_figure(plot_evaluation(report, lexicon), folder / name))
            except OSError as error:
                raise InputError(f"cannot write {folder / name}: {error.strerror or error}") from None
            relative.append(f"{folder.name}/{name}")
    text = render_html(section, relative) if kind in (".html", ".htm") else render_markdown(section, relative)
    try:
        atomic_write_bytes(out, text.encode("utf-8"))
    except OSError as error:
        raise InputError(f"cannot write {out}: {error.strerror or error}") from None
    written.append(out)
    return written
