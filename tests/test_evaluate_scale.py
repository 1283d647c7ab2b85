"""evaluate at scale (issue 16 item 14): the vectorised metrics equal the per-mask definitions,
the bootstrap is seeded, and a large file is streamed within a bounded address space."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap
from collections import Counter, defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import express_lex
from express_lex.evaluation import graded_metrics, paper_metrics, parse_strict
from express_lex.model import cosine

from .strategies import results_rows



def reference_paper(rows, lexicon, tolerant=False):
    """The paper's metrics mask by mask, as the pure-Python loop before vectorisation computed them."""
    answer = (lambda r: r.tolerant) if tolerant else (lambda r: r.prediction)
    binary = {w: lexicon.decompose(w).binary() for r in rows for w in (*r.labels, *(answer(r) or ())) if w}
    zero = (0,) * 10
    masks = sum(len(r.labels) for r in rows)
    valid = [r for r in rows if answer(r) is not None]
    same_word = same_vector = 0
    f1s, agreements = [], []
    for row in valid:
        for gold, predicted in zip(row.labels, answer(row)):
            g, p = binary.get(gold, zero), binary.get(predicted, zero)
            same_word += gold == predicted
            same_vector += g == p
            tp = sum(1 for a, b in zip(g, p) if a and b)
            fp = sum(1 for a, b in zip(g, p) if b and not a)
            fn = sum(1 for a, b in zip(g, p) if a and not b)
            f1s.append(2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0)
            agreements.append(sum(a == b for a, b in zip(g, p)) / len(g))
    return (len(valid) / len(rows), same_word / masks, same_vector / masks,
            sum(f1s) / len(f1s) if f1s else 0.0, sum(agreements) / len(agreements) if agreements else 0.0)


def reference_graded(rows, lexicon, theory):
    """Graded means, per-label rows and the confusion table, mask by mask."""
    def salient(d):
        top = max(d.vector, default=0.0)
        return set() if top <= 0 else {n for n, v in zip(d.dimensions, d.vector) if v >= 0.8 * top}

    def sign(d):
        pos, neg = d.sentiment_vector
        return 0 if abs(pos - neg) < 1e-9 else (1 if pos > neg else -1)

    sums, count = [0.0] * 4, 0
    by_label, confusion = defaultdict(list), Counter()
    for row in rows:
        if row.prediction is None:
            continue
        row_sums = [0.0] * 4
        for gold, predicted in zip(row.labels, row.prediction):
            g, p = lexicon.decompose(gold, theory=theory), lexicon.decompose(predicted, theory=theory)
            gb, pb = lexicon.decompose(gold), lexicon.decompose(predicted)
            values = (cosine(g.vector, p.vector), float(sign(gb) == sign(pb) and (gb.known or pb.known)),
                      float(bool(set(g.dominants) & set(p.dominants))), float(bool(salient(g) & salient(p))))
            for k, value in enumerate(values):
                row_sums[k] += value
            by_label[gold].append((float(gold == predicted), values[0], values[2]))
            confusion[(g.dominant or "none", p.dominant or "none")] += 1
        for k in range(4):
            sums[k] += row_sums[k]
        count += len(row.labels)
    means = tuple(s / count if count else 0.0 for s in sums)
    labels = sorted(((sum(v[1] for v in vs) / len(vs), -len(vs), label, sum(v[0] for v in vs) / len(vs),
                      sum(v[2] for v in vs) / len(vs)) for label, vs in by_label.items()))
    return means, labels, sorted(confusion.items())


@settings(max_examples=60, deadline=None)
@given(rows=results_rows(), theory=st.sampled_from(["plutchik", "ekman"]))
def test_vectorised_metrics_equal_the_per_mask_definitions(rows, theory):
    """Every point estimate, per-label row and confusion cell is bit-identical to the per-mask loop."""
    lexicon = express_lex.Lexicon(wordnet=False)
    for tolerant in (False, True):
        assert tuple(paper_metrics(rows, lexicon, tolerant=tolerant).by_name().values()) == \
            reference_paper(rows, lexicon, tolerant)
    graded = graded_metrics(rows, lexicon, theory=theory, bootstrap=0)
    means, labels, confusion = reference_graded(rows, lexicon, theory)
    assert tuple(e.mean for e in graded.estimates().values()) == means
    assert [(x.cosine, -x.n, x.label, x.accl, x.dominant_agreement) for x in graded.per_label] == labels
    assert [((c.gold, c.predicted), c.count) for c in graded.confusion] == confusion


@settings(max_examples=30, deadline=None)
@given(rows=results_rows(40), seed=st.integers(0, 2**31))
def test_bootstrap_is_seeded_and_brackets_the_mean(rows, seed):
    """The same seed gives the same intervals; each interval lies in [0, 1] (cosine in [-1, 1])."""
    lexicon = express_lex.Lexicon(wordnet=False)
    first = graded_metrics(rows, lexicon, bootstrap=200, seed=seed)
    again = graded_metrics(rows, lexicon, bootstrap=200, seed=seed)
    assert first == again
    for estimate in first.estimates().values():
        if math.isnan(estimate.low):  # no valid row with masks: nothing to resample
            assert not any(r.prediction for r in rows)
            continue
        assert -1 <= estimate.low <= estimate.high <= 1


