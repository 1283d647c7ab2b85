"""Theories other than Plutchik's, as data: loading with line numbers, coded validation, and
projection of a Plutchik decomposition into a theory's categories or dimensions
(docs/theories.md).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ..config import config
from ..data import read_regular_bytes
from ..errors import DataError, InputError
from ..model import THEORY_RULES, Decomposition, Problem, Step, cosine, lookup_key

if TYPE_CHECKING:
    from ..model import BasicTheory, Theory

__all__ = [
    "Category", "Dimension", "CategoricalTheory", "DimensionalTheory", "THEORY_RULES", "UNLISTED",
    "load_theory_text", "project", "theory_sources", "read_yaml_with_lines", "MAX_THEORY_BYTES",
]

KINDS = ("categorical", "dimensional")
# A category that lists the term gets the term's full intensity; one that only resembles it
# gets intensity x cosine x UNLISTED, so that a listed word outranks an equally similar vector.
UNLISTED = 0.9
_THEORY_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_CATEGORY_NAME = re.compile(r"^[a-z][a-z0-9 '_-]*$")


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    definition: tuple[float, ...]  # a Plutchik vector
    how: str  # how the definition was made, for explanations
    members: frozenset[str]  # lookup keys of the words listed under it (own name, terms, descendants')
    expression: str | None = None
    terms: tuple[str, ...] = ()
    parent: str | None = None
    level: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)
    neutral: bool = False
    aliases: tuple[str, ...] = ()  # names other sources use for it (GoEmotions calls happiness "joy")


@dataclass(frozen=True, slots=True)
class Dimension:
    name: str
    low: str
    high: str


@dataclass(frozen=True, slots=True, eq=False)
class _TheoryFile:
    """What every theory read from a file has: its names, citation and where it came from."""

    name: str
    title: str
    citation: str
    source: str
    origin: str  # where it was loaded from: built-in, a directory, an entry point
    description: str = ""
    file: str = ""  # the file it was read from


@dataclass(frozen=True, slots=True, eq=False)
class CategoricalTheory(_TheoryFile):
    """A theory of categories (Ekman's six, GoEmotions' 27, ...), each defined in Plutchik's terms."""

    categories: tuple[Category, ...] = ()
    mappings: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    groups: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    level: str | None = None  # for a view of one level of a tree

    @property
    def kind(self) -> str:
        return "categorical"

    @property
    def dimension_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.categories)

    def project(self, result: Decomposition, basic: "BasicTheory") -> Decomposition:
        """Listed categories get the term's intensity, others intensity x cosine x UNLISTED."""
        vector = result.vector
        intensity = max(vector, default=0.0)
        keys = {lookup_key(k) for k in (result.term, result.matched) if k}
        scores = []
        notes: list[tuple[float, str, str]] = []
        for category in self.categories:
            if category.neutral:
                scores.append(1.0 if result.known and intensity == 0 else 0.0)
                continue
            if keys & category.members:
                score = intensity
                notes.append((score, category.name, f"{category.name} {score:.2f}: '{result.term}' is listed under "
                                                    f"{category.name} (defined {category.how})"))
            else:
                similarity = max(0.0, cosine(vector, category.definition))
                score = intensity * similarity * UNLISTED
                if score > 0:
                    notes.append((score, category.name, f"{category.name} {score:.2f} = intensity {intensity:.2f} x "
                                                        f"cosine {similarity:.2f} with {category.name} (defined "
                                                        f"{category.how}) x {UNLISTED} (not listed)"))
            scores.append(round(score, 4))
        notes.sort(key=lambda item: -item[0])
        source = result.term or result.input
        steps = [Step("projection", source, name, round(score, 4), self.name, f"{self.name}: {text}")
                 for score, name, text in notes[:3]]
        if len(notes) > 3:
            steps.append(Step("projection", source, None, None, self.name, f"{self.name}: {len(notes) - 3} more "
                              f"categor{'y' if len(notes) == 4 else 'ies'} score lower"))
        return _projected(result, self, tuple(scores), steps)


