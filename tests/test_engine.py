"""The graph engine and the result type."""

from __future__ import annotations

import json
import math
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

import express_lex
from express_lex import Decomposition, InputError, Lexicon, UnknownTheoryError
from express_lex.model import POS_TAGS, lookup_key

from . import strategies as s


def test_must_show_examples():
    """joy is dominant for joy; ecstasy > joy > serenity on joy; love is joy and trust; anxiety is anticipation and fear."""
    joy, ecstasy, serenity, love, anxiety = express_lex.decompose_many(["joy", "ecstasy", "serenity", "love", "anxiety"])
    assert joy.dominant == "joy"
    assert ecstasy.emotions["joy"] > joy.emotions["joy"] > serenity.emotions["joy"] > 0
    assert {e for e, v in love.emotions.items() if v > 0} == {"joy", "trust"}
    assert love.emotions["joy"] == love.emotions["trust"]
    assert {e for e, v in anxiety.emotions.items() if v > 0} == {"anticipation", "fear"}


def test_unknown_term_is_all_zero_with_zero_confidence():
    """A term outside the lexicon is method 'unknown', zero vectors, confidence 0."""
    result = express_lex.decompose("carburetor")
    assert (result.method, result.term, result.confidence) == ("unknown", None, 0.0)
    assert not any(result.vector) and not any(result.sentiment_vector)
    assert result.binary() == (0,) * 10


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_term_raises_input_error(text):
    """An empty or whitespace-only term is an input error, not an unknown term."""
    with pytest.raises(InputError):
        express_lex.decompose(text)


def test_unknown_theory_is_refused():
    """Asking for a theory that is not loaded names the ones that are."""
    with pytest.raises(UnknownTheoryError, match="plutchik"):
        express_lex.decompose("joy", theory="no-such-theory")


def test_binary_view_uses_emolex_column_order():
    """The 10-dimension view follows anger, anticipation, disgust, fear, joy, sadness, surprise, trust, positive, negative."""
    assert express_lex.EMOLEX_ORDER[:8] == ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")
    anxiety = express_lex.decompose("anxiety")
    assert anxiety.binary() == (0, 1, 0, 1, 0, 0, 0, 0, 0, 1)
    love = express_lex.decompose("love")
    assert love.binary() == (0, 0, 0, 0, 1, 0, 0, 1, 1, 0)


def test_explanation_walks_from_term_to_basic_emotions():
    """A dyad's explanation names the dyad rule and each component's intensity."""
    steps = express_lex.decompose("anxiety").explanation
    assert any("anticipation + fear" in step for step in steps)
    assert any(step.startswith("fear = basic fear") for step in steps)


def test_graph_is_behind_the_owning_object(lexicon):
    """The Lexicon answers graph questions with plain tuples, never networkx objects."""
    assert ("defined-as", "dyad", "love") in lexicon.neighbours("love")
    edges = lexicon.neighbours("love", theory_term=True)
    assert set(edges) == {("has-component", "intensity", "joy"), ("has-component", "intensity", "trust")}
    assert all(type(edge) is tuple for edge in edges)


def test_user_lexicon_file_adds_terms(tmp_path):
    """A user's own lexicon file decomposes through the same theory; a listed form resolves to its lemma."""
    own = tmp_path / "mine.yaml"
    own.write_text(
        "entries:\n"
        "  - lemma: zorbly\n    pos: adj\n    as: 0.5*joy + trust\n    rationale: test\n    forms: [zorblier]\n"
    )
    lexicon = Lexicon([own], builtin=False, use_cache=False)
    result = lexicon.decompose("Zorblier")
    assert (result.term, result.matched, result.method) == ("zorbly", "zorblier", "lemma")
    assert result.emotions["joy"] == pytest.approx(0.35) and result.emotions["trust"] == pytest.approx(0.7)
    assert "zorblier: form of 'zorbly'" in result.explanation


def test_cache_round_trip_gives_identical_results(tmp_path, monkeypatch):
    """A lexicon loaded from the compiled cache decomposes exactly as a fresh compile."""
    monkeypatch.setenv("EXPRESS_LEX_CACHE_DIR", str(tmp_path))
    first = Lexicon()
    assert list(tmp_path.glob("compiled-*.json"))
    second = Lexicon()
    fresh = Lexicon(use_cache=False)
    terms = sorted(fresh.surface_forms())
    assert second.decompose_many(terms) == fresh.decompose_many(terms) == first.decompose_many(terms)


