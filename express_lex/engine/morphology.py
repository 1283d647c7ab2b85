"""Inflection and derivation without WordNet installed: suffix rules, WordNet's irregular-form
exception lists, and a list of English words, all shipped in lexicon/morphology/.

Rules only propose candidates; the resolver accepts one only if the lexicon knows it (with a
fitting part of speech), so an over-eager rule can cost recall but never invents an emotion.
Meaning-changing affixes (-less, un-, dis-, non-) are never stripped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Rule", "RULES", "candidates", "exceptions", "english_words", "form_part_of_speech", "form_pos_data",
           "is_english_word", "not_misspellings"]


@dataclass(frozen=True, slots=True)
class Rule:
    """Replace the `suffix` of a form with `replacement` to get a lemma of part of speech `target`."""

    suffix: str
    replacement: str
    kind: str  # "inflection" (same word, other form) or "derivation" (related word)
    target: frozenset[str]
    name: str


def _rule(suffix: str, replacement: str, kind: str, target: str, name: str) -> Rule:
    return Rule(suffix, replacement, kind, frozenset(target.split()), name)


# Lexicon part-of-speech names: adj, noun, verb, adv, phrase.
RULES: tuple[Rule, ...] = (
    # inflection (WordNet's morphy detachment rules, plus -ier/-iest and doubled consonants)
    _rule("ies", "y", "inflection", "noun verb", "plural or 3rd person -ies"),
    _rule("ches", "ch", "inflection", "noun verb", "plural -es"),
    _rule("shes", "sh", "inflection", "noun verb", "plural -es"),
    _rule("xes", "x", "inflection", "noun verb", "plural -es"),
    _rule("zes", "z", "inflection", "noun verb", "plural -es"),
    _rule("ses", "s", "inflection", "noun verb", "plural -es"),
    _rule("es", "e", "inflection", "noun verb", "plural or 3rd person -s"),
    _rule("s", "", "inflection", "noun verb", "plural or 3rd person -s"),
    _rule("ied", "y", "inflection", "verb", "past -ied"),
    _rule("ed", "e", "inflection", "verb", "past -ed"),
    _rule("ed", "", "inflection", "verb", "past -ed"),
    _rule("ying", "ie", "inflection", "verb", "present participle -ying"),
    _rule("ing", "e", "inflection", "verb", "present participle -ing"),
    _rule("ing", "", "inflection", "verb", "present participle -ing"),
    _rule("ier", "y", "inflection", "adj", "comparative -ier"),
    _rule("iest", "y", "inflection", "adj", "superlative -iest"),
    _rule("er", "e", "inflection", "adj", "comparative -er"),
    _rule("er", "", "inflection", "adj", "comparative -er"),
    _rule("est", "e", "inflection", "adj", "superlative -est"),
    _rule("est", "", "inflection", "adj", "superlative -est"),
    # derivation: adverbs, abstract nouns and -ful adjectives back to their base
    _rule("ily", "y", "derivation", "adj", "adverb -ily"),
    _rule("ably", "able", "derivation", "adj", "adverb -ably"),
    _rule("ibly", "ible", "derivation", "adj", "adverb -ibly"),
    _rule("lly", "ll", "derivation", "adj", "adverb -ly"),
    _rule("ly", "", "derivation", "adj", "adverb -ly"),
    _rule("ly", "le", "derivation", "adj", "adverb -ly"),
    _rule("iness", "y", "derivation", "adj", "noun -iness"),
    _rule("ness", "", "derivation", "adj", "noun -ness"),
    _rule("ment", "", "derivation", "verb", "noun -ment"),
    _rule("ance", "", "derivation", "verb", "noun -ance"),
    _rule("ance", "e", "derivation", "verb", "noun -ance"),
    _rule("ence", "", "derivation", "verb", "noun -ence"),
    _rule("ence", "e", "derivation", "verb", "noun -ence"),
    _rule("ful", "", "derivation", "noun verb", "adjective -ful"),
    _rule("iful", "y", "derivation", "noun", "adjective -iful"),
)
_VOWELS = frozenset("aeiou")
# Comparatives are never WordNet lemmas, so a lemma ending in -er is a word of its own
# ("number" is not "more numb", "sober" not "more sob").
_COMPARATIVES = frozenset({"er", "est", "ier", "iest"})
MIN_STEM = 3


@lru_cache(maxsize=1)
def exceptions() -> dict[str, tuple[tuple[str, str], ...]]:
    """Irregular form -> ((lemma, part of speech), ...) from WordNet's *.exc lists."""
    text = (resources.files("express_lex.lexicon.morphology") / "exceptions.tsv").read_text("utf-8")
    table: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        form, lemma, pos = line.split("\t")
        table.setdefault(form, []).append((lemma, pos))
    return {form: tuple(pairs) for form, pairs in table.items()}


