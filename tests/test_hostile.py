"""Every CLI command against a table of hostile inputs, and property tests of the loaders.

The contract (README, 'Command line'): whatever the input, a command ends with exit code 0, 1
or 2, prints at most one line on stderr and never a traceback, and never hangs.

To cover a new command, add a row to COMMANDS: a name and its arguments, where {IN} is the
hostile path, {OUT} a fresh output path and {DATA} a small valid EXPRESS dataset. To add a
hostile input, add a maker to INPUTS. Every pair runs in a child process with a timeout (a
hang fails, it never blocks the suite); the table runs a few children at a time, once per
session, and each pair is its own test id.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from express_lex import ExpressLexError
from express_lex.data import DataSource, parse_yaml, read_binary_lexicon

TIMEOUT = 90  # seconds per child; a hang past this fails its case
GIB = 1 << 30

# --------------------------------------------------------------------------- the table

COMMANDS: dict[str, list[str]] = {
    "decompose --file": ["decompose", "--file", "{IN}"],
    "decompose --lexicon yaml": ["decompose", "joy", "--lexicon", "{IN}"],
    "decompose --theories": ["decompose", "joy", "-t", "all", "--theories", "{IN}", "--no-wordnet"],
    "explain --lexicon": ["explain", "joy", "--lexicon", "{IN}"],
    "compare --theories": ["compare", "joy", "sad", "--theories", "{IN}"],
    "evaluate": ["evaluate", "{IN}", "--bootstrap", "0"],
    "evaluate --lexicon": ["evaluate", "{DATA}", "--bootstrap", "0", "--lexicon", "{IN}"],
    "predict dataset": ["predict", "{IN}", "-m", "m", "--base-url", "http://127.0.0.1:9/v1", "--out", "{OUT}",
                        "--timeout", "1", "--max-retries", "0"],
    "predict --out": ["predict", "{DATA}", "-m", "m", "--base-url", "http://127.0.0.1:9/v1", "--out", "{IN}",
                      "--timeout", "1", "--max-retries", "0"],
    "extract": ["extract", "{IN}"],
    "mask": ["mask", "{IN}", "-o", "{OUT}"],
    "plot --lexicon": ["plot", "joy", "--out", "{OUT}.png", "--lexicon", "{IN}"],
    "plot --out": ["plot", "joy", "--out", "{IN}"],
    "check --theories": ["check", "--theories", "{IN}", "--examples", "2"],
    "theories list": ["theories", "list", "--theories", "{IN}"],
    "theories show": ["theories", "show", "ekman", "--theories", "{IN}"],
    "theories map": ["theories", "map", "goemotions", "ekman", "--theories", "{IN}"],
    "theories validate": ["theories", "validate", "{IN}"],
    "lexicon import": ["lexicon", "import", "{IN}", "--name", "hostile"],
    "lexicon validate": ["lexicon", "validate", "--no-wordnet", "--no-builtin", "{IN}"],
    "lexicon stats (overlay)": ["lexicon", "stats"],  # {IN} is copied over the overlay, see run_case
    "lexicon add (overlay)": ["lexicon", "add", "zzhostile", "--as", "joy"],
    "evaluate --compare": ["evaluate", "{DATA}", "{IN}", "--compare", "--bootstrap", "0"],
    "report": ["report", "{IN}", "--out", "{OUT}.md", "--bootstrap", "0", "--no-pictures"],
    "report --out": ["report", "{DATA}", "--out", "{IN}", "--bootstrap", "0", "--no-pictures"],
    "humaneval sheet": ["humaneval", "sheet", "{IN}", "--out", "{OUT}"],
    "humaneval sheet --out": ["humaneval", "sheet", "{DATA}", "--out", "{IN}"],
    "humaneval score": ["humaneval", "score", "{IN}"],
}
USES_OVERLAY = {"lexicon stats (overlay)", "lexicon add (overlay)"}


def _junk(path: Path) -> Path:
    rng = random.Random(16)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)) + b"\xff\xfe\x00" + b"[{" * 300)
    return path


def _bomb(path: Path) -> Path:
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 9):
        text += f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]\n"
    path.write_text(text)
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _directory(path: Path) -> Path:
    path.mkdir()
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _dev_zero(path: Path) -> Path:
    return Path("/dev/zero")


def _dev_full(path: Path) -> Path:
    return Path("/dev/full")


INPUTS = {"junk": _junk, "yaml-bomb": _bomb, "empty": _empty, "directory": _directory, "fifo": _fifo,
          "dev-zero": _dev_zero, "dev-full": _dev_full}


class FifoFeeder(threading.Thread):
    """Writes junk into a FIFO whenever a reader opens it (O_NONBLOCK opens, so it never blocks),
    and stops when told: a command that reads FIFOs gets a finite input, one that refuses them is
    never waited on."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: no reader yet
                time.sleep(0.02)
                continue
            try:
                os.set_blocking(fd, True)
                os.write(fd, b"I feel so sad today.\n\xff\x00junk\n")
            except OSError:
                pass
            finally:
                os.close(fd)
            time.sleep(0.05)