@dataclass(frozen=True, slots=True, eq=False)
class DimensionalTheory(_TheoryFile):
    """A theory of dimensions (valence, arousal, dominance), with coordinates for each basic emotion."""

    dimensions: tuple[Dimension, ...] = ()
    coordinates: Mapping[str, tuple[float, ...]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "dimensional"

    @property
    def dimension_names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.dimensions)

    def project(self, result: Decomposition, basic: "BasicTheory") -> Decomposition:
        """Each dimension: the basic emotions' mean coordinate weighted by the vector, x intensity."""
        vector = result.vector
        intensity = max(vector, default=0.0)
        total = sum(vector)
        values = []
        steps: list[Step] = []
        for i, dimension in enumerate(self.dimensions):
            if total <= 0:
                values.append(0.0)
                continue
            mean = sum(weight * self.coordinates[e][i] for e, weight in zip(basic.emotions, vector)) / total
            values.append(round(mean * intensity, 4))
            steps.append(Step("projection", result.term or result.input, dimension.name, values[-1], self.name,
                              f"{self.name}: {dimension.name} {values[-1]:+.2f} = mean {dimension.name} of the "
                              f"basic emotions weighted by the vector ({mean:+.2f}) x intensity {intensity:.2f}"))
        return _projected(result, self, tuple(values), steps)


def _projected(result: Decomposition, theory: "CategoricalTheory | DimensionalTheory", values: tuple[float, ...],
               steps: list[Step]) -> Decomposition:
    return Decomposition(result.input, result.term, result.method, result.confidence, theory.dimension_names,
                         values, result.sentiment_vector, (*result.path, *steps), theory.name, result.matched)


MAX_THEORY_BYTES = 16 << 20  # a theory file is a few kB; a bigger one is a mistake, not a theory


# -- YAML with line numbers ------------------------------------------------------------------

def read_yaml_with_lines(text: str, source: str = "<theory>") -> tuple[Any, dict[str, int]]:
    """Parse YAML safely and return (data, {key path: line}) with paths like 'categories[2].as'.

    The node graph is bounded first (express_lex.data.compose_yaml: depth, alias expansion,
    self-reference); a malformed or refused document is a one-line DataError."""
    import yaml

    from ..data import compose_yaml, construct_yaml

    node = compose_yaml(text, source)
    lines: dict[str, int] = {}
    # Walk with an explicit stack (depth is bounded, but a recursion would still cost frames).
    root: list[Any] = [None]
    stack: list[tuple[Any, str, Any, Any]] = [(node, "", root, 0)] if node is not None else []
    while stack:
        item, path, parent, slot = stack.pop()
        lines.setdefault(path, item.start_mark.line + 1)
        if isinstance(item, yaml.MappingNode):
            result: Any = {}
            for key_node, value_node in item.value:
                key = construct_yaml(key_node, source)
                try:
                    hash(key)
                except TypeError:
                    raise DataError(source, f"line {key_node.start_mark.line + 1}",
                                    "malformed YAML: a mapping key must be a plain value, not a list or mapping") from None
                sub = f"{path}.{key}" if path else str(key)
                lines[sub] = key_node.start_mark.line + 1
                result[key] = None
                stack.append((value_node, sub, result, key))
        elif isinstance(item, yaml.SequenceNode):
            result = [None] * len(item.value)
            stack.extend((child, f"{path}[{i}]", result, i) for i, child in enumerate(item.value))
        else:
            result = construct_yaml(item, source)
        parent[slot] = result
    return root[0], lines


# -- loading and validation -------------------------------------------------------------------

class _Checker:
    def __init__(self, source: str, lines: dict[str, int]) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []
        self.theory_name: str | None = None

    def add(self, code: str, key: str, message: str) -> None:
        line = self.lines.get(key)
        probe = key
        while line is None and probe:  # fall back to the nearest enclosing key with a line
            probe = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", probe) if re.search(r"(\.[^.\[\]]+|\[\d+\])$", probe) else ""
            line = self.lines.get(probe)
        self.problems.append(Problem(code, self.source, key, message, line, self.theory_name))

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def _text(checker: _Checker, data: dict, key: str, required: bool = True) -> str:
    value = data.get(key)
    if value is None:
        if required:
            checker.add("T101", key, f"missing key {key!r}")
        return ""
    if not isinstance(value, str) or not value.strip():
        checker.add("T101", key, f"{key!r} must be text")
        return ""
    return " ".join(value.split())


