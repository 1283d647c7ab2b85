"""What every command shares: the exit codes and the one place that turns the package's
errors into one line on stderr."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import typer

import express_lex
from express_lex import ExpressLexError, InputError, UnknownTheoryError

__all__ = ["EXIT_OK", "EXIT_FAILURE", "EXIT_USAGE", "fail", "exit_codes", "command_lexicon"]

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def fail(message: str, code: int) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise."""
    typer.echo(f"express-lex: error: {' '.join(str(message).split())}", err=True)  # always one line
    return typer.Exit(code)


@contextmanager
def exit_codes() -> Iterator[None]:
    """The package's errors as one line and the documented exit code: bad input or an
    unknown theory 2, anything else express-lex refuses (a broken data file) 1."""
    try:
        yield
    except (InputError, UnknownTheoryError) as error:
        raise fail(str(error), EXIT_USAGE) from None
    except ExpressLexError as error:
        raise fail(str(error), EXIT_FAILURE) from None


def command_lexicon(wordnet: Optional[bool] = None, theories: Optional[list[Path]] = None,
                    lexicon: Optional[str] = None) -> express_lex.Lexicon:
    """The shared lexicon, or the one the options ask for."""
    with exit_codes():
        if wordnet is None and not theories and lexicon in (None, "default"):
            opened = express_lex.default_lexicon()
        else:
            opened = express_lex.open_lexicon(lexicon, wordnet=wordnet, theories=theories or ())
    for warning in opened.load_warnings:
        typer.echo(f"express-lex: warning: {warning}", err=True)
    return opened
