"""Build tools, run by maintainers (`python -m express_lex.tools.build`), never at run time."""
