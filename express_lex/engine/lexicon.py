"""The owning object: theory, lexicon, compiled table, and the graph behind them."""

from __future__ import annotations

import os
import sys
from array import array
from binascii import a2b_base64, b2a_base64
from collections import deque
from itertools import chain, product, repeat
from math import inf
from operator import le
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping

from ..config import cache_dir
from ..data import (
    COMPILE_VERSION,
    CacheShapeError,
    DataSource,
    builtin_sources,
    cached_basic_theory,
    fingerprint,
    imported_lexicons,
    load_builtin_theory,
    overlay_path,
    parse_yaml,
    read_binary_lexicon,
    read_cache,
    read_regular_bytes,
    write_cache,
)
from ..errors import DataError, InputError, UnknownTheoryError
from ..model import (
    EMOLEX_ORDER,
    METHODS,
    STEP_KINDS,
    CompiledTerm,
    Decomposition,
    Step,
    Theory,
    check_term,
    lookup_key,
    require_path,
    require_paths,
    require_text,
    require_texts,
)
from .morphology import form_pos_data

if TYPE_CHECKING:
    from ..model import Comparison, Problem
    from .resolver import Resolver
    from .theories import CategoricalTheory, DimensionalTheory

if TYPE_CHECKING:  # networkx and yaml are only needed when the cache is cold
    import networkx as nx

    from ..model import BasicTheory, Entry

__all__ = ["Lexicon", "open_lexicon", "default_lexicon", "default_table"]

_MEMO_LIMIT = 200_000


















_DEFAULT_TABLE: Mapping[str, CompiledTerm] | None = None


def _encode_compiled(theory: "BasicTheory", table: Mapping[str, CompiledTerm], synsets: dict[str, str]) -> dict:
    """JSON for the cache, in columns. Steps, vectors, sentiments and repeated labels are
    stored once in pools, and numbers are packed arrays in one base64 string each: loading
    is one json.loads with few objects, and checks that run in C."""
    from dataclasses import asdict

    steps: dict[Step, int] = {}
    offsets, path_steps = [0], list[int]()
    for record in table.values():
        path_steps.extend(steps.setdefault(step, len(steps)) for step in record.path)
        offsets.append(len(path_steps))
    records = list(table.values())
    step_list = list(steps)
    keys = list(table)
    # Terms, step sources and most targets are keys: stored once, as positions in keys + strings.
    position = dict(zip(keys, range(len(keys))))
    strings: list[str] = []

    def at(text: str) -> int:
        if text not in position:
            position[text] = len(keys) + len(strings)
            strings.append(text)
        return position[text]

    return {
        "theory": asdict(theory), "byteorder": sys.byteorder, "keys": keys,
        "term": _packed([at(r.term) for r in records]),
        "steps": {"kind": _pooled([s.kind for s in step_list]), "source": _packed([at(s.source) for s in step_list]),
                  "target": _packed([0 if s.target is None else at(s.target) + 1 for s in step_list]),
                  "weight": _pooled([s.weight for s in step_list]),
                  "provenance": _pooled([s.provenance for s in step_list]), "text": [s.text for s in step_list]},
        "strings": strings, "method": _pooled([r.method for r in records]),
        "pos": _pooled([r.pos for r in records]), "confidence": _pooled([r.confidence for r in records]),
        "vector": _pooled([r.vector for r in records]), "sentiment": _pooled([r.sentiment for r in records]),
        "path_offsets": _packed(offsets), "path_steps": _packed(path_steps), "synsets": synsets,
    }


def _packed(values: list[int]) -> str:
    """Non-negative integers as one string: the smallest unsigned array type code, then the
    array's bytes in base64. Unpacking runs in C and makes no object per number."""
    top = max(values, default=0)
    code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"
    return code + b2a_base64(array(code, values).tobytes(), newline=False).decode("ascii")


def _pooled(values: list) -> dict:
    """Repeated values stored once: {"pool": distinct values, "index": packed positions}."""
    pool: dict = {}
    index = [pool.setdefault(value, len(pool)) for value in values]
    return {"pool": [list(v) if isinstance(v, tuple) else v for v in pool], "index": _packed(index)}


_BYTE_VALUES = bytes(range(256))


