"""The study around the benchmark (issue 15): agreement statistics checked by hand, paired
comparisons, human evaluation sheets round trip, and the report opened in a real browser."""

from __future__ import annotations

import csv
import json
import math
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import express_lex
from express_lex.evaluation import (COLOURS, EvalRow, auc, auc_permutation_p, cohen_kappa, fleiss_kappa, fleiss_parts,
                                    parse_choice, wilson_interval)

from .test_cli import run
from .test_evaluate import GPT4O, needs_shared


# Fleiss (1971), as reproduced in standard references (e.g. Wikipedia's "Fleiss' kappa"):
# 10 subjects, 14 raters each, 5 categories.
FLEISS_1971 = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_kappa_reproduces_fleiss_1971():
    """p_j = .143 .200 .279 .150 .229, P-bar = .378, P-bar-e = .213 and kappa = .210 on Fleiss's 10 x 14 table."""
    p, p_bar, p_e, kappa = fleiss_parts(FLEISS_1971)
    assert [round(x, 3) for x in p] == [0.143, 0.200, 0.279, 0.150, 0.229]
    assert (round(p_bar, 3), round(p_e, 3), round(kappa, 3)) == (0.378, 0.213, 0.210)
    ratings = [[category for category, count in enumerate(row) for _ in range(count)] for row in FLEISS_1971]
    assert fleiss_kappa(ratings) == pytest.approx(kappa)


def test_cohen_kappa_matches_hand_worked_examples():
    """Wikipedia's "Cohen's kappa" worked examples: 50 proposals read by two readers (yes/yes 20, yes/no 5,
    no/yes 10, no/no 15: p_o = .70, p_e = .50, kappa = .40), and the 100-item pair with the same p_o = .60 but
    different marginals (45/15/25/15: kappa = .1304; 25/35/5/35: kappa = .2593)."""
    def table(yy, yn, ny, nn):
        first = ["yes"] * (yy + yn) + ["no"] * (ny + nn)
        second = ["yes"] * yy + ["no"] * yn + ["yes"] * ny + ["no"] * nn
        return first, second

    assert cohen_kappa(*table(20, 5, 10, 15)) == pytest.approx(0.40)
    assert round(cohen_kappa(*table(45, 15, 25, 15)), 4) == 0.1304
    assert round(cohen_kappa(*table(25, 35, 5, 35)), 4) == 0.2593


CATEGORIES = st.sampled_from(["SD", "LLM", "both", "neither"])


@given(st.lists(st.lists(CATEGORIES, min_size=3, max_size=3), min_size=2, max_size=30))
def test_fleiss_kappa_is_at_most_one_and_above_minus_one(ratings):
    """Fleiss' kappa lies in [-1, 1] (or is undefined when every rating is one category)."""
    kappa = fleiss_kappa(ratings)
    assert math.isnan(kappa) or -1 <= kappa <= 1 + 1e-12


@given(st.lists(CATEGORIES, min_size=2, max_size=40), st.integers(2, 5))
def test_kappas_are_one_for_perfect_agreement(subjects, raters):
    """When every rater gives every subject the same category, both kappas are 1 (or undefined with one category)."""
    kappa = fleiss_kappa([[c] * raters for c in subjects])
    cohen = cohen_kappa(subjects, subjects)
    if len(set(subjects)) > 1:
        assert kappa == pytest.approx(1.0) and cohen == pytest.approx(1.0)
    else:
        assert math.isnan(kappa) and math.isnan(cohen)


@given(st.lists(st.tuples(CATEGORIES, CATEGORIES), min_size=2, max_size=40), st.permutations(range(4)))
def test_kappas_do_not_depend_on_category_names(pairs, permutation):
    """Renaming the categories by any bijection leaves Cohen's and Fleiss' kappa unchanged."""
    names = ["SD", "LLM", "both", "neither"]
    rename = {name: f"c{permutation[i]}" for i, name in enumerate(names)}
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    renamed = [rename[a] for a in first], [rename[b] for b in second]
    def same(x, y):
        return math.isnan(x) and math.isnan(y) or x == pytest.approx(y)

    assert same(cohen_kappa(first, second), cohen_kappa(*renamed))
    assert same(fleiss_kappa([list(p) for p in pairs]), fleiss_kappa([list(p) for p in zip(*renamed)]))


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=2, max_size=60))
def test_auc_flips_with_the_labels(items):
    """AUC(scores, labels) + AUC(scores, not labels) = 1, and it lies in [0, 1]."""
    scores, labels = [s for s, _ in items], [b for _, b in items]
    value = auc(scores, labels)
    if math.isnan(value):
        assert all(labels) or not any(labels)
        return
    assert 0 <= value <= 1
    assert value + auc(scores, [not b for b in labels]) == pytest.approx(1.0)


