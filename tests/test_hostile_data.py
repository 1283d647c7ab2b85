"""Regression tests for the hostile-input audit (issue 16, items 6 to 13): pathological YAML,
malformed results files, I/O failures, math markup in plots, spreadsheet formulas in CSV, the
smaller CLI problems, and wrong types given to the public API."""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import express_lex
from express_lex import ExpressLexError, InputError
from express_lex.data import DataSource, parse_yaml

# --------------------------------------------------------------------------- helpers

GIB = 1 << 30


def cli(*args: str, env: dict[str, str] | None = None, stdin=subprocess.DEVNULL, limits: dict | None = None,
        timeout: float = 120, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """express-lex in a child process (optionally under resource limits); a hang fails the test."""
    def preexec() -> None:
        for name, value in (limits or {}).items():
            resource.setrlimit(name, (value, value))

    try:
        return subprocess.run(check=False, args=[sys.executable, "-m", "express_lex", *args], env=env or dict(os.environ), stdin=stdin,
                              stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=timeout, preexec_fn=preexec)
    except subprocess.TimeoutExpired:
        pytest.fail(f"express-lex {' '.join(args)} was still running after {timeout} s")


def assert_clean(done: subprocess.CompletedProcess, codes=(0, 1, 2)) -> None:
    """Exit code documented, no traceback, at most one line on stderr."""
    assert done.returncode in codes, (done.returncode, done.stderr[-3000:])
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert len(done.stderr.strip().splitlines()) <= 1, done.stderr[-3000:]


def isolated_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPRESS_LEX_")}
    # The session's cache (conftest), so that each child need not compile the lexicon again.
    env.update(EXPRESS_LEX_HOME=str(home / "data"), HOME=str(home), EXPRESS_LEX_WORDNET=str(home / "no-wordnet"),
               EXPRESS_LEX_CACHE_DIR=os.environ.get("EXPRESS_LEX_CACHE_DIR", str(home / "cache")))
    return env


def bomb(levels: int = 8) -> str:
    """An 'billion laughs' alias bomb: 9**levels nodes once expanded, a couple of kB as text."""
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, levels + 1):
        text += f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]\n"
    return text


PATHOLOGICAL = {
    "alias-bomb": bomb(),
    "deep-nesting": "[" * 1000 + "]" * 1000 + "\n",
    "unhashable-key": "name: x\n? [a, b]\n: c\n",
    "recursive-alias": "a: &a [*a]\n",
    "huge-int": "name: x\nvalue: " + "9" * 5000 + "\n",
    "deep-mapping": "".join("  " * i + f"k{i}:\n" for i in range(600)) + "  " * 600 + "v\n",
}


# --------------------------------------------------------------------------- 6. YAML


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_yaml_is_one_data_error_from_the_shared_loader(name):
    """Each pathological document is a one-line DataError naming the source, never another exception."""
    with pytest.raises(express_lex.DataError) as caught:
        parse_yaml(DataSource("user.yaml", PATHOLOGICAL[name].encode()))
    assert "user.yaml" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_theory_is_a_t100_problem_not_an_exception(tmp_path, name):
    """validate_theories reports a T100 with the file, and the other files are still checked."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(PATHOLOGICAL[name])
    problems = express_lex.validate_theories([bad])
    assert [p.code for p in problems] == ["T100"] and problems[0].source == str(bad)


def _entry_points(tmp_path: Path, file: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    env = isolated_env(tmp_path)
    overlay_env = dict(env, EXPRESS_LEX_HOME=str(tmp_path / "overlay-home"))
    overlay = Path(overlay_env["EXPRESS_LEX_HOME"]) / "lexicons" / "overlay.yaml"
    overlay.parent.mkdir(parents=True, exist_ok=True)
    overlay.write_bytes(file.read_bytes())
    return {
        "theories validate": (["theories", "validate", str(file)], env),
        "--theories": (["decompose", "joy", "-t", "all", "--theories", str(file), "--no-wordnet"], env),
        "$EXPRESS_LEX_THEORIES": (["theories", "list"], {**env, "EXPRESS_LEX_THEORIES": str(file)}),
        "--lexicon x.yaml": (["decompose", "joy", "--lexicon", str(file)], env),
        "lexicon validate": (["lexicon", "validate", "--no-wordnet", "--no-builtin", str(file)], env),
        "check": (["check", "--theories", str(file), "--examples", "5"], env),
        "overlay": (["decompose", "joy"], overlay_env),
    }


BOMB_CHILD = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from express_lex import DataError
from express_lex.data import DataSource, parse_yaml
from express_lex.engine import read_yaml_with_lines
text = open(sys.argv[1]).read()
for load in (lambda: parse_yaml(DataSource("bomb.yaml", text.encode())), lambda: read_yaml_with_lines(text, "bomb.yaml")):
    started = time.monotonic()
    try:
        load()
    except DataError as error:
        print(round(time.monotonic() - started, 3), error)
"""