def _dataset(folder: Path) -> Path:
    path = folder / "data.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "segment", "labels", "number_of_labels"])
        writer.writerow(["1", "I felt <mask>.", "['sad']", "1"])
    return path


def _env(folder: Path) -> dict[str, str]:
    home = folder / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXPRESS_LEX_", "OPENAI_"))}
    env.update(HOME=str(home), EXPRESS_LEX_HOME=str(home / "data"), EXPRESS_LEX_WORDNET=str(home / "none"),
               EXPRESS_LEX_CACHE_DIR=os.environ.get("EXPRESS_LEX_CACHE_DIR", str(home / "cache")))
    return env


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))


def run_case(root: Path, command: str, hostile: str) -> subprocess.CompletedProcess | str:
    """One command with one hostile input in a fresh folder; a string when it timed out."""
    folder = root / f"{command}-{hostile}".replace(" ", "_").replace("/", "_")
    folder.mkdir(parents=True)
    suffix = ".csv" if command in ("lexicon import", "evaluate", "predict dataset", "evaluate --compare", "report",
                                   "humaneval sheet", "humaneval score", "humaneval sheet --out") else \
        ".md" if command == "report --out" else \
        ".jsonl" if command == "predict --out" else ".png" if command == "plot --out" else \
        ".txt" if command in ("extract", "mask", "decompose --file") else ".yaml"
    target = INPUTS[hostile](folder / f"input{suffix}")
    env = _env(folder)
    if command in USES_OVERLAY:
        overlay = Path(env["EXPRESS_LEX_HOME"]) / "lexicons" / "overlay.yaml"
        overlay.parent.mkdir(parents=True)
        if target.is_dir():
            overlay.mkdir()
        elif str(target).startswith("/dev/"):
            overlay.symlink_to(target)
        elif hostile == "fifo":
            target.rename(overlay)
            target = overlay
        else:
            overlay.write_bytes(target.read_bytes())
    args = [part.replace("{IN}", str(target)).replace("{OUT}", str(folder / "out.csv"))
            .replace("{DATA}", str(_dataset(folder))) for part in COMMANDS[command]]
    feeder = FifoFeeder(target) if hostile == "fifo" else None
    if feeder:
        feeder.start()
    try:
        return subprocess.run(check=False, args=[sys.executable, "-m", "express_lex", *args], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        return f"still running after {TIMEOUT} s"
    finally:
        if feeder:
            feeder.stop.set()


CASES = [(command, hostile) for command in COMMANDS for hostile in INPUTS]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[tuple[str, str], subprocess.CompletedProcess | str]:
    """The whole table, a few children at a time (each is mostly waiting on its own start-up)."""
    root = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {case: pool.submit(run_case, root, *case) for case in CASES}
        return {case: future.result() for case, future in futures.items()}


def assert_contract(done: subprocess.CompletedProcess | str) -> None:
    assert not isinstance(done, str), done
    assert done.returncode in (0, 1, 2), (done.returncode, done.stderr[-3000:])
    assert "Traceback" not in done.stderr and "Error:" not in done.stderr.replace("error:", ""), done.stderr[-3000:]
    assert len(done.stderr.strip().splitlines()) <= 1, done.stderr[-3000:]


@pytest.mark.parametrize("command, hostile", CASES, ids=[f"{c}|{h}" for c, h in CASES])
def test_every_command_survives_every_hostile_input(outcomes, command, hostile):
    """Exit 0/1/2, at most one line on stderr, no traceback, no hang (1 GB address-space limit)."""
    assert_contract(outcomes[(command, hostile)])


# --------------------------------------------------------------------------- stdin and stdout

VALID_RUNS: dict[str, list[str]] = {
    "decompose": ["decompose", "joy"],
    "decompose --file -": ["decompose", "--file", "-"],
    "explain": ["explain", "joy"],
    "compare": ["compare", "joy", "sad"],
    "extract -": ["extract", "-"],
    "theories list": ["theories", "list"],
    "theories show": ["theories", "show", "ekman"],
    "lexicon stats": ["lexicon", "stats"],
    "evaluate": ["evaluate", "{DATA}", "--bootstrap", "0"],
    "help": ["--help"],
}
# Commands that stream standard input: an endless one is read endlessly, in bounded memory. They
# must still be running (not dead of a MemoryError under the 1 GB limit) after a few seconds.
STREAMING = {"extract -"}


@pytest.mark.parametrize("stream", ["closed-stdin", "stdout-dev-full", "stdin-dev-zero"])
@pytest.mark.parametrize("command", list(VALID_RUNS))
def test_closed_stdin_and_full_stdout(tmp_path, command, stream):
    """With stdin closed or /dev/zero, or stdout on /dev/full: the same contract."""
    args = [part.replace("{DATA}", str(_dataset(tmp_path))) for part in VALID_RUNS[command]]
    if command in STREAMING and stream == "stdin-dev-zero":
        # Its own session, so the whole tree (the command's worker processes too) is killed after.
        with open("/dev/zero", "rb") as zero, tempfile.TemporaryFile() as errors:
            child = subprocess.Popen([sys.executable, "-m", "express_lex", *args], env=_env(tmp_path), stdin=zero,
                                     stdout=subprocess.DEVNULL, stderr=errors, preexec_fn=_limit_memory,
                                     start_new_session=True)
            try:
                with pytest.raises(subprocess.TimeoutExpired):
                    child.wait(timeout=8)
            finally:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
            errors.seek(0)
            assert not errors.read(), "stderr was not empty"
        return
    code = ("import os, sys; os.close(0); sys.argv = ['express-lex', *sys.argv[1:]]; "
            "from express_lex.cli import main; main()")
    env = _env(tmp_path)
    try:
        if stream == "closed-stdin":
            done = subprocess.run(check=False, args=[sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                                  timeout=TIMEOUT)
        elif stream == "stdin-dev-zero":
            with open("/dev/zero", "rb") as zero:
                done = subprocess.run(check=False, args=[sys.executable, "-m", "express_lex", *args], env=env, stdin=zero,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=TIMEOUT,
                                      preexec_fn=_limit_memory)
        else:
            with open("/dev/full", "w") as full:
                done = subprocess.run(check=False, args=[sys.executable, "-m", "express_lex", *args], env=env, stdin=subprocess.DEVNULL,
                                      stdout=full, stderr=subprocess.PIPE, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command} with {stream} was still running after {TIMEOUT} s")
    assert_contract(done)


# --------------------------------------------------------------------------- loaders


YAMLISH = st.lists(st.one_of(
    st.sampled_from(["a:", " b:", "- ", "&x ", "*x", "[", "]", "{", "}", ",", ":", "? ", "!!python/object:os.system",
                     "!!binary", "!!int", "|", ">", "'", '"', "#", "---", "...", "\n", "\t", "  ", "<<: *x", "~",
                     "9" * 5000, "1e999", ".inf", "entries:", "lemma:", "as: joy", "name:", "categories:"]),
    st.text(max_size=8)), max_size=60).map("".join)


@given(st.one_of(YAMLISH, st.binary(max_size=300).map(lambda b: b.decode("latin-1"))))
def test_yaml_loaders_raise_only_the_packages_own_errors(text):
    """Random YAML-ish text never raises out of the YAML loaders but as an ExpressLexError."""
    from express_lex.data import load_yaml

    try:
        load_yaml(text, "fuzz.yaml")
    except ExpressLexError:
        pass
    try:
        parse_yaml(DataSource("fuzz.yaml", text.encode("utf-8", "surrogateescape")))
    except ExpressLexError:
        pass


@given(YAMLISH)
def test_theory_and_lexicon_validation_never_raise_on_yamlish_text(lexicon, text):
    """Random YAML-ish theory and lexicon files become coded problems, never exceptions."""
    from express_lex.checks import validate_sources
    from express_lex.engine import load_theory_text

    load_theory_text(text, "fuzz.yaml", "fuzz", lexicon.theory, lexicon.table)
    validate_sources(lexicon.theory, [DataSource("fuzz.yaml", text.encode("utf-8", "surrogateescape"))],
                     wordnet=None, wordnet_checked=True)


CSVISH = st.lists(st.one_of(
    st.sampled_from(["word", "emotion", "anger", "joy", "0", "1", "2", ",", "\t", "\n", "\r\n", '"', "'", "=1+1",
                     "\x00", "[", "]", "['sad']", "{[]}", "1e999", "inf", "labels", "output", "number_of_labels",
                     "gold", "prediction", "x" * 140_000]),
    st.text(max_size=6)), max_size=40).map("".join)


@given(CSVISH)
def test_csv_loaders_raise_only_the_packages_own_errors(text):
    """Random CSV-ish bytes never raise out of the 0/1 lexicon reader or the results reader but as an ExpressLexError."""
    import tempfile

    from express_lex.evaluation import load_results

    try:
        read_binary_lexicon(text.encode("utf-8", "surrogateescape"), "fuzz.csv")
    except ExpressLexError:
        pass
    with tempfile.TemporaryDirectory() as folder:
        for name in ("fuzz.csv", "fuzz.jsonl"):
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8", errors="surrogateescape")
            try:
                load_results(path)
            except ExpressLexError:
                pass
