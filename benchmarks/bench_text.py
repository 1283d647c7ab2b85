"""Documents per second of whole `express-lex extract` and `express-lex mask` processes over
the rebuilt EXPRESS posts (../shared/express-data), against the authors' masking.

    python benchmarks/bench_text.py [--repeat 10]

The input is the authors' 1,695 segments with their labels put back, repeated `--repeat`
times (so process start-up, about 0.5 s, is amortised as it would be on a corpus). Each
command runs as its own process, start-up and lexicon loading included; the best of three runs
is reported as wall-clock and as CPU docs/s (on a shared machine the two differ). The authors'
spaCy step runs only where spaCy and en_core_web_sm import (it is not a dependency);
otherwise the figure quoted is theirs: about 8 documents/s with their code.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "express-data"
AUTHORS_DOCS_PER_S = 8.0


def rebuilt_segments() -> list[tuple[str, list[tuple[int, int]]]]:
    """(text, character range of each mask) per segment of the authors' file: the i-th <mask>
    gets the i-th label."""
    csv.field_size_limit(1 << 30)
    out = []
    with (SHARED / "gpt_4o_shorter_context.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            parts = row["segment"].split("<mask>")
            text, ranges = parts[0], []
            for label, rest in zip(ast.literal_eval(row["labels"]), parts[1:]):
                ranges.append((len(text), len(text) + len(label)))
                text += label + rest
            out.append((text, ranges))
    return out


def rebuilt_posts() -> list[str]:
    return [text for text, _ in rebuilt_segments()]


def authors_spacy_rate(posts: list[str]) -> float | None:
    """Docs/s of spaCy's small English model parsing the posts (the heavy step of their
    masking), or None when spaCy or the model is not importable."""
    try:
        import spacy  # type: ignore[import-not-found]

        nlp = spacy.load("en_core_web_sm")
    except Exception:
        return None
    sample = posts[:200]
    start = time.perf_counter()
    for post in sample:
        nlp(post)
    return len(sample) / (time.perf_counter() - start)


def time_command(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole process. CPU time is what the process itself
    costs; on a shared machine the wall time also counts waiting for a core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "express_lex", *args], capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr}")
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="copies of the 1,695 posts (default 10)")
    options = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} not found")
    posts = rebuilt_posts()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "posts.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for copy in range(options.repeat):
                for number, post in enumerate(posts):
                    handle.write(json.dumps({"id": f"{copy}-{number}", "text": post}) + "\n")
        docs = len(posts) * options.repeat
        vocabulary = str(SHARED / "express-candidate-emotion-words.txt")
        rows = []
        for name, args in (("extract", ["extract", str(source), "-o", str(Path(tmp) / "x.jsonl")]),
                           ("extract --vocabulary", ["extract", str(source), "-o", str(Path(tmp) / "y.jsonl"),
                                                     "--vocabulary", vocabulary]),
                           ("mask", ["mask", str(source), "-o", str(Path(tmp) / "m.csv")])):
            runs = [time_command(args) for _ in range(3)]
            rows.append((name, docs / min(w for w, _ in runs), docs / min(c for _, c in runs)))
    spacy_rate = authors_spacy_rate(posts)
    baseline = spacy_rate if spacy_rate is not None else AUTHORS_DOCS_PER_S
    source_note = "spaCy measured here" if spacy_rate is not None else "the authors' 8 docs/s (spaCy not importable here)"
    print(f"{docs:,} documents (1,695 rebuilt posts x {options.repeat}); baseline: {baseline:.1f} docs/s, {source_note}")
    print(f"{'':<22} {'wall docs/s':>12} {'ratio':>7} {'CPU docs/s':>12} {'ratio':>7}")
    for name, wall, cpu in rows:
        print(f"{name:<22} {wall:>12,.0f} {wall / baseline:>6,.0f}x {cpu:>12,.0f} {cpu / baseline:>6,.0f}x")


if __name__ == "__main__":
    main()
