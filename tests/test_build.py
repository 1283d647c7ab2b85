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
