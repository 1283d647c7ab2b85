"""Agreement statistics for human evaluations (issue 15), in plain Python: Fleiss' and Cohen's
kappa, a Wilson score interval for a proportion, and the AUC of a score with a permutation
p-value. Small inputs (a few hundred coded items), so no numpy."""

from __future__ import annotations

import math
import random
from collections import Counter
from typing import Hashable, Sequence

__all__ = ["fleiss_kappa", "fleiss_parts", "cohen_kappa", "wilson_interval", "auc", "auc_permutation_p"]


def fleiss_parts(table: Sequence[Sequence[int]]) -> tuple[list[float], float, float, float]:
    """(p_j per category, P-bar, P-bar-e, kappa) of a subjects x categories count table in which
    every subject was rated by the same number of raters (Fleiss 1971). Kappa is NaN when
    chance agreement is 1 (every rating in one category)."""
    if not table or not table[0]:
        raise ValueError("Fleiss' kappa needs at least one subject and one category")
    raters = sum(table[0])
    if raters < 2 or any(sum(row) != raters for row in table):
        raise ValueError("Fleiss' kappa needs the same number (at least 2) of ratings for every subject")
    subjects = len(table)
    p = [sum(row[j] for row in table) / (subjects * raters) for j in range(len(table[0]))]
    agreement = [(sum(n * n for n in row) - raters) / (raters * (raters - 1)) for row in table]
    p_bar = sum(agreement) / subjects
    p_e = sum(x * x for x in p)
    kappa = math.nan if p_e >= 1 else (p_bar - p_e) / (1 - p_e)
    return p, p_bar, p_e, kappa


def fleiss_kappa(ratings: Sequence[Sequence[Hashable]]) -> float:
    """Fleiss' kappa of ratings given as one list per subject (each rater's category)."""
    categories = sorted({c for row in ratings for c in row}, key=str)
    table = [[Counter(row)[c] for c in categories] for row in ratings]
    return fleiss_parts(table)[3]


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    """Cohen's kappa of two raters over the same subjects; NaN when chance agreement is 1."""
    if len(first) != len(second) or not first:
        raise ValueError("Cohen's kappa needs two equally long, non-empty rating lists")
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second)) / n
    left, right = Counter(first), Counter(second)
    expected = sum(left[c] * right[c] for c in left) / (n * n)
    return math.nan if expected >= 1 else (observed - expected) / (1 - expected)


def wilson_interval(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score 95% interval of a binomial proportion (NaN bounds for no trials)."""
    if trials <= 0:
        return (math.nan, math.nan)
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / denominator
    # at 0 or all successes the bound is exactly 0 or 1 (rounding would leave it a hair inside)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return (low, high)


def _ranks(values: Sequence[float]) -> list[float]:
    """Average ranks (1-based), ties sharing the mean of their positions."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """Area under the ROC curve of `scores` for the `positive` items (Mann-Whitney U / n1 n0,
    ties counting one half); NaN when either class is empty."""
    n1 = sum(1 for p in positive if p)
    n0 = len(positive) - n1
    if not n1 or not n0:
        return math.nan
    ranks = _ranks(scores)
    rank_sum = sum(r for r, p in zip(ranks, positive) if p)
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


def auc_permutation_p(scores: Sequence[float], positive: Sequence[bool], permutations: int = 2000,
                      seed: int = 0) -> float:
    """One-sided permutation p-value that the AUC is this high by chance: the share of label
    shuffles (plus the observed one) with an AUC at least as high."""
    observed = auc(scores, positive)
    if math.isnan(observed) or permutations <= 0:
        return math.nan
    ranks = _ranks(scores)
    n1 = sum(1 for p in positive if p)
    n0 = len(positive) - n1
    threshold = observed * n1 * n0 + n1 * (n1 + 1) / 2 - 1e-9  # the rank sum the observed AUC needs
    rng = random.Random(seed)
    hits = sum(1 for _ in range(permutations) if sum(rng.sample(ranks, n1)) >= threshold)
    return (hits + 1) / (permutations + 1)
