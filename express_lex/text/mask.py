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

    def csv_line(self) -> str | None:
        """The row as `csv.writer(stream, lineterminator="\\n")` writes it, without the csv module's
        pass over every character of the segment; None when a field holds a carriage return or
        a NUL, whose handling differs between Python versions (then use the csv module)."""
        fields = (_csv_field(self.original_ids), _csv_field(self.segment), _csv_field(repr(list(self.labels))),
                  _csv_field(repr(list(self.original_labels))))
        if None in fields:
            return None
        ids, segment, labels, original = fields
        return f"{self.index},{self.original_index},{ids},{segment},{len(self.labels)},{labels},{original}\n"


def _csv_field(value: str) -> str | None:
    """QUOTE_MINIMAL with "," "\"" and "\n" as the special characters, quotes doubled."""
    if "\r" in value or "\x00" in value:
        return None
    if "," in value or '"' in value or "\n" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


# -- token counting ----------------------------------------------------------------------------

class TokenCounter(Protocol):
    """Counts tokens. A counter may also offer `count(text) -> int`, used first when present,
    or `within(text, budget) -> bool`, True only when the count is within the budget, used
    instead (the exact pieces decide when it says False)."""

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
        """The number of tokens of `text`, without positions."""
        return sum(map(_COSTS.__getitem__, _PRE.findall(text)))

    def bound(self, text: str) -> int:
        """A number never below `count(text)`, and equal to it when no space is followed by
        whitespace or ends the text; cheaper, because the text is cut at its spaces and each
        " word" is counted once per run (see `_SPACED`)."""
        first, *rest = text.split(" ")
        return sum(map(_COSTS.__getitem__, _PRE.findall(first))) + sum(map(_SPACED.__getitem__, rest))

    def within(self, text: str, budget: int) -> bool:
        """True only when `count(text) <= budget`; False may also mean "not shown", and then the
        exact pieces decide. Tries bounds from the cheapest: the length, `_ascii_bound`, `bound`."""
        # No piece costs more than its characters, or two per character beyond ASCII (at most
        # 4 UTF-8 bytes, 1 token per 2).
        if (len(text) if text.isascii() else 2 * len(text)) <= budget:
            return True
        quick = _ascii_bound(text)
        if quick is not None:
            if quick <= budget:
                return True
            if quick > budget + budget // 4:  # far over (it errs by about 8%): leave it to the pieces
                return False
        return self.bound(text) <= budget


_LETTER_CLASSES = bytes(ord("a") if chr(b).isalpha() else ord(" ") if b == 32 else ord(".") for b in range(128)) + \
    b"." * 128
_LONG_WORD = b"a" * 11


def _ascii_bound(text: str) -> int | None:
    """A bound never below the count of an ASCII text (None for other text), from a few counts
    run in C over the text with letters as "a", a space as " " and every other character as ".".

    Why: charge 1 to every character that is not a letter, 1 to the text's start, and 1 to every
    non-letter that is not a space and comes right before a letter. A word after a space is one
    piece paid by its space (long words: see below). A word after anything else is paid by the
    start or by the character before it. A run of n digits or punctuation costs at most
    ceil(n/2) <= n. A whitespace run costs at most 2 and only when it has 2 characters, plus the
    word after it (paid as above). A contraction ('s 't 'm 'd) costs 1, paid by its apostrophe;
    're 've 'll cost 2, and the letters after them ("'llama") a third: 1 more per apostrophe
    covers both. A word of L > 10 letters costs ceil(L/5) <= 1 + 4 * (L // 11): 4 more for
    every 11 letters in a row. "<mask>" (1 token) has 2 punctuation characters.

    The commonest slack is taken back: an apostrophe right after a letter always starts a
    piece, so a contraction there that no letter follows ("I'm", "don't", "we're") is one
    piece of 1 or 2 tokens, charged 3 above (itself, the letter after it, and the extra 1)."""
    if not text.isascii():
        return None
    classes = text.encode("ascii").translate(_LETTER_CLASSES)
    contractions = _WHOLE_CONTRACTION.findall(text)
    return (1 + len(classes) - classes.count(b"a") + classes.count(b".a") + text.count("'")
            + 4 * classes.count(_LONG_WORD) - (4 * len(contractions) - len("".join(contractions))))