def test_auc_and_permutation_p_on_separated_and_random_scores():
    """Fully separated scores: AUC 1 and a small p; scores unrelated to the labels: a large p."""
    labels = [True] * 20 + [False] * 40
    assert auc(list(range(60, 0, -1)), labels) == 1.0
    assert auc_permutation_p(list(range(60, 0, -1)), labels, 2000, seed=1) < 0.001
    rng = random.Random(4)
    assert auc_permutation_p([rng.random() for _ in labels], labels, 2000, seed=1) > 0.01


@given(st.integers(0, 200), st.integers(1, 200))
def test_wilson_interval_contains_the_share(successes, trials):
    """The Wilson interval lies in [0, 1] and contains the observed share."""
    successes = min(successes, trials)
    low, high = wilson_interval(successes, trials)
    assert 0 <= low <= successes / trials <= high <= 1


@pytest.mark.parametrize("text, expected", [
    ("option 1", "option 1"), ("Option 2", "option 2"), ("OPTION2", "option 2"), ("optoin 1", "option 1"),
    ("opt. 2", "option 2"), ("1", "option 1"), (" Both ", "both"), ("bth", "both"), ("Neither", "neither"),
    ("nether", "neither"), ("none", "neither"), ("", None), ("option 3", None), ("maybe", None), ("xyz", None),
])
def test_choices_are_read_with_spelling_and_case_tolerated(text, expected):
    """Coders' spellings of option 1/2, both and neither are read; anything else is None."""
    assert parse_choice(text) == expected


# -- sheets ----------------------------------------------------------------------------------------

def binomial_two_sided_p(k: int, n: int) -> float:
    """Exact two-sided binomial test of k successes in n trials at p = 1/2."""
    probabilities = [math.comb(n, i) / 2 ** n for i in range(n + 1)]
    return min(1.0, sum(p for p in probabilities if p <= probabilities[k] * (1 + 1e-9)))


