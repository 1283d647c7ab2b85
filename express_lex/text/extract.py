"""Self-disclosed emotion words in running text (docs/extraction.md).

`extract_document(text, lexicon)` is a pure function of the text and the lexicon: rules over
first-person cues, the package's modifier lists, small closed-class word lists shipped in
`express_lex/text/data/`, and the lexicon's own terms, phrases and parts of speech. No
tagger, no model: the lexicon decides what an emotion word is.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence, overload

from ..engine import DOWNTONERS, HEDGES, INTENSIFIERS, NEGATORS, Lexicon
from ..errors import InputError
from ..model import EMOJI_RANGES, Decomposition, is_emoji, lookup_key

__all__ = ["Disclosure", "extract_document", "extract", "load_vocabulary", "MAX_PHRASE_WORDS"]

MAX_PHRASE_WORDS = 4  # longest lexicon phrase tried after a cue
MAX_GAP = 3  # words allowed between "I" and feel/felt/am/was, as in the authors' pattern (1)
MAX_SKIP = 6  # modifier words skipped between a cue and the emotion word
MAX_CONJUNCTS = 6

# Words (letters, inner apostrophes and hyphens), numbers, emoji (with their presentation
# selectors, skin tones and ZWJ sequences: one token each, a run of one emoji one token),
# paragraph breaks, single punctuation.
_DRAWN = "[\ufe0e\ufe0f\U0001F3FB-\U0001F3FF]*"
_TOKEN = re.compile(r"(?P<w>[^\W\d_]+(?:['\u2019\u02bc-][^\W\d_]+)*)|(?P<n>\d+)"
                    f"|(?P<e>(?P<emoji>[{EMOJI_RANGES}]{_DRAWN}(?:\u200d[{EMOJI_RANGES}]{_DRAWN})*)(?P=emoji)*)"
                    r"|(?P<p>\n[^\S\n]*\n|[^\w\s]|_)")
_SENTENCE_END = frozenset({".", "!", "?", "\n\n", ";", ":"})
_ELONGATED = re.compile(r"(\w)\1{2,}")  # "soooo" is "so"; no English word has a letter three times
_CUE = re.compile(r"(?<![^\W\d_])(?:i(?:['\u2019\u02bc]?(?:m|ve)|'d)?|feel+i+n+g+)(?![^\W\d_'\u2019\u02bc-])", re.I)
_QUOTES = '"\u201c\u201d'


@dataclass(frozen=True, slots=True)
class Disclosure:
    """One self-disclosed emotion: `text[start:end] == span`, the cue that introduced it,
    whether it was negated, and the decomposition (of "not SPAN" when negated)."""

    doc: str
    start: int
    end: int
    span: str
    cue: str
    negated: bool
    decomposition: Decomposition

    @property
    def label(self) -> str:
        """The masked-dataset label: the span lower-cased, whitespace collapsed."""
        return " ".join(self.span.lower().split())

    def to_dict(self) -> dict[str, Any]:
        """The record `express-lex extract` prints: position keys, then the decomposition's keys."""
        return {"doc": self.doc, "start": self.start, "end": self.end, "span": self.span, "cue": self.cue,
                "negated": self.negated, **self.decomposition.to_dict()}


# -- closed-class data -------------------------------------------------------------------------

def _read_list(name: str) -> tuple[tuple[str, ...], ...]:
    text = resources.files("express_lex.text").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(tuple(line.split()) for line in (raw.split("#", 1)[0].strip().lower() for raw in text.splitlines())
                 if line)


def _words(name: str) -> frozenset[str]:
    return frozenset(" ".join(item) for item in _read_list(name))


