"""The masked dataset: every disclosure becomes `<mask>`, long posts are cut into segments of
at most `max_tokens` tokens centred on clusters of masks and trimmed to sentence ends, as
the EXPRESS authors did (docs/extraction.md). The rows have the authors' columns, so
`express-lex predict` and `evaluate` read them unchanged.
"""

from __future__ import annotations

import math
import re
from itertools import accumulate
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Any, Iterable, Iterator, Protocol, Sequence

from ..engine import Lexicon
from ..errors import InputError
from .extract import Disclosure, extract_document
from .readers import Document

__all__ = ["MASK", "COLUMNS", "MaskRow", "TokenCounter", "ApproxRobertaCounter", "TokenizerFileCounter",
           "extract_stream", "mask_text", "segment_bounds", "mask_documents"]

MASK = "<mask>"
COLUMNS = ("index", "original_index", "original_ids", "segment", "number_of_labels", "labels", "original_labels")
SPECIAL_TOKENS = 2  # <s> and </s> around every segment


@dataclass(frozen=True, slots=True)
class MaskRow:
    """One segment of the masked dataset, with the labels of its masks in order."""

    index: int
    original_index: int
    original_ids: str
    segment: str
    labels: tuple[str, ...]
    original_labels: tuple[str, ...]

    def to_record(self) -> dict[str, Any]:
        """The authors' columns; list columns as Python literals, as in their CSV."""
        return {"index": self.index, "original_index": self.original_index, "original_ids": self.original_ids,
                "segment": self.segment, "number_of_labels": len(self.labels), "labels": repr(list(self.labels)),
                "original_labels": repr(list(self.original_labels))}


# -- token counting ----------------------------------------------------------------------------

