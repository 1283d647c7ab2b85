"""The resolver: framing, modifiers, negation, inflection, spelling and WordNet (issue 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from rapidfuzz import fuzz

import express_lex
from express_lex import InputError, Lexicon
from express_lex.model import lookup_key
from express_lex.engine import DOWNTONERS, FUZZY_CUTOFF, INTENSIFIERS, max_edits

from . import strategies as s

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def plain():
    """The shipped lexicon with the WordNet step off: what a machine without WordNet sees."""
    return Lexicon(wordnet=False)


def nonzero(result):
    return {name for name, value in result.emotions.items() if value > 0}


# -- the issue's examples ---------------------------------------------------------------------

@pytest.mark.parametrize("text, method, dominant", [
    ("burned-out", "phrase", "sadness"), ("burned out", "phrase", "sadness"), ("burned_out", "phrase", "sadness"),
    ("I feel happy", "exact", "joy"), ("I'm feeling hopeful", "exact", "trust"), ("feeling lonely", "exact", "sadness"),
    ("felt so nostalgic", "modified", "sadness"),
    ("angrier", "lemma", "anger"), ("saddest", "lemma", "sadness"), ("terrifying", "lemma", "fear"),
    ("annoyances", "lemma", "anger"), ("joyfully", "lemma", "joy"), ("hopefulness", "lemma", "trust"),
    ("fed up", "phrase", "anger"), ("pissed off", "phrase", "anger"), ("over the moon", "phrase", "joy"),
    ("heart broken", "phrase", "sadness"), ("on edge", "phrase", "fear"), ("stressed out", "phrase", "fear"),
    ("freaked out", "phrase", "fear"), ("down in the dumps", "phrase", "sadness"), ("scared to death", "phrase", "fear"),
    ("at ease", "phrase", "joy"), ("mixed feelings", "phrase", "joy"),
    ("very angry", "modified", "anger"), ("kinda bummed", "modified", "sadness"), ("so so tired", "modified", "sadness"),
    ("not happy", "negation", "sadness"), ("not happy at all", "negation", "sadness"),
    ("not at all afraid", "negation", "anger"), ("never calm", "negation", "sadness"),
    ("frustated", "fuzzy", "anger"), ("lonley", "fuzzy", "sadness"), ("anxiuos", "fuzzy", "fear"),
    ("stoked", "exact", "joy"), ("gutted", "exact", "sadness"), ("bummed", "exact", "sadness"),
    ("hangry", "exact", "anger"), ("miffed", "exact", "anger"), ("peeved", "exact", "anger"),
    ("chuffed", "exact", "joy"), ("psyched", "exact", "anticipation"), ("salty", "exact", "anger"),
    ("shook", "exact", "surprise"),
])
def test_issue_examples_resolve_with_method_and_dominant(plain, text, method, dominant):
    """Each example from the issue resolves with the stated method and a sensible dominant emotion."""
    result = plain.decompose(text)
    assert (result.method, result.dominant) == (method, dominant), result.explanation


@pytest.mark.parametrize("text, lemma", [
    ("cutely", "cute"), ("emptier", "empty"), ("dreamiest", "dreamy"), ("weltschmerzes", "weltschmerz"),
    ("happyness", "happy"), ("stressing out", "stressed out"), ("over the moons", "over the moon"),
])
def test_unlisted_forms_resolve_by_rule_to_their_lemma(plain, text, lemma):
    """Forms the lexicon does not list reach their lemma through the shipped rules, without WordNet."""
    assert text not in plain  # listed forms are a table lookup, not this step
    result = plain.decompose(text)
    assert result.method == "lemma" and result.term == lemma, result.explanation
    assert result.confidence < plain.decompose(lemma).confidence


@pytest.mark.parametrize("text", ["table", "carburetor", "the", "asdfgh", "qwertyuiop", "tried", "number",
                                  "meaning", "likely", "!!!", "zzzzzzzz", "xkcd"])
def test_ordinary_words_and_noise_stay_unknown(plain, text):
    """Ordinary words and keyboard noise are unknown: no rule or correction invents an emotion."""
    assert plain.decompose(text).method == "unknown"


def test_negation_confidence_is_lower_and_rule_is_explained(plain):
    """A negated term is less certain than the term, and the explanation names the opposites rule."""
    happy, not_happy = plain.decompose("happy"), plain.decompose("not happy")
    assert not_happy.confidence < happy.confidence
    assert any("opposite" in step and "joy->sadness" in step for step in not_happy.explanation)


def test_confidence_falls_along_the_way(plain):
    """exact > lemma by rule > fuzzy for the same lemma, and the breakdown is explained."""
    exact, by_rule, fuzzy = (plain.decompose(t) for t in ("frustrated", "frustratedly", "frustated"))
    assert exact.confidence > fuzzy.confidence
    assert fuzzy.method == "fuzzy" and any(step.startswith("confidence") for step in fuzzy.explanation)


def test_explanation_says_wordnet_was_skipped(plain):
    """Without WordNet the step is skipped silently, and the explanation of an unknown term says so."""
    steps = plain.decompose("carburetor").explanation
    assert any(step.startswith("wordnet: switched off") for step in steps)


def test_too_many_words_is_unknown_not_slow(plain):
    """A paragraph is not an emotion term: unknown, with the reason."""
    result = plain.decompose("word " * 5000)
    assert result.method == "unknown" and "longer than any emotion expression" in " ".join(result.explanation)


# -- precision ----------------------------------------------------------------------------------

def _non_emotion_words() -> list[str]:
    lines = (FIXTURES / "non_emotion_words.txt").read_text("utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_non_emotion_word_list_is_large_enough():
    """The precision list holds at least 200 words."""
    assert len(_non_emotion_words()) >= 200


@pytest.mark.parametrize("use_wordnet", [False, None], ids=["without-wordnet", "with-wordnet-if-found"])
def test_precision_on_common_non_emotion_words(use_wordnet):
    """At most 2% of common WordNet nouns with no feeling sense get an emotion."""
    lexicon = Lexicon(wordnet=use_wordnet)
    words = _non_emotion_words()
    wrong = [w for w in words if lexicon.decompose(w).known]
    assert len(wrong) <= 0.02 * len(words), wrong


# -- properties -------------------------------------------------------------------------------

@given(term=s.known_terms(), data=st.data())
def test_invariant_under_case_whitespace_and_trailing_punctuation(term, data):
    """Case, surrounding whitespace and trailing punctuation change nothing but the input field."""
    lexicon = s._no_wordnet_lexicon()
    variant = data.draw(s.case_variants(term))
    variant = data.draw(s.padded(variant + data.draw(s.trailing_punctuation)))
    a, b = lexicon.decompose(term), lexicon.decompose(variant)
    assert (a.term, a.method, a.vector, a.sentiment_vector, a.confidence) == (b.term, b.method, b.vector, b.sentiment_vector, b.confidence)


@given(pos=st.sampled_from(["adj", "verb", "noun"]), data=st.data())
def test_inflected_form_has_its_lemmas_dominant_emotion(pos, data):
    """A regular inflection of a lemma (not listed in the lexicon) resolves to the lemma's dominant emotion."""
    lexicon = s._no_wordnet_lexicon()
    lemma = data.draw(s.single_word_lemmas(pos))
    form = data.draw(st.sampled_from(s.regular_inflection(lemma, pos)))
    assume(form not in lexicon)
    result = lexicon.decompose(form)
    if result.method == "unknown":
        return  # a textbook form that is not a word ("joyed") may stay unknown; a wrong emotion may not
    assert result.dominants and set(result.dominants) & set(lexicon.decompose(lemma).dominants), (form, result.explanation)


