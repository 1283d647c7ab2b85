"""Plutchik's theory as data: what the file says, and how the engine decomposes it."""

from __future__ import annotations

import pytest
import yaml

from express_lex import DataError
from express_lex.data import builtin_sources
from express_lex.model import load_basic_theory, parse_expression

WHEEL = ("joy", "trust", "fear", "surprise", "sadness", "disgust", "anger", "anticipation")
INTENSITIES = {
    "joy": ("serenity", "joy", "ecstasy"),
    "trust": ("acceptance", "trust", "admiration"),
    "fear": ("apprehension", "fear", "terror"),
    "surprise": ("distraction", "surprise", "amazement"),
    "sadness": ("pensiveness", "sadness", "grief"),
    "disgust": ("boredom", "disgust", "loathing"),
    "anger": ("annoyance", "anger", "rage"),
    "anticipation": ("interest", "anticipation", "vigilance"),
}
DYADS = {
    "love": ("joy", "trust"), "submission": ("trust", "fear"), "awe": ("fear", "surprise"),
    "disapproval": ("surprise", "sadness"), "remorse": ("sadness", "disgust"),
    "contempt": ("disgust", "anger"), "aggressiveness": ("anger", "anticipation"),
    "optimism": ("anticipation", "joy"), "guilt": ("joy", "fear"), "curiosity": ("trust", "surprise"),
    "despair": ("fear", "sadness"), "unbelief": ("surprise", "disgust"), "envy": ("sadness", "anger"),
    "cynicism": ("disgust", "anticipation"), "pride": ("anger", "joy"), "hope": ("anticipation", "trust"),
    "delight": ("joy", "surprise"), "sentimentality": ("trust", "sadness"), "shame": ("fear", "disgust"),
    "outrage": ("surprise", "anger"), "pessimism": ("sadness", "anticipation"),
    "morbidness": ("disgust", "joy"), "dominance": ("anger", "trust"), "anxiety": ("anticipation", "fear"),
}
INTENSITY_CASES = [(term, emotion, level) for emotion, terms in INTENSITIES.items()
                   for level, term in zip(("mild", "basic", "intense"), terms)]


def _theory_yaml() -> dict:
    theories, _ = builtin_sources()
    source = next(s for s in theories if s.name.endswith("plutchik.yaml"))
    return yaml.safe_load(source.data)


def test_wheel_order_and_opposites(theory):
    """The eight emotions load in wheel order, each opposite the one four places on."""
    assert theory.emotions == WHEEL
    for i, emotion in enumerate(WHEEL):
        assert theory.opposite[emotion] == WHEEL[(i + 4) % 8]


def test_theory_has_a_citation_and_polarities(theory):
    """The theory cites Plutchik and gives every basic emotion a polarity."""
    assert "Plutchik" in theory.citation
    assert {theory.polarity[e] for e in ("joy", "trust")} == {"positive"}
    assert {theory.polarity[e] for e in ("fear", "sadness", "disgust", "anger")} == {"negative"}


@pytest.mark.parametrize(("term", "emotion", "level"), INTENSITY_CASES, ids=[c[0] for c in INTENSITY_CASES])
def test_intensity_term_decomposes_to_its_emotion_at_its_level(lexicon, theory, term, emotion, level):
    """Each of the 24 intensity terms, addressed under its theory, is its emotion alone, weighted by its level."""
    result = lexicon.decompose(f"plutchik:{term}")
    expected = theory.level_weights[level]
    assert result.emotions[emotion] == pytest.approx(expected)
    assert [e for e, v in result.emotions.items() if v > 0] == [emotion]


@pytest.mark.parametrize(("dyad", "parts"), list(DYADS.items()), ids=list(DYADS))
def test_dyad_decomposes_to_its_two_components(lexicon, dyad, parts):
    """Each of Plutchik's 24 dyads, addressed under its theory, is its two components, equally weighted, and nothing else."""
    result = lexicon.decompose(f"plutchik:{dyad}")
    nonzero = {e for e, v in result.emotions.items() if v > 0}
    assert nonzero == set(parts)
    assert result.emotions[parts[0]] == result.emotions[parts[1]]


def test_opposite_blends_are_marked_as_not_plutchiks_own(theory):
    """The four opposite blends exist but are not part of Plutchik's own table."""
    blends = {d.name: {e for e, _ in d.components} for d in theory.dyads("opposite")}
    assert blends == {
        "bittersweetness": {"joy", "sadness"}, "ambivalence": {"trust", "disgust"},
        "frozenness": {"fear", "anger"}, "confusion": {"surprise", "anticipation"},
    }
    assert "opposite" not in theory.own_dyad_kinds
    assert len([d for d in theory.dyads() if d.dyad_kind in theory.own_dyad_kinds]) == 24


@pytest.mark.parametrize(
    ("mutate", "key"),
    [
        (lambda d: d["emotions"][2].update(opposite="calm"), "emotions[2].opposite"),
        (lambda d: d["emotions"][0].update(polarity="happy"), "emotions[0].polarity"),
        (lambda d: d["dyads"]["primary"].update(love=["joy", "joy"]), "dyads.primary.love"),
        (lambda d: d["dyads"]["primary"].update(love=["joy", "calm"]), "dyads.primary.love"),
        (lambda d: d["dyads"]["opposite"].update(bittersweetness=["joy", "trust"]), "dyads.opposite.bittersweetness"),
        (lambda d: d["intensity_levels"].update(mild=1.5), "intensity_levels.mild"),
        (lambda d: d["emotions"][1]["levels"].update(mild="serenity"), "emotions[1].levels.mild"),
        (lambda d: d.pop("citation"), "citation"),
    ],
    ids=["opposite", "polarity", "dyad-twice", "dyad-unknown", "blend-not-opposite", "level-range",
         "duplicate-name", "no-citation"],
)
def test_broken_theory_error_names_file_and_key(mutate, key):
    """A malformed theory file fails at load with the file name and the key path."""
    data = _theory_yaml()
    mutate(data)
    with pytest.raises(DataError) as caught:
        load_basic_theory(data, "theories/broken.yaml")
    assert caught.value.source == "theories/broken.yaml"
    assert key in str(caught.value)


@pytest.mark.parametrize(
    "expression", ["", "joy +", "2*joy", "0*joy", "happiness", "joy - trust", "0.5 joy"]
)
def test_bad_expressions_are_refused(theory, expression):
    """An expression with an unknown name, a bad weight or bad syntax raises ValueError."""
    with pytest.raises(ValueError):
        parse_expression(expression, theory)


def test_expression_weights_multiply_and_add(theory):
    """`0.5*joy + trust` parses to its weighted names."""
    assert parse_expression("0.5*joy + trust", theory) == (("joy", 0.5), ("trust", 1.0))