_POS_CODES = {"a": "adj", "n": "noun", "v": "verb", "r": "adv"}


@lru_cache(maxsize=1)
def form_pos_data() -> bytes:
    """lexicon/morphology/form_pos.tsv as shipped: part of the compiled cache's key."""
    return (resources.files("express_lex.lexicon.morphology") / "form_pos.tsv").read_bytes()


@lru_cache(maxsize=1)
def _form_parts_of_speech() -> dict[str, str]:
    table = {}
    for line in form_pos_data().decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            form, codes = line.split("\t")
            table[form] = codes
    return table


def form_part_of_speech(key: str, entry_pos: str) -> str:
    """The part of speech of a form listed under an entry of part of speech `entry_pos`: the
    entry's, unless WordNet cannot read the form so (tools/build.py form_parts_of_speech);
    then the first WordNet gives it, in the order adj, noun, verb, adv ("coward" is a noun)."""
    codes = _form_parts_of_speech().get(key)
    if codes is None or entry_pos not in _POS_CODES.values():
        return entry_pos
    return entry_pos if any(_POS_CODES[c] == entry_pos for c in codes) else _POS_CODES[codes[0]]


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every single-word WordNet 3.0 lemma and irregular form: a word list, not an emotion list."""
    text = (resources.files("express_lex.lexicon.morphology") / "words.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def not_misspellings() -> dict[str, str]:
    """Foreign and slang words that are real words elsewhere (merci, thang): word -> "language: meaning".

    The resolver never corrects, splits or walks them (lexicon/morphology/not_misspellings.tsv).
    """
    text = (resources.files("express_lex.lexicon.morphology") / "not_misspellings.tsv").read_text("utf-8")
    found = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, language, meaning = (line.split("\t") + ["", ""])[:3]
            found[word.strip()] = f"{language.strip()}: {meaning.strip()}"
    return found


def _undouble(stem: str) -> str | None:
    """saddest -> sadd -> sad; sobbing -> sobb -> sob."""
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS and stem[-1] not in "lsz":
        return stem[:-1]
    return None


def _one_step(word: str) -> list[tuple[str, str, str, frozenset[str]]]:
    """(candidate, kind, rule name, allowed target parts of speech) one rule away from `word`."""
    found = []
    for lemma, pos in exceptions().get(word, ()):
        found.append((lemma, "inflection", f"irregular form ({pos})", frozenset({pos, "adj"} if pos == "verb" else {pos})))
    is_lemma = None
    for rule in RULES:
        if not word.endswith(rule.suffix):
            continue
        if rule.suffix in _COMPARATIVES:
            if is_lemma is None:
                is_lemma = word in english_words() and word not in exceptions()
            if is_lemma:
                continue
        stem = word[: len(word) - len(rule.suffix)]
        if len(stem) < MIN_STEM - len(rule.replacement) or not stem:
            continue
        found.append((stem + rule.replacement, rule.kind, rule.name, rule.target))
        if rule.replacement == "" and rule.kind == "inflection":
            undoubled = _undouble(stem)
            if undoubled:
                found.append((undoubled, rule.kind, rule.name + " (doubled consonant)", rule.target))
    return [c for c in found if len(c[0]) >= MIN_STEM and c[0] != word]


def candidates(word: str, max_steps: int = 2) -> list[tuple[str, tuple[tuple[str, str], ...], frozenset[str]]]:
    """Possible base words of `word`, nearest first: (candidate, ((kind, rule), ...), allowed target pos).

    At most one inflection step, and at most `max_steps` steps in all (hopefulness -> hopeful
    -> hope is two derivations; annoyances -> annoyance -> annoy is an inflection and a derivation).
    """
    if not word.isalpha():
        return []
    Path = tuple[tuple[str, str], ...]
    results: list[tuple[str, Path, frozenset[str]]] = []
    seen = {word}
    frontier: list[tuple[str, Path]] = [(word, ())]
    for _ in range(max_steps):
        next_frontier: list[tuple[str, Path]] = []
        for form, path in frontier:
            for candidate, kind, rule, target in _one_step(form):
                if candidate in seen or (kind == "inflection" and any(k == "inflection" for k, _ in path)):
                    continue
                seen.add(candidate)
                step: Path = (*path, (kind, rule))
                results.append((candidate, step, target))
                next_frontier.append((candidate, step))
        frontier = next_frontier
    return results


def is_english_word(word: str) -> bool:
    """True if `word`, or a regular or irregular form of it, is in the shipped word list."""
    words = english_words()
    if word in words:
        return True
    return any(candidate in words for candidate, path, _ in candidates(word, max_steps=1))
