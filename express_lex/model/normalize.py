"""Turning what a person typed into a lexicon lookup key."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..errors import ArgumentTypeError, InputError

__all__ = ["EMOJI_RANGES", "canonical", "check_term", "fold_emoji", "is_emoji", "lookup_key"]

_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015]+")


def canonical(text: str) -> str:
    """The lookup key of a surface form: lower case, hyphens, underscores and runs of space as one space."""
    return _SEPARATORS.sub(" ", text.lower()).strip()

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
# ZWJ (U+200D) is not here: inside an emoji sequence it joins it (stray_zwj takes the rest).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u2028\u2029\ufeff]")
# Code points that are emoji (or the pictographic symbols emoji are drawn from): faces, hearts,
# hands, people, dingbats and the miscellaneous symbols (U+2600-27BF, where the older hearts
# and faces live). Regional indicators and keycap digits are left out: they carry no emotion.
EMOJI_RANGES = "\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u2763\u2764\u3030\u303D"


class _EmojiPatterns:
    """The emoji patterns, compiled on the first non-ASCII text (a few ms of regex compiling
    that a start-up on ASCII input never pays)."""

    def __init__(self) -> None:
        self.emoji = re.compile(f"[{EMOJI_RANGES}]")
        # Variation selectors (text U+FE0E, emoji U+FE0F) and skin tones (U+1F3FB-1F3FF) change how
        # an emoji is drawn, not what it says; a gender sign joined by ZWJ (U+200D + U+2640/U+2642)
        # only says who does it ("woman facepalming" is "person facepalming").
        self.presentation = re.compile("[\ufe0e\ufe0f\U0001F3FB-\U0001F3FF]|\u200d[\u2640\u2642]")
        # One emoji, or a ZWJ sequence of them ("face exhaling", "heart on fire"): one token.
        self.cluster = re.compile(f"[{EMOJI_RANGES}](?:\u200d[{EMOJI_RANGES}])*")
        self.repeated_cluster = re.compile(f"([{EMOJI_RANGES}](?:\u200d[{EMOJI_RANGES}])*)(?:\\s*\\1)+")
        self.stray_zwj = re.compile(f"\u200d(?![{EMOJI_RANGES}])|(?<![{EMOJI_RANGES}])\u200d")
        # Punctuation and symbols people put around a word ("happy!", "(sad)", "*tired*"); emoji are kept.
        self.edge = re.compile(f"^(?:[^\\w{EMOJI_RANGES}]|_)+|(?:[^\\w{EMOJI_RANGES}]|_)+$")


@lru_cache(maxsize=1)
def _emoji() -> _EmojiPatterns:
    return _EmojiPatterns()


# Punctuation and symbols people put around a word ("happy!", "(sad)", "*tired*"), in ASCII text.
_ASCII_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
# Lower-case ASCII words joined by single spaces are their own key: half the lexicon's phrases
# ("fed up", "on edge") skip three regex passes.
_PLAIN_PHRASE = re.compile(r"[a-z]+(?: [a-z]+)+")


def check_term(text: str) -> None:
    """Raise InputError for input that is not a term at all."""
    if not isinstance(text, str):
        raise ArgumentTypeError(f"a term must be text, got {type(text).__name__}")
    if not text.strip():
        raise InputError("empty term")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("term is not valid UTF-8 text") from None


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_emoji(token: str) -> bool:
    """True if `token` is one emoji or ZWJ sequence, as lookup_key leaves it."""
    return bool(token) and not token.isascii() and _emoji().cluster.fullmatch(token) is not None


def fold_emoji(text: str) -> str:
    """Emoji folded to one key each: presentation selectors, skin tones and ZWJ gender signs
    dropped, each emoji (or ZWJ sequence) a token of its own, and a run of the same emoji one
    ("so tired 😭😭😭" is "so tired 😭"). Text without emoji comes back unchanged."""
    if text.isascii():
        return text
    patterns = _emoji()
    if not patterns.emoji.search(text):
        return text
    text = patterns.presentation.sub("", text)
    text = patterns.cluster.sub(lambda m: f" {m.group(0)} ", text)
    return patterns.repeated_cluster.sub(r"\1", text)


def lookup_key(text: str) -> str:
    """Case, Unicode, accents, quotes, control characters, separators, emoji presentation and
    edge punctuation folded.

    Lexicon keys and queries both go through this, so the two always agree.
    """
    if text.isascii() and text.islower() and (text.isalpha() or _PLAIN_PHRASE.fullmatch(text)):
        return text  # the common cases, kept cheap
    folded = _strip_accents(unicodedata.normalize("NFKC", text)).casefold().translate(_QUOTES)
    edge = _ASCII_EDGE
    if not text.isascii():
        patterns = _emoji()
        folded = patterns.stray_zwj.sub(" ", fold_emoji(folded))
        edge = patterns.edge
    folded = _CONTROL.sub(" ", folded)
    return canonical(edge.sub("", canonical(folded)))