def test_the_alias_bomb_is_refused_in_under_5_s_under_1_gb(tmp_path):
    """Both YAML loaders refuse the 1.9 kB bomb (it grew to GBs) in under 5 s in a child with RLIMIT_AS 1 GB."""
    file = tmp_path / "bomb.yaml"
    file.write_text(bomb())
    done = subprocess.run(args=[sys.executable, "-c", BOMB_CHILD, str(file)], check=False, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2 and all("refused: aliases expand" in line for line in lines), done.stdout
    assert all(float(line.split()[0]) < 5 for line in lines), lines


def test_the_alias_bomb_is_one_line_in_every_entry_point(tmp_path):
    """theories validate, --theories, $EXPRESS_LEX_THEORIES, --lexicon x.yaml, lexicon validate, check and the
    overlay: each ends cleanly under RLIMIT_AS 1 GB with no MemoryError."""
    file = tmp_path / "bomb.yaml"
    file.write_text(bomb())
    for where, (args, env) in _entry_points(tmp_path, file).items():
        done = cli(*args, env=env, limits={resource.RLIMIT_AS: GIB}, timeout=90)
        assert_clean(done)
        assert "MemoryError" not in done.stderr and "refused" in done.stdout + done.stderr, where


@pytest.mark.parametrize("name", [n for n in PATHOLOGICAL if n != "alias-bomb"])
def test_pathological_yaml_never_gives_a_traceback_in_any_entry_point(tmp_path, name):
    """Deep nesting, unhashable keys, recursive aliases and huge ints: exit 0/1/2 and one line, everywhere."""
    file = tmp_path / "bad.yaml"
    file.write_text(PATHOLOGICAL[name])
    for args, env in _entry_points(tmp_path, file).values():
        done = cli(*args, env=env)
        assert_clean(done)


def _chain(length: int) -> str:
    """A categorical theory whose categories form one parent chain `length` long."""
    lines = ["name: chain", "title: A long chain", "kind: categorical", "citation: test", "categories:",
             "  - name: c0", "    as: joy"]
    for i in range(1, length):
        lines += [f"  - name: c{i}", f"    parent: c{i - 1}", "    as: joy"]
    return "\n".join(lines) + "\n"


def test_a_long_parent_chain_loads_without_recursion(tmp_path):
    """2,000 parent links (500 gave a RecursionError; the cycle check was cubic) load as one valid theory."""
    file = tmp_path / "chain.yaml"
    file.write_text(_chain(2000))
    problems = express_lex.validate_theories([file])
    assert [p for p in problems if p.severity == "error"] == []


def test_a_parent_cycle_is_reported_once(tmp_path):
    """A three-category cycle is one T103 naming the cycle from its first category in file order."""
    file = tmp_path / "cycle.yaml"
    file.write_text("name: cyc\ntitle: T\nkind: categorical\ncitation: C\ncategories:\n"
                    "  - name: a\n    parent: b\n    as: joy\n  - name: b\n    parent: c\n    as: joy\n"
                    "  - name: c\n    parent: a\n    as: joy\n")
    cycles = [p for p in express_lex.validate_theories([file]) if p.code == "T103"]
    assert len(cycles) == 1 and "a -> b -> c -> a" in cycles[0].message


def test_a_bad_user_theory_never_stops_the_others(tmp_path):
    """With a bomb and a good theory given, the good one loads and the bad one is named in one warning."""
    good = tmp_path / "good.yaml"
    good.write_text(_chain(3).replace("name: chain", "name: goodtheory"))
    bad = tmp_path / "bad.yaml"
    bad.write_text(PATHOLOGICAL["recursive-alias"])
    done = cli("theories", "list", "--theories", str(bad), "--theories", str(good), env=isolated_env(tmp_path))
    assert_clean(done, codes=(0,))
    assert "goodtheory" in done.stdout and "ekman" in done.stdout and "bad.yaml" in done.stderr


@pytest.mark.parametrize("overlay", ["bomb", "directory", "broken-entry"])
def test_a_bad_overlay_is_reported_and_the_shipped_lexicon_goes_on(tmp_path, overlay):
    """decompose still answers from the shipped lexicon, with one warning naming the overlay."""
    env = isolated_env(tmp_path)
    path = Path(env["EXPRESS_LEX_HOME"]) / "lexicons" / "overlay.yaml"
    path.parent.mkdir(parents=True)
    if overlay == "bomb":
        path.write_text(bomb())
    elif overlay == "directory":
        path.mkdir()
    else:
        path.write_text("entries:\n  - lemma: zzqx\n    as: not-an-emotion\n")
    done = cli("decompose", "joy", "--format", "json", env=env)
    assert_clean(done, codes=(0,))
    assert json.loads(done.stdout)[0]["term"] == "joy"
    assert "overlay" in done.stderr and "warning" in done.stderr


# --------------------------------------------------------------------------- 7. malformed results files


MALFORMED_JSONL = {
    "list line": ("[1, 2]\n", "not a JSON object"),
    "string line": ('"text"\n', "not a JSON object"),
    "number line": ("42\n", "not a JSON object"),
    "empty labels": ('{"labels": [], "output": "[]"}\n', "labels is empty"),
    "empty labels literal": ('{"labels": "[]", "output": "[]"}\n', "labels is empty"),
    "set-of-list literal": ('{"labels": "{[]}", "output": "x"}\n', "labels"),
    "count 1e999": ('{"labels": ["joy"], "number_of_labels": 1e999, "output": "[\'joy\']"}\n', "number_of_labels"),
    "count inf": ('{"labels": ["joy"], "number_of_labels": "inf", "output": "[\'joy\']"}\n', "number_of_labels"),
    "count 2.5": ('{"labels": ["joy", "sad"], "number_of_labels": 2.5, "output": "x"}\n', "number_of_labels"),
    "count mismatch": ('{"labels": ["joy"], "number_of_labels": 2, "output": "[\'joy\']"}\n',
                       "number_of_labels is 2 but labels has 1"),
}


@pytest.mark.parametrize("case", list(MALFORMED_JSONL))
def test_evaluate_reports_a_malformed_jsonl_line_as_one_input_error(tmp_path, lexicon, case):
    """Each malformed line is an InputError naming file:line, not an AttributeError/KeyError/TypeError/OverflowError."""
    from express_lex.evaluation import evaluate_file

    text, message = MALFORMED_JSONL[case]
    path = tmp_path / "results.jsonl"
    path.write_text('{"labels": ["sad"], "output": "[\'sad\']"}\n' + text)
    with pytest.raises(InputError) as caught:
        evaluate_file(path, lexicon, bootstrap=0)
    assert f"{path}:2" in str(caught.value) and message in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("case", ["empty labels literal", "count mismatch", "count inf", "set-of-list literal"])
def test_predict_refuses_the_same_malformed_dataset_rows(tmp_path, case):
    """predict's dataset reader applies the same label rules (they are shared in datasets.py)."""
    from express_lex.evaluation import load_dataset

    record = json.loads(MALFORMED_JSONL[case][0])
    record["segment"] = "I felt <mask>."
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(record) + "\n")
    with pytest.raises(InputError):
        load_dataset(path)


