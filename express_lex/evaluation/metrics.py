"""The EXPRESS evaluation: a thin consumer of the engine's public API.

Reads results files, parses model outputs the way the EXPRESS authors' cleaning does (and,
reported separately, tolerantly), and computes the paper's metrics exactly plus graded
metrics with bootstrap confidence intervals (docs/evaluation.md). No lexicon logic here:
every word goes through `Lexicon.decompose_many`.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..errors import InputError
from .datasets import LabelSyntaxError, csv_rows, label_count, literal_list, open_records, quoted_list, row_id
from .reports import (ConfusionCell, Coverage, Estimate, EvaluationReport, GradedMetrics, LabelBreakdown, PaperMetrics,
                      PlotData)

from .scoring import (Encoded, WordTable, coverage_of, encode_rows, exact_sum, graded_arrays, interval_of, numpy,
                      paper_points)

if TYPE_CHECKING:
    from ..engine import Lexicon

__all__ = ["EvalRow", "load_results", "iter_results", "iter_records", "report_of", "parse_strict", "parse_tolerant",
           "paper_metrics", "graded_metrics", "evaluate_file", "INVALID"]

INVALID = "INVALID OUTPUT"


@dataclass(frozen=True, slots=True)
class EvalRow:
    """One post: its gold labels and the model's answer, parsed strictly and tolerantly."""

    id: str
    labels: tuple[str, ...]
    prediction: tuple[str, ...] | None  # the authors' cleaning; None = invalid row
    tolerant: tuple[str, ...] | None  # also reading code fences, numbering, prose
    raw: str


# -- parsing model outputs ---------------------------------------------------------------------

def _clean(word: Any) -> str:
    return " ".join(str(word).strip().strip("'\"`").strip().lower().split())


def parse_strict(text: str, n: int) -> tuple[str, ...] | None:
    """The authors' cleaning: a Python list literal or a bare comma list, of length n."""
    text = (text or "").strip()
    if not text or text == INVALID:
        return None
    words: list[str] | None = None
    if _PLAIN_LIST.fullmatch(text):  # what literal_eval would return, without its cost (a million rows)
        words = [_clean(w) for w in _PLAIN_QUOTED.findall(text)]
        return tuple(words) if len(words) == n and all(words) else None
    try:
        value = ast.literal_eval(text)
        if isinstance(value, (list, tuple)):
            words = [_clean(w) for w in value]
        elif isinstance(value, str):
            words = [_clean(value)]
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        if "[" not in text and "\n" not in text:
            words = [_clean(w) for w in text.split(",")]
    if words is None or len(words) != n or not all(words):
        return None
    return tuple(words)


_PLAIN_LIST = re.compile(r"\[\s*'[^'\\\r\n\x00]*'(?:\s*,\s*'[^'\\\r\n\x00]*')*\s*\]")
_PLAIN_QUOTED = re.compile(r"'([^'\\\r\n\x00]*)'")
_FENCE = re.compile(r"```[a-zA-Z]*\s*(.*?)```", re.DOTALL)
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_NUMBERED = re.compile(r"^\s*(?:\d+[.):]|[-*•])\s*(.+?)\s*$", re.MULTILINE)


def parse_tolerant(text: str, n: int) -> tuple[str, ...] | None:
    """What chat models really answer: code fences, 'Answer:' lines, numbered lists, trailing prose."""
    strict = parse_strict(text, n)
    if strict is not None:
        return strict
    text = text or ""
    if "answer:" in text.lower():
        text = text[text.lower().rindex("answer:") + len("answer:"):]
    fenced = _FENCE.findall(text)
    candidates = [*fenced, *reversed(_BRACKETS.findall(text))]
    for candidate in candidates:
        found = parse_strict(candidate.strip(), n)
        if found is not None:
            return found
    numbered = [_clean(re.sub(r"[.,;]+$", "", m)) for m in _NUMBERED.findall(text)]
    if len(numbered) == n and all(numbered) and all(len(w.split()) <= 3 for w in numbered):
        return tuple(numbered)
    first = text.strip().splitlines()[0] if text.strip() else ""
    first = re.sub(r"^[^:]{0,40}:\s*", "", first).rstrip(".")
    found = parse_strict(first, n)
    if found is not None and all(len(w.split()) <= 3 for w in found):
        return found
    return None


# -- reading results files ---------------------------------------------------------------------

def _literal_list(value: Any, where: str) -> tuple[str, ...]:
    try:
        parsed = literal_list(value)
    except LabelSyntaxError:
        raise InputError(f"{where}: labels must be a list, got {str(value)[:40]!r}") from None
    if not isinstance(parsed, (list, tuple)):
        raise InputError(f"{where}: labels must be a list, got {str(value)[:40]!r}")
    return tuple(_clean(v) for v in parsed)


