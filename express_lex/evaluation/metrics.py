"""The EXPRESS evaluation: a thin consumer of the engine's public API.

Reads results files, parses model outputs the way the EXPRESS authors' cleaning does (and,
reported separately, tolerantly), and computes the paper's metrics exactly plus graded
metrics with bootstrap confidence intervals (docs/evaluation.md). No lexicon logic here:
every word goes through `Lexicon.decompose_many`.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..data import read_text
from ..errors import InputError
from ..model import cosine
from .datasets import LabelSyntaxError, csv_records, jsonl_records, label_count, literal_list, row_id
from .reports import (ConfusionCell, Coverage, Estimate, EvaluationReport, GradedMetrics, LabelBreakdown, PaperMetrics,
                      PlotData)

if TYPE_CHECKING:
    from ..engine import Lexicon
    from ..model import Decomposition

__all__ = ["EvalRow", "load_results", "parse_strict", "parse_tolerant", "paper_metrics", "graded_metrics",
           "evaluate_file", "INVALID"]

INVALID = "INVALID OUTPUT"
SALIENT = 0.8  # an emotion within 80% of the strongest counts as salient (dyad-aware agreement)


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

_SIMPLE_LIST = re.compile(r"\[\s*'[^'\\]*'(?:\s*,\s*'[^'\\]*')*\s*\]")
_QUOTED = re.compile(r"'([^'\\]*)'")


def _literal_list(value: Any, where: str) -> tuple[str, ...]:
    try:
        parsed = literal_list(value)
    except LabelSyntaxError:
        raise InputError(f"{where}: labels must be a list, got {str(value)[:40]!r}") from None
    if not isinstance(parsed, (list, tuple)):
        raise InputError(f"{where}: labels must be a list, got {str(value)[:40]!r}")
    return tuple(_clean(v) for v in parsed)


def _row(record: dict, where: str, number: int) -> EvalRow:
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
        elif _SIMPLE_LIST.fullmatch(str(formatted)):
            words = _QUOTED.findall(str(formatted))
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


def load_results(path: str | Path) -> list[EvalRow]:
    """Rows of a results file: the authors' CSV (labels, output and/or output_formatted,
    number_of_labels), JSONL with the same keys (what `express-lex predict` writes), or a
    two-column gold,prediction CSV (one mask per line)."""
    path = Path(path)
    text = read_text(path)
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    rows: list[EvalRow] = []
    if path.suffix.lower() in (".jsonl", ".json") or text.lstrip().startswith("{"):
        return [_row(record, f"{path}:{number}", number) for number, record in jsonl_records(path, text, detail=False)]
    header, records = csv_records(path, text)
    fields = [f.strip().lower() for f in header]
    if "labels" in fields:
        return [_row(record, f"{path}:{number}", number) for number, record in records]
    # A plain gold/prediction table: one mask per row.
    if len(fields) != 2:
        raise InputError(f"{path}: expected the EXPRESS columns (labels, output...) or two columns gold,prediction")
    plain = csv.reader(io.StringIO(text))
    header = next(plain)
    first = [] if {h.strip().lower() for h in header} & {"gold", "label", "prediction", "predicted", "output"} else [header]
    for number, cells in enumerate([*first, *plain], 1 if first else 2):  # file line numbers: a header is line 1
        if len(cells) != 2:
            raise InputError(f"{path}:{number}: expected 2 columns")
        gold, predicted = _clean(cells[0]), _clean(cells[1])
        rows.append(EvalRow(str(number), (gold,), (predicted,) if predicted else None, (predicted,) if predicted else None,
                            cells[1]))
    return rows


# -- metrics -----------------------------------------------------------------------------------

def _vectors(lexicon: "Lexicon", words: Iterable[str], theory: str = "plutchik") -> dict[str, "Decomposition"]:
    distinct = sorted({w for w in words if w})
    return dict(zip(distinct, lexicon.decompose_many(distinct, theory=theory)))


def _f1(gold: tuple[int, ...], predicted: tuple[int, ...]) -> float:
    """scikit-learn's binary F1 (positive label 1) with zero_division=0."""
    tp = sum(1 for g, p in zip(gold, predicted) if g and p)
    fp = sum(1 for g, p in zip(gold, predicted) if p and not g)
    fn = sum(1 for g, p in zip(gold, predicted) if g and not p)
    denominator = 2 * tp + fp + fn
    return 2 * tp / denominator if denominator else 0.0


