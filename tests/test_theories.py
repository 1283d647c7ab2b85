"""Theories as data: projections, user theories, validation rules, the published GoEmotions mapping (issue 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import express_lex
from express_lex import RULES, Lexicon, UnknownTheoryError
from express_lex.engine import THEORY_RULES

from . import strategies as s
from .test_cli import run

FIXTURES = Path(__file__).parent / "fixtures" / "theories"
BUILT_IN = {"plutchik", "ekman", "parrott", "shaver", "goemotions", "geneva", "cowen-keltner", "vad"}


@pytest.fixture(scope="module")
def plain():
    return Lexicon(wordnet=False)


def test_theories_list_shows_the_built_in_theories(runner):
    """theories list names at least the eight built-in theories, with their kind."""
    result = run(runner, "theories", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    names = {row["name"] for row in json.loads(result.stdout)["theories"]}
    assert BUILT_IN <= names and "ekman+contempt" in names and "parrott.secondary" in names


def test_built_in_theories_load_without_problems(plain):
    """No shipped theory file has a problem, warnings included."""
    assert [str(p) for p in plain.theory_problems] == []


@pytest.mark.parametrize("term, theory, dominant", [
    ("joy", "ekman", "happiness"), ("terror", "goemotions", "fear"), ("contempt", "ekman+contempt", "contempt"),
    ("nostalgic", "cowen-keltner", "nostalgia"), ("furious", "geneva", "anger"), ("adoration", "parrott", "love"),
    ("adoration", "parrott.secondary", "affection"), ("gloomy", "shaver", "sadness"),
])
def test_projection_dominants(plain, term, theory, dominant):
    """A term projected into a theory is dominated by the category it belongs to."""
    result = plain.decompose(term, theory)
    assert result.theory == theory and result.dominant == dominant, result.explanation
    assert any(step.startswith(f"{theory}: ") for step in result.explanation)


def test_vad_values(plain):
    """ecstasy has high valence and arousal; grief low valence; both in [-1, 1]."""
    ecstasy, grief = plain.decompose("ecstasy", "vad"), plain.decompose("grief", "vad")
    assert ecstasy.emotions["valence"] > 0.5 and ecstasy.emotions["arousal"] > 0.3
    assert grief.emotions["valence"] < -0.3
    assert all(-1 <= v <= 1 for v in ecstasy.vector + grief.vector)


def test_goemotions_to_ekman_agrees_with_the_published_mapping(plain):
    """At least 24 of GoEmotions' 27 categories land on the Ekman category its authors mapped them to."""
    goemotions = plain.get_theory("goemotions")
    ekman = plain.get_theory("ekman")
    aliases = {alias: c.name for c in ekman.categories for alias in c.aliases}
    published = {m: aliases.get(name, name) for name, members in goemotions.mappings["ekman"].items() for m in members}
    mapped = plain.map_theory("goemotions", "ekman")
    assert len(published) == 27
    agree = [c for c, want in published.items() if mapped[c].dominant == want]
    assert len(agree) >= 24, sorted(set(published) - set(agree))


def test_theories_map_command_reports_agreement(runner):
    """theories map prints each category's Ekman category and the agreement count."""
    result = run(runner, "theories", "map", "goemotions", "ekman")
    assert result.exit_code == 0 and "agreement with goemotions's published mapping: 25 of 27" in result.stdout


def _named_categories():
    lexicon = s._no_wordnet_lexicon()
    pairs = []
    for name in lexicon.theory_names()[1:]:
        theory = lexicon.get_theory(name)
        for category in getattr(theory, "categories", ()):
            if not category.neutral and category.name in lexicon:
                pairs.append((name, category.name))
    return pairs


@given(pair=st.sampled_from(_named_categories()))
def test_each_category_name_is_dominant_in_its_own_theory(pair):
    """For every theory, a category whose name is an emotion word decomposes with that category dominant."""
    theory, category = pair
    result = s._no_wordnet_lexicon().decompose(category, theory)
    assert category in result.dominants, (theory, category, result.emotions)


