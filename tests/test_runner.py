"""The LLM runner (express_lex.evaluation.runner) and `predict` command, against a real local fake server."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import typer

from express_lex import ExpressLexError, InputError
from express_lex.evaluation import (COT_INSTRUCTION, ZERO_SHOT_INSTRUCTION, RunSummary, load_dataset, load_results,
                                   run_predictions)
from express_lex.cli.predict import predict

from .fake_openai import FakeOpenAI, answer, error

WIDTH = {"terminal_width": 100}
FAST = {"backoff_base": 0.001, "backoff_cap": 0.01, "timeout": 5.0}
SECRET = "sk-test-DO-NOT-LEAK-7f3a9c1e5b"
COLUMNS = ["Unnamed: 0", "index", "original_ids", "segment", "number_of_labels", "labels"]


@pytest.fixture(autouse=True)
def _no_api_key(monkeypatch):
    """No test sees the developer's own key or base URL."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def make_rows(count: int, split: dict[int, str] | None = None) -> list[dict]:
    """Rows in the authors' shape; row k is marked [[rk]] and has 1 or 2 masks."""
    rows = []
    for k in range(count):
        labels = ["happy", "relieved"] if k % 2 else ["sad"]
        masks = " and then <mask>" if k % 2 else ""
        row = {"Unnamed: 0": str(100 + k), "index": str(100 + k), "original_ids": f"post{k // 2}",
               "segment": f"[[r{k}]] After the exam I felt <mask>{masks} about myself.",
               "number_of_labels": str(len(labels)), "labels": repr(labels)}
        if split is not None:
            row["split"] = split.get(k, "test")
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def rid(k: int) -> str:
    return f"post{k // 2}:{100 + k}"


def read_out(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def by_id(path: Path) -> dict[str, dict]:
    rows = read_out(path)
    table = {row["id"]: row for row in rows}
    assert len(table) == len(rows), "an id appears twice"
    return table


def cli_app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False, rich_markup_mode=None)
    app.command()(predict)
    return app


def run_cli(runner, *args):
    return runner.invoke(cli_app(), [str(a) for a in args], **WIDTH)


@pytest.fixture
def dataset(tmp_path) -> Path:
    return write_csv(tmp_path / "express.csv", make_rows(6))


# --------------------------------------------------------------------------- prompts and outputs


def test_zero_shot_writes_one_row_per_dataset_row_with_raw_outputs(tmp_path, dataset):
    """Zero-shot writes one row per dataset row with the raw model text, at temperature 0."""
    raw = {
        "r0": "['sad']",
        "r1": "['happy', 'relieved'",                      # malformed
        "r2": "['sad', 'tired']",                          # wrong length
        "r3": "```python\n['happy', 'calm']\n```",          # code-fenced
        "r4": "  ['Gloomy']\n",
        "r5": "I think: happy, relieved",
    }
    out = tmp_path / "pred.jsonl"
    with FakeOpenAI({name: [answer(text)] for name, text in raw.items()}) as server:
        summary = run_predictions(dataset, model="tiny-llm", base_url=server.url, out=out, **FAST)
    assert summary == RunSummary(total=6, done_before=0, written=6, failed=0, held_out=0)
    rows = by_id(out)
    assert set(rows) == {rid(k) for k in range(6)}
    for k in range(6):
        row = rows[rid(k)]
        assert set(row) == {"id", "labels", "number_of_labels", "output", "model", "prompt", "shots", "attempts", "error"}
        assert row["output"] == raw[f"r{k}"]
        assert row["labels"] == (["happy", "relieved"] if k % 2 else ["sad"])
        assert row["number_of_labels"] == len(row["labels"])
        assert (row["model"], row["prompt"], row["shots"], row["attempts"], row["error"]) == ("tiny-llm", "zero-shot", 0, 1, None)
    assert len(server.requests) == 6
    for request in server.requests:
        assert request.path == "/v1/chat/completions"
        assert request.body["temperature"] == 0 and request.body["model"] == "tiny-llm"
        assert "Authorization" not in request.headers
        (message,) = request.body["messages"]
        k = int(request.marker[1:])
        n = 2 if k % 2 else 1
        assert message["role"] == "user"
        assert message["content"].startswith(ZERO_SHOT_INSTRUCTION.format(n=n))
        assert f"exactly {n} lower-case" in message["content"] and "Python list" in message["content"]
        assert f"[[r{k}]] After the exam" in message["content"]


