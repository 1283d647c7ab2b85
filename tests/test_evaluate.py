"""The EXPRESS evaluation: parsing, the paper's metrics exactly, graded metrics, the evaluate command (issue 6)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import express_lex
from express_lex.evaluation import (EvaluationReport, evaluate_file, graded_metrics, load_results, paper_metrics,
                                    parse_strict, parse_tolerant)

from .test_cli import run

SHARED = Path(__file__).resolve().parents[2] / "shared" / "express-data"
GPT4O = SHARED / "gpt_4o_shorter_context.csv"
AUTHORS = SHARED / "lexicon-decomposition.csv"
needs_shared = pytest.mark.skipif(not GPT4O.exists(), reason="../shared/express-data is not present")

LEXICON = "word,anger,anticipation,disgust,fear,joy,sadness,surprise,trust,positive,negative\n" \
          "happy,0,0,0,0,1,0,0,0,1,0\nglad,0,0,0,0,1,0,0,0,1,0\nsad,0,0,0,0,0,1,0,0,0,1\nangry,1,0,0,0,0,0,0,0,0,1\n"
# Hand-worked: 5 masks; row 2 invalid; 'zzz' and 'qqq' are missing (zero vectors).
RESULTS = [
    {"labels": "['happy', 'sad']", "output_formatted": "['glad', 'sad']", "number_of_labels": 2},
    {"labels": "['angry']", "output_formatted": "INVALID OUTPUT", "number_of_labels": 1},
    {"labels": "['happy']", "output_formatted": "['zzz']", "number_of_labels": 1},
    {"labels": "['zzz']", "output_formatted": "['qqq']", "number_of_labels": 1},
]
EXPECTED = {"VRate": 3 / 4, "AccL": 1 / 5, "AccV": 3 / 5, "F1V": (1 + 1 + 0 + 0) / 4, "AccV-2": (1 + 1 + 0.8 + 1) / 4}


@pytest.fixture()
def small(tmp_path):
    """A results file in the authors' format and a 0/1 lexicon, with metrics worked out by hand."""
    lexicon = tmp_path / "lexicon.csv"
    lexicon.write_text(LEXICON)
    results = tmp_path / "results.csv"
    with open(results, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["labels", "output_formatted", "number_of_labels"])
        writer.writeheader()
        writer.writerows(RESULTS)
    return results, lexicon


def test_paper_metrics_match_a_hand_worked_example(small):
    """Invalid rows count in AccL/AccV denominators, two zero vectors match for AccV but score 0 F1."""
    results, lexicon = small
    metrics = paper_metrics(load_results(results), express_lex.open_lexicon(str(lexicon))).by_name()
    for name, value in EXPECTED.items():
        assert metrics[name] == pytest.approx(value), name


def test_evaluate_command_on_the_small_fixture(small, runner):
    """evaluate --metrics paper prints the five metrics; JSON carries the same numbers."""
    results, lexicon = small
    result = run(runner, "evaluate", str(results), "--lexicon", str(lexicon), "--metrics", "paper", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)[0]
    assert report["paper"] == pytest.approx(EXPECTED)
    assert report["masks"] == 5 and report["rows"] == 4


@needs_shared
def test_paper_numbers_reproduced_on_gpt4o(runner):
    """With the authors' lexicon: VRate 1.000, AccL 0.348, AccV 0.412, F1V 0.720, AccV-2 0.846."""
    result = run(runner, "evaluate", str(GPT4O), "--lexicon", str(AUTHORS), "--metrics", "paper")
    assert result.exit_code == 0, result.output
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines()[2:7])
    assert {k: v.strip() for k, v in lines.items()} == {"VRate": "1.000", "AccL": "0.348", "AccV": "0.412",
                                                        "F1V": "0.720", "AccV-2": "0.846"}
    exact = paper_metrics(load_results(GPT4O), express_lex.open_lexicon(str(AUTHORS)))
    assert (round(exact.accl, 6), round(exact.accv, 6), round(exact.f1v, 6), round(exact.accv2, 6)) == \
        (0.347999, 0.412189, 0.719827, 0.845546)


@needs_shared
def test_own_lexicon_leaves_under_one_percent_of_words_all_zero():
    """express-lex's lexicon: under 1% of distinct label and prediction words are all-zero (the authors': 3% and 11%)."""
    rows = load_results(GPT4O)
    ours = graded_metrics(rows, express_lex.Lexicon(wordnet=False), bootstrap=0)
    theirs = graded_metrics(rows, express_lex.open_lexicon(str(AUTHORS)), bootstrap=0)
    assert ours.labels_coverage.all_zero_share < 0.01
    # Issue 14 dropped WordNet-derived readings no gloss supports ("sober" <- solemn), so the
    # predictions left all-zero are the ones that name no emotion (tests/test_lexicon_data.py).
    assert set(ours.predictions_coverage.all_zero_words) <= {"anything", "told", "unable", "sober", "teasing",
                                                             "related", "complaining", "involved", "willing"}
    assert ours.predictions_coverage.all_zero_share < 0.02
    assert set(theirs.labels_coverage.all_zero_words) == {"ambivalent", "conscious", "cynical", "relaxed", "stuck",
                                                          "vulnerable"}
    assert round(theirs.predictions_coverage.all_zero_share, 2) == 0.11


