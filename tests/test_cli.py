"""The `express-lex` command line contract."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from express_lex.cli.app import app, app_for

KEYS = {"input", "term", "matched", "method", "confidence", "emotions", "sentiment", "explanation", "path", "theory"}
WIDTH = {"terminal_width": 100}


def run(runner, *args, input=None):
    return runner.invoke(app_for(list(args)), list(args), input=input, **WIDTH)


def _help_of(runner, typer_app, args):
    result = runner.invoke(typer_app, [*args, "--help"], **WIDTH)
    return result.exit_code, result.output


def test_each_command_runs_the_same_alone_as_in_the_whole_app(runner):
    """main() builds only the command named first; its help, options and usage match the whole app's."""
    from typer.main import get_command

    whole = get_command(app)
    names = sorted(whole.commands)
    assert {"decompose", "evaluate", "extract", "lexicon", "humaneval"} <= set(names)
    for name in names:
        narrowed = app_for([name, "--help"])
        assert narrowed is not app and get_command(narrowed).commands.keys() == {name}
        assert _help_of(runner, narrowed, [name]) == _help_of(runner, app, [name]), name
        for sub in sorted(getattr(whole.commands[name], "commands", {})):
            assert _help_of(runner, narrowed, [name, sub]) == _help_of(runner, app, [name, sub]), (name, sub)
    for args in ([], ["--version"], ["-h", "decompose"], ["decompse", "joy"]):
        assert app_for(args) is app, args


def test_json_output_follows_the_contract(runner):
    """JSON has one record per term, in input order, with the documented keys."""
    result = run(runner, "decompose", "joy", "love", "ecstasy", "anxiety", "bittersweetness", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["input"] for r in records] == ["joy", "love", "ecstasy", "anxiety", "bittersweetness"]
    assert all(set(r) == KEYS for r in records)
    assert all(set(r["emotions"]) == {"joy", "trust", "fear", "surprise", "sadness", "disgust", "anger", "anticipation"} for r in records)
    joy, love, ecstasy, anxiety, bitter = records
    assert max(joy["emotions"], key=joy["emotions"].get) == "joy"
    assert ecstasy["emotions"]["joy"] > joy["emotions"]["joy"]
    assert love["emotions"]["joy"] == love["emotions"]["trust"] > 0
    assert {e for e, v in anxiety["emotions"].items() if v} == {"anticipation", "fear"}
    assert {e for e, v in bitter["emotions"].items() if v} == {"joy", "sadness"}