@dataclass(frozen=True, slots=True)
class _Rules:
    modifiers: dict[tuple[str, ...], str]  # phrase -> intensifier/downtoner/hedge/skip
    negators: frozenset[tuple[str, ...]]
    quantifiers: frozenset[tuple[str, ...]]
    gap: frozenset[str]
    gap_block: frozenset[str]
    openers: frozenset[str]
    inversion: frozenset[str]
    indirect: frozenset[str]
    speech: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    modifiers: dict[tuple[str, ...], str] = {}
    for kind, items in (("skip", _read_list("skip.txt")), ("hedge", HEDGES), ("downtoner", DOWNTONERS),
                        ("intensifier", INTENSIFIERS)):
        for item in items:
            modifiers[tuple(item)] = kind
    negators = frozenset(tuple(n) for n in NEGATORS)
    single_negators = {n[0] for n in negators if len(n) == 1}
    speech = "|".join(sorted(_words("speech_verbs.txt")))
    persons = "|".join(sorted(_words("third_persons.txt")))
    pattern = re.compile(rf"\b(?:(?:{persons})\s+(?:\w+\s+)?(?:{speech})|(?:{speech})\s+(?:{persons}))\b", re.I)
    return _Rules(modifiers, negators, frozenset(_read_list("quantifiers.txt")),
                  _words("gap.txt") | single_negators, _words("gap_block.txt"), _words("openers.txt"), _words("inversion.txt"),
                  _words("not_after_i.txt"), pattern)


