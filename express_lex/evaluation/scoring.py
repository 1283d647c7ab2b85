"""The core of `evaluate` (issue 16 item 14): rows are streamed into compact integer arrays
(one id per distinct word), and each distinct word is decomposed once. The paper's five metrics
are one pure-Python pass over the pairs; the graded metrics, per-row tables and the bootstrap
use numpy arrays. The bootstrap draws its resamples as a matrix, a chunk at a time, and sums
rows by matrix product.

Point estimates are summed in the same order as the per-mask loop they replace (left-to-right
float sums), so they are bit-identical to it; only the bootstrap's random draws differ. numpy
is needed here and only here (the `evaluate` extra), and only past the paper's metrics:
`evaluate --metrics paper` and `predict` never import it.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from ..errors import InputError
from ..model import cosine
from .reports import GRADED_METRICS, PAPER_METRICS

if TYPE_CHECKING:
    import numpy as np

    from ..engine import Lexicon
    from ..model import Decomposition

__all__ = ["numpy", "Encoded", "encode_rows", "WordTable", "RowTable", "paper_points", "paper_table", "graded_table",
           "percentile_interval", "bootstrap_ratios", "exact_sum", "SALIENT"]

SALIENT = 0.8  # an emotion within 80% of the strongest counts as salient (dyad-aware agreement)
_CHUNK = 4_000_000  # resampled row indices held at once (32 MB of float64 weights)


def numpy() -> Any:
    """numpy, or a one-line InputError telling how to install it."""
    try:
        import numpy as np
    except ImportError:
        raise InputError("evaluation needs numpy: pip install 'express-lex[evaluate]'") from None
    return np


def exact_sum(values: "np.ndarray") -> float:
    """Left-to-right float sum, as Python's sum() over the same values in the same order (a
    cumulative sum adds sequentially; ndarray.sum() adds pairwise, which rounds differently)."""
    return float(numpy().cumsum(values)[-1]) if len(values) else 0.0


@dataclass(slots=True)
class Encoded:
    """One results file as integer columns. Words are ids into `words`; a pair is one mask of a
    row with a parsed answer (the label and the answer's word at the same position).

    The columns are plain `array`s, enough for the paper's metrics; the numpy views the graded
    metrics and comparisons use (`lengths`, `strict_pairs`, ...) are built on first use, so
    `evaluate --metrics paper` never imports numpy (31 ms of a 0.15 s run on the authors' file).
    """

    words: list[str]
    row_lengths: array  # labels per row
    row_labels: array  # every row's label ids, concatenated
    strict_ok: array  # 1 per row whose strict parse is valid
    tolerant_ok: array
    strict_columns: tuple[array, array, array]  # per pair: row, label id, answer id
    rescued_columns: tuple[array, array, array]  # pairs of rows only the tolerant parse reads
    strict_answer_ids: set[int]  # distinct answer word ids of valid rows (all positions)
    rescued_answer_ids: set[int]
    ids: list[str] | None  # row ids, kept only when asked for (paired comparisons)
    label_hashes: array | None  # a hash of each row's labels, with ids
    _views: dict[str, Any] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.row_lengths)

    @property
    def masks(self) -> int:
        return sum(self.row_lengths)

    @property
    def rescued(self) -> int:
        """Rows only the tolerant parse reads (a strictly valid row is tolerantly valid too)."""
        return sum(self.tolerant_ok) - sum(self.strict_ok)

    def _view(self, name: str, build: Callable[[Any], Any]) -> Any:
        if name not in self._views:
            self._views[name] = build(numpy())
        return self._views[name]

    @property
    def lengths(self) -> "np.ndarray":
        return self._view("lengths", lambda np: np.frombuffer(self.row_lengths, dtype=np.int32).astype(np.int64))

    @property
    def labels(self) -> "np.ndarray":
        return self._view("labels", lambda np: np.frombuffer(self.row_labels, dtype=np.int32).astype(np.int64))

    @property
    def strict_valid(self) -> "np.ndarray":
        return self._view("strict_valid", lambda np: np.frombuffer(self.strict_ok, dtype=np.int8).astype(bool))

    @property
    def tolerant_valid(self) -> "np.ndarray":
        return self._view("tolerant_valid", lambda np: np.frombuffer(self.tolerant_ok, dtype=np.int8).astype(bool))

    @property
    def strict_pairs(self) -> "np.ndarray":
        """(3, pairs): row, label id, answer id."""
        return self._view("strict_pairs", lambda np: _pairs(np, self.strict_columns))

    @property
    def tolerant_pairs(self) -> "np.ndarray":
        def build(np: Any) -> Any:
            extra = _pairs(np, self.rescued_columns)
            if not extra.shape[1]:
                return self.strict_pairs
            merged = np.concatenate([self.strict_pairs, extra], axis=1)
            return merged[:, np.argsort(merged[0], kind="stable")]  # back into row order
        return self._view("tolerant_pairs", build)

    @property
    def strict_answers(self) -> "np.ndarray":
        return self._view("strict_answers", lambda np: np.array(sorted(self.strict_answer_ids), dtype=np.int64))

    @property
    def tolerant_answers(self) -> "np.ndarray":
        return self._view("tolerant_answers", lambda np: np.array(
            sorted(self.strict_answer_ids | self.rescued_answer_ids), dtype=np.int64))

    @property
    def label_keys(self) -> "np.ndarray | None":
        hashes = self.label_hashes
        return None if hashes is None else self._view("label_keys", lambda np: np.frombuffer(hashes, dtype=np.int64))

    def pairs_in_row_order(self, tolerant: bool) -> Iterable[tuple[int, int, int]]:
        """(row, label id, answer id) per pair, strict ones or all, in row order (no numpy)."""
        strict = zip(*self.strict_columns)
        if not tolerant or not self.rescued_columns[0]:
            return strict
        return heapq.merge(strict, zip(*self.rescued_columns), key=itemgetter(0))  # a row is in one or the other


def _pairs(np: Any, columns: tuple[array, array, array]) -> Any:
    return np.array([np.frombuffer(c, dtype=np.int32) for c in columns], dtype=np.int32).reshape(3, -1)


def encode_rows(rows: Iterable[Any], *, keep_ids: bool = False) -> Encoded:
    """Stream EvalRow-like objects (`id`, `labels`, `prediction`, `tolerant`) into an Encoded;
    the rows themselves are not kept."""
    vocabulary: dict[str, int] = {}
    intern = vocabulary.setdefault
    lengths, labels = array("i"), array("i")
    strict_valid, tolerant_valid = array("b"), array("b")
    strict = (array("i"), array("i"), array("i"))
    rescued = (array("i"), array("i"), array("i"))  # rows only the tolerant parse reads
    strict_answers: set[int] = set()
    tolerant_answers: set[int] = set()
    ids: list[str] | None = [] if keep_ids else None
    keys = array("q")
    for number, row in enumerate(rows):
        gold = [intern(w, len(vocabulary)) for w in row.labels]
        lengths.append(len(gold))
        labels.extend(gold)
        if ids is not None:
            ids.append(row.id)
            keys.append(hash(row.labels))
        answer = row.prediction
        target = strict
        strict_valid.append(answer is not None)
        if answer is None:
            answer = row.tolerant
            target = rescued
        tolerant_valid.append(answer is not None)
        if answer is None:
            continue
        answered = [intern(w, len(vocabulary)) for w in answer]
        (strict_answers if target is strict else tolerant_answers).update(answered)
        for g, p in zip(gold, answered):
            target[0].append(number)
            target[1].append(g)
            target[2].append(p)
    return Encoded(list(vocabulary), lengths, labels, strict_valid, tolerant_valid, strict, rescued, strict_answers,
                   tolerant_answers, ids, keys if keep_ids else None)


class WordTable:
    """Each distinct word decomposed once (the cache keyed by term), as per-word feature arrays.
    The empty word, which the lexicon cannot look up, is the zero vector."""

    def __init__(self, lexicon: "Lexicon", words: Sequence[str]) -> None:
        self.lexicon = lexicon
        self.words = list(words)
        self._present = [w for w in self.words if w]
        self._cache: dict[str, list["Decomposition | None"]] = {}

    def decompositions(self, theory: str = "plutchik") -> list["Decomposition | None"]:
        if theory not in self._cache:
            found = iter(self.lexicon.decompose_many(self._present, theory=theory))
            self._cache[theory] = [next(found) if w else None for w in self.words]
        return self._cache[theory]

    def masks(self) -> list[int]:
        """Each word's 0/1 EmoLex vector as a 10-bit number (first column highest), no numpy."""
        return [0 if result is None else int("".join(map(str, result.binary())), 2)
                for result in self.decompositions()]

    def binary(self) -> "np.ndarray":
        """(words, 10) 0/1 EmoLex vectors, the graded tables' input."""
        np = numpy()
        table = np.zeros((len(self.words), 10), dtype=np.int8)
        for index, result in enumerate(self.decompositions()):
            if result is not None:
                table[index] = result.binary()
        return table


@dataclass(slots=True)
class RowTable:
    """Per-row numerators and denominators of ratio metrics (metric = sum num / sum den), with the
    point estimates computed exactly as the report gives them."""

    names: tuple[str, ...]
    numerators: "np.ndarray"  # (rows, metrics) float64
    denominators: "np.ndarray"
    points: tuple[float, ...]


def paper_points(encoded: Encoded, words: WordTable, *, tolerant: bool = False) -> tuple[float, ...]:
    """VRate, AccL, AccV, F1V, AccV-2 as the EXPRESS authors compute them (docs/evaluation.md).

    A pure-Python pass over the pairs with each word's vector as a 10-bit number: one popcount
    gives a pair's F1 and agreement. Float sums run left to right, pair by pair in row order,
    as the authors' per-mask loop adds them (and as exact_sum does), so numbers are identical.
    """
    vectors = words.masks()
    valid_rows = sum(encoded.tolerant_ok if tolerant else encoded.strict_ok)
    rows, masks = encoded.rows, encoded.masks
    same_word = same_vector = pairs = 0
    f1_sum = agreement_sum = 0.0
    for _, gold, answer in encoded.pairs_in_row_order(tolerant):
        g, p = vectors[gold], vectors[answer]
        pairs += 1
        same_word += gold == answer
        same_vector += g == p
        tp = (g & p).bit_count()
        wrong = (g ^ p).bit_count()  # false positives and false negatives
        f1_sum += 2 * tp / (2 * tp + wrong) if tp or wrong else 0.0
        agreement_sum += (10 - wrong) / 10
    return (valid_rows / rows if rows else 0.0, same_word / masks if masks else 0.0,
            same_vector / masks if masks else 0.0, f1_sum / pairs if pairs else 0.0,
            agreement_sum / pairs if pairs else 0.0)


def paper_table(encoded: Encoded, words: WordTable, *, tolerant: bool = False) -> RowTable:
    """The paper's metrics with per-row numerators and denominators (for paired comparisons
    and the write-up's intervals); the points are paper_points'."""
    np = numpy()
    binary = words.binary().astype(bool)
    valid = encoded.tolerant_valid if tolerant else encoded.strict_valid
    row, gold, answer = encoded.tolerant_pairs if tolerant else encoded.strict_pairs
    n_rows = encoded.rows
    g, p = binary[gold], binary[answer]
    same_word = (gold == answer).astype(np.float64)
    same_vector = (g == p).all(axis=1).astype(np.float64)
    tp = (g & p).sum(axis=1)
    fp = (p & ~g).sum(axis=1)
    fn = (g & ~p).sum(axis=1)
    denominator = 2 * tp + fp + fn
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 0.0)
    agreement = (g == p).sum(axis=1) / 10
    per_row_pairs = np.bincount(row, minlength=n_rows).astype(np.float64)

    def summed(values: Any) -> Any:
        return np.bincount(row, weights=values, minlength=n_rows)

    lengths = encoded.lengths.astype(np.float64)
    numerators = np.column_stack([valid.astype(np.float64), summed(same_word), summed(same_vector), summed(f1),
                                  summed(agreement)])
    denominators = np.column_stack([np.ones(n_rows), lengths, lengths, per_row_pairs, per_row_pairs])
    return RowTable(PAPER_METRICS, numerators, denominators, paper_points(encoded, words, tolerant=tolerant))


@dataclass(slots=True)
class GradedArrays:
    """Per-mask graded values of the strict pairs, and what the report's tables need."""

    table: RowTable
    values: dict[str, "np.ndarray"]  # metric -> per-mask values
    dominant_names: list[str]  # per word, projected ("none" if all zero)
    base_vectors: "np.ndarray"  # (words, emotions) in the lexicon's own theory




def graded_arrays(encoded: Encoded, words: WordTable, theory: str) -> GradedArrays:
    """Cosine, sentiment, dominant and dyad-aware agreement per mask of the valid (strict) rows."""
    np = numpy()
    lexicon = words.lexicon
    base = words.decompositions()
    projected = base if theory == lexicon.theory.name else words.decompositions(theory)
    emotions = len(lexicon.theory.emotions)
    size = max((len(d.vector) for d in projected if d is not None), default=0)
    vectors = np.zeros((len(words.words), size))
    base_vectors = np.zeros((len(words.words), emotions))
    sign = np.zeros(len(words.words), dtype=np.int8)
    known = np.zeros(len(words.words), dtype=bool)
    for index, (b, d) in enumerate(zip(base, projected)):
        if d is not None:
            vectors[index, :len(d.vector)] = d.vector
        if b is not None:
            base_vectors[index, :len(b.vector)] = b.vector
            positive, negative = b.sentiment_vector
            sign[index] = 0 if abs(positive - negative) < 1e-9 else (1 if positive > negative else -1)
            known[index] = b.known
    strongest = vectors.max(axis=1, initial=0.0)
    live = (strongest > 0)[:, None]
    dominants = (vectors == strongest[:, None]) & live
    salient = (vectors >= SALIENT * strongest[:, None]) & live
    dominant_names = [d.dominant or "none" if d is not None else "none" for d in projected]
    row, gold, answer = encoded.strict_pairs
    # cosine once per distinct (label, answer) pair, with the package's one cosine
    codes = gold.astype(np.int64) * max(1, len(words.words)) + answer
    distinct, inverse = np.unique(codes, return_inverse=True)
    tuples = [tuple(v) for v in vectors.tolist()]
    width = max(1, len(words.words))
    cosines = np.array([cosine(tuples[c // width], tuples[c % width]) for c in distinct.tolist()], dtype=np.float64)
    values = {
        "cosine": cosines[inverse.reshape(-1)] if len(distinct) else np.zeros(0),
        "sentiment agreement": ((sign[gold] == sign[answer]) & (known[gold] | known[answer])).astype(np.float64),
        "dominant agreement": (dominants[gold] & dominants[answer]).any(axis=1).astype(np.float64),
        "dyad-aware agreement": (salient[gold] & salient[answer]).any(axis=1).astype(np.float64),
    }
    n_rows = encoded.rows
    counts = np.where(encoded.strict_valid, encoded.lengths, 0).astype(np.float64)
    numerators = np.column_stack([np.bincount(row, weights=values[name], minlength=n_rows)
                                  for name in GRADED_METRICS])
    count = int(counts.sum())
    points = tuple(exact_sum(numerators[:, k]) / count if count else 0.0 for k in range(len(GRADED_METRICS)))
    denominators = np.repeat(counts[:, None], len(GRADED_METRICS), axis=1)
    return GradedArrays(RowTable(GRADED_METRICS, numerators, denominators, points), values, dominant_names,
                        base_vectors)


def graded_table(encoded: Encoded, words: WordTable, theory: str) -> RowTable:
    return graded_arrays(encoded, words, theory).table


def _resample_weights(rng: Any, n: int, chunk: int) -> "np.ndarray":
    """(chunk, n) float64: how often each row is drawn in each of `chunk` resamples of n rows."""
    np = numpy()
    draws = rng.integers(0, n, size=(chunk, n))
    draws += (np.arange(chunk) * n)[:, None]
    return np.bincount(draws.reshape(-1), minlength=chunk * n).reshape(chunk, n).astype(np.float64)


def bootstrap_ratios(numerators: Sequence["np.ndarray"], denominators: Sequence["np.ndarray"], samples: int, seed: int,
                     combine: Callable[[list["np.ndarray"]], "np.ndarray"]) -> "np.ndarray":
    """(samples, metrics): `combine` of the resampled ratios sum(num)/sum(den) (0 where the
    denominator is 0) of each (rows, metrics) pair of arrays, resampling rows with replacement.
    Every array is multiplied by the same weights in a call of its own, so identical inputs give
    bit-identical resampled sums."""
    np = numpy()
    n = numerators[0].shape[0]
    rng = np.random.default_rng(seed)
    chunk = max(1, min(samples, _CHUNK // max(1, n)))
    out = []
    done = 0
    while done < samples:
        size = min(chunk, samples - done)
        weights = _resample_weights(rng, n, size)
        ratios = []
        for num, den in zip(numerators, denominators):
            top, bottom = weights @ num, weights @ den
            with np.errstate(divide="ignore", invalid="ignore"):
                ratios.append(np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1), 0.0))
        out.append(combine(ratios))
        done += size
    return np.concatenate(out, axis=0)


def percentile_interval(values: "np.ndarray") -> list[tuple[float, float]]:
    """Per column, the 2.5th and 97.5th percentile of (samples, metrics) values, taking the k-th
    smallest and k-th largest (k = int(0.025 * samples)) so that negating the values mirrors it."""
    np = numpy()
    samples = values.shape[0]
    ordered = np.sort(values, axis=0)
    low = int(0.025 * samples)
    return [(float(ordered[low, k]), float(ordered[samples - 1 - low, k])) for k in range(values.shape[1])]


def interval_of(table: RowTable, samples: int, seed: int) -> list[tuple[float, float]]:
    """Bootstrap 95% intervals of a table's metrics, resampling the rows that have masks."""
    np = numpy()
    if samples <= 0:
        return [(math.nan, math.nan)] * len(table.names)
    keep = table.denominators.max(axis=1) > 0
    if not keep.any():
        return [(math.nan, math.nan)] * len(table.names)
    numerators = np.ascontiguousarray(table.numerators[keep])
    denominators = np.ascontiguousarray(table.denominators[keep])
    return percentile_interval(bootstrap_ratios([numerators], [denominators], samples, seed, lambda r: r[0]))


def coverage_of(words: WordTable, ids: "np.ndarray") -> tuple[int, list[str], dict[str, int]]:
    """(distinct, all-zero words sorted, distinct words by resolver method) of some word ids."""
    base = words.decompositions()
    distinct = sorted(words.words[i] for i in ids.tolist() if words.words[i])
    position = {w: i for i, w in enumerate(words.words)}
    found = {w: base[position[w]] for w in distinct}
    methods = Counter(d.method for d in found.values() if d is not None)
    zero = [w for w, d in found.items() if d is not None and not any(d.vector) and not any(d.sentiment_vector)]
    return len(distinct), zero, dict(sorted(methods.items()))
