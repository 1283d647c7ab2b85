"""The resolver's WordNet step walks the subset shipped with the package (issue 14, item 6):
the same answer on every machine, whether or not WordNet is installed, and the same answer the
walk over the full WordNet 3.0 gives."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from express_lex.data import find_wordnet, load_wordnet, load_wordnet_subset
from express_lex.engine import WORDNET_START_LEXNAMES, Lexicon, Resolver
from express_lex.model import lookup_key

needs_wordnet = pytest.mark.skipif(find_wordnet() is None, reason="WordNet 3.0 not installed")


def generated_inputs(lexicon: Lexicon, count: int = 2000, seed: int = 14) -> list[str]:
    """`count` seeded inputs outside the lexicon: English words (half of them adjectives and
    adverbs, where walks start), inflected and misspelt lexicon words, and modified words."""
    words = [w for w in resources.files("express_lex.lexicon.morphology").joinpath("words.txt").read_text("utf-8")
             .splitlines() if w and not w.startswith("#")]
    subset = load_wordnet_subset()
    walkable = sorted(w for w in words if subset.senses(w))
    known = sorted(k for k in lexicon.surface_forms() if k.isalpha() and len(k) >= 5)
    rng = random.Random(seed)
    makers = [
        lambda: rng.choice(words),
        lambda: rng.choice(walkable),
        lambda: rng.choice(walkable) + rng.choice(["ly", "er", "est", "ness", "s", "ed"]),
        lambda: rng.choice(known) + rng.choice(["ly", "ness", "er", "est", "s", "ed", "ing", "ful", "less"]),
        lambda: _drop_letter(rng.choice(known), rng),
        lambda: f"{rng.choice(['very', 'not', 'a bit', 'never'])} {rng.choice(walkable)}",
        lambda: " ".join(rng.sample(words, 2)),
    ]
    inputs: list[str] = []
    while len(inputs) < count:
        text = rng.choice(makers)()
        if lookup_key(text) and text not in lexicon:
            inputs.append(text)
    return inputs


def _drop_letter(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    return word[:i] + word[i + 1:]


_DUMP = """
import json, sys
import express_lex
from express_lex.data import find_wordnet
lexicon = express_lex.Lexicon()
texts = json.loads(sys.stdin.read())
records = [lexicon.decompose(t).to_dict() for t in texts]
print(json.dumps({"wordnet_found": find_wordnet() is not None, "nltk_imported": "nltk" in sys.modules,
                  "status": lexicon.wordnet_status(), "records": records}))
"""


def _records(texts: list[str], **env: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _DUMP], input=json.dumps(texts), capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=600, check=True)
    return json.loads(done.stdout)


@needs_wordnet
def test_decompose_is_the_same_with_and_without_wordnet_installed(tmp_path):
    """The whole lexicon and 2,000 generated inputs decompose to identical records whether WordNet 3.0
    is installed or EXPRESS_LEX_WORDNET points nowhere; neither process imports nltk."""
    lexicon = Lexicon()
    inputs = generated_inputs(lexicon)
    texts = sorted(lexicon.surface_forms()) + inputs
    installed = _records(texts)
    nowhere = _records(texts, EXPRESS_LEX_WORDNET=str(tmp_path / "nowhere"))
    assert installed["wordnet_found"] and not nowhere["wordnet_found"]
    assert not installed["nltk_imported"] and not nowhere["nltk_imported"]
    assert installed["status"] == nowhere["status"] and "shipped" in installed["status"]
    assert installed["records"] == nowhere["records"]
    walked = [r for r in installed["records"][-len(inputs):] if r["method"] == "wordnet"]
    assert len(walked) >= 20  # the inputs exercise the walk, not only the table


class _FullWordNet:
    """nltk's WordNet with the build's gloss-check verdicts, which are lexicon data, not WordNet's."""

    def __init__(self, wordnet) -> None:
        self._wordnet = wordnet
        self.unsupported_landings = load_wordnet_subset().unsupported_landings

    def __getattr__(self, name: str):
        return getattr(self._wordnet, name)


@needs_wordnet
def test_the_walk_over_the_subset_matches_the_walk_over_wordnet():
    """For 2,000 generated inputs the walk over the shipped subset reaches the same term, by the same
    path, with the same weights as the walk over the full WordNet 3.0 through nltk."""
    lexicon = Lexicon()
    full = Resolver(lexicon.table, lexicon.theory, lexicon._synsets, _FullWordNet(load_wordnet()))
    shipped = Resolver(lexicon.table, lexicon.theory, lexicon._synsets, load_wordnet_subset())
    walked = 0
    for text in generated_inputs(lexicon, seed=41):
        a, b = full.resolve(text, lookup_key(text)), shipped.resolve(text, lookup_key(text))
        assert (a.method, a.term, a.vector, a.confidence) == (b.method, b.term, b.vector, b.confidence), text
        if a.method == "wordnet":
            walked += 1
            assert a.explanation == b.explanation, text
    assert walked >= 20


@needs_wordnet
@given(word=st.deferred(lambda: st.sampled_from(_words())), suffix=st.sampled_from(["", "s", "es", "ed", "ing", "er",
                                                                                     "est", "ies", "men"]))
def test_subset_senses_are_wordnets_where_a_walk_starts(word, suffix):
    """A form's senses in the subset are WordNet's two most frequent when the first is a feeling or
    description, and none otherwise."""
    form = word + suffix
    senses = load_wordnet().senses(form)
    expected = [(s.name, s.lexname) for s in senses] if senses and senses[0].lexname in WORDNET_START_LEXNAMES else []
    assert [(s.name, s.lexname) for s in load_wordnet_subset().senses(form)] == expected


def _words() -> list[str]:
    text = resources.files("express_lex.lexicon.morphology").joinpath("words.txt").read_text("utf-8")
    return [w for w in text.splitlines() if w and not w.startswith("#")]


def test_switching_the_step_off_still_says_so():
    """wordnet=False never reads the subset and says the step was switched off."""
    result = Lexicon(wordnet=False).decompose("afflictive")
    assert result.method == "unknown"
    assert any(step.startswith("wordnet: switched off") for step in result.explanation)


def test_a_walk_from_the_subset_needs_no_installed_wordnet(tmp_path):
    """With the WordNet setting pointing nowhere, a word outside the lexicon still walks to a feeling."""
    from express_lex.config import configure

    configure(wordnet=tmp_path)
    try:
        assert find_wordnet() is None
        result = Lexicon().decompose("afflictive")
        assert result.method == "wordnet" and result.term == "discomfort", result.explanation
    finally:
        configure(wordnet=None)