def test_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    """A corrupt cache file is ignored and replaced, not trusted."""
    monkeypatch.setenv("EXPRESS_LEX_CACHE_DIR", str(tmp_path))
    Lexicon()
    (cached,) = tmp_path.glob("compiled-*.json")
    cached.write_bytes(b"not a cache")
    assert Lexicon().decompose("love").emotions["trust"] > 0


def _repack(column: dict, key: str, change, code: str | None = None) -> None:
    """Unpack a packed number column (a type code, then base64 of a native array), change it,
    pack it again (with another type code if given)."""
    import base64
    from array import array

    numbers = array(column[key][0])
    numbers.frombytes(base64.b64decode(column[key][1:]))
    numbers = array(code or numbers.typecode, numbers)
    change(numbers)
    column[key] = numbers.typecode + base64.b64encode(numbers.tobytes()).decode()


_COLUMN_DAMAGE = {
    "NaN weight": lambda p: p["vector"]["pool"][0].__setitem__(0, float("nan")),
    "confidence above 1": lambda p: p["confidence"]["pool"].__setitem__(0, 1.5),
    "confidence that is text": lambda p: p["confidence"]["pool"].__setitem__(0, "high"),
    "vector index out of range": lambda p: _repack(p["vector"], "index", lambda a: a.__setitem__(0, len(p["vector"]["pool"])), "I"),
    "method index out of range": lambda p: _repack(p["method"], "index", lambda a: a.__setitem__(5, 200)),
    "step index past the last step": lambda p: _repack(p, "path_steps", lambda a: a.__setitem__(0, 10**6), "I"),
    "torn packed column": lambda p: p.__setitem__("path_steps", p["path_steps"][:-8]),
    "not base64": lambda p: p.__setitem__("path_steps", "H%%%%"),
    "signed type code": lambda p: p.__setitem__("path_steps", "b" + p["path_steps"][1:]),
    "short column": lambda p: p["steps"]["text"].pop(),
    "term past the strings": lambda p: _repack(p, "term", lambda a: a.__setitem__(0, 10**6), "I"),
    "short packed column": lambda p: _repack(p["method"], "index", lambda a: a.pop()),
    "number for a string": lambda p: p["pos"]["pool"].__setitem__(0, 3),
    "unknown step kind": lambda p: p["steps"]["kind"]["pool"].__setitem__(0, "teleported"),
    "unknown method": lambda p: p["method"]["pool"].__setitem__(0, "guessed"),
    "offsets going backwards": lambda p: _repack(p, "path_offsets", lambda a: a.__setitem__(1, a[2] + 1)),
    "packed on a machine of the other byte order": lambda p: p.__setitem__("byteorder", "middle"),
}


