"""express-lex benchmark: cold start, throughput, peak memory, printed as ratios from one run.

    python benchmarks/bench.py [--runs N]

Targets (issue 2/3): cold start of `express-lex decompose joy` at most 10x `python -c pass`;
`decompose_many` at least 200,000 known terms/s. Issue 4: median resolution time of inputs
outside the lexicon at most 1 ms without WordNet and 5 ms with WordNet loaded, and the
one-time cost of loading WordNet (since issue 14, the subset shipped with the package).
Issue 6: the whole `express-lex evaluate` process on the
EXPRESS GPT-4o results with the authors' lexicon at least 20x faster than the authors'
approach (a pandas scan of the lexicon for every word, reimplemented below; needs pandas,
which is a benchmark-only tool, not a dependency) and with less peak memory.
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
    # Interleaved, so that a drift of the machine (frequency, caches, other load) moves both
    # medians alike instead of the ratio.
    base, ours = [], []
    for _ in range(runs):
        base.append(run_child([sys.executable, "-c", "pass"]))
        ours.append(run_child([*cli, "decompose", "joy"]))
    base_time, base_mem = statistics.median(t for t, _ in base), max(m for _, m in base)
    cli_time, cli_mem = statistics.median(t for t, _ in ours), max(m for _, m in ours)
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
    from express_lex.data import load_wordnet_subset

    figures: dict[str, float] = {}
    for label, setting in (("without WordNet", False), ("with WordNet", None)):
        if setting is None:
            start = time.perf_counter()
            load_wordnet_subset()  # the shipped subset the walk reads (issue 14), not nltk's reader
            figures["WordNet subset one-time load (ms)"] = (time.perf_counter() - start) * 1000
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


EXPRESS_COLUMNS = ["anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust", "positive", "negative"]


def authors_approach(results: str, lexicon: str) -> None:
    """The EXPRESS authors' evaluation as they wrote it: a pandas DataFrame scan of the lexicon
    for every label and predicted word, zeros for a missing word, sklearn-style binary F1."""
    import ast

    import pandas as pd

    lex = pd.read_csv(lexicon)
    data = pd.read_csv(results)

    def vector(word):
        match = lex[lex["word"] == word]
        return [0] * 10 if match.empty else [int(v) for v in match.iloc[0][EXPRESS_COLUMNS].tolist()]

    def f1(gold, predicted):
        tp = sum(g and p for g, p in zip(gold, predicted))
        fp = sum(p and not g for g, p in zip(gold, predicted))
        fn = sum(g and not p for g, p in zip(gold, predicted))
        return 2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) else 0.0

    masks = valid = same_word = same_vector = 0
    f1s, agreements = [], []
    for _, row in data.iterrows():
        labels = ast.literal_eval(row["labels"])
        masks += len(labels)
        if row["output_formatted"] == "INVALID OUTPUT":
            continue
        valid += 1
        for gold, predicted in zip(labels, ast.literal_eval(row["output_formatted"])):
            g, p = vector(gold), vector(predicted)
            same_word += gold == predicted
            same_vector += g == p
            f1s.append(f1(g, p))
            agreements.append(sum(a == b for a, b in zip(g, p)) / 10)
    print(f"VRate {valid / len(data):.3f} AccL {same_word / masks:.3f} AccV {same_vector / masks:.3f} "
          f"F1V {sum(f1s) / len(f1s):.3f} AccV-2 {sum(agreements) / len(agreements):.3f}")


def evaluation(runs: int) -> dict[str, float]:
    """Whole-process time and peak memory: express-lex evaluate vs the authors' pandas scan."""
    from pathlib import Path

    shared = Path(__file__).resolve().parents[2] / "shared" / "express-data"
    results, lexicon = shared / "gpt_4o_shorter_context.csv", shared / "lexicon-decomposition.csv"
    if not results.exists():
        return {"evaluate": "../shared/express-data not present: skipped"}  # type: ignore[dict-item]
    try:
        import pandas  # noqa: F401
    except ImportError:
        return {"evaluate": "pandas not installed: the authors' approach cannot run (pip install pandas)"}  # type: ignore[dict-item]
    script = shutil.which("express-lex")
    cli = [script] if script else [sys.executable, "-m", "express_lex"]
    ours_argv = [*cli, "evaluate", str(results), "--lexicon", str(lexicon), "--metrics", "paper"]
    theirs_argv = [sys.executable, __file__, "--authors-approach", str(results), str(lexicon)]
    ours_time, ours_mem = median_child(ours_argv, runs)
    theirs_time, theirs_mem = median_child(theirs_argv, max(1, runs // 5))
    return {
        "authors' approach, whole process (s)": theirs_time,
        "express-lex evaluate --metrics paper, whole process (s)": ours_time,
        "evaluate speed-up (target >= 20)": theirs_time / ours_time,
        "peak RSS authors' approach (MiB)": theirs_mem / 1024,
        "peak RSS express-lex evaluate (MiB)": ours_mem / 1024,
        "evaluate memory ratio (ours / theirs, target < 1)": ours_mem / theirs_mem,
    }


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--authors-approach":
        authors_approach(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", choices=["start", "throughput", "resolution", "evaluate"], help="run one group")
    args = parser.parse_args()
    # Child-process measurements first: a forked child counts the parent's resident pages in its
    # peak RSS until it execs, so they must run before this process loads the lexicon and WordNet.
    groups = {"start": lambda: cold_start(args.runs), "evaluate": lambda: evaluation(args.runs),
              "throughput": throughput, "resolution": resolution}
    figures = {}
    for name, group in groups.items():
        if args.only in (None, name):
            figures.update(group())
    width = max(map(len, figures))
    for name, value in figures.items():
        shown = f"{value:,.2f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else value
        print(f"{name:<{width}}  {shown}")


if __name__ == "__main__":
    main()
