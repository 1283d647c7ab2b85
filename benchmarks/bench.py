"""express-lex benchmark: cold start, throughput, peak memory, printed as ratios from one run.

    python benchmarks/bench.py [--runs N]

Targets (issue 2/3): cold start of `express-lex decompose joy` at most 10x `python -c pass`;
`decompose_many` at least 200,000 known terms/s. Issue 4: median resolution time of inputs
outside the lexicon at most 1 ms without WordNet and 5 ms with WordNet loaded, and the
one-time cost of loading WordNet.
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


def out_of_lexicon_inputs(lexicon, count: int = 2000) -> list[str]:
    """A fixed mix of what the resolver sees: typos, unlisted inflections, modified and negated
    terms, framed phrases and ordinary words, none of them a lexicon key."""
    import random
    from pathlib import Path

    rng = random.Random(4)
    known = sorted(k for k in lexicon.surface_forms() if k.isalpha() and len(k) >= 5)
    fixture = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "non_emotion_words.txt"
    ordinary = [w for w in fixture.read_text("utf-8").splitlines() if w and not w.startswith("#")]
    makers = [
        lambda w: w[:i] + w[i + 1:] if (i := rng.randrange(len(w))) else w[1:] + w[0],  # typo
        lambda w: w + rng.choice(["ly", "ness", "er", "est", "s", "ed", "ing"]),  # inflection
        lambda w: f"{rng.choice(['very', 'a bit', 'kinda', 'so so', 'extremely'])} {w}",
        lambda w: f"{rng.choice(['not', 'never', 'not at all'])} {w}",
        lambda w: f"i'm feeling {w} today",
        lambda w: rng.choice(ordinary),
    ]
    inputs: list[str] = []
    while len(inputs) < count:
        text = rng.choice(makers)(rng.choice(known))
        if text not in lexicon:
            inputs.append(text)
    return inputs


def resolution() -> dict[str, float]:
    from express_lex import Lexicon
    from express_lex._wordnet import find_wordnet, load_wordnet

    figures: dict[str, float] = {}
    for label, setting in (("without WordNet", False), ("with WordNet", None)):
        if setting is None:
            if find_wordnet() is None:
                figures["WordNet"] = "not found: with-WordNet figures skipped"  # type: ignore[assignment]
                continue
            start = time.perf_counter()
            load_wordnet()
            figures["WordNet one-time load (ms)"] = (time.perf_counter() - start) * 1000
        lexicon = Lexicon(wordnet=setting)
        inputs = out_of_lexicon_inputs(lexicon)
        start = time.perf_counter()
        lexicon.decompose("warm upp teh resolverr")  # loads the word list and rules once, like WordNet
        figures[f"resolver first call, one-time data load {label} (ms)"] = (time.perf_counter() - start) * 1000
        samples, full = [], []
        for text in inputs:
            start = time.perf_counter()
            result = lexicon.decompose(text)
            elapsed = time.perf_counter() - start
            samples.append(elapsed)
            if result.method in ("fuzzy", "wordnet", "unknown"):
                full.append(elapsed)  # ran every step up to spelling and WordNet
        samples.sort()
        figures[f"out-of-lexicon median {label}, full pipeline only ({len(full)} inputs) (ms)"] = statistics.median(full) * 1000
        target = 1 if setting is False else 5
        figures[f"out-of-lexicon median {label} (ms, target <= {target})"] = statistics.median(samples) * 1000
        figures[f"out-of-lexicon p95 {label} (ms)"] = samples[int(0.95 * len(samples))] * 1000
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    figures = {**cold_start(args.runs), **throughput(), **resolution()}
    width = max(map(len, figures))
    for name, value in figures.items():
        shown = f"{value:,.2f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else value
        print(f"{name:<{width}}  {shown}")


if __name__ == "__main__":
    main()
