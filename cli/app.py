"""The typer app: presentation only. It calls express_lex's public API and turns the
package's errors into one line on stderr and a documented exit code:

0  success
1  an unknown term under --strict, or a data error (a broken lexicon or theory file)
2  bad input: an empty term, a missing or non-UTF-8 file, an unknown theory, a usage error
"""

from __future__ import annotations

import copy
import io
import json
import sys
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from express_lex.cli.common import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, exit_codes, fail
from express_lex.cli.common import command_lexicon as _lexicon

import express_lex
from express_lex import Decomposition, ExpressLexError
from express_lex.data import SafeCsvWriter  # cells escaped against spreadsheet formulas (OWASP)

app = typer.Typer(
    name="express-lex",
    help="Decompose emotion words into Plutchik's basic emotions, explain and compare them.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"express-lex {express_lex.__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """express-lex: emotion words to basic-emotion vectors you can compare, explain and cite."""


MAX_TERMS_BYTES = 256 << 20  # terms read from standard input; a file may be larger (it is a regular file)


def _read_terms(file: str) -> list[str]:
    """Terms from a file (or '-' for standard input), one per line; blank lines are skipped."""
    if file == "-":
        if sys.stdin is None:
            raise fail("standard input is closed", EXIT_USAGE)
        try:  # capped: an endless standard input (/dev/zero) is refused, not read into memory
            stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else io.BytesIO(sys.stdin.read().encode())
            raw = stream.read(MAX_TERMS_BYTES + 1)
            if len(raw) > MAX_TERMS_BYTES:
                raise fail(f"standard input is larger than {MAX_TERMS_BYTES:,} bytes; pass a file", EXIT_USAGE)
        except (OSError, ValueError) as error:
            raise fail(f"cannot read standard input: {getattr(error, 'strerror', None) or error}", EXIT_USAGE) from None
        name = "standard input"
    else:
        # A FIFO, a directory or /dev/stdin is named for what it is ('--file -' reads standard input).
        with exit_codes():
            raw = express_lex.data.read_regular_bytes(Path(file))
        name = file
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(f"{name} is not UTF-8 (byte {error.start})", EXIT_USAGE) from None
    return [line for line in text.splitlines() if line.strip()]


def _render(results: list[Decomposition], fmt: OutputFormat) -> str:
    if fmt is OutputFormat.json:
        return json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2) + "\n"
    if fmt is OutputFormat.jsonl:
        return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in results)
    dimensions = results[0].dimensions if results else ()
    if fmt is OutputFormat.csv:
        buffer = io.StringIO()
        writer = SafeCsvWriter(buffer, lineterminator="\n")
        writer.writerow(["input", "term", "method", "confidence", *dimensions, "positive", "negative", "explanation"])
        for r in results:
            writer.writerow([r.input, r.term or "", r.method, f"{r.confidence:.4g}",
                             *(f"{v:.4g}" for v in r.vector), *(f"{v:.4g}" for v in r.sentiment_vector),
                             " | ".join(r.explanation)])
        return buffer.getvalue()
    header = ["input", "term", "method", "conf", *dimensions, "positive", "negative"]
    rows = [header]
    for r in results:
        shown = r.input if len(r.input) <= 30 else r.input[:29] + "…"
        shown = "".join(ch if ch.isprintable() else "?" for ch in shown)
        rows.append([shown, r.term or "-", r.method, f"{r.confidence:.2f}",
                     *(f"{v:.2f}" for v in r.vector), *(f"{v:.2f}" for v in r.sentiment_vector)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() + "\n" for row in rows)


WordNetOption = Annotated[
    Optional[bool],
    typer.Option("--wordnet/--no-wordnet", help="Use WordNet 3.0 for unseen words (default: when it is found).",
                 show_default=False),
]
TheoryOption = Annotated[str, typer.Option("--theory", "-t", help="Theory to decompose into, or 'all'.")]
TheoriesOption = Annotated[
    Optional[list[Path]],
    typer.Option("--theories", help="A directory (or file) of your own theory YAML files; repeatable.",
                 show_default=False),
]


LexiconOption = Annotated[
    Optional[str],
    typer.Option("--lexicon", "-l", metavar="NAME|PATH",
                 help="Lexicon to decompose with: default (shipped + your overlay), builtin, an imported "
                      "name, a 0/1 CSV file, or a YAML file added to the shipped lexicon.", show_default=False),
]


def _report_broken_theories(lexicon: express_lex.Lexicon) -> None:
    """A broken user theory is named on stderr; it never stops the others."""
    broken: dict[str, express_lex.Problem] = {}
    for problem in lexicon.theory_problems:
        if problem.severity == "error":
            broken.setdefault(problem.theory or problem.source, problem)
    for name, problem in broken.items():
        typer.echo(f"express-lex: warning: theory {name!r} not loaded: {problem}", err=True)


@app.command()
def decompose(
    terms: Annotated[Optional[list[str]], typer.Argument(help="Terms to decompose (words or phrases).", show_default=False)] = None,
    file: Annotated[Optional[str], typer.Option("--file", "-f", help="Read one term per line from PATH ('-' for standard input).", metavar="PATH|-")] = None,
    theory: TheoryOption = "plutchik",
    output: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.table,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 if any term is unknown.")] = False,
    wordnet: WordNetOption = None,
    theories: TheoriesOption = None,
    lexicon_name: LexiconOption = None,
) -> None:
    """Decompose each term into the theory's emotions (or dimensions) plus sentiment, one record per term, in input order."""
    items = list(terms or [])
    if file is not None:
        items.extend(_read_terms(file))
    if not items:
        raise fail("no terms given (pass TERMS or --file)", EXIT_USAGE)
    lexicon = _lexicon(wordnet, theories, lexicon_name)
    with exit_codes():
        if theory != "plutchik":
            _report_broken_theories(lexicon)
        names = lexicon.theory_names() if theory == "all" else (theory,)
        blocks = [lexicon.decompose_many(items, theory=name) for name in names]
    if output in (OutputFormat.json, OutputFormat.jsonl) or len(blocks) == 1:
        typer.echo(_render([r for block in blocks for r in block], output), nl=False)
    else:  # one block per theory: their columns differ
        typer.echo("\n".join(f"# {block[0].theory}\n{_render(block, output)}" for block in blocks), nl=False)
    results = blocks[0]
    if strict and any(not r.known for r in results):
        unknown = ", ".join(repr(r.input) for r in results if not r.known)
        raise fail(f"unknown term(s): {unknown}", EXIT_FAILURE)


def _weights(result: Decomposition) -> str:
    shown = [f"{name} {value:.2f}" for name, value in zip(result.dimensions, result.vector) if value]
    return ", ".join(shown) or "all zero"


@app.command()
def explain(
    term: Annotated[str, typer.Argument(help="A word or phrase, as a person would type it.", show_default=False)],
    theory: Annotated[str, typer.Option("--theory", "-t", help="Theory to project into.")] = "plutchik",
    output: Annotated[ReportFormat, typer.Option("--format", help="Output format.")] = ReportFormat.table,
    wordnet: WordNetOption = None,
    theories: TheoriesOption = None,
    lexicon_name: LexiconOption = None,
) -> None:
    """Every resolver step and graph edge from TERM to the basic emotions, and why the confidence is what it is."""
    lexicon = _lexicon(wordnet, theories, lexicon_name)
    with exit_codes():
        result = lexicon.decompose(term, theory=theory)
    if output is ReportFormat.json:
        typer.echo(json.dumps({**result.to_dict(), "wordnet": lexicon.wordnet_status()}, ensure_ascii=False, indent=2))
        return
    typer.echo(f"input       {result.input!r}")
    typer.echo(f"term        {result.term or '-'}" + (f" (matched {result.matched!r})" if result.matched and result.matched != result.term else ""))
    typer.echo(f"method      {result.method}")
    typer.echo(f"confidence  {result.confidence:.2f}")
    typer.echo(f"emotions    {_weights(result)}")
    typer.echo(f"sentiment   positive {result.sentiment_vector[0]:.2f}, negative {result.sentiment_vector[1]:.2f}")
    typer.echo("steps")
    for number, step in enumerate(result.path, 1):
        typer.echo(f"  {number:>2}. {step.text}")
    if not any(step.kind == "wordnet" for step in result.path):
        typer.echo(f"note        {lexicon.wordnet_status()}" + ("" if result.method == "wordnet" else
                                                                 " (not needed for this term)" if result.known else ""))


@app.command()
def compare(
    a: Annotated[str, typer.Argument(help="First term.", show_default=False)],
    b: Annotated[str, typer.Argument(help="Second term.", show_default=False)],
    theory: Annotated[str, typer.Option("--theory", "-t", help="Theory to compare in.")] = "plutchik",
    output: Annotated[ReportFormat, typer.Option("--format", help="Output format.")] = ReportFormat.table,
    wordnet: WordNetOption = None,
    theories: TheoriesOption = None,
    lexicon_name: LexiconOption = None,
) -> None:
    """Cosine similarity of the graded vectors, EXPRESS binary agreement, and the dimensions A and B share or not."""
    with exit_codes():
        result = _lexicon(wordnet, theories, lexicon_name).compare(a, b, theory=theory)
    if output is ReportFormat.json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    for label, item in (("A", result.a), ("B", result.b)):
        typer.echo(f"{label}  {item.input!r} -> {item.term or '-'} ({item.method}, confidence {item.confidence:.2f}): {_weights(item)}")
    typer.echo(f"cosine (emotions)             {result.cosine:.3f}")
    typer.echo(f"cosine (emotions + sentiment) {result.cosine_with_sentiment:.3f}")
    if result.binary_match is None:
        typer.echo("EXPRESS binary match          n/a (a dimensional theory has no 0/1 view)")
    else:
        total = len(result.binary_columns)
        agreement = result.binary_agreement or 0.0
        typer.echo(f"EXPRESS binary match          {'yes' if result.binary_match else 'no'} "
                   f"({round(agreement * total)}/{total} dimensions agree)")
    typer.echo(f"same dominant emotion         {'yes' if result.same_dominant else 'no'}")
    typer.echo(f"shared                        {', '.join(result.shared) or '-'}")
    typer.echo(f"only in A                     {', '.join(result.only_a) or '-'}")
    typer.echo(f"only in B                     {', '.join(result.only_b) or '-'}")


class MetricSet(str, Enum):
    paper = "paper"
    graded = "graded"
    all = "all"


class ReportTable(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


if TYPE_CHECKING:  # the evaluation package loads only when evaluate runs (cold start)
    from express_lex.evaluation import EvaluationReport


def _metric_rows(reports: list[EvaluationReport]) -> list[tuple[str, list[str]]]:
    """(metric name, one formatted cell per file), in a fixed order."""
    from express_lex.evaluation import GRADED_METRICS, PAPER_METRICS

    rows: list[tuple[str, list[str]]] = [("rows / masks", [f"{r.rows:,} / {r.masks:,}" for r in reports])]
    for label, sections in (("", [r.paper for r in reports]), ("tolerant ", [r.tolerant for r in reports])):
        if all(section is None for section in sections):
            continue
        values = [None if section is None else section.by_name() for section in sections]
        for name in PAPER_METRICS:
            rows.append((f"{label}{name}", ["-" if v is None else f"{v[name]:.3f}" for v in values]))
    if any(r.tolerant is not None for r in reports):
        rows.append(("tolerant rows rescued", ["-" if r.tolerant is None else str(r.rows_rescued) for r in reports]))
    graded = [r.graded for r in reports]
    present = [g for g in graded if g is not None]
    if present:
        suffix = "" if present[0].theory == "plutchik" else f" ({present[0].theory})"
        for name in GRADED_METRICS:
            cells = []
            for g in graded:
                if g is None:
                    cells.append("-")
                    continue
                value = g.estimates()[name]
                interval = f" [{value.low:.3f}, {value.high:.3f}]" if value.has_interval else ""  # none when bootstrap is 0
                cells.append(f"{value.mean:.3f}{interval}")
            rows.append((name + suffix, cells))
        for side in ("labels", "predictions"):
            cells = []
            for g in graded:
                if g is None:
                    cells.append("-")
                    continue
                cov = g.coverage(side)
                cells.append(f"{cov.all_zero}/{cov.distinct} ({cov.all_zero_share:.1%})")
            rows.append((f"all-zero {side} (distinct words)", cells))
        for side in ("labels", "predictions"):
            methods = sorted({m for g in present for m in g.coverage(side).by_method})
            for method in methods:
                rows.append((f"{side} by {method}", ["-" if g is None else str(g.coverage(side).by_method.get(method, 0))
                                                     for g in graded]))
    return rows


def _render_reports(reports: list[EvaluationReport], fmt: ReportTable, details: bool) -> str:
    from express_lex.evaluation import reports_to_json

    if fmt is ReportTable.json:
        return reports_to_json(reports)
    names = [Path(r.file).name for r in reports]
    rows = _metric_rows(reports)
    if fmt is ReportTable.csv:
        buffer = io.StringIO()
        writer = SafeCsvWriter(buffer, lineterminator="\n")
        writer.writerow(["metric", *names])
        writer.writerows([name, *cells] for name, cells in rows)
        return buffer.getvalue()
    if fmt is ReportTable.markdown:
        lines = ["| metric | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
        lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows]
        text = "\n".join(lines) + "\n"
    else:
        width = max(len(name) for name, _ in [("metric", []), *rows])
        widths = [max(len(n), *(len(c[i]) for _, c in rows)) for i, n in enumerate(names)]
        lines = [f"{'metric':<{width}}  " + "  ".join(n.ljust(w) for n, w in zip(names, widths))]
        lines += [f"{name:<{width}}  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths)) for name, cells in rows]
        text = "\n".join(line.rstrip() for line in lines) + "\n"
    if details:
        for report in reports:
            graded = report.graded
            if graded is None:
                continue
            text += f"\n{Path(report.file).name}: labels missed most (n x (1 - mean cosine))\n"
            worst = sorted(graded.per_label, key=lambda x: -x.n * (1 - x.cosine))[:10]
            text += "".join(f"  {x.label:<16} n={x.n:<4} AccL {x.accl:.2f}  cosine {x.cosine:.2f}\n" for x in worst)
            text += f"{Path(report.file).name}: dominant emotion, gold (rows) x predicted (columns)\n"
            cells = {(c.gold, c.predicted): c.count for c in graded.confusion}
            axis = sorted({g for g, _ in cells} | {p for _, p in cells})
            text += "  " + " " * 13 + "".join(f"{a[:7]:>8}" for a in axis) + "\n"
            for g in axis:
                text += f"  {g[:12]:<13}" + "".join(f"{cells.get((g, p), 0):>8}" for p in axis) + "\n"
    return text


@app.command()
def evaluate(
    files: Annotated[list[Path], typer.Argument(help="Results files: the EXPRESS authors' CSV, predict's JSONL, or gold,prediction CSV.", show_default=False)],
    lexicon_name: LexiconOption = None,
    metrics: Annotated[MetricSet, typer.Option("--metrics", help="paper (the EXPRESS metrics), graded, or all.")] = MetricSet.all,
    theory: Annotated[str, typer.Option("--theory", "-t", help="Theory for the graded metrics (after projection).")] = "plutchik",
    output: Annotated[ReportTable, typer.Option("--format", help="Output format.")] = ReportTable.table,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap resamples for the 95% intervals (0: none).", min=0)] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Bootstrap seed.")] = 0,
    details: Annotated[bool, typer.Option("--details", help="Also print the labels missed most and the dominant-emotion confusion table.")] = False,
    wordnet: Annotated[bool, typer.Option("--wordnet/--no-wordnet", help="Use WordNet for unseen words (off by default, so that scores do not depend on what is installed).")] = False,
    theories: TheoriesOption = None,
    plot: Annotated[Optional[Path], typer.Option("--plot", help="Also draw the mean labels vs predictions on Plutchik's wheel and per-emotion agreement (PNG or SVG; one file per results file when several).", metavar="FILE", show_default=False)] = None,
    compare: Annotated[bool, typer.Option("--compare", help="Paired differences of each file against the first, with paired-bootstrap 95% intervals (the files must cover the same segments).")] = False,
) -> None:
    """Score model predictions against the self-disclosed labels: the paper's metrics and graded ones, several files side by side."""
    from express_lex.evaluation import evaluate_file

    lexicon = _lexicon(wordnet, theories, lexicon_name)
    if compare:  # issue 15: rendered by cli/study.py
        from express_lex.cli.study import render_comparisons
        from express_lex.evaluation import compare_files

        with exit_codes():
            comparisons = compare_files(files, lexicon, metrics=metrics.value, theory=theory, bootstrap=bootstrap, seed=seed)
        typer.echo(render_comparisons(comparisons, output.value), nl=False)
        return
    reports: list[EvaluationReport] = []
    steps = len(files) * (5 if metrics is not MetricSet.paper else 1)
    show = sys.stderr.isatty() and steps > 1
    with typer.progressbar(length=steps, label="evaluating", file=sys.stderr if show else io.StringIO()) as bar:
        for path in files:
            with exit_codes():
                reports.append(evaluate_file(path, lexicon, metrics=metrics.value, theory=theory, bootstrap=bootstrap,
                                             seed=seed, progress=bar.update))
            bar.update(1)
    typer.echo(_render_reports(reports, output, details), nl=False)
    if plot is not None:
        if metrics is MetricSet.paper:
            raise fail("--plot needs the graded metrics (--metrics graded or all)", EXIT_USAGE)
        from express_lex.evaluation import plot_evaluation, save_figure

        for index, report in enumerate(reports):
            target = plot if len(reports) == 1 else plot.with_name(f"{plot.stem}-{index + 1}{plot.suffix}")
            with exit_codes():
                save_figure(plot_evaluation(report, lexicon), target)
            typer.echo(f"wrote {target}", err=True)


from express_lex.cli.predict import predict  # noqa: E402  (defined apart: the runner is a large command)

app.command()(predict)
from express_lex.cli.text import extract as extract_command  # noqa: E402  (issue 12)
from express_lex.cli.text import mask as mask_command

app.command("extract")(extract_command), app.command("mask")(mask_command)
from express_lex.cli import study as _study  # noqa: E402  (issue 15)

app.add_typer(_study.humaneval_app, name="humaneval")
app.command("report")(_study.report)


@app.command()
def plot(
    terms: Annotated[list[str], typer.Argument(help="Terms to draw.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Image file: .png or .svg.", metavar="FILE", show_default=False)],
    overlay: Annotated[bool, typer.Option("--overlay", help="Draw all terms on one wheel instead of side by side.")] = False,
    title: Annotated[Optional[str], typer.Option("--title", help="Title above the wheels.", show_default=False)] = None,
    wordnet: WordNetOption = None,
    lexicon_name: LexiconOption = None,
) -> None:
    """Draw terms on Plutchik's wheel: petals in wheel order and colours, length by weight, the three intensity rings."""
    from express_lex.evaluation import plot_terms, save_figure

    lexicon = _lexicon(wordnet, None, lexicon_name)
    with exit_codes():
        path = save_figure(plot_terms(terms, lexicon, overlay=overlay, title=title), out)
    typer.echo(f"wrote {path}")


@app.command()
def check(
    theories: TheoriesOption = None,
    lexicon_name: LexiconOption = None,
    examples: Annotated[int, typer.Option("--examples", help="Random examples per property (your own entries are all tried).", min=1)] = 200,
) -> None:
    """Property-based checks of the loaded lexicon and theories; exit 1 naming each falsified property and its minimal counterexample."""
    lexicon = _lexicon(False, theories, lexicon_name)
    try:
        with exit_codes():
            results = express_lex.check_properties(lexicon, max_examples=examples)
    except ImportError:
        raise fail("express-lex check needs hypothesis: pip install 'express-lex[check]'", EXIT_USAGE) from None
    _report_broken_theories(lexicon)
    for result in results:
        status = "ok  " if result.passed else "FAIL"
        typer.echo(f"{status}  {result.name}: {result.description}")
        if not result.passed:
            typer.echo(f"      counterexample: {result.counterexample}")
    failed = [r.name for r in results if not r.passed]
    typer.echo(f"{len(results) - len(failed)} of {len(results)} properties hold" + (f"; falsified: {', '.join(failed)}" if failed else ""))
    if failed:
        raise typer.Exit(EXIT_FAILURE)


def _print_problems(problems: list, warnings: bool) -> None:
    """Coded problems one per line, a summary line, and exit 1 if any is an error."""
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        if warnings or problem.severity == "error":
            typer.echo(str(problem))
    counts = Counter(p.code for p in problems)
    summary = ", ".join(f"{code} x{n}" for code, n in sorted(counts.items())) or "no problems"
    typer.echo(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s): {summary}")
    if errors:
        raise typer.Exit(EXIT_FAILURE)


theories_app = typer.Typer(help="List, show and validate emotion theories.", no_args_is_help=True,
                           context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(theories_app, name="theories")


@theories_app.command("list")
def theories_list(
    theories: TheoriesOption = None,
    output: Annotated[ReportFormat, typer.Option("--format", help="Output format.")] = ReportFormat.table,
) -> None:
    """Every loaded theory (built-in, your --theories, $EXPRESS_LEX_THEORIES, entry points) and any that failed to load."""
    lexicon = _lexicon(None, theories)
    rows = []
    for name in lexicon.theory_names():
        theory = lexicon.get_theory(name)
        origin = theory.origin if isinstance(theory, (express_lex.CategoricalTheory, express_lex.DimensionalTheory)) \
            else "built-in"
        rows.append({"name": name, "kind": theory.kind, "size": len(theory.dimension_names), "title": theory.title,
                     "origin": origin})
    broken = sorted({p.theory or p.source for p in lexicon.theory_problems if p.severity == "error"})
    if output is ReportFormat.json:
        typer.echo(json.dumps({"theories": rows, "broken": broken}, indent=2))
    else:
        width = max(len(str(r["name"])) for r in rows)
        for row in rows:
            typer.echo(f"{row['name']:<{width}}  {row['kind']:<11}  {row['size']:>3}  {row['title']}  [{row['origin']}]")
    _report_broken_theories(lexicon)


@theories_app.command("show")
def theories_show(
    name: Annotated[str, typer.Argument(help="Theory name (see 'theories list').", show_default=False)],
    theories: TheoriesOption = None,
) -> None:
    """A theory's source, citation, categories (or dimensions) and how each is defined in Plutchik's terms."""
    lexicon = _lexicon(None, theories)
    with exit_codes():
        theory = lexicon.get_theory(name)
    typer.echo(f"{theory.name}: {theory.title}")
    typer.echo(f"citation: {theory.citation}")
    if isinstance(theory, express_lex.BasicTheory):
        typer.echo(f"emotions: {', '.join(theory.emotions)}  (the basis every other theory projects from)")
        # Each theory term under its address: the plain word may carry an everyday reading instead.
        for term in theory.terms.values():
            if term.kind == "intensity":
                (emotion, weight), = term.components
                shape = f"{term.level} {emotion} ({weight:g})"
            else:
                shape = " + ".join(e for e, _ in term.components) + f" ({term.dyad_kind} dyad)"
            typer.echo(f"  {theory.name}:{term.name} = {shape}")
        return
    if not isinstance(theory, (express_lex.CategoricalTheory, express_lex.DimensionalTheory)):
        raise fail(f"{name!r} is a theory of an unknown kind", EXIT_FAILURE)
    typer.echo(f"kind: {theory.kind}; source: {theory.source}; loaded from: {theory.origin}")
    emotions = lexicon.theory.emotions
    if isinstance(theory, express_lex.DimensionalTheory):
        for index, dimension in enumerate(theory.dimensions):
            values = ", ".join(f"{e} {theory.coordinates[e][index]:+.2f}" for e in emotions)
            typer.echo(f"  {dimension.name} ({dimension.low} .. {dimension.high}): {values}")
        return
    for category in theory.categories:
        top = sorted(((v, e) for e, v in zip(emotions, category.definition) if v), reverse=True)[:3]
        shape = ", ".join(f"{e} {v:.2f}" for v, e in top) or "-"
        extra = f" [parent {category.parent}]" if category.parent else ""
        extra += "".join(f" [{k} {v}]" for k, v in dict(category.attributes).items())
        typer.echo(f"  {category.name}: {category.how} -> {shape}{extra}")
    for other, table in dict(theory.mappings).items():
        typer.echo(f"published mapping to {other}: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in table.items()))
    for group, table in dict(theory.groups).items():
        typer.echo(f"groups ({group}): " + "; ".join(f"{k}: {', '.join(v)}" for k, v in table.items()))


@theories_app.command("map")
def theories_map(
    source: Annotated[str, typer.Argument(help="A categorical theory, e.g. goemotions.", show_default=False)],
    target: Annotated[str, typer.Argument(help="The theory to map it onto, e.g. ekman.", show_default=False)],
    theories: TheoriesOption = None,
    output: Annotated[ReportFormat, typer.Option("--format", help="Output format.")] = ReportFormat.table,
) -> None:
    """Map each category of SOURCE onto TARGET through Plutchik, beside SOURCE's own published mapping if it has one."""
    lexicon = _lexicon(None, theories)
    with exit_codes():
        mapped = lexicon.map_theory(source, target)
        origin = lexicon.get_theory(source)
    own = origin.mappings if isinstance(origin, express_lex.CategoricalTheory) else {}
    published = {member: name for name, members in dict(own).get(target, {}).items() for member in members}
    goal = lexicon.get_theory(target)
    categories = goal.categories if isinstance(goal, express_lex.CategoricalTheory) else ()
    aliases = {alias: c.name for c in categories for alias in c.aliases}
    rows = []
    for category, result in mapped.items():
        mine = list(result.dominants)
        theirs = published.get(category)
        agree = None if theirs is None else aliases.get(theirs, theirs) in mine
        rows.append({"category": category, "express_lex": mine, "score": max(result.vector, default=0.0),
                     "published": theirs, "agrees": agree})
    if output is ReportFormat.json:
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(len(str(r["category"])) for r in rows)
    for row in rows:
        shown = ", ".join(row["express_lex"]) or "-"
        extra = "" if row["published"] is None else f"   published: {row['published']} {'(agrees)' if row['agrees'] else '(differs)'}"
        typer.echo(f"{row['category']:<{width}}  -> {shown} ({row['score']:.2f}){extra}")
    judged = [r for r in rows if r["agrees"] is not None]
    if judged:
        typer.echo(f"agreement with {source}'s published mapping: {sum(bool(r['agrees']) for r in judged)} of {len(judged)}")


@theories_app.command("validate")
def theories_validate(
    paths: Annotated[list[Path], typer.Argument(help="Theory YAML files (or directories) to check.", show_default=False)],
    warnings: Annotated[bool, typer.Option("--warnings/--no-warnings", help="Show warnings as well as errors.")] = True,
) -> None:
    """Check theory files against coded rules (T1xx errors, W2xx warnings), each with its file and line; exit 1 on any error."""
    with exit_codes():
        problems = express_lex.validate_theories(paths)
    _print_problems(problems, warnings)


lexicon_app = typer.Typer(help="Inspect and check the lexicon.", no_args_is_help=True,
                          context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(lexicon_app, name="lexicon")


@lexicon_app.command("add")
def lexicon_add(
    term: Annotated[str, typer.Argument(help="The word or phrase to add.", show_default=False)],
    expression: Annotated[str, typer.Option("--as", help="Its decomposition, e.g. 'joy + 0.5*trust'.", show_default=False)],
    pos: Annotated[str, typer.Option("--pos", help="Part of speech: adj, noun, verb, adv (phrases are detected).")] = "adj",
    intensity: Annotated[Optional[str], typer.Option("--intensity", help="mild, basic or intense: scales the weights.", show_default=False)] = None,
    synonyms: Annotated[Optional[list[str]], typer.Option("--synonym", help="A lexicon term of the same meaning; repeatable.", show_default=False)] = None,
    wordnet_links: Annotated[Optional[list[str]], typer.Option("--wordnet", help="A WordNet 3.0 synset, e.g. glad.a.01; repeatable.", show_default=False)] = None,
    rationale: Annotated[Optional[str], typer.Option("--rationale", help="Why it decomposes so.", show_default=False)] = None,
) -> None:
    """Add (or replace) a term in your overlay; it is validated first and written atomically."""
    with exit_codes():
        path = express_lex.add_entry(term, expression, pos=pos, intensity=intensity, synonyms=synonyms or (),
                                     wordnet=wordnet_links or (), rationale=rationale)
    typer.echo(f"added {term!r} to {path}")


@lexicon_app.command("import")
def lexicon_import(
    file: Annotated[Path, typer.Argument(help="A 0/1 CSV: EmoLex/EXPRESS 10 columns, or NRC's word,emotion,0/1.", show_default=False)],
    name: Annotated[str, typer.Option("--name", help="Name to use it by: --lexicon NAME.", show_default=False)],
) -> None:
    """Import a 0/1 emotion lexicon you have the right to use; decompose with it by --lexicon NAME."""
    with exit_codes():
        path, count = express_lex.import_lexicon(file, name)
    typer.echo(f"imported {count:,} words as {name!r} ({path})")


@lexicon_app.command("stats")
def lexicon_stats(
    output: Annotated[ReportFormat, typer.Option("--format", help="Output format.")] = ReportFormat.table,
) -> None:
    """Lemmas by part of speech, by provenance and by dominant emotion; surface forms."""
    with exit_codes():
        stats = express_lex.default_lexicon().stats()
    if output is ReportFormat.json:
        typer.echo(json.dumps(stats, indent=2))
        return
    for name, value in stats.items():
        if isinstance(value, dict):
            typer.echo(f"{name}:")
            for key, count in value.items():
                typer.echo(f"  {key:<28} {count:>7,}")
        else:
            typer.echo(f"{name:<44} {value:>7,}")


@lexicon_app.command("validate")
def lexicon_validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Extra lexicon files to check with the shipped ones.", show_default=False)] = None,
    builtin: Annotated[bool, typer.Option("--builtin/--no-builtin", help="Include the shipped lexicon.")] = True,
    wordnet: Annotated[bool, typer.Option("--wordnet/--no-wordnet", help="Check WordNet links when WordNet 3.0 is found.")] = True,
    warnings: Annotated[bool, typer.Option("--warnings/--no-warnings", help="Show warnings as well as errors.")] = True,
) -> None:
    """Check lexicon files against coded rules (E1xx errors, W2xx warnings); exit 1 on any error."""
    with exit_codes():
        problems = express_lex.validate_lexicon(paths or (), builtin=builtin, check_wordnet=wordnet)
    _print_problems(problems, warnings)


def main() -> None:
    """Console-script entry point: every way out is an exit code and at most one line on stderr."""
    try:  # typer 0.28 vendors click; earlier versions use the click package
        from typer._click import exceptions as click_errors
    except ImportError:
        from click import exceptions as click_errors  # type: ignore[no-redef]
    no_args_help = tuple(c for c in [getattr(click_errors, "NoArgsIsHelpError", None)] if c is not None)

    try:
        code = app_for(sys.argv[1:])(standalone_mode=False)
    except no_args_help as error:  # the help the user asked for by giving no arguments
        typer.echo(error.format_message())
        sys.exit(EXIT_USAGE)
    except click_errors.UsageError as error:  # click prints usage, a blank line and the error: keep only the error
        hint = f" (see '{error.ctx.command_path} -h')" if error.ctx is not None else ""
        typer.echo(f"express-lex: error: {_one_line(error.format_message())}{hint}", err=True)
        sys.exit(EXIT_USAGE)
    except click_errors.ClickException as error:
        typer.echo(f"express-lex: error: {_one_line(error.format_message())}", err=True)
        sys.exit(error.exit_code)
    except ExpressLexError as error:  # errors raised outside a command body, such as a broken data file
        typer.echo(f"express-lex: error: {_one_line(str(error))}", err=True)
        sys.exit(EXIT_FAILURE)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(EXIT_OK)
    except typer.Abort:
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as error:  # stdout on /dev/full, a disk filling up under a write
        _silence_stdout()
        where = f" {error.filename}" if error.filename else " (standard output)"
        typer.echo(f"express-lex: error: cannot write{where}: {error.strerror or error}", err=True)
        sys.exit(EXIT_FAILURE)
    sys.exit(code or EXIT_OK)


def app_for(args: list[str]) -> typer.Typer:
    """The app main() runs for `args`: `app` narrowed to the command `args` start with.

    typer turns every registered command's signature into click parameters before it runs
    any of them: about 30 ms for twenty commands, a quarter of `decompose joy`. The other
    commands cannot be reached from this command line, so they are not built. Anything else
    (no command, an option first, a misspelt command) gets the whole app and its help.
    """
    if not args:
        return app
    commands = [c for c in app.registered_commands
                if (c.name or typer.main.get_command_name(getattr(c.callback, "__name__", ""))) == args[0]]
    groups = [g for g in app.registered_groups if g.name == args[0]]
    if not commands and not groups:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands, narrowed.registered_groups = commands, groups
    return narrowed


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit cannot fail a second time."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass
