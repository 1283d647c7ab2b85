"""The one exception hierarchy of express-lex."""

from __future__ import annotations

__all__ = [
    "ExpressLexError",
    "DataError",
    "InputError",
    "ArgumentTypeError",
    "UnknownTheoryError",
]


class ExpressLexError(Exception):
    """Base class of every error express-lex raises on purpose."""


class DataError(ExpressLexError):
    """A theory or lexicon file is malformed; names the file and the key path."""

    def __init__(self, source: str, key: str, message: str, code: str = "E101") -> None:
        self.source = source
        self.key = key
        self.message = message
        self.code = code
        where = f"{source}: {key}" if key else source
        super().__init__(f"{where}: {message}")


class InputError(ExpressLexError, ValueError):
    """A term or input file cannot be decomposed as given (empty, not UTF-8, missing)."""


class ArgumentTypeError(InputError, TypeError):
    """A public function was given a value of the wrong type (a list where a term goes, None
    where a path goes). Also a TypeError, so callers that expect one still catch it."""


class UnknownTheoryError(ExpressLexError, LookupError):
    """A theory name that is not loaded."""

    def __init__(self, name: str, available: tuple[str, ...]) -> None:
        self.name = name
        self.available = available
        super().__init__(f"unknown theory {name!r} (available: {', '.join(available)})")
