"""The express-lex command line (installed as express_lex.cli): presentation only."""

from express_lex.cli.app import app, main

__all__ = ["app", "main"]
