"""The user's overlay, imported 0/1 lexicons, --lexicon, atomic writes and `express-lex check` (issue 5)."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

import express_lex
from express_lex import InputError
from express_lex.data import overlay_path
from express_lex.engine import open_lexicon

from .test_cli import run

SHARED = Path(__file__).resolve().parents[2] / "shared" / "express-data"
AUTHORS = SHARED / "lexicon-decomposition.csv"

WIDE = "word,anger,anticipation,disgust,fear,joy,sadness,surprise,trust,positive,negative\n" \
       "gleeful,0,1,0,0,1,0,0,0,1,0\nirate,1,0,0,0,0,0,0,0,0,1\nneutralish,0,0,0,0,0,0,0,0,0,0\n"
LONG = "gleeful\tanger\t0\ngleeful\tjoy\t1\ngleeful\tanticipation\t1\ngleeful\tpositive\t1\nirate\tanger\t1\nirate\tnegative\t1\n"


@pytest.fixture()
def home(tmp_path, monkeypatch):
    """A fresh user data directory for one test."""
    monkeypatch.setenv("EXPRESS_LEX_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.mark.parametrize("text", [WIDE, LONG], ids=["emolex-wide", "nrc-long"])
def test_import_reads_both_formats(home, tmp_path, runner, text):
    """A 10-column EmoLex/EXPRESS CSV and NRC's long format import to the same 0/1 rows."""
    source = tmp_path / "mine.csv"
    source.write_text(text)
    result = run(runner, "lexicon", "import", str(source), "--name", "mine")
    assert result.exit_code == 0, result.output
    out = json.loads(run(runner, "decompose", "gleeful", "irate", "--lexicon", "mine", "--format", "json").stdout)
    lexicon = open_lexicon("mine")
    assert [lexicon.decompose(r["input"]).binary() for r in out] == [(0, 1, 0, 0, 1, 0, 0, 0, 1, 0), (1, 0, 0, 0, 0, 0, 0, 0, 0, 1)]


def test_imported_lexicon_is_exact_lookup(home, tmp_path):
    """Words the imported file lacks are unknown, with no resolver, as in the EXPRESS authors' code."""
    source = tmp_path / "mine.csv"
    source.write_text(WIDE)
    express_lex.import_lexicon(source, "mine")
    lexicon = open_lexicon("mine")
    assert lexicon.decompose("irate").known
    for text in ("very irate", "iratee", "joy", "furious"):
        assert lexicon.decompose(text).method == "unknown"


@pytest.mark.parametrize("text, message", [
    ("word,anger\nx,1\n", "expected the 10-column EmoLex header or 3 columns"),
    (WIDE.replace("gleeful,0,1", "gleeful,0,2"), ":2: anticipation must be 0 or 1"),
    ("x\tjoyful\t1\n", ":1: unknown emotion 'joyful'"),
    ("", "the file is empty"),
])
def test_import_rejects_bad_files_with_a_line_number(home, tmp_path, runner, text, message):
    """A malformed import is a one-line usage error naming the line; nothing is stored."""
    source = tmp_path / "bad.csv"
    source.write_text(text)
    result = run(runner, "lexicon", "import", str(source), "--name", "bad")
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1
    assert not (home / "lexicons" / "bad.csv").exists()


