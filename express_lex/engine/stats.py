"""Counts over a loaded lexicon."""

from __future__ import annotations

from collections import Counter

from ..model import lookup_key

__all__ = ["lexicon_stats"]


def lexicon_stats(lexicon) -> dict:
    """Counts behind `lexicon stats`: lemmas by part of speech, provenance and dominant emotion."""
    entries = lexicon.entries
    by_pos = Counter(e.pos for e in entries)
    by_provenance = Counter(e.provenance.kind if e.provenance.kind != "derived" else f"derived:{e.provenance.relation}"
                            for e in entries)
    dominant: Counter = Counter()
    nonzero_forms = 0
    for key in lexicon.surface_forms():
        result = lexicon.decompose(key)
        if result.dominant:
            nonzero_forms += 1
    for entry in entries:
        result = lexicon.decompose(entry.lemma)
        dominant[result.dominant or "none"] += 1
    return {
        "lemmas": len({lookup_key(e.lemma) for e in entries}),
        "entries": len(entries),
        "surface forms": len(lexicon),
        "surface forms with non-zero decomposition": nonzero_forms,
        "by part of speech": dict(by_pos.most_common()),
        "by provenance": dict(sorted(by_provenance.items())),
        "by dominant emotion": dict(dominant.most_common()),
    }
