"""Corpus-scale `express-lex extract`: posts/s per worker, the speed-up from 1 to 2 workers,
peak memory of the whole process tree as the corpus grows 1x to 4x, the time of a rerun over a
finished output directory, and the estimate for one monthly Reddit submissions file.

    python benchmarks/bench_corpus.py [--posts 20000] [--workers 2]

The corpus is generated: monthly `.zst` dumps written as Pushshift writes them (streamed,
2^31 window), of Reddit-like submission lines (title, selftext, and about 2 KB of the
metadata fields a real dump carries, which the workers must parse) with a junk line every ~40.
Every figure is a whole CLI process (start-up and lexicon loading included) writing into a
fresh `-o DIR`. Run it on a quiet machine: the load average is printed next to each figure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SENTENCES = (
    "I feel so nervous but excited about the move.", "My sister says she is sad.", "I'm a teacher.",
    "I was really happy yesterday.", "The weather was grey all week.", "I have been feeling burned out lately.",
    "I\u2019m not happy with how it went.", "Nothing much happened at work.", "Honestly I felt kind of lonely.",
    "Feeling hopeful tonight!", "Does anyone else feel like this?", "I'm going to try again tomorrow.",
    "We drove to the coast and back on Sunday.", "The landlord still has not fixed the heating.",
    "Any advice on which laptop to buy for university?", "My cat knocked the plant over again.",
)
META = {f"field_{k}": ("x" * 30 if k % 3 else k * 1000) for k in range(50)}  # ~2 KB, as a dump's metadata
JUNK = (b'{"id": "torn", "selftext": "I am sa\n', b"\xff\xfe not UTF-8\n", b"\n", b'["not an object"]\n')
SUBMISSION_FILE_POSTS = 40_000_000  # about one monthly Reddit submissions file (RS_YYYY-MM.zst)


def write_month(path: Path, posts: int, seed: int) -> int:
    """A generated monthly dump; returns its decompressed size in bytes."""
    import zstandard

    rng = random.Random(seed)
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=31)
    size = 0
    with path.open("wb") as raw, zstandard.ZstdCompressor(compression_params=params).stream_writer(raw) as out:
        for number in range(posts):
            if rng.random() < 0.025:
                line = rng.choice(JUNK)
            else:
                selftext = "" if rng.random() < 0.4 else " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 8)))
                record = {"id": f"{seed}_{number}", "title": rng.choice(SENTENCES), "selftext": selftext,
                          "subreddit": "test", "created_utc": 1700000000 + number, **META}
                line = json.dumps(record).encode() + b"\n"
            size += len(line)
            out.write(line)
    return size


def tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants, in bytes (Linux /proc). RSS counts the
    pages forked workers share with their parent once per process; PSS splits them."""
    rss = pss = 0
    stack, page = [pid], os.sysconf("SC_PAGE_SIZE")
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                rss += int(handle.read().split()[1]) * page
            with open(f"/proc/{current}/smaps_rollup") as handle:
                pss += next(int(line.split()[1]) * 1024 for line in handle if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack += [int(child) for child in handle.read().split()]
        except (OSError, ValueError, StopIteration):
            continue
    return rss, pss


CPU_SECONDS = [0.0]  # CPU time of the last run's whole process tree


def run(args: list[str]) -> tuple[float, tuple[int, int], str]:
    """(seconds, peak (RSS, PSS) of the process tree in bytes, stderr) of one CLI process;
    its CPU time (workers included: they are waited for) goes to CPU_SECONDS."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "express_lex", *args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    peak = [0, 0]

    def sample() -> None:
        while process.poll() is None:
            rss, pss = tree_memory(process.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS[0] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if process.returncode != 0:
        raise SystemExit(f"express-lex failed: {err}")
    return seconds, (peak[0], peak[1]), err.strip()


def load() -> str:
    return "load %.2f %.2f %.2f" % os.getloadavg()


def _burn(count: int) -> int:
    total = 0
    for k in range(count):
        total += k * k
    return total


def machine_speedup(workers: int, count: int = 5_000_000) -> float:
    """What `workers` processes of a pure CPU loop gain over one right now: the ceiling for any
    speed-up measured here (1.0 means the other load on the machine leaves no spare core)."""
    import multiprocessing

    start = time.perf_counter()
    for _ in range(workers):
        _burn(count)
    serial = time.perf_counter() - start
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pool.map(_burn, [count] * workers)
    return serial / (time.perf_counter() - start)


def feeder_rate(path: Path, posts: int, workers: int) -> float:
    """Posts per CPU-second of the process that feeds the workers: it decompresses, cuts and
    ships the batches, then takes the results back and writes them. One file is one zstd
    stream, so this one process bounds a run on one file however many workers there are."""
    import io
    import resource

    from express_lex.corpus import Job, LocalProcesses, run_corpus
    from express_lex.engine import default_lexicon

    default_lexicon()
    before = resource.getrusage(resource.RUSAGE_SELF)
    executor = LocalProcesses(workers)
    try:
        run_corpus([str(path)], Job("extract"), executor, stream=io.StringIO())
    finally:
        executor.close()
    after = resource.getrusage(resource.RUSAGE_SELF)
    return posts / (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=20_000, help="posts per generated monthly file")
    parser.add_argument("--workers", type=int, default=2, help="the most workers to measure")
    parser.add_argument("--line-bytes", type=int, default=3000,
                        help="assumed mean line size of a real submissions dump, for the cluster estimate")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as folder:
        root = Path(folder)
        months = [root / f"RS_2024-0{k}.zst" for k in range(1, 5)]
        raw_bytes = [write_month(path, options.posts, k) for k, path in enumerate(months, 1)]
        line_bytes = raw_bytes[0] / options.posts
        print(f"corpus: 4 files x {options.posts:,} lines, {line_bytes:,.0f} bytes a line; {os.cpu_count()} cores")

        rates, cpu = {}, {}
        for workers in (1, options.workers):
            seconds, peak, err = run(["extract", *map(str, months), "--workers", str(workers),
                                      "-o", f"{root / f'out-{workers}'}/"])
            rates[workers] = 4 * options.posts / seconds
            cpu[workers] = CPU_SECONDS[0]
            print(f"--workers {workers}: {seconds:6.1f} s, {rates[workers]:8,.0f} posts/s, "
                  f"peak tree RSS {peak[0] / 2**20:4.0f} MB (PSS {peak[1] / 2**20:4.0f} MB)  [{load()}]\n    {err}")
        speedup = rates[options.workers] / rates[1]
        print(f"machine check: a pure CPU loop gains {machine_speedup(options.workers):.2f}x on {options.workers} "
              f"processes right now  [{load()}]")
        overhead = cpu[options.workers] / cpu[1]
        print(f"CPU time of the process tree: {cpu[1]:.1f} s with 1 worker, {cpu[options.workers]:.1f} s with "
              f"{options.workers} ({overhead:.2f}x): with {options.workers} idle cores the speed-up would be about "
              f"{options.workers / overhead:.2f}x (derived, not measured)")
        print(f"speed-up 1 -> {options.workers} workers: {speedup:.2f}x "
              f"({rates[options.workers] / options.workers:,.0f} posts/s per worker at {options.workers})")

        peaks = {}
        for count in (1, 4):
            seconds, peak, _ = run(["extract", *map(str, months[:count]), "--workers", str(options.workers),
                                    "-o", f"{root / f'mem-{count}'}/"])
            peaks[count] = peak
            print(f"{count} file(s), --workers {options.workers}: peak tree RSS {peak[0] / 2**20:.0f} MB "
                  f"(PSS {peak[1] / 2**20:.0f} MB), "
                  f"{seconds:.1f} s  [{load()}]")
        print(f"peak memory 4 files / 1 file: RSS {peaks[4][0] / peaks[1][0]:.2f}x, PSS {peaks[4][1] / peaks[1][1]:.2f}x")

        seconds, _, err = run(["extract", *map(str, months), "--workers", str(options.workers),
                               "-o", f"{root / 'mem-4'}/"])
        print(f"rerun over the finished directory: {seconds:.2f} s (process start-up included)\n    {err}")

        feed_posts = feeder_rate(months[0], options.posts, options.workers)
        # On a shared machine wall-clock rates depend on the other load; CPU time does not.
        per_worker = 4 * options.posts / cpu[1]
        efficiency = min(1.0, 1 / overhead)
        print(f"\nposts per CPU-second of one worker (start-up included): {per_worker:,.0f}; "
              f"parallel efficiency from CPU time: {efficiency:.2f}")
        print(f"the feeder (decompress, cut, ship, take back, write: one process per file): {feed_posts:,.0f} posts "
              f"per CPU-second of {line_bytes:,.0f}-byte lines; real submission lines are about {options.line_bytes:,} "
              f"bytes: ~{feed_posts * line_bytes / options.line_bytes:,.0f} posts/s (assumed, scaled by size)")
        feed_real = feed_posts * line_bytes / options.line_bytes
        feeder = SUBMISSION_FILE_POSTS / feed_real
        print("estimate for one monthly submissions file, 40,000,000 posts:")
        local = SUBMISSION_FILE_POSTS / (per_worker * 16 * efficiency)
        print(f"  16 cores: compute 40,000,000 / ({per_worker:,.0f} posts/s x 16 x {efficiency:.2f}) = {local:,.0f} s; "
              f"feeder 40,000,000 / {feed_real:,.0f} = {feeder:,.0f} s; max = {max(local, feeder):,.0f} s "
              f"= {max(local, feeder) / 60:,.0f} min")
        compute = SUBMISSION_FILE_POSTS / (per_worker * 160 * efficiency)
        network = SUBMISSION_FILE_POSTS * options.line_bytes / (10e9 / 8)
        print(f"  10 nodes x 16 cores: compute 40,000,000 / ({per_worker:,.0f} x 160 x {efficiency:.2f}) = {compute:,.0f} s; "
              f"feeder {feeder:,.0f} s; shipping {SUBMISSION_FILE_POSTS * options.line_bytes / 1e9:,.0f} GB from the "
              f"client at 10 Gbit/s = {network:,.0f} s; max = {max(compute, feeder, network):,.0f} s "
              f"= {max(compute, feeder, network) / 60:,.0f} min for one file. The cluster pays off on many files, "
              "each run by its own command against the same scheduler")


if __name__ == "__main__":
    main()