@given(term=s.known_terms(), theory=st.sampled_from(sorted(BUILT_IN - {"plutchik"}) + ["ekman+contempt", "parrott.secondary"]))
def test_projections_are_bounded(term, theory):
    """Projections are within [0, 1] (categorical) or [-1, 1] (dimensional), never NaN."""
    result = s._no_wordnet_lexicon().decompose(term, theory)
    low = -1.0 if theory == "vad" else 0.0
    assert all(low <= v <= 1.0 for v in result.vector)


@settings(max_examples=25)
@given(text=s.valid_theories(), terms=st.lists(s.known_terms(), min_size=1, max_size=20))
def test_an_extra_valid_theory_leaves_plutchik_unchanged(tmp_path_factory, text, terms):
    """Loading any extra valid theory changes no Plutchik decomposition, and the theory itself loads."""
    folder = tmp_path_factory.mktemp("theories")
    (folder / "generated.yaml").write_text(text)
    extended = Lexicon(wordnet=False, theories=[folder])
    assert "generated-theory" in extended.theory_names(), [str(p) for p in extended.theory_problems]
    base = s._no_wordnet_lexicon()
    for term in terms:
        a, b = extended.decompose(term), base.decompose(term)
        assert (a.vector, a.sentiment_vector, a.term, a.method) == (b.vector, b.sentiment_vector, b.term, b.method)
        assert all(0 <= v <= 1 for v in extended.decompose(term, "generated-theory").vector)


# -- user theories and validation -------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(THEORY_RULES))
def test_validate_flags_each_broken_fixture_with_its_code_and_line(runner, code):
    """theories validate reports each broken fixture with its code, file and line; errors exit 1."""
    path = FIXTURES / f"{code}.yaml"
    result = run(runner, "theories", "validate", str(path))
    assert f" {code} " in result.stdout, result.stdout
    assert f"{path}:" in result.stdout and any(ch.isdigit() for ch in result.stdout.split(f"{path}:")[1][:3])
    assert result.exit_code == (1 if RULES[code].severity == "error" else 0)


def test_valid_user_theory_from_a_directory(runner):
    """--theories DIR adds a user theory that lists, shows and projects."""
    listing = run(runner, "theories", "list", "--theories", str(FIXTURES), "--format", "json")
    names = {row["name"] for row in json.loads(listing.stdout)["theories"]}
    assert "warmth" in names and BUILT_IN <= names
    result = run(runner, "decompose", "affectionate", "aloof", "--theory", "warmth", "--theories", str(FIXTURES),
                 "--format", "json", "--no-wordnet")
    records = json.loads(result.stdout)
    assert [max(r["emotions"], key=r["emotions"].get) for r in records] == ["warmth", "coldness"]


def test_broken_user_theory_is_named_and_never_stops_the_others(runner):
    """Broken theories in --theories are reported by name on stderr; built-in and valid ones still load."""
    result = run(runner, "decompose", "joy", "--theory", "ekman", "--theories", str(FIXTURES), "--no-wordnet")
    assert result.exit_code == 0
    assert "theory 't102' not loaded" in result.stderr and "T102" in result.stderr
    assert "happiness" in result.stdout


def test_environment_variable_adds_theories(monkeypatch):
    """$EXPRESS_LEX_THEORIES names directories of user theories."""
    monkeypatch.setenv("EXPRESS_LEX_THEORIES", str(FIXTURES))
    assert "warmth" in Lexicon(wordnet=False).theory_names()


def test_entry_point_adds_a_theory(tmp_path, monkeypatch):
    """A package registering the entry point group express_lex.theories adds its theory."""
    package = tmp_path / "my_theories"
    package.mkdir()
    (package / "__init__.py").write_text(f"THEORY = {str(FIXTURES / 'valid.yaml')!r}\n")
    dist = tmp_path / "my_theories-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: my-theories\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[express_lex.theories]\nwarmth = my_theories:THEORY\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    lexicon = Lexicon(wordnet=False)
    assert "warmth" in lexicon.theory_names()
    assert lexicon.get_theory("warmth").origin.startswith("entry point warmth")


def test_unknown_theory_names_the_available_ones(plain):
    """An unknown theory raises UnknownTheoryError listing what is loaded."""
    with pytest.raises(UnknownTheoryError, match="goemotions"):
        plain.decompose("joy", "no-such-theory")