def _expression_vector(expression: Any, basic: "BasicTheory", table: Mapping, checker: _Checker, key: str):
    from ..model import ExpressionError, parse_expression

    try:
        parts = parse_expression(expression, basic)
    except ExpressionError as error:
        checker.add("T105" if error.code == "E103" else "T102", key, str(error))
        return None
    totals = [0.0] * len(basic.emotions)
    for name, weight in parts:
        # An expression names the theory's terms: `pride` here is Plutchik's, not the everyday word's.
        record = table.get(f"{basic.name}:{name}") or table[name]
        for i, value in enumerate(record.vector):
            totals[i] += weight * value
    return tuple(round(min(1.0, v), 4) for v in totals)


def _mean(vectors: list[tuple[float, ...]], size: int) -> tuple[float, ...]:
    if not vectors:
        return (0.0,) * size
    return tuple(round(sum(v[i] for v in vectors) / len(vectors), 4) for i in range(size))


def load_theory_text(text: str, source: str, origin: str, basic: "BasicTheory", table: Mapping,
                     taken: Iterable[str] = ()) -> tuple[list[CategoricalTheory | DimensionalTheory], list[Problem]]:
    """Validate one theory document; return its theories (the theory, its variants and level
    views) and every problem found. Any error means no theory is returned."""
    checker = _Checker(source, {})
    try:
        data, lines = read_yaml_with_lines(text, source)
    except DataError as error:
        line = int(error.key.split()[-1]) if error.key.startswith("line ") else None
        checker.problems.append(Problem("T100", source, "", error.message, line))
        return [], checker.problems
    checker.lines = lines
    if not isinstance(data, dict):
        checker.add("T100", "", "a theory file must be a mapping with name, title, kind, citation")
        return [], checker.problems

    name = _text(checker, data, "name")
    checker.theory_name = name or None
    if name and not _THEORY_NAME.match(name):
        checker.add("T108", "name", f"bad theory name {name!r}: lower-case letters, digits, - and _")
    elif name and (name in taken or name == basic.name):
        checker.add("T108", "name", f"a theory named {name!r} is already loaded")
    title = _text(checker, data, "title")
    citation = _text(checker, data, "citation")
    description = _text(checker, data, "description", required=False)
    source_url = _text(checker, data, "source", required=False)
    kind = data.get("kind")
    if kind not in KINDS:
        checker.add("T101", "kind", f"'kind' must be one of {', '.join(KINDS)}, got {kind!r}")
        return [], checker.problems
    common = dict(name=name, title=title, citation=citation, source=source_url or source,
                  origin=origin, description=description, file=source)
    theories: list[CategoricalTheory | DimensionalTheory]
    if kind == "dimensional":
        theory = _dimensional(data, checker, basic, common)
        theories = [theory] if theory else []
    else:
        theories = _categorical(data, checker, basic, table, common)
    if checker.failed:
        return [], checker.problems
    return theories, checker.problems


def _dimensional(data: dict, checker: _Checker, basic: "BasicTheory", common: dict) -> DimensionalTheory | None:
    raw_dimensions = data.get("dimensions")
    if not isinstance(raw_dimensions, list) or not raw_dimensions:
        checker.add("T101", "dimensions", "a dimensional theory needs a list of dimensions")
        return None
    dimensions: list[Dimension] = []
    for index, raw in enumerate(raw_dimensions):
        key = f"dimensions[{index}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            checker.add("T101", key, "each dimension needs a name (and low/high labels)")
            continue
        if any(d.name == raw["name"] for d in dimensions):
            checker.add("T104", f"{key}.name", f"dimension {raw['name']!r} is listed twice")
            continue
        dimensions.append(Dimension(raw["name"], str(raw.get("low", "low")), str(raw.get("high", "high"))))
    raw_coordinates = data.get("coordinates")
    if not isinstance(raw_coordinates, dict):
        checker.add("T101", "coordinates", "a dimensional theory needs coordinates for each basic emotion")
        return None
    coordinates: dict[str, tuple[float, ...]] = {}
    for emotion in basic.emotions:
        raw = raw_coordinates.get(emotion)
        key = f"coordinates.{emotion}"
        if not isinstance(raw, dict):
            checker.add("T101", "coordinates", f"no coordinates for {emotion!r}")
            continue
        values = []
        for dimension in dimensions:
            value = raw.get(dimension.name)
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                checker.add("T101", key, f"{emotion!r} has no number for {dimension.name!r}")
                value = 0.0
            elif not -1 <= value <= 1:
                checker.add("T105", f"{key}.{dimension.name}", f"{value} is outside [-1, 1]")
            values.append(float(value))
        for extra in set(raw) - {d.name for d in dimensions}:
            checker.add("T106", f"{key}.{extra}", f"{extra!r} is not a dimension of this theory")
        coordinates[emotion] = tuple(values)
    for extra in set(raw_coordinates) - set(basic.emotions):
        checker.add("T102", f"coordinates.{extra}", f"{extra!r} is not one of Plutchik's basic emotions")
    return DimensionalTheory(**common, dimensions=tuple(dimensions), coordinates=coordinates)


