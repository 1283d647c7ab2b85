"""`lexicon validate` and `lexicon stats`: coded rules over the shipped data and broken fixtures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

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
