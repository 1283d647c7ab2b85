"""Everyday readings win for words; theory terms stay addressable as plutchik:NAME (issue 14, item 2)."""

from __future__ import annotations

import pytest
from express_lex.cli.app import app
from hypothesis import given

from express_lex import Lexicon
from express_lex.checks import validate_sources
from express_lex.data import DataSource

from . import strategies as s

NEGATIVE = ("fear", "sadness", "disgust", "anger")


@pytest.fixture(scope="module")
def plain():
    """The shipped lexicon without the WordNet step."""
    return Lexicon(wordnet=False)


def nonzero(result):
    return {name for name, value in result.emotions.items() if value > 0}


@pytest.mark.parametrize("word", ["guilt", "Guilt", "guilty", "I feel guilt"])
def test_guilt_is_remorseful_self_blame_not_joy(plain, word):
    """'guilt' is sadness-first self-blame with fear, no joy, and negative sentiment."""
    result = plain.decompose(word)
    assert result.emotions["joy"] == 0.0
    assert result.dominant == "sadness" and result.emotions["fear"] > 0
    assert result.sentiment["negative"] > 0 and result.sentiment["positive"] == 0


@pytest.mark.parametrize("word", ["morbid", "morbidness", "morbidly", "so morbid"])
def test_morbid_is_gloomy_not_joyful(plain, word):
    """'morbid' is a gloomy fascination with death: sadness, disgust and fear, no joy, negative."""
    result = plain.decompose(word)
    assert result.emotions["joy"] == 0.0
    assert result.dominant in ("sadness", "disgust", "fear")
    assert {"sadness", "disgust", "fear"} <= nonzero(result)
    assert result.sentiment["negative"] > result.sentiment["positive"]


@pytest.mark.parametrize("word, dominant, sentiment", [
    ("pride", "joy", "positive"), ("outrage", "anger", "negative"), ("disapproval", "disgust", "negative"),
    ("awe", "surprise", None), ("delight", "joy", "positive"), ("curiosity", "anticipation", "positive"),
])
def test_other_theory_names_read_as_english_speakers_mean_them(plain, word, dominant, sentiment):
    """Plutchik names whose dyad does not fit everyday English get their everyday dominant emotion."""
    result = plain.decompose(word)
    assert result.dominant == dominant, result.explanation
    if sentiment == "positive":
        assert result.sentiment["positive"] > 0 and result.sentiment["negative"] == 0
    elif sentiment == "negative":
        assert result.sentiment["negative"] > 0 and result.sentiment["positive"] == 0


@given(s.theory_terms())
def test_every_theory_term_is_addressable_under_its_theory(name):
    """plutchik:NAME is the theory's own term: exactly its components, at the theory's weights."""
    lexicon = s._no_wordnet_lexicon()
    term = lexicon.theory.terms[name]
    result = lexicon.decompose(f"plutchik:{name}")
    assert result.method == "exact" and result.term == name
    wanted = {emotion: weight for emotion, weight in term.components} if term.kind == "intensity" else \
        {emotion: lexicon.theory.level_weights["basic"] for emotion, _ in term.components}
    assert {e: v for e, v in result.emotions.items() if v > 0} == pytest.approx(wanted)


@pytest.mark.parametrize("name", ["guilt", "morbidness", "pride"])
def test_the_theory_address_differs_from_the_everyday_word(plain, name):
    """For a redefined name, the plain word and plutchik:NAME give different vectors; the address keeps joy or anger."""
    word, theory_term = plain.decompose(name), plain.decompose(f"Plutchik:{name}")
    assert word.vector != theory_term.vector
    assert {e for e, _ in plain.theory.terms[name].components} == nonzero(theory_term)


def test_expressions_still_name_the_theorys_terms(plain):
    """An entry written 'pride + 0.3*contempt' uses Plutchik's pride (anger + joy), not the word's reading."""
    assert plain.decompose("prideful").emotions["anger"] > 0
    assert plain.decompose("pride").emotions["anger"] == 0


def test_other_theories_define_categories_with_plutchiks_terms(tmp_path):
    """A categorical theory whose category is 'as: guilt' gets Plutchik's guilt (joy + fear), whatever the word says."""
    path = tmp_path / "tiny.yaml"
    path.write_text("name: tiny\ntitle: Tiny\nkind: categorical\ncitation: none\nsource: none\n"
                    "categories:\n  - name: culpa\n    as: guilt\n", encoding="utf-8")
    lexicon = Lexicon(wordnet=False, theories=[path])
    theory = lexicon.get_theory("tiny")
    definition = dict(zip(lexicon.theory.emotions, theory.categories[0].definition))  # type: ignore[union-attr]
    assert {e for e, v in definition.items() if v > 0} == {"joy", "fear"}


def test_theories_show_lists_each_term_under_its_address(runner):
    """`theories show plutchik` prints every intensity term and dyad as plutchik:NAME with its definition."""
    result = runner.invoke(app, ["theories", "show", "plutchik"])
    assert result.exit_code == 0, result.output
    assert "plutchik:guilt = joy + fear (secondary dyad)" in result.output
    assert "plutchik:ecstasy = intense joy (1)" in result.output
    assert result.output.count("  plutchik:") == len(Lexicon(wordnet=False).theory.terms)


@pytest.mark.parametrize("rationale, warned", [(None, True), ("Everyday sense.", False)])
def test_redefining_a_theory_name_asks_for_a_rationale(plain, rationale, warned):
    """W201: an entry that reads a theory name its own way is fine with a rationale, warned without one."""
    text = "entries:\n  - lemma: guilt\n    pos: noun\n    as: \"sadness + 0.5*fear\"\n"
    if rationale:
        text += f"    rationale: \"{rationale}\"\n"
    source = DataSource("user.yaml", text.encode())
    codes = {p.code for p in validate_sources(plain.theory, [source], wordnet_checked=True)}
    assert ("W201" in codes) is warned