def paper_metrics(rows: list[EvalRow], lexicon: "Lexicon", *, tolerant: bool = False) -> PaperMetrics:
    """VRate, AccL, AccV, F1V, AccV-2 exactly as the EXPRESS authors compute them.

    Lists pair by position; a word the lexicon lacks is the zero vector; AccL and AccV count
    every mask (invalid rows too) in the denominator; F1V and AccV-2 average over the masks of
    valid rows.
    """
    answer = (lambda r: r.tolerant) if tolerant else (lambda r: r.prediction)
    decomposed = _vectors(lexicon, [w for r in rows for w in (*r.labels, *(answer(r) or ()))])
    binary = {w: d.binary() for w, d in decomposed.items()}
    zero = (0,) * 10
    masks = sum(len(r.labels) for r in rows)
    valid = [r for r in rows if answer(r) is not None]
    same_word = same_vector = 0
    f1s: list[float] = []
    agreements: list[float] = []
    for row in valid:
        for gold, predicted in zip(row.labels, answer(row)):  # type: ignore[arg-type]
            g, p = binary.get(gold, zero), binary.get(predicted, zero)
            same_word += gold == predicted
            same_vector += g == p
            f1s.append(_f1(g, p))
            agreements.append(sum(a == b for a, b in zip(g, p)) / len(g))
    return PaperMetrics(
        vrate=len(valid) / len(rows) if rows else 0.0,
        accl=same_word / masks if masks else 0.0,
        accv=same_vector / masks if masks else 0.0,
        f1v=sum(f1s) / len(f1s) if f1s else 0.0,
        accv2=sum(agreements) / len(agreements) if agreements else 0.0,
        masks=masks,
        rows=len(rows),
    )


def _salient(result: "Decomposition") -> set[str]:
    strongest = max(result.vector, default=0.0)
    if strongest <= 0:
        return set()
    return {name for name, value in zip(result.dimensions, result.vector) if value >= SALIENT * strongest}


def _sign(result: "Decomposition") -> int:
    positive, negative = result.sentiment_vector
    return 0 if abs(positive - negative) < 1e-9 else (1 if positive > negative else -1)


def _bootstrap(per_row: list[tuple[float, int]], samples: int, seed: int) -> tuple[float, float]:
    """Percentile 95% interval of a mean over masks, resampling posts (masks in a post are not independent)."""
    rows = [r for r in per_row if r[1]]
    if not rows or samples <= 0:
        return (math.nan, math.nan)
    rng = random.Random(seed)
    n = len(rows)
    sums = [s for s, _ in rows]
    counts = [c for _, c in rows]
    means = []
    for _ in range(samples):
        picks = rng.choices(range(n), k=n)
        total = sum(sums[i] for i in picks)
        count = sum(counts[i] for i in picks)
        means.append(total / count)
    means.sort()
    return (means[int(0.025 * samples)], means[min(samples - 1, int(0.975 * samples))])