@pytest.fixture(scope="module")
def good_cache(tmp_path_factory):
    """A valid compiled cache and what the lexicon loaded from it answers."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EXPRESS_LEX_CACHE_DIR", str(folder))
        Lexicon()
        (cached,) = folder.glob("compiled-*.json")
        return cached.name, cached.read_bytes(), Lexicon().decompose_many(["love", "joy", "nostalgic"])


@pytest.mark.parametrize("damage", sorted(_COLUMN_DAMAGE))
def test_damaged_cache_columns_are_rebuilt(damage, good_cache, tmp_path, monkeypatch):
    """A cache whose columns are the wrong type, size or range is rebuilt, never used."""
    import json

    name, data, expected = good_cache
    document = json.loads(data)
    _COLUMN_DAMAGE[damage](document["payload"])
    cached = tmp_path / name
    cached.write_text(json.dumps(document))
    cached.chmod(0o600)
    damaged = cached.read_bytes()
    monkeypatch.setenv("EXPRESS_LEX_CACHE_DIR", str(tmp_path))
    assert Lexicon().decompose_many(["love", "joy", "nostalgic"]) == expected
    assert cached.read_bytes() != damaged, "the damaged cache was not replaced"


_BINARY_DAMAGE = {
    "row number past the 10 columns": lambda p: p["rows"].__setitem__(0, 1 << 10),
    "short rows column": lambda p: p["rows"].pop(),
    "number for a word": lambda p: p["words"].__setitem__(0, 7),
    "duplicate word": lambda p: p["words"].__setitem__(1, p["words"][0]),
}


@pytest.mark.parametrize("damage", sorted(_BINARY_DAMAGE))
def test_damaged_imported_lexicon_cache_is_rebuilt(damage, tmp_path, monkeypatch):
    """A 0/1 lexicon's cache with a bad column is rebuilt from the CSV, never used."""
    monkeypatch.setenv("EXPRESS_LEX_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "mini.csv"
    source.write_text("word,anger,anticipation,disgust,fear,joy,sadness,surprise,trust,positive,negative\n"
                      "glad,0,0,0,0,1,0,0,0,1,0\nmad,1,0,1,0,0,0,0,0,0,1\ncalm,0,0,0,0,0,0,0,1,1,0\n")
    words = ["glad", "mad", "calm", "nothing"]
    expected = [(r.vector, r.sentiment_vector) for r in express_lex.open_lexicon(str(source)).decompose_many(words)]
    (cached,) = (tmp_path / "cache").glob("binary-*.json")
    document = json.loads(cached.read_text())
    _BINARY_DAMAGE[damage](document["payload"])
    cached.write_text(json.dumps(document))
    damaged = cached.read_bytes()
    again = express_lex.open_lexicon(str(source)).decompose_many(words)
    assert [(r.vector, r.sentiment_vector) for r in again] == expected
    assert cached.read_bytes() != damaged, "the damaged cache was not replaced"


# -- properties ---------------------------------------------------------------------------

@given(s.known_terms())
def test_every_vector_is_within_unit_interval(term):
    """Every emotion and sentiment weight lies in [0, 1], and confidence too."""
    result = express_lex.decompose(term)
    assert all(0.0 <= v <= 1.0 for v in (*result.vector, *result.sentiment_vector, result.confidence))


@given(s.known_terms())
def test_known_terms_are_never_all_zero(term):
    """A term the lexicon knows always has some emotion."""
    assert any(express_lex.decompose(term).vector)


@given(s.dyads())
def test_dyad_components_are_its_only_nonzero_emotions(dyad):
    """A dyad, addressed under its theory, decomposes to exactly its two components."""
    result = express_lex.decompose(f"plutchik:{dyad.name}")
    assert {e for e, v in result.emotions.items() if v > 0} == {e for e, _ in dyad.components}


@given(st.sampled_from(express_lex.default_lexicon().theory.emotions), st.sampled_from(["mild", "basic", "intense"]))
def test_opposite_terms_never_share_a_dominant_emotion(emotion, level):
    """A term and the same-level term of the opposite emotion have different dominant emotions."""
    theory = express_lex.default_lexicon().theory
    term = theory.level_term(emotion, level).name
    opposite = theory.level_term(theory.opposite[emotion], level).name
    assert express_lex.decompose(term).dominant != express_lex.decompose(opposite).dominant


@given(s.known_terms().flatmap(lambda t: st.tuples(st.just(t), s.case_variants(t).flatmap(s.padded))))
def test_case_and_surrounding_whitespace_do_not_matter(pair):
    """Changing case and padding with whitespace gives the same decomposition."""
    term, variant = pair
    plain, varied = express_lex.decompose(term), express_lex.decompose(variant)
    assert (varied.term, varied.method, varied.vector, varied.sentiment_vector) == (
        plain.term, plain.method, plain.vector, plain.sentiment_vector)


@given(s.known_terms())
def test_json_record_round_trips(term):
    """A result's JSON record parses back to the same values."""
    result = express_lex.decompose(term)
    record = json.loads(json.dumps(result.to_dict()))
    assert tuple(record["emotions"][d] for d in result.dimensions) == result.vector
    assert (record["sentiment"]["positive"], record["sentiment"]["negative"]) == result.sentiment_vector
    assert (record["input"], record["term"], record["method"]) == (result.input, result.term, result.method)
    assert record["confidence"] == result.confidence and tuple(record["explanation"]) == result.explanation


@given(s.any_text)
def test_any_text_gives_a_result_or_input_error(text):
    """Arbitrary text never raises anything but InputError, and InputError only for blank text."""
    try:
        result = express_lex.decompose(text)
    except InputError:
        assert not text.strip() or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
    else:
        assert isinstance(result, Decomposition)
        assert all(math.isfinite(v) for v in result.vector)


def test_part_of_speech_comes_from_the_lexicon(lexicon):
    """part_of_speech gives the lexicon's tag for held terms and None for anything else."""
    assert lexicon.part_of_speech("nostalgic") == "adj"
    assert lexicon.part_of_speech("Burned  Out") == "phrase"
    assert lexicon.part_of_speech("teacher") is None
    assert {lexicon.part_of_speech(t) for t in list(lexicon.surface_forms())[:500]} <= set(POS_TAGS)


def test_a_form_takes_a_part_of_speech_wordnet_allows(lexicon):
    """A form WordNet cannot read as its entry's part of speech takes the first one it can
    (lexicon/morphology/form_pos.tsv); lemmas keep theirs."""
    from importlib import resources

    codes = {"a": "adj", "n": "noun", "v": "verb", "r": "adv"}
    text = (resources.files("express_lex.lexicon.morphology") / "form_pos.tsv").read_text("utf-8")
    table = dict(line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    lemmas = {lookup_key(entry.lemma) for entry in lexicon.entries}
    forms = [key for key in table if key not in lemmas]
    assert len(forms) > 1000
    assert all(lexicon.part_of_speech(key) in {codes[c] for c in table[key]} for key in forms)
    assert (lexicon.part_of_speech("coward"), lexicon.part_of_speech("cowardly")) == ("noun", "adj")
    assert (lexicon.part_of_speech("accept"), lexicon.part_of_speech("accepting")) == ("verb", "adj")
    assert lexicon.part_of_speech("hurting") == "adj"  # a participle may be an adjective


def test_path_is_a_tuple_of_typed_steps():
    """decompose('nostalgic').path holds typed graph steps, and explanation is their text."""
    from express_lex.model import Step

    result = express_lex.decompose("nostalgic")
    assert isinstance(result.path, tuple) and all(isinstance(step, Step) for step in result.path)
    assert result.path[0].kind == "defined-as" and result.path[0].source == "nostalgic"
    dyad = next(step for step in result.path if step.kind == "has-component")
    assert (dyad.source, dyad.target, dyad.provenance) == ("bittersweetness", "joy + sadness", "opposite dyad")
    assert result.explanation == tuple(step.text for step in result.path)


@given(st.one_of(s.known_terms(), st.text(min_size=1, max_size=30).filter(str.strip)))
def test_every_path_step_has_a_known_kind_and_renders_the_explanation(term):
    """For any input, each path step has a documented kind, and the explanation is the path rendered."""
    from express_lex.model import STEP_KINDS

    try:
        result = express_lex.decompose(term)
    except InputError:
        return
    assert all(step.kind in STEP_KINDS for step in result.path)
    assert result.explanation == tuple(step.text for step in result.path)
    assert json.loads(json.dumps(result.to_dict()))["path"] == [step.to_dict() for step in result.path]


def test_resolver_steps_name_what_they_reach():
    """A corrected, negated input records the fuzzy target and the negation factor as fields."""
    result = express_lex.decompose("not very frustated")
    kinds = [step.kind for step in result.path]
    assert kinds[:5] == ["lemma", "fuzzy", "intensifier", "negation", "confidence"]
    fuzzy = result.path[1]
    assert (fuzzy.source, fuzzy.target) == ("frustated", "frustrated") and 0 < fuzzy.weight < 1
    assert result.path[0].target is None  # tried, found nothing


def test_the_test_session_never_points_at_the_real_home():
    """Every location config() resolves during tests lies outside the user's real home directory."""
    import pwd
    from pathlib import Path

    real_home = Path(pwd.getpwuid(os.getuid()).pw_dir).resolve()
    settings = express_lex.config()
    for location in (settings.home, settings.cache_dir, settings.data_dir):
        assert not location.resolve().is_relative_to(real_home) or real_home == Path("/")


def test_configure_fixes_a_location_over_the_environment(tmp_path, monkeypatch):
    """configure() wins over the environment until it is unset, and rejects unknown settings."""
    monkeypatch.setenv("EXPRESS_LEX_CACHE_DIR", str(tmp_path / "from-env"))
    assert express_lex.config().cache_dir == tmp_path / "from-env"
    try:
        assert express_lex.configure(cache_dir=tmp_path / "fixed").cache_dir == tmp_path / "fixed"
        assert express_lex.cache_dir() == tmp_path / "fixed"
    finally:
        express_lex.configure(cache_dir=None)
    assert express_lex.cache_dir() == tmp_path / "from-env"
    with pytest.raises(TypeError, match="unknown setting"):
        express_lex.configure(cash_dir=tmp_path)


@given(st.text(alphabet="abcxyz -_'!\u00e9\u2019AB", min_size=1, max_size=20))
def test_lookup_key_fast_paths_agree_with_the_full_fold(text):
    """Keys the fast paths return unchanged are what the full fold (forced by edge punctuation) gives."""
    from express_lex.model import lookup_key

    key = lookup_key(text)
    assert key == lookup_key(f"({text})") == lookup_key(key)
    assert lookup_key("fed up") == "fed up" and lookup_key("Fed-Up!") == "fed up"
