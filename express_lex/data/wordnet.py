"""The one adapter around NLTK's WordNet reader. nltk is imported lazily (it costs over a
second), and nothing from nltk leaves this module: callers get names and plain tuples.

WordNet 3.0 is found, in order, in $EXPRESS_LEX_WORDNET, an nltk_data directory
(corpora/wordnet or corpora/wordnet.zip), or Debian's wordnet-base files (/usr/share/wordnet).
"""

from __future__ import annotations

import shutil
import sys
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from ..config import cache_dir, config

__all__ = ["WordNet", "SynsetInfo", "find_wordnet", "load_wordnet", "LEXNAMES", "NOT_FEELINGS"]

# The 45 lexicographer file names of WordNet 3.0, in file-number order. NLTK's reader wants
# them as a `lexnames` file that neither Debian package ships.
LEXNAMES = (
    "adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body "
    "noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location "
    "noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process "
    "noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change "
    "verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation "
    "verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather adj.ppl"
).split()
_WORDNET_FILES = ("data.adj", "data.adv", "data.noun", "data.verb", "index.adj", "index.adv", "index.noun",
                  "index.verb", "adj.exc", "adv.exc", "noun.exc", "verb.exc", "cntlist.rev")
_DEBIAN = Path("/usr/share/wordnet")
NOT_FEELINGS = frozenset({
    "noun.person", "noun.artifact", "noun.animal", "noun.plant", "noun.body", "noun.food", "noun.location",
    "noun.group", "noun.object", "noun.substance", "noun.time", "noun.quantity", "noun.shape", "noun.possession",
})


@dataclass(frozen=True, slots=True)
class WalkData:
    """The part of WordNet 3.0 the resolver's walk reads."""

    senses: tuple[tuple[str, tuple[str, ...]], ...]  # (word, its two most frequent synsets), when a walk starts there
    lexnames: tuple[tuple[str, str], ...]  # (synset, lexicographer file) of every synset named here
    links: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (synset, links()) of synsets a walk steps from


@dataclass(frozen=True, slots=True)
class SynsetInfo:
    name: str
    pos: str
    lexname: str
    lemmas: tuple[str, ...]
    definition: str


def _name(synset) -> str:
    return synset.name()


def _nltk_data_dirs() -> list[Path]:
    settings = config()
    dirs = list(settings.nltk_data)
    home = settings.home
    prefix = Path(sys.prefix)
    dirs += [home / "nltk_data", prefix / "nltk_data", prefix / "share" / "nltk_data", prefix / "lib" / "nltk_data",
             Path("/usr/share/nltk_data"), Path("/usr/local/share/nltk_data"), Path("/usr/lib/nltk_data"),
             Path("/usr/local/lib/nltk_data")]
    return dirs


def _is_wordnet_dir(path: Path) -> bool:
    return all((path / name).is_file() for name in ("data.noun", "index.noun", "data.adj", "index.verb"))


def find_wordnet() -> tuple[str, Path] | None:
    """Where WordNet 3.0 is: ('files', dir) for plain database files, ('nltk', nltk_data dir), or None."""
    path = config().wordnet
    if path is not None:
        if _is_wordnet_dir(path):
            return ("files", path)
        if _is_wordnet_dir(path / "corpora" / "wordnet") or (path / "corpora" / "wordnet.zip").is_file():
            return ("nltk", path)
        return None  # an explicit setting that is wrong must not fall back silently
    for data_dir in _nltk_data_dirs():
        if _is_wordnet_dir(data_dir / "corpora" / "wordnet") or (data_dir / "corpora" / "wordnet.zip").is_file():
            return ("nltk", data_dir)
    if _is_wordnet_dir(_DEBIAN):
        return ("files", _DEBIAN)
    return None


def _assemble(files_dir: Path) -> Path:
    """An nltk_data-shaped copy of plain WordNet files (real files: NLTK refuses symlinks out of its root)."""


    root = cache_dir() / "wordnet-3.0"
    target = root / "corpora" / "wordnet"
    stamp = target / ".source"
    signature = "\n".join(f"{n}:{(files_dir / n).stat().st_size}" for n in _WORDNET_FILES if (files_dir / n).exists())
    if stamp.is_file() and stamp.read_text() == signature:
        return root
    target.mkdir(parents=True, exist_ok=True)
    for name in _WORDNET_FILES:
        if (files_dir / name).exists():
            shutil.copyfile(files_dir / name, target / name)
    (target / "lexnames").write_text("".join(
        f"{i:02d}\t{name}\t{ {'adj': 3, 'adv': 4, 'noun': 1, 'verb': 2}[name.split('.')[0]] }\n"
        for i, name in enumerate(LEXNAMES)))
    stamp.write_text(signature)
    return root


