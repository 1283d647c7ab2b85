"""Turning what a person typed into a lexicon lookup key."""

from __future__ import annotations

import re
import unicodedata

from ..errors import ArgumentTypeError, InputError
from .entries import canonical

__all__ = ["lookup_key", "check_term"]

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
# Punctuation and symbols people put around a word ("happy!", "(sad)", "*tired*").
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


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


def lookup_key(text: str) -> str:
    """Case, Unicode, accents, quotes, control characters, separators and edge punctuation folded.

    Lexicon keys and queries both go through this, so the two always agree.
    """
    if text.isascii() and text.islower() and text.isalpha():
        return text  # the common case, kept cheap
    folded = _strip_accents(unicodedata.normalize("NFKC", text)).casefold().translate(_QUOTES)
    folded = _CONTROL.sub(" ", folded)
    return canonical(_EDGE.sub("", canonical(folded)))