def test_few_shot_prompts_hold_k_solved_examples_that_are_never_scored(tmp_path):
    """Few-shot reserves 2K rows of a seeded shuffle, shows K of them solved, and never scores them."""
    data = write_csv(tmp_path / "d.csv", make_rows(10))
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    with FakeOpenAI() as server:
        summary = run_predictions(data, model="m", base_url=server.url, out=first, prompt="few-shot", shots=2, **FAST)
        asked_first = {r.marker: r.body["messages"] for r in server.requests}
        server.requests.clear()
        run_predictions(data, model="m", base_url=server.url, out=second, prompt="few-shot", shots=2, **FAST)
        asked_second = {r.marker: r.body["messages"] for r in server.requests}
    assert (summary.total, summary.held_out, summary.written, summary.failed) == (6, 4, 6, 0)
    assert asked_first == asked_second, "shots are not deterministic"
    scored = set(by_id(first))
    gold = {f"r{k}": (["happy", "relieved"] if k % 2 else ["sad"]) for k in range(10)}
    pool: set[str] = set()
    for marker, messages in asked_first.items():
        assert len(messages) == 2 * 2 + 1
        assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant", "user"]
        for question, solved in zip(messages[0:4:2], messages[1:4:2]):
            shot = question["content"].split("[[")[1].split("]]")[0]
            assert shot != marker
            assert solved["content"] == repr(gold[shot])
            pool.add(shot)
    assert len(pool) <= 4
    assert not pool & {f"r{k}" for k in range(10) if rid(k) in scored}, "an example was scored"
    assert all(row["shots"] == 2 and row["prompt"] == "few-shot" for row in by_id(first).values())


def test_few_shot_takes_examples_from_the_train_and_dev_split(tmp_path):
    """With a split column the examples come from train/dev rows only, which are never scored."""
    data = write_csv(tmp_path / "d.csv", make_rows(8, split={0: "train", 1: "dev", 2: "train"}))
    out = tmp_path / "p.jsonl"
    with FakeOpenAI() as server:
        summary = run_predictions(data, model="m", base_url=server.url, out=out, prompt="few-shot", shots=2, **FAST)
    assert (summary.total, summary.held_out) == (5, 3)
    assert set(by_id(out)) == {rid(k) for k in range(3, 8)}
    for request in server.requests:
        shots = {m["content"].split("[[")[1].split("]]")[0] for m in request.body["messages"][:-1] if m["role"] == "user"}
        assert len(shots) == 2 and shots <= {"r0", "r1", "r2"}


def test_cot_stores_only_the_final_answer(tmp_path, dataset):
    """CoT keeps the text after the last `Answer:` as output and the rest as reasoning."""
    reply = "The author failed (Answer: not yet).\nSo they felt low.\nAnswer: ['sad']"
    out = tmp_path / "cot.jsonl"
    with FakeOpenAI({"r0": [answer(reply)], "r1": [answer("['happy', 'relieved']")]}) as server:
        run_predictions(dataset, model="m", base_url=server.url, out=out, prompt="cot", limit=2, **FAST)
    rows = by_id(out)
    assert rows[rid(0)]["output"] == "['sad']"
    assert rows[rid(0)]["reasoning"] == "The author failed (Answer: not yet).\nSo they felt low."
    assert rows[rid(1)]["output"] == "['happy', 'relieved']" and rows[rid(1)]["reasoning"] is None
    assert all(row["prompt"] == "cot" and row["shots"] == 0 for row in rows.values())
    first = server.requests[0].body["messages"][-1]["content"]
    assert first.startswith(COT_INSTRUCTION.split("{n}")[0]) and "Answer: [...]" in first


# --------------------------------------------------------------------------- retries


