"""The part of WordNet 3.0 the resolver's walk reads, shipped with the package.

`python -m express_lex.tools.build` writes lexicon/wordnet/walk.tsv.gz from WordNet 3.0 through
NLTK; this module reads it with the standard library only, so every installation walks the same
data whether or not Debian's WordNet or an nltk_data wordnet is present, and never imports nltk.

The subset holds every word whose most frequent sense is one a walk may start from (a feeling,
or an adjective or adverb that is not relational), with its two most frequent senses exactly as
WordNet.senses() ranks them, and the links of every synset a walk can step from. Any other word
has no sense a walk may start from, so for the walk it has no senses at all.

The file is gzip-compressed UTF-8 text in three sections, each opened by a line `@name`:
  @synsets  name<TAB>lexname               row i is synset i
  @senses   word<TAB>i[,j]                 its most frequent senses, best first
  @links    i<TAB>relation:j,relation:k    links(), in WordNet.links() order
  @unsupported  name                       curated links whose gloss asserts no emotion the
                                           lexicon gives them (tools/build.py GlossCheck)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import DataError

__all__ = ["WalkSynset", "WordNetSubset", "load_wordnet_subset", "WORDNET_SUBSET_PACKAGE", "WORDNET_SUBSET_FILE"]

WORDNET_SUBSET_PACKAGE = "express_lex.lexicon.wordnet"
WORDNET_SUBSET_FILE = "walk.tsv.gz"


@dataclass(frozen=True, slots=True)
class WalkSynset:
    name: str
    lexname: str


class WordNetSubset:
    """Senses and links of WordNet 3.0 synsets, as far as the resolver's walk reads them."""

    location = "the WordNet 3.0 subset shipped with express-lex"

    def __init__(self, text: str) -> None:
        sections: dict[str, list[str]] = {}
        for chunk in text.split("\n@")[1:]:
            name, _, body = chunk.partition("\n")
            # Two fields a row: one split of the whole section, then every other field.
            sections[name] = body.rstrip("\n").replace("\n", "\t").split("\t") if body.strip() else []
        missing = {"synsets", "senses", "links", "unsupported"} - sections.keys()
        if missing:
            raise DataError(WORDNET_SUBSET_FILE, "", f"the shipped WordNet subset lacks {', '.join(sorted(missing))}")
        synsets = sections["synsets"]
        self._names, self._lexnames = synsets[0::2], synsets[1::2]
        self._ids = dict(zip(self._names, range(len(self._names))))
        # Rows stay unparsed until asked for: one input reads one row.
        self._senses = dict(zip(sections["senses"][0::2], sections["senses"][1::2]))
        self._links = dict(zip(sections["links"][0::2], sections["links"][1::2]))
        self.unsupported_landings = frozenset(sections["unsupported"])

    def synset(self, name: str) -> WalkSynset | None:
        i = self._ids.get(name)
        return None if i is None else WalkSynset(name, self._lexnames[i])

    def senses(self, word: str) -> list[WalkSynset]:
        """The word's two most frequent senses (as WordNet.senses), or none if a walk cannot start there."""
        row = self._senses.get(word.replace(" ", "_").lower())
        return [WalkSynset(self._names[int(i)], self._lexnames[int(i)]) for i in row.split(",")] if row else []

    def links(self, name: str) -> list[tuple[str, str]]:
        """(relation, synset) pairs one step from a synset a walk can step from (as WordNet.links); else none."""
        i = self._ids.get(name)
        row = self._links.get(str(i)) if i is not None else None
        if not row:
            return []
        return [(relation, self._names[int(j)]) for relation, _, j in (pair.partition(":") for pair in row.split(","))]


@lru_cache(maxsize=1)
def load_wordnet_subset() -> WordNetSubset:
    """The shipped WordNet subset, read on first need and kept."""
    import gzip  # not at import time: a cold start that never walks should not pay for it

    try:
        data = resources.files(WORDNET_SUBSET_PACKAGE).joinpath(WORDNET_SUBSET_FILE).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError) as error:
        raise DataError(WORDNET_SUBSET_FILE, "", f"the shipped WordNet subset is missing ({error}); reinstall "
                        "express-lex or run python -m express_lex.tools.build") from error
    return WordNetSubset(gzip.decompress(data).decode("utf-8"))
