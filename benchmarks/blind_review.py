"""Agreement of the WordNet-derived entries with the blind review (issue 14).

    python benchmarks/blind_review.py [REVIEW.tsv]

The review (lexicon/review/derived-blind-review.tsv) holds a seeded sample of derived entries,
each judged from its word and WordNet gloss alone. An entry agrees when its strongest emotion is
one the reviewer named (dominant or second). Printed:
- over the sampled words that are still derived entries, the agreement (target >= 80%);
- over every sampled word a reviewer found emotional, what `decompose` gives (the whole resolver,
  WordNet walk included);
- how many words the reviewers found unemotional still get an emotion.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from express_lex import Lexicon

REVIEW = Path(__file__).resolve().parent.parent / "lexicon" / "review" / "derived-blind-review.tsv"


def read_review(path: Path = REVIEW) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def agreement(lexicon: Lexicon, rows: list[dict[str, str]]) -> dict[str, float | int]:
    derived = {e.lemma for e in lexicon.entries if e.provenance.kind == "derived"}
    emotions = lexicon.theory.emotions
    counts: Counter[str] = Counter()
    for row in rows:
        named = {row["dominant"], row["second"]} - {"", "none"}
        result = lexicon.decompose(row["word"])
        top = max(range(len(emotions)), key=lambda i: result.vector[i])
        emotional = result.vector[top] > 0
        if not named:
            counts["unemotional"] += 1
            counts["unemotional given an emotion"] += emotional
            continue
        counts["emotional"] += 1
        counts["emotional, decompose agrees"] += emotional and emotions[top] in named
        counts["emotional, decompose unknown"] += not emotional
        if row["word"] in derived:
            counts["still derived"] += 1
            counts["still derived, agrees"] += emotional and emotions[top] in named
            counts["still derived, agrees with dominant"] += emotional and emotions[top] == row["dominant"]
    figures: dict[str, float | int] = dict(counts)
    figures["derived agreement"] = counts["still derived, agrees"] / max(1, counts["still derived"])
    figures["derived agreement, dominant only"] = counts["still derived, agrees with dominant"] / max(1, counts["still derived"])
    figures["decompose agreement over emotional words"] = counts["emotional, decompose agrees"] / max(1, counts["emotional"])
    return figures


def main() -> None:
    rows = read_review(Path(sys.argv[1]) if len(sys.argv) > 1 else REVIEW)
    for name, value in agreement(Lexicon(), rows).items():
        print(f"{name:<45} {value:.3f}" if isinstance(value, float) else f"{name:<45} {value}")


if __name__ == "__main__":
    main()