def _unpacked(value: object, size: int | None, high: int) -> array:
    """A _packed array of `size` integers, each in [0, high]."""
    if not isinstance(value, str) or value[:1] not in ("B", "H", "I"):
        raise CacheShapeError("expected packed numbers")
    numbers = array(value[0])
    numbers.frombytes(a2b_base64(value[1:]))  # ValueError on bad base64 or a torn item
    if size is not None and len(numbers) != size:
        raise CacheShapeError("wrong number of items")
    if value[0] == "B":  # one C call: delete every allowed byte, and nothing may be left
        out_of_range = bool(numbers.tobytes().translate(None, _BYTE_VALUES[:max(high + 1, 0)]))
    else:
        out_of_range = bool(numbers) and max(numbers) > high
    if out_of_range:
        raise CacheShapeError("number out of range")
    return numbers


def _pool(value: object, size: int, check: Callable[[list], list]) -> tuple[list, array]:
    """The pool (as `check` returns it) and the checked positions in it of a _pooled column."""
    if not isinstance(value, dict) or not isinstance(value["pool"], list):
        raise CacheShapeError("expected a pooled column")
    pool = check(value["pool"])
    return pool, _unpacked(value["index"], size, len(pool) - 1)


def _strings(value: object, size: int | None = None, *, optional: bool = False) -> list:
    """`value` if it is a list of strings (None allowed when optional) of `size` items."""
    if not isinstance(value, list) or (size is not None and len(value) != size) or \
            set(map(type, value)) - ({str, type(None)} if optional else {str}):
        raise CacheShapeError("expected a list of strings")
    return value


def _numbers(value: object, size: int | None, low: float, high: float, code: str = "d") -> array:
    """`value` as an array of numbers in [low, high] (json.loads has already refused NaN)."""
    if not isinstance(value, list) or (size is not None and len(value) != size):
        raise CacheShapeError("expected a list of numbers")
    numbers = array(code, value)  # TypeError on anything but numbers
    if numbers and (min(numbers) < low or max(numbers) > high):
        raise CacheShapeError("number out of range")
    return numbers


def _rows(value: object, width: int) -> list[tuple[float, ...]]:
    """A pool of weight rows, each `width` numbers in [0, 1]."""
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value) or \
            set(map(len, value)) - {width}:
        raise CacheShapeError("expected rows of weights")
    _numbers(list(chain.from_iterable(value)), None, 0.0, 1.0)
    return list(map(tuple, value))


def _confidences(pool: list) -> list:
    _numbers(pool, None, 0.0, 1.0)
    return pool


def _weights(pool: list) -> list:
    _numbers([w for w in pool if w is not None], None, -inf, inf)  # TypeError on anything but numbers
    return pool


def _among(allowed: Iterable[object]) -> Callable[[list], list]:
    allowed = set(allowed)

    def check(pool: list) -> list:
        if not set(_strings(pool)) <= allowed:
            raise CacheShapeError("unknown value in a pool")
        return pool
    return check


# What decompose() reads of a table record: term, method, confidence, vector, sentiment, path.
_Fields = tuple[str, str, float, tuple[float, ...], tuple[float, float], tuple[Step, ...]]


def _fields_of(table: Mapping[str, CompiledTerm]) -> Callable[[str], _Fields | None]:
    """The lookup decompose() uses: straight from the columns of a cached table, or through
    the CompiledTerm of any other table."""
    if isinstance(table, _CompiledColumns):
        return table.fields

    def fields(key: str) -> _Fields | None:
        record = table.get(key)
        return None if record is None else (record.term, record.method, record.confidence, record.vector,
                                            record.sentiment, record.path)
    return fields


