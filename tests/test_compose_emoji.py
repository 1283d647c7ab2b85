"""Compositions, emoji and the guards before spelling correction (issue 14, items 3 and 5)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import express_lex
from express_lex import Lexicon
from express_lex.model import lookup_key

from . import strategies as s


@pytest.fixture(scope="module")
def plain():
    """The shipped lexicon without the WordNet step."""
    return Lexicon(wordnet=False)


def nonzero(result):
    return {name for name, value in result.emotions.items() if value > 0}


def elementwise_max(*results):
    return tuple(max(values) for values in zip(*(r.vector for r in results)))


# -- compositions --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, parts", [
    ("heartbroken but hopeful", ("heartbroken", "hopeful")), ("angry and scared", ("angry", "scared")),
    ("tired yet happy", ("tired", "happy")), ("sad, lonely", ("sad", "lonely")), ("angry & scared", ("angry", "scared")),
    ("sad,lonely", ("sad", "lonely")), ("furious, hurt and betrayed", ("furious", "hurt", "betrayed")),
])
def test_two_part_inputs_are_the_max_of_their_parts(plain, text, parts):
    """'X but Y', 'X and Y', 'X yet Y', 'X, Y', 'X & Y' are composed: the element-wise max of the parts."""
    result = plain.decompose(text)
    pieces = [plain.decompose(p) for p in parts]
    assert result.method == "composed", result.explanation
    assert result.vector == elementwise_max(*pieces)
    assert result.sentiment_vector == tuple(max(v) for v in zip(*(p.sentiment_vector for p in pieces)))
    assert result.term == " + ".join(p.term for p in pieces)
    assert 0 < result.confidence < min(p.confidence for p in pieces) + 1e-9


def test_each_parts_path_is_recorded(plain):
    """The path holds one 'composed' step per part, each followed by that part's own steps."""
    result = plain.decompose("heartbroken but hopeful")
    kinds = [step.kind for step in result.path]
    assert kinds.count("composed") == 3  # the composition, then one per part
    for part in ("heartbroken", "hopeful"):
        own = plain.decompose(part).path
        assert all(step in result.path for step in own)
        heading = next(i for i, step in enumerate(result.path) if step.kind == "composed" and step.source == part)
        assert result.path[heading + 1] == own[0]


def test_phrases_with_a_conjunction_are_kept_whole(plain):
    """A lexicon phrase that contains 'and' is one part ('burned out and on edge' has two phrase parts)."""
    result = plain.decompose("burned out and on edge")
    assert result.method == "composed" and result.term == "burned out + on edge"
    mixed = plain.decompose("I'm on pins and needles and sad")
    assert mixed.term == "on pins and needles + sad"


@pytest.mark.parametrize("text", ["sick and tired", "on pins and needles", "safe and sound", "dazed and confused",
                                  "I'm sick and tired"])
def test_a_full_string_entry_wins_over_composition(plain, text):
    """An input the lexicon holds as a phrase (or a listed form) is that entry, never split at its 'and'."""
    result = plain.decompose(text)
    assert result.method == "phrase" and result.matched == lookup_key(text).removeprefix("i'm ")


def test_unknown_parts_are_reported_and_lower_the_confidence(plain):
    """A part the lexicon cannot read is named in the path, left out of the vector, and costs confidence."""
    result = plain.decompose("blorptastic but sad")
    both = plain.decompose("sad but sad")
    assert result.method == "composed" and result.vector == plain.decompose("sad").vector
    assert result.confidence < both.confidence
    assert any(step.kind == "composed" and step.target is None and "blorptastic" in step.text for step in result.path)
    assert plain.decompose("blorptastic and flarpish").method == "unknown"


def test_modifiers_stay_inside_their_part(plain):
    """'not sad but hopeful' negates only 'sad'; framing before the first part is dropped."""
    result = plain.decompose("not sad but hopeful")
    assert result.vector == elementwise_max(plain.decompose("not sad"), plain.decompose("hopeful"))
    assert plain.decompose("I feel sad but hopeful").vector == plain.decompose("sad but hopeful").vector


@given(word=s.single_lexicon_words(), joiner=st.sampled_from([" and ", " but ", " yet ", ", ", " & "]))
def test_a_term_composed_with_itself_is_the_term(word, joiner):
    """X composed with X has exactly X's vector and sentiment (max is idempotent), whatever joins them."""
    lexicon = s._no_wordnet_lexicon()
    text = f"{word}{joiner}{word}"
    assume(lookup_key(text) not in lexicon.table)
    result, alone = lexicon.decompose(text), lexicon.decompose(word)
    assert result.method == "composed"
    assert result.vector == alone.vector and result.sentiment_vector == alone.sentiment_vector