def graded_metrics(rows: list[EvalRow], lexicon: "Lexicon", *, theory: str = "plutchik", bootstrap: int = 1000,
                   seed: int = 0, tolerant: bool = False,
                   progress: Callable[[int], None] | None = None) -> GradedMetrics:
    """Mean cosine, sentiment, dominant and dyad-aware agreement (each with a bootstrap 95% CI
    over posts), coverage by resolver method, per-label breakdown and a dominant-emotion
    confusion table, over the masks of valid rows, optionally after projection into `theory`."""
    answer = (lambda r: r.tolerant) if tolerant else (lambda r: r.prediction)
    valid = [r for r in rows if answer(r) is not None]
    words = {w for r in rows for w in (*r.labels, *(answer(r) or ()))}
    base = _vectors(lexicon, words)
    projected = base if theory == lexicon.theory.name else _vectors(lexicon, words, theory)
    checks: dict[str, Callable[["Decomposition", "Decomposition", "Decomposition", "Decomposition"], float]] = {
        "cosine": lambda g, p, gb, pb: cosine(g.vector, p.vector),
        "sentiment agreement": lambda g, p, gb, pb: float(_sign(gb) == _sign(pb) and (gb.known or pb.known)),
        "dominant agreement": lambda g, p, gb, pb: float(bool(set(g.dominants) & set(p.dominants))),
        "dyad-aware agreement": lambda g, p, gb, pb: float(bool(_salient(g) & _salient(p))),
    }
    emotions = lexicon.theory.emotions
    mean_labels = [0.0] * len(emotions)
    mean_predictions = [0.0] * len(emotions)
    agree = [0] * len(emotions)
    masks = 0
    per_row: dict[str, list[tuple[float, int]]] = {name: [] for name in checks}
    by_label: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    confusion: Counter = Counter()
    for row in valid:
        sums = dict.fromkeys(checks, 0.0)
        for gold, predicted in zip(row.labels, answer(row)):  # type: ignore[arg-type]
            g, p = projected[gold], projected[predicted]
            gb, pb = base[gold], base[predicted]
            values = {name: check(g, p, gb, pb) for name, check in checks.items()}
            for name, value in values.items():
                sums[name] += value
            by_label[gold].append((float(gold == predicted), values["cosine"], values["dominant agreement"]))
            masks += 1
            for i, (a, b) in enumerate(zip(gb.vector, pb.vector)):
                mean_labels[i] += a
                mean_predictions[i] += b
                agree[i] += (a > 0) == (b > 0)
            confusion[(g.dominant or "none", p.dominant or "none")] += 1
        for name in checks:
            per_row[name].append((sums[name], len(row.labels)))
    estimates: list[Estimate] = []
    for index, name in enumerate(checks):
        total = sum(s for s, _ in per_row[name])
        count = sum(c for _, c in per_row[name])
        low, high = _bootstrap(per_row[name], bootstrap, seed + index)
        estimates.append(Estimate(total / count if count else 0.0, low, high))
        if progress:
            progress(1)

    def coverage(items: list[str]) -> Coverage:
        distinct = sorted(set(items))
        methods = Counter(base[w].method for w in distinct)
        zero = [w for w in distinct if not any(base[w].vector) and not any(base[w].sentiment_vector)]
        return Coverage(len(distinct), len(zero), len(zero) / len(distinct) if distinct else 0.0, tuple(zero[:50]),
                        dict(sorted(methods.items())))

    labels = [LabelBreakdown(label, len(values), sum(v[0] for v in values) / len(values),
                             sum(v[1] for v in values) / len(values), sum(v[2] for v in values) / len(values))
              for label, values in by_label.items()]
    labels.sort(key=lambda item: (item.cosine, -item.n, item.label))
    cosine_, sentiment, dominant, dyad = estimates
    return GradedMetrics(
        cosine=cosine_, sentiment_agreement=sentiment, dominant_agreement=dominant, dyad_aware_agreement=dyad,
        labels_coverage=coverage([w for r in rows for w in r.labels]),
        predictions_coverage=coverage([w for r in valid for w in answer(r)]),  # type: ignore[union-attr]
        per_label=tuple(labels),
        confusion=tuple(ConfusionCell(g, p, n) for (g, p), n in sorted(confusion.items())),
        theory=theory,
        plot=PlotData(  # Plutchik means and per-emotion presence agreement, for the evaluate picture
            mean_labels={e: v / masks if masks else 0.0 for e, v in zip(emotions, mean_labels)},
            mean_predictions={e: v / masks if masks else 0.0 for e, v in zip(emotions, mean_predictions)},
            agreement={e: v / masks if masks else 0.0 for e, v in zip(emotions, agree)},
        ),
    )


def evaluate_file(path: str | Path, lexicon: "Lexicon", *, metrics: str = "all", theory: str = "plutchik",
                  bootstrap: int = 1000, seed: int = 0, progress: Callable[[int], None] | None = None) -> EvaluationReport:
    """Every requested metric for one results file (strict parsing), plus the tolerant parse's
    paper metrics reported separately so that strict numbers stay comparable."""
    rows = load_results(path)
    if not rows:
        raise InputError(f"{path}: no rows")
    paper = tolerant = graded = None
    rescued: int | None = None
    if metrics in ("paper", "all"):
        paper = paper_metrics(rows, lexicon)
        rescued = sum(1 for r in rows if r.prediction is None and r.tolerant is not None)
        tolerant = paper_metrics(rows, lexicon, tolerant=True) if rescued else paper
    if metrics in ("graded", "all"):
        graded = graded_metrics(rows, lexicon, theory=theory, bootstrap=bootstrap, seed=seed, progress=progress)
    return EvaluationReport(str(path), lexicon.name, len(rows), sum(len(r.labels) for r in rows), paper, tolerant,
                            rescued, graded)
