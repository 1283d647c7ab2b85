"""Compile caches that are safe to read from a directory others might reach.

Caches are JSON, so reading one can never run code (they were pickles). A cache is used only
when the directory and the file belong to the current user and nobody else can write them,
and only after its shape is checked by the caller's decoder: a planted, stale or corrupt file
is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, Callable, TypeVar

from .io import atomic_write_bytes

__all__ = ["CacheShapeError", "fingerprint", "private_directory", "read_cache", "write_cache"]

T = TypeVar("T")
FORMAT = "express-lex-cache"
_MAX_BYTES = 64 << 20  # far above any real cache; a planted huge file is not read


try:  # hashlib loads OpenSSL first, 2 ms of a 90 ms `decompose joy`; BLAKE2 is built into CPython
    from _blake2 import blake2b as _blake2b
except ImportError:  # other Pythons
    from hashlib import blake2b as _blake2b


def fingerprint(*parts: bytes) -> str:
    """A cache file's key: BLAKE2b (160 bits, hex) of `parts`, each prefixed by its length so
    that no two different lists of parts run together into the same bytes."""
    digest = _blake2b(digest_size=20)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


class CacheShapeError(ValueError):
    """A cache file parsed but is not what its decoder expects."""


def _refuse_constant(name: str) -> float:
    # NaN and Infinity are never written, and would slip past range checks.
    raise CacheShapeError(f"{name} in a cache")


def _owned_and_private(info: os.stat_result) -> bool:
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def private_directory(folder: Path, *, create: bool) -> bool:
    """Whether `folder` is a directory owned by this user that no one else can write
    (made with mode 0700 when `create` and it is missing)."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        if not create:
            return False
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = os.stat(folder)
        except OSError:
            return False
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _owned_and_private(info)


def read_cache(path: Path, kind: str, version: str, decode: Callable[[Any], T]) -> T | None:
    """The decoded payload of a trusted cache file, or None if it is missing, foreign,
    writable by others, or of the wrong kind, version or shape."""
    if not private_directory(path.parent, create=False):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _owned_and_private(info) or info.st_size > _MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(_MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        document = json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
        if not (isinstance(document, dict) and document.get("format") == FORMAT
                and document.get("kind") == kind and document.get("version") == version):
            return None
        return decode(document.get("payload"))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        # Any shape problem (CacheShapeError is a ValueError) means: rebuild.
        return None


def write_cache(path: Path, kind: str, version: str, payload: Any) -> None:
    """Write a cache file (mode 0600) atomically; a directory that is not private to this user
    is left alone, and write failures are ignored: the cache only saves time."""
    if not private_directory(path.parent, create=True):
        return
    document = {"format": FORMAT, "kind": kind, "version": version, "payload": payload}
    try:
        atomic_write_bytes(path, json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                           mode=0o600)
    except OSError:
        pass