def _categorical(data: dict, checker: _Checker, basic: "BasicTheory", table: Mapping,
                 common: dict) -> list[CategoricalTheory | DimensionalTheory]:
    raw_categories = data.get("categories")
    if not isinstance(raw_categories, list) or not raw_categories:
        checker.add("T101", "categories", "a categorical theory needs a list of categories")
        return []
    variants = data.get("variants") or {}
    if not isinstance(variants, dict):
        checker.add("T101", "variants", "'variants' must map a variant name to extra categories")
        variants = {}
    base = _categories(raw_categories, "categories", checker, basic, table)
    theories: list[CategoricalTheory | DimensionalTheory] = []
    if base is None:
        return []
    mappings = _name_lists(data, "mappings", checker, {c.name for c in base})
    groups = _name_lists(data, "groups", checker, {c.name for c in base})
    levels = [c.level for c in base if c.level]
    default_level = data.get("default_level")
    if default_level is not None and default_level not in levels:
        checker.add("T101", "default_level", f"no category has level {default_level!r}")
    roots_level = next((c.level for c in base if c.parent is None), None)
    view_level = default_level if default_level in levels else roots_level
    ordered_levels = list(dict.fromkeys(levels))

    def view(categories: tuple[Category, ...], name: str, level: str | None) -> CategoricalTheory:
        chosen = tuple(c for c in categories if level is None or c.level == level) if levels else categories
        return CategoricalTheory(**{**common, "name": name}, categories=chosen, mappings=mappings, groups=groups, level=level)

    theories.append(view(base, common["name"], view_level if levels else None))
    for level in ordered_levels if len(ordered_levels) > 1 else ():
        if level != view_level:
            theories.append(view(base, f"{common['name']}.{level}", level))
    for variant, raw in variants.items():
        key = f"variants.{variant}"
        if not isinstance(raw, dict) or not isinstance(raw.get("categories"), list):
            checker.add("T101", key, "a variant needs a list of categories")
            continue
        # Re-check the base with the variant's categories added; report only the variant's own problems.
        sub = _Checker(checker.source, checker.lines)
        sub.theory_name = checker.theory_name
        extra = _categories(raw_categories + raw["categories"], "categories", sub, basic, table,
                            extra_prefix=f"{key}.categories", base_count=len(raw_categories))
        checker.problems.extend(p for p in sub.problems if p.key.startswith(key))
        if extra is not None:
            theories.append(view(extra, f"{common['name']}+{variant}", view_level if levels else None))
    return theories


def _name_lists(data: dict, key: str, checker: _Checker, names: set[str]) -> dict[str, dict[str, tuple[str, ...]]]:
    raw = data.get(key) or {}
    result: dict[str, dict[str, tuple[str, ...]]] = {}
    if not isinstance(raw, dict):
        checker.add("T101", key, f"{key!r} must be a mapping")
        return result
    for outer, table in raw.items():
        if not isinstance(table, dict):
            checker.add("T101", f"{key}.{outer}", "expected a mapping of name to a list of categories")
            continue
        result[str(outer)] = {}
        for inner, members in table.items():
            path = f"{key}.{outer}.{inner}"
            if not isinstance(members, list):
                checker.add("T101", path, "expected a list of category names")
                continue
            for member in members:
                if member not in names:
                    checker.add("T106", path, f"{member!r} is not a category of this theory")
            result[str(outer)][str(inner)] = tuple(str(m) for m in members)
    return result