def test_gold_prediction_csv_errors_name_the_real_line(tmp_path, lexicon):
    """A bad third line of a gold,prediction CSV is reported as line 3 (it was 2)."""
    from express_lex.evaluation import evaluate_file

    path = tmp_path / "pairs.csv"
    path.write_text("gold,prediction\njoy,joy\nsad\n")
    with pytest.raises(InputError, match=r"pairs\.csv:3: expected 2 columns"):
        evaluate_file(path, lexicon, bootstrap=0)


# --------------------------------------------------------------------------- 9. I/O errors


FSIZE = {resource.RLIMIT_FSIZE: 64}  # a disk that fills after 64 bytes: every data file here is bigger


def test_a_full_disk_during_lexicon_add_is_one_line_and_keeps_the_overlay(tmp_path):
    """lexicon add with writes capped at 64 bytes: exit 1, one line, no temp file left, the old overlay intact."""
    env = isolated_env(tmp_path)
    assert cli("lexicon", "add", "zzfirst", "--as", "joy", env=env).returncode == 0
    overlay = Path(env["EXPRESS_LEX_HOME"]) / "lexicons" / "overlay.yaml"
    before = overlay.read_bytes()
    done = cli("lexicon", "add", "zzsecond", "--as", "joy", env=env, limits=FSIZE)
    assert_clean(done, codes=(1,))
    assert overlay.read_bytes() == before
    assert not list(overlay.parent.glob("*.tmp"))


