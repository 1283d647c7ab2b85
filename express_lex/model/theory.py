"""Plutchik's theory as data: loaded from YAML and validated once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Protocol, runtime_checkable

from ..errors import DataError

if TYPE_CHECKING:
    from .result import Decomposition

__all__ = ["Theory", "TheoryTerm", "BasicTheory", "ExpressionError", "load_basic_theory", "parse_expression"]

LEVELS = ("mild", "basic", "intense")
POLARITIES = ("positive", "negative", "neutral")
_NAME = re.compile(r"^[a-z][a-z_-]*$")
_EXPRESSION_TERM = re.compile(r"^\s*(?:(\d*\.?\d+)\s*\*\s*)?([a-z][a-z_-]*)\s*$")


class ExpressionError(ValueError):
    """A decomposition expression that cannot be read; `code` is the validate rule it breaks."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@runtime_checkable
class Theory(Protocol):
    """What every theory offers, whatever its kind: Plutchik's basic theory ("basic"), a set of
    categories ("categorical") or a space of dimensions ("dimensional"). `project` turns a
    decomposition in the basic theory's emotions into this theory's dimensions."""

    @property
    def name(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def citation(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def dimension_names(self) -> tuple[str, ...]: ...

    def project(self, result: "Decomposition", basic: "BasicTheory") -> "Decomposition": ...


@dataclass(frozen=True, slots=True)
class TheoryTerm:
    """A name the theory defines: a basic emotion at a level, or a dyad."""

    name: str
    kind: str  # "intensity" or "dyad"
    components: tuple[tuple[str, float], ...]  # (basic emotion, weight)
    level: str | None = None  # for intensity terms
    dyad_kind: str | None = None  # primary, secondary, tertiary, opposite

    @property
    def is_opposite_blend(self) -> bool:
        return self.dyad_kind == "opposite"


@dataclass(frozen=True, slots=True, eq=False)
class BasicTheory:
    """A basic-emotion theory with intensities and dyads (Plutchik's shape)."""

    name: str
    title: str
    citation: str
    source: str
    emotions: tuple[str, ...]
    polarity: Mapping[str, str]
    opposite: Mapping[str, str]
    level_weights: Mapping[str, float]
    terms: Mapping[str, TheoryTerm]
    own_dyad_kinds: tuple[str, ...]

    @property
    def kind(self) -> str:
        return "basic"

    @property
    def dimension_names(self) -> tuple[str, ...]:
        return self.emotions

    def project(self, result: "Decomposition", basic: "BasicTheory") -> "Decomposition":
        """A decomposition is already in the basic theory's terms."""
        return result

    def term(self, name: str) -> TheoryTerm | None:
        return self.terms.get(name)

    def level_term(self, emotion: str, level: str) -> TheoryTerm:
        for term in self.terms.values():
            if term.kind == "intensity" and term.level == level and term.components[0][0] == emotion:
                return term
        raise KeyError((emotion, level))

    def dyads(self, kind: str | None = None) -> tuple[TheoryTerm, ...]:
        return tuple(
            t for t in self.terms.values() if t.kind == "dyad" and (kind is None or t.dyad_kind == kind)
        )


def _require(mapping: Any, key: str, source: str, path: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise DataError(source, path, f"missing key {key!r}")
    value = mapping[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise DataError(source, f"{path}.{key}" if path else key, f"expected {names}, got {type(value).__name__}")
    return value


def load_basic_theory(data: Any, source: str) -> BasicTheory:
    """Validate a parsed theory document; every error names `source` and the key path."""
    if not isinstance(data, dict):
        raise DataError(source, "", "a theory file must be a mapping")
    name = _require(data, "name", source, "", str)
    title = _require(data, "title", source, "", str)
    citation = _require(data, "citation", source, "", str)
    raw_levels = _require(data, "intensity_levels", source, "", dict)
    level_weights: dict[str, float] = {}
    for level in LEVELS:
        weight = raw_levels.get(level)
        if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not 0 < weight <= 1:
            raise DataError(source, f"intensity_levels.{level}", f"must be a number in (0, 1], got {weight!r}")
        level_weights[level] = float(weight)
    if not level_weights["mild"] < level_weights["basic"] < level_weights["intense"]:
        raise DataError(source, "intensity_levels", "levels must increase: mild < basic < intense")

    raw_emotions = _require(data, "emotions", source, "", list)
    emotions: list[str] = []
    polarity: dict[str, str] = {}
    opposite: dict[str, str] = {}
    terms: dict[str, TheoryTerm] = {}

    def add_term(term: TheoryTerm, path: str) -> None:
        if not _NAME.match(term.name):
            raise DataError(source, path, f"bad name {term.name!r}")
        if term.name in terms:
            raise DataError(source, path, f"name {term.name!r} is defined twice")
        terms[term.name] = term

    for index, raw in enumerate(raw_emotions):
        path = f"emotions[{index}]"
        emotion = _require(raw, "name", source, path, str)
        if emotion in emotions:
            raise DataError(source, f"{path}.name", f"emotion {emotion!r} is listed twice")
        emotions.append(emotion)
        pol = _require(raw, "polarity", source, path, str)
        if pol not in POLARITIES:
            raise DataError(source, f"{path}.polarity", f"must be one of {', '.join(POLARITIES)}")
        polarity[emotion] = pol
        opposite[emotion] = _require(raw, "opposite", source, path, str)
        levels = _require(raw, "levels", source, path, dict)
        for level in LEVELS:
            term_name = levels.get(level)
            if not isinstance(term_name, str):
                raise DataError(source, f"{path}.levels.{level}", "missing intensity term")
            add_term(
                TheoryTerm(term_name, "intensity", ((emotion, level_weights[level]),), level=level),
                f"{path}.levels.{level}",
            )
        if levels.get("basic") != emotion:
            raise DataError(source, f"{path}.levels.basic", "the basic level must be the emotion's own name")

    for index, emotion in enumerate(emotions):
        other = opposite[emotion]
        if other not in polarity:
            raise DataError(source, f"emotions[{index}].opposite", f"unknown emotion {other!r}")
        if opposite.get(other) != emotion:
            raise DataError(source, f"emotions[{index}].opposite", f"{emotion!r} and {other!r} are not mutual opposites")

    raw_dyads = _require(data, "dyads", source, "", dict)
    for kind, table in raw_dyads.items():
        if not isinstance(table, dict):
            raise DataError(source, f"dyads.{kind}", "expected a mapping of dyad name to two emotions")
        for dyad, parts in table.items():
            path = f"dyads.{kind}.{dyad}"
            if not isinstance(parts, list) or len(parts) != 2 or len(set(parts)) != 2:
                raise DataError(source, path, "a dyad is a list of two different basic emotions")
            for part in parts:
                if part not in polarity:
                    raise DataError(source, path, f"unknown emotion {part!r}")
            if kind == "opposite" and opposite[parts[0]] != parts[1]:
                raise DataError(source, path, "an opposite blend must combine opposite emotions")
            weight = level_weights["basic"]
            add_term(TheoryTerm(str(dyad), "dyad", ((parts[0], weight), (parts[1], weight)), dyad_kind=str(kind)), path)

    own = data.get("plutchik_own", list(raw_dyads))
    if not isinstance(own, list) or any(k not in raw_dyads for k in own):
        raise DataError(source, "plutchik_own", "must list dyad kinds defined under 'dyads'")

    return BasicTheory(
        name=name,
        title=title,
        citation=" ".join(citation.split()),
        source=source,
        emotions=tuple(emotions),
        polarity=polarity,
        opposite=opposite,
        level_weights=level_weights,
        terms=terms,
        own_dyad_kinds=tuple(own),
    )


def parse_expression(expression: Any, theory: BasicTheory) -> tuple[tuple[str, float], ...]:
    """Parse `0.5*joy + trust` into ((name, weight), ...); raise ValueError naming the problem."""
    if isinstance(expression, (int, float)) or not isinstance(expression, str) or not expression.strip():
        raise ExpressionError("E101", f"expected an expression such as 'joy + 0.5*trust', got {expression!r}")
    parsed: list[tuple[str, float]] = []
    for part in expression.split("+"):
        match = _EXPRESSION_TERM.match(part)
        if not match:
            raise ExpressionError("E101", f"cannot read {part.strip()!r}: write NAME or WEIGHT*NAME")
        weight = float(match.group(1)) if match.group(1) else 1.0
        if not 0 < weight <= 1:
            raise ExpressionError("E103", f"weight {weight:g} is out of range (0, 1]")
        name = match.group(2)
        if name not in theory.terms:
            raise ExpressionError("E102", f"{name!r} is not an emotion, intensity term or dyad of {theory.name}")
        parsed.append((name, weight))
    return tuple(parsed)