def _categories(raw_categories: list, key: str, checker: _Checker, basic: "BasicTheory", table: Mapping,
                extra_prefix: str | None = None, base_count: int = 0) -> tuple[Category, ...] | None:
    size = len(basic.emotions)
    records: dict[str, dict] = {}
    order: list[str] = []
    for index, raw in enumerate(raw_categories):
        path = f"{key}[{index}]" if extra_prefix is None or index < base_count else f"{extra_prefix}[{index - base_count}]"
        if not isinstance(raw, dict):
            checker.add("T101", path, "a category is a mapping with at least a name")
            continue
        name = raw.get("name")
        if not isinstance(name, str) or not _CATEGORY_NAME.match(name):
            checker.add("T101", f"{path}.name", f"bad category name {name!r}")
            continue
        if name in records:
            checker.add("T104", f"{path}.name", f"category {name!r} is defined twice")
            continue
        unknown = set(raw) - {"name", "as", "terms", "parent", "level", "attributes", "neutral", "aliases"}
        for extra in sorted(unknown):
            checker.add("T101", f"{path}.{extra}", f"unknown key {extra!r}")
        vector = None
        if "as" in raw:
            vector = _expression_vector(raw["as"], basic, table, checker, f"{path}.as")
        terms = raw.get("terms") or []
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            checker.add("T101", f"{path}.terms", "'terms' must be a list of words")
            terms = []
        known_terms = []
        for term in terms:
            if lookup_key(term) in table:
                known_terms.append(term)
            else:
                checker.add("T201", f"{path}.terms", f"{term!r} is not in the lexicon")
        parent = raw.get("parent")
        if parent is not None and not isinstance(parent, str):
            checker.add("T101", f"{path}.parent", "'parent' must be a category name")
            parent = None
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            checker.add("T101", f"{path}.aliases", "'aliases' must be a list of names")
            aliases = []
        attributes = raw.get("attributes") or {}
        if not isinstance(attributes, dict):
            checker.add("T101", f"{path}.attributes", "'attributes' must be a mapping")
            attributes = {}
        records[name] = dict(path=path, vector=vector, expression=raw.get("as"), terms=tuple(terms),
                             known_terms=known_terms, parent=parent, level=raw.get("level"),
                             attributes=attributes, neutral=bool(raw.get("neutral")), aliases=tuple(aliases))
        order.append(name)

    for name in order:
        parent = records[name]["parent"]
        if parent is not None and parent not in records:
            checker.add("T106", f"{records[name]['path']}.parent", f"{parent!r} is not a category of this theory")
            records[name]["parent"] = None
    _break_parent_cycles(order, records, checker)
    children: dict[str, list[str]] = {name: [] for name in order}
    for name in order:
        if records[name]["parent"] is not None:
            children[records[name]["parent"]].append(name)
    # Parents are now a forest: walk it top-down once, then define bottom-up (no recursion, so a
    # chain of thousands of parent links neither overflows the stack nor goes quadratic).
    top_down = [name for name in order if records[name]["parent"] is None]
    for name in top_down:
        top_down.extend(children[name])
    bottom_up = top_down[::-1]

    definitions: dict[str, tuple[tuple[float, ...], str]] = {}
    for name in bottom_up:
        record = records[name]
        if record["expression"] is not None and record["vector"] is None:
            continue  # the unreadable 'as' is already reported
        if record["vector"] is not None:
            result = (record["vector"], f"as '{' '.join(str(record['expression']).split())}'")
        elif record["known_terms"] or (lookup_key(name) in table and not children[name] and not record["neutral"]):
            words = record["known_terms"] or [name]
            vectors = [table[lookup_key(w)].vector for w in words]
            result = (_mean(vectors, size), f"the mean of {len(words)} lexicon term(s): {', '.join(words[:6])}"
                      + (", ..." if len(words) > 6 else ""))
        elif children[name]:
            vectors = [definitions[child][0] for child in children[name] if child in definitions]
            result = (_mean(vectors, size), f"the mean of its {len(vectors)} sub-categories")
        elif record["neutral"]:
            result = ((0.0,) * size, "neutral: scores only a known term with no emotion")
        else:
            checker.add("T107", records[name]["path"], f"category {name!r} has no 'as', no lexicon terms and no children")
            continue
        definitions[name] = result

    members: dict[str, frozenset[str]] = {}
    for name in bottom_up:
        own = {lookup_key(name), *(lookup_key(t) for t in records[name]["terms"])}
        for child in children[name]:
            own |= members[child]
        members[name] = frozenset(own)

    categories = []
    for name in order:
        defined = definitions.get(name)
        if defined is None:
            continue
        vector, how = defined
        record = records[name]
        if not any(vector) and not record["neutral"]:
            checker.add("T107", record["path"], f"category {name!r} is defined as all zeros")
            continue
        categories.append(Category(name, vector, how, members[name], record["expression"], record["terms"],
                                   record["parent"], record["level"], record["attributes"], record["neutral"],
                                   record["aliases"]))
    return None if checker.failed else tuple(categories)


