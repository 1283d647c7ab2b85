"""Writes to the user's data: `lexicon add` and `lexicon import`. Above `checks`, because
every write is validated before it lands."""

from .userdata import add_entry, import_lexicon

__all__ = ["add_entry", "import_lexicon"]
