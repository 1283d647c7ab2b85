"""Where express-lex keeps and finds its files: the one place that reads the environment.

`config()` resolves every location from the environment each time it is asked (so a changed
variable takes effect), unless a program fixed some of them with `configure(...)`.

| setting     | variable                          | default                               |
|-------------|-----------------------------------|---------------------------------------|
| cache_dir   | EXPRESS_LEX_CACHE_DIR             | $XDG_CACHE_HOME/express-lex           |
| data_dir    | EXPRESS_LEX_HOME                  | $XDG_DATA_HOME/express-lex            |
| wordnet     | EXPRESS_LEX_WORDNET               | None: look in nltk_data, then Debian  |
| theories    | EXPRESS_LEX_THEORIES (os.pathsep) | none                                  |
| nltk_data   | NLTK_DATA (os.pathsep)            | none (nltk's own defaults are added)  |
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

__all__ = ["Config", "config", "configure", "cache_dir", "data_dir"]


@dataclass(frozen=True, slots=True)
class Config:
    """Every location express-lex reads or writes."""

    cache_dir: Path
    data_dir: Path
    home: Path
    wordnet: Path | None = None
    theories: tuple[Path, ...] = ()
    nltk_data: tuple[Path, ...] = ()

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> "Config":
        env = os.environ if environ is None else environ
        home = Path(env.get("HOME") or os.path.expanduser("~"))

        def xdg(variable: str, *fallback: str) -> Path:
            return Path(env.get(variable) or home.joinpath(*fallback))

        def paths(variable: str) -> tuple[Path, ...]:
            return tuple(Path(p) for p in env.get(variable, "").split(os.pathsep) if p)

        return cls(
            cache_dir=Path(env["EXPRESS_LEX_CACHE_DIR"]) if env.get("EXPRESS_LEX_CACHE_DIR")
            else xdg("XDG_CACHE_HOME", ".cache") / "express-lex",
            data_dir=Path(env["EXPRESS_LEX_HOME"]) if env.get("EXPRESS_LEX_HOME")
            else xdg("XDG_DATA_HOME", ".local", "share") / "express-lex",
            home=home,
            wordnet=Path(env["EXPRESS_LEX_WORDNET"]) if env.get("EXPRESS_LEX_WORDNET") else None,
            theories=paths("EXPRESS_LEX_THEORIES"),
            nltk_data=paths("NLTK_DATA"),
        )


_overrides: dict[str, Any] = {}


def config() -> Config:
    """The locations in force: the environment, with anything fixed by configure() on top."""
    resolved = Config.from_environment()
    return dataclasses.replace(resolved, **_overrides) if _overrides else resolved


def configure(**settings: Any) -> Config:
    """Fix locations for this process (e.g. configure(cache_dir=Path(...))); None unfixes one."""
    fields = {f.name for f in dataclasses.fields(Config)}
    unknown = set(settings) - fields
    if unknown:
        raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))} (known: {', '.join(sorted(fields))})")
    for name, value in settings.items():
        if value is None:
            _overrides.pop(name, None)
        else:
            _overrides[name] = value
    return config()


def cache_dir() -> Path:
    """Where compiled tables and other caches live."""
    return config().cache_dir


def data_dir() -> Path:
    """Where the user's overlay and imported lexicons live."""
    return config().data_dir
