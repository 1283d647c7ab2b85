"""Where express-lex keeps its files: one place that reads the environment."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir", "data_dir"]

def cache_dir() -> Path:
    """Where compiled tables live: $EXPRESS_LEX_CACHE_DIR, else the XDG cache directory."""
    explicit = os.environ.get("EXPRESS_LEX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "express-lex"


def data_dir() -> Path:
    """$EXPRESS_LEX_HOME, else $XDG_DATA_HOME/express-lex (~/.local/share/express-lex)."""
    explicit = os.environ.get("EXPRESS_LEX_HOME")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "express-lex"