class _CompiledColumns(Mapping[str, CompiledTerm]):
    """The compiled table as checked columns; a CompiledTerm is built on first lookup."""

    def __init__(self, payload: dict, width: int) -> None:
        if payload["byteorder"] != sys.byteorder:
            raise CacheShapeError("packed on another machine")
        keys = _strings(payload["keys"])
        size = len(keys)
        self._index = dict(zip(keys, range(size)))
        if len(self._index) != size:
            raise CacheShapeError("duplicate keys")
        strings = keys + _strings(payload["strings"])
        self._term = list(map(strings.__getitem__, _unpacked(payload["term"], size, len(strings) - 1)))
        self._methods, self._method = _pool(payload["method"], size, _among(METHODS))
        self._poses, self._pos = _pool(payload["pos"], size, _strings)
        self._confidences, self._confidence = _pool(payload["confidence"], size, _confidences)
        self._vectors, self._vector = _pool(payload["vector"], size, lambda pool: _rows(pool, width))
        self._sentiments, self._sentiment = _pool(payload["sentiment"], size, lambda pool: _rows(pool, 2))
        self._steps = _decode_steps(payload["steps"], strings)
        self._path_steps = _unpacked(payload["path_steps"], None, len(self._steps) - 1)
        offsets = _unpacked(payload["path_offsets"], size + 1, len(self._path_steps))
        if offsets[0] != 0 or offsets[-1] != len(self._path_steps) or not all(map(le, offsets, offsets[1:])):
            raise CacheShapeError("bad path offsets")
        self._offsets = offsets
        self._built: dict[str, CompiledTerm] = {}

    def fields(self, key: str) -> _Fields | None:
        """term, method, confidence, vector, sentiment and path of `key`, or None: what
        decompose() needs, without building a CompiledTerm it would throw away."""
        i = self._index.get(key)
        if i is None:
            return None
        path = tuple(map(self._steps.__getitem__, self._path_steps[self._offsets[i]:self._offsets[i + 1]]))
        return (self._term[i], self._methods[self._method[i]], self._confidences[self._confidence[i]],
                self._vectors[self._vector[i]], self._sentiments[self._sentiment[i]], path)

    def get(self, key: str, default: CompiledTerm | None = None) -> CompiledTerm | None:  # type: ignore[override]
        record = self._built.get(key)
        if record is None:
            fields = self.fields(key)
            if fields is None:
                return default
            i = self._index[key]
            record = self._built[key] = CompiledTerm(*fields, self._poses[self._pos[i]])
        return record

    def __getitem__(self, key: str) -> CompiledTerm:
        record = self.get(key)
        if record is None:
            raise KeyError(key)
        return record

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def _decode_steps(value: object, strings: list[str]) -> list[Step]:
    """The steps every path points into, from checked columns.

    7,000 steps built by calling Step take 3.7 ms; filling the slots of bare instances in
    C-level loops takes 1.6 ms, paid once at load instead of on each first lookup. Step has
    no __post_init__, so nothing is skipped.
    """
    if not isinstance(value, dict):
        raise CacheShapeError("expected step columns")
    text = _strings(value["text"])
    size = len(text)
    source = map(strings.__getitem__, _unpacked(value["source"], size, len(strings) - 1))
    target = map([None, *strings].__getitem__, _unpacked(value["target"], size, len(strings)))
    kinds, kind = _pool(value["kind"], size, _among(STEP_KINDS))
    weights, weight = _pool(value["weight"], size, _weights)
    provenances, provenance = _pool(value["provenance"], size, lambda pool: _strings(pool, optional=True))
    columns = {"kind": map(kinds.__getitem__, kind), "source": source, "target": target,
               "weight": map(weights.__getitem__, weight), "provenance": map(provenances.__getitem__, provenance),
               "text": text}
    steps = list(map(Step.__new__, repeat(Step, size)))
    for field in Step.__dataclass_fields__:
        deque(map(getattr(Step, field).__set__, steps, columns[field]), maxlen=0)
    return steps


def _decode_compiled(payload: dict) -> tuple["BasicTheory", Mapping[str, CompiledTerm], dict[str, str]]:
    """The compiled theory, table and synset index, with every column's type and size checked."""
    from ..model import BasicTheory, TheoryTerm

    def mapping(value) -> dict:
        if not isinstance(value, dict):
            raise CacheShapeError("expected a mapping")
        return value

    raw = mapping(payload["theory"])
    terms = {}
    for name, term in mapping(raw["terms"]).items():
        term = mapping(term)
        components = tuple((str(e), float(w)) for e, w in term["components"])
        terms[name] = TheoryTerm(str(term["name"]), str(term["kind"]), components, term["level"], term["dyad_kind"])
    emotions = tuple(_strings(raw["emotions"]))
    theory = BasicTheory(str(raw["name"]), str(raw["title"]), str(raw["citation"]), str(raw["source"]), emotions,
                         {str(k): str(v) for k, v in mapping(raw["polarity"]).items()},
                         {str(k): str(v) for k, v in mapping(raw["opposite"]).items()},
                         {str(k): float(v) for k, v in mapping(raw["level_weights"]).items()}, terms,
                         tuple(_strings(raw["own_dyad_kinds"])))
    table = _CompiledColumns(payload, len(emotions))
    synsets = {str(k): str(v) for k, v in mapping(payload["synsets"]).items()}
    return theory, table, synsets