def fill(sheet: Path, out: Path, choose, key: Path | None = None, codes=("1",)) -> None:
    """A scripted coder: `choose(swap)` gives the your_choice cell of each row."""
    swaps = {}
    if key is not None:
        swaps = {(r["index"], r["original_ids"]): int(r["swap"]) for r in csv.DictReader(open(key, newline=""))}
    with open(sheet, newline="") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows):
        swap = swaps.get((row["index"], row["original_ids"]), None)
        row["your_choice"] = choose(int(row["swap"]) if swap is None else swap, number)
        row["code"] = codes[number % len(codes)]
    with open(out, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def prefer_sd(swap: int, _: int) -> str:
    return "Option 2" if swap else "option 1"


@needs_shared
@pytest.mark.parametrize("blind", [False, True])
def test_sheet_round_trip_with_a_coder_who_always_prefers_sd(runner, tmp_path, blind):
    """Sheet from the authors' GPT-4o file, a scripted coder always choosing the SD list: exactly N SD choices,
    and the swap balanced (two-sided binomial test p > 0.001)."""
    n = 120
    sheet, key, coded = tmp_path / "sheet.csv", tmp_path / "key.csv", tmp_path / "coded.csv"
    args = ["humaneval", "sheet", str(GPT4O), "-n", str(n), "--seed", "11", "-o", str(sheet)]
    result = run(runner, *args, *(["--blind", str(key)] if blind else []))
    assert result.exit_code == 0, result.output
    with open(sheet, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["index", "original_ids", "segment", "option1", "option2", "your_choice", "General_note",
                             "why_both", "why_neither", "swap", "choice", "code"]
    assert len(rows) == n and len({(r["index"], r["original_ids"]) for r in rows}) == n
    assert all(r["your_choice"] == r["code"] == "" for r in rows)
    assert all(r["swap"] == "" for r in rows) if blind else all(r["swap"] in ("0", "1") for r in rows)
    fill(sheet, coded, prefer_sd, key if blind else None, codes=("3", "1,3"))
    scored = run(runner, "humaneval", "score", str(coded), "--format", "json", *(["--key", str(key)] if blind else []))
    assert scored.exit_code == 0, scored.output
    report = json.loads(scored.stdout)
    assert report["coders"] == [{"file": str(coded), "choices": {"SD": n, "LLM": 0, "both": 0, "neither": 0}}]
    assert report["majority"]["SD"] == n and report["fleiss_kappa"] is None
    assert report["codes"] == {"1": n // 2, "3": n}
    swaps = [int(r["swap"]) for r in csv.DictReader(open(key if blind else sheet, newline=""))]
    assert binomial_two_sided_p(sum(swaps), n) > 0.001


@needs_shared
def test_sd_options_are_the_authors_labels(tmp_path):
    """Through swap, the SD option of each drawn row is the labels column of that row in the results file."""
    from express_lex.evaluation import draw_sheet

    labels = {}
    for row in csv.DictReader(open(GPT4O, newline="")):
        labels[(row["index"], row["original_ids"])] = row["labels"]
    for row in draw_sheet([GPT4O], 30, seed=2):
        shown = row.options[1] if row.swap else row.options[0]
        assert shown == str([w.strip().lower() for w in eval(labels[(row.index, row.original_ids)])])  # noqa: S307


@pytest.fixture()
def two_results(tmp_path, write_results):
    """A generated 1,500-row results file and a copy whose answers were shuffled across rows (same lengths)."""
    good = tmp_path / "model-a.jsonl"
    write_results(good, 1500, seed=9)
    records = [json.loads(line) for line in good.read_text().splitlines()]
    rng = random.Random(3)
    by_length: dict[int, list[dict]] = {}
    for record in records:
        by_length.setdefault(record["number_of_labels"], []).append(record)
    for group in by_length.values():
        outputs = [r["output"] for r in group]
        rng.shuffle(outputs)
        for record, output in zip(group, outputs):
            record["output"] = output
    shuffled = tmp_path / "model-b.jsonl"
    shuffled.write_text("".join(json.dumps(r) + "\n" for r in records))
    return good, shuffled


def test_sheets_stratify_across_files_and_score_several_coders(runner, two_results, tmp_path):
    """Two files give N/2 rows each; three coders give Fleiss' kappa, Cohen pairs, majority and the per-model split."""
    good, shuffled = two_results
    sheet, key = tmp_path / "sheet.csv", tmp_path / "key.csv"
    assert run(runner, "humaneval", "sheet", str(good), str(shuffled), "-n", "40", "-o", str(sheet),
               "--blind", str(key)).exit_code == 0
    models = [r["model"] for r in csv.DictReader(open(key, newline=""))]
    assert models.count("model-a.jsonl") == models.count("model-b.jsonl") == 20
    coders = []
    for k, flip in enumerate((0, 0, 5)):  # two identical coders, a third who disagrees on every 5th row
        path = tmp_path / f"coder{k}.csv"
        fill(sheet, path, lambda swap, i, flip=flip: "both" if flip and i % flip == 0 else prefer_sd(swap, i), key)
        coders.append(str(path))
    report = json.loads(run(runner, "humaneval", "score", *coders, "--key", str(key), "--format", "json").stdout)
    pairs = {(Path(p["a"]).name, Path(p["b"]).name): p["kappa"] for p in report["cohen_kappa"]}
    assert pairs[("coder0.csv", "coder1.csv")] is None  # one category only: undefined
    assert report["majority"]["SD"] == 40 and report["no_majority"] == []
    assert set(report["models"]) == {"model-a.jsonl", "model-b.jsonl"}
    assert report["fleiss_kappa"] is not None and report["fleiss_kappa"] < 0.5
    assert report["coders"][2]["choices"] == {"SD": 32, "LLM": 0, "both": 8, "neither": 0}


def test_an_unreadable_choice_is_named_with_file_and_row(runner, two_results, tmp_path):
    """A choice that is none of the four exits 2 with one line naming the sheet and the row."""
    good, _ = two_results
    sheet, coded = tmp_path / "sheet.csv", tmp_path / "coded.csv"
    run(runner, "humaneval", "sheet", str(good), "-n", "5", "-o", str(sheet))
    fill(sheet, coded, lambda swap, i: "perhaps?" if i == 3 else "both")
    result = run(runner, "humaneval", "score", str(coded))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"{coded}: row 5" in result.stderr and "unreadable choice 'perhaps?'" in result.stderr


def test_an_uncoded_sheet_says_so(runner, two_results, tmp_path):
    """Scoring a sheet nobody has filled in says the row is not coded yet, not that '' is unreadable."""
    good, _ = two_results
    sheet = tmp_path / "sheet.csv"
    run(runner, "humaneval", "sheet", str(good), "-n", "5", "-o", str(sheet))
    result = run(runner, "humaneval", "score", str(sheet))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"{sheet}: row 2" in result.stderr and "not coded yet" in result.stderr


# -- --compare -------------------------------------------------------------------------------------

def test_compare_a_file_with_itself_gives_zero_differences_and_zero_width_intervals(runner, two_results):
    """Every difference is 0 and every interval [0, 0]."""
    good, _ = two_results
    result = run(runner, "evaluate", str(good), str(good), "--compare", "--format", "json", "--bootstrap", "300")
    assert result.exit_code == 0, result.output
    differences = json.loads(result.stdout)[0]["differences"]
    assert len(differences) == 9
    assert all(d["difference"] == 0 and d["ci95"] == [0, 0] for d in differences)


def test_compare_with_shuffled_predictions_excludes_zero_for_accv(runner, two_results):
    """Predictions shuffled across rows: the AccV difference's paired interval lies below 0; every format renders."""
    good, shuffled = two_results
    args = ["evaluate", str(good), str(shuffled), "--compare", "--bootstrap", "500", "--seed", "2"]
    data = json.loads(run(runner, *args, "--format", "json").stdout)[0]
    accv = {d["metric"]: d for d in data["differences"]}["AccV"]
    assert accv["ci95"][0] <= accv["difference"] <= accv["ci95"][1] < 0
    assert data["baseline"] == str(good) and data["other"] == str(shuffled) and data["rows"] == 1500
    table = list(csv.reader(run(runner, *args, "--format", "csv").stdout.splitlines()))
    assert table[0][:3] == ["baseline", "other", "metric"] and len(table) == 10
    assert run(runner, *args, "--format", "markdown").stdout.startswith("| baseline | other | metric |")
    assert "AccV" in run(runner, *args).stdout
    again = json.loads(run(runner, *args, "--format", "json").stdout)[0]
    assert again == data  # --seed makes the intervals repeatable


@needs_shared
def test_compare_gpt4o_with_its_shuffled_copy(runner, tmp_path):
    """On the authors' GPT-4o file: itself gives zeros; a copy with answers shuffled across rows loses AccV."""
    rows = list(csv.DictReader(open(GPT4O, newline="")))
    rng = random.Random(0)
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["number_of_labels"], []).append(row)
    for group in groups.values():
        answers = [(r["output"], r["output_formatted"]) for r in group]
        rng.shuffle(answers)
        for row, (output, formatted) in zip(group, answers):
            row["output"], row["output_formatted"] = output, formatted
    shuffled = tmp_path / "shuffled.csv"
    with open(shuffled, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    same = json.loads(run(runner, "evaluate", str(GPT4O), str(GPT4O), "--compare", "--format", "json").stdout)[0]
    assert all(d["difference"] == 0 and d["ci95"] == [0, 0] for d in same["differences"])
    data = json.loads(run(runner, "evaluate", str(GPT4O), str(shuffled), "--compare", "--format", "json").stdout)[0]
    accv = {d["metric"]: d for d in data["differences"]}["AccV"]
    assert accv["ci95"][1] < 0


def test_compare_names_the_first_segment_the_files_do_not_share(runner, two_results, tmp_path):
    """A file missing a row, or with a relabelled row: one line naming that segment, exit 2."""
    good, _ = two_results
    lines = good.read_text().splitlines()
    shorter = tmp_path / "shorter.jsonl"
    shorter.write_text("\n".join(lines[:7] + lines[8:]) + "\n")
    result = run(runner, "evaluate", str(good), str(shorter), "--compare")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "p0000007 is in" in result.stderr and "not in" in result.stderr
    relabelled = tmp_path / "relabelled.jsonl"
    record = json.loads(lines[3])
    record["labels"] = ["zzz"] * len(record["labels"])
    relabelled.write_text("\n".join(lines[:3] + [json.dumps(record)] + lines[4:]) + "\n")
    result = run(runner, "evaluate", str(good), str(relabelled), "--compare")
    assert result.exit_code == 2 and "p0000003 has different labels" in result.stderr


def _unique_rows(draw_rows):
    return [EvalRow(f"r{i}", r.labels, r.prediction, r.tolerant, r.raw) for i, r in enumerate(draw_rows)]


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_compare_is_antisymmetric(data):
    """compare(A, B) = -compare(B, A): the differences negate and the intervals mirror exactly."""
    from express_lex.evaluation.compare import compare_encoded, metric_tables
    from express_lex.evaluation.scoring import WordTable, encode_rows

    from .strategies import results_rows

    first = _unique_rows(data.draw(results_rows(20)))
    answers = data.draw(st.permutations([r.prediction for r in first]))
    second = [EvalRow(r.id, r.labels, a if a is None or len(a) == len(r.labels) else None,
                      a if a is None or len(a) == len(r.labels) else None, "") for r, a in zip(first, answers)]
    lexicon = express_lex.Lexicon(wordnet=False)
    loaded = []
    for name, rows in (("a", first), ("b", second)):
        encoded = encode_rows(rows, keep_ids=True)
        loaded.append((name, encoded, metric_tables(encoded, WordTable(lexicon, encoded.words), "all", "plutchik")))
    forward = compare_encoded(loaded[0], loaded[1], bootstrap=200, seed=5)
    backward = compare_encoded(loaded[1], loaded[0], bootstrap=200, seed=5)
    for f, b in zip(forward.differences, backward.differences):
        assert f.difference == -b.difference
        assert (f.low, f.high) == (-b.high, -b.low)


# -- report ----------------------------------------------------------------------------------------

def test_markdown_report_has_every_section_and_its_pictures(runner, two_results, tmp_path):
    """report.md: metric tables, comparisons against the best, blind spots, confusion, and two wheel PNGs beside it."""
    good, shuffled = two_results
    out = tmp_path / "out" / "report.md"
    result = run(runner, "report", str(good), str(shuffled), "-o", str(out), "--bootstrap", "200")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    for heading in ("## The paper's metrics", "## Graded metrics", "## Paired comparisons against model-a.jsonl",
                    "## Blind spots", "## Dominant emotion"):
        assert heading in text
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert pictures == ["report_files/wheel-1-model-a.png", "report_files/wheel-2-model-b.png"]
    assert all((out.parent / p).read_bytes().startswith(b"\x89PNG") for p in pictures)
    assert re.search(r"\| model-b\.jsonl \| AccV \| [0-9.]+ \| [0-9.]+ \| -[0-9.]+ \[-[0-9.]+, -[0-9.]+\] \* \|", text)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_html_report_opens_in_headless_chromium_without_network(runner, two_results, tmp_path):
    """The HTML report, opened from disk in headless Chromium, renders its tables and both wheel pictures."""
    import numpy as np
    from matplotlib import image

    good, shuffled = two_results
    out = tmp_path / "report.html"
    assert run(runner, "report", str(good), str(shuffled), "-o", str(out), "--bootstrap", "100").exit_code == 0
    page = out.read_text()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?[a-z]+://""", page, re.IGNORECASE)  # nothing fetched
    assert "<script" not in page and "<style>" in page
    shot = tmp_path / "shot.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1280,4000", f"--screenshot={shot}", out.as_uri()],
                   capture_output=True, timeout=120, check=False)
    pixels = image.imread(shot)[..., :3]
    assert pixels.shape[:2] == (4000, 1280)
    ink = (pixels < 0.9).any(axis=2).mean()
    assert ink > 0.02, ink  # not a blank page
    heading = np.array([0x4A, 0x6F, 0xA5]) / 255  # the section headings' colour: the CSS applied
    assert (np.abs(pixels - heading).max(axis=2) < 0.05).sum() > 200
    joy = np.array([int(COLOURS["joy"][i:i + 2], 16) for i in (1, 3, 5)]) / 255  # the wheel pictures loaded
    assert (np.abs(pixels - joy).max(axis=2) < 0.06).sum() > 2000


def test_unwritable_outputs_are_one_line_errors(runner, two_results, tmp_path):
    """A sheet or report path under a regular file exits 2 with one line, no traceback."""
    good, _ = two_results
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for args in (["humaneval", "sheet", str(good), "-n", "3", "-o", str(blocker / "sheet.csv")],
                 ["report", str(good), "-o", str(blocker / "report.md"), "--bootstrap", "0", "--no-pictures"]):
        result = run(runner, *args)
        assert result.exit_code == 2 and result.stderr.startswith("express-lex: error: cannot write")
        assert result.stderr.count("\n") == 1
