"""Turning what a person typed into a lexicon lookup key."""

from __future__ import annotations

import re
import unicodedata

from ..errors import InputError
from .entries import canonical

__all__ = ["lookup_key", "check_term", "fold_emoji", "is_emoji", "EMOJI_RANGES"]

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
# ZWJ (U+200D) is not here: inside an emoji sequence it joins it (_STRAY_ZWJ takes the rest).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u2028\u2029\ufeff]")
# Code points that are emoji (or the pictographic symbols emoji are drawn from): faces, hearts,
# hands, people, dingbats and the miscellaneous symbols (U+2600-27BF, where the older hearts
# and faces live). Regional indicators and keycap digits are left out: they carry no emotion.
EMOJI_RANGES = "\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u2763\u2764\u3030\u303D"
_EMOJI = re.compile(f"[{EMOJI_RANGES}]")
# Variation selectors (text U+FE0E, emoji U+FE0F) and skin tones (U+1F3FB-1F3FF) change how an
# emoji is drawn, not what it says; a gender sign joined by ZWJ (U+200D + U+2640/U+2642) only
# says who does it ("woman facepalming" is "person facepalming").
_PRESENTATION = re.compile("[\ufe0e\ufe0f\U0001F3FB-\U0001F3FF]|\u200d[\u2640\u2642]")
# One emoji, or a ZWJ sequence of them ("face exhaling", "heart on fire"): one token.
_CLUSTER = re.compile(f"[{EMOJI_RANGES}](?:\u200d[{EMOJI_RANGES}])*")
_REPEATED_CLUSTER = re.compile(f"([{EMOJI_RANGES}](?:\u200d[{EMOJI_RANGES}])*)(?:\\s*\\1)+")
_STRAY_ZWJ = re.compile(f"\u200d(?![{EMOJI_RANGES}])|(?<![{EMOJI_RANGES}])\u200d")
# Punctuation and symbols people put around a word ("happy!", "(sad)", "*tired*"); emoji are kept.
_EDGE = re.compile(f"^(?:[^\\w{EMOJI_RANGES}]|_)+|(?:[^\\w{EMOJI_RANGES}]|_)+$")
_ASCII_EDGE = re.compile(r"^[\W_]+|[\W_]+$")  # the same for ASCII text, which has no emoji, and faster


def check_term(text: str) -> None:
    """Raise InputError for input that is not a term at all."""
    if not isinstance(text, str):
        raise InputError(f"a term must be text, got {type(text).__name__}")
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
    return bool(token) and _CLUSTER.fullmatch(token) is not None


def fold_emoji(text: str) -> str:
    """Emoji folded to one key each: presentation selectors, skin tones and ZWJ gender signs
    dropped, each emoji (or ZWJ sequence) a token of its own, and a run of the same emoji one
    ("so tired 😭😭😭" is "so tired 😭"). Text without emoji comes back unchanged."""
    if not _EMOJI.search(text):
        return text
    text = _PRESENTATION.sub("", text)
    text = _CLUSTER.sub(lambda m: f" {m.group(0)} ", text)
    return _REPEATED_CLUSTER.sub(r"\1", text)


def lookup_key(text: str) -> str:
    """Case, Unicode, accents, quotes, control characters, separators, emoji presentation and
    edge punctuation folded.

    Lexicon keys and queries both go through this, so the two always agree.
    """
    if text.isascii() and text.islower() and text.isalpha():
        return text  # the common case, kept cheap
    folded = _strip_accents(unicodedata.normalize("NFKC", text)).casefold().translate(_QUOTES)
    edge = _ASCII_EDGE
    if not text.isascii():
        folded = _STRAY_ZWJ.sub(" ", fold_emoji(folded))
        edge = _EDGE
    folded = _CONTROL.sub(" ", folded)
    return canonical(edge.sub("", canonical(folded)))
