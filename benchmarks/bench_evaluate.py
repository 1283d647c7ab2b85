"""express-lex evaluate at scale (issue 16 item 14): whole-process wall time and peak RSS.

    python benchmarks/bench_evaluate.py [--rows N [--bootstrap B]] [--format jsonl|csv] [--keep DIR]

Targets: 100,000 rows with the default 1,000-resample bootstrap in at most 30 s; 10^6 rows
with --bootstrap 0 in at most 60 s and 500 MB peak RSS. The results file is generated (seeded)
in predict's JSONL format: 1-3 masks per post, emotion words from the shipped lexicon plus
unknown ones, and a mix of exact, wrong, invalid, fenced (tolerant-only) and failed rows.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VOCABULARY = 800  # distinct known words drawn from the lexicon


def words(count: int = VOCABULARY) -> list[str]:
    """A fixed sample of single-word lexicon entries, plus made-up words the lexicon lacks."""
    from express_lex import Lexicon

    known = sorted(w for w in Lexicon(wordnet=False).surface_forms() if w.isalpha() and len(w) > 2)
    rng = random.Random(7)
    return rng.sample(known, min(count, len(known))) + [f"zz{n}word" for n in range(40)]


def generate(path: Path, rows: int, seed: int = 0, fmt: str = "jsonl") -> None:
    """Write `rows` synthetic results rows (see the module docstring) to `path`."""
    rng = random.Random(seed)
    vocabulary = words()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        if fmt == "csv":
            handle.write("index,original_ids,segment,number_of_labels,labels,output,output_formatted\n")
        for index in range(rows):
            n = rng.choice((1, 1, 1, 2, 2, 3))
            labels = [rng.choice(vocabulary) for _ in range(n)]
            answer = [w if rng.random() < 0.35 else rng.choice(vocabulary) for w in labels]
            roll = rng.random()
            if roll < 0.04:
                output = "INVALID OUTPUT"
            elif roll < 0.08:
                output = f"```python\n{answer!r}\n```"  # only the tolerant parse reads it
            elif roll < 0.10:
                output = repr(answer[:-1] or ["x", "y"])  # the wrong length
            else:
                output = repr(answer)
            if fmt == "csv":
                segment = "I felt <mask> today."
                cells = [str(index), f"p{index:07d}", segment, str(n), repr(labels), output, ""]
                handle.write(",".join('"' + c.replace('"', '""') + '"' for c in cells) + "\n")
            else:
                record = {"id": f"p{index:07d}", "labels": labels, "number_of_labels": n, "output": output,
                          "error": "HTTP 500" if rng.random() < 0.01 else None}
                handle.write(json.dumps(record) + "\n")


def measure(argv: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    error = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {error}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="rows (repeatable); default: both targets")
    parser.add_argument("--bootstrap", type=int, default=1000, help="resamples with --rows (default 1000)")
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep the files")
    args = parser.parse_args()
    cases = [(r, args.bootstrap) for r in args.rows] if args.rows else [(100_000, 1000), (1_000_000, 0)]
    script = shutil.which("express-lex")
    cli = [script] if script else [sys.executable, "-m", "express_lex"]
    directory = args.keep or Path(tempfile.mkdtemp(prefix="bench-evaluate-"))
    directory.mkdir(parents=True, exist_ok=True)
    try:
        for rows, bootstrap in cases:
            path = directory / f"results-{rows}.{args.format}"
            if not path.exists():
                generate(path, rows, fmt=args.format)
            seconds, mib = measure([*cli, "evaluate", str(path), "--bootstrap", str(bootstrap), "--format", "json"])
            size = path.stat().st_size / 2**20
            target = {(100_000, 1000): "  (target <= 30 s)", (1_000_000, 0): "  (target <= 60 s, <= 500 MiB)"}.get(
                (rows, bootstrap), "")
            print(f"{rows:>9,} rows ({size:.0f} MiB {args.format}), --bootstrap {bootstrap:<4}: "
                  f"{seconds:6.1f} s, peak RSS {mib:6.0f} MiB{target}")
    finally:
        if args.keep is None:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