def test_jsonl_and_csv_carry_the_same_values(runner):
    """JSONL gives one object per line and CSV one row per term with the same weights."""
    jsonl = run(runner, "decompose", "love", "grief", "--format", "jsonl")
    lines = [json.loads(line) for line in jsonl.stdout.splitlines()]
    table = run(runner, "decompose", "love", "grief", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [r["input"] for r in rows] == [r["input"] for r in lines] == ["love", "grief"]
    for row, line in zip(rows, lines):
        assert float(row["sadness"]) == pytest.approx(line["emotions"]["sadness"])
        assert float(row["positive"]) == pytest.approx(line["sentiment"]["positive"])


def test_table_output_lists_each_term(runner):
    """The default table has a header and one line per term."""
    result = run(runner, "decompose", "joy", "rage")
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["input", "term", "method", "conf"]
    assert [line.split()[0] for line in lines[1:]] == ["joy", "rage"]


def test_unknown_term_exits_zero_unless_strict(runner):
    """An unknown term is a record with method unknown; --strict turns it into exit 1."""
    relaxed = run(runner, "decompose", "carburetor", "--format", "json")
    assert relaxed.exit_code == 0
    (record,) = json.loads(relaxed.stdout)
    assert record["method"] == "unknown" and record["confidence"] == 0 and not any(record["emotions"].values())
    strict = run(runner, "decompose", "joy", "carburetor", "--strict", "--format", "json")
    assert strict.exit_code == 1
    assert "carburetor" in strict.stderr and len(json.loads(strict.stdout)) == 2


@pytest.mark.parametrize("args", [["decompose", "joy", "  "], ["decompose", ""], ["decompose"]])
def test_empty_terms_exit_two_with_one_line(runner, args):
    """An empty or missing term exits 2 with a single line on stderr."""
    result = run(runner, *args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_file_and_stdin_inputs(runner, tmp_path):
    """--file reads one term (or phrase) per line; '-' reads standard input."""
    path = tmp_path / "terms.txt"
    path.write_text("joy\n\nlove\ngrief\n", encoding="utf-8")
    from_file = run(runner, "decompose", "--file", str(path), "--format", "jsonl")
    from_stdin = run(runner, "decompose", "--file", "-", "--format", "jsonl", input="joy\nlove\ngrief\n")
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert [json.loads(l)["input"] for l in from_file.stdout.splitlines()] == ["joy", "love", "grief"]
    assert from_file.stdout == from_stdin.stdout


def test_missing_and_non_utf8_files_exit_two(runner, tmp_path):
    """A missing file and a file that is not UTF-8 are input errors (exit 2, one line)."""
    missing = run(runner, "decompose", "--file", str(tmp_path / "nope.txt"))
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("caf\xe9\n".encode("latin-1"))
    bad = run(runner, "decompose", "--file", str(latin))
    for result in (missing, bad):
        assert result.exit_code == 2
        assert len(result.stderr.strip().splitlines()) == 1
    assert "UTF-8" in bad.stderr


def test_unknown_theory_exits_two(runner):
    """Asking for a theory that is not loaded is a usage error."""
    result = run(runner, "decompose", "joy", "--theory", "nonexistent")
    assert result.exit_code == 2 and "nonexistent" in result.stderr


def test_version_and_help(runner):
    """--version prints the version; -h works on the app and on each command."""
    from express_lex import __version__

    assert run(runner, "--version").stdout.strip() == f"express-lex {__version__}"
    for args in (["-h"], ["decompose", "-h"], ["decompose", "--help"]):
        result = run(runner, *args)
        assert result.exit_code == 0 and "Usage" in result.stdout


@given(st.lists(st.text(max_size=40), min_size=1, max_size=4), st.booleans())
def test_any_text_exits_cleanly(runner, texts, separate):
    """Whatever text reaches the CLI, it exits 0, 1 or 2 and never with a traceback."""
    args = ["decompose", *(["--"] if separate else []), *texts]
    result = run(runner, *args)
    assert result.exit_code in (0, 1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["express-lex"], [sys.executable, "-m", "express_lex"]])
def test_installed_entry_points_run(command):
    """The console script and `python -m express_lex` both decompose."""
    done = subprocess.run([*command, "decompose", "love", "--format", "json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["emotions"]["trust"] > 0


def test_explain_lists_resolver_steps_and_confidence(runner):
    """explain shows every resolver step, the graph edges and the confidence breakdown."""
    result = run(runner, "explain", "I'm feeling SO frustated!!", "--no-wordnet")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "method      fuzzy" in out and "term        frustrated" in out
    for step in ("framing 'feeling' dropped", "fuzzy: 'frustated' -> 'frustrated'", "intensifier 'so'",
                 "confidence 0.81 =", "frustrated: defined as", "anger = basic anger"):
        assert step in out, step


def test_explain_says_when_wordnet_is_skipped(runner):
    """explain of an unknown word says the WordNet step did not run and why."""
    result = run(runner, "explain", "carburetor", "--no-wordnet")
    assert result.exit_code == 0 and "method      unknown" in result.stdout
    assert "wordnet: switched off" in result.stdout


def test_explain_json_has_the_record_and_wordnet_status(runner):
    """explain --format json is the decompose record plus a wordnet status line."""
    result = run(runner, "explain", "not happy", "--format", "json", "--no-wordnet")
    record = json.loads(result.stdout)
    assert record["method"] == "negation" and record["emotions"]["sadness"] > 0
    assert record["wordnet"].startswith("WordNet step off")


def test_compare_reports_cosine_binary_agreement_and_dimensions(runner):
    """compare gives cosine, the EXPRESS binary match and which dimensions are shared or not."""
    result = run(runner, "compare", "anxiety", "fear", "--format", "json", "--no-wordnet")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert 0 < report["cosine"] < 1
    assert report["binary_match"] is False and report["binary_agreement"] == 0.9
    assert report["shared"] == ["fear", "negative"] and report["only_a"] == ["anticipation"] and report["only_b"] == []
    same = json.loads(run(runner, "compare", "happy", "HAPPY!", "--format", "json").stdout)
    assert same["cosine"] == 1.0 and same["binary_match"] is True


def test_compare_table_and_bad_input(runner):
    """The compare table names both terms; an empty term is a one-line usage error (exit 2)."""
    result = run(runner, "compare", "joy", "sadness")
    assert result.exit_code == 0 and "EXPRESS binary match          no" in result.stdout
    bad = run(runner, "compare", "joy", "  ")
    assert bad.exit_code == 2 and bad.stderr.strip() == "express-lex: error: empty term"
