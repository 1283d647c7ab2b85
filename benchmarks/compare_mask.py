"""Byte-for-byte comparison of `express-lex mask` at two revisions, for speed work that must not
change a single output byte.

    python benchmarks/compare_mask.py [--before REV] [--after REV] [--long N]

Each revision is unpacked with `git archive` into the installed package layout and run as its
own process. Inputs: the authors' 1,695 posts rebuilt from ../shared/express-data (labels put
back into their masks), and posts made longer than the token budget by joining rebuilt posts
with varied whitespace (double spaces, tabs, CRLF, blank lines) and some non-ASCII text, so
that the segmenting path and every kind of whitespace run are exercised. Each input runs with
the default options, with the authors' vocabulary, and with small --max-tokens budgets. Exit
status 1 when any output differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from bench_text import SHARED, rebuilt_posts

REPO = Path(__file__).resolve().parents[1]
# Source folder -> where the installed package has it (pyproject's package-dir).
LAYOUT = {"express_lex": "express_lex", "cli": "express_lex/cli", "theories": "express_lex/theories",
          "lexicon": "express_lex/lexicon"}
SEPARATORS = ["\n\n", " ", "  ", " \n ", "\t", "\r\n", " \n\n  ", "\n \n", "   "]
EXTRAS = [" café", " — ", " 😀", " naïve", " 日本語", "\u00a0", " 1234567", " ...!!", " extraordinarily"]


def unpack(revision: str, into: Path) -> Path:
    """The package of `revision` laid out as installed, under `into`."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", revision, *LAYOUT],
                             capture_output=True, check=True).stdout
    into = into.resolve()
    source = into / "src"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(source, filter="data")
    root = into / "pkg"
    for folder, target in sorted(LAYOUT.items(), key=lambda item: item[1]):
        shutil.copytree(source / folder, root / target, dirs_exist_ok=True)
    return root


def long_posts(posts: list[str], count: int, seed: int = 12) -> list[str]:
    """Posts over the budget: 2-6 rebuilt posts joined with assorted whitespace, some of their
    single spaces doubled, and non-ASCII text here and there."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for post in rng.sample(posts, rng.randint(2, 6)):
            if rng.random() < 0.5:
                post = post.replace(". ", rng.choice([".  ", ". \n", ".\t", ". \r\n"]))
            if rng.random() < 0.3:
                cut = rng.randrange(len(post) + 1)
                post = post[:cut] + rng.choice(EXTRAS) + post[cut:]
            parts.append(post)
            parts.append(rng.choice(SEPARATORS))
        out.append("".join(parts[:-1]) + rng.choice(["", " ", "\n", "  "]))
    return out


def write_jsonl(path: Path, texts: list[str]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for number, text in enumerate(texts):
            handle.write(json.dumps({"id": str(number), "text": text}) + "\n")


def run_mask(package: Path, args: list[str], out: Path) -> bytes:
    env = {**os.environ, "PYTHONPATH": str(package)}
    probe = subprocess.run([sys.executable, "-c", "import express_lex; print(express_lex.__file__)"], env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    if not probe.startswith(str(package)):
        raise SystemExit(f"{package}: python imported express_lex from {probe}")
    done = subprocess.run([sys.executable, "-m", "express_lex", "mask", *args, "-o", str(out)], env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"mask {' '.join(args)} failed: {done.stderr}")
    return out.read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="git revision to compare against (default: where HEAD left main)")
    parser.add_argument("--after", default="HEAD", help="git revision under test (default HEAD)")
    parser.add_argument("--long", type=int, default=600, help="generated long posts (default 600)")
    options = parser.parse_args()
    if options.before is None:
        options.before = subprocess.run(["git", "-C", str(REPO), "merge-base", options.after, "main"],
                                        capture_output=True, text=True, check=True).stdout.strip()
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} not found")
    posts = rebuilt_posts()
    vocabulary = str(SHARED / "express-candidate-emotion-words.txt")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        before = unpack(options.before, work / "before")
        after = unpack(options.after, work / "after")
        inputs = {"rebuilt": work / "rebuilt.jsonl", "long": work / "long.jsonl"}
        write_jsonl(inputs["rebuilt"], posts)
        write_jsonl(inputs["long"], long_posts(posts, options.long))
        runs = [[], ["--vocabulary", vocabulary], ["--max-tokens", "128"], ["--max-tokens", "40", "--vocabulary",
                                                                             vocabulary]]
        differ = 0
        for name, source in inputs.items():
            for args in runs:
                old = run_mask(before, [str(source), *args], work / "old.csv")
                new = run_mask(after, [str(source), *args], work / "new.csv")
                same = old == new
                differ += not same
                label = " ".join(a if not a.endswith(".txt") else "VOCAB" for a in args) or "(defaults)"
                print(f"{name:<8} {label:<36} {len(old):>12,} bytes  {old.count(b'<mask>'):>7,} masks  "
                      f"{hashlib.sha256(new).hexdigest()[:12]}  {'identical' if same else 'DIFFERENT'}")
    print(f"{options.before} vs {options.after}: " + ("all outputs identical" if not differ else f"{differ} differ"))
    raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