def test_a_full_disk_during_import_names_the_users_file_not_a_temp_file(tmp_path):
    """lexicon import with writes capped: exit 1, one line that names no temp file."""
    env = isolated_env(tmp_path)
    source = tmp_path / "mine.csv"
    source.write_text("word,emotion,value\n" + "".join(f"w{i},joy,1\n" for i in range(50)))
    done = cli("lexicon", "import", str(source), "--name", "mine", env=env, limits=FSIZE)
    assert_clean(done, codes=(1, 2))
    assert ".tmp" not in done.stderr


def test_a_full_disk_during_plot_is_one_line(tmp_path):
    """plot with writes capped: exit 1, one line, no image and no temp file."""
    pytest.importorskip("matplotlib")
    out = tmp_path / "wheel.png"
    env = isolated_env(tmp_path)
    assert cli("plot", "joy", "--out", str(tmp_path / "warm.png"), env=env).returncode == 0  # matplotlib's font cache
    done = cli("plot", "joy", "--out", str(out), env=env, limits=FSIZE)
    assert_clean(done, codes=(1,))
    assert not out.exists() and not list(tmp_path.glob(".wheel.png*"))


def test_a_full_disk_during_predict_is_one_line(tmp_path):
    """predict with writes capped: exit 1, one line (a second OSError on close no longer replaces the first)."""
    from .fake_openai import FakeOpenAI
    from .test_runner import make_rows, write_csv

    data = write_csv(tmp_path / "d.csv", make_rows(3))
    env = isolated_env(tmp_path)
    env.pop("OPENAI_API_KEY", None)
    with FakeOpenAI() as server:
        done = cli("predict", str(data), "-m", "m", "--base-url", server.url, "--out", str(tmp_path / "p.jsonl"),
                   env=env, limits=FSIZE)
    assert_clean(done, codes=(1,))


@pytest.mark.parametrize("args", [["decompose", "joy"], ["lexicon", "stats"], ["theories", "list"],
                                  ["explain", "joy"], ["compare", "joy", "sad"]])
def test_stdout_on_dev_full_is_one_line_and_exit_1(tmp_path, args):
    """Output to /dev/full: 'cannot write' on one line, exit 1, no traceback."""
    with open("/dev/full", "w") as full:
        done = cli(*args, env=isolated_env(tmp_path), stdout=full)
    assert_clean(done, codes=(1,))
    assert "cannot write" in done.stderr


