"""`lexicon validate` and `lexicon stats`: coded rules over the shipped data and broken fixtures."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import express_lex
from express_lex.checks import RULES
from express_lex.data import load_wordnet
from express_lex.cli.app import app

FIXTURES = Path(__file__).parent / "fixtures" / "lexicon"
ERROR_FIXTURES = sorted(p.stem for p in FIXTURES.glob("E*.yaml"))
needs_wordnet = pytest.mark.skipif(load_wordnet() is None, reason="WordNet 3.0 not installed")


def test_every_error_rule_has_a_fixture():
    """Each E-rule is exercised by a broken fixture of its own."""
    assert ERROR_FIXTURES == sorted(code for code in RULES if code.startswith("E"))


@pytest.mark.parametrize("code", ERROR_FIXTURES)
def test_broken_fixture_fails_with_its_code(runner, code):
    """Validating a fixture alone reports its rule's code and exits 1."""
    result = runner.invoke(app, ["lexicon", "validate", "--no-builtin", "--no-wordnet", str(FIXTURES / f"{code}.yaml")],
                           terminal_width=100)
    assert result.exit_code == 1, result.output
    reported = set(re.findall(r": ([EW]\d{3}) ", result.stdout))
    assert code in reported


@needs_wordnet
def test_missing_wordnet_synset_is_e106(tmp_path):
    """A well-formed link to a synset WordNet 3.0 lacks is reported when WordNet is available."""
    path = tmp_path / "links.yaml"
    path.write_text("entries:\n  - lemma: linky\n    pos: adj\n    as: joy\n    rationale: r\n    wordnet: [happy.a.09]\n")
    problems = express_lex.validate_lexicon([path], builtin=False)
    assert [p.code for p in problems if p.severity == "error"] == ["E106"]


def test_valid_fixture_passes(runner):
    """A correct user file validates with exit 0."""
    result = runner.invoke(app, ["lexicon", "validate", "--no-builtin", "--no-wordnet", str(FIXTURES / "valid.yaml")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("0 error(s)")


def test_shipped_lexicon_validates_without_errors():
    """The shipped lexicon breaks no E-rule (WordNet links included when WordNet is present)."""
    errors = [str(p) for p in express_lex.validate_lexicon() if p.severity == "error"]
    assert errors == []


def test_stats_reports_counts_by_pos_provenance_and_emotion(runner):
    """`lexicon stats --format json` counts lemmas every way the issue asks."""
    result = runner.invoke(app, ["lexicon", "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["lemmas"] == sum(stats["by part of speech"].values()) or stats["entries"] == sum(stats["by part of speech"].values())
    assert sum(stats["by provenance"].values()) == stats["entries"]
    assert set(stats["by dominant emotion"]) <= {*express_lex.default_lexicon().theory.emotions, "none"}


def test_a_name_repeated_in_one_expression_is_e101(tmp_path):
    """'fear + 0.4*fear' is refused: the graph keeps one edge per name and would drop a weight."""
    path = tmp_path / "twice.yaml"
    path.write_text("entries:\n  - lemma: twicey\n    pos: adj\n    as: \"fear + 0.4*fear\"\n    rationale: r\n")
    problems = express_lex.validate_lexicon([path], builtin=False, check_wordnet=False)
    assert [p.code for p in problems if p.severity == "error"] == ["E101"]


def test_the_shipped_chains_are_checked_with_the_shipped_lexicon(tmp_path):
    """A user file may add a chain over shipped words; one the weights break is E109, naming both words."""
    path = tmp_path / "chains.yaml"
    path.write_text("chains:\n  fear:\n    - [terrified, uneasy]\n  joy:\n    - [content, happy]\n")
    problems = [p for p in express_lex.validate_lexicon([path], check_wordnet=False) if p.severity == "error"]
    assert [(p.code, p.key) for p in problems] == [("E109", "chains.fear[0]")]
    assert "'uneasy'" in problems[0].message and "'terrified'" in problems[0].message


@pytest.mark.parametrize("body", ["chains: [a, b]", "chains:\n  wistfulness:\n    - [sad, sadder]",
                                  "chains:\n  joy:\n    - [happy]", "chains:\n  joy:\n    - [happy, blorptastic]"])
def test_malformed_or_unknown_chains_are_e109(tmp_path, body):
    """A chain that is not a list of two or more lexicon words under a basic emotion is E109."""
    path = tmp_path / "bad.yaml"
    path.write_text(body + "\n")
    problems = express_lex.validate_lexicon([path], builtin=False, check_wordnet=False)
    assert [p.code for p in problems if p.severity == "error"] == ["E109"]


@settings(max_examples=60, deadline=None)
@given(emotion=st.sampled_from(["joy", "trust", "fear", "surprise", "sadness", "disgust", "anger", "anticipation"]),
       coefficients=st.lists(st.sampled_from([0.1, 0.25, 0.4, 0.5, 0.55, 0.7, 0.85, 1.0]), min_size=2, max_size=5))
def test_chain_rule_accepts_exactly_strictly_rising_weights(emotion, coefficients):
    """E109 passes a chain of one-emotion words iff their weights on that emotion rise strictly."""
    from express_lex.checks import validate_sources
    from express_lex.data import DataSource, load_builtin_theory

    entries = "".join(f"  - lemma: word{i}ish\n    pos: adj\n    as: \"{c}*{emotion}\"\n    rationale: r\n"
                      for i, c in enumerate(coefficients))
    chain = ", ".join(f"word{i}ish" for i in range(len(coefficients)))
    source = DataSource("chain.yaml", f"entries:\n{entries}chains:\n  {emotion}:\n    - [{chain}]\n".encode())
    problems = validate_sources(load_builtin_theory(), [source])
    rising = all(a < b for a, b in pairwise(coefficients))
    assert [p.code for p in problems] == ([] if rising else ["E109"])