def test_bootstrap_interval_narrows_with_more_rows():
    """Four times the rows (the same mix repeated) halves the interval's width, roughly, as 1/sqrt(n) says."""
    lexicon = express_lex.Lexicon(wordnet=False)
    from express_lex.evaluation import EvalRow

    words = ["sad", "happy", "angry", "afraid", "calm", "anxious", "proud", "bored"]
    rows = [EvalRow(str(i), (words[i % 8],), (words[(i * 3) % 8],), (words[(i * 3) % 8],), "") for i in range(400)]
    small = graded_metrics(rows, lexicon, bootstrap=1000, seed=1).cosine
    large = graded_metrics(rows * 4, lexicon, bootstrap=1000, seed=1).cosine
    ratio = (large.high - large.low) / (small.high - small.low)
    assert 0.35 < ratio < 0.65, ratio


# Lone surrogates are left out: literal_eval, the oracle here, cannot compile a source holding one.
@given(words=st.lists(st.text(alphabet=st.characters(blacklist_characters="'\\\r\n\x00", blacklist_categories=("Cs",)),
                              min_size=1, max_size=8), min_size=1, max_size=4))
def test_the_plain_list_shortcut_reads_what_literal_eval_reads(words):
    """A plain ['a', 'b'] is read without literal_eval, to the same words."""
    import ast

    text = "[" + ", ".join(f"'{w}'" for w in words) + "]"
    expected = ast.literal_eval(text)
    cleaned = tuple(" ".join(str(w).strip().strip("'\"`").strip().lower().split()) for w in expected)
    assert parse_strict(text, len(words)) == (cleaned if all(cleaned) else None)


def test_a_lone_surrogate_in_a_plain_list_is_read_not_raised():
    """A word holding a lone surrogate (JSON "\\ud800") is read by the plain-list shortcut, where
    literal_eval would raise."""
    assert parse_strict("['\ud800', 'sad']", 2) == ("\ud800", "sad")


def test_a_20k_row_file_is_evaluated_under_a_1_gb_address_space(tmp_path, write_results):
    """A 20,000-row results file with the default bootstrap runs in a child limited to 1 GiB of address space."""
    path = tmp_path / "results.jsonl"
    write_results(path, 20_000, seed=5)
    script = textwrap.dedent("""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from express_lex.cli.app import main
        sys.argv = ["express-lex", "evaluate", sys.argv[1], "--format", "json"]
        main()
    """)
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)[0]
    assert report["rows"] == 20_000
    low, high = report["graded"]["cosine"]["ci95"]
    assert low < report["graded"]["cosine"]["mean"] < high


def test_evaluate_without_numpy_is_one_clear_line(runner, tmp_path, monkeypatch):
    """Without numpy, evaluate exits 2 telling how to install the extra."""
    from .test_cli import run

    path = tmp_path / "pairs.csv"
    path.write_text("gold,prediction\nhappy,glad\n")
    monkeypatch.setitem(sys.modules, "numpy", None)
    result = run(runner, "evaluate", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip() == "express-lex: error: evaluation needs numpy: pip install 'express-lex[evaluate]'"


def test_paper_metrics_need_no_numpy(runner, tmp_path, monkeypatch, write_results):
    """`evaluate --metrics paper` never imports numpy, and gives the same JSON as with it."""
    from .test_cli import run

    path = tmp_path / "results.jsonl"
    write_results(path, 300, seed=5)
    with_numpy = run(runner, "evaluate", str(path), "--metrics", "paper", "--format", "json")
    assert with_numpy.exit_code == 0, with_numpy.output
    monkeypatch.setitem(sys.modules, "numpy", None)
    without = run(runner, "evaluate", str(path), "--metrics", "paper", "--format", "json")
    assert without.exit_code == 0, without.output
    assert without.stdout == with_numpy.stdout
    assert json.loads(without.stdout)[0]["paper"]["AccL"] > 0


@given(seed=st.integers(0, 10_000), rows=st.integers(1, 60))
def test_per_row_paper_table_adds_up_to_the_points(write_results, tmp_path_factory, seed, rows):
    """The per-row numerators and denominators (numpy) give back the pure-Python points."""
    from express_lex.evaluation.metrics import iter_results
    from express_lex.evaluation.scoring import WordTable, encode_rows, paper_table

    path = tmp_path_factory.mktemp("rows") / "results.jsonl"
    write_results(path, rows, seed=seed)
    encoded = encode_rows(iter_results(path))
    for tolerant in (False, True):
        table = paper_table(encoded, WordTable(express_lex.default_lexicon(), encoded.words), tolerant=tolerant)
        numerators, denominators = table.numerators.sum(axis=0), table.denominators.sum(axis=0)
        for numerator, denominator, point in zip(numerators, denominators, table.points):
            assert (numerator / denominator if denominator else 0.0) == pytest.approx(point, abs=1e-12)