@given(term=s.known_terms(), modifier=st.sampled_from(sorted(" ".join(p) for p in INTENSIFIERS)))
def test_intensifier_keeps_emotions_and_never_lowers_the_strongest(term, modifier):
    """An intensifier keeps the set of non-zero emotions and never lowers the strongest weight."""
    lexicon = s._no_wordnet_lexicon()
    base = lexicon.decompose(term)
    assume(base.dominant and f"{modifier} {term}" not in lexicon)
    modified = lexicon.decompose(f"{modifier} {term}")
    assert modified.term == base.term
    assert nonzero(modified) == nonzero(base)
    assert max(modified.vector) >= max(base.vector)


@given(term=s.known_terms(), modifier=st.sampled_from(sorted(" ".join(p) for p in DOWNTONERS)))
def test_downtoner_keeps_emotions_and_never_raises_the_strongest(term, modifier):
    """A downtoner keeps the set of non-zero emotions and never raises the strongest weight."""
    lexicon = s._no_wordnet_lexicon()
    base = lexicon.decompose(term)
    assume(base.dominant and f"{modifier} {term}" not in lexicon)
    modified = lexicon.decompose(f"{modifier} {term}")
    assert modified.term == base.term
    assert nonzero(modified) == nonzero(base)
    assert max(modified.vector) <= max(base.vector)