# The apostrophe first, so the regex engine looks only at apostrophes.
_WHOLE_CONTRACTION = re.compile(r"'(?<=[A-Za-z]')(?:s|t|m|d|re|ve|ll)(?![A-Za-z])")


class _CostCache(dict[str, int]):
    """Piece -> token cost, filled on first sight; pieces repeat ("the", " I"), so most
    lookups stay in C. Cleared when large, to bound memory on a corpus."""

    def __missing__(self, piece: str) -> int:
        if len(self) > 200_000:
            self.clear()
        cost = self[piece] = _cost(piece)
        return cost


_COSTS = _CostCache()


class _SpacedCostCache(dict[str, int]):
    """Chunk -> tokens of " " + chunk, where the chunks are the text split at single spaces.

    Why the sum over chunks never undercounts the whole text: no non-whitespace piece holds a
    space except as its first character, and the regex's only look-ahead, `(?!\\S)`, sees a
    space or the end of the text alike, so every run of non-whitespace is cut into the same
    pieces either way, its leading space included exactly when the space is right before it.
    Only a run of whitespace W with spaces inside can be cut differently. Whole, W costs at
    most 2 (at most one piece before a final space, and one more if W ends in another
    whitespace character before a word), and 0 when it is a single space taken by the next
    word. Cut at its k spaces, every part but the last is a non-empty run ending a chunk
    (cost at least 1), and the last part costs 2 whenever W whole would: so for k >= 1 the
    parts cost at least what W costs, and for k = 0 nothing is cut. When no space is followed
    by whitespace or ends the text, the two are equal.
    """

    def __missing__(self, chunk: str) -> int:
        if len(self) > 200_000:
            self.clear()
        cost = self[chunk] = sum(map(_COSTS.__getitem__, _PRE.findall(" " + chunk)))
        return cost


_SPACED = _SpacedCostCache()


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
    escape = MASK in text
    for disclosure in disclosures:
        start, end = disclosure.start - offset, disclosure.end - offset
        plain = text[position:start].replace(MASK, "[mask]") if escape else text[position:start]
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
    # A bound never below the count is enough to show that most posts fit, and costs less.
    # When it does not show it, the pieces below give the count anyway.
    within = getattr(counter, "within", None)
    if within is not None:
        if within(masked, budget):
            return [(0, len(masked))]
    else:
        count = getattr(counter, "count", None)
        if count is not None and count(masked) <= budget:
            return [(0, len(masked))]
    pieces = counter.pieces(masked)
    if not pieces:
        return [(0, len(masked))]
    starts, ends, costs = zip(*pieces)
    before = [0, *accumulate(costs)]  # tokens before each piece; never decreasing
    total = before[-1]
    if total <= budget:
        return [(0, len(masked))]
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
        j = max(i, bisect_right(before, high) - 1)  # pieces i .. j-1 end within `high` tokens
        start = starts[i] if i < len(pieces) else len(masked)
        end = ends[j - 1] if j > i else start
        first_mask = mask_starts[cluster[0]]
        last_mask_end = mask_starts[cluster[-1]] + len(MASK)
        start = min(start, first_mask)
        end = max(end, last_mask_end)
        head = _SENTENCE_END.search(masked, start, first_mask)
        if head and start > 0:
            start = head.end()
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
        bounds = segment_bounds(masked, starts, counter, max_tokens)
        for start, end in bounds:
            if start == 0 and end == len(masked):
                inside = names
            else:
                inside = tuple(names[k] for k, s in enumerate(starts) if start <= s and s + len(MASK) <= end)
            if not inside:
                continue
            yield MaskRow(index, document.index, document.id, masked[start:end], inside, names)
            index += 1
