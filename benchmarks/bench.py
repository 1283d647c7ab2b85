"""express-lex benchmark: cold start, throughput, peak memory, printed as ratios from one run.

    python benchmarks/bench.py [--runs N]

Targets (issue 2/3): cold start of `express-lex decompose joy` at most 10x `python -c pass`;
`decompose_many` at least 200,000 known terms/s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def run_child(argv: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed")
    return elapsed, usage.ru_maxrss


def median_child(argv: list[str], runs: int) -> tuple[float, int]:
    samples = [run_child(argv) for _ in range(runs)]
    return statistics.median(t for t, _ in samples), max(m for _, m in samples)


def cold_start(runs: int) -> dict[str, float]:
    script = shutil.which("express-lex")
    cli = [script] if script else [sys.executable, "-m", "express_lex"]
    run_child([*cli, "decompose", "joy"])  # compile the cache once, as any first run does
    base_time, base_mem = median_child([sys.executable, "-c", "pass"], runs)
    cli_time, cli_mem = median_child([*cli, "decompose", "joy"], runs)
    return {
        "python -c pass (ms)": base_time * 1000,
        "express-lex decompose joy (ms)": cli_time * 1000,
        "cold start ratio (target <= 10)": cli_time / base_time,
        "peak RSS python -c pass (MiB)": base_mem / 1024,
        "peak RSS decompose joy (MiB)": cli_mem / 1024,
        "peak RSS ratio": cli_mem / base_mem,
    }


def throughput() -> dict[str, float]:
    from express_lex import Lexicon

    lexicon = Lexicon()
    terms = sorted(lexicon.surface_forms())
    start = time.perf_counter()
    lexicon.decompose_many(terms)  # every term seen for the first time
    first = len(terms) / (time.perf_counter() - start)
    batch = terms * max(1, 200_000 // len(terms))
    start = time.perf_counter()
    lexicon.decompose_many(batch)
    steady = len(batch) / (time.perf_counter() - start)
    return {
        "known surface forms": len(terms),
        "decompose_many first sight (terms/s, target >= 200000)": first,
        "decompose_many repeated (terms/s)": steady,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    figures = {**cold_start(args.runs), **throughput()}
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value:,.2f}" if isinstance(value, float) else f"{name:<{width}}  {value:,}")


if __name__ == "__main__":
    main()