def _row(record: dict, where: str, number: int) -> EvalRow:
    """An EvalRow of a record open_records has read (and so checked with check_labels)."""
    labels = _literal_list(record.get("labels"), where)
    try:
        given = label_count(record.get("number_of_labels"))
    except ValueError:
        raise InputError(f"{where}: number_of_labels must be a number") from None
    n = len(labels) if given is None else given
    raw = record.get("output")
    formatted = record.get("output_formatted")
    raw_text = "" if raw is None else raw if isinstance(raw, str) else json.dumps(raw)
    if formatted not in (None, ""):
        if isinstance(formatted, (list, tuple)):
            prediction = tuple(_clean(w) for w in formatted) if len(formatted) == n else None
        elif (words := quoted_list(str(formatted))) is not None:
            prediction = tuple(_clean(w) for w in words) if len(words) == n and all(words) else None
        else:
            prediction = parse_strict(str(formatted), n)
        raw_text = raw_text or str(formatted)
    else:
        prediction = parse_strict(raw_text, n) if not isinstance(raw, list) else (
            tuple(_clean(w) for w in raw) if len(raw) == n else None)
    if record.get("error"):
        prediction = None
    tolerant = prediction if prediction is not None else parse_tolerant(raw_text, n)
    return EvalRow(row_id(record, number), labels, prediction, tolerant, raw_text)


def iter_results(path: str | Path) -> Iterator[EvalRow]:
    """The rows of a results file, streamed (see load_results for the formats)."""
    return (row for _, row in iter_records(path))


def iter_records(path: str | Path) -> Iterator[tuple[dict[str, Any], EvalRow]]:
    """(the file's record, its EvalRow) per row, streamed; the record is {} for a gold,prediction CSV."""
    path = Path(path)
    header, records = open_records(path, sniff=True)
    if header is None or "labels" in {field.strip().lower() for field in header}:
        for number, record in records:
            yield record, _row(record, f"{path}:{number}", number)
        return
    records.close()  # read again below as raw cells: the header may be the first pair
    # A plain gold/prediction table: one mask per row, with or without a header.
    if len(header) != 2:
        raise InputError(f"{path}: expected the EXPRESS columns (labels, output...) or two columns gold,prediction")
    named = {h.strip().lower() for h in header} & {"gold", "label", "prediction", "predicted", "output"}
    for number, cells in csv_rows(path):
        if number == 1 and named:
            continue
        if len(cells) != 2:
            raise InputError(f"{path}:{number}: expected 2 columns")
        gold, predicted = _clean(cells[0]), _clean(cells[1])
        answer = (predicted,) if predicted else None
        yield {}, EvalRow(str(number), (gold,), answer, answer, cells[1])


def load_results(path: str | Path) -> list[EvalRow]:
    """Rows of a results file: the authors' CSV (labels, output and/or output_formatted,
    number_of_labels), JSONL with the same keys (what `express-lex predict` writes), or a
    two-column gold,prediction CSV (one mask per line). `iter_results` streams them instead."""
    return list(iter_results(path))


# -- metrics -----------------------------------------------------------------------------------
# The arithmetic lives in scoring.py (numpy); these functions keep the list-of-rows API.

def paper_metrics(rows: Iterable[EvalRow], lexicon: "Lexicon", *, tolerant: bool = False) -> PaperMetrics:
    """VRate, AccL, AccV, F1V, AccV-2 exactly as the EXPRESS authors compute them.

    Lists pair by position; a word the lexicon lacks is the zero vector; AccL and AccV count
    every mask (invalid rows too) in the denominator; F1V and AccV-2 average over the masks of
    valid rows.
    """
    encoded = encode_rows(rows)
    return _paper(encoded, WordTable(lexicon, encoded.words), tolerant)


def _paper(encoded: Encoded, words: WordTable, tolerant: bool) -> PaperMetrics:
    vrate, accl, accv, f1v, accv2 = paper_points(encoded, words, tolerant=tolerant)
    return PaperMetrics(vrate=vrate, accl=accl, accv=accv, f1v=f1v, accv2=accv2, masks=encoded.masks,
                        rows=encoded.rows)


def graded_metrics(rows: Iterable[EvalRow], lexicon: "Lexicon", *, theory: str = "plutchik", bootstrap: int = 1000,
                   seed: int = 0, tolerant: bool = False,
                   progress: Callable[[int], None] | None = None) -> GradedMetrics:
    """Mean cosine, sentiment, dominant and dyad-aware agreement (each with a bootstrap 95% CI
    over posts), coverage by resolver method, per-label breakdown and a dominant-emotion
    confusion table, over the masks of valid rows, optionally after projection into `theory`."""
    if tolerant:  # the graded metrics read the strict answers; a tolerant view swaps them in
        rows = [EvalRow(r.id, r.labels, r.tolerant, r.tolerant, r.raw) for r in rows]
    encoded = encode_rows(rows)
    return _graded(encoded, WordTable(lexicon, encoded.words), theory, bootstrap, seed, progress)