def test_decompose_all_gives_every_theory(runner):
    """--theory all prints one block per theory; JSON records carry their theory."""
    result = run(runner, "decompose", "nostalgic", "--theory", "all", "--format", "json", "--no-wordnet")
    theories = {r["theory"] for r in json.loads(result.stdout)}
    assert BUILT_IN <= theories
    table = run(runner, "decompose", "nostalgic", "--theory", "all", "--no-wordnet")
    assert "# ekman" in table.stdout and "# vad" in table.stdout


def test_theories_show(runner):
    """theories show prints the citation and each category's definition."""
    result = run(runner, "theories", "show", "goemotions")
    assert result.exit_code == 0 and "Demszky" in result.stdout and "gratitude: as" in result.stdout
    assert "published mapping to ekman" in result.stdout


def test_compare_after_projection(runner):
    """compare in Ekman uses Ekman's categories for the 0/1 view; a dimensional theory has none."""
    ekman = json.loads(run(runner, "compare", "anxiety", "terror", "--theory", "ekman", "--format", "json",
                           "--no-wordnet").stdout)
    assert ekman["binary_match"] is True and ekman["shared"] == ["fear", "negative"]
    vad = json.loads(run(runner, "compare", "joy", "grief", "--theory", "vad", "--format", "json", "--no-wordnet").stdout)
    assert vad["binary_match"] is None and vad["cosine"] < 0


def test_map_needs_a_categorical_source(runner):
    """theories map from a dimensional theory is a one-line usage error naming the usable ones."""
    result = run(runner, "theories", "map", "vad", "ekman")
    assert result.exit_code == 2 and "has no categories to map" in result.stderr and "goemotions" in result.stderr


def test_decompose_all_api(plain):
    """Lexicon.decompose_all gives one result per loaded theory, Plutchik's unchanged."""
    results = plain.decompose_all("nostalgic")
    assert tuple(results) == plain.theory_names()
    assert results["plutchik"] == plain.decompose("nostalgic")
    assert results["ekman"].theory == "ekman" and results["ekman"].dominant == "sadness"


# -- one theory interface, one problem registry -------------------------------------------------

def test_every_loaded_theory_satisfies_the_theory_protocol():
    """Basic, categorical and dimensional theories all offer kind, dimension names and project."""
    lexicon = s._no_wordnet_lexicon()
    base = lexicon.decompose("nostalgic")
    kinds = set()
    for name in lexicon.theory_names():
        theory = lexicon.get_theory(name)
        assert isinstance(theory, express_lex.Theory)
        kinds.add(theory.kind)
        projected = theory.project(base, lexicon.theory)
        assert projected.dimensions == theory.dimension_names
        assert len(projected.vector) == len(theory.dimension_names)
        assert projected == lexicon.decompose("nostalgic", name)
    assert kinds == {"basic", "categorical", "dimensional"}


def test_problem_codes_cannot_collide_between_lexicon_and_theory_rules():
    """Lexicon codes start with E or W, theory codes with T; the registry holds each code once."""
    from express_lex.model import LEXICON_RULES

    assert {code[0] for code in LEXICON_RULES} <= {"E", "W"}
    assert {code[0] for code in THEORY_RULES} == {"T"}
    assert len(RULES) == len(LEXICON_RULES) + len(THEORY_RULES)
    assert all(rule.code == code and rule.severity in ("error", "warning") for code, rule in RULES.items())


def test_every_code_has_a_check_function():
    """The checks registry maps each registered code, and only those, to a callable."""
    from express_lex.checks import CHECKS

    assert CHECKS.keys() == RULES.keys()
    assert all(callable(check) for check in CHECKS.values())


def test_theory_problems_and_lexicon_problems_are_one_type(tmp_path):
    """A broken theory file and a broken lexicon file both report express_lex.Problem values."""
    theory_problems = express_lex.validate_theories([FIXTURES / "T102.yaml"])
    lexicon_file = tmp_path / "bad.yaml"
    lexicon_file.write_text("entries:\n  - lemma: zorb\n    pos: adj\n    as: nosuchemotion\n")
    lexicon_problems = express_lex.validate_lexicon([lexicon_file], builtin=False, check_wordnet=False)
    assert theory_problems and lexicon_problems
    assert all(type(p) is express_lex.Problem for p in (*theory_problems, *lexicon_problems))
    assert {p.severity for p in theory_problems} == {"error"} and "E102" in {p.code for p in lexicon_problems}