class _BinaryTable(dict):
    """word -> 0/1 row, read as compiled records on lookup (a 16,000-word file needs no build)."""

    def __init__(self, words: Mapping[str, tuple[int, ...]], emotions: tuple[str, ...], basic: float, name: str) -> None:
        from ..model import EMOLEX_ORDER

        super().__init__(words)
        self._positions = [EMOLEX_ORDER.index(e) for e in emotions]
        self._sentiment = (EMOLEX_ORDER.index("positive"), EMOLEX_ORDER.index("negative"))
        self._basic = basic
        self._name = name
        self._note = f"a 0/1 row of the imported lexicon {name!r}"

    def _record(self, word: str, values: tuple[int, ...]) -> CompiledTerm:
        basic = self._basic
        vector = tuple(basic if values[i] else 0.0 for i in self._positions)
        positive, negative = (basic if values[i] else 0.0 for i in self._sentiment)
        step = Step("defined-as", word, None, None, self._name, f"{word}: {self._note}")
        return CompiledTerm(word, "phrase" if " " in word else "exact", 1.0, vector, (positive, negative), (step,),
                            "noun")

    def get(self, key, default=None):
        values = super().get(key)
        return default if values is None else self._record(key, values)

    def __getitem__(self, key):
        return self._record(key, super().__getitem__(key))




def default_table() -> Mapping[str, CompiledTerm]:
    """The compiled table of the shipped lexicon alone (theory definitions are read from it)."""
    global _DEFAULT_TABLE
    if _DEFAULT_TABLE is None:
        _DEFAULT_TABLE = Lexicon(wordnet=False).table
    return _DEFAULT_TABLE