def test_429_and_500_are_retried_then_succeed(tmp_path, dataset):
    """HTTP 429 (Retry-After: 0), 500 and 503 are retried with backoff and the row then succeeds."""
    script = {"r0": [error(429, retry_after="0"), answer("['sad']")],
              "r1": [error(500), error(503), answer("['happy', 'relieved']")]}
    out = tmp_path / "p.jsonl"
    with FakeOpenAI(script) as server:
        summary = run_predictions(dataset, model="m", base_url=server.url, out=out, limit=2, **FAST)
    rows = by_id(out)
    assert summary.failed == 0
    assert (rows[rid(0)]["attempts"], rows[rid(0)]["output"], rows[rid(0)]["error"]) == (2, "['sad']", None)
    assert (rows[rid(1)]["attempts"], rows[rid(1)]["error"]) == (3, None)
    assert server.calls("r0") == 2 and server.calls("r1") == 3


def test_a_slow_reply_times_out_and_is_retried(tmp_path, dataset):
    """A reply slower than the timeout is abandoned and asked again."""
    out = tmp_path / "p.jsonl"
    with FakeOpenAI({"r0": [answer("['late']", delay=1.0), answer("['sad']")]}) as server:
        started = time.monotonic()
        run_predictions(dataset, model="m", base_url=server.url, out=out, limit=1,
                        **{**FAST, "timeout": 0.2})
        elapsed = time.monotonic() - started
    row = by_id(out)[rid(0)]
    assert (row["output"], row["attempts"], row["error"]) == ("['sad']", 2, None)
    assert elapsed < 1.0


def test_a_row_that_keeps_failing_is_written_with_an_error_and_retried_next_run(tmp_path, dataset):
    """A row that exhausts its retries, or gets a 4xx, is written with an error; the next run asks it again."""
    out = tmp_path / "p.jsonl"
    script = {"r1": [error(500, message="upstream\nexploded")], "r2": [error(400, message="bad request")]}
    with FakeOpenAI(script) as server:
        summary = run_predictions(dataset, model="m", base_url=server.url, out=out, max_retries=2, **FAST)
        assert server.calls("r1") == 3 and server.calls("r2") == 1
    assert (summary.written, summary.failed) == (6, 2)
    rows = by_id(out)
    assert rows[rid(1)]["output"] is None and rows[rid(1)]["attempts"] == 3
    assert rows[rid(1)]["error"] == "HTTP 500: upstream exploded (gave up after 3 attempts)"
    assert rows[rid(2)]["error"] == "HTTP 400: bad request" and rows[rid(2)]["attempts"] == 1
    with FakeOpenAI() as server:
        again = run_predictions(dataset, model="m", base_url=server.url, out=out, **FAST)
        assert sorted(r.marker for r in server.requests) == ["r1", "r2"]
    assert (again.total, again.done_before, again.written, again.failed) == (6, 4, 2, 0)
    rows = by_id(out)  # one row per id: the failed rows were replaced
    assert len(rows) == 6 and all(row["error"] is None for row in rows.values())
    assert rows[rid(1)]["output"] == "['r1']"


def test_a_dead_server_stops_the_run_early(tmp_path):
    """When the first rows all fail the run stops instead of failing every row."""
    data = write_csv(tmp_path / "d.csv", make_rows(20))
    out = tmp_path / "p.jsonl"
    with FakeOpenAI() as server:
        with pytest.raises(ExpressLexError, match="first 3 rows all failed.*HTTP 404"):
            run_predictions(data, model="m", base_url=server.url + "/wrong", out=out,
                            concurrency=1, abort_after=3, **FAST)
        assert len(server.requests) == 3
    assert len(read_out(out)) == 3


# --------------------------------------------------------------------------- resume


def test_an_interrupted_run_resumed_gives_the_rows_of_an_uninterrupted_one(tmp_path):
    """A run stopped by --limit and then resumed writes the same rows as one uninterrupted run."""
    data = write_csv(tmp_path / "d.csv", make_rows(9))
    whole, parts = tmp_path / "whole.jsonl", tmp_path / "parts.jsonl"
    with FakeOpenAI() as server:
        run_predictions(data, model="m", base_url=server.url, out=whole, **FAST)
        first = run_predictions(data, model="m", base_url=server.url, out=parts, limit=4, **FAST)
        server.requests.clear()
        rest = run_predictions(data, model="m", base_url=server.url, out=parts, **FAST)
        assert len(server.requests) == 5
    assert (first.total, first.written) == (4, 4)
    assert (rest.total, rest.done_before, rest.written) == (9, 4, 5)
    assert {i: r["output"] for i, r in by_id(parts).items()} == {i: r["output"] for i, r in by_id(whole).items()}