def _break_parent_cycles(order: list[str], records: dict[str, dict], checker: _Checker) -> None:
    """Report each parent cycle once (T103, from its first category in file order) and cut it.

    Each category is walked at most once, so this is linear in the number of categories."""
    state: dict[str, int] = {}  # 1: on the current walk, 2: finished
    position = {name: index for index, name in enumerate(order)}
    for start in order:
        walk: list[str] = []
        current: str | None = start
        while current is not None and current not in state:
            state[current] = 1
            walk.append(current)
            current = records[current]["parent"]
        if current is not None and state[current] == 1:  # the walk came back onto itself
            cycle = walk[walk.index(current):]
            first = min(range(len(cycle)), key=lambda i: position[cycle[i]])
            cycle = cycle[first:] + cycle[:first]
            checker.add("T103", f"{records[cycle[0]]['path']}.parent",
                        "parent links form a cycle: " + " -> ".join([*cycle, cycle[0]]))
            for member in cycle:
                records[member]["parent"] = None
        for name in walk:
            state[name] = 2


# -- where theories come from --------------------------------------------------------------------

def theory_sources(extra: Iterable[str | os.PathLike[str]] = ()) -> tuple[list[tuple[str, str, str]], list[Problem]]:
    """(display name, text, origin) of every non-Plutchik theory: built-in files, then the
    directories or files in `extra` and $EXPRESS_LEX_THEORIES, then entry points in the
    group `express_lex.theories`. Unreadable sources become problems, not exceptions."""
    from importlib import resources

    found: list[tuple[str, str, str]] = []
    problems: list[Problem] = []
    root = resources.files("express_lex.theories")
    for item in sorted(root.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml") and item.name != "plutchik.yaml":
            found.append((f"theories/{item.name}", item.read_text("utf-8"), "built-in"))
    paths = [Path(p) for p in extra]
    paths += list(config().theories)
    for path in paths:
        _read_path(path, str(path), found, problems)
    points: Iterable[Any]
    try:
        from importlib.metadata import entry_points

        points = entry_points(group="express_lex.theories")
    except Exception:  # a broken installed distribution must not stop the built-in theories
        points = []
    for point in points:
        origin = f"entry point {point.name} ({point.value})"
        try:
            target = point.load()
            target = target() if callable(target) else target
        except Exception as error:
            problems.append(Problem("T100", origin, "", f"cannot load: {error}"))
            continue
        for item in target if isinstance(target, (list, tuple)) else [target]:
            if isinstance(item, dict):
                import yaml

                found.append((origin, yaml.safe_dump(item, sort_keys=False), origin))
            else:
                _read_path(Path(str(item)), origin, found, problems)
    return found, problems


def _read_path(path: Path, origin: str, found: list, problems: list) -> None:
    try:
        files = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")) if path.is_dir() else [path]
    except OSError as error:  # an unreadable directory
        problems.append(Problem("T100", str(path), "", f"cannot read: {error.strerror or error}"))
        return
    if not path.exists():
        problems.append(Problem("T100", str(path), "", "no such file or directory"))
        return
    for file in files:
        try:  # a FIFO or device among the theory files is refused, never read
            found.append((str(file), read_regular_bytes(file, limit=MAX_THEORY_BYTES).decode("utf-8"), origin))
        except InputError as error:
            problems.append(Problem("T100", str(file), "", str(error)))
        except UnicodeDecodeError as error:
            problems.append(Problem("T100", str(file), "", f"cannot read: not UTF-8 (byte {error.start})"))


# -- projection -----------------------------------------------------------------------------

def project(result: Decomposition, theory: "Theory", basic: "BasicTheory") -> Decomposition:
    """A Plutchik decomposition projected into `theory` (rules in docs/theories.md)."""
    return theory.project(result, basic)
