"""The WordNet build: reproducible, and the committed derived data equals a rebuild."""

from __future__ import annotations

import pytest

from express_lex.tools import build
from express_lex.data import LEXNAMES, find_wordnet, load_wordnet

needs_wordnet = pytest.mark.skipif(find_wordnet() is None, reason="WordNet 3.0 not installed")


def test_lexnames_are_wordnet_30s_45_files():
    """The lexnames list nltk wants has WordNet 3.0's 45 lexicographer files, feelings included."""
    assert len(LEXNAMES) == len(set(LEXNAMES)) == 45
    assert LEXNAMES.index("noun.feeling") == 12 and LEXNAMES.index("verb.emotion") == 37


@needs_wordnet
def test_committed_derived_data_equals_a_rebuild(capsys):
    """`python -m express_lex.tools.build --check` passes on the committed lexicon/derived data."""
    assert build.main(["--check"]) == 0, capsys.readouterr().err


@needs_wordnet
def test_build_is_deterministic_and_never_overrides_curated_terms():
    """Two derivations are identical, and no derived lemma is already a curated surface form."""
    wordnet = load_wordnet()
    first, second = build.derive(wordnet), build.derive(wordnet)
    assert build.render(first) == build.render(second)
    curated = set(build._curated_lexicon().surface_forms())
    assert not curated & {entry["lemma"] for entry in first}
    assert {entry["provenance"]["relation"] for entry in first} <= set(build.DECAY)


def test_explicit_wordnet_setting_that_is_wrong_is_not_silently_replaced(tmp_path, monkeypatch):
    """EXPRESS_LEX_WORDNET naming a directory without WordNet means no WordNet, not another one."""
    monkeypatch.setenv("EXPRESS_LEX_WORDNET", str(tmp_path))
    assert find_wordnet() is None


# -- the gloss check (issue 14) -------------------------------------------------------------------

@pytest.fixture(scope="module")
def gloss():
    return build.GlossCheck(load_wordnet(), build._curated_lexicon(wordnet=False))


@needs_wordnet
def test_every_derived_entry_is_asserted_by_a_gloss(gloss):
    """Each shipped derived entry's own gloss (an adverb's: or its source sense's) names a curated
    emotion word with the dominant emotion the entry gets."""
    import express_lex

    lexicon = express_lex.Lexicon(wordnet=False)
    wordnet = load_wordnet()
    links = {e.lemma: e.wordnet for e in lexicon.entries if e.provenance.kind == "curated"}
    unsupported = []
    for entry in (e for e in lexicon.entries if e.provenance.kind == "derived"):
        dominants = set(lexicon.decompose(entry.lemma).dominants)
        asserted = set(gloss.support(entry.provenance.synset))
        if entry.provenance.relation == "pertainym":
            asserted |= {emotion for link in links[entry.provenance.source] if wordnet.synset(link)
                         for emotion in gloss.support(link)}
        if not dominants & asserted:
            unsupported.append((entry.lemma, sorted(dominants), sorted(asserted)))
    assert unsupported == []


@needs_wordnet
def test_gloss_words_that_are_denied_or_generic_assert_nothing(gloss):
    """"not welcome" asserts no joy, and "feeling"/"emotional" name no particular emotion."""
    assert gloss.emotion_term("feeling") is None and gloss.emotion_term("emotional") is None
    assert gloss.emotion_term("afraid") is not None  # a feeling in WordNet's account
    assert gloss.emotion_term("free") is None  # curated, but not a feeling in WordNet
    assert gloss.support("unwelcome.s.01") == {}  # "not welcome"
    assert "fear" in gloss.support("chilling.s.01")  # "provoking fear terror"


@needs_wordnet
@pytest.mark.parametrize("word", ["abominable", "atrocious", "unspeakable", "stinking"])
def test_awful_and_crappy_no_longer_spread_sadness(word):
    """Words that only share a loose sense with awful or crappy do not inherit their sadness."""
    import express_lex

    assert "sadness" not in express_lex.Lexicon().decompose(word).dominants


@needs_wordnet
def test_grotesque_and_rabid_are_not_read_through_another_sense():
    """grotesque is not strange's fear + surprise; rabid is not passionate's joy."""
    import express_lex

    lexicon = express_lex.Lexicon()
    assert not {"fear", "surprise"} & set(lexicon.decompose("grotesque").dominants)
    assert "joy" not in lexicon.decompose("rabid").dominants


@needs_wordnet
def test_a_gloss_that_names_another_emotion_drops_the_word(gloss):
    """shivery ("provoking fear terror") is not derived with frisson's joy: its gloss disagrees."""
    import express_lex

    lexicon = express_lex.Lexicon(wordnet=False)
    assert not [e for e in lexicon.entries if e.lemma == "shivery" and e.provenance.kind == "derived"]
    assert lexicon.decompose("shivery").dominant != "joy"