@needs_shared
def test_graded_metrics_on_gpt4o_have_intervals_and_breakdowns():
    """Each graded metric has a bootstrap interval around its mean; per-label and confusion tables add up."""
    rows = load_results(GPT4O)
    graded = graded_metrics(rows, express_lex.Lexicon(wordnet=False), bootstrap=200)
    for estimate in graded.estimates().values():
        assert 0 <= estimate.low <= estimate.mean <= estimate.high <= 1
    assert graded.dyad_aware_agreement.mean >= graded.dominant_agreement.mean - 0.05
    assert sum(c.count for c in graded.confusion) == 2773
    assert sum(item.n for item in graded.per_label) == 2773


def test_several_files_side_by_side_in_every_format(small, runner, tmp_path):
    """Two files become two columns; csv and markdown render, JSON is a list of reports."""
    results, lexicon = small
    jsonl = tmp_path / "preds.jsonl"
    jsonl.write_text("".join(json.dumps({"id": str(i), "labels": ["happy"], "output": out}) + "\n"
                             for i, out in enumerate(["['glad']", "```\n['sad']\n```", "Answer: [\"happy\"]"])))
    args = ["evaluate", str(results), str(jsonl), "--lexicon", str(lexicon), "--bootstrap", "50"]
    table = run(runner, *args)
    assert table.exit_code == 0, table.output
    assert "results.csv" in table.stdout.splitlines()[0] and "preds.jsonl" in table.stdout.splitlines()[0]
    rendered_csv = list(csv.reader(run(runner, *args, "--format", "csv").stdout.splitlines()))
    assert rendered_csv[0] == ["metric", "results.csv", "preds.jsonl"]
    markdown = run(runner, *args, "--format", "markdown").stdout
    assert markdown.startswith("| metric | results.csv | preds.jsonl |")
    reports = json.loads(run(runner, *args, "--format", "json").stdout)
    assert [r["rows"] for r in reports] == [4, 3]
    # strict reading keeps only the bare list; tolerant also reads the fence and the Answer: line
    assert reports[1]["paper"]["VRate"] == pytest.approx(1 / 3) and reports[1]["tolerant"]["VRate"] == 1.0


@pytest.mark.parametrize("name, text", [("pairs.csv", "gold,prediction\nhappy,glad\nsad,sad\n"),
                                        ("pairs.tsv", "gold\tprediction\nhappy\tglad\nsad\tsad\n"),
                                        ("pairs.csv", "happy,glad\nsad,sad\n")])
def test_two_column_gold_prediction_csv(tmp_path, name, text):
    """A plain gold,prediction CSV or TSV, with or without its header, is one mask per line."""
    path = tmp_path / name
    path.write_text(text)
    rows = load_results(path)
    assert [(r.labels, r.prediction) for r in rows] == [(("happy",), ("glad",)), (("sad",), ("sad",))]


def test_projection_into_another_theory(small, runner):
    """--theory ekman computes the graded metrics on Ekman vectors."""
    results, _ = small
    report = json.loads(run(runner, "evaluate", str(results), "--theory", "ekman", "--format", "json",
                            "--bootstrap", "20").stdout)[0]
    assert report["graded"]["theory"] == "ekman"
    assert "cosine (ekman)" in run(runner, "evaluate", str(results), "--theory", "ekman", "--bootstrap", "0").stdout


@pytest.mark.parametrize("text, n, strict, tolerant", [
    ("['a', 'b']", 2, ("a", "b"), ("a", "b")),
    ("a, b", 2, ("a", "b"), ("a", "b")),
    ("['A ', ' b']", 2, ("a", "b"), ("a", "b")),
    ("['a']", 2, None, None),
    ("```python\n['a', 'b']\n```", 2, None, ("a", "b")),
    ("Sure! Here are the words: ['happy', 'sad']. Hope this helps.", 2, None, ("happy", "sad")),
    ("1. happy\n2. sad", 2, None, ("happy", "sad")),
    ("Reasoning... the author sounds low.\nAnswer: ['sad']", 1, None, ("sad",)),
    ("INVALID OUTPUT", 1, None, None),
    ("", 1, None, None),
])
def test_output_parsing(text, n, strict, tolerant):
    """Strict parsing is the authors' cleaning; tolerant parsing also reads what chat models answer."""
    assert parse_strict(text, n) == strict
    assert parse_tolerant(text, n) == tolerant


