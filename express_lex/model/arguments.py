"""Type checks at the public boundary: a wrong type is the package's own ArgumentTypeError
(also a TypeError), never an AttributeError or 'unhashable type' from deep inside."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import ArgumentTypeError

__all__ = ["require_text", "require_texts", "require_paths", "require_path"]


def _shown(value: Any) -> str:
    return type(value).__name__


def require_text(value: Any, what: str) -> str:
    """`value` if it is a str."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{what} must be text (str), got {_shown(value)}")
    return value


def require_texts(values: Any, what: str) -> list[str]:
    """A list of str from an iterable of them; one string alone is refused (it would be
    taken letter by letter)."""
    if isinstance(values, (str, bytes)) or not _iterable(values):
        raise ArgumentTypeError(f"{what} must be a list of text, got {_shown(values)}")
    items = list(values)
    if set(map(type, items)) <= {str}:  # in C; the loop below only runs to name a bad item
        return items
    for position, item in enumerate(items, 1):
        if not isinstance(item, str):
            raise ArgumentTypeError(f"{what}: item {position} must be text (str), got {_shown(item)}")
    return items


def require_path(value: Any, what: str) -> Path:
    """A Path from a str or os.PathLike."""
    if isinstance(value, bool) or not isinstance(value, (str, os.PathLike)):
        raise ArgumentTypeError(f"{what} must be a path (str or os.PathLike), got {_shown(value)}")
    return Path(value)


def require_paths(values: Any, what: str, *, allow: tuple[type, ...] = ()) -> list[Any]:
    """A list of paths (or of `allow` types) from an iterable; one path alone is taken as a list of one."""
    if isinstance(values, (str, os.PathLike)):
        return [Path(values)]
    if not _iterable(values) or isinstance(values, bytes):
        raise ArgumentTypeError(f"{what} must be a list of paths, got {_shown(values)}")
    items = list(values)
    return [item if allow and isinstance(item, allow) else require_path(item, f"{what}: item {position}")
            for position, item in enumerate(items, 1)]


def _iterable(value: Any) -> bool:
    try:
        iter(value)
    except TypeError:
        return False
    return True
