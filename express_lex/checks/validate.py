"""Validation entry points: every coded problem of lexicon and theory files."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable

from ..data import DataSource, builtin_sources, load_builtin_theory, package_yaml, parse_yaml, read_regular_bytes
from ..engine import CategoricalTheory, DimensionalTheory, Lexicon
from ..errors import DataError, InputError
from ..model import Problem, require_paths

__all__ = ["shipped_chains", "validate_lexicon", "validate_theories"]

CHAINS_PACKAGE = "express_lex.lexicon.intensity"


def shipped_chains() -> list:
    """The curated intensity chains shipped in lexicon/intensity (see docs/lexicon-format.md)."""
    from .lexicon_rules import chain_list

    theory = load_builtin_theory()
    chains: list = []
    for source in package_yaml(CHAINS_PACKAGE, "lexicon/intensity"):
        found, problems = chain_list(parse_yaml(source), source.name, theory)
        if problems:
            raise DataError(source.name, problems[0].key, problems[0].message, "E109")
        chains += found
    return chains


def validate_lexicon(paths: Iterable[str | os.PathLike[str]] = (), *, builtin: bool = True,
                     check_wordnet: bool = True) -> list[Problem]:
    """Every coded problem (see express_lex.checks.RULES) in the shipped lexicon and/or the given files.

    Unlike Lexicon(), this does not stop at the first broken entry.
    """
    from .lexicon_rules import validate_sources

    theory_sources, lexicon_sources = builtin_sources()
    # The shipped intensity chains (lexicon/intensity) are checked with the shipped lexicon.
    shipped = lexicon_sources + package_yaml(CHAINS_PACKAGE, "lexicon/intensity")
    sources = (shipped if builtin else []) + [DataSource.from_path(p) for p in require_paths(paths, "paths")]
    wordnet = None
    if check_wordnet:
        from ..data import load_wordnet

        wordnet = load_wordnet()
    return validate_sources(load_builtin_theory(theory_sources), sources, wordnet,
                            wordnet_checked=wordnet is not None or not check_wordnet)


def validate_theories(paths: Iterable[str | os.PathLike[str]], lexicon: "Lexicon | None" = None) -> list[Problem]:
    """Every coded problem (the T-codes of express_lex.model.THEORY_RULES) in the given theory
    files or directories, checked against the shipped lexicon (or `lexicon`), with file and line."""
    from ..engine import MAX_THEORY_BYTES, load_theory_text

    lexicon = lexicon or Lexicon(wordnet=False)
    problems: list[Problem] = []
    files: list[Path] = []
    for raw in require_paths(paths, "paths"):
        path = Path(raw)
        if path.is_dir():
            files += sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
        elif path.exists():  # a FIFO or device is named as such when it is read
            files.append(path)
        else:
            raise InputError(f"no such file or directory: {path}")
    for file in files:
        try:  # a FIFO or device is refused, never read
            text = read_regular_bytes(file, limit=MAX_THEORY_BYTES).decode("utf-8")
        except InputError as error:
            problems.append(Problem("T100", str(file), "", str(error)))
            continue
        except UnicodeDecodeError as error:
            problems.append(Problem("T100", str(file), "", f"cannot read: not UTF-8 (byte {error.start})"))
            continue
        if re.search(r"^kind:\s*basic\s*$", text, re.MULTILINE):  # Plutchik's own shape: the engine's basis
            from ..model import load_basic_theory

            try:
                load_basic_theory(parse_yaml(DataSource(str(file), text.encode("utf-8"))), str(file))
            except DataError as error:
                problems.append(Problem("T101", str(file), error.key, error.message))
            continue
        # A name is taken if another loaded theory file has it (a file checks against itself fine).
        loaded = (lexicon.get_theory(name) for name in lexicon.theory_names())
        taken = {lexicon.theory.name} | {t.name for t in loaded if isinstance(t, (CategoricalTheory, DimensionalTheory))
                                         and Path(t.file).name != file.name}
        _, found = load_theory_text(text, str(file), str(file), lexicon.theory, lexicon.table,
                                    taken=taken)
        problems += sorted(found, key=lambda p: (p.line or 0, p.code))
    return problems