@given(text=st.text(max_size=300), n=st.integers(1, 5))
def test_parsers_never_raise_and_respect_the_length(text, n):
    """Any text parses to None or a list of exactly n non-empty words."""
    for parse in (parse_strict, parse_tolerant):
        result = parse(text, n)
        assert result is None or (len(result) == n and all(result))


@pytest.mark.parametrize("content, message", [
    ("labels,output\n\"['a']\",\"['b']\"\n", None),
    ("x,y,z\n1,2,3\n", "expected the EXPRESS columns"),
    ("{not json}\n", "not a JSON object"),
    ("", "the file is empty"),
])
def test_bad_results_files_are_one_line_errors(tmp_path, runner, content, message):
    """A malformed results file exits 2 with one line naming the problem."""
    path = tmp_path / "r.jsonl" if content.startswith("{") else tmp_path / "r.csv"
    path.write_text(content)
    result = run(runner, "evaluate", str(path), "--metrics", "paper")
    if message is None:
        assert result.exit_code == 0
    else:
        assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1


def test_report_is_frozen_and_its_json_keeps_the_documented_keys(small):
    """evaluate_file returns a frozen EvaluationReport whose to_dict() carries the paper's metric names."""
    results, lexicon = small
    report = evaluate_file(results, express_lex.open_lexicon(str(lexicon)), bootstrap=0)
    assert isinstance(report, EvaluationReport) and report.paper is not None and report.graded is not None
    with pytest.raises(AttributeError):
        report.rows = 0  # type: ignore[misc]
    data = report.to_dict()
    assert list(data) == ["file", "lexicon", "rows", "masks", "paper", "tolerant", "graded"]
    assert list(data["paper"]) == ["VRate", "AccL", "AccV", "F1V", "AccV-2"]
    assert data["paper"] == pytest.approx(EXPECTED) and data["tolerant"]["rows rescued"] == 0
    assert list(data["graded"])[:5] == ["cosine", "sentiment agreement", "dominant agreement", "dyad-aware agreement",
                                        "coverage"]
    assert data["graded"]["cosine"]["mean"] == report.graded.cosine.mean
    assert set(data["graded"]["per_label"][0]) == {"label", "n", "AccL", "cosine", "dominant agreement"}


def test_paper_only_report_leaves_out_the_graded_section(small):
    """--metrics paper: no graded section in the report or its JSON."""
    results, lexicon = small
    report = evaluate_file(results, express_lex.open_lexicon(str(lexicon)), metrics="paper")
    assert report.graded is None and "graded" not in report.to_dict()


_CELL = st.text(alphabet="ab -=+@'\t,\"", min_size=1, max_size=8).filter(lambda t: t.strip())


@given(outputs=st.lists(_CELL, min_size=1, max_size=4), suffix=st.sampled_from([".csv", ".tsv", ".jsonl"]))
def test_predict_and_evaluate_read_a_file_alike(tmp_path_factory, outputs, suffix):
    """One reader: load_dataset and evaluate's records agree on every row of a CSV, TSV or JSONL
    file, and CSV cells written formula-safe come back as written."""
    from express_lex.data import SafeCsvWriter
    from express_lex.evaluation import load_dataset
    from express_lex.evaluation.metrics import iter_records

    path = tmp_path_factory.mktemp("alike") / f"results{suffix}"
    rows = [{"id": f"r{i}", "segment": f"I feel <mask> {text}", "labels": "['sad']", "number_of_labels": "1",
             "output": text} for i, text in enumerate(outputs)]
    if suffix == ".jsonl":
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = SafeCsvWriter(handle, delimiter="\t" if suffix == ".tsv" else ",")
            writer.writerow(list(rows[0]))
            writer.writerows([list(row.values()) for row in rows])
    predicted = load_dataset(path)
    evaluated = [record for record, _ in iter_records(path)]
    assert [row.segment for row in predicted] == [record["segment"] for record in evaluated] == \
        [row["segment"] for row in rows]
    assert [record["output"] for record in evaluated] == outputs
    assert [row.id for row in predicted] == [record["id"] for record in evaluated]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files through /proc")
@pytest.mark.parametrize("name, text", [("r.csv", "gold,prediction\nhappy,glad\n"),
                                        ("r.jsonl", '{"labels": "[\'sad\']", "output": "[\'sad\']"}\n')])
def test_the_shared_reader_closes_its_file_read_or_not(tmp_path, name, text):
    """open_records' file is closed when its records are read to the end, and when they are closed unread."""
    import os

    from express_lex.evaluation.datasets import open_records

    path = tmp_path / name
    path.write_text(text)

    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    import warnings

    before = open_files()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)  # a file dropped unclosed warns as it goes
        _, records = open_records(path, sniff=True)
        assert open_files() == before + 1
        records.close()
        del records
        assert open_files() == before
        _, records = open_records(path, sniff=True)
        list(records)
        assert open_files() == before
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
