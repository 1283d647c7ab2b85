"""The express-lex command line (installed as express_lex.cli)."""