def test_closed_stdin_is_one_line(tmp_path):
    """decompose --file - with standard input closed: exit 2, one line."""
    done = subprocess.run(check=False, args=[sys.executable, "-c", ("import os, sys; os.close(0); sys.argv = ['express-lex', "
                           "'decompose', '--file', '-']; from express_lex.cli import main; main()")],
                          env=isolated_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert_clean(done, codes=(2,))
    assert "standard input" in done.stderr


def test_express_lex_home_that_is_a_file_is_one_line(tmp_path):
    """EXPRESS_LEX_HOME pointing at a file: lexicon add exits 1 with one line; decompose still works."""
    env = isolated_env(tmp_path)
    Path(env["EXPRESS_LEX_HOME"]).write_text("not a folder")
    assert_clean(cli("lexicon", "add", "zzq", "--as", "joy", env=env), codes=(1,))
    assert_clean(cli("decompose", "joy", env=env), codes=(0,))


def test_a_300_character_name_is_a_usage_error(tmp_path):
    """--name of 300 characters: exit 2, one line (it was an OSError 'File name too long' traceback)."""
    source = tmp_path / "mine.csv"
    source.write_text("word,emotion,value\nglad,joy,1\n")
    done = cli("lexicon", "import", str(source), "--name", "a" * 300, env=isolated_env(tmp_path))
    assert_clean(done, codes=(2,))


def test_a_csv_field_over_131072_characters_is_one_line(tmp_path):
    """lexicon import of a CSV with a 200,000-character field: exit 2, one line."""
    source = tmp_path / "huge.csv"
    source.write_text("word,emotion,value\n" + "x" * 200_000 + ",joy,1\n")
    done = cli("lexicon", "import", str(source), "--name", "huge", env=isolated_env(tmp_path))
    assert_clean(done, codes=(2,))


# --------------------------------------------------------------------------- 10. plot


@pytest.mark.parametrize("text", [r"$\nosuchcmd$", "$", "$$", r"a $\frac{1}{$ b", "100$ and 5$"])
def test_plot_draws_math_markup_as_plain_text(tmp_path, text):
    """Terms and titles with $ ... $ are drawn as written, not parsed as mathtext (it raised a pyparsing error)."""
    pytest.importorskip("matplotlib")
    from express_lex.evaluation import save_figure

    figure = express_lex.plot([text, "joy"], title=text)
    out = save_figure(figure, tmp_path / "wheel.svg")
    assert out.stat().st_size > 1000


# --------------------------------------------------------------------------- 11. CSV formulas


FORMULAS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("term", FORMULAS)
def test_decompose_csv_never_starts_a_cell_with_a_formula(term):
    """decompose --format csv escapes inputs (and explanations) that a spreadsheet would run."""
    from express_lex.cli.app import app
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["decompose", "--format", "csv", "--", term])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or cell.lstrip("-").replace(".", "").isdigit(), cell
    assert rows[1][0] == "'" + term


def test_evaluate_csv_escapes_a_file_name_that_is_a_formula(tmp_path):
    """evaluate --format csv puts file names in its header: '=x.jsonl' is escaped."""
    from express_lex.cli.app import app
    from typer.testing import CliRunner

    path = tmp_path / "=cmd.jsonl"
    path.write_text('{"labels": ["sad"], "output": "[\'sad\']"}\n')
    result = CliRunner().invoke(app, ["evaluate", str(path), "--format", "csv", "--bootstrap", "0"])
    assert result.exit_code == 0, result.output
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert header[1] == "'=cmd.jsonl"


@given(st.one_of(st.text(), st.sampled_from(FORMULAS + ["'", "''=", "'-1", "-0.25", "1e-5", "-"])))
def test_csv_cell_is_safe_and_exactly_undone(value):
    """Every escaped cell is inert in a spreadsheet (or a plain number), and csv_uncell gives the value back."""
    from express_lex.data import csv_cell, csv_uncell

    cell = csv_cell(value)
    assert csv_uncell(cell) == value
    if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        float(cell)  # only a plain number may keep its sign