@pytest.mark.skipif(not AUTHORS.exists(), reason="../shared/express-data is not present")
def test_authors_lexicon_round_trips_exactly(home):
    """With the EXPRESS authors' lexicon imported, every word returns exactly its 0/1 row; others are unknown."""
    express_lex.import_lexicon(AUTHORS, "authors")
    lexicon = open_lexicon("authors")
    with open(AUTHORS, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    order = express_lex.EMOLEX_ORDER
    results = lexicon.decompose_many([row["word"] for row in rows])
    mismatched = [row["word"] for row, result in zip(rows, results)
                  if result.binary() != tuple(int(float(row[c])) for c in order)]
    assert mismatched == []
    assert lexicon.decompose("fed up").method == "unknown"  # a phrase the authors' file lacks


def test_lexicon_add_writes_a_validated_overlay(home, runner):
    """lexicon add writes the overlay, the default lexicon uses it, and --intensity moves up the rings."""
    result = run(runner, "lexicon", "add", "zorbly", "--as", "joy + 0.5*trust", "--intensity", "intense",
                 "--rationale", "made up")
    assert result.exit_code == 0, result.output
    entry = yaml.safe_load(overlay_path().read_text())["entries"][0]
    assert entry["as"] == "ecstasy + 0.5*admiration" and entry["provenance"] == "user"
    zorbly = open_lexicon(None).decompose("zorbly")
    assert zorbly.emotions["joy"] == 1.0 and zorbly.emotions["trust"] == 0.5
    assert open_lexicon("builtin").decompose("zorbly").method == "unknown"


@pytest.mark.parametrize("args, message", [
    (["--as", "joyy"], "'joyy' is not an emotion"),
    (["--as", "joy", "--synonym", "zzzz"], "E104"),
    (["--as", "joy", "--intensity", "huge"], "intensity must be one of"),
])
def test_lexicon_add_refuses_invalid_entries_and_keeps_the_file(home, runner, args, message):
    """A rejected add is a one-line error and leaves the previous overlay byte for byte."""
    assert run(runner, "lexicon", "add", "first", "--as", "joy").exit_code == 0
    before = overlay_path().read_bytes()
    result = run(runner, "lexicon", "add", "second", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert overlay_path().read_bytes() == before


def test_killed_writer_leaves_the_previous_file_intact(home, tmp_path):
    """SIGKILL at any moment of `lexicon add` leaves the overlay either as before or fully written."""
    env = {**os.environ, "EXPRESS_LEX_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "express_lex", "lexicon", "add", "base", "--as", "joy"], env=env, check=True,
                   capture_output=True)
    before = overlay_path().read_bytes()
    outcomes = set()
    for attempt, delay in enumerate([0.05, 0.5, 1.0, 1.5, 1.9, 2.2, 2.5, 3.0]):
        child = subprocess.Popen([sys.executable, "-m", "express_lex", "lexicon", "add", f"killed{attempt}",
                                  "--as", "anger"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        data = yaml.safe_load(overlay_path().read_text())  # always parses: never half-written
        lemmas = [e["lemma"] for e in data["entries"]]
        assert "base" in lemmas
        outcomes.add("written" if f"killed{attempt}" in lemmas else "before")
        if f"killed{attempt}" not in lemmas:
            assert overlay_path().read_bytes() == before
        before = overlay_path().read_bytes()
    assert "before" in outcomes  # at least one kill landed before the rename


def test_atomic_write_interrupted_in_validation_keeps_old_content(tmp_path):
    """A write whose validation fails leaves the old file and no temporary file behind."""
    from express_lex.data import atomic_write_bytes

    target = tmp_path / "data.txt"
    target.write_bytes(b"old")

    def refuse(path):
        assert path.read_bytes() == b"new"
        raise InputError("invalid")

    with pytest.raises(InputError):
        atomic_write_bytes(target, b"new", refuse)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["data.txt"]


def test_unknown_lexicon_name_is_a_usage_error(home, runner):
    """--lexicon with a name that is neither imported nor a file exits 2 naming the known lexicons."""
    result = run(runner, "decompose", "joy", "--lexicon", "nope")
    assert result.exit_code == 2 and "no lexicon named 'nope'" in result.stderr and "builtin" in result.stderr


# -- express-lex check ------------------------------------------------------------------------

def test_check_passes_on_the_shipped_data(home, runner):
    """Every property holds on the shipped lexicon and theories."""
    result = run(runner, "check", "--examples", "60")
    assert result.exit_code == 0, result.stdout
    assert "7 of 7 properties hold" in result.stdout


def test_check_names_the_falsified_property_and_term(home, runner):
    """An overlay that reads a dyad's name its own way without a rationale fails dyads-made-of-components, naming the term."""
    assert run(runner, "lexicon", "add", "optimism", "--as", "joy + fear", "--pos", "noun").exit_code == 0
    result = run(runner, "check", "--examples", "30")
    assert result.exit_code == 1
    assert "FAIL  dyads-made-of-components" in result.stdout and "'optimism'" in result.stdout


def test_check_finds_a_bad_synonym_in_a_user_file(home, tmp_path, runner):
    """A user lexicon file whose synonym points elsewhere fails synonyms-close."""
    own = tmp_path / "mine.yaml"
    own.write_text("entries:\n  - lemma: zorbful\n    pos: adj\n    as: joy\n    synonyms: [furious]\n")
    result = run(runner, "check", "--lexicon", str(own), "--examples", "30")
    assert result.exit_code == 1 and "synonyms-close" in result.stdout and "'zorbful'" in result.stdout


def test_project_properties_hold(plain_lexicon=None):
    """The package's own property runner reports every invariant as holding on the shipped data."""
    results = express_lex.check_properties(express_lex.Lexicon(wordnet=False), max_examples=50)
    assert [r.name for r in results if not r.passed] == []
    assert len(results) == 7