def load_vocabulary(path: str | Path) -> frozenset[str]:
    """Words or stems, one a line (blank lines and `#` comments skipped), lower-cased."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"no such vocabulary file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a vocabulary file") from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path} is not UTF-8 (byte {error.start})") from None
    words = frozenset(w for w in (" ".join(line.split("#", 1)[0].lower().split()) for line in text.splitlines()) if w)
    if not words:
        raise InputError(f"{path}: the vocabulary is empty")
    return words


# -- tokens ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    norm: str  # lower case, curly apostrophes straightened; punctuation as itself
    word: bool


def _token(m: re.Match[str]) -> _Token:
    kind, value = m.lastgroup, m.group()
    if kind == "w":
        norm = value.lower().replace("\u2019", "'").replace("\u02bc", "'")
        return _Token(m.start(), m.end(), _ELONGATED.sub(r"\1", norm) if _ELONGATED.search(norm) else norm, True)
    if kind == "n":
        return _Token(m.start(), m.end(), value, True)
    if kind == "e":  # looked up like a word, under the key the lexicon uses (tones and selectors folded)
        return _Token(m.start(), m.end(), lookup_key(value) or value, True)
    return _Token(m.start(), m.end(), "\n\n" if value.startswith("\n") else value, False)


class _LazyTokens:
    """The text's tokens, each built only when the rules look at it: most of a post is
    never read, and building every token was most of the run time."""

    def __init__(self, text: str) -> None:
        self._matches = list(_TOKEN.finditer(text))
        self._built: dict[int, _Token] = {}

    def __len__(self) -> int:
        return len(self._matches)

    def starts(self) -> list[int]:
        return [m.start() for m in self._matches]

    def _one(self, index: int) -> _Token:
        token = self._built.get(index)
        if token is None:
            token = self._built[index] = _token(self._matches[index])
        return token

    @overload
    def __getitem__(self, index: int) -> _Token: ...
    @overload
    def __getitem__(self, index: slice) -> list[_Token]: ...

    def __getitem__(self, index: int | slice) -> _Token | list[_Token]:
        if isinstance(index, slice):
            return [self._one(i) for i in range(*index.indices(len(self._matches)))]
        if index < 0:
            index += len(self._matches)
        if not 0 <= index < len(self._matches):
            raise IndexError(index)
        return self._one(index)


def _match(tokens: "Sequence[_Token] | _LazyTokens", j: int, table: Iterable[tuple[str, ...]] | dict, longest: int = 4) -> int:
    """Length of the longest entry of `table` spelled by the word tokens at j, else 0."""
    for n in range(min(longest, len(tokens) - j), 0, -1):
        words = tokens[j:j + n]
        if all(t.word for t in words) and tuple(t.norm for t in words) in table:
            return n
    return 0


# -- the rules ---------------------------------------------------------------------------------

_BE = {"am": ("i am", False), "was": ("i was", False), "wasn't": ("i was", True), "wasnt": ("i was", True),
       "ain't": ("i am", True), "aint": ("i am", True)}
_HAVE = {"have": "i have", "had": "i had", "haven't": "i have", "havent": "i have", "hadn't": "i had",
         "hadnt": "i had"}
_CONTRACTED = {"i've": "i've", "ive": "i've", "i'd": "i'd"}
_FEEL = {"feel": "i feel", "felt": "i felt"}
_STOP_AFTER_FEEL = frozenset({"like", "as", "if", "how", "what", "about", "it"})
_ARTICLES = frozenset({"a", "an", "the"})
_DETERMINERS = frozenset({"any", "some", "such", "this", "that", "0", "zero", "real", "true", "pure"})
_FIRST_PERSON = frozenset({"i", "i'm", "im", "i've", "ive", "me", "my", "myself"})
_CONJUNCTIONS = frozenset({",", "and", "but", "or", "nor", "yet", "&", "/", "then", "also", "even", "still", "so"})


class _Extractor:
    def __init__(self, text: str, lexicon: Lexicon, vocabulary: frozenset[str] | None, doc: str) -> None:
        self.text = text
        self.lexicon = lexicon
        self.vocabulary = vocabulary
        self.doc = doc
        self.tokens = _LazyTokens(text)
        self.rules = _rules()
        self.end = 0

    # a cue ends at token index j (exclusive); returns (mode, cue, negated, j) or None
    def cue_after_i(self, i: int) -> tuple[str, str, bool, int] | None:
        tokens, rules = self.tokens, self.rules
        first = tokens[i].norm
        if first == "i" and i > 0 and tokens[i - 1].word and tokens[i - 1].norm in rules.inversion:
            if i < 2 or not tokens[i - 2].word or tokens[i - 2].norm not in rules.indirect:
                return None  # "Do I feel happy?" asks; "Why do I feel so guilty?" discloses
        if first in ("i'm", "im"):
            return "be", "i'm", False, i + 1
        j, negated = i + 1, False
        if first in _CONTRACTED:
            cue_head = _CONTRACTED[first]
        elif first == "i":
            gap = 0
            while j < len(tokens) and tokens[j].word and gap < MAX_GAP:
                norm = tokens[j].norm
                if norm in _BE or norm in _HAVE or norm in _FEEL or norm == "feeling":
                    break
                if norm not in rules.gap and (norm in rules.gap_block or not self.feel_ahead(j, MAX_GAP - gap)):
                    return None  # any other word only before feel/felt/feeling ("I no longer feel")
                negated = negated or (norm,) in rules.negators
                gap += 1
                j += 1
            if j >= len(tokens) or not tokens[j].word:
                return None
            norm = tokens[j].norm
            if norm in _FEEL:
                return "feel", _FEEL[norm], negated, j + 1
            if norm == "feeling":
                return "feel", "feeling", negated, j + 1
            if norm in _BE:
                if gap and not negated and not all(tokens[k].norm in rules.modifiers or tokens[k].norm in ("just", "still", "also", "really", "always", "never")
                                                   for k in range(i + 1, j)):
                    return None  # "I would was" is not English; "I really was" is
                cue, neg = _BE[norm]
                return "be", cue, negated or neg, j + 1
            if norm not in _HAVE:
                return None
            cue_head = _HAVE[norm]
            negated = negated or norm.endswith(("n't", "nt"))
            j += 1
        else:
            return None
        # have/had/'ve/'d + adverbs + been/felt
        skipped = 0
        while j < len(tokens) and tokens[j].word and skipped < 2 and tokens[j].norm not in ("been", "felt"):
            norm = tokens[j].norm
            if norm not in rules.gap:
                return None
            negated = negated or (norm,) in rules.negators
            skipped += 1
            j += 1
        if j >= len(tokens) or tokens[j].norm not in ("been", "felt"):
            return None
        if tokens[j].norm == "felt":
            return "feel", f"{cue_head} felt", negated, j + 1
        return "be", f"{cue_head} been", negated, j + 1

    def feel_ahead(self, j: int, within: int) -> bool:
        """feel, felt or feeling among the next `within` tokens after j, words all the way."""
        for t in self.tokens[j + 1:j + 1 + within]:
            if not t.word or t.norm in self.rules.gap_block:
                return False
            if t.norm in _FEEL or t.norm == "feeling":
                return True
        return False

    def opens_clause(self, k: int) -> bool:
        """A bare "feeling" at token k whose sentence so far names no one but the author:
        openers, modifiers, first-person words, -ed verbs, -ly adverbs and numbers only."""
        rules = self.rules
        j = k - 1
        while j >= 0:
            t = self.tokens[j]
            if not t.word:
                if t.norm in _SENTENCE_END or t.norm in ("(", "*", "-", ">") or t.norm in _QUOTES:
                    return True
                if t.norm != ",":
                    return False
            elif not (t.norm in rules.openers or (t.norm,) in rules.modifiers or t.norm in rules.gap
                      or t.norm in _FIRST_PERSON or t.norm.isdigit() or t.norm.endswith("ed") or self.adverb(t)):
                return False
            j -= 1
        return True

    def quoted_by_other(self, position: int) -> bool:
        """Inside double quotes that a third person speaks ("she said", "said my mom")."""
        text = self.text
        line_start = text.rfind("\n", 0, position) + 1
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        before = text[line_start:position]
        if sum(before.count(q) for q in _QUOTES) % 2 == 0:
            return False
        opening = max(before.rfind(q) for q in _QUOTES) + line_start
        after = text[position:line_end]
        closes = [p for p in (after.find(q) for q in _QUOTES) if p >= 0]
        closing = position + min(closes) if closes else line_end
        around = text[max(line_start, opening - 40):opening] + " " + text[closing + 1:min(line_end, closing + 41)]
        return bool(self.rules.speech.search(around))

    def candidate(self, j: int, mode: str, need: str | None) -> tuple[int, bool]:
        """(number of tokens, in the vocabulary) of the emotion word or phrase starting at j,
        else (0, False). `need` asks for one part of speech (a noun after "felt the")."""
        tokens, lexicon = self.tokens, self.lexicon
        for n in range(min(MAX_PHRASE_WORDS, len(tokens) - j), 0, -1):
            words = tokens[j:j + n]
            if not all(t.word for t in words):
                continue
            if any(self.text[a.end:b.start] not in (" ",) for a, b in zip(words, words[1:])):
                continue  # a phrase is written with single spaces
            phrase = " ".join(t.norm for t in words)
            pos = lexicon.part_of_speech(phrase)
            if pos is None:
                continue
            if pos == "adv" or (mode == "be" and pos == "noun") or (need is not None and pos != need):
                continue
            if pos == "verb" and not words[-1].norm.endswith(("ed", "en")):
                continue  # "I feel love" is a noun; "I'm going", "I feel like" are verbs
            result = lexicon.decompose(phrase)
            if not result.known or (result.dominant is None and not any(result.sentiment_vector)):
                continue
            if self.vocabulary is not None and not any(self.in_vocabulary(t.norm) for t in words):
                if n > 1:
                    continue
                return n, False  # an emotion word, but not one asked for: it still links a coordination
            return n, True
        return 0, False

    def adverb(self, token: _Token) -> bool:
        """An -ly adverb the lexicon does not hold as an adjective ("lonely" stays a candidate)."""
        return token.word and token.norm.endswith("ly") and self.lexicon.part_of_speech(token.norm) in (None, "adv")

    def in_vocabulary(self, word: str) -> bool:
        vocabulary = self.vocabulary
        assert vocabulary is not None
        parts = word.replace("-", " ").split()
        return any(part[:k] in vocabulary for part in parts for k in range(1, len(part) + 1))

    def complement(self, j: int, mode: str, cue: str, negated: bool) -> list[Disclosure]:
        """Skip modifiers, then the emotion word(s), coordinated ones included."""
        tokens, rules = self.tokens, self.rules
        found: list[Disclosure] = []
        for conjunct in range(MAX_CONJUNCTS):
            skipped, need = 0, None
            while j < len(tokens) and skipped < MAX_SKIP:
                n = _match(tokens, j, rules.negators, 3)
                if n:
                    negated, j, skipped = True, j + n, skipped + n
                    continue
                if tokens[j].norm in ("feeling", "felt") and mode == "be" and not found:
                    mode, cue, j = "feel", cue + " feeling", j + 1
                    continue
                n = _match(tokens, j, rules.modifiers, 4)
                quantity = _match(tokens, j, rules.quantifiers, 4) if mode == "feel" else 0
                if quantity > n:  # "a bit of relief" is a quantity, "a bit uneasy" a downtoner
                    n, need = quantity, "noun"
                if not n and self.adverb(tokens[j]):
                    n = 1  # "inexplicably afraid", "socially anxious"
                if not n:
                    break
                j, skipped = j + n, skipped + n
            if j >= len(tokens) or not tokens[j].word:
                break
            norm = tokens[j].norm
            if mode == "feel" and norm in _STOP_AFTER_FEEL:
                break
            if norm in _ARTICLES or (mode == "feel" and norm in _DETERMINERS):
                need, j = ("noun" if mode == "feel" else "adj"), j + 1
                while mode == "be" and j < len(tokens) and (_match(tokens, j, rules.modifiers, 4) or self.adverb(tokens[j])):
                    j += _match(tokens, j, rules.modifiers, 4) or 1  # "a very depressed teenager"
            n, wanted = self.candidate(j, mode, need)
            if n == 1 and not wanted and mode == "feel":  # "tremendous guilt": the noun is the one asked for
                for ahead in (1, 2):
                    m, w = self.candidate(j + ahead, mode, "noun")
                    if m and w:
                        n, wanted, j = m, w, j + ahead
                        break
            if not n and mode == "feel" and norm not in rules.gap_block:
                need = "noun"
                for _ in range(2):  # "the overwhelming sadness": describing words before the noun
                    j += 1
                    n, wanted = self.candidate(j, mode, need)
                    if n:
                        break
            if not n:
                break
            first, last = tokens[j], tokens[j + n - 1]
            if wanted:
                span = self.text[first.start:last.end]
                result = self.lexicon.decompose(f"not {span}" if negated else span)
                found.append(Disclosure(self.doc, first.start, last.end, span, cue, negated, result))
            j += n
            self.end = j
            # coordination: ", and", "but", "or" ... then another emotion word
            k, conj = j, []
            while k < len(tokens) and tokens[k].norm in _CONJUNCTIONS and len(conj) < 2:
                conj.append(tokens[k].norm)
                k += 1
            if not conj and k < len(tokens) and is_emoji(tokens[k].norm):
                conj = ["emoji"]  # "I'm so tired 😭": an emoji right after the word is another disclosure
            if not conj:
                break
            if k < len(tokens) and tokens[k].norm in ("feel", "felt", "feeling"):
                mode, k = "feel", k + 1  # "I am lost and feel helpless": the subject carries over
            negated = negated and any(c in ("or", "nor", ",") for c in conj) or "nor" in conj
            j = k
        return found

    def run(self) -> tuple[Disclosure, ...]:
        tokens = self.tokens
        out: list[Disclosure] = []
        claimed = -1  # no token is read twice ("I was feeling" is one cue)
        starts = tokens.starts()
        for found_cue in _CUE.finditer(self.text):
            i = bisect_left(starts, found_cue.start())
            if i >= len(tokens) or starts[i] != found_cue.start() or i < claimed:
                continue
            token = tokens[i]
            if not token.word:
                continue
            norm = token.norm
            if norm in ("i", "i'm", "im", "i've", "ive", "i'd"):
                if norm == "i" and self.text[token.start] not in "Ii":
                    continue
                cue = self.cue_after_i(i)
            elif norm == "feeling" and self.opens_clause(i):
                cue = ("feel", "feeling", False, i + 1)
            else:
                continue
            if cue is None or self.quoted_by_other(token.start):
                continue
            mode, name, negated, j = cue
            self.end = j
            found = self.complement(j, mode, name, negated)
            out.extend(found)
            claimed = self.end if found else claimed
        return tuple(out)


def extract_document(text: str, lexicon: Lexicon, vocabulary: frozenset[str] | None = None,
                     doc: str = "") -> tuple[Disclosure, ...]:
    """The self-disclosures in one document, in text order; a pure function of its arguments."""
    if not isinstance(text, str):
        raise InputError(f"expected text (str), got {type(text).__name__}")
    if not text:
        return ()
    return _Extractor(text, lexicon, vocabulary, doc).run()


@overload
def extract(text: str, lexicon: Lexicon | None = None, vocabulary: frozenset[str] | None = None) -> tuple[Disclosure, ...]: ...
@overload
def extract(text: Iterable[str], lexicon: Lexicon | None = None,
            vocabulary: frozenset[str] | None = None) -> Iterator[tuple[Disclosure, ...]]: ...


def extract(text: str | Iterable[str], lexicon: Lexicon | None = None,
            vocabulary: frozenset[str] | None = None) -> tuple[Disclosure, ...] | Iterator[tuple[Disclosure, ...]]:
    """The disclosures of one text; given an iterable of texts, an iterator of each one's
    disclosures (document ids are the 1-based positions)."""
    if lexicon is None:
        from ..engine import default_lexicon

        lexicon = default_lexicon()
    if isinstance(text, str):
        return extract_document(text, lexicon, vocabulary)
    chosen = lexicon
    return (extract_document(item, chosen, vocabulary, str(number)) for number, item in enumerate(text, 1))