def test_an_escaped_dataset_reads_back_the_same(tmp_path):
    """A segment starting with '-' written through csv_cell is read back by predict without the quote."""
    from express_lex.data import SafeCsvWriter
    from express_lex.evaluation import load_dataset

    path = tmp_path / "d.csv"
    with path.open("w", newline="") as handle:
        writer = SafeCsvWriter(handle)
        writer.writerow(["segment", "labels"])
        writer.writerow(["- I felt <mask>", "['sad']"])
    (row,) = load_dataset(path)
    assert row.segment == "- I felt <mask>"


# --------------------------------------------------------------------------- 12. smaller problems


def test_lexicon_add_of_a_shipped_word_takes_effect(tmp_path):
    """`lexicon add happy --as anger` now changes what happy decomposes to (the user's entry wins)."""
    env = isolated_env(tmp_path)
    assert cli("lexicon", "add", "happy", "--as", "anger", env=env).returncode == 0
    done = cli("decompose", "happy", "--format", "json", "--no-wordnet", env=env)
    emotions = json.loads(done.stdout)[0]["emotions"]
    assert emotions["anger"] > 0 and emotions["joy"] == 0


def test_a_lemma_that_is_not_utf8_is_refused(tmp_path):
    """`lexicon add $'\\xff'` (a lone surrogate once decoded) is a usage error, not a dead entry."""
    done = subprocess.run(check=False, args=[sys.executable, "-m", "express_lex", "lexicon", "add", b"\xff".decode("utf-8", "surrogateescape"),
                           "--as", "joy"], env=isolated_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert_clean(done, codes=(2,))
    assert "UTF-8" in done.stderr


@pytest.mark.parametrize("name", ["abc\n", "abc\nxyz", "ABC", "-abc"])
def test_import_names_must_match_whole(tmp_path, name):
    """--name is matched whole (fullmatch): a trailing newline was accepted."""
    source = tmp_path / "mine.csv"
    source.write_text("word,emotion,value\nglad,joy,1\n")
    with pytest.raises(InputError, match="bad lexicon name"):
        express_lex.import_lexicon(source, name)


def test_stale_temp_files_are_removed_by_the_next_write(tmp_path, monkeypatch):
    """A .overlay.yaml.*.tmp left by a killed write is gone after the next lexicon add."""
    from express_lex import configure

    configure(data_dir=tmp_path / "data")
    try:
        folder = tmp_path / "data" / "lexicons"
        folder.mkdir(parents=True)
        stale = folder / ".overlay.yaml.abc123.tmp"
        stale.write_text("half a write")
        express_lex.add_entry("zzstale", "joy")
        assert not stale.exists() and (folder / "overlay.yaml").exists()
    finally:
        configure(data_dir=None)


@pytest.mark.parametrize("target", ["fifo", "directory", "/dev/stdin"])
def test_decompose_file_names_what_the_path_is(tmp_path, target):
    """--file on a FIFO, a directory or /dev/stdin is named for what it is, not 'no such file'."""
    if target == "fifo":
        os.mkfifo(tmp_path / "pipe")
        target = str(tmp_path / "pipe")
    elif target == "directory":
        target = str(tmp_path)
    done = cli("decompose", "--file", target, env=isolated_env(tmp_path))
    assert_clean(done, codes=(2,))
    assert "no such file" not in done.stderr and "not a regular file" in done.stderr


@pytest.mark.parametrize("args", [["decompose", "--bogus"], ["decompose", "joy", "--format", "xml"],
                                  ["nosuchcommand"], ["lexicon", "add", "x"], ["plot", "joy"]])
def test_usage_errors_are_one_line(tmp_path, args):
    """Click's usage errors (usage, blank line, error) are one line and exit 2."""
    done = cli(*args, env=isolated_env(tmp_path))
    assert_clean(done, codes=(2,))
    assert done.stderr.startswith("express-lex: error:")


def test_yaml_errors_are_one_line(tmp_path):
    """A malformed YAML lexicon is one line (PyYAML's message spans several)."""
    file = tmp_path / "bad.yaml"
    file.write_text("entries:\n  - lemma: [unclosed\n    as: joy\n")
    done = cli("decompose", "joy", "--lexicon", str(file), env=isolated_env(tmp_path))
    assert_clean(done, codes=(1, 2))


# --------------------------------------------------------------------------- 13. types at the API boundary


WRONG = [None, 1, 1.5, True, b"joy", ["joy"], {"a": 1}, object(), ("joy",)]
PROBES = {
    "decompose": lambda v: express_lex.decompose(v),
    "decompose theory": lambda v: express_lex.decompose("joy", theory=v),
    "decompose_many": lambda v: express_lex.decompose_many(v),
    "decompose_many item": lambda v: express_lex.decompose_many(["joy", v]),
    "compare": lambda v: express_lex.compare(v, "joy"),
    "compare theory": lambda v: express_lex.compare("joy", "sad", theory=v),
    "Lexicon.decompose_all": lambda v: express_lex.default_lexicon().decompose_all(v),
    "Lexicon.neighbours": lambda v: express_lex.default_lexicon().neighbours(v),
    "Lexicon.get_theory": lambda v: express_lex.default_lexicon().get_theory(v),
    "Lexicon.map_theory": lambda v: express_lex.default_lexicon().map_theory(v, "ekman"),
    "Lexicon(lexicon=)": lambda v: express_lex.Lexicon(v),
    "Lexicon(theories=)": lambda v: express_lex.Lexicon(theories=v),
    "open_lexicon": lambda v: express_lex.open_lexicon(v),
    "add_entry term": lambda v: express_lex.add_entry(v, "joy"),
    "add_entry expression": lambda v: express_lex.add_entry("zzprobe", v),
    "add_entry pos": lambda v: express_lex.add_entry("zzprobe", "joy", pos=v),
    "import_lexicon file": lambda v: express_lex.import_lexicon(v, "probe"),
    "import_lexicon name": lambda v: express_lex.import_lexicon(__file__, v),
    "extract": lambda v: list(express_lex.extract(v)),
    "validate_lexicon": lambda v: express_lex.validate_lexicon(v, check_wordnet=False),
    "validate_theories": lambda v: express_lex.validate_theories(v),
}
# Values a function may legitimately accept: a tuple of paths, an iterable of texts.
ACCEPTED = {("decompose_many", "('joy',)"), ("Lexicon(lexicon=)", "('joy',)"), ("Lexicon(theories=)", "('joy',)"),
            ("validate_lexicon", "('joy',)"), ("validate_theories", "('joy',)"), ("extract", "['joy']"),
            ("extract", "('joy',)"), ("decompose_many", "['joy']"), ("Lexicon(lexicon=)", "['joy']"),
            ("Lexicon(theories=)", "['joy']"), ("validate_lexicon", "['joy']"), ("validate_theories", "['joy']"),
            ("extract", "{'a': 1}")}


@pytest.mark.parametrize("probe", list(PROBES))
def test_wrong_types_raise_the_packages_own_error(probe, tmp_path):
    """Every probe raises an ExpressLexError (an ArgumentTypeError for a wrong type), never a foreign exception."""
    from express_lex import ArgumentTypeError, configure

    configure(data_dir=tmp_path / "data")
    try:
        for value in WRONG:
            try:
                PROBES[probe](value)
            except ExpressLexError as error:
                if (probe, repr(value)) not in ACCEPTED and not isinstance(value, str):
                    assert isinstance(error, (ArgumentTypeError, InputError, express_lex.UnknownTheoryError)), error
            except Exception as error:  # noqa: BLE001  (the point of the test)
                pytest.fail(f"{probe}({value!r}) raised {type(error).__name__}: {error}")
    finally:
        configure(data_dir=None)


def test_argument_type_error_is_also_a_type_error():
    """Callers that catch TypeError still catch a wrong type."""
    with pytest.raises(TypeError):
        express_lex.decompose(["joy"])


def _drop_file_capabilities() -> None:
    """In a child before exec: give up root's power to ignore file permissions.

    CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER leave the bounding set, so the
    program exec'd next runs as root but meets file modes as any user does. (Switching to
    `nobody` needs a Python that nobody may run, which a Python under /root is not.)
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):  # DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER (linux/capability.h)
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _can_drop_file_capabilities() -> bool:
    """Whether a child that dropped them is refused a root-owned file of mode 000, as the tests need."""
    import tempfile

    if sys.platform != "linux" or os.geteuid() != 0:
        return False
    with tempfile.TemporaryDirectory() as folder:
        locked = Path(folder) / "locked"
        locked.write_text("x")
        locked.chmod(0)
        try:
            probe = subprocess.run([sys.executable, "-c", f"open({str(locked)!r}).read()"], check=False,
                                   capture_output=True, preexec_fn=_drop_file_capabilities, timeout=60)
        except (OSError, subprocess.SubprocessError):  # prctl refused (no CAP_SETPCAP in this container)
            return False
    return b"PermissionError" in probe.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or not _can_drop_file_capabilities(),
                    reason="needs Linux root that may drop CAP_DAC_OVERRIDE, to meet file permissions as a user does")
@pytest.mark.parametrize("args", [["decompose", "--file", "{SECRET}"], ["lexicon", "import", "{SECRET}", "--name", "x"],
                                  ["theories", "validate", "{SECRET}"], ["evaluate", "{SECRET}"],
                                  ["decompose", "joy", "--lexicon", "{SECRET}"], ["lexicon", "add", "zzq", "--as", "joy"]])
def test_permission_denied_is_one_line(args):
    """Without root's file powers, an unreadable input or an unwritable data folder is one line, exit 1 or 2."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="express-lex-perm-"))
    try:
        folder.chmod(0o755)
        secret = folder / "secret.yaml"
        secret.write_text("word,emotion,value\nglad,joy,1\n")
        secret.chmod(0o000)
        data = folder / "data"  # read-only even to its owner: the overlay cannot be written there
        data.mkdir(mode=0o555)
        cache = folder / "cache"
        cache.mkdir(mode=0o700)
        env = {k: v for k, v in os.environ.items() if not k.startswith("EXPRESS_LEX_")}
        env.update(HOME=str(cache), EXPRESS_LEX_HOME=str(data), EXPRESS_LEX_CACHE_DIR=str(cache),
                   EXPRESS_LEX_WORDNET=str(folder / "none"), MPLCONFIGDIR=str(cache))
        done = subprocess.run(args=[sys.executable, "-m", "express_lex",
                                    *(a.replace("{SECRET}", str(secret)) for a in args)],
                              check=False, env=env, capture_output=True, text=True, timeout=180,
                              preexec_fn=_drop_file_capabilities, cwd=str(folder))
        assert_clean(done, codes=(1, 2))
        assert any(words in done.stderr for words in ("ermission denied", "not readable", "not written", "cannot")), \
            done.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_parquet_file_damaged_half_way_is_one_line_in_extract_and_evaluate(tmp_path):
    """A parquet file whose third row group is damaged (it opens, and its first rows read) gives one
    'cannot read parquet' line and exit 2 from extract and evaluate, not a traceback or a write error."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = 5000
    table = pa.table({"id": [str(i) for i in range(rows)], "segment": ["I feel <mask>."] * rows,
                      "labels": ["['sad']"] * rows, "output_formatted": ["['sad']"] * rows})
    good = tmp_path / "good.parquet"
    pq.write_table(table, good, row_group_size=1000, compression="none")
    column = pq.ParquetFile(good).metadata.row_group(2).column(1)
    data = bytearray(good.read_bytes())
    start = column.data_page_offset
    data[start:start + column.total_compressed_size] = b"\xff" * column.total_compressed_size
    damaged = tmp_path / "damaged.parquet"
    damaged.write_bytes(bytes(data))
    batches = pq.ParquetFile(damaged).iter_batches(batch_size=1000)
    assert len(next(batches)) == 1000  # the damage is met half-way, not on opening
    env = isolated_env(tmp_path)
    for args in (["evaluate", str(damaged)], ["extract", str(damaged), "--text-field", "segment", "--workers", "1"]):
        done = cli(*args, env=env)
        assert_clean(done, codes=(2,))
        assert done.stderr.startswith(f"express-lex: error: {damaged}: cannot read parquet: "), done.stderr
