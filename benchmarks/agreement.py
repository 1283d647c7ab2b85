"""How `express-lex extract` agrees with the authors' masks on their own file, and what the
extra disclosures are: the figures of docs/extraction.md ("Measured on the authors' file").

    python benchmarks/agreement.py [--default] [--show KIND]

The input is the authors' 1,695 segments with each segment's labels put back into its
`<mask>` tokens. A mask is found when a disclosure's span overlaps it; an extra is a
disclosure that overlaps no mask. Extras are sorted into kinds by the first rule that fits,
in the order printed. `--default` uses the lexicon alone instead of the authors' 684 words;
`--show KIND` prints each extra of that kind in its context.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

from bench_text import SHARED, rebuilt_segments

import express_lex
from express_lex.text import Disclosure, extract_document, load_vocabulary

CONTRACTED_CUES = {"i'm feeling", "i've been", "i've been feeling", "i've felt"}
BE_CUES = {"i'm", "i am", "i was", "i've been", "i have been", "i had been"}
CONTRACTED_NEGATION = re.compile(r"n['’‘ʼ`]t\b", re.IGNORECASE)
FIRST_PERSON = re.compile(r"\bi\b|\bi['’]", re.IGNORECASE)
PARTICIPLE = re.compile(r"(?:ed|en)$|^hurt$")  # hurt: the irregular one among these words

KINDS = {
    "n't": "after an n't contraction (\"I wasn't angry\")",
    "contracted cue": "\"I'm feeling\", \"I've been\", \"I've felt\"",
    "never a label": "a word the file never has as a label",
    "be + participle": "\"I was terrified\"",
    "be + other": "other words after a be-cue",
    "feel": "after feel/felt/feeling",
}


def kind_of(extra: Disclosure, text: str, labels: set[str]) -> str:
    """The first kind of KINDS that fits the extra."""
    window = text[max(0, extra.start - 60):extra.start]
    cue_at = [m.start() for m in FIRST_PERSON.finditer(window)]
    if extra.negated and CONTRACTED_NEGATION.search(window[cue_at[-1] if cue_at else 0:]):
        return "n't"
    if extra.cue in CONTRACTED_CUES:
        return "contracted cue"
    if extra.label not in labels:
        return "never a label"
    if extra.cue in BE_CUES:
        return "be + participle" if PARTICIPLE.search(extra.label) else "be + other"
    return "feel"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--default", action="store_true", help="the lexicon alone, no --vocabulary")
    parser.add_argument("--show", choices=sorted(KINDS), help="print the extras of one kind in context")
    options = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} not found")
    lexicon = express_lex.default_lexicon()
    vocabulary = None if options.default else load_vocabulary(SHARED / "express-candidate-emotion-words.txt")
    segments = rebuilt_segments()
    labels = {text[a:b].lower() for text, ranges in segments for a, b in ranges}
    found = masks = 0
    kinds: Counter[str] = Counter()
    for text, ranges in segments:
        disclosures = extract_document(text, lexicon, vocabulary)
        masks += len(ranges)
        found += sum(any(d.start < b and a < d.end for d in disclosures) for a, b in ranges)
        for extra in (d for d in disclosures if not any(d.start < b and a < d.end for a, b in ranges)):
            kind = kind_of(extra, text, labels)
            kinds[kind] += 1
            if kind == options.show:
                print(" ".join(f"{text[max(0, extra.start - 70):extra.start]}[{extra.span}]"
                               f"{text[extra.end:extra.end + 30]}".split()))
    extras = sum(kinds.values())
    run = "default vocabulary" if options.default else "the authors' 684 words"
    print(f"{run}: "
          f"masks found {found:,} / {masks:,} = {found / masks:.1%}; extras {extras:,} = {extras / masks:.1%} of the masks")
    for kind, meaning in KINDS.items():
        print(f"  {kinds[kind]:>5,}  {kind:<16} {meaning}")


if __name__ == "__main__":
    main()