class Lexicon:
    """Plutchik's theory, a lexicon, and the compiled graph that decomposes terms.

    `Lexicon()` loads the shipped data; pass `lexicon=` (extra files or DataSources) to add
    entries, and `builtin=False` to use only your own. `theories=` adds theory files or
    directories to the built-in ones, $EXPRESS_LEX_THEORIES and installed entry points
    (docs/theories.md). `wordnet` controls the resolver's
    WordNet step, which walks the WordNet 3.0 subset shipped with the package (read on first
    need, under 0.1 s): None or True use it, False switches the step off.
    """

    def __init__(
        self,
        lexicon: Iterable[str | os.PathLike[str] | DataSource] = (),
        *,
        builtin: bool = True,
        use_cache: bool = True,
        wordnet: bool | None = None,
        theories: Iterable[str | os.PathLike[str]] = (),
    ) -> None:
        extra = [s if isinstance(s, DataSource) else DataSource.from_path(s)
                 for s in require_paths(lexicon, "lexicon", allow=(DataSource,))]
        theories = require_paths(theories, "theories")
        theory_sources, lexicon_sources = builtin_sources()
        self._init_state(theory_sources, (lexicon_sources if builtin else []) + extra, use_cache, wordnet, theories)
        self._load()
        if wordnet:
            from ..data import load_wordnet_subset

            load_wordnet_subset()  # a broken installation is reported here, not at the first unknown word

    def _init_state(self, theory_sources: list[DataSource], lexicon_sources: list[DataSource], use_cache: bool,
                    wordnet: bool | None, theories: Iterable[str | os.PathLike[str]]) -> None:
        self._theory_sources = theory_sources
        self._lexicon_sources = lexicon_sources
        self._use_cache = use_cache
        self._theory: BasicTheory | None = None
        self._table: Mapping[str, CompiledTerm] | None = None
        self._synsets: dict[str, str] = {}
        self._wordnet = wordnet
        self._resolver: Resolver | None = None
        self._theory_paths = list(theories)
        self._theories: dict[str, CategoricalTheory | DimensionalTheory] | None = None
        self._theory_problems: list[Problem] = []
        self._entries: list[Entry] | None = None
        self._graph: nx.MultiDiGraph | None = None
        self._memo: dict[str, Decomposition] = {}
        self._exact_only = False
        self._by_key: dict[str, list[Entry]] | None = None
        self._plain: Lexicon | None = None
        self.name = "default"
        #: Problems that did not stop loading (a broken overlay left out); the CLI prints them.
        self.load_warnings: tuple[str, ...] = ()

    @classmethod
    def from_binary(cls, words: Mapping[str, tuple[int, ...]], *, name: str,
                    theories: Iterable[str | os.PathLike[str]] = ()) -> "Lexicon":
        """A lexicon of 0/1 rows in EMOLEX_ORDER (an imported EmoLex-style file).

        Lookup is exact (after normalisation), as in the EXPRESS authors' code: the resolver
        is off and a word the file lacks is unknown. A 1 gets Plutchik's basic weight.
        """
        # No graph and no compile: the rows are the table.
        self = cls.__new__(cls)
        theory_sources = builtin_sources()[0]
        self._init_state(theory_sources, [], False, False, theories)
        self._theory = cached_basic_theory(theory_sources)
        basic = self.theory.level_weights["basic"]
        self._set_table(_BinaryTable(words, self.theory.emotions, basic, name))
        self._synsets, self._exact_only, self.name = {}, True, name
        return self

    # -- loading -----------------------------------------------------------------------

    @property
    def content_hash(self) -> str:
        """The key of the compiled cache: the compile version, the forms' parts of speech
        (lexicon/morphology/form_pos.tsv) and every source's name and bytes."""
        sources = (*self._theory_sources, *self._lexicon_sources)
        return fingerprint(COMPILE_VERSION.encode(), form_pos_data(),
                           *chain.from_iterable((s.name.encode("utf-8", "surrogateescape"), s.data) for s in sources))

    def _load(self) -> None:
        path = cache_dir() / f"compiled-{self.content_hash}.json"
        if self._use_cache:
            cached = read_cache(path, "compiled", COMPILE_VERSION, _decode_compiled)
            if cached is not None:
                self._theory, table, self._synsets = cached
                self._set_table(table)
                return
        self._compile()
        if self._use_cache:
            write_cache(path, "compiled", COMPILE_VERSION, _encode_compiled(self.theory, self.table, self._synsets))

    def _load_theory(self) -> "BasicTheory":
        return load_builtin_theory(self._theory_sources)

    def _load_entries(self, theory: "BasicTheory") -> list["Entry"]:
        from ..model import parse_entries

        entries: list[Entry] = []
        for source in self._lexicon_sources:
            entries.extend(parse_entries(parse_yaml(source), source.name, theory, source.default_provenance))
        return entries

    def _compile(self) -> None:
        from .graph import build_graph, compile_table, synset_index

        self._theory = self._load_theory()
        self._entries = self._load_entries(self._theory)
        self._graph = build_graph(self._theory, self._entries)
        self._set_table(compile_table(self._graph, self._theory))
        self._synsets = synset_index(self._entries, self.table)

    def _set_table(self, table: Mapping[str, CompiledTerm]) -> None:
        self._table = table
        self._fields = _fields_of(table)

    # -- the data behind it --------------------------------------------------------------

    @property
    def table(self) -> Mapping[str, CompiledTerm]:
        """The compiled table: lookup key -> CompiledTerm (read-only by convention)."""
        assert self._table is not None, "a Lexicon always loads its table in __init__"
        return self._table

    @property
    def theory(self) -> "BasicTheory":
        assert self._theory is not None
        return self._theory

    @property
    def entries(self) -> list["Entry"]:
        """Every lexicon entry, in load order (parsed on first use)."""
        if self._entries is None:
            self._entries = self._load_entries(self.theory)
        return list(self._entries)

    def _graph_or_build(self) -> "nx.MultiDiGraph":
        if self._graph is None:
            from .graph import build_graph

            self._graph = build_graph(self.theory, self.entries)
        return self._graph

    def _entries_by_key(self) -> dict[str, list["Entry"]]:
        """Entries by the lookup key of each of their surface forms (for checks)."""
        if self._by_key is None:
            index: dict[str, list[Entry]] = {}
            for entry in self.entries:
                for form in entry.surface_forms:
                    index.setdefault(lookup_key(form), []).append(entry)
            self._by_key = index
        return self._by_key

    def _without_extra_theories(self) -> "Lexicon":
        """The same lexicon loaded afresh with no theory but Plutchik's (for the check that
        extra theories change nothing)."""
        if self._plain is None:
            if self._exact_only:
                import copy

                plain = copy.copy(self)
                plain._memo, plain._theories, plain._theory_paths = {}, None, []
            else:
                plain = Lexicon(self._lexicon_sources, builtin=False, use_cache=self._use_cache, wordnet=self._wordnet)
            self._plain = plain
        self._load_theories()
        return self._plain

    def stats(self) -> dict:
        """Counts of lemmas by part of speech, provenance and dominant emotion, and of surface forms."""
        from .stats import lexicon_stats

        return lexicon_stats(self)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and lookup_key(term) in self.table

    def __len__(self) -> int:
        return len(self.table)

    def part_of_speech(self, term: str) -> str | None:
        """The part of speech (adj, noun, verb, adv, phrase) the lexicon gives a term it holds
        as written (after normalisation), else None."""
        record = self.table.get(lookup_key(term)) if isinstance(term, str) else None
        return None if record is None else record.pos

    def surface_forms(self) -> Iterator[str]:
        """Every lookup key the compiled table knows, lexicon and theory terms alike."""
        return iter(self.table)

    def neighbours(self, term: str, relation: str | None = None, *, theory_term: bool = False) -> list[tuple[str, str, str]]:
        """Out-edges of a term in the graph as (relation, target kind, target name).

        A name that is both a lexicon entry and a theory term means the lexicon node unless
        `theory_term` is true.
        """
        require_text(term, "a term")
        graph = self._graph_or_build()
        key = lookup_key(term)
        node = f"term:{key}" if f"term:{key}" in graph and not theory_term else f"theory:{key}"
        if node not in graph:
            return []
        return [
            (data["relation"], graph.nodes[target]["kind"], graph.nodes[target]["name"])
            for _, target, data in graph.out_edges(node, data=True)
            if relation is None or data["relation"] == relation
        ]

    # -- decomposing -----------------------------------------------------------------

    # -- theories ------------------------------------------------------------------------

    def _load_theories(self) -> dict[str, "CategoricalTheory | DimensionalTheory"]:
        if self._theories is None:
            from .theories import load_theory_text, theory_sources

            sources, problems = theory_sources(self._theory_paths)
            # Categories are defined through the shipped lexicon whatever lexicon decomposes,
            # so a theory means the same with an imported 0/1 lexicon.
            table = default_table() if self._exact_only or self.name != "default" else self.table
            theories: dict[str, CategoricalTheory | DimensionalTheory] = {}
            for name, text, origin in sources:
                loaded, found = load_theory_text(text, name, origin, self.theory, table, taken=theories)
                problems.extend(found)
                for theory in loaded:
                    theories[theory.name] = theory
            self._theories, self._theory_problems = theories, problems
        return self._theories

    def theory_names(self) -> tuple[str, ...]:
        """Plutchik's first, then every other loaded theory (and variant or level view) by name."""
        return (self.theory.name, *sorted(self._load_theories()))

    def get_theory(self, name: str) -> Theory:
        """A loaded theory by name (a `Theory`: basic, categorical or dimensional);
        UnknownTheoryError lists the available ones."""
        require_text(name, "a theory name")
        if name == self.theory.name:
            return self.theory
        theory: Theory | None = self._load_theories().get(name)
        if theory is None:
            raise UnknownTheoryError(name, self.theory_names())
        return theory

    @property
    def theory_problems(self) -> list[Problem]:
        """Problems of theory files that did not load (or loaded with warnings), by file and theory name."""
        self._load_theories()
        return list(self._theory_problems)

    def _project(self, result: Decomposition, theory: str) -> Decomposition:
        return self.get_theory(theory).project(result, self.theory)

    def map_theory(self, source: str, target: str) -> dict[str, Decomposition]:
        """Each category of `source` projected into `target` through its Plutchik definition:
        how express-lex maps one taxonomy onto another (compare `Theory.mappings`)."""
        from .theories import CategoricalTheory

        origin, goal = self.get_theory(source), self.get_theory(target)
        if not isinstance(origin, CategoricalTheory):
            usable = ", ".join(n for n in self.theory_names() if self.get_theory(n).kind == "categorical")
            raise InputError(f"{source!r} has no categories to map (it is {origin.kind}); map one of: {usable}")
        mapped = {}
        for category in origin.categories:
            base = Decomposition(category.name, category.name, "exact", 1.0, self.theory.emotions, category.definition,
                                 (0.0, 0.0), (Step("defined-as", category.name, None, None, source,
                                               f"{source}: {category.name} is defined {category.how}"),),
                                 self.theory.name, category.name)
            mapped[category.name] = goal.project(base, self.theory)
        return mapped

    def decompose_all(self, text: str) -> dict[str, Decomposition]:
        """One term in every loaded theory, Plutchik's first."""
        base = self.decompose(text)
        return {name: base if name == self.theory.name else self._project(base, name) for name in self.theory_names()}

    @property
    def resolver(self) -> "Resolver":
        """The resolver behind decompose() for inputs the table does not hold (docs/resolver.md)."""
        if self._resolver is None:
            from .resolver import Resolver

            # True was checked in __init__; from here on it means "read the subset", like None.
            self._resolver = Resolver(self.table, self.theory, self._synsets,
                                      False if self._wordnet is False else None)
        return self._resolver

    def decompose(self, text: str, theory: str = "plutchik") -> Decomposition:
        """Decompose one term; an empty term raises InputError, an unknown one returns method 'unknown'.

        Terms the lexicon holds are a table lookup; anything else goes through the resolver:
        framing words, modifiers, negation, inflection, spelling, WordNet (docs/resolver.md).
        """
        if not isinstance(text, str):  # before the memo lookup, which would fail on a list
            check_term(text)
        if theory != self.theory.name:
            self.get_theory(theory)  # an unknown theory is reported before a bad term
            return self._project(self.decompose(text), theory)
        memo = self._memo.get(text)
        if memo is not None:
            return memo
        check_term(text)
        key = lookup_key(text)
        record = self._fields(key)
        if record is None and self._exact_only:
            emotions = self.theory.emotions
            result = Decomposition(text, None, "unknown", 0.0, emotions, (0.0,) * len(emotions), (0.0, 0.0),
                                   (Step("unknown", key, None, None, self.name,
                                         f"{key!r} is not in the lexicon {self.name!r} (exact lookup only)"),),
                                   self.theory.name, None)
        elif record is None:
            result = self.resolver.resolve(text, key)
        else:
            term, method, confidence, vector, sentiment, path = record
            basic = self.theory
            result = Decomposition(text, term, method, confidence, basic.emotions, vector, sentiment, path,
                                   basic.name, key)
        if len(self._memo) >= _MEMO_LIMIT:
            self._memo.clear()
        self._memo[text] = result
        return result

    def compare(self, a: str, b: str, theory: str = "plutchik") -> "Comparison":
        """Decompose two terms and compare them (cosine, EXPRESS binary agreement, shared dimensions)."""
        from ..model import compare_decompositions

        dimensional = self.get_theory(theory).kind == "dimensional"
        return compare_decompositions(self.decompose(a, theory), self.decompose(b, theory), dimensional=dimensional)

    def wordnet_status(self) -> str:
        """One line: whether the resolver's WordNet step is on, and where WordNet was found."""
        if self._wordnet is False:
            return "WordNet step off (wordnet=False)"
        from ..data import WordNetSubset

        return f"WordNet step on: {WordNetSubset.location}"

    def decompose_many(self, texts: Iterable[str], theory: str = "plutchik") -> list[Decomposition]:
        """Decompose each term, in order; an InputError names the position of the bad term."""
        texts = require_texts(texts, "terms")
        if theory != self.theory.name:
            self.get_theory(theory)
            return [self._project(r, theory) for r in self.decompose_many(texts)]
        memo_get, decompose = self._memo.get, self.decompose
        try:
            return [memo_get(text) or decompose(text) for text in texts]  # a Decomposition is never falsy
        except InputError:  # rare: go again, one by one, to name the bad term's position
            for position, text in enumerate(texts, 1):
                try:
                    decompose(text)
                except InputError as error:
                    raise InputError(f"term {position}: {error}") from None
            raise


