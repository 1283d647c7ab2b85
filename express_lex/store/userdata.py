"""Writes to the user's own data (the overlay, imported lexicons), each validated before an
atomic rename and serialised by a lock."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from ..config import data_dir
from ..data import (
    LEXICON_NAME,
    RESERVED_NAMES,
    atomic_write_bytes,
    exclusive_lock,
    overlay_path,
    read_binary_lexicon,
    render_binary,
    render_overlay,
)
from ..errors import DataError, InputError
from ..model import POS_TAGS, lookup_key

__all__ = ["add_entry", "import_lexicon"]


def _check_overlay_file(path: Path) -> None:
    """Parse and validate the overlay as the lexicon will; any error stops the write."""
    from ..checks import validate_sources
    from ..data import DataSource, builtin_sources, load_builtin_theory

    name = str(overlay_path())
    # Checked together with the shipped lexicon: synonyms may point into it, and a form may clash with it.
    problems = validate_sources(load_builtin_theory(), [*builtin_sources()[1], DataSource(name, path.read_bytes())],
                                wordnet=None, wordnet_checked=True)
    errors = [p for p in problems if p.severity == "error" and p.source == name]
    if errors:
        raise InputError(f"not written: {errors[0]}")


def add_entry(term: str, expression: str, *, pos: str = "adj", intensity: str | None = None,
              synonyms: Iterable[str] = (), wordnet: Iterable[str] = (), rationale: str | None = None,
              path: Path | None = None) -> Path:
    """Add (or replace) one entry in the user overlay and return the overlay's path.

    `intensity` (mild, basic, intense) scales the expression's weights by Plutchik's level
    weights relative to basic, as an intensifier or downtoner would.
    """
    import yaml

    from ..data import load_builtin_theory
    from ..model import ExpressionError, parse_expression

    term = " ".join(term.split())
    if not term:
        raise InputError("empty term")
    if pos not in POS_TAGS:
        raise InputError(f"part of speech must be one of {', '.join(POS_TAGS)}, got {pos!r}")
    theory = load_builtin_theory()
    try:
        parts = parse_expression(expression, theory)
    except ExpressionError as error:
        raise InputError(f"--as {expression!r}: {error}") from None
    if intensity is not None:
        if intensity not in theory.level_weights:
            raise InputError(f"intensity must be one of {', '.join(theory.level_weights)}, got {intensity!r}")
        # A basic emotion moves to its ring's term (joy -> ecstasy); a dyad has no rings, so its
        # weight is scaled by the same ratio, up to 1.
        factor = theory.level_weights[intensity] / theory.level_weights["basic"]
        scaled = []
        for name, weight in parts:
            named = theory.terms[name]
            if named.kind == "intensity" and named.level == "basic":
                scaled.append((theory.level_term(named.components[0][0], intensity).name, weight))
            else:
                scaled.append((name, min(1.0, round(weight * factor, 3))))
        expression = " + ".join(name if weight == 1 else f"{weight:g}*{name}" for name, weight in scaled)
    entry: dict = {"lemma": term, "pos": "phrase" if " " in term else pos, "as": expression}
    if rationale:
        entry["rationale"] = rationale
    if list(synonyms):
        entry["synonyms"] = list(synonyms)
    if list(wordnet):
        entry["wordnet"] = list(wordnet)
    entry["provenance"] = "user"
    key = lookup_key(term)
    path = path or overlay_path()
    # Read, change and write under one lock: parallel adds would otherwise each write back
    # the file as they read it, and all but one addition would be lost.
    with exclusive_lock(path):
        entries: list[dict] = []
        if path.exists():
            try:
                data = yaml.safe_load(path.read_text("utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError) as error:
                raise DataError(str(path), "", f"the overlay cannot be read, so it is left as it is: {error}") from None
            entries = list(data.get("entries") or []) if isinstance(data, dict) else []
        entries = [e for e in entries if not (isinstance(e, dict) and lookup_key(str(e.get("lemma", ""))) == key)]
        entries.append(entry)
        entries.sort(key=lambda e: lookup_key(str(e.get("lemma", ""))))
        atomic_write_bytes(path, render_overlay(entries), _check_overlay_file)
    return path


def import_lexicon(file: str | os.PathLike[str], name: str) -> tuple[Path, int]:
    """Import a 0/1 lexicon file under `name`; return (stored path, number of words)."""
    if not LEXICON_NAME.match(name) or name in RESERVED_NAMES:
        raise InputError(f"bad lexicon name {name!r}: lower-case letters, digits, - and _; not {' or '.join(RESERVED_NAMES)}")
    source = Path(file)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {source}: {error.strerror or error}") from None
    words = read_binary_lexicon(data, str(source))
    target = data_dir() / "lexicons" / f"{name}.csv"

    def check(path: Path) -> None:
        if read_binary_lexicon(path.read_bytes(), str(path)) != words:
            raise DataError(str(path), "", "the written file does not read back the same")

    with exclusive_lock(target):  # two imports under one name: one wins whole, never a mix
        atomic_write_bytes(target, render_binary(words), check)
    return target, len(words)
