"""The resolver: from what a person typed to a lexicon term, in a documented order
(docs/resolver.md), each step recorded in the result's method and explanation.

1. normalisation (lookup_key), then the compiled table: exact lemma, listed form, phrase
2. framing words dropped ("I feel", "I'm feeling", "felt"), modifiers peeled from the edges:
   negators, intensifiers, downtoners, hedges; the table is tried again after each peel
3. lemma: inflection and derivation rules and WordNet's irregular forms (no WordNet needed)
4. composition: "X but Y", "X and Y", "X yet Y", "X, Y", "X & Y" and emoji beside words, each
   part resolved on its own and the parts combined by element-wise max (method composed)
5. guards: a foreign or slang word (merci, thang) is refused; a joined word (missingyou) is
   split into known words and resolved without spelling correction, or refused
6. fuzzy: a spelling correction, only for strings that are not English words
7. wordnet: a bounded walk from the word's senses to a synset the lexicon links to
8. unknown
Modifiers then scale the vector (intensity) or map it through the theory's opposites (negation).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Mapping

from ..model import METHODS, Decomposition, Step, is_emoji, lookup_key

if TYPE_CHECKING:
    from ..data import WordNetSubset
    from ..model import BasicTheory, CompiledTerm

__all__ = [
    "Resolver", "FRAMING", "NEGATORS", "INTENSIFIERS", "DOWNTONERS", "HEDGES", "TRAILING", "TRAILING_INTENSIFIERS",
    "FUZZY_CUTOFF", "FUZZY_MIN_LENGTH", "max_edits", "WORDNET_MAX_HOPS", "WORDNET_WEIGHTS", "WORDNET_START_LEXNAMES",
    "CONFIDENCE", "CONJUNCTIONS", "FUNCTION_WORDS", "split_joined",
]


def _phrases(*items: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(item.split()) for item in items)


# What people put around an emotion word when they talk about themselves. Dropped, no effect.
FRAMING = _phrases(
    "i", "i'm", "im", "i've", "ive", "i'd", "me", "myself", "am", "was", "were", "is", "are", "be", "been",
    "being", "feel", "feels", "felt", "feeling", "get", "gets", "got", "getting", "become", "became",
    "becoming", "made me", "makes me", "make me", "it made me", "it makes me", "left me", "leaves me",
    "it's", "its", "it was", "that's", "just", "still", "now", "also", "honestly", "literally",
)
NEGATORS = _phrases(
    "not", "never", "no", "no longer", "not at all", "not really", "nor", "without", "don't", "dont", "didn't",
    "didnt", "doesn't", "doesnt", "isn't", "isnt", "wasn't", "wasnt", "aren't", "arent", "weren't", "werent",
    "ain't", "aint", "won't", "wont", "can't", "cant", "couldn't", "couldnt", "haven't", "havent", "hardly ever",
)
INTENSIFIERS = _phrases(
    "very", "really", "so", "extremely", "utterly", "totally", "completely", "absolutely", "incredibly",
    "super", "deeply", "truly", "terribly", "awfully", "insanely", "seriously", "immensely", "hugely",
    "massively", "profoundly", "intensely", "thoroughly", "exceptionally", "especially", "particularly",
    "majorly", "hella", "mega", "too", "way too", "so much", "very much", "beyond", "overly", "increasingly",
    "genuinely", "painfully", "unbelievably", "ridiculously", "exceedingly", "fucking", "freaking", "bloody",
    "damn", "damned", "wildly", "madly", "desperately", "entirely", "fully", "most", "more", "even more",
    "highkey",
)
DOWNTONERS = _phrases(
    "a bit", "a little", "a little bit", "a tad", "a touch", "slightly", "kinda", "kind of", "sorta",
    "sort of", "somewhat", "mildly", "a wee bit", "a smidge", "marginally", "vaguely", "faintly", "barely",
    "hardly", "scarcely", "lightly", "partly", "partially", "less", "a little less", "moderately",
    "semi", "quasi", "almost", "nearly", "lowkey", "low key", "lowkey kinda",
)
# Words that soften or qualify without a clear direction: dropped and noted, weights unchanged.
HEDGES = _phrases("pretty", "quite", "fairly", "rather", "reasonably", "oddly", "strangely", "weirdly",
                  "suddenly", "always", "often", "sometimes", "constantly", "mostly", "generally", "a lot",
                  "all")
# Qualifiers after the word ("not happy at all", "sad today"): dropped.
TRAILING = _phrases("at all", "anymore", "any more", "right now", "lately", "today", "now", "again", "too",
                    "though", "tbh", "lol", "inside", "about it", "for real", "honestly",
                    # who the feeling is about ("miss you", "love you", "hate it", "proud of you")
                    "you", "u", "ya", "you guys", "y'all", "him", "her", "them", "it", "this", "that", "us",
                    "everyone", "everybody", "everything", "of you", "for you", "with you", "about you", "at you",
                    "of him", "of her", "of them", "of it", "with it", "about this", "about that", "of this")
# Intensifiers that follow the word ("stressed out af", "miss her so much").
TRAILING_INTENSIFIERS = _phrases("so much", "very much", "a lot", "af", "as hell", "as fuck", "like crazy",
                                 "beyond words", "to the core")

_LEFT = {**{p: "framing" for p in FRAMING}, **{p: "hedge" for p in HEDGES}, **{p: "downtoner" for p in DOWNTONERS},
         **{p: "intensifier" for p in INTENSIFIERS}, **{p: "negator" for p in NEGATORS}}
_LONGEST_LEFT = max(len(p) for p in _LEFT)
_RIGHT = {**{p: "trailing" for p in TRAILING}, **{p: "intensifier" for p in TRAILING_INTENSIFIERS}}
_LONGEST_RIGHT = max(len(p) for p in _RIGHT)
MAX_WORDS = 12  # longer than any lexicon phrase with all its framing and modifiers

# What joins the parts of a composition ("heartbroken but hopeful", "angry & scared", "sad, tired").
CONJUNCTIONS = frozenset({"but", "and", "yet", "&", ","})
_CONJUNCTION_MARKS = re.compile(r"\s*([,&])\s*")
# Words that are not in WordNet's list but are plainly English: a string made of these and
# English words is not a misspelling, and a joined word may be split into them ("missingyou").
FUNCTION_WORDS = frozenset({
    "i", "me", "my", "mine", "you", "your", "yours", "u", "ur", "he", "him", "his", "she", "her", "hers", "it",
    "its", "we", "us", "our", "they", "them", "their", "this", "that", "these", "those", "the", "a", "an",
    "and", "but", "or", "yet", "nor", "so", "of", "to", "in", "on", "at", "for", "with", "about", "from", "by",
    "up", "out", "off", "down", "over", "into", "am", "is", "are", "was", "were", "be", "been", "not", "no",
    "too", "very", "just", "all", "im", "ive", "id", "dont", "cant", "wont", "ya", "ye",
    *(word for phrases in (FRAMING, NEGATORS, INTENSIFIERS, DOWNTONERS, HEDGES, TRAILING)
      for phrase in phrases if len(phrase) == 1 for word in phrase if word.isalpha()),
})
SPLIT_MIN_LENGTH = 5  # a joined word has at least two words in it
# Endings that WordNet also lists as words: a piece that is one is a misspelt derivation.
_SUFFIX_WORDS = frozenset({"ness", "less", "ment", "ful", "fully", "ship", "hood", "able", "ible", "ation",
                           "tion", "sion", "ance", "ence", "ally", "ing", "ings", "ed", "er", "est", "ly", "ity"})
_SPLIT_MAX_PARTS = 3

# Confidence multiplied in by each step (docs/resolver.md).
CONFIDENCE = {
    "inflection": 0.95,
    "derivation": 0.9,
    "joined": 0.95,
    "split": 0.9,  # a joined word read as the words in it ("missingyou" -> "missing you")
    "composed": 0.9,  # a composition: does "but" weaken the first part? the max cannot say
    "emoji-base": 0.8,  # an unknown ZWJ sequence read as the first known emoji in it
    "intensity": 0.95,
    "negation": 0.7,
    "fuzzy": 0.9,  # times the similarity score / 100
}
FUZZY_CUTOFF = 80.0  # rapidfuzz fuzz.ratio, 0-100
FUZZY_MIN_LENGTH = 5

WORDNET_MAX_HOPS = 2
WORDNET_WEIGHTS = {
    "synset-member": 0.9,
    "similar-to": 0.75,
    "derivation": 0.85,
    "pertainym": 0.85,
    "verb-group": 0.8,
    "also-see": 0.7,
    "hypernym": 0.7,
}
# Hypernyms generalise; only inside the feeling files is the more general word still a feeling.
_HYPERNYM_LEXNAMES = frozenset({"noun.feeling", "verb.emotion"})
# Where a walk may start: a noun or verb sense must be in a feeling file; adjectives and
# adverbs may be any but relational ones (adj.pert: "wooden" pertains to wood).
WORDNET_START_LEXNAMES = frozenset({"noun.feeling", "verb.emotion", "adj.all", "adj.ppl", "adv.all"})
_START_LEXNAMES = WORDNET_START_LEXNAMES

_METHOD_RANK = {name: i for i, name in enumerate(METHODS)}


def _keep_nonzero(value: float) -> float:
    """Round to 4 places without letting a scaled-down weight vanish (modifiers never drop an emotion)."""
    return max(round(value, 4), 0.0001) if value > 0 else 0.0


def _base_forms(word: str) -> frozenset[str]:
    """The word and what one inflection rule or irregular form makes of it."""
    from .morphology import candidates

    return frozenset({word, *(c for c, path, _ in candidates(word, max_steps=1) if path[0][0] == "inflection")})


def _tried(kind: str, source: str, text: str) -> Step:
    """A step that was tried and reached nothing (or was skipped): no target, no weight."""
    return Step(kind, source, None, None, None, text)


def split_joined(word: str, is_word) -> list[tuple[str, ...]]:
    """Ways to read `word` as 2-3 words run together, fewest pieces and longest first piece first.

    `is_word` says whether a piece is a word; a piece of one letter must be a function word (i, u).
    """
    found: list[tuple[str, ...]] = []

    def walk(rest: str, pieces: tuple[str, ...]) -> None:
        if len(pieces) == _SPLIT_MAX_PARTS:
            return
        for cut in range(len(rest) - 1, 0, -1):
            head, tail = rest[:cut], rest[cut:]
            if not is_word(head):
                continue
            if is_word(tail):
                found.append((*pieces, head, tail))
            walk(tail, (*pieces, head))

    walk(word, ())
    return sorted(set(found), key=lambda pieces: (len(pieces), -len(pieces[0]), pieces))


def max_edits(length: int) -> int:
    """Edits a spelling correction may make: none under 5 letters, 1 up to 8, 2 from 9."""
    if length < FUZZY_MIN_LENGTH:
        return 0
    return 1 if length <= 8 else 2


@dataclass(frozen=True, slots=True)
class _Match:
    key: str  # the table key matched
    method: str
    factor: float
    notes: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class _Modifier:
    kind: str  # intensifier, downtoner, negator
    words: str


class Resolver:
    """Resolves inputs the compiled table does not hold verbatim. Owned by a Lexicon."""

    def __init__(self, table: Mapping[str, "CompiledTerm"], theory: "BasicTheory", synsets: dict[str, str],
                 wordnet: "WordNetSubset | None | bool") -> None:
        self._table = table
        self._theory = theory
        self._synsets = synsets
        # None: look for WordNet on first need; False: never; a WordNet: use it
        self._wordnet_setting = wordnet
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        self._phrases: dict[int, list[tuple[str, tuple[frozenset[str], ...]]]] | None = None
        levels = theory.level_weights
        self.intensify = levels["intense"] / levels["basic"]
        self.downtone = levels["mild"] / levels["basic"]
        self.negation_strength = levels["mild"] / levels["basic"]

    # -- WordNet --------------------------------------------------------------------------

    @property
    def wordnet(self) -> "WordNetSubset | None":
        """The shipped WordNet subset (read on first need), or None when the step is switched off.

        Never the WordNet installed on the machine: every installation walks the same data.
        """
        if self._wordnet_setting is None or self._wordnet_setting is True:
            from ..data import load_wordnet_subset

            self._wordnet_setting = load_wordnet_subset()
        setting = self._wordnet_setting
        return None if setting is False else setting

    # -- the steps ------------------------------------------------------------------------

    def _lookup(self, tokens: tuple[str, ...]) -> _Match | None:
        key = " ".join(tokens)
        record = self._table.get(key)
        if record is not None:
            return _Match(key, record.method, 1.0, ())
        if 2 <= len(tokens) <= 3:  # "heart broken" -> heartbroken, "over joyed" -> overjoyed
            joined = "".join(tokens)
            if joined in self._table:
                return _Match(joined, "phrase", CONFIDENCE["joined"],
                              (Step("joined", key, joined, CONFIDENCE["joined"], "joined compound",
                                    f"joined {key!r} into {joined!r}"),))
        return None

    def _peel(self, tokens: tuple[str, ...]) -> tuple[str, str, tuple[str, ...]] | None:
        """The outermost modifier: (kind, words, remaining tokens), longest match first, left edge first."""
        for size in range(min(_LONGEST_LEFT, len(tokens) - 1), 0, -1):
            kind = _LEFT.get(tokens[:size])
            if kind is not None:
                return kind, " ".join(tokens[:size]), tokens[size:]
        for size in range(min(_LONGEST_RIGHT, len(tokens) - 1), 0, -1):
            kind = _RIGHT.get(tokens[-size:])
            if kind is not None:
                return kind, " ".join(tokens[-size:]), tokens[:-size]
        return None

    def _lemma(self, tokens: tuple[str, ...], notes: list[Step]) -> _Match | None:
        from .morphology import candidates

        if len(tokens) > 1:
            return self._phrase_lemma(tokens, notes)
        token = tokens[0]
        for candidate, path, target in candidates(token):
            record = self._table.get(candidate)
            if record is None:
                continue
            # A lemma must fit the rule's part of speech (likely is not like + -ly); a listed
            # form already says which word it belongs to.
            if record.method == "exact" and record.pos not in target:
                continue
            factor = math.prod(CONFIDENCE[kind] for kind, _ in path)
            rules = ", then ".join(rule for _, rule in path)
            return _Match(candidate, "lemma", factor,
                          (Step("lemma", token, candidate, factor, rules, f"lemma: {token!r} -> {candidate!r} ({rules})"),))
        notes.append(_tried("lemma", token, f"lemma: no base form of {token!r} is in the lexicon"))
        return None

    def _phrase_lemma(self, tokens: tuple[str, ...], notes: list[Step]) -> _Match | None:
        """A lexicon phrase whose words are inflections of the input's ("stressing out" ~ "stressed out")."""
        if self._phrases is None:
            phrases: dict[int, list[tuple[str, tuple[frozenset[str], ...]]]] = {}
            for key in self._table:
                words = key.split()
                if len(words) > 1:
                    phrases.setdefault(len(words), []).append((key, tuple(_base_forms(w) for w in words)))
            self._phrases = phrases
        wanted = tuple(_base_forms(t) for t in tokens)
        matches = [key for key, forms in self._phrases.get(len(tokens), ()) if all(a & b for a, b in zip(wanted, forms))]
        if matches:
            # the phrase sharing the most words verbatim, then the first alphabetically
            key = min(matches, key=lambda k: (-sum(a == b for a, b in zip(k.split(), tokens)), k))
            text = " ".join(tokens)
            return _Match(key, "lemma", CONFIDENCE["inflection"],
                          (Step("lemma", text, key, CONFIDENCE["inflection"], "phrase inflection",
                                f"lemma: {text!r} -> {key!r} (the same words, inflected differently)"),))
        text = " ".join(tokens)
        notes.append(_tried("lemma", text, f"lemma: no lexicon phrase has the words of {text!r} in another form"))
        return None

    def _fuzzy_buckets(self) -> dict[tuple[str, int], list[str]]:
        if self._buckets is None:
            buckets: dict[tuple[str, int], list[str]] = {}
            for key in self._table:
                if key:
                    buckets.setdefault((key[0], len(key)), []).append(key)
            self._buckets = buckets
        return self._buckets

    def fuzzy_candidates(self, text: str) -> list[tuple[str, float, int]]:
        """Lexicon keys a misspelt `text` may mean: (key, fuzz.ratio score, edit distance), best first.

        Same first letter, length within the edit budget, score at least FUZZY_CUTOFF, and at
        most max_edits(len(text)) edits (optimal string alignment, so a swap is one edit).
        """
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import OSA

        budget = max_edits(len(text))
        if budget == 0:
            return []
        buckets = self._fuzzy_buckets()
        pool = [key for size in range(len(text) - budget, len(text) + budget + 1)
                for key in buckets.get((text[0], size), ())]
        found = []
        for key, score, _ in process.extract(text, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8):
            distance = OSA.distance(text, key, score_cutoff=budget)
            if distance <= budget:
                found.append((key, score, distance))
        found.sort(key=lambda item: (item[2], -item[1], item[0]))
        return found

    def _fuzzy(self, tokens: tuple[str, ...], notes: list[Step]) -> _Match | None:
        from .morphology import is_english_word

        text = " ".join(tokens)
        if len(text) < FUZZY_MIN_LENGTH:
            notes.append(_tried("fuzzy", text, f"fuzzy: skipped, {text!r} is under {FUZZY_MIN_LENGTH} characters"))
            return None
        if all(token in FUNCTION_WORDS or is_english_word(token) for token in tokens):
            notes.append(_tried("fuzzy", text, f"fuzzy: skipped, {text!r} is English, not a misspelling"))
            return None
        found = self.fuzzy_candidates(text)
        if not found:
            notes.append(_tried("fuzzy", text, f"fuzzy: no lexicon term within {max_edits(len(text))} edit(s) "
                                               f"and score {FUZZY_CUTOFF:g}"))
            return None
        if len(tokens) == 1:
            # A space is not a spelling slip: "missingyou" is not "missing out" (the split step reads joined words).
            found = [candidate for candidate in found if " " not in candidate[0]]
            if not found:
                notes.append(_tried("fuzzy", text, f"fuzzy: no single lexicon word within {max_edits(len(text))} "
                                                   f"edit(s) and score {FUZZY_CUTOFF:g}"))
                return None
        key, score, distance = found[0]
        rivals = [k for k, s, d in found[1:] if (d, s) == (distance, score)]
        dominant = self._dominant(key)
        if any(self._dominant(k) != dominant for k in rivals):
            notes.append(_tried("fuzzy", text, f"fuzzy: ambiguous, {text!r} is as close to {key!r} as to {rivals[0]!r}"))
            return None
        factor = CONFIDENCE["fuzzy"] * score / 100
        return _Match(key, "fuzzy", factor,
                      (Step("fuzzy", text, key, factor, f"{distance} edit(s)",
                            f"fuzzy: {text!r} -> {key!r} (score {score:.1f} >= {FUZZY_CUTOFF:g}, {distance} edit(s))"),))

    def _dominant(self, key: str) -> int:
        vector = self._table[key].vector
        return max(range(len(vector)), key=vector.__getitem__)

    def _wordnet(self, tokens: tuple[str, ...], notes: list[Step]) -> _Match | None:
        wordnet = self.wordnet
        if wordnet is None:
            notes.append(_tried("wordnet", " ".join(tokens), "wordnet: switched off (wordnet=False, --no-wordnet)"))
            return None
        word = "_".join(tokens)
        senses = wordnet.senses(word)
        # A word is read in its most frequent sense: "animal" is the creature before it is
        # the adjective, so it is not walked at all. (The shipped subset lists a word's senses
        # only when the most frequent one is a feeling or description.)
        starts = [s for s in senses if s.lexname in _START_LEXNAMES] if senses and senses[0].lexname in _START_LEXNAMES else []
        if not starts:
            notes.append(_tried("wordnet", word, "wordnet: no WordNet 3.0 word whose most frequent sense is a feeling "
                                                 "or description"))
            return None
        # Best-first over products of relation weights, at most WORDNET_MAX_HOPS steps.
        best: dict[str, tuple[float, tuple[str, ...]]] = {}
        frontier: list[tuple[float, str, tuple[str, ...]]] = [(WORDNET_WEIGHTS["synset-member"], s.name, (f"{s.name} ({s.lexname})",)) for s in starts]
        for score, name, path in frontier:
            best.setdefault(name, (score, path))
        lexnames = {s.name: s.lexname for s in starts}
        # A word's own sense is not a landing when its gloss asserts none of the emotions of the
        # lexicon term linking it (the build's gloss check): "abominable" is not "awful" through
        # "exceptionally bad or displeasing".
        unsupported = {s.name for s in starts} & getattr(wordnet, "unsupported_landings", frozenset())
        for _ in range(WORDNET_MAX_HOPS):
            next_frontier: list[tuple[float, str, tuple[str, ...]]] = []
            for score, name, path in frontier:
                if name in self._synsets and not (len(path) == 1 and name in unsupported):
                    continue  # a landing; no need to walk past it
                lexname = lexnames.get(name) or name.split(".")[-2]
                last = path[-1].split(" ", 1)[0]
                for relation, other in wordnet.links(name):
                    if relation == "hypernym" and lexname not in _HYPERNYM_LEXNAMES:
                        continue
                    # Only a pertainym (adverb -> its adjective) or a feeling hypernym may be followed
                    # by another step: two semantic steps drift (dicey -> dangerous -> suicidal).
                    if last not in ("pertainym", "hypernym") and len(path) > 1:
                        continue
                    new_score = score * WORDNET_WEIGHTS[relation]
                    if other in best and best[other][0] >= new_score:
                        continue
                    best[other] = (new_score, (*path, f"{relation} {other}"))
                    if relation == "hypernym" or other not in lexnames:
                        info = wordnet.synset(other)
                        lexnames[other] = info.lexname if info else ""
                    next_frontier.append((new_score, other, best[other][1]))
            frontier = next_frontier
        landings = sorted(((score, name, path) for name, (score, path) in best.items()
                           if name in self._synsets and not (len(path) == 1 and name in unsupported)),
                          key=lambda item: (-item[0], item[1]))
        if not landings:
            shown = ", ".join(s.name for s in starts[:4])
            notes.append(_tried("wordnet", word, f"wordnet: no synset the lexicon links to within {WORDNET_MAX_HOPS} "
                                                 f"steps of {shown}"))
            return None
        score, name, path = landings[0]
        key = self._synsets[name]
        return _Match(key, "wordnet", score,
                      (Step("wordnet", word, key, score, " -> ".join(path),
                            f"wordnet: {' -> '.join(path)} -> lexicon term {key!r} (weight {score:.2f})"),))

    # -- putting it together ------------------------------------------------------------------

    def resolve(self, text: str, key: str, *, compose: bool = True, respell: bool = True) -> Decomposition:
        """Resolve `text` (already checked) whose lookup key `key` missed the table.

        `compose` allows splitting at conjunctions; `respell` allows the joined-word split,
        the ZWJ fallback and spelling correction (both off for the parts of a split or composition).
        """
        notes: list[Step] = []
        if key != text.strip():
            notes.append(Step("normalised", text.strip(), key, None, None, f"normalised {text.strip()!r} to {key!r}"))
        tokens = tuple(key.split())
        if not tokens:
            return self._unknown(text, notes + [_tried("unknown", key, "no letters or digits to look up")])
        if len(tokens) > MAX_WORDS:
            return self._unknown(text, notes + [_tried("unknown", key, f"{len(tokens)} words: longer than any emotion "
                                                                       f"expression ({MAX_WORDS})")])
        before_peeling = len(notes)
        modifiers: list[_Modifier] = []
        match = None
        while True:
            match = self._lookup(tokens)
            if match is not None:
                break
            peeled = self._peel(tokens)
            if peeled is None:
                match = self._lemma(tokens, notes)
                break
            kind, words, tokens = peeled
            if kind in ("framing", "hedge", "trailing"):
                notes.append(Step(kind, words, None, None, None, f"{kind} {words!r} dropped"))
            else:
                modifiers.append(_Modifier(kind, words))
        if match is None and compose:
            composed = self._compose(text, key, notes[:before_peeling], notes)
            if composed is not None:
                return composed
        if match is None and respell:
            # Before any spelling correction: a foreign or slang word is refused, an emoji
            # sequence read as the emoji in it, a joined word as the words in it.
            guarded = self._foreign(text, tokens, notes) or self._emoji_base(text, tokens, notes) or \
                self._split(text, tokens, notes, listing=False)
            if guarded is not None:
                return guarded
            match = self._fuzzy(tokens, notes)
            if match is None:
                # Emotion words run together ("sadtired") are a list, once no spelling fits.
                listed = self._split(text, tokens, notes, listing=True)
                if listed is not None:
                    return listed
                match = self._wordnet(tokens, notes)
        elif match is None:
            match = self._wordnet(tokens, notes)
        if match is None:
            return self._unknown(text, notes)
        return self._apply(text, match, modifiers, notes)

    # -- compositions -----------------------------------------------------------------------

    def _parts(self, key: str) -> tuple[list[tuple[str, ...]], list[str]]:
        """The parts of a composition and the words that joined them; a lexicon phrase that
        contains a conjunction ("sick and tired", "on pins and needles") stays whole."""
        tokens = _CONJUNCTION_MARKS.sub(r" \1 ", key).split()
        protected: set[int] = set()
        for i in range(len(tokens)):
            for j in range(len(tokens), i + 1, -1):
                span = tokens[i:j]
                if any(t in CONJUNCTIONS for t in span[1:-1]) and " ".join(span) in self._table:
                    protected.update(range(i, j))
                    break
        parts: list[tuple[str, ...]] = []
        joiners: list[str] = []
        current: list[str] = []
        for i, token in enumerate(tokens):
            if token in CONJUNCTIONS and i not in protected:
                if current:
                    parts.append(tuple(current))
                    current = []
                joiners.append(token)
            elif is_emoji(token) and i not in protected:
                # An emoji beside words is a part of its own ("so tired 😭").
                if current:
                    parts.append(tuple(current))
                parts.append((token,))
                current = []
            else:
                current.append(token)
        if current:
            parts.append(tuple(current))
        # Punctuation at a part's edges ("so tired!! 😭") goes as it does around a whole input;
        # a part of punctuation alone is no part.
        keys = (lookup_key(" ".join(words)) for words in parts)
        return [tuple(key.split()) for key in keys if key], joiners

    def _part(self, words: tuple[str, ...]) -> Decomposition:
        key = " ".join(words)
        record = self._table.get(key)
        if record is None:
            return self.resolve(key, key, compose=False, respell=True)
        return Decomposition(key, record.term, record.method, record.confidence, self._theory.emotions,
                             record.vector, record.sentiment, record.path, self._theory.name, key)

    def _compose(self, text: str, key: str, head: list[Step], notes: list[Step]) -> Decomposition | None:
        """ "X but Y" as the element-wise max of X and Y (docs/resolver.md, "Compositions")."""
        parts, joiners = self._parts(key)
        if len(parts) < 2:
            return None
        results = [self._part(words) for words in parts]
        known = [r for r in results if r.known]
        shown = " | ".join(" ".join(words) for words in parts)
        if not known:
            notes.append(_tried("composed", key, f"composed: no part of {shown!r} is in the lexicon"))
            return None
        size = len(self._theory.emotions)
        vector = tuple(max(r.vector[i] for r in known) for i in range(size))
        sentiment = (max(r.sentiment_vector[0] for r in known), max(r.sentiment_vector[1] for r in known))
        confidence = min(r.confidence for r in known) * CONFIDENCE["composed"] * len(known) / len(results)
        by = ", ".join(sorted(set(joiners), key=joiners.index)) or "an emoji"
        lines = [*head, Step("composed", key, " + ".join(r.term or "?" for r in known), CONFIDENCE["composed"],
                             "element-wise max",
                             f"composed: {key!r} split at {by} into {len(results)} parts, combined by "
                             f"element-wise max (x{CONFIDENCE['composed']:.2f})")]
        for number, (words, result) in enumerate(zip(parts, results), 1):
            part = " ".join(words)
            if result.known:
                lines.append(Step("composed", part, result.term, result.confidence, f"part {number} of {len(results)}",
                                  f"part {number}: {part!r} -> {result.term!r} ({result.method}, "
                                  f"confidence {result.confidence:.2f})"))
            else:
                lines.append(_tried("composed", part, f"part {number}: {part!r} is not in the lexicon; left out"))
            lines.extend(result.path)
        if len(known) < len(results):
            lines.append(Step("confidence", key, None, round(confidence, 4), None,
                              f"confidence {confidence:.2f} = weakest part x {CONFIDENCE['composed']:.2f} x "
                              f"{len(known)}/{len(results)} parts known"))
        return Decomposition(text, " + ".join(r.term or "" for r in known), "composed", round(confidence, 4),
                             self._theory.emotions, tuple(_keep_nonzero(v) for v in vector),
                             (_keep_nonzero(sentiment[0]), _keep_nonzero(sentiment[1])), tuple(lines),
                             self._theory.name, None)

    # -- guards before spelling correction ------------------------------------------------------

    def _foreign(self, text: str, tokens: tuple[str, ...], notes: list[Step]) -> Decomposition | None:
        """A word of another language or English slang (merci, thang) is not a misspelling: refused."""
        from .morphology import not_misspellings

        listed = not_misspellings()
        for token in tokens:
            if token in listed:
                notes.append(_tried("fuzzy", token, f"fuzzy: skipped, {token!r} is a word of its own "
                                                     f"({listed[token]}), not a misspelling of an English word"))
                return self._unknown(text, notes)
        return None

    def _emoji_base(self, text: str, tokens: tuple[str, ...], notes: list[Step]) -> Decomposition | None:
        """An unknown ZWJ sequence read as the first known emoji in it ("couple with heart" is its heart)."""
        token = tokens[0]
        if len(tokens) != 1 or "\u200d" not in token or not is_emoji(token):
            return None
        base = next((part for part in token.split("\u200d") if part in self._table), None)
        if base is None:
            return None
        result = self._part((base,))
        step = Step("emoji", token, base, CONFIDENCE["emoji-base"], "ZWJ sequence",
                    f"emoji: {token!r} is not in the lexicon; read as the emoji in it, {base!r}")
        return replace(result, input=text, method=max(result.method, "phrase", key=_METHOD_RANK.__getitem__),
                       confidence=round(result.confidence * CONFIDENCE["emoji-base"], 4),
                       path=(*notes, step, *result.path))

    def _split(self, text: str, tokens: tuple[str, ...], notes: list[Step], listing: bool) -> Decomposition | None:
        """A joined word ("missingyou") read as the words in it, without spelling correction.

        `listing`: read lexicon words run together as a list ("sadtired" is "sad, tired").
        """
        token = tokens[0]
        if len(tokens) != 1 or len(token) < SPLIT_MIN_LENGTH or not token.isalpha() or self._is_english(token):
            return None
        # Only a credible reading counts: at most one piece an English word the lexicon does not
        # hold, the others function words or lexicon words; a one-letter piece (i, u) only last
        # or opening three. WordNet's list is full of rare short words ("frusta ted", "diss a
        # pointed"), and those misspellings are for the fuzzy step.
        splits = [pieces for pieces in split_joined(token, self._is_split_piece)
                  if sum(p not in FUNCTION_WORDS and p not in self._table for p in pieces) <= 1
                  and all(len(p) > 1 for p in pieces[1:-1]) and (len(pieces[0]) > 1 or len(pieces) > 2)]
        if listing:
            splits = [pieces for pieces in splits if all(p in self._table and len(p) >= 3 for p in pieces)]
        for pieces in splits[:8]:
            joined = (", " if listing else " ").join(pieces)
            result = self.resolve(joined, joined, compose=True, respell=False)
            if result.known:
                step = Step("split", token, joined, CONFIDENCE["split"], "joined words",
                            f"split: {token!r} read as the words {joined!r}")
                return replace(result, input=text, method=max(result.method, "phrase", key=_METHOD_RANK.__getitem__),
                               confidence=round(result.confidence * CONFIDENCE["split"], 4),
                               path=(*notes, step, *result.path))
        if splits and not listing:
            shown = " / ".join(repr(" ".join(pieces)) for pieces in splits[:3])
            notes.append(_tried("split", token, f"split: {token!r} is the words {shown}, which have no reading; "
                                                f"a correction may not join or part words"))
        return None

    @staticmethod
    def _is_english(word: str) -> bool:
        from .morphology import is_english_word

        return word in FUNCTION_WORDS or is_english_word(word)

    def _is_split_piece(self, piece: str) -> bool:
        """A piece of a joined word: a function word, a lexicon word, or an English word of 4+ letters
        that is not also a suffix ("happy ness" is a derivation, not two words)."""
        from .morphology import english_words

        if piece in FUNCTION_WORDS or (piece in self._table and len(piece) >= 3):
            return True
        return len(piece) >= 4 and piece not in _SUFFIX_WORDS and piece in english_words()

    def _apply(self, text: str, match: _Match, modifiers: list[_Modifier], notes: list[Step]) -> Decomposition:
        theory = self._theory
        record = self._table[match.key]
        base_confidence, vector, sentiment = record.confidence, record.vector, record.sentiment
        methods = [record.method, match.method]
        confidence = base_confidence * match.factor
        factors = [f"{base_confidence:.2f} ({match.key!r} in the lexicon)"]
        if match.factor != 1.0:
            factors.append(f"{match.factor:.2f} ({match.method})")
        lines = [*notes, *match.notes]
        values = list(vector)
        positive, negative = sentiment
        index = {name: i for i, name in enumerate(theory.emotions)}
        for modifier in reversed(modifiers):  # innermost first: "not very happy" = not (very happy)
            if modifier.kind == "negator":
                flipped = [0.0] * len(values)
                for emotion, i in index.items():
                    flipped[index[theory.opposite[emotion]]] += values[i] * self.negation_strength
                values = flipped
                positive, negative = negative * self.negation_strength, positive * self.negation_strength
                pairs = ", ".join(f"{e}->{theory.opposite[e]}" for e in theory.emotions[:4])
                lines.append(Step("negation", modifier.words, None, self.negation_strength, f"{theory.name} opposites",
                                  f"negation {modifier.words!r}: each emotion moves to its opposite on the "
                                  f"{theory.name} wheel ({pairs}, and back) at x{self.negation_strength:.2f} "
                                  f"(basic -> mild)"))
                confidence *= CONFIDENCE["negation"]
                factors.append(f"{CONFIDENCE['negation']:.2f} (negation)")
                methods.append("negation")
            else:
                factor = self.intensify if modifier.kind == "intensifier" else self.downtone
                note = "basic -> intense" if modifier.kind == "intensifier" else "basic -> mild"
                strongest = max(values + [positive, negative])
                if factor > 1 and strongest * factor > 1:
                    # Scale, don't clip: clipping would tie the top emotions and change the dominant one.
                    factor = max(1.0, 1 / strongest)
                    note += ", limited so the strongest weight reaches 1"
                values = [min(1.0, v * factor) for v in values]
                positive, negative = min(1.0, positive * factor), min(1.0, negative * factor)
                lines.append(Step(modifier.kind, modifier.words, None, factor, note,
                                  f"{modifier.kind} {modifier.words!r}: weights x{factor:.2f} ({note})"))
                confidence *= CONFIDENCE["intensity"]
                factors.append(f"{CONFIDENCE['intensity']:.2f} ({modifier.kind})")
                methods.append("modified")
        method = max(methods, key=_METHOD_RANK.__getitem__)
        if len(factors) > 1:
            lines.append(Step("confidence", match.key, None, round(confidence, 4), None,
                              f"confidence {confidence:.2f} = " + " x ".join(factors)))
        return Decomposition(text, record.term, method, round(confidence, 4), theory.emotions,
                             tuple(_keep_nonzero(v) for v in values),
                             (_keep_nonzero(positive), _keep_nonzero(negative)), (*lines, *record.path),
                             theory.name, match.key)

    def _unknown(self, text: str, notes: list[Step]) -> Decomposition:
        emotions = self._theory.emotions
        shown = " ".join(text.split())[:60]
        return Decomposition(text, None, "unknown", 0.0, emotions, (0.0,) * len(emotions), (0.0, 0.0),
                             (_tried("unknown", shown, f"{shown!r} is not in the lexicon"), *notes),
                             self._theory.name, None)