@settings(max_examples=60)
@given(first=s.single_lexicon_words(), second=s.single_lexicon_words())
def test_composition_is_symmetric_and_covers_both_parts(first, second):
    """'X and Y' equals 'Y and X', and never falls below either part on any emotion."""
    lexicon = s._no_wordnet_lexicon()
    forward, backward = lexicon.decompose(f"{first} and {second}"), lexicon.decompose(f"{second} and {first}")
    assume(forward.method == backward.method == "composed")
    assert forward.vector == backward.vector
    for part in (lexicon.decompose(first), lexicon.decompose(second)):
        assert all(a >= b for a, b in zip(forward.vector, part.vector))


def test_composed_is_a_documented_method():
    """'composed' is one of the methods, ranked between negation and fuzzy."""
    methods = express_lex.METHODS
    assert methods.index("negation") < methods.index("composed") < methods.index("fuzzy")


# -- emoji ---------------------------------------------------------------------------------------

def test_at_least_a_hundred_emoji_each_grounded_in_its_cldr_name(plain):
    """The emoji file reads 100+ emoji, each with its CLDR short name in the rationale and a non-zero vector."""
    entries = [e for e in plain.entries if e.pos == "emoji"]
    assert len(entries) >= 100
    for entry in entries:
        assert entry.rationale and entry.rationale.startswith("CLDR short name '"), entry.lemma
        assert plain.decompose(entry.lemma).dominant is not None


@pytest.mark.parametrize("emoji, dominant, sentiment", [
    ("😂", "joy", "positive"), ("😭", "sadness", "negative"), ("💔", "sadness", "negative"),
    ("🤬", "anger", "negative"), ("😱", "fear", "negative"), ("👍", "trust", "positive"),
    ("🙏", "trust", "positive"), ("🥺", None, None), ("❤️", "joy", "positive"), ("😡", "anger", "negative"),
    ("🥲", None, "mixed"), ("🤢", "disgust", "negative"), ("😲", "surprise", None),
])
def test_emoji_readings(plain, emoji, dominant, sentiment):
    """Common emoji read as their CLDR names say: tears of joy is joy, loudly crying is sadness, ..."""
    result = plain.decompose(emoji)
    assert result.known and result.method == "exact"
    if dominant:
        assert result.dominant == dominant
    positive, negative = result.sentiment_vector
    if sentiment == "positive":
        assert positive > negative
    elif sentiment == "negative":
        assert negative > positive
    elif sentiment == "mixed":
        assert positive > 0 and negative > 0


@given(emoji=s.emoji_lemmas(), presentation=s.emoji_presentations, repeat=st.integers(1, 3))
def test_presentation_and_skin_tone_never_change_an_emoji(emoji, presentation, repeat):
    """With or without VS16/VS15, any skin tone, repeated or not: the same record as the bare emoji."""
    lexicon = s._no_wordnet_lexicon()
    first, *rest = emoji.split("\u200d")
    drawn = "\u200d".join([first + presentation, *rest])
    bare, variant = lexicon.decompose(emoji), lexicon.decompose(drawn * repeat)
    assert (variant.term, variant.method, variant.vector, variant.sentiment_vector, variant.confidence) == \
        (bare.term, bare.method, bare.vector, bare.sentiment_vector, bare.confidence)


@pytest.mark.parametrize("variant, bare", [("🤦‍♀️", "🤦"), ("🤦🏽‍♂️", "🤦"), ("❤️‍🔥", "❤‍🔥"), ("😮‍💨", "😮‍💨"),
                                           ("☹️", "☹"), ("♥️", "♥")])
def test_zwj_gender_signs_fold_and_zwj_sequences_stay_whole(plain, variant, bare):
    """'woman facepalming' is 'person facepalming'; 'heart on fire' is its own entry, not a red heart."""
    assert lookup_key(variant) == bare
    assert plain.decompose(variant).term == bare


def test_an_unknown_zwj_sequence_is_read_as_the_emoji_in_it(plain):
    """'couple with heart' is read through its heart, at lower confidence; 'firefighter' stays unknown."""
    couple, heart = plain.decompose("👨‍❤️‍👨"), plain.decompose("❤")
    assert couple.vector == heart.vector and couple.confidence < heart.confidence
    assert any(step.kind == "emoji" for step in couple.path)
    assert plain.decompose("👨‍🚒").method == "unknown"


@pytest.mark.parametrize("text", ["so tired 😭", "so tired😭", "so tired 😭😭😭", "So tired!! 😭"])
def test_emoji_inside_text_add_their_reading(plain, text):
    """An emoji next to words is a part of its own: 'so tired 😭' is 'so tired' composed with 😭."""
    result = plain.decompose(text)
    assert result.method == "composed"
    assert result.vector == elementwise_max(plain.decompose("so tired"), plain.decompose("😭"))