# Every 0/1 row of EMOLEX_ORDER's ten columns, by its bits read as a number (first column
# highest, as product() counts): a cached lexicon stores one number a word, and decoding is a
# lookup here instead of a check of every cell.
_ROW_PATTERNS = tuple(product((0, 1), repeat=len(EMOLEX_ORDER)))


def _encode_binary(words: Mapping[str, tuple[int, ...]]) -> dict:
    return {"words": list(words), "rows": [int("".join(map(str, bits)), 2) for bits in words.values()]}


def _decode_binary(payload: dict) -> dict[str, tuple[int, ...]]:
    """The word -> 0/1 row table, every column checked with C-speed operations."""
    if not isinstance(payload, dict):
        raise CacheShapeError("expected a mapping")
    words = _strings(payload["words"])
    rows = _numbers(payload["rows"], len(words), 0, len(_ROW_PATTERNS) - 1, "q")
    table = dict(zip(words, map(_ROW_PATTERNS.__getitem__, rows)))
    if len(table) != len(words):
        raise CacheShapeError("duplicate words")
    return table


def _cached_binary(path: Path) -> dict[str, tuple[int, ...]]:
    """read_binary_lexicon, cached by the file's content hash (a 16,000-row file parses in 100 ms)."""
    from ..config import cache_dir
    from ..data import read_cache, write_cache

    data = read_regular_bytes(path)
    cached = cache_dir() / f"binary-{fingerprint(data)}.json"
    words = read_cache(cached, "binary", "2", _decode_binary)
    if words is None:
        words = read_binary_lexicon(data, str(path))
        write_cache(cached, "binary", "2", _encode_binary(words))
    return words