class WordNet:
    """WordNet 3.0 through NLTK, answering with names and SynsetInfo values."""

    def __init__(self, location: tuple[str, Path]) -> None:
        import nltk
        from nltk.corpus.reader.wordnet import WordNetCorpusReader

        class _Reader(WordNetCorpusReader):
            def map_wn(self, version: str = "wordnet"):  # no cross-version mapping: skips index.sense
                return None

        kind, path = location
        data_root = _assemble(path) if kind == "files" else path
        if str(data_root) not in nltk.data.path:
            nltk.data.path.insert(0, str(data_root))
        corpus = nltk.data.find("corpora/wordnet" if (data_root / "corpora" / "wordnet").is_dir() else "corpora/wordnet.zip/wordnet/")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._wn = _Reader(corpus, None)
        self.location = f"{kind}:{path}"
        self._counts: dict[str, int] = {}
        version = self._wn.get_version()
        if version != "3.0":
            raise RuntimeError(f"WordNet 3.0 is required, found {version} at {path}")

    def _info(self, synset) -> SynsetInfo:
        return SynsetInfo(synset.name(), synset.pos(), synset.lexname(), tuple(synset.lemma_names()), synset.definition())

    def synset(self, name: str) -> SynsetInfo | None:
        try:
            return self._info(self._wn.synset(name))
        except Exception:  # nltk raises WordNetError or ValueError for names it does not know
            return None

    def synsets(self, word: str, pos: str | None = None) -> list[SynsetInfo]:
        return [self._info(s) for s in self._wn.synsets(word.replace(" ", "_"), pos=pos)]

    def morphy(self, word: str, pos: str | None = None) -> str | None:
        return self._wn.morphy(word.replace(" ", "_"), pos)

    def related(self, name: str) -> Iterator[tuple[str, str, str]]:
        """(relation, word, synset) pairs one step from a synset, for the lexicon build.

        Relations: synset-member, derivation, pertainym, participle, similar-to, hyponym.
        """
        synset = self._wn.synset(name)
        for lemma in synset.lemmas():
            yield ("synset-member", lemma.name(), synset.name())
            for other in lemma.derivationally_related_forms():
                # Agent and object nouns (unraveller, comforter-the-quilt) name things, not feelings.
                if other.synset().lexname() not in NOT_FEELINGS:
                    yield ("derivation", other.name(), other.synset().name())
            for other in lemma.pertainyms():
                yield ("pertainym", other.name(), other.synset().name())
            for other in lemma._related("<"):  # adjective "participle of verb" pointer
                yield ("participle", other.name(), other.synset().name())
        # Only from a head adjective out to its satellites: a satellite's similar-to points
        # back at the broader head (numb.s -> afraid.a), which would widen the meaning.
        for other in synset.similar_tos() if synset.pos() == "a" else ():
            for lemma_name in other.lemma_names():
                yield ("similar-to", lemma_name, other.name())
        if synset.lexname() in ("noun.feeling", "verb.emotion"):
            for other in synset.hyponyms():
                if other.lexname() == synset.lexname():
                    for lemma_name in other.lemma_names():
                        yield ("hyponym", lemma_name, other.name())

    def senses(self, word: str, limit: int = 2) -> list[SynsetInfo]:
        """A word's `limit` most frequent senses across all parts of speech.

        Frequency is WordNet's sense-tagged count for the word's base form, so "tried" is
        first the verb try, not the rare adjective tried ("tested and proved reliable").
        """
        word = word.replace(" ", "_").lower()
        bases = {word} | {self._wn.morphy(word, pos) for pos in ("n", "v", "a", "r")}
        ranked = []
        for order, synset in enumerate(self._wn.synsets(word)):
            count = max((self._count(lemma) for lemma in synset.lemmas() if lemma.name().lower() in bases), default=0)
            ranked.append((-count, order, synset))
        ranked.sort(key=lambda item: item[:2])
        return [self._info(synset) for _, _, synset in ranked[:limit]]

    def _count(self, lemma) -> int:
        # NLTK searches cntlist.rev on every call; the build asks for the same lemmas many times.
        key = lemma.key()
        if key not in self._counts:
            self._counts[key] = lemma.count()
        return self._counts[key]

    def links(self, name: str) -> Iterator[tuple[str, str]]:
        """(relation, synset) pairs one step from a synset, for the resolver's walk.

        Relations: similar-to, also-see, verb-group, derivation, pertainym, hypernym.
        Antonyms and attributes are left out: they lead to the opposite feeling. NLTK keeps a
        synset's pointers in a set, so each relation's targets are sorted by name here: otherwise
        the walk's path between equally weighted routes would change from one process to the next.
        """
        synset = self._wn.synset(name)
        for other in sorted(synset.similar_tos(), key=_name):
            yield ("similar-to", other.name())
        for other in sorted(synset.also_sees(), key=_name):
            yield ("also-see", other.name())
        for other in sorted(synset.verb_groups(), key=_name):
            yield ("verb-group", other.name())
        for lemma in synset.lemmas():
            for other in lemma.derivationally_related_forms():
                yield ("derivation", other.synset().name())
            for other in lemma.pertainyms():
                yield ("pertainym", other.synset().name())
        for other in sorted(synset.hypernyms(), key=_name):
            yield ("hypernym", other.name())

    def attributes(self, name: str) -> list[str]:
        """The nouns an adjective synset is a value of (afraid -> fear), for the build's gloss check."""
        return sorted(other.name() for other in self._wn.synset(name).attributes())

    def irregular_forms(self) -> Iterator[tuple[str, str, str]]:
        """(form, lemma, pos) from WordNet's exception lists; pos is 'noun', 'verb', 'adj' or 'adv'."""
        for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv")):
            for form, lemmas in self._wn._exception_map[pos].items():
                for lemma in lemmas:
                    yield form, lemma, name

    def lemma_names(self) -> Iterator[str]:
        """Every lemma name in WordNet (multiword ones with underscores)."""
        return iter(self._wn.all_lemma_names())

    def walk_export(self, starts: Callable[[str], bool]) -> WalkData:
        """What the resolver's walk reads, as plain data, for the build to ship (tools/build.py).

        A walk starts only where a word's most frequent sense is in a lexicographer file that
        `starts` accepts. Such a sense belongs to a lemma of that part of speech, and NLTK finds
        a lemma from the lemma itself, an irregular form, or a form one suffix rule takes back to
        it; so those forms are every input a walk can start from. For each: its senses(); for
        each synset a walk can step from (and those a pertainym or hypernym leads to): links().
        """
        wn = self._wn
        irregular: dict[tuple[str, str], list[str]] = {}
        for pos in ("n", "v", "a", "r"):
            for form, lemmas in wn._exception_map[pos].items():
                for lemma in lemmas:
                    irregular.setdefault((pos, lemma), []).append(form)
        forms: set[str] = set()
        for lemma in list(wn._lemma_pos_offset_map):
            for pos in ("n", "v", "a", "r"):
                offsets = wn._lemma_pos_offset_map[lemma].get(pos)
                if not offsets or not any(starts(wn.synset_from_pos_and_offset(pos, o).lexname()) for o in offsets):
                    continue
                forms.add(lemma)
                forms.update(irregular.get((pos, lemma), ()))
                for old, new in wn.MORPHOLOGICAL_SUBSTITUTIONS[pos]:
                    if lemma.endswith(new):
                        forms.add(lemma[: len(lemma) - len(new)] + old)
        senses: dict[str, tuple[str, ...]] = {}
        lexnames: dict[str, str] = {}
        for form in sorted(forms):
            found = self.senses(form)
            if found and starts(found[0].lexname):
                senses[form] = tuple(info.name for info in found)
                lexnames.update((info.name, info.lexname) for info in found)
        links: dict[str, tuple[tuple[str, str], ...]] = {}
        second: set[str] = set()
        for synset in wn.all_synsets():
            if starts(synset.lexname()):
                links[synset.name()] = tuple(self.links(synset.name()))
                second.update(o for relation, o in links[synset.name()] if relation in ("pertainym", "hypernym"))
        for name in second - links.keys():
            links[name] = tuple(self.links(name))
        for name, targets in links.items():
            for other in (name, *(o for _, o in targets)):
                if other not in lexnames:
                    lexnames[other] = wn.synset(other).lexname()
        return WalkData(tuple(sorted(senses.items())), tuple(sorted(lexnames.items())),
                        tuple(sorted((name, targets) for name, targets in links.items() if targets)))

    def adverbs_pertaining_to(self, name: str) -> Iterator[tuple[str, str]]:
        """Adverbs whose pertainym points at a lemma of this adjective synset (angrily -> angry)."""
        synset = self._wn.synset(name)
        for lemma in synset.lemmas():
            for form in self._wn.lemmas(lemma.name() + "ly", pos="r"):
                if any(p.synset() == synset for p in form.pertainyms()):
                    yield (form.name(), form.synset().name())


@lru_cache(maxsize=1)
def load_wordnet() -> WordNet | None:
    """The WordNet found by find_wordnet(), loaded once; None when there is none."""
    location = find_wordnet()
    return WordNet(location) if location else None