def test_a_user_file_may_use_emoji_lemmas(tmp_path):
    """The loader and the validation rules accept an emoji lemma in a user's lexicon file."""
    path = tmp_path / "mine.yaml"
    path.write_text('entries:\n  - lemma: "🫥"\n    pos: emoji\n    as: "0.5*pensiveness"\n', encoding="utf-8")
    lexicon = Lexicon([path], wordnet=False)
    assert lexicon.decompose("🫥").dominant == "sadness"
    assert not [p for p in express_lex.validate_lexicon([path], builtin=False) if p.severity == "error"]


# -- guards before spelling correction -----------------------------------------------------------

@pytest.mark.parametrize("text", ["merci", "thang", "bitte", "brava", "enchante", "lowkey", "Merci!", "gracias"])
def test_foreign_and_slang_words_are_not_corrected(plain, text):
    """merci is not mercy, thang is not thank, bitte is not bitter: refused, and the path says why."""
    result = plain.decompose(text)
    assert result.method == "unknown"
    assert any("not a misspelling" in step.text for step in result.path)


def test_every_listed_foreign_word_is_refused_or_read_by_the_lexicon(plain):
    """No word of the shipped not-a-misspelling list is ever fuzzy-corrected or walked through WordNet."""
    from express_lex.engine import not_misspellings

    for word in not_misspellings():
        assert plain.decompose(word).method not in ("fuzzy", "wordnet"), word


@pytest.mark.parametrize("text, term", [
    ("missingyou", "miss"), ("missyou", "miss"), ("loveyou", "love"), ("soangry", "angry"), ("iamsad", "sad"),
    ("imsotired", "tired"), ("sadandtired", "sad + tired"),
])
def test_joined_words_are_split_before_spelling_correction(plain, text, term):
    """'missingyou' is 'missing you' (miss), never the fuzzy 'missing out'; the split is a step of the path."""
    result = plain.decompose(text)
    assert result.term == term, result.explanation
    assert result.matched != "missing out" and result.method != "fuzzy"
    assert any(step.kind == "split" for step in result.path)
    assert result.confidence < plain.decompose(term.replace(" + ", ", ")).confidence + 1e-9


@pytest.mark.parametrize("typo, lemma", [("frustated", "frustrated"), ("lonley", "lonely"), ("dissapointed", "disappointed"),
                                         ("anxiuos", "anxious")])
def test_misspellings_are_still_corrected(plain, typo, lemma):
    """Splitting never takes a misspelling away from the fuzzy step (diss a pointed is not a reading)."""
    result = plain.decompose(typo)
    assert (result.method, result.term) == ("fuzzy", lemma)


@given(word=s.single_lexicon_words(), data=st.data())
def test_a_single_word_is_never_corrected_into_a_phrase(word, data):
    """Whatever a one-word typo becomes, a fuzzy correction is one word: a space is not a spelling slip."""
    lexicon = s._no_wordnet_lexicon()
    assume(len(word) >= 5)
    position = data.draw(st.integers(0, len(word) - 1))
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    result = lexicon.decompose(word[:position] + letter + word[position + 1:])
    if result.method == "fuzzy":
        assert " " not in (result.matched or "")


@given(word=s.single_lexicon_words(), pronoun=st.sampled_from(["you", "u", "it", "them"]))
def test_a_word_joined_to_its_object_reads_like_the_word(word, pronoun):
    """'hateit' / 'loveyou': if the joined form is read at all, it is the spaced form's reading, never a correction."""
    lexicon = s._no_wordnet_lexicon()
    joined = word + pronoun
    assume(joined not in lexicon.table)
    result = lexicon.decompose(joined)
    assert result.method != "fuzzy"
    if result.known and any(step.kind == "split" for step in result.path):
        assert result.vector == lexicon.decompose(f"{word} {pronoun}").vector


# -- emoji in running text -----------------------------------------------------------------------

@pytest.mark.parametrize("text, spans", [
    ("I am so tired 😭 today", ["tired", "😭"]), ("I feel 😭", ["😭"]), ("Im so happy😂😂", ["happy", "😂😂"]),
    ("I was angry and 🤬", ["angry", "🤬"]), ("I feel sad. 😭", ["sad"]), ("I am 👍🏽 with it", ["👍🏽"]),
])
def test_extraction_reads_emoji_where_it_reads_words(plain, text, spans):
    """A self-disclosure may be an emoji, or have one right after the word; tones and repeats fold."""
    from express_lex.text import extract

    found = extract(text, plain)
    assert [d.span for d in found] == spans
    for disclosure in found:
        assert text[disclosure.start:disclosure.end] == disclosure.span
        assert disclosure.decomposition.vector == plain.decompose(disclosure.span).vector
