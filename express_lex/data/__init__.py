"""Reading and writing files: shipped data, caches, WordNet, the user's data folder.
Imports only `errors`, `config`, `lazy` and `model`."""

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes
from .cache import CacheShapeError, fingerprint, private_directory, read_cache, write_cache
from .guard import (
                    MAX_FILE_BYTES,
                    MAX_YAML_DEPTH,
                    MAX_YAML_NODES,
                    check_writable_path,
                    compose_yaml,
                    construct_yaml,
                    csv_cell,
                    csv_cells,
                    csv_uncell,
                    SafeCsvWriter,
                    file_kind,
                    load_yaml,
                    open_regular,
                    read_regular_bytes,
)
from .io import atomic_text_stream, atomic_write_bytes, exclusive_lock, parquet_records, read_text
from .sources import (
                      COMPILE_VERSION,
                      DataSource,
                      builtin_sources,
                      cached_basic_theory,
                      load_builtin_theory,
                      package_yaml,
                      parse_yaml,
)
from .userdata import (
                      LEXICON_NAME,
                      RESERVED_NAMES,
                      imported_lexicons,
                      overlay_path,
                      read_binary_lexicon,
                      render_binary,
                      render_overlay,
)
if TYPE_CHECKING:
    from .wordnet import LEXNAMES, NOT_FEELINGS, SynsetInfo, WalkData, WordNet, find_wordnet, load_wordnet
    from .wordnet_subset import WalkSynset, WordNetSubset, load_wordnet_subset

__all__ = [
    "CacheShapeError", "fingerprint", "private_directory", "read_cache", "write_cache",
    "MAX_FILE_BYTES", "MAX_YAML_DEPTH", "MAX_YAML_NODES", "check_writable_path", "compose_yaml", "construct_yaml",
    "csv_cell", "csv_cells", "csv_uncell", "SafeCsvWriter", "file_kind", "load_yaml", "open_regular", "read_regular_bytes",
    "atomic_text_stream", "atomic_write_bytes", "exclusive_lock", "parquet_records", "read_text",
    "COMPILE_VERSION", "DataSource", "builtin_sources", "cached_basic_theory", "load_builtin_theory", "package_yaml",
    "parse_yaml",
    "LEXICON_NAME", "RESERVED_NAMES", "imported_lexicons", "overlay_path", "read_binary_lexicon", "render_binary",
    "render_overlay",
    "LEXNAMES", "NOT_FEELINGS", "SynsetInfo", "WalkData", "WordNet", "find_wordnet", "load_wordnet",
    "WalkSynset", "WordNetSubset", "load_wordnet_subset",
]

# WordNet is read only by the resolver's last step; a table lookup never imports it.
_LAZY = {**dict.fromkeys(["LEXNAMES", "NOT_FEELINGS", "SynsetInfo", "WalkData", "WordNet", "find_wordnet",
                          "load_wordnet"], "wordnet"),
         **dict.fromkeys(["WalkSynset", "WordNetSubset", "load_wordnet_subset"], "wordnet_subset")}


__getattr__ = lazy_attributes(__name__, _LAZY)
