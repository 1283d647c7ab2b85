"""The study around the benchmark (issue 15): `humaneval sheet`, `humaneval score`, `report`, and
the rendering of `evaluate --compare`. Presentation only: the work is in express_lex.evaluation.

Registered from cli/app.py. Exit codes follow the app: 0 success, 1 a data error, 2 bad input
(an unreadable choice, files that do not cover the same segments, a usage error).
"""

from __future__ import annotations

import io
import math
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from express_lex.cli.common import command_lexicon, exit_codes

from express_lex.data import SafeCsvWriter

if TYPE_CHECKING:
    from express_lex.evaluation import HumanEvalScore, PairedComparison

humaneval_app = typer.Typer(help="Make and score human evaluation sheets (SD vs model word lists).",
                            no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _interval(low: float, high: float) -> str:
    return "" if math.isnan(low) else f" [{low:+.3f}, {high:+.3f}]"


def render_comparisons(comparisons: list[PairedComparison], fmt: str) -> str:
    """`evaluate --compare` output: one row per (file, metric), in table, json, csv or markdown."""
    from express_lex.evaluation import comparisons_to_json

    if fmt == "json":
        return comparisons_to_json(comparisons)
    header = ["baseline", "other", "metric", "baseline value", "other value", "difference", "95% interval"]
    rows = []
    for c in comparisons:
        for d in c.differences:
            interval = "-" if math.isnan(d.low) else f"[{d.low:+.3f}, {d.high:+.3f}]"
            rows.append([Path(c.baseline).name, Path(c.other).name, d.metric, f"{d.baseline:.3f}", f"{d.other:.3f}",
                         f"{d.difference:+.3f}", interval])
    if fmt == "csv":
        buffer = io.StringIO()
        writer = SafeCsvWriter(buffer, lineterminator="\n")  # file names can start with = + - @
        writer.writerow(header)
        writer.writerows(rows)
        return buffer.getvalue()
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows]) + "\n"
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


@humaneval_app.command("sheet")
def sheet(
    results: Annotated[list[Path], typer.Argument(help="Results files (the authors' CSV or predict's JSONL).", show_default=False)],
    n: Annotated[int, typer.Option("-n", help="Segments to draw (stratified across the files).", min=1)] = 100,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the draw and of the option order.")] = 0,
    out: Annotated[Path, typer.Option("--out", "-o", help="The coding sheet (CSV).", metavar="SHEET.csv")] = Path("sheet.csv"),
    blind: Annotated[Optional[Path], typer.Option("--blind", help="Write swap to this key file instead of the sheet.", metavar="KEY.csv", show_default=False)] = None,
) -> None:
    """Draw N segments into a coding sheet: option1/option2 are the author's (SD) and the model's lists in random order."""
    from express_lex.evaluation import draw_sheet, write_sheet

    with exit_codes():
        rows = draw_sheet(results, n, seed)
        write_sheet(rows, out, blind)
    key = f", key in {blind}" if blind else ""
    typer.echo(f"wrote {len(rows)} rows to {out} ({sum(r.swap for r in rows)} with the model's list first{key})")


