"""Self-disclosed emotion words in running text (docs/extraction.md).

`extract_document(text, lexicon)` is a pure function of the text and the lexicon: rules over
first-person cues, the package's modifier lists, small closed-class word lists shipped in
`express_lex/text/data/`, and the lexicon's own terms, phrases and parts of speech. No
tagger, no model: the lexicon decides what an emotion word is.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Collection, Iterable, Iterator, NamedTuple, overload

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
_WORD_TOKEN = r"[^\W\d_]+(?:['\u2019\u02bc-][^\W\d_]+)*"
_MARK_TOKEN = r"\n[^\S\n]*\n|[^\w\s]|_"
_DRAWN = "[\ufe0e\ufe0f\U0001F3FB-\U0001F3FF]*"
_EMOJI_TOKEN = f"(?P<emoji>[{EMOJI_RANGES}]{_DRAWN}(?:\u200d[{EMOJI_RANGES}]{_DRAWN})*)(?P=emoji)*"
_TOKEN = re.compile(rf"(?P<w>{_WORD_TOKEN})|(?P<n>\d+)|(?P<e>{_EMOJI_TOKEN})|(?P<p>{_MARK_TOKEN})")
_SENTENCE_END = frozenset({".", "!", "?", "\n\n", ";", ":"})
_LETTER_RUN = re.compile(r"[^\W\d_]+")  # the parts of a word between its hyphens and apostrophes
_ELONGATED = re.compile(r"(\w)\1{2,}")  # "soooo" is "so"; no English word has a letter three times
_CUE = re.compile(r"(?<![^\W\d_])(?<![^\W\d_]['\u2019\u02bc-])(?:i(?:['\u2019\u02bc]?(?:m|ve)|'d)?|feel+i+n+g+)(?![^\W\d_'\u2019\u02bc-])", re.I)
_QUOTES = '"\u201c\u201d'
# Fast cue finding on the lower-cased text: patterns that begin with a literal, which the
# regular-expression engine seeks at C speed, then prefilters that are supersets of the cue
# rules: "I" reaches feel/felt/feeling/am/was, or have/had + been/felt, over at most MAX_GAP
# words (letters may be elongated: "feeel", "waaas").
_APOS = "['\u2019\u02bc]"
_LETTER = r"[^\W\d_]"
_FEELING_CUE = re.compile(rf"feel(?<!{_LETTER}feel)(?<!{_LETTER}{_APOS}feel)(?<!{_LETTER}-feel)l*i+n+g+(?![^\W\d_'\u2019\u02bc-])")
_WORD = rf"(?>{_LETTER}+(?:(?:{_APOS}|-){_LETTER}+)*|\d+)"
_SEP = r"\s*"  # words are matched whole (atomic), so no separator is needed between a word and digits
_END = rf"(?!{_LETTER}|{_APOS}{_LETTER}|-{_LETTER})"
_BEEN = rf"{_SEP}(?:b+e+n+|f+e+l+t+){_END}"
_I_SITE = re.compile(
    rf"i(?:{_SEP}{_WORD}){{0,{MAX_GAP}}}?{_SEP}(?:(?:f+e+l+(?:t+|i+n+g+)?|a+m+|w+a+s+(?:n+{_APOS}?t+)?|a+i+n+{_APOS}?t+){_END}"
    rf"|h+a+(?:v+e+|d+)(?:n+{_APOS}?t+)?{_END}(?:{_SEP}{_WORD}){{0,2}}?{_BEEN})")
_NOT_ON = r"(?![^\W\d_'\u2019\u02bc-])"  # the cue word ends here
# "I woke up and felt great": feel/felt after a coordinator and at most two words (checked
# against the gap list), whose subject is found by walking back (_Extractor.coordinated_feel).
# The verb is sought first, then the coordinator among the words in a few characters before it.
_WORD_ENDS = re.compile(_NOT_ON)
_COORDINATED_REACH = 60  # characters first read before the verb for the coordinator and two words
_LETTERS_OR_AMPERSAND = re.compile(r"[^\W\d_]+|&")
# One scan for every "I" cue that may pass the rules: I'm/Im always; I've/Ive/I'd followed by
# been/felt within two words; a bare "I" followed by a verb the rules need (see _I_SITE).
_I_CUE = re.compile(
    rf"i(?<!{_LETTER}i)(?<!{_LETTER}{_APOS}i)(?<!{_LETTER}-i)"
    rf"(?:{_APOS}?m{_NOT_ON}|(?:{_APOS}?ve|'d){_NOT_ON}(?=(?:{_SEP}{_WORD}){{0,2}}?{_BEEN})"
    rf"|{_NOT_ON}(?={_I_SITE.pattern[1:]}))")


@dataclass(frozen=True, slots=True)
class Disclosure:
    """One self-disclosed emotion: `text[start:end] == span`, the cue that introduced it,
    whether it was negated, and the decomposition (of "not SPAN" when negated). `irrealis`:
    the feeling is wanted, wished, needed or due rather than stated as felt ("I want to feel
    loved", "I wish I was happy"); the word is still the author's, so it is kept and masked."""

    doc: str
    start: int
    end: int
    span: str
    cue: str
    negated: bool
    decomposition: Decomposition
    irrealis: bool = False

    @property
    def label(self) -> str:
        """The masked-dataset label: the span lower-cased, whitespace collapsed."""
        return " ".join(self.span.lower().split())

    def to_dict(self) -> dict[str, Any]:
        """The record `express-lex extract` prints: position keys, then the decomposition's keys."""
        return {"doc": self.doc, "start": self.start, "end": self.end, "span": self.span, "cue": self.cue,
                "negated": self.negated, "irrealis": self.irrealis, **self.decomposition.to_dict()}


# -- closed-class data -------------------------------------------------------------------------

def _read_list(name: str) -> tuple[tuple[str, ...], ...]:
    text = resources.files("express_lex.text").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return tuple(tuple(line.split()) for line in (raw.split("#", 1)[0].strip().lower() for raw in text.splitlines())
                 if line)


def _words(name: str) -> frozenset[str]:
    return frozenset(" ".join(item) for item in _read_list(name))


@dataclass(frozen=True, slots=True)
class _Rules:
    modifiers: dict[tuple[str, ...], str]  # phrase -> intensifier/downtoner/hedge/skip
    negators: frozenset[tuple[str, ...]]
    quantifiers: frozenset[tuple[str, ...]]
    scant: frozenset[tuple[str, ...]]  # the quantifiers that say hardly any: "little joy" is negated
    gap: frozenset[str]
    gap_block: frozenset[str]
    openers: frozenset[str]
    inversion: frozenset[str]
    presupposing: frozenset[str]
    indirect: frozenset[str]
    speech: re.Pattern[str]
    reporting: frozenset[str]
    telling: frozenset[str]
    asking: frozenset[str]
    doubting: frozenset[str]
    irrealis: frozenset[str]  # gap words that leave the feeling unreal ("I want to feel")
    wishing: frozenset[str]  # "I wish I was": contrary to fact
    hoping: frozenset[str]  # "I hope I'm": irrealis
    pretending: frozenset[str]  # "I pretend I'm", "I act like I'm"
    view_openers: frozenset[str]  # a word that may stand right before "I" in a view (view_before)
    that_openers: frozenset[str]  # ... or right before "that I" ("I don't feel that I", "not that I")
    be_states: frozenset[str]
    ing_feelings: frozenset[str]
    not_describing: frozenset[str]
    situations: dict[str, frozenset[str]]  # emotion word -> the next words that make it no feeling
    modifier_first: dict[str, tuple[int, ...]]
    negator_first: dict[str, tuple[int, ...]]
    quantifier_first: dict[str, tuple[int, ...]]
    step_words: frozenset[str]  # words that may start a skipped step after a cue


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    modifiers: dict[tuple[str, ...], str] = {}
    for kind, items in (("skip", _read_list("skip.txt")), ("hedge", HEDGES), ("downtoner", DOWNTONERS),
                        ("intensifier", INTENSIFIERS)):
        for item in items:
            modifiers[tuple(item)] = kind
    negators = frozenset(tuple(n) for n in NEGATORS) | frozenset(_read_list("negators.txt"))
    single_negators = {n[0] for n in negators if len(n) == 1}
    speech = "|".join(sorted(_words("speech_verbs.txt")))
    persons = "|".join(sorted(_words("third_persons.txt")))
    # "she said", "my mom texted", "she sent me a text saying"; not "he hit me and I said"
    pattern = re.compile(rf"\b(?:(?:{persons})\s+(?:(?!(?:i|and)\b)\w+\s+){{0,4}}?(?:{speech})|(?:{speech})\s+(?:{persons}))\b", re.I)
    scant = frozenset(_read_list("scant.txt"))
    quantifiers = frozenset(_read_list("quantifiers.txt")) | scant
    modifier_first, negator_first = _first_word_index(modifiers), _first_word_index(negators)
    quantifier_first = _first_word_index(quantifiers)
    step_words = frozenset({*modifier_first, *negator_first, *quantifier_first, "feeling", "felt"})
    reporting = _words("reporting_verbs.txt")
    wishing, hoping, pretending = _words("wishing.txt"), _words("hoping.txt"), _words("pretending.txt")
    clause_takers = wishing | hoping | pretending
    situations: dict[str, set[str]] = {}
    for *phrase, follower in _read_list("situations.txt"):
        if not phrase:
            raise ValueError(f"situations.txt: {follower!r} needs an emotion word and its follower")
        situations.setdefault(" ".join(phrase), set()).add(follower)
    return _Rules(modifiers, negators, quantifiers, scant, _words("gap.txt") | single_negators, _words("gap_block.txt"),
                  _words("openers.txt"), _words("inversion.txt"), _words("presupposing.txt"),
                  _words("not_after_i.txt"), pattern, reporting, _words("telling_verbs.txt"),
                  _words("asking_verbs.txt"), _words("doubting.txt"), _words("irrealis.txt"),
                  wishing, hoping, pretending,
                  reporting | clause_takers | {"me", "like", "if", "whether", "though", "not", "only"},
                  reporting | clause_takers | _FEEL_FORMS | {"me"} | single_negators,
                  _words("be_states.txt"), _words("ing_feelings.txt"), _words("not_describing.txt"),
                  {phrase: frozenset(followers) for phrase, followers in situations.items()},
                  modifier_first, negator_first, quantifier_first, step_words)


@lru_cache(maxsize=1 << 14)
def _in_vocabulary(word: str, vocabulary: frozenset[str]) -> bool:
    """`word` (or a part of a hyphenated word: "super-excited") is an entry as written, or
    begins with a stem entry written with a final `*` ("anxiou*"). An entry without `*` is a
    word, never a stem: the authors' 2,773 labels are all entries of their list verbatim, so
    "disgust" does not reach "disgusting", nor "strong" "strongly"."""
    if word in vocabulary:
        return True
    parts = word.split("-") if "-" in word else (word,)
    return any(part in vocabulary or any(part[:k] + "*" in vocabulary for k in range(1, len(part) + 1))
               for part in parts if part)


def load_vocabulary(path: str | Path) -> frozenset[str]:
    """Words, and stems ending in `*`, one a line (blank lines and `#` comments skipped),
    lower-cased. A word entry matches only that word; `anxiou*` matches anxious, anxiousness."""
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

class _Token(NamedTuple):
    start: int
    end: int
    norm: str  # lower case, curly apostrophes straightened; punctuation as itself
    word: bool


def _token(m: re.Match[str]) -> _Token:
    value = m.group()
    kind = m.lastgroup
    if kind == "w":
        norm = _WORD_NORMS.get(value)
        if norm is None:
            norm = _word_norm(value)
        # tuple.__new__ skips NamedTuple's Python-level __new__: tokens are the commonest object here.
        return _new_token(_Token, (*m.span(), norm, True))
    if kind == "n":
        return _new_token(_Token, (*m.span(), value, True))
    if kind == "e":  # looked up like a word, under the key the lexicon uses (tones and selectors folded)
        return _new_token(_Token, (*m.span(), lookup_key(value) or value, True))
    return _new_token(_Token, (*m.span(), "\n\n" if value.startswith("\n") else value, False))


_new_token = tuple.__new__
_WORD_NORMS: dict[str, str] = {}


def _word_norm(value: str) -> str:
    """A word's `norm`, remembered: words repeat across a corpus. Cleared when large."""
    norm = value.lower()
    if not norm.isascii():
        norm = norm.replace("\u2019", "'").replace("\u02bc", "'")
    if _ELONGATED.search(norm):
        norm = _ELONGATED.sub(r"\1", norm)
    if len(_WORD_NORMS) > 200_000:
        _WORD_NORMS.clear()
    _WORD_NORMS[value] = norm
    return norm


class _Window:
    """The tokens of a text from one cue on, pulled from the tokenizer only as far as the rules
    read: most of a post is never tokenized. The window starts at a token start, so its
    tokens are exactly those of the whole text."""

    __slots__ = ("_iter", "_tokens", "_done")

    def __init__(self, text: str, start: int) -> None:
        self._iter = _TOKEN.finditer(text, start)
        self._tokens: list[_Token] = []
        self._done = False

    def has(self, j: int) -> bool:
        """Whether the text has a j-th token from the window's start."""
        return j < len(self._tokens) or self._pull(j)

    def _pull(self, j: int) -> bool:
        tokens = self._tokens
        while len(tokens) <= j:
            if self._done:
                return False
            m = next(self._iter, None)
            if m is None:
                self._done = True
                return False
            tokens.append(_token(m))
        return True

    def __getitem__(self, j: int) -> _Token:
        try:
            return self._tokens[j]
        except IndexError:
            if j >= 0 and self._pull(j):
                return self._tokens[j]
            raise

    def run(self, j: int, n: int) -> list[_Token] | None:
        """Tokens j .. j+n-1, or None when the text ends first."""
        return self._tokens[j:j + n] if self.has(j + n - 1) else None


def _backward(text: str, position: int) -> Iterator[_Token]:
    """The tokens before `position` (a token start), nearest first, tokenized in chunks that
    begin where whitespace follows a non-space character, so no token is cut."""
    end, size = position, 24
    while end > 0:
        start, size = max(0, end - size), 120
        if start > 0:
            start = max(text.rfind(" ", 0, start + 1), text.rfind("\n", 0, start + 1), text.rfind("\t", 0, start + 1))
            while start > 0 and text[start - 1].isspace():
                start -= 1
            start = max(start, 0)
        for m in reversed(list(_TOKEN.finditer(text, start, end))):
            yield _token(m)
        end = start


def _first_word_index(table: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """First word -> the lengths of the entries it begins, longest first."""
    lengths: dict[str, set[int]] = {}
    for entry in table:
        lengths.setdefault(entry[0], set()).add(len(entry))
    return {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}


def _match(tokens: _Window, j: int, table: frozenset[tuple[str, ...]] | dict[tuple[str, ...], str],
           first: dict[str, tuple[int, ...]], longest: int = 4) -> int:
    """Length of the longest entry of `table` spelled by the word tokens at j, else 0;
    `first` indexes the table by first word, so most words are rejected by one lookup."""
    if not tokens.has(j):
        return 0
    head = tokens[j]
    lengths = first.get(head.norm) if head.word else None
    if not lengths:
        return 0
    for n in lengths:
        if n > longest:
            continue
        words = tokens.run(j, n)
        if words is not None and all(t.word for t in words) and tuple(t.norm for t in words) in table:
            return n
    return 0


@lru_cache(maxsize=4)
def _phrase_lengths(lexicon: Lexicon) -> dict[str, int]:
    """First word of each multiword lexicon key -> the most words such a key has."""
    longest: dict[str, int] = {}
    for key in lexicon.surface_forms():
        if " " in key:
            words = key.split(" ")
            if len(words) > longest.get(words[0], 1):
                longest[words[0]] = len(words)
    return longest


@lru_cache(maxsize=1 << 16)
def _first_key(norm: str) -> str:
    key = lookup_key(norm)
    return key.split(" ", 1)[0] if " " in key else key


@lru_cache(maxsize=1 << 14)
def _decompose(lexicon: Lexicon, text: str) -> Decomposition:
    """Spans repeat ("sad", "not happy"), and a decomposition is a frozen value: decide each once."""
    return lexicon.decompose(text)


@lru_cache(maxsize=1 << 16)
def _is_adverb(lexicon: Lexicon, norm: str) -> bool:
    return norm.endswith("ly") and lexicon.part_of_speech(norm) in (None, "adv")


# -- the rules ---------------------------------------------------------------------------------

@lru_cache(maxsize=1 << 16)
def _emotion_kind(lexicon: Lexicon, phrase: str, mode: str, need: str | None, be_states: frozenset[str],
                  ing_feelings: frozenset[str]) -> str | None:
    """See `_Extractor.emotion_kind`; a pure function of its arguments, so cached."""
    pos = lexicon.part_of_speech(phrase)
    if pos is None:
        return None
    if pos == "adv" or (mode == "be" and pos == "noun") or (need is not None and pos != need):
        return None
    if pos == "verb" and not phrase.endswith(("ed", "en")):
        return None  # "I feel love" is a noun; "I'm going", "I feel like" are verbs
    result = lexicon.decompose(phrase)
    if not result.known or (result.dominant is None and not any(result.sentiment_vector)):
        return None
    if mode == "be" and (phrase in be_states or (phrase.endswith("ing") and phrase not in ing_feelings)):
        # "I was alone in the house" is a situation, "I felt alone" a feeling; after "be" an
        # -ing adjective is the effect on others ("I'm annoying") or a trait ("I'm caring")
        return "link"
    return "yes"


_BE = {"am": ("i am", False), "was": ("i was", False), "wasn't": ("i was", True), "wasnt": ("i was", True),
       "ain't": ("i am", True), "aint": ("i am", True)}
_HAVE = {"have": "i have", "had": "i had", "haven't": "i have", "havent": "i have", "hadn't": "i had",
         "hadnt": "i had"}
_CONTRACTED = {"i've": "i've", "ive": "i've", "i'd": "i'd"}
_FEEL = {"feel": "i feel", "felt": "i felt"}
_CATENATIVES = frozenset({"start", "started", "begin", "began", "keep", "kept"})  # "I had started feeling"
_CAUSATIVES = frozenset({"let", "lets", "make", "makes", "made"})  # "I let myself feel", not "I made her feel"
_STOP_AFTER_FEEL = frozenset({"like", "as", "if", "how", "what", "about", "it"})
_ARTICLES = frozenset({"a", "an", "the"})
_DETERMINERS = frozenset({"any", "some", "such", "this", "that", "0", "zero", "real", "true", "pure"})
_FIRST_PERSON = frozenset({"i", "i'm", "im", "i've", "ive", "me", "my", "myself"})
_FEELING_NOUNS = frozenset({"feeling", "feelings", "sense", "sensation", "sensations", "mood"})
# objects that make the word before them a verb (not "you" or "it": "scared and worried you'd go")
_VERB_OBJECTS = frozenset({"me", "him", "her", "us", "them", "myself", "himself", "herself", "themselves"})
_OBJECTS = frozenset({"me", "him", "her", "us", "them", "you"})
_SELF_SUBJECTS = frozenset({"i", "i'd", "id", "i'll", "i've", "ive", "i'm", "im", "me", "myself"})
_SELF_OBJECTS = frozenset({"me", "myself"})
_OTHER_SUBJECTS = frozenset({"he", "she", "they", "you", "we", "anyone", "everyone", "someone", "somebody", "anybody",
                             "everybody", "nobody", "people"})
_FEEL_FORMS = frozenset({"feel", "feels", "felt", "feeling"})  # "I don't feel like I'm welcome"
# verbs that take the negation before them ("I didn't want to say I was scared": I was); a
# future ("I'm not gonna say") or "seem" passes it on
_NEGATION_TAKERS = frozenset({"want", "wanted", "wanna", "need", "needed", "try", "tried", "trying", "start",
                              "started", "begin", "began", "used", "supposed", "hate", "hated", "like", "liked",
                              "tend", "tended", "keep", "kept", "remember", "remembered", "expect", "expected",
                              "refuse", "refused", "decide", "decided"})
# words between two coordinated disclosures that keep a negation from the first: "not sad but relieved"
_STOPS_NEGATION = frozenset({"but", "and", "yet", "though", "although", "feel", "felt", "feeling", "i", "im", "i'm"})
_NOT_LIKE = frozenset({"not", "isn't", "isnt", "wasn't", "wasnt", "ain't", "aint"})
_CANNOT = frozenset({"can't", "cant", "cannot", "couldn't", "couldnt"})
_BELIEVE = frozenset({"believe", "believed"})
_COORDINATORS = frozenset({"and", "but", "then", "&"})
_OWNERS = frozenset({"my", "his", "her", "their", "our", "your", "the", "a", "an", "this", "that"})
_I_SUBJECTS = _SELF_SUBJECTS - {"id", "me", "myself"}  # "id" is too often the noun
# words that open a clause whose subject may be another: "I think my mom cried and felt sad"
_CLAUSE_WORDS = frozenset({"that", "which", "who", "whom", "whose", "because", "cause", "cuz", "when", "whenever",
                           "while", "if", "unless", "until", "since", "although", "though", "as", "where", "what",
                           "why", "how"})
# verbs whose "you"/"it" is the subject of a clause: "I hope you rest and feel better"
_CLAUSE_TAKING = frozenset({"hope", "hoped", "hoping", "wish", "wished", "know", "knew", "guess", "guessed", "bet",
                            "swear", "pray", "figure", "figured", "realize", "realized", "realise", "realised",
                            "understand", "notice", "noticed", "see", "saw", "hear", "heard", "mean", "feel", "felt"})
# the words that may open a noun phrase that is a subject ("my mom cried", "her mom cried")
_DETERMINERS_OF_SUBJECTS = frozenset({"the", "a", "an", "my", "his", "her", "their", "our", "your", "every", "each",
                                      "this", "that", "these", "those"})
_RELATIVE_HEADS = frozenset({"everything", "anything", "something", "nothing", "everyone", "anyone", "someone",
                             "all", "one"})
_TIME_NOUNS = frozenset({"day", "days", "morning", "mornings", "night", "nights", "evening", "afternoon", "week",
                         "weekend", "month", "year", "time", "times", "moment", "minute", "hour", "summer", "winter",
                         "spring", "fall", "autumn", "semester", "weekday", "today", "tonight"})
# verbs whose object takes a complement: "I had my car fixed and felt", "I found my cat hurt"
_COMPLEMENT_TAKERS = frozenset({"had", "have", "has", "got", "get", "gets", "found", "find", "kept", "keep", "left",
                                "leave", "want", "wanted", "need", "needed", "saw", "see", "heard", "watched", "made",
                                "make", "let", "like", "liked"})
# verbs that take a bare infinitive after their object: "I made my wife laugh and feel special"
_BARE_INFINITIVE_TAKERS = frozenset({"let", "lets", "make", "makes", "made", "help", "helped", "helps", "watch",
                                     "watched", "see", "saw", "hear", "heard"})
_PRONOUN_SUBJECTS = frozenset({"i", "he", "she", "they", "we", "you", "it"})
# finite verbs that may follow a subject noun phrase ("my mom was", "my wife cried"): -ed forms
# and these; compound nouns ("a hookup site", "the school parking lot") have none
_FINITE_VERBS = frozenset({"was", "is", "were", "are", "has", "had", "did", "does", "said", "says", "came", "comes",
                           "went", "goes", "left", "got", "gets", "made", "makes", "took", "takes", "saw", "sees",
                           "told", "tells", "knew", "knows", "thought", "thinks", "ran", "sat", "stood", "began",
                           "became", "gave", "gives", "found", "kept", "lost", "wrote", "fell", "broke", "cries",
                           "let", "lets", "put", "hit", "hurt", "seems", "wants", "needs", "loves", "hates", "likes",
                           "would", "could", "will", "can", "should", "might", "must", "would've", "could've"})
# what `_Extractor.view_before` finds; _CONTRARY: a pretence or wish contrary to fact, _HOPED: irrealis
_OTHERS, _ASKED, _DOUBTED, _DENIED, _CONTRARY, _HOPED = "others", "asked", "doubted", "denied", "contrary", "hoped"
_WANTING = frozenset({"want", "wanna", "hope", "hoping", "wish"})  # "I want to X and feel Y"; not "I wanted to"
# verbs whose subject is someone else: "she keeps pretending I'm fine", "mom says she hopes"
_THEIR_AUXILIARIES = frozenset({"keeps", "starts", "tries", "continues", "seems", "says", "thinks", "wants", "needs",
                                "likes", "loves", "gets", "goes"})  # not "is": "all I can do is pretend I'm okay"
_THEIR_VERBS = frozenset({"hopes", "wishes", "pretends", "acts", "prays"})  # never the author's ("mom hopes I'm")
# words that make the word after them a noun: "I have no hope I'm so depressed"
_BEFORE_A_NOUN = _OWNERS | {"no", "all", "any", "some", "every", "little", "false", "new", "last"}  # not "only hope"
# words after "wanted"/"needed" that open its object: "and wanted some input", "needed a hug"; not a time or
# degree ("felt wanted the whole time", "needed more than ever"), nor "a lot", "a bit"
_OBJECT_OPENERS = frozenset({"to", "some", "something", "anything", "a", "an"})
_NOT_AN_OBJECT = frozenset({"lot", "bit", "little", "ton", "while"})
# someone else as a subject, contracted: "she's hoping I'm okay"
_OTHERS_CONTRACTED = frozenset({"he's", "she's", "they're", "you're", "we're", "hes", "shes", "theyre", "youre",
                                "he'd", "she'd", "they'd", "you'd", "we'd", "he'll", "she'll", "they'll", "you'll"})
_UNREAL, _UNREAL_IF_GRADED, _REAL = "unreal", "unreal if graded", "real"  # what `_Extractor.gap_mood` finds
_WANTED = "wanted"  # a want carried to a coordinated feel (`_Extractor.coordinated_feel`)
# "I want to stop feeling anxious", "I want to keep feeling this happy": the feeling is there
_PRESUPPOSING = frozenset({"stop", "stopped", "quit", "keep", "continue"})
# "never felt so alone" affirms; not "that" ("I was never that interested": not very) nor "as"
# ("I was never as happy as my sister")
_DEGREE_WORDS = frozenset({"so", "such", "this", "more"})
_DEGREE_DETERMINERS = frozenset({"this", "that"})  # a degree before an adjective: "this happy", "that tired"
# words that may follow "this happy" (a noun would make "this" its determiner: "this intense hatred")
_AFTER_A_DEGREE = frozenset({"to", "of", "about", "for", "with", "at", "by", "in", "on", "and", "but", "or", "nor",
                             "that", "when", "because", "since", "before", "after", "now", "anymore", "lately",
                             "today", "tonight", "right", "again", "too", "either", "yet", "though", "if", "as",
                             "so", "i", "it", "lol", "rn", "ever", "until", "while", "without", "from", "over",
                             "tbh", "honestly", "often", "usually", "sometimes", "atm", "anyway"})
_MODALS = frozenset({"can", "could", "will", "would", "may", "might", "must", "should", "cannot", "can't", "cant",
                     "couldn't", "couldnt", "won't", "wont", "wouldn't", "wouldnt", "shouldn't", "shouldnt"})
# after a few words: "in years", "in a really long time", "in so long", "for ages", "in 5 years", "in my
# adult life", "before", "ever", or "since 2019" (read apart: "since" may say because, or after a loss)
_SPAN_OF_TIME = re.compile(r"(?P<lead>(?:\s+[\w'\u2019+-]+(?:\.\.\.)?){0,4}?)\s+"
                           r"(?:(?P<since>since)|(?:in|(?P<over>for))(?:[\s,]+[\w'\u2019+-]+(?:\.\.\.)?){0,3}?\s+"
                           r"(?:time|while|years?|months?|weeks?|days?|decades?|ages|forever|life|long)"
                           r"|before|ever)\b", re.I)  # within the clause: words ("10+", "2-3", "like...") and spaces
# "I never thought I'd feel so happy": a negated expectation, not "I never said I was so happy"
_NEVER_EXPECTED = re.compile(r"\bnever\s+(?:\w+\s+)?(?:thought|think|imagined|imagine|expected|expect|dreamed|dreamt|"
                             r"dream|believed|believe|knew|guessed)\b", re.I)
_LATELY = re.compile(r"\b(?:lately|recently)\b", re.I)
# words that open a time clause before its "I": "after I was done eating" is finished, not fed up
_TIME_CONJUNCTIONS = frozenset({"when", "after", "until", "till", "once", "before", "whenever"})
_CONTRASTING = frozenset({"just", "only", "simply", "merely", "rather"})  # "I'm not sad, just tired"
_NEGATED_MODALS = frozenset({"couldn't", "couldnt", "wouldn't", "wouldnt"})  # "I couldn't have been happier"
_IMPERSONAL = frozenset({"it", "it's", "its", "that", "that's", "thats", "this", "there's", "theres"})
# words between a reporting verb and its subject: "everyone is slowly starting to think"
_VERB_CHAIN = frozenset({"to", "is", "are", "was", "were", "has", "have", "had", "be", "been", "starting", "seems",
                         "once", "all", "both", "'d", "don't", "dont", "didn't", "didnt", "doesn't", "doesnt", "won't",
                         "longer"})  # "I no longer think"
_CONJUNCTIONS = frozenset({",", "and", "but", "or", "nor", "yet", "&", "/", "then", "also", "even", "still", "so"})


class _Extractor:
    def __init__(self, text: str, lexicon: Lexicon, vocabulary: frozenset[str] | None, doc: str,
                 all_conjuncts: bool) -> None:
        self.text = text
        self.lexicon = lexicon
        self.vocabulary = vocabulary
        self.doc = doc
        self.all_conjuncts = all_conjuncts
        self.tokens = _Window(text, 0)
        self.rules = _rules()
        self.phrases = _phrase_lengths(lexicon)
        self.end = 0
        self.intensified: set[int] = set()  # starts of the last complement's words after a degree word
        self.lessened: set[int] = set()  # ... after "less": "I wish I felt less anxious" says I am
        self.head_negated = False  # the last cue's gap held a second "I" after a negated verb ("I don't think I feel")

    # a cue ends at token index j (exclusive); returns (mode, cue, negated, j) or None
    def cue_after_i(self, i: int, plain: bool = False) -> tuple[str, str, bool, int] | None:
        """`plain`: no word stands right before this "I", so no inverted question needs checking."""
        tokens, rules = self.tokens, self.rules
        first = tokens[i].norm
        if first == "i" and not plain:
            before = _backward(self.text, tokens[i].start)
            previous = next(before, None)
            if previous is not None and previous.word and previous.norm in rules.inversion:
                earlier = next(before, None)
                asks = earlier is None or not earlier.word or earlier.norm not in rules.indirect
                if asks and not self.presupposes(i):
                    return None  # "Do I feel happy?" asks; "Why do I feel so guilty?", "Am I wrong to feel" disclose
        if first in ("i'm", "im"):
            return "be", "i'm", False, i + 1
        j, negated = i + 1, False
        self.head_negated = False
        if first in _CONTRACTED:
            cue_head = _CONTRACTED[first]
        elif first == "i":
            gap = 0
            while tokens.has(j) and tokens[j].word and gap < MAX_GAP:
                norm = tokens[j].norm
                if norm in _BE or norm in _HAVE or norm in _FEEL or norm == "feeling":
                    if ((norm in _BE or norm in _HAVE) and tokens.has(j + 1) and tokens[j + 1].norm in rules.gap
                            and self.catenated_feel(j, MAX_GAP - gap - 1)):
                        negated, gap, j = negated or norm.endswith(("n't", "nt")), gap + 1, j + 1
                        continue  # "I have to feel", "I was able to feel", "I had started feeling"
                    break
                if norm == "but" and gap and tokens[j - 1].norm == "help":
                    negated, gap, j = False, gap + 1, j + 1  # "I can't help but feel" affirms the feeling
                    continue
                reflexive = norm in _CAUSATIVES and tokens.has(j + 1) and tokens[j + 1].norm == "myself"
                if norm not in rules.gap and (norm in rules.gap_block and not reflexive
                                              or not self.feel_ahead(j, MAX_GAP - gap)):
                    return None  # any other word only before feel/felt/feeling ("I no longer feel")
                negated = negated or (norm,) in rules.negators
                if norm in _I_SUBJECTS:  # "I don't think I feel", "I can't pretend I feel": the outer verb's negation
                    self.head_negated, negated = negated, False
                gap += 1
                j += 1
            if not tokens.has(j) or not tokens[j].word:
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
        while tokens.has(j) and tokens[j].word and skipped < 2 and tokens[j].norm not in ("been", "felt"):
            norm = tokens[j].norm
            if norm not in rules.gap:
                return None
            negated = negated or (norm,) in rules.negators
            skipped += 1
            j += 1
        if not tokens.has(j) or tokens[j].norm not in ("been", "felt"):
            return None
        if tokens[j].norm == "felt":
            return "feel", f"{cue_head} felt", negated, j + 1
        return "be", f"{cue_head} been", negated, j + 1

    def gap_mood(self, j: int) -> str:
        """What the words between a cue's "I" (token 0) and its verb (token j - 1) make of the
        feeling: `_UNREAL` for "I want to feel", "I should feel", "I was supposed to feel", "I
        would love to feel", "I would have been fine" (irrealis.txt), and for a hope before a
        second "I" ("I hope I feel better"); `_UNREAL_IF_GRADED` for could/might have, unreal
        before a comparative or degree word ("I could have been happier") and a hedge before
        a plain one ("I might have been depressed back then"); `_CONTRARY` for a pretence or a
        wish contrary to fact ("I pretend I feel fine", "I pretend to feel okay", "I wish I
        felt loved"); `_DENIED` for a negated verb of view there ("I don't think I feel happy";
        "I didn't realize I felt so sad" states it); `_REAL` when "stop" or "keep" takes it as
        felt, even in a wish ("I want to stop feeling anxious", "I wish I could stop feeling
        sad"); else "". Past a second "I" only the words after it are its gap ("whenever I want
        I feel embarrassed")."""
        if j <= 2:
            return ""  # "I feel", "I was": no word between (most cues)
        rules, tokens = self.rules, self.tokens
        gap = [tokens[k].norm for k in range(1, j - 1)]
        clause = ""  # what the words before a second "I" make of its clause
        subjects = [k for k, norm in enumerate(gap) if norm in _I_SUBJECTS]
        if subjects:
            last = subjects[-1]
            head = gap[:last - 1] if last and gap[last - 1] == "that" else gap[:last]
            verb, earlier = (head[-1] if head else ""), (head[-2] if len(head) > 1 else "")
            if earlier in _BEFORE_A_NOUN or verb in _THEIR_VERBS:
                pass  # "no hope I feel", "she hopes I feel": not the author's hope
            elif verb in rules.hoping:
                clause = _UNREAL
            elif verb in rules.wishing or (verb, earlier) == ("only", "if") or verb.startswith("pretend") \
                    and verb in rules.pretending or verb == "like" and earlier in rules.pretending:
                clause = _CONTRARY
            elif self.head_negated and (verb in rules.reporting or verb in _FEEL_FORMS or verb == "like") \
                    and not (verb in _BELIEVE and not _CANNOT.isdisjoint(head)):
                clause = _DENIED  # "I don't think I feel happy", as view_before reads "I don't think I'm happy"
            gap = gap[last + 1:]
        if not _PRESUPPOSING.isdisjoint(gap):
            return _REAL
        if clause:
            return clause
        if any(norm.startswith("pretend") and norm in rules.pretending for norm in gap):
            return _CONTRARY  # "I pretend to feel okay"
        if any(norm in rules.irrealis or norm == "would" and after in ("have", "love")
               for norm, after in zip(gap, [*gap[1:], ""])):
            return _UNREAL
        if any(norm in ("could", "might") and after == "have" for norm, after in zip(gap, gap[1:])):
            return _UNREAL_IF_GRADED
        return ""

    def degree_of(self, j: int, mode: str) -> bool:
        """Whether "this"/"that" before token j is a degree ("I'm that tired", "I've never felt
        this happy before"), not a determiner ("this intense hatred", "that suspicious guy"): an
        adjective follows, and after it a mark, the text's end or a function word; a comma ends
        it unless an adjective and a noun come next ("that sad, pathetic guy")."""
        tokens = self.tokens
        if not tokens.has(j) or not tokens[j].word:
            return False
        lead, n, _ = self.candidate(j, mode, "adj")
        if not n:
            return False
        after = j + lead + n
        if not tokens.has(after):
            return True
        follower = tokens[after]
        if follower.norm == ",":  # "I'm that tired, man", "im this angry, fucked up"; not "that sad, pathetic guy"
            after += 1
            if not tokens.has(after):
                return True
            follower = tokens[after]
            if not follower.word or follower.norm in _AFTER_A_DEGREE or follower.norm in _CONTRASTING:
                return True
            lead, n, _ = self.candidate(after, mode, "adj")  # "that sad, pathetic guy": adjectives, then a noun
            after += lead + n
            return not n or not tokens.has(after) or not tokens[after].word or tokens[after].norm in _AFTER_A_DEGREE
        return not follower.word or follower.norm in _AFTER_A_DEGREE

    def measured_by_now(self, k: int) -> bool:
        """Whether tokens k.. read "as I am", "as I'm", "as I do", "as I feel", "as I did" or "as I
        felt": the author now, or at the moment told, is the measure ("I've never been as happy as
        I am now"); not another ("as my sister"), an earlier or wished-for self ("as I was
        before", "as I'd like to be")."""
        tokens = self.tokens
        if not tokens.has(k + 1) or tokens[k].norm != "as":
            return False
        subject = tokens[k + 1].norm
        if subject in ("i'm", "im"):
            return True
        return subject == "i" and tokens.has(k + 2) and tokens[k + 2].norm in ("am", "do", "feel", "did", "felt")

    def beyond_compare(self, j: int, end: int, cue: str, graded: str) -> bool:
        """Whether a negated emotion word at token j (ending at `end`), after a degree word
        (`graded`: so, such, this, more, or "as" before "as I"; "" for none) or as a comparative,
        is affirmed beyond comparison.
        "Never" or "ever" does it after a degree word ("I've never felt so alone", "I never felt
        so loved as I did that day") and, with a perfect cue, before a comparative ("I have
        never been happier"; "I never felt better" may say no better came). A negated perfect
        cue needs a span of time after ("I haven't felt this good in years", "I haven't been this
        happy since 2019"; not "if I hadn't been so afraid", "I haven't felt better"). So does
        "couldn't have" before a comparative or "more" ("I couldn't have been happier"), and a
        past "expect" before a degree word ("I didn't expect to feel so sad"). Another modal
        keeps the negation ("I could never feel better"), as does the present ("I'm not so happy")."""
        tokens = self.tokens
        words = [tokens[k].norm for k in range(j)]
        perfect = _perfect(cue)
        past = perfect or _past(cue)
        if perfect and (not graded or words[-1:] == ["more"]) and ("have" in words or "had" in words) and any(
                norm in _NEGATED_MODALS or norm in ("could", "would") and after == "not"
                for norm, after in zip(words, [*words[1:], ""])):
            return True  # "I couldn't have been happier", "I could not have been more grateful"
        if not _MODALS.isdisjoint(words):
            return False
        expected = "expected" in words or "expect" in words and not {"did", "didn't", "didnt"}.isdisjoint(words)
        if graded and expected:
            return True  # "I didn't expect to feel so sad": the negation is expect's, and I did
        if "never" in words or "ever" in words:  # "I never feel so alone" may be a habit of not
            return past and (bool(graded) or perfect)
        if not perfect or cue.endswith("feeling"):  # "I haven't been feeling so good in a while" lasts
            return False
        span = _SPAN_OF_TIME.match(self.text, end)
        if span is None or _LATELY.search(span.group("lead")):
            return False  # "I haven't been so happy lately since work got busy"
        if graded == "so" and (span.group("since") or span.group("over")) and \
                tokens[j].norm in ("good", "great", "well", "fine", "hot"):
            return False  # "I haven't felt so good for a few days", "since my surgery": not so good
        # "since 2019" after such/this; not after "better" ("since the accident": no better came)
        return not span.group("since") or bool(graded)

    def presupposes(self, i: int) -> bool:
        """An inverted "I" at i followed by a judging word and to/for/in/by: "Am I wrong to feel
        cynical?" takes the feeling as given ("Am I bad at feeling happy?" does not)."""
        tokens = self.tokens
        return (tokens.has(i + 2) and tokens[i + 1].norm in self.rules.presupposing
                and tokens[i + 2].norm in ("to", "for", "in", "by"))

    def catenated_feel(self, j: int, within: int) -> bool:
        """After am/was/have/had at j, at most `within` gap words, then "to feel" or a
        catenative verb and "feeling": the feel verb, not "be" or "have", carries the cue."""
        tokens = self.tokens
        for k in range(j + 1, j + 2 + within):
            if not tokens.has(k) or not tokens[k].word:
                return False
            norm = tokens[k].norm
            if norm == "feel":
                return k > j + 1 and tokens[k - 1].norm == "to"
            if norm == "feeling":
                return k > j + 1 and tokens[k - 1].norm in _CATENATIVES
            if norm not in self.rules.gap:
                return False
        return False

    def feel_ahead(self, j: int, within: int) -> bool:
        """feel, felt or feeling among the next `within` tokens after j, words all the way."""
        tokens = self.tokens
        for k in range(j + 1, j + 1 + within):
            if not tokens.has(k):
                break
            t = tokens[k]
            if not t.word or t.norm in self.rules.gap_block:
                return False
            if t.norm in _FEEL or t.norm == "feeling":
                return True
        return False

    def opens_clause(self, k: int) -> bool:
        """A bare "feeling" at token k whose sentence so far names no one but the author:
        openers, modifiers, first-person words, am/was (not opening it), -ed verbs, -ly adverbs
        and numbers only ("I am tired of feeling guilty"; "She was tired of feeling guilty" names
        her, and "Am I just feeling sorry for myself?" asks)."""
        rules = self.rules
        opening = ""  # the word seen last, going back: the sentence's first when its start is reached
        for t in _backward(self.text, self.tokens[k].start):
            if not t.word:
                if t.norm in _SENTENCE_END or t.norm in ("(", "*", "-", ">") or t.norm in _QUOTES:
                    return opening not in _BE
                if t.norm != ",":
                    return False
            elif not (t.norm in rules.openers or (t.norm,) in rules.modifiers or t.norm in rules.gap
                      or t.norm in _FIRST_PERSON or t.norm in _BE or t.norm.isdigit() or t.norm.endswith("ed")
                      or self.adverb(t)):
                return False
            else:
                opening = t.norm
        return opening not in _BE

    def coordinated_feel(self, position: int, verb: str) -> tuple[int, bool, str]:
        """(position of its subject "I", negated, mood) for `verb` (feel or felt) at `position`
        coordinated with an earlier verb of the author's ("I woke up and felt great", "I told my
        mom and didn't feel better"), else (-1, False, ""): the subject is another ("she hugged me
        and felt sad", "I know my mom cried and felt sad", "I hope you rest and feel better"),
        the "I" opens a relative clause ("the man I loved left and felt no remorse"), none is in
        reach, or a clause opener stands between ("that", "because"). The mood is `_UNREAL` when
        a gap word says so ("and should feel"), and `_WANTED` when a present want reaches a bare
        "feel" across "and" ("I want to breathe freely again and feel good"; `run` keeps it for a
        pleasant feeling only: "I want to be productive and feel lazy" states it); not across
        "but", nor from a need, a try or a past want ("I want to leave him but feel guilty", "I
        need to lose weight and feel disgusting", "I wanted to quit and now feel relieved")."""
        rules, text = self.rules, self.text
        before = _backward(text, position)
        negated, wished, wanted, words = False, False, False, 0
        nowhere = -1, False, ""
        coordinator = ""
        for t in before:  # the words between the coordinator and the verb: gap words only
            if t.norm in _COORDINATORS:
                coordinator = t.norm
                break
            words += 1
            if not t.word or t.norm not in rules.gap or words > 2:
                return nowhere
            negated = negated or (t.norm,) in rules.negators
            wished = wished or t.norm in rules.irrealis
        later: list[_Token] = []  # the words walked since the last comma; later[-1] stands right after this one
        for t in itertools.islice(before, 16):
            after = later[-1] if later else None
            if not t.word:
                if t.norm == "&":
                    continue
                if t.norm != ",":
                    return nowhere  # a sentence end
                later.clear()  # "I went to the gym, showered, and felt": a list of the author's verbs
                continue
            norm = t.norm
            if norm in _I_SUBJECTS:
                mood = _UNREAL if wished else _WANTED if wanted else ""
                return (t.start, negated, mood) if self.heads_coordination(t) else nowhere
            if norm in ("but", "yet"):
                coordinator = ""  # "I want to help but can't and feel useless": the want is over
            elif coordinator == "and" and verb == "feel" and norm in _WANTING and (norm == "wanna" or after is not None
                                                                                     and after.norm == "to"):
                wanted = True  # "I want to breathe freely again and feel good"; not "I need to lose weight and feel"
            if norm in ("it", "you"):  # an object ("I saw you and felt"), or a subject with a verb after it
                previous = self.token_before(t)
                if later and (previous is None or not previous.word or previous.norm in _CLAUSE_WORDS
                              or previous.norm in _COORDINATORS or previous.norm in rules.reporting
                              or previous.norm in _CLAUSE_TAKING):
                    return nowhere  # "I hope you rest up and feel better"
            elif norm in _OTHER_SUBJECTS or norm in _CLAUSE_WORDS and (later or norm != "that"):
                return nowhere  # not "I did that and felt proud", where "that" is an object
            elif norm in _DETERMINERS_OF_SUBJECTS and len(later) >= 2 and _looks_finite(later[-2].norm) \
                    and self.norm_before(t) not in _COMPLEMENT_TAKERS:
                # "my mom cried and felt": a noun phrase, then its verb; "I had my car fixed and felt":
                # the object of a verb that takes a complement
                return nowhere
            elif norm in _FEEL_FORMS and after is not None and after.norm in _PRONOUN_SUBJECTS:
                return nowhere  # "a portion will feel I have changed and would not feel good"
            elif (norm in rules.reporting or norm in _CLAUSE_TAKING) and after is not None and self.named(after):
                return nowhere  # "I said Sarah cried and felt bad": a named subject
            elif verb == "feel" and after is not None and (
                    after.norm == "to" and (norm in _OBJECTS or norm not in rules.gap and self.norm_before(t) in _OWNERS)
                    or norm in _BARE_INFINITIVE_TAKERS and (after.norm in _OBJECTS
                                                           or after.norm in _DETERMINERS_OF_SUBJECTS)):
                # "I want her to achieve her dreams and feel safe", "I asked my mom to come and feel",
                # "I let her go and feel", "I made my wife laugh and feel special"; past "felt" cannot
                # be their bare infinitive
                return nowhere
            later.append(t)
        return nowhere

    def named(self, t: _Token) -> bool:
        """Whether the word `t` is written as a name: capitalised, not all capitals, not "I"."""
        word = self.text[t.start:t.end]
        return t.norm != "i" and word[:1].isupper() and not word.isupper()

    def token_before(self, t: _Token) -> _Token | None:
        """The token right before `t`, if any."""
        return next(_backward(self.text, t.start), None)

    def norm_before(self, t: _Token) -> str:
        """The normal form of the token right before `t`, "" at the text's start."""
        previous = self.token_before(t)
        return "" if previous is None else previous.norm

    def heads_coordination(self, i: _Token) -> bool:
        """Whether the "I" token `i` is a main-clause subject: not in a relative clause on a
        sentence's subject ("The man I loved left and felt", "Everything I did failed and felt",
        "who I love"), nor in an inverted yes/no question ("Did I go and feel sad?"; "Why do I
        always screw up and feel bad?" asks for a reason and counts). A fronted time or place
        ("Every day I wake up", "After the party I went home") and an object ("I saw the guy I
        liked and felt nervous", "I gave it all I had") leave the "I" the main subject."""
        back = _backward(self.text, i.start)
        previous = next(back, None)
        if previous is None or not previous.word:
            return True
        if previous.norm in ("who", "whom", "which"):
            return False
        earlier = next(back, None)
        if previous.norm in self.rules.inversion:
            return earlier is not None and earlier.word and earlier.norm in self.rules.indirect
        if previous.norm in _RELATIVE_HEADS:  # "Everything I did", "the one I love"
            return not _opens_clause(earlier)
        if earlier is None or earlier.norm not in _DETERMINERS_OF_SUBJECTS or previous.norm in _TIME_NOUNS:
            return True
        return not _opens_clause(next(back, None))  # "The man I loved", not "told my boyfriend I loved"

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

    def view_before(self, position: int) -> str:
        """What the words before the "I" at `position` make of its clause. `_OTHERS`: someone
        else's view of the speaker ("they think I'm crazy", "he told me that I was selfish", "she
        looked at me like I was crazy"). `_ASKED`: a question about the speaker ("she asked me if
        I was okay"); `_DOUBTED`: the author's doubt ("I don't know if I'm depressed"). `_DENIED`:
        the author's own view, negated ("I don't think I'm happy", "I'm not saying I'm jealous",
        "it's not that I'm scared"). `_CONTRARY`: the author's pretence or wish contrary to fact
        ("I pretend I'm happy", "I act like I'm fine", "I wish I was happy", "if only I felt
        loved"). `_HOPED`: the author's hope ("I hope I'm ready", "I pray I feel better").
        Otherwise "" ("I think I'm in love", "I feel like I'm going crazy")."""
        rules = self.rules
        if not self.may_open_view(position):
            return ""
        before = _backward(self.text, position)
        verb = next(before, None)
        after_that = verb is not None and verb.norm == "that"
        if after_that:
            verb = next(before, None)
        if verb is None or not verb.word:
            return ""
        if verb.norm == "only" and not after_that:  # "if only I was happy"
            previous = next(before, None)
            return _CONTRARY if previous is not None and previous.norm == "if" else ""
        if verb.norm == "not" and not after_that:  # "whether or not I'm depressed" asks like "whether"
            conjunction, joined = next(before, None), next(before, None)
            if conjunction is None or conjunction.norm != "or" or joined is None or joined.norm not in ("if", "whether"):
                return ""
            verb = joined
        if after_that and (verb.norm,) in rules.negators:
            return _DENIED  # "it's not that I'm scared", "it isn't that I'm angry"
        if verb.norm == "though":  # "I act as though I'm fine"
            asker, verb = next(before, None), next(before, None)
            if asker is None or asker.norm != "as" or verb is None or verb.norm not in rules.pretending:
                return ""
            return self.taken_clause(before, verb)
        if verb.norm in ("if", "whether"):
            asker = next(before, None)
            if asker is not None and asker.norm in _OBJECTS:
                asker = next(before, None)
            if asker is None:
                return ""
            if asker.norm == "as" and verb.norm == "if":  # "I act as if I'm fine"
                verb = next(before, None)
                return self.taken_clause(before, verb) if verb is not None and verb.norm in rules.pretending else ""
            if asker.norm in rules.asking:
                return _ASKED
            # "I don't know if I'm depressed", "not sure whether"; "I know if I'm sad, I eat" is a condition
            doubted = asker.norm in rules.doubting and any(
                (t.norm,) in rules.negators or t.norm in ("make", "making") for t in itertools.islice(before, 3))
            return _DOUBTED if doubted else ""
        if verb.norm == "me":
            previous = next(before, None)
            return _OTHERS if previous is not None and previous.norm in rules.telling else ""
        if verb.norm == "like":
            verb = next(before, None)  # "she looked at me like I was crazy", "I don't feel like I'm welcome"
            if verb is None or verb.norm == "me":
                return _OTHERS if verb is not None else ""
            if verb.norm in _NOT_LIKE:
                return _DENIED  # "it's not like I'm sad"; not "I don't like I'm so jealous"
            if verb.norm in rules.pretending:
                return self.taken_clause(before, verb)  # "I act like I'm fine", "pretend like I'm happy"
            if verb.norm not in _FEEL_FORMS:
                return ""
        elif verb.norm in rules.wishing or verb.norm in rules.hoping or \
                verb.norm in rules.pretending and verb.norm.startswith("pretend"):  # "act" only before like, as if
            return self.taken_clause(before, verb)
        elif verb.norm not in rules.reporting and not (after_that and verb.norm in _FEEL_FORMS):
            return ""
        return self.whose_view(before, verb)

    def taken_clause(self, before: Iterator[_Token], verb: _Token) -> str:
        """The clause after the author's hope (`_HOPED`), wish or pretence (`_CONTRARY`: "I wish I
        was happy" says I am not, "I can't pretend I'm okay" too, negated or not); someone else's
        is their view (`_OTHERS`: "she hopes I'm happy", "my mom acts like I'm fine"), and a noun
        is none ("I have no hope I'm so depressed")."""
        if verb.norm in _THEIR_VERBS:
            return _OTHERS
        previous = next(before, None)
        if previous is not None and previous.norm in _BEFORE_A_NOUN and verb.norm not in self.rules.pretending:
            return ""
        walked = itertools.chain((previous,) if previous is not None else (), before)
        if self.whose_view(walked, verb, True) == _OTHERS:
            return _OTHERS
        return _HOPED if verb.norm in self.rules.hoping else _CONTRARY

    def whose_view(self, before: Iterator[_Token], verb: _Token, lenient: bool = False) -> str:
        """Walking back from `verb` (a verb of view) to its subject: `_OTHERS` when it is not the
        author, `_DENIED` when the author's verb is negated, else "". `lenient` (for a hope, wish
        or pretence): a pronoun, a name within a sentence, a determiner ("my mom") or an -s verb
        ("she keeps pretending") is someone else; another word ends the walk as the author's
        ("while acting like I was fine", "having to pretend")."""
        rules = self.rules
        shared = False  # the verb shares the subject of an earlier one: "I smiled and said I was fine"
        negated = False  # the verb is negated: "I don't think I'm happy"
        scoped = True  # a negator further back still negates the verb; not past "want to" ("I didn't want to say")
        for subject in itertools.islice(before, 10):  # the verb's subject, past auxiliaries and adverbs
            if not subject.word:
                # no subject in reach: "Think I'm crazy?" says nothing of another, "Don't think I'm
                # ungrateful" denies; after "and" the clause began with no "I" ("My mom laughed and
                # said I was crazy")
                return _OTHERS if shared else _DENIED if negated else ""
            if shared and subject.norm in _SELF_OBJECTS:
                continue  # "judge me and think": an object of the earlier verb
            if lenient and not shared and subject.norm not in _SELF_SUBJECTS and (
                    subject.norm in _OTHER_SUBJECTS or subject.norm in _OTHERS_CONTRACTED
                    or subject.norm in _DETERMINERS_OF_SUBJECTS or subject.norm in _THEIR_AUXILIARIES
                    or self.named(subject) and self.norm_before(subject) not in _SENTENCE_END
                    and self.norm_before(subject) not in ("", *_I_SUBJECTS) and subject.norm not in rules.gap
                    and (subject.norm,) not in rules.modifiers and not self.adverb(subject)):
                # "my family hopes", "Emily pretended", "she's hoping", "she keeps pretending"; not "I Really
                # wish" (a title) nor, past "and", an object of the author's ("I go to the gym and pretend")
                return _OTHERS
            if subject.norm in _SELF_SUBJECTS or subject.norm in _IMPERSONAL:
                # "I'd say I'm fine", "that's not to say I was miserable"
                return _DENIED if negated else ""
            if shared and subject.norm in _OTHER_SUBJECTS:
                return _OTHERS  # "I didn't want anyone to judge me and think I was broken"
            if subject.norm in ("and", "or", "then"):
                shared = True
            elif not (shared or subject.norm in rules.gap or subject.norm in _VERB_CHAIN
                      or subject.norm in _NEGATION_TAKERS or (subject.norm,) in rules.modifiers
                      or self.adverb(subject)):
                if lenient:
                    return _DENIED if negated else ""  # "while acting like I was fine", "having to pretend"
                return _OTHERS  # "she tried to say I was crazy"; "I'd like to think I'm happy" is mine
            elif not shared and scoped and (subject.norm,) in rules.negators:
                # a negator before "and" is the earlier verb's ("I wasn't ok and said"), and "I can't
                # believe I was so happy" is surprise, not denial
                negated = negated or not (subject.norm in _CANNOT and verb.norm in _BELIEVE)
            elif subject.norm in _NEGATION_TAKERS:
                scoped = False
        return _OTHERS if shared else _DENIED if negated else ""

    def denied(self, found: list[Disclosure], kept: Collection[int] = (), contrary: bool = False) -> list[Disclosure]:
        """The disclosures of a clause whose verb of view is negated, the negation flipped as far
        as rule 5 carries a negation: across commas and "or" ("I don't think I'm sad, or angry"),
        not across "but", "and" or a new verb ("I don't think I'm sad but relieved"). After "nor"
        the word is negated already ("I don't think I'm jealous nor angry"). Those starting at
        `kept` stay as they are ("I don't think I've ever felt so alone" affirms). `contrary`:
        a pretence or wish, which reaches across "and" too, with the first word's negation ("I
        pretend I'm fine and happy", "I wish I wasn't so anxious and depressed")."""
        out: list[Disclosure] = []
        carried = True
        for n, d in enumerate(found):
            negated = d.negated
            if n:
                between = self.text[found[n - 1].end:d.start]
                words = _LETTER_RUN.findall(between.lower())
                if "nor" in words:  # negated from here on by the rules themselves
                    carried = False
                anded = contrary and "and" in words and "," not in between and "or" not in words
                # "I'm not sad, just tired" stops; "I wish I wasn't depressed and just happy" wishes for happy
                contrast = not _CONTRASTING.isdisjoint(words) or self.text.startswith(" instead", d.end)
                joined = ("," in between or "or" in words or anded) and (not contrast or anded)
                stops = _STOPS_NEGATION - {"and"} if contrary else _STOPS_NEGATION
                carried = carried and joined and stops.isdisjoint(words)
                if carried and anded and not contrast:
                    negated = found[n - 1].negated  # "wasn't so anxious and depressed": one negation for both
            if carried and d.start not in kept:
                span = d.span if negated else f"not {d.span}"
                d = replace(d, negated=not negated, decomposition=_decompose(self.lexicon, span))
            out.append(d)
        return out

    def may_open_view(self, position: int) -> bool:
        """False when the word before the "I" at `position` (past a "that") is surely none that
        `view_before` looks for: a look at the raw characters, since most cues follow
        "and", "but" or a sentence end, and tokenizing backwards costs."""
        text, k = self.text, position
        for openers in (self.rules.view_openers, self.rules.that_openers):  # the word, then the one before "that"
            end = k
            while k > 0 and text[k - 1].isspace():
                k -= 1
            if k == end:
                return False  # no space: punctuation or another token stands right before
            end = k
            while k > 0 and (text[k - 1].isalpha() or text[k - 1] in "'\u2019\u02bc"):  # "isn't that I"
                k -= 1
            word = text[k:end]
            word = _WORD_NORMS.get(word) or _word_norm(word) if word else ""
            if word != "that" or openers is self.rules.that_openers:
                return word in openers
        return False

    def candidate(self, j: int, mode: str, need: str | None) -> tuple[int, int, bool]:
        """(lead, number of tokens, in the vocabulary) of the emotion word or phrase starting at
        j + lead, else (0, 0, False). `need` asks for one part of speech (a noun after "felt
        the"). `lead` is 0 except for a lexicon phrase outside the vocabulary whose last word,
        its head, is an entry: "shell shocked", "dead tired" give "shocked", "tired"."""
        tokens = self.tokens
        if not tokens.has(j):
            return 0, 0, False
        head = tokens[j]
        if not head.word:
            return 0, 0, False
        longest = min(MAX_PHRASE_WORDS, self.phrases.get(_first_key(head.norm), 1))
        if longest == 1:  # the common case: one word, no phrase to try
            kind = _emotion_kind(self.lexicon, head.norm, mode, need, self.rules.be_states, self.rules.ing_feelings)
            if kind is None or self.mixed_case(head):
                return 0, 0, False
            if kind == "link" or (self.vocabulary is not None and not _in_vocabulary(head.norm, self.vocabulary)):
                return 0, 1, False
            return 0, 1, True
        if self.mixed_case(head):
            return 0, 0, False
        for n in range(longest, 0, -1):
            words = tokens.run(j, n)
            if words is None or not all(t.word for t in words):
                continue
            if n > 1 and any(self.text[a.end:b.start] != " " for a, b in zip(words, words[1:])):
                continue  # a phrase is written with single spaces
            phrase = " ".join(t.norm for t in words) if n > 1 else words[0].norm
            kind = self.emotion_kind(phrase, mode, need)
            if kind is None:
                continue
            if kind == "link":
                return 0, n, False  # no disclosure here, but it links a coordination: "I was cheated on and hurt"
            if self.vocabulary is not None and not self.in_vocabulary(phrase):
                if n > 1:
                    if self.in_vocabulary(words[-1].norm) and self.emotion_kind(words[-1].norm, mode, need) == "yes":
                        return n - 1, 1, True
                    continue
                return 0, n, False  # an emotion word, but not one asked for: it still links a coordination
            return 0, n, True
        return 0, 0, False

    def mass_noun(self, j: int) -> bool:
        """Whether the noun at token j is no plural: "little joy" is hardly any, "little joys" small ones."""
        norm = self.tokens[j].norm
        return not norm.endswith("s") or norm.endswith("ss")

    def situation(self, j: int, n: int) -> bool:
        """Whether the emotion word of tokens j..j+n-1 and the word after it read, after "be", as a
        situation, an act or a skill (situations.txt: "stuck at", "awful to", "terrible at", and
        "done eating" in a time clause)."""
        tokens = self.tokens
        phrase = tokens[j].norm if n == 1 else " ".join(tokens[k].norm for k in range(j, j + n))
        followers = self.rules.situations.get(phrase)
        if followers is None or not tokens.has(j + n) or not tokens[j + n].word \
                or "\n" in self.text[tokens[j + n - 1].end:tokens[j + n].start]:
            return False
        follower = tokens[j + n].norm
        if follower in followers:
            return True
        # "after I was done eating", "when I'm done working": finished; "I'm done feeling like this" is fed up
        return "-ing" in followers and follower.endswith("ing") and not follower.endswith("thing") \
            and follower != "during" and self.norm_before(tokens[0]) in _TIME_CONJUNCTIONS

    def mixed_case(self, token: _Token) -> bool:
        """A part of the word (between hyphens or apostrophes) written neither in lower case,
        capitals nor capitalised: "SAd" (sexually assaulted) is an abbreviation, not "sad";
        "Self-conscious" and "Heart-Broken" are words."""
        raw = self.text[token.start:token.end]
        if raw.islower() or raw.isupper():  # nearly every word: no part to look at
            return False
        return any(not (part.islower() or part.isupper() or part.istitle()) and part.lower() != part.upper()
                   for part in _LETTER_RUN.findall(raw))  # a part without case ("悲しい") is as written

    def emotion_kind(self, phrase: str, mode: str, need: str | None) -> str | None:
        """"yes" when the lexicon holds `phrase` as an emotion word fitting the cue, "link"
        when it is one but not a disclosure after this cue, else None. Cached per lexicon."""
        return _emotion_kind(self.lexicon, phrase, mode, need, self.rules.be_states, self.rules.ing_feelings)

    def adverb(self, token: _Token) -> bool:
        """An -ly adverb the lexicon does not hold as an adjective ("lonely" stays a candidate)."""
        return token.word and token.norm.endswith("ly") and _is_adverb(self.lexicon, token.norm)

    def adverb_before_emotion(self, j: int, mode: str) -> bool:
        """An -ly form of another word ("hopelessly" of hopeless, "sincerely" of sincere) right
        before an emotion word modifies it: "I feel hopelessly stuck" discloses stuck. Words that
        are their own lemma ("lonely", "lovely") stay candidates."""
        tokens = self.tokens
        norm = tokens[j].norm
        return (tokens[j].word and norm.endswith("ly") and _decompose(self.lexicon, norm).term not in (None, norm)
                and tokens.has(j + 1) and tokens[j + 1].word and self.candidate(j + 1, mode, None)[1] > 0)

    def in_vocabulary(self, word: str) -> bool:
        vocabulary = self.vocabulary
        assert vocabulary is not None
        return _in_vocabulary(word, vocabulary)

    def complement(self, j: int, mode: str, cue: str, negated: bool) -> list[Disclosure]:
        """Skip modifiers, then the emotion word(s), coordinated ones included."""
        tokens, rules = self.tokens, self.rules
        if not tokens.has(j) or _dead_start(self.lexicon, tokens[j].norm if tokens[j].word else "", mode):
            return []  # most cues ("I'm going", "I feel like") end at their first word: decided once per word
        found: list[Disclosure] = []
        start = j
        cue_found = 0  # disclosures found before the current verb
        self.intensified.clear()
        self.lessened.clear()
        beyond = False  # a negation read beyond comparison: "I've never felt so lost, so alone" affirms both
        for conjunct in range(MAX_CONJUNCTS):
            skipped, need, skip_from = 0, None, j
            while tokens.has(j) and skipped < MAX_SKIP:
                head = tokens[j]
                if head.norm in _DEGREE_DETERMINERS and (mode == "be" or head.norm == "this") \
                        and self.degree_of(j + 1, mode):
                    j, skipped = j + 1, skipped + 1  # "I've never been this happy", "I'm that tired": a degree
                    continue
                if head.norm not in rules.step_words and not (head.word and head.norm.endswith("ly")):
                    break  # nothing to skip here: the common case, without the table lookups below
                n = _match(tokens, j, rules.negators, rules.negator_first, 3)
                if n:
                    negated, j, skipped = True, j + n, skipped + n
                    skip_from = j  # a degree word before the negator is the word's own: "so not okay"
                    continue
                if tokens[j].norm in ("feeling", "felt") and mode == "be" and not found:
                    mode, cue, j = "feel", cue + " feeling", j + 1
                    start = j
                    continue
                n = _match(tokens, j, rules.modifiers, rules.modifier_first, 4)
                quantity = _match(tokens, j, rules.quantifiers, rules.quantifier_first, 4) if mode == "feel" else 0
                # "a bit of relief" is a quantity, "a bit uneasy" a downtoner, and "a little more
                # confident" a downtoner too: a quantity must reach a noun
                if quantity > n and (not n or self.candidate(j + quantity, mode, "noun")[1]):
                    n, need = quantity, "noun"
                    if tuple(tokens[k].norm for k in range(j, j + n)) in rules.scant and self.mass_noun(j + n):
                        negated = True  # "I feel little joy", "I don't feel hardly any joy": hardly any
                if not n and (self.adverb(tokens[j]) or self.adverb_before_emotion(j, mode)):
                    n = 1  # "inexplicably afraid", "socially anxious", "hopelessly stuck"
                if not n:
                    break
                if mode == "be" and tokens[j + n - 1].norm == "feel":
                    mode = "feel"  # "I'm starting to feel comfortable": a feeling, not a situation
                j, skipped = j + n, skipped + n
            if not tokens.has(j) or not tokens[j].word:
                break
            norm = tokens[j].norm
            if mode == "feel" and norm in _STOP_AFTER_FEEL:
                break
            if norm in _ARTICLES or (mode == "feel" and norm in _DETERMINERS):
                need, j = ("noun" if mode == "feel" else "adj"), j + 1
                while mode == "be" and tokens.has(j) and (_match(tokens, j, rules.modifiers, rules.modifier_first, 4)
                                                          or self.adverb(tokens[j])):
                    j += _match(tokens, j, rules.modifiers, rules.modifier_first, 4) or 1  # "a very depressed teenager"
            lead, n, wanted = self.candidate(j, mode, need)
            after = tokens[j + lead + 1].norm if n == 1 and tokens.has(j + lead + 1) else ""
            if conjunct and after in _VERB_OBJECTS:
                break  # "feel confident, and love myself", "grossed out but just wanted her to": a new verb
            if after in _OBJECT_OPENERS and tokens[j + lead].norm in ("wanted", "needed") and not (
                    tokens.has(j + lead + 2) and tokens[j + lead + 2].norm in _NOT_AN_OBJECT):
                break  # "felt hopeless and wanted some input", "what I felt needed to be said": a verb
            j += lead
            if n == 1 and not wanted and mode == "feel":  # "tremendous guilt": the noun is the one asked for
                for ahead in (1, 2):
                    lead, m, w = self.candidate(j + ahead, mode, "noun")
                    if m and w:
                        n, wanted, j = m, w, j + ahead + lead
                        break
            if not n and mode == "feel" and norm not in rules.gap_block and (conjunct == 0 or need):
                need, described = "noun", j
                for _ in range(2):  # "the overwhelming sadness": describing words before the noun
                    skipped_word = tokens[j].norm if tokens.has(j) else ""
                    if skipped_word in rules.not_describing and not (j == start and skipped_word in ("is", "was")):
                        break  # "I felt I could trust him" is a new clause; "all I felt was fear" is not
                    j += 1
                    lead, n, wanted = self.candidate(j, mode, need)
                    if n:
                        j += lead
                        break
                if not n and tokens.has(described + 1) and tokens[described + 1].norm in _FEELING_NOUNS:
                    # "a calm feeling" is named by its adjective, "a strong sense of dread" by its noun
                    if tokens.has(described + 2) and tokens[described + 2].norm == "of":
                        j = described + 3
                        lead, n, wanted = self.candidate(j, mode, "noun")
                    else:
                        j = described
                        lead, n, wanted = self.candidate(j, mode, "adj")
                        n = n if n == 1 and not lead else 0
            if not n:
                break
            first, last = tokens[j], tokens[j + n - 1]
            if wanted and mode == "be" and self.situation(j, n):
                wanted = False  # "I was stuck at home", "when I was done eating"; "I feel stuck at the moment"
            if wanted:
                span = self.text[first.start:last.end]
                graded = next((tokens[k].norm for k in range(skip_from, j) if tokens[k].norm in _DEGREE_WORDS), "") \
                    if skip_from < j else ""
                if not graded and j > skip_from and tokens[j - 1].norm == "as" and self.measured_by_now(j + n):
                    graded = "as"  # "never been as happy as I am now": not "as my sister", "as I was before"
                comparative = span[-2:] in ("er", "ER", "se", "SE") and _comparative(self.lexicon, span)  # -er, worse
                if graded or comparative:
                    self.intensified.add(first.start)
                if skip_from < j and tokens[j - 1].norm == "less":
                    self.lessened.add(first.start)
                beyond = beyond or negated and (graded or comparative) and self.beyond_compare(j, last.end, cue, graded)
                said = negated and not beyond
                result = _decompose(self.lexicon, f"not {span}" if said else span)
                found.append(Disclosure(self.doc, first.start, last.end, span, cue, said, result))
            j += n
            self.end = j
            # coordination: ", and", "but", "or" ... then another emotion word
            k, conj = j, list[str]()
            while tokens.has(k) and tokens[k].norm in _CONJUNCTIONS and len(conj) < 2:
                conj.append(tokens[k].norm)
                k += 1
            if not conj and tokens.has(k) and is_emoji(tokens[k].norm):
                conj = ["emoji"]  # "I'm so tired 😭": an emoji right after the word is another disclosure
            if not conj:
                break
            if tokens.has(k) and tokens[k].norm in ("feel", "felt", "feeling"):
                mode, k, cue_found = "feel", k + 1, len(found)  # "I am lost and feel helpless": a new verb
            elif len(found) > cue_found and not self.all_conjuncts:
                break  # one emotion word per cue, as in the authors' masks (docs/extraction.md)
            # ", but" contrasts as "but" does: "I'm not that happy, but okay"
            negated = negated and any(c in ("or", "nor", ",") for c in conj) and "but" not in conj \
                and "yet" not in conj or "nor" in conj
            if tokens.has(k) and tokens[k].norm in _CONTRASTING:
                negated = beyond = False  # "I'm not sad, just tired": the second word is stated
            j = k
        return found

    def run(self) -> tuple[Disclosure, ...]:
        text = self.text
        out: list[Disclosure] = []
        claimed = 0  # no character is read twice ("I was feeling" is one cue)
        for start, norm in _sites(text):
            if start < claimed:
                continue
            subject = start  # where the cue's "I" stands: elsewhere only for a coordinated feel verb
            self.tokens = tokens = _Window(text, start)
            norm = tokens[0].norm
            carried = ""  # the mood a coordinated feel verb carries ("and should feel", "I want to go out and feel")
            if norm in ("i", "i'm", "im", "i've", "ive", "i'd"):
                cue = self.cue_after_i(0, norm == "i" and not _may_follow_inversion(text, start))
            elif norm == "feeling" and self.opens_clause(0):
                cue = ("feel", "feeling", False, 1)
            elif norm in _FEEL:
                subject, negated, carried = self.coordinated_feel(start, norm)
                cue = ("feel", _FEEL[norm], negated, 1) if subject >= 0 else None
            else:
                continue
            if cue is None:
                continue
            mode, name, negated, j = cue
            self.end = j
            found = self.complement(j, mode, name, negated)
            if not found:
                continue
            view = self.view_before(subject) if norm != "feeling" else ""
            if norm in _FEEL and view in (_DOUBTED, _DENIED, _CONTRARY, _HOPED):
                view = ""  # "I don't know if I passed and feel anxious": the feel verb may be the main clause's
            if view in (_OTHERS, _ASKED, _DOUBTED) or self.quoted_by_other(start):
                continue
            mood = self.gap_mood(j) if norm == "i" else ""
            if view == _DENIED or mood == _DENIED:  # "I don't think I'm happy": the verb's negation reaches the feeling
                # "I don't think I've ever felt so alone", "I never thought I'd feel so happy" ("I'd" is
                # a past's would): beyond comparison, not "I don't think I ever feel so relaxed"
                cue_words = [tokens[k].norm for k in range(j)]
                sentence = max(text.rfind(mark, 0, subject) for mark in ".!?\n") + 1
                ever = "ever" in cue_words or "never" in cue_words or \
                    _NEVER_EXPECTED.search(text, max(sentence, subject - 40), subject)
                past = _perfect(name) or _past(name) or "i'd" in cue_words or "would" in cue_words
                found = self.denied(found, self.intensified if ever and past else ())
            if mood == _REAL and view in (_CONTRARY, _HOPED):
                view = ""  # "I wish that I could stop feeling sad": stopping takes the feeling as real
            if view == _CONTRARY or mood == _CONTRARY:  # "I pretend I'm happy", "I wish I wasn't so anxious"
                found = self.denied(found, self.lessened, contrary=True)
            if view == _HOPED or carried == _UNREAL or mood == _UNREAL:
                found = [replace(d, irrealis=True) for d in found]
            elif carried == _WANTED:  # one wants to feel good: "I want to die and feel so empty" states it
                found = [replace(d, irrealis=True) if _pleasant(d.decomposition) else d for d in found]
            elif mood == _UNREAL_IF_GRADED:  # "I could have been happier"; "I might have been depressed" hedges
                found = [replace(d, irrealis=True) if d.start in self.intensified else d for d in found]
            out.extend(found)
            claimed = tokens[self.end - 1].end
        return tuple(out)


def _perfect(cue: str) -> bool:
    """A perfect cue: "i have been", "i've felt", "i had been feeling", "i'd been"."""
    return cue.startswith(("i have ", "i've ", "i had ", "i'd "))


def _past(cue: str) -> bool:
    """A simple past cue: "i was", "i felt"."""
    return cue in ("i was", "i felt")


def _pleasant(decomposition: Decomposition) -> bool:
    """Whether a decomposition leans positive: more positive than negative sentiment."""
    sentiment = decomposition.sentiment
    return sentiment.get("positive", 0.0) > sentiment.get("negative", 0.0)


@lru_cache(maxsize=1 << 14)
def _comparative(lexicon: Lexicon, span: str) -> bool:
    """A one-word comparative of an emotion word: happier, calmer, lonelier, better, worse."""
    word = span.lower()
    if word in ("better", "worse"):
        return True
    return " " not in word and word.endswith("er") and _decompose(lexicon, word).term not in (None, word)


@lru_cache(maxsize=1 << 16)
def _dead_start(lexicon: Lexicon, norm: str, mode: str) -> bool:
    """Whether a complement whose first token is `norm` ("" for punctuation) ends at once,
    with no disclosure, whatever follows: no negator, modifier, quantifier, adverb, article,
    phrase or emotion word starts there (the first steps of `_Extractor.complement`)."""
    if not norm:
        return True
    if norm in _DEGREE_DETERMINERS:
        return False  # "I'm that tired"
    rules = _rules()
    if norm in rules.negator_first or norm in rules.modifier_first or _is_adverb(lexicon, norm):
        return False
    if mode == "feel":
        return norm in _STOP_AFTER_FEEL and norm not in rules.quantifier_first
    if norm in ("feeling", "felt") or norm in _ARTICLES or _phrase_lengths(lexicon).get(_first_key(norm), 1) > 1:
        return False
    return _emotion_kind(lexicon, norm, mode, None, rules.be_states, rules.ing_feelings) is None


def _may_follow_inversion(text: str, start: int) -> bool:
    """Whether a letter (after spaces) stands right before `start`: only then can the previous
    token be an inverting word ("do I feel"), which needs the slower backward read."""
    k = start - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k >= 0 and text[k].isalpha()


def _opens_clause(token: _Token | None) -> bool:
    """Whether `token` (the one before a phrase) leaves the phrase at a clause's start: none, a
    mark, or a coordinator."""
    return token is None or not token.word or token.norm in _COORDINATORS


def _looks_finite(norm: str) -> bool:
    """Whether a word after a noun phrase reads as its verb: an -ed form or a common finite verb."""
    return norm.endswith("ed") or norm in _FINITE_VERBS


def _may_be_coordinated(text: str, k: int) -> bool:
    """False when the feel verb at `k` surely follows no coordinator and gap words
    (`_Extractor.coordinated_feel` decides the rest). Those are word tokens with no mark
    between them, so they lie in the last three whitespace-separated chunks before the verb;
    a chunk's letter runs are read as the tokenizer reads them ("up,and", "annnd"). Most verbs
    follow "I ", and no coordinator or gap word ends in "i"."""
    if text[k - 2:k - 1] in ("i", "I"):
        return False
    reach = _COORDINATED_REACH
    while True:
        start = max(0, k - reach)
        chunks = text[start:k].rsplit(None, 3)
        if len(chunks) == 4 or start == 0:
            break
        reach *= 4
    tail = [chunk.lower() for chunk in chunks[-3:]]
    if all(chunk.isalpha() for chunk in tail):  # the common case: plain words, read as they are
        if not _COORDINATORS.isdisjoint(tail):
            return True
        if not any(_ELONGATED.search(chunk) for chunk in tail):
            return False
    return any(_ELONGATED.sub(r"\1", word) in _COORDINATORS
               for word in _LETTERS_OR_AMPERSAND.findall(" ".join(tail)))


def _coordinated_feel_sites(text: str, low: str) -> Iterator[tuple[int, str]]:
    """feel/felt (in `low`, which has the length of `text`) that may follow a coordinator."""
    for verb in ("feel", "felt"):  # str.find outruns a regular expression that starts with "f"
        k = low.find(verb)
        while k >= 0:
            if k and low[k - 1].isspace() and _WORD_ENDS.match(low, k + 4) and _may_be_coordinated(text, k):
                yield k, verb
            k = low.find(verb, k + 4)


def _sites(text: str) -> list[tuple[int, str]]:
    """(position, lower-cased form) of each possible cue, in text order; "I" only where a verb
    the rules need follows within reach."""
    low = text.lower()
    if len(low) != len(text):  # lower-casing changed the length (rare Unicode): the slow, exact scan
        sites = [(m.start(), m.group().lower()) for m in _CUE.finditer(text)]
        folded = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # same length, same places
        sites.extend(_coordinated_feel_sites(text, folded))
    else:
        sites = [(m.start(), m.group()) for m in _I_CUE.finditer(low)]
        if "feel" in low:
            sites.extend((m.start(), m.group()) for m in _FEELING_CUE.finditer(low))
        sites.extend(_coordinated_feel_sites(text, low))
    sites.sort()
    return sites


def extract_document(text: str, lexicon: Lexicon, vocabulary: frozenset[str] | None = None,
                     doc: str = "", all_conjuncts: bool | None = None) -> tuple[Disclosure, ...]:
    """The self-disclosures in one document, in text order; a pure function of its arguments.
    `all_conjuncts`: every emotion word of a coordination ("nervous but excited"), or only the
    first after each cue; by default all, except with a `vocabulary`, whose runs reproduce the
    authors' benchmark unit of one masked word per cue."""
    if not isinstance(text, str):
        raise InputError(f"expected text (str), got {type(text).__name__}")
    if not text:
        return ()
    if all_conjuncts is None:
        all_conjuncts = vocabulary is None
    return _Extractor(text, lexicon, vocabulary, doc, all_conjuncts).run()


@overload
def extract(text: str, lexicon: Lexicon | None = None, vocabulary: frozenset[str] | None = None,  # type: ignore[overload-overlap, misc, unused-ignore]
            all_conjuncts: bool | None = None) -> tuple[Disclosure, ...]: ...
@overload
def extract(text: Iterable[str], lexicon: Lexicon | None = None, vocabulary: frozenset[str] | None = None,
            all_conjuncts: bool | None = None) -> Iterator[tuple[Disclosure, ...]]: ...


def extract(text: str | Iterable[str], lexicon: Lexicon | None = None, vocabulary: frozenset[str] | None = None,
            all_conjuncts: bool | None = None) -> tuple[Disclosure, ...] | Iterator[tuple[Disclosure, ...]]:
    """The disclosures of one text; given an iterable of texts, an iterator of each one's
    disclosures (document ids are the 1-based positions)."""
    if lexicon is None:
        from ..engine import default_lexicon

        lexicon = default_lexicon()
    if isinstance(text, str):
        return extract_document(text, lexicon, vocabulary, all_conjuncts=all_conjuncts)
    chosen = lexicon
    return (extract_document(item, chosen, vocabulary, str(number), all_conjuncts)
            for number, item in enumerate(text, 1))