def test_a_killed_cli_run_resumes_to_the_same_rows(tmp_path, runner):
    """Killing the predict command part-way loses nothing; resuming completes the same rows."""
    data = write_csv(tmp_path / "d.csv", make_rows(14))
    killed, whole = tmp_path / "killed.jsonl", tmp_path / "whole.jsonl"
    code = textwrap.dedent("""
        import sys, typer
        from express_lex.cli.predict import predict
        app = typer.Typer()
        app.command()(predict)
        app(sys.argv[1:])
    """)
    with FakeOpenAI(delay=0.15) as server:
        args = [str(data), "--model", "m", "--base-url", server.url, "--concurrency", "2"]
        process = subprocess.Popen([sys.executable, "-c", code, *args, "--out", str(killed)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and process.poll() is None:
                if killed.exists() and killed.read_bytes().count(b"\n") >= 4:
                    break
                time.sleep(0.02)
        finally:
            process.kill()
            process.wait()
        partial = read_out(killed)
        assert 4 <= len(partial) < 14, "the run was not stopped part-way"
        resumed = run_cli(runner, *args, "--out", killed)
        assert resumed.exit_code == 0, resumed.output
        assert resumed.stdout.startswith(f"14 rows: {len(partial)} already done, {14 - len(partial)} written (0 failed)")
        assert run_cli(runner, *args, "--out", whole).exit_code == 0
    assert {i: r["output"] for i, r in by_id(killed).items()} == {i: r["output"] for i, r in by_id(whole).items()}
    assert len(by_id(killed)) == 14


def test_a_torn_last_line_is_repaired(tmp_path, dataset):
    """A half-written last line is truncated away and its row asked again; complete rows are kept."""
    out = tmp_path / "p.jsonl"
    with FakeOpenAI() as server:
        run_predictions(dataset, model="m", base_url=server.url, out=out, limit=3, **FAST)
        lines = out.read_bytes().splitlines(keepends=True)
        torn_id = json.loads(lines[-1])["id"]
        out.write_bytes(b"".join(lines[:-1]) + lines[-1][:25])
        server.requests.clear()
        summary = run_predictions(dataset, model="m", base_url=server.url, out=out, **FAST)
        assert sorted(r.marker for r in server.requests) == sorted(
            f"r{k}" for k in range(6) if rid(k) == torn_id or k >= 3)
    assert (summary.done_before, summary.written) == (2, 4)
    rows = by_id(out)  # every line parses and each id is there once
    assert set(rows) == {rid(k) for k in range(6)}


def test_a_complete_last_line_without_newline_is_kept(tmp_path, dataset):
    """A last row that parses but lacks its newline is kept, and the next row starts on a new line."""
    out = tmp_path / "p.jsonl"
    with FakeOpenAI() as server:
        run_predictions(dataset, model="m", base_url=server.url, out=out, limit=2, **FAST)
        out.write_bytes(out.read_bytes().rstrip(b"\n"))
        summary = run_predictions(dataset, model="m", base_url=server.url, out=out, **FAST)
    assert (summary.done_before, summary.written) == (2, 4)
    assert len(by_id(out)) == 6


def test_an_output_file_of_another_model_is_refused(tmp_path, dataset):
    """Resuming into a file written by another model or prompt is an InputError, not a silent mix."""
    out = tmp_path / "p.jsonl"
    with FakeOpenAI() as server:
        run_predictions(dataset, model="m", base_url=server.url, out=out, limit=1, **FAST)
        with pytest.raises(InputError, match="holds predictions of model 'm'"):
            run_predictions(dataset, model="other", base_url=server.url, out=out, **FAST)
        with pytest.raises(InputError, match="prompt 'zero-shot'"):
            run_predictions(dataset, model="m", base_url=server.url, out=out, prompt="cot", **FAST)


# --------------------------------------------------------------------------- key, concurrency


def test_the_api_key_is_sent_but_never_written_or_printed(tmp_path, dataset, runner, monkeypatch):
    """The key goes out as a Bearer header only; the output file, stdout and stderr never hold it."""
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    out = tmp_path / "p.jsonl"
    script = {"r1": [error(400, message=f"key {SECRET} is not allowed here")],
              "r2": [error(401, message=f"Incorrect API key provided: {SECRET}")]}
    with FakeOpenAI(script) as server:
        result = run_cli(runner, dataset, "--model", "m", "--base-url", server.url, "--out", out)
        assert all(r.headers["Authorization"] == f"Bearer {SECRET}" for r in server.requests)
    assert result.exit_code == 1
    assert "2 row(s) failed" in result.stderr
    text = out.read_text()
    assert len(read_out(out)) == 6 and "HTTP 401" in text and "HTTP 400" in text
    for shown in (text, result.stdout, result.stderr):
        assert SECRET not in shown and SECRET[3:12] not in shown


def test_concurrency_is_bounded(tmp_path):
    """No more than `concurrency` requests are ever in flight, and that many are used."""
    data = write_csv(tmp_path / "d.csv", make_rows(10))
    with FakeOpenAI(delay=0.15) as server:
        run_predictions(data, model="m", base_url=server.url, out=tmp_path / "p.jsonl", concurrency=3, **FAST)
    assert server.max_active == 3
    assert len(server.requests) == 10


# --------------------------------------------------------------------------- datasets and arguments


def test_jsonl_datasets_with_real_lists_and_id_or_row_number(tmp_path):
    """JSONL rows may hold real lists; the id is `id`, else the row number."""
    with_id = tmp_path / "a.jsonl"
    with_id.write_text("".join(json.dumps({"id": f"x{k}", "segment": f"[[r{k}]] I was <mask>.", "labels": ["calm"]}) + "\n"
                               for k in range(3)))
    numbered = tmp_path / "b.jsonl"
    numbered.write_text(json.dumps({"segment": "I was <mask> and <mask>.", "labels": ["calm", "glad"],
                                    "number_of_labels": 2}) + "\n\n")
    assert [row.id for row in load_dataset(with_id)] == ["x0", "x1", "x2"]
    (row,) = load_dataset(numbered)
    assert (row.id, row.labels, row.number_of_labels) == ("0", ("calm", "glad"), 2)
    with FakeOpenAI() as server:
        run_predictions(with_id, model="m", base_url=server.url, out=tmp_path / "p.jsonl", **FAST)
    assert set(by_id(tmp_path / "p.jsonl")) == {"x0", "x1", "x2"}


def test_predict_and_evaluate_read_the_same_ids_and_labels(dataset):
    """The authors' CSV gives the same row ids and label lists to load_dataset and load_results."""
    rows, results = load_dataset(dataset), load_results(dataset)
    assert [(r.id, r.labels) for r in rows] == [(r.id, r.labels) for r in results]
    assert results[0].id == rid(0) and len(results) == 6


def test_the_authors_csv_loads_with_its_ids(dataset):
    """The authors' CSV columns give `original_ids:index` ids and parsed label lists."""
    rows = load_dataset(dataset)
    assert [row.id for row in rows] == [rid(k) for k in range(6)]
    assert rows[1].labels == ("happy", "relieved") and rows[1].number_of_labels == 2


@pytest.mark.parametrize(
    "change, kwargs, message",
    [
        (None, {"prompt": "two-shot"}, "unknown prompt style 'two-shot'"),
        (None, {"prompt": "few-shot", "shots": 0}, "at least 1 shot"),
        (None, {"prompt": "few-shot", "shots": 3}, "reserves 6 rows"),
        (None, {"concurrency": 0}, "concurrency"),
        (None, {"base_url": "localhost:8000"}, "http://"),
        ("missing", {}, "no such dataset file"),
        ("columns", {}, "missing column(s): labels"),
        ("labels", {}, "labels is not a Python list literal"),
        ("count", {}, "number_of_labels is 3 but labels has 1"),
        ("format", {}, "unknown dataset format"),
        ("duplicate", {}, "duplicate id"),
    ],
)
def test_bad_arguments_and_datasets_are_one_line_input_errors(tmp_path, change, kwargs, message):
    """Bad arguments or a broken dataset raise InputError with a one-line message, before any request."""
    rows = make_rows(5)
    if change == "columns":
        rows = [{k: v for k, v in row.items() if k != "labels"} for row in rows]
    elif change == "labels":
        rows[2]["labels"] = "['sad'"
    elif change == "count":
        rows[0]["number_of_labels"] = "3"
    elif change == "duplicate":
        rows[3]["index"] = rows[1]["index"]
        rows[3]["original_ids"] = rows[1]["original_ids"]
    data = write_csv(tmp_path / "d.csv", rows)
    if change == "missing":
        data = tmp_path / "nope.csv"
    elif change == "format":
        data = data.rename(tmp_path / "d.xlsx")
    with FakeOpenAI() as server:
        arguments = {"model": "m", "base_url": server.url, "out": tmp_path / "p.jsonl", **kwargs}
        with pytest.raises(InputError) as caught:
            run_predictions(data, **arguments)
        assert server.requests == []
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_parquet_without_pyarrow_says_how_to_proceed(tmp_path, monkeypatch):
    """Without pyarrow a parquet dataset is an InputError naming pyarrow and CSV."""
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)  # import fails as if not installed
    data = tmp_path / "d.parquet"
    data.write_bytes(b"PAR1")
    with pytest.raises(InputError, match="pyarrow.*CSV"):
        load_dataset(data)


def test_cli_turns_input_errors_into_exit_two_with_one_line(tmp_path, runner):
    """The predict command exits 2 with one stderr line for bad input, and rejects unknown prompt styles."""
    missing = run_cli(runner, tmp_path / "nope.csv", "--model", "m", "--out", tmp_path / "p.jsonl")
    assert missing.exit_code == 2
    assert missing.stderr.strip().splitlines() == [f"express-lex: error: no such dataset file: {tmp_path / 'nope.csv'}"]
    style = run_cli(runner, tmp_path / "nope.csv", "--model", "m", "--prompt", "two-shot")
    assert style.exit_code == 2


def test_cli_prints_a_one_line_summary(tmp_path, dataset, runner):
    """A successful run prints one summary line and writes the rows."""
    out = tmp_path / "p.jsonl"
    with FakeOpenAI() as server:
        result = run_cli(runner, dataset, "--model", "m", "--base-url", server.url, "--out", out,
                         "--prompt", "few-shot", "--shots", "1", "--limit", "3")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"3 rows: 0 already done, 3 written (0 failed), 2 held out as examples -> {out}"]
    assert len(read_out(out)) == 3


def test_predict_output_is_evaluate_input(tmp_path, dataset, runner):
    """Rows written by predict are read by evaluate: strict and tolerant parsing, errors counted invalid."""
    raw = {"r0": "['sad']", "r1": "['happy', 'relieved']", "r2": "['sad', 'tired']",
           "r3": "```python\n['happy', 'calm']\n```", "r4": "['Gloomy']", "r5": "Answer: ['happy', 'relieved']"}
    out = tmp_path / "pred.jsonl"
    with FakeOpenAI({name: [answer(text)] for name, text in raw.items()}) as server:
        run_predictions(dataset, model="tiny-llm", base_url=server.url, out=out, **FAST)
    from express_lex.cli.app import app

    result = runner.invoke(app, ["evaluate", str(out), "--metrics", "paper", "--format", "json"], **WIDTH)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)[0]
    # strict: r0, r1, r4 valid (r2 wrong length, r3 fenced, r5 prose); tolerant also reads r3 and r5
    assert report["paper"]["VRate"] == pytest.approx(3 / 6) and report["tolerant"]["VRate"] == pytest.approx(5 / 6)
    assert report["paper"]["AccL"] == pytest.approx(3 / 9)  # sad, happy, relieved of 9 masks