def render_score(score: HumanEvalScore, fmt: ScoreFormat) -> str:
    """The score as a plain table or markdown (json is the score's own to_dict)."""
    import json

    if fmt is ScoreFormat.json:
        return json.dumps(score.to_dict(), indent=2) + "\n"
    md = fmt is ScoreFormat.markdown
    lines: list[str] = []

    def table(header: list[str], rows: list[list[str]]) -> None:
        if md:
            lines.extend(["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)])
            lines.extend("| " + " | ".join(r) + " |" for r in rows)
        else:
            widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
            lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
            lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)
        lines.append("")

    def number(x: float) -> str:
        return "-" if math.isnan(x) else f"{x:.3f}"

    lines += [f"{score.items} items, {len(score.coders)} coder(s)", ""]
    table(["coder", "SD", "LLM", "both", "neither"],
          [[Path(c.file).name, *(str(c.choices[k]) for k in ("SD", "LLM", "both", "neither"))] for c in score.coders])
    table(["majority", "items"], [[k, str(v)] for k, v in score.majority.items()] + [["no majority", str(len(score.no_majority))]])
    agreement = [["Fleiss' kappa", number(score.fleiss_kappa)]]
    agreement += [[f"Cohen's kappa {Path(a).name} / {Path(b).name}", number(k)] for a, b, k in score.cohen_kappa]
    low, high = score.sd_share_ci95
    agreement.append(["SD preferred over LLM (majority items)",
                      f"{score.sd_preferred} vs {score.llm_preferred}: {number(score.sd_share)}"
                      + ("" if math.isnan(low) else f" [{low:.3f}, {high:.3f}]")])
    agreement.append(["AUC of list similarity for 'both'",
                      f"{number(score.both_auc)} (p = {number(score.both_auc_p)}; {score.both_items} both vs "
                      f"{score.other_items} other)"])
    table(["statistic", "value"], agreement)
    if score.codes:
        table(["reason code", "count"], [[k, str(v)] for k, v in score.codes.items()])
    if score.models:
        table(["model", "SD", "LLM", "both", "neither"],
              [[m, *(str(c[k]) for k in ("SD", "LLM", "both", "neither"))] for m, c in score.models.items()])
    if score.no_majority:
        lines.append("items without a majority: " + ", ".join(score.no_majority))
    return "\n".join(lines).rstrip("\n") + "\n"


@humaneval_app.command("score")
def score(
    sheets: Annotated[list[Path], typer.Argument(help="Filled-in sheets, one per coder.", show_default=False)],
    key: Annotated[Optional[Path], typer.Option("--key", help="The key file of a --blind sheet.", show_default=False)] = None,
    output: Annotated[ScoreFormat, typer.Option("--format", help="Output format.")] = ScoreFormat.table,
    lexicon_name: Annotated[Optional[str], typer.Option("--lexicon", help="Lexicon for the lists' graded similarity.", show_default=False)] = None,
    permutations: Annotated[int, typer.Option("--permutations", help="Label shuffles for the AUC's p-value.", min=0)] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the permutations.")] = 0,
) -> None:
    """Score coders' sheets: choices per coder, majority vote, Fleiss' and Cohen's kappa, SD-vs-LLM preference, reason codes."""
    from express_lex.evaluation import score_sheets

    lexicon = command_lexicon(False, None, lexicon_name)
    with exit_codes():
        result = score_sheets(sheets, key=key, lexicon=lexicon, permutations=permutations, seed=seed)
    typer.echo(render_score(result, output), nl=False)


def report(
    results: Annotated[list[Path], typer.Argument(help="Results files, one per model.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="report.md or report.html; pictures go to <stem>_files/ beside it.", metavar="FILE")] = Path("report.md"),
    theory: Annotated[str, typer.Option("--theory", "-t", help="Theory for the graded metrics.")] = "plutchik",
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap resamples for the 95% intervals (0: none).", min=0)] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Bootstrap seed.")] = 0,
    lexicon_name: Annotated[Optional[str], typer.Option("--lexicon", help="Lexicon name or file.", show_default=False)] = None,
    pictures: Annotated[bool, typer.Option("--pictures/--no-pictures", help="Draw the wheel pictures (needs matplotlib).")] = True,
) -> None:
    """Write the results section (Markdown or HTML): metrics with intervals, paired comparisons, blind spots, confusion, wheels."""
    from express_lex.evaluation import write_report

    lexicon = command_lexicon(False, None, lexicon_name)
    with exit_codes():
        written = write_report(results, lexicon, out, theory=theory, bootstrap=bootstrap, seed=seed, pictures=pictures)
    for path in written:
        typer.echo(f"wrote {path}")
