"""The shipped data files, read through importlib.resources, and YAML parsing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import cache_dir
from ..errors import DataError
from .cache import fingerprint, read_cache, write_cache

if TYPE_CHECKING:
    from ..model import BasicTheory

__all__ = ["COMPILE_VERSION", "DataSource", "builtin_sources", "package_yaml", "parse_yaml", "load_builtin_theory", "cached_basic_theory"]

# Bump when the compiled table's layout or the compile rules change.
COMPILE_VERSION = "9"  # 7: the user's entries rank above shipped ones (issue 16); 8: packed cache columns;
# 9: a form takes its own part of speech where WordNet rules out its entry's (form_pos.tsv)


@dataclass(frozen=True, slots=True)
class DataSource:
    """One data file: a display name (used in error messages) and its bytes."""

    name: str
    data: bytes

    @property
    def default_provenance(self) -> str:
        """Entries without a provenance are curated in the shipped lexicon, the user's own elsewhere."""
        return "curated" if self.name.startswith("lexicon/") else "user"

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> "DataSource":
        from .guard import read_regular_bytes

        path = Path(path)
        return cls(str(path), read_regular_bytes(path))  # a FIFO or /dev/zero is refused, not read forever


def package_yaml(package: str, prefix: str) -> list[DataSource]:
    root = resources.files(package)
    return [
        DataSource(f"{prefix}/{item.name}", item.read_bytes())
        for item in sorted(root.iterdir(), key=lambda p: p.name)
        if item.name.endswith(".yaml")
    ]


def builtin_sources() -> tuple[list[DataSource], list[DataSource]]:
    """The shipped theory files and lexicon files, read through importlib.resources."""
    theories = package_yaml("express_lex.theories", "theories")
    lexicon = package_yaml("express_lex.lexicon.curated", "lexicon/curated")
    lexicon += package_yaml("express_lex.lexicon.derived", "lexicon/derived")
    return theories, lexicon


def parse_yaml(source: DataSource):
    """The document of a YAML source, safely and within limits (guard.load_yaml): a one-line
    DataError for anything malformed or bomb-like."""
    from .guard import load_yaml

    return load_yaml(source.data, source.name)


def load_builtin_theory(theory_sources: list[DataSource] | None = None) -> "BasicTheory":
    """Plutchik's theory from the shipped theories/plutchik.yaml."""
    from ..model import load_basic_theory

    if theory_sources is None:
        theory_sources = builtin_sources()[0]
    by_name = {s.name.rsplit("/", 1)[-1]: s for s in theory_sources}
    source = by_name.get("plutchik.yaml")
    if source is None:
        raise DataError("theories", "plutchik.yaml", "the Plutchik theory file is missing")
    return load_basic_theory(parse_yaml(source), source.name)


def cached_basic_theory(theory_sources: list[DataSource]) -> "BasicTheory":
    """Plutchik's theory from a small JSON cache keyed by the file's hash (saves importing yaml).

    The cache holds the parsed document, so loading it runs the full validation again."""
    from ..model import load_basic_theory

    source = next((s for s in theory_sources if s.name.endswith("/plutchik.yaml")), None)
    if source is None:
        return load_builtin_theory(theory_sources)
    path = cache_dir() / f"theory-{fingerprint(COMPILE_VERSION.encode(), source.data)}.json"
    theory = read_cache(path, "theory", COMPILE_VERSION, lambda document: load_basic_theory(document, source.name))
    if theory is None:
        document = parse_yaml(source)
        theory = load_basic_theory(document, source.name)
        write_cache(path, "theory", COMPILE_VERSION, document)
    return theory