def open_lexicon(name_or_path: str | None = None, *, wordnet: bool | None = None,
                 theories: Iterable[str | os.PathLike[str]] = ()) -> "Lexicon":
    """The lexicon a command should decompose with (docs/lexicon-format.md, 'Choosing a lexicon'):

    None or 'default': the shipped lexicon plus the user overlay; 'builtin': the shipped one only;
    the name of an imported lexicon, or a .csv path: that 0/1 lexicon alone, exact lookup only,
    as in the EXPRESS authors' code; a .yaml path: the shipped lexicon plus that file.
    """
    from .lexicon import Lexicon

    if name_or_path is not None:
        name_or_path = str(require_path(name_or_path, "the lexicon name or path"))
    theories = require_paths(theories, "theories")
    if name_or_path in (None, "default"):
        overlay = overlay_path()
        if not overlay.exists():
            return Lexicon(wordnet=wordnet, theories=theories)
        # A broken overlay must not stop every command: it is reported, and the shipped lexicon goes on.
        try:
            source = DataSource.from_path(overlay)
            return Lexicon([source], wordnet=wordnet, theories=theories)
        except InputError as error:
            problem = str(error)
        except DataError as error:
            if error.source != str(overlay):
                raise
            problem = str(error)
        lexicon = Lexicon(wordnet=wordnet, theories=theories)
        lexicon.load_warnings = (f"your overlay is not used: {problem}",)
        return lexicon
    if name_or_path == "builtin":
        return Lexicon(wordnet=wordnet, theories=theories)
    imported = imported_lexicons()
    path = imported.get(name_or_path) or Path(name_or_path)
    if not path.exists():
        known = ", ".join(["default", "builtin", *imported]) or "default, builtin"
        raise InputError(f"no lexicon named {name_or_path!r} and no such file (known: {known})")
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        try:
            words = _cached_binary(path)
        except OSError as error:
            raise InputError(f"cannot read {path}: {error.strerror or error}") from None
        return Lexicon.from_binary(words, name=name_or_path if path is imported.get(name_or_path) else str(path),
                                   theories=theories)
    return Lexicon([path], wordnet=wordnet, theories=theories)


_default: Lexicon | None = None


def default_lexicon() -> Lexicon:
    """The shared Lexicon: the shipped data plus the user's overlay, loaded on first use."""
    global _default
    if _default is None:
        _default = open_lexicon(None)
    return _default