def _graded(encoded: Encoded, words: WordTable, theory: str, bootstrap: int, seed: int,
            progress: Callable[[int], None] | None) -> GradedMetrics:
    np = numpy()
    arrays = graded_arrays(encoded, words, theory)
    table = arrays.table
    intervals = interval_of(table, bootstrap, seed)
    estimates = []
    for point, (low, high) in zip(table.points, intervals):
        estimates.append(Estimate(point, low, high))
        if progress:
            progress(1)
    _, gold, answer = encoded.strict_pairs
    size = len(words.words)
    # per gold label, in mask order, as the per-mask loop summed them
    count = np.bincount(gold, minlength=size)
    same = np.bincount(gold, weights=(gold == answer).astype(np.float64), minlength=size)
    cosines = np.bincount(gold, weights=arrays.values["cosine"], minlength=size)
    dominant = np.bincount(gold, weights=arrays.values["dominant agreement"], minlength=size)
    labels = [LabelBreakdown(words.words[i], int(count[i]), float(same[i]) / count[i], float(cosines[i]) / count[i],
                             float(dominant[i]) / count[i]) for i in np.flatnonzero(count).tolist()]
    labels.sort(key=lambda item: (item.cosine, -item.n, item.label))
    names = sorted(set(arrays.dominant_names))
    code = {name: index for index, name in enumerate(names)}
    dominant_code = np.array([code[name] for name in arrays.dominant_names], dtype=np.int64)
    cells = np.bincount(dominant_code[gold] * len(names) + dominant_code[answer], minlength=len(names) ** 2)
    confusion = tuple(ConfusionCell(names[c // len(names)], names[c % len(names)], int(cells[c]))
                      for c in np.flatnonzero(cells).tolist())
    masks = len(gold)
    emotions = words.lexicon.theory.emotions
    base = arrays.base_vectors
    mean_labels = [exact_sum(base[gold, i]) / masks if masks else 0.0 for i in range(len(emotions))]
    mean_predictions = [exact_sum(base[answer, i]) / masks if masks else 0.0 for i in range(len(emotions))]
    agree = [int(((base[gold, i] > 0) == (base[answer, i] > 0)).sum()) / masks if masks else 0.0
             for i in range(len(emotions))]

    def coverage(ids: Any) -> Coverage:
        distinct, zero, methods = coverage_of(words, ids)
        return Coverage(distinct, len(zero), len(zero) / distinct if distinct else 0.0, tuple(zero[:50]), methods)

    cosine_, sentiment, dominant_, dyad = estimates
    return GradedMetrics(
        cosine=cosine_, sentiment_agreement=sentiment, dominant_agreement=dominant_, dyad_aware_agreement=dyad,
        labels_coverage=coverage(np.unique(encoded.labels)),
        predictions_coverage=coverage(encoded.strict_answers),
        per_label=tuple(labels),
        confusion=confusion,
        theory=theory,
        plot=PlotData(  # Plutchik means and per-emotion presence agreement, for the evaluate picture
            mean_labels=dict(zip(emotions, mean_labels)),
            mean_predictions=dict(zip(emotions, mean_predictions)),
            agreement=dict(zip(emotions, agree)),
        ),
    )


def evaluate_file(path: str | Path, lexicon: "Lexicon", *, metrics: str = "all", theory: str = "plutchik",
                  bootstrap: int = 1000, seed: int = 0, progress: Callable[[int], None] | None = None) -> EvaluationReport:
    """Every requested metric for one results file (strict parsing), plus the tolerant parse's
    paper metrics reported separately so that strict numbers stay comparable. The file is
    streamed: memory holds a few integers per mask and one decomposition per distinct word."""
    encoded = encode_rows(iter_results(path))
    if not encoded.rows:
        raise InputError(f"{path}: no rows")
    return report_of(str(path), encoded, WordTable(lexicon, encoded.words), metrics=metrics, theory=theory,
                     bootstrap=bootstrap, seed=seed, progress=progress)


def report_of(name: str, encoded: Encoded, words: WordTable, *, metrics: str = "all", theory: str = "plutchik",
              bootstrap: int = 1000, seed: int = 0,
              progress: Callable[[int], None] | None = None) -> EvaluationReport:
    """The EvaluationReport of an already encoded file."""
    paper = tolerant = graded = None
    rescued: int | None = None
    if metrics in ("paper", "all"):
        paper = _paper(encoded, words, False)
        rescued = encoded.rescued
        tolerant = _paper(encoded, words, True) if rescued else paper
    if metrics in ("graded", "all"):
        graded = _graded(encoded, words, theory, bootstrap, seed, progress)
    return EvaluationReport(name, words.lexicon.name, encoded.rows, encoded.masks, paper, tolerant, rescued, graded)