class TokenCounter(Protocol):
    """Counts tokens. A counter may also offer `count(text) -> int`, used first when present."""

    def pieces(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, tokens) for consecutive pieces of `text`, in order."""
        ...


# GPT-2/RoBERTa's pre-tokenizer, with Python's classes for \p{L} and \p{N}; "<mask>" is one token.
# Letters first: the commonest piece, and no other alternative can start like it.
_PRE = re.compile(r" ?[^\W\d_]+|<mask>|'(?:s|t|re|ve|m|ll|d)| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+")


class ApproxRobertaCounter:
    """An approximation of RoBERTa's byte-level BPE with no vocabulary file: the exact
    pre-tokenizer, then per piece a word of up to 10 ASCII letters is 1 token (RoBERTa's
    50k merges hold nearly every common word whole), a longer one 1 per 5 letters; numbers
    1 per 3 digits; punctuation runs 1 per 2 bytes; non-ASCII 1 per 2 UTF-8 bytes; a
    whitespace run 1. It errs on the long side, so a segment within budget here is within
    budget for the real tokenizer in nearly every case."""

    def pieces(self, text: str) -> list[tuple[int, int, int]]:
        found = _PRE.findall(text)  # the pieces cover the text end to end, so offsets are running sums
        ends = list(accumulate(map(len, found)))
        if ends and ends[-1] != len(text):  # never expected; the slow, exact way
            return [(m.start(), m.end(), _COSTS[m.group()]) for m in _PRE.finditer(text)]
        return list(zip([0, *ends[:-1]], ends, map(_COSTS.__getitem__, found)))

    def count(self, text: str) -> int:
        """The number of tokens of `text`, without positions (the common case: it fits)."""
        return sum(map(_COSTS.__getitem__, _PRE.findall(text)))


class _CostCache(dict[str, int]):
    """Piece -> token cost, filled on first sight; pieces repeat ("the", " I"), so most
    lookups stay in C. Cleared when large, to bound memory on a corpus."""

    def __missing__(self, piece: str) -> int:
        if len(self) > 200_000:
            self.clear()
        cost = self[piece] = _cost(piece)
        return cost


_COSTS = _CostCache()


def _cost(piece: str) -> int:
    if piece == MASK:
        return 1
    core = piece[1:] if piece.startswith(" ") and len(piece) > 1 else piece
    if core.isspace():
        return 1
    if core.isascii():
        if core.isalpha():
            return 1 if len(core) <= 10 else math.ceil(len(core) / 5)
        if core.isdigit():
            return math.ceil(len(core) / 3)
        return math.ceil(len(core) / 2)
    return max(1, math.ceil(len(core.encode("utf-8", "surrogatepass")) / 2))


class TokenizerFileCounter:
    """Exact counts from a local `tokenizer.json` through the `tokenizers` package."""

    def __init__(self, path: str) -> None:
        try:
            from tokenizers import Tokenizer  # type: ignore[import-not-found, import-untyped, unused-ignore]
        except ImportError:
            raise InputError("--tokenizer needs the tokenizers package: pip install tokenizers") from None
        try:
            self._tokenizer = Tokenizer.from_file(str(path))
        except Exception as error:  # tokenizers raises its own Exception for a bad file
            raise InputError(f"{path}: not a tokenizer.json file: {str(error)[:120]}") from None

    def pieces(self, text: str) -> list[tuple[int, int, int]]:
        encoding = self._tokenizer.encode(text, add_special_tokens=False)
        return [(start, end, 1) for start, end in encoding.offsets]

    def count(self, text: str) -> int:
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)


# -- masking and segments ----------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?]+[\"')\]\u201d\u2019*]*(?=\s)|\n")


def extract_stream(documents: Iterable[Document], lexicon: Lexicon, vocabulary: frozenset[str] | None = None,
                   all_conjuncts: bool | None = None) -> Iterator[tuple[Document, tuple[Disclosure, ...]]]:
    """Each document (or part) with its disclosures, offsets counted from the whole document."""
    for document in documents:
        found = extract_document(document.text, lexicon, vocabulary, document.id, all_conjuncts)
        if document.offset:
            found = tuple(replace(d, start=d.start + document.offset, end=d.end + document.offset) for d in found)
        yield document, found


def mask_text(text: str, disclosures: Sequence[Disclosure], offset: int = 0) -> tuple[str, list[int]]:
    """The text with each disclosure's span replaced by <mask> (a literal "<mask>" already in
    the text becomes "[mask]" so it is never read as one), and where each mask starts."""
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    position = 0
    for disclosure in disclosures:
        start, end = disclosure.start - offset, disclosure.end - offset
        plain = text[position:start].replace(MASK, "[mask]")
        parts.append(plain)
        length += len(plain)
        starts.append(length)
        parts.append(MASK)
        length += len(MASK)
        position = end
    parts.append(text[position:].replace(MASK, "[mask]"))
    return "".join(parts), starts


def segment_bounds(masked: str, mask_starts: Sequence[int], counter: TokenCounter, max_tokens: int = 512
                   ) -> list[tuple[int, int]]:
    """Character ranges of the segments: the whole text when it fits; otherwise one window
    per cluster of masks (masks closer than half the budget share one), centred on the
    cluster and trimmed to sentence ends."""
    budget = max_tokens - SPECIAL_TOKENS
    if budget < 8:
        raise InputError(f"--max-tokens must be at least {8 + SPECIAL_TOKENS}")
    if not mask_starts:
        return []
    count = getattr(counter, "count", None)
    if count is not None and count(masked) <= budget:
        return [(0, len(masked))]
    pieces = counter.pieces(masked)
    total = sum(p[2] for p in pieces)
    if total <= budget:
        return [(0, len(masked))]
    starts = [p[0] for p in pieces]
    before = [0, *accumulate(p[2] for p in pieces)]
    positions = [before[max(0, bisect_right(starts, s) - 1)] for s in mask_starts]
    clusters: list[list[int]] = []
    for k, position in enumerate(positions):
        if clusters and position - positions[clusters[-1][-1]] < budget // 2 and \
                position - positions[clusters[-1][0]] < budget * 3 // 4:
            clusters[-1].append(k)
        else:
            clusters.append([k])
    bounds = []
    for cluster in clusters:
        first, last = positions[cluster[0]], positions[cluster[-1]]
        low = max(0, min((first + last) // 2 - budget // 2, total - budget))
        high = low + budget
        i = bisect_right(before, low) - 1  # first piece starting at or after `low` tokens
        while i < len(pieces) and before[i] < low:
            i += 1
        j = i
        while j < len(pieces) and before[j + 1] <= high:
            j += 1
        start = pieces[i][0] if i < len(pieces) else len(masked)
        end = pieces[j - 1][1] if j > i else start
        first_mask = mask_starts[cluster[0]]
        last_mask_end = mask_starts[cluster[-1]] + len(MASK)
        start = min(start, first_mask)
        end = max(end, last_mask_end)
        head = [m.end() for m in _SENTENCE_END.finditer(masked, start, first_mask)]
        if head and start > 0:
            start = head[0]
        tail = [m.end() for m in _SENTENCE_END.finditer(masked, last_mask_end, end)]
        if tail and end < len(masked):
            end = tail[-1]
        while start < first_mask and masked[start].isspace():
            start += 1
        bounds.append((start, end))
    return bounds


def mask_documents(documents: Iterable[Document], lexicon: Lexicon, *, vocabulary: frozenset[str] | None = None,
                   labels: frozenset[str] | None = None, max_tokens: int = 512,
                   counter: TokenCounter | None = None, all_conjuncts: bool | None = None) -> Iterator[MaskRow]:
    """The masked dataset's rows, streamed. Documents without a disclosure give no row;
    `labels` keeps only masks whose label is listed (the others stay plain text)."""
    counter = counter or ApproxRobertaCounter()
    index = 0
    for document, found in extract_stream(documents, lexicon, vocabulary, all_conjuncts):
        if labels is not None:
            found = tuple(d for d in found if d.label in labels)
        if not found:
            continue
        masked, starts = mask_text(document.text, found, document.offset)
        names = tuple(d.label for d in found)
        for start, end in segment_bounds(masked, starts, counter, max_tokens):
            inside = tuple(names[k] for k, s in enumerate(starts) if start <= s and s + len(MASK) <= end)
            if not inside:
                continue
            yield MaskRow(index, document.index, document.id, masked[start:end], inside, names)
            index += 1