@given(emotion=st.sampled_from(["joy", "trust", "fear", "surprise", "sadness", "disgust", "anger", "anticipation"]),
       negator=st.sampled_from(["not", "never", "not at all", "no longer", "don't feel", "not really"]))
def test_negating_a_basic_emotion_gives_its_opposite(emotion, negator):
    """Negating a basic emotion's own term makes its opposite on the wheel dominant."""
    lexicon = s._no_wordnet_lexicon()
    result = lexicon.decompose(f"{negator} {emotion}")
    assert result.method == "negation"
    assert result.dominants == (lexicon.theory.opposite[emotion],)


@given(term=s.known_terms().filter(lambda t: " " not in t and len(t) >= 5), data=st.data())
def test_fuzzy_match_is_never_below_the_cutoff(term, data):
    """Whatever a one- or two-letter slip resolves to by fuzzy matching scores at least the cutoff."""
    lexicon = s._no_wordnet_lexicon()
    position = data.draw(st.integers(0, len(term) - 1))
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    typo = data.draw(st.sampled_from([term[:position] + term[position + 1:],  # deletion
                                      term[:position] + letter + term[position:],  # insertion
                                      term[:position] + letter + term[position + 1:]]))  # substitution
    result = lexicon.decompose(typo)
    if result.method == "fuzzy":
        key = lookup_key(typo)
        assert fuzz.ratio(key, result.matched) >= FUZZY_CUTOFF
        assert len(key) >= 5 and max_edits(len(key)) >= 1


@given(text=s.noise_text)
def test_random_text_gives_a_result_or_a_clear_error(text):
    """Any Unicode up to 10,000 characters, control characters and surrogates included, never raises anything else."""
    lexicon = s._no_wordnet_lexicon()
    try:
        result = lexicon.decompose(text)
    except InputError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert result.method in express_lex.METHODS
        assert all(0.0 <= v <= 1.0 for v in result.vector) and 0.0 <= result.confidence <= 1.0


# -- WordNet, when this machine has it ------------------------------------------------------

def _wordnet_lexicon():
    from express_lex.data import find_wordnet

    if find_wordnet() is None:
        pytest.skip("WordNet 3.0 is not installed here (wordnet-base, nltk_data or EXPRESS_LEX_WORDNET)")
    return Lexicon(wordnet=True)


@pytest.mark.parametrize("text, dominant", [("disrespectfully", "disgust"), ("honourable", "trust"),
                                             ("disobedient", "anger"), ("wanting", "anticipation")])
def test_unseen_words_resolve_through_wordnet(text, dominant):
    """Words outside the lexicon reach a curated term through WordNet relations, with the path explained."""
    lexicon = _wordnet_lexicon()
    result = lexicon.decompose(text)
    assert result.method == "wordnet" and result.dominant == dominant, result.explanation
    assert any(step.startswith("wordnet:") and "lexicon term" in step for step in result.explanation)
    assert 0 < result.confidence < 1


@pytest.mark.parametrize("text", ["tried", "animal", "individual", "table", "run"])
def test_wordnet_reads_a_word_in_its_most_frequent_sense(text):
    """A word whose commonest sense is not a feeling is not walked to one through a rare sense."""
    assert _wordnet_lexicon().decompose(text).method == "unknown"


def test_listed_form_resolves_to_its_lemma_at_full_confidence(plain):
    """A form the curated lexicon lists (angrier) is method lemma, term angry, matched angrier."""
    result = plain.decompose("Angrier")
    assert (result.term, result.matched, result.method) == ("angry", "angrier", "lemma")
    assert result.confidence == plain.decompose("angry").confidence
