"""Corpus-scale runs (issue 13): Reddit-style .zst dumps with a 2 GiB window and junk lines,
the same records from one process, two local processes and a real Dask LocalCluster, a
kill -9 then a resume, reruns that skip finished files, and output independent of batching."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from express_lex.corpus import Job, LocalProcesses, open_executor, output_name, run_corpus, worker_loads
from express_lex.text import ReadStats, extract_stream, iter_documents, mask_documents

from .strategies import POST_SENTENCES, reddit_lines

zstandard = pytest.importorskip("zstandard")

JUNK = [b'{"id": "torn", "selftext": "I am sa\n', b"\xff\xfe\xfa not UTF-8\n", b"\x00\x00\x01\x02binary\n",
        b'["not", "an", "object"]\n', b"\n", b'{"id": "gone", "body": "[removed]"}\n']
MONTHS = ("RS_2024-01.zst", "RS_2024-02.zst", "RC_2024-03.zst", "RC_2024-04.zst")


def month_lines(seed: int, posts: int) -> list[bytes]:
    """A month of submissions (RS) or comments (RC): mostly posts, a junk line every ~40."""
    rng = random.Random(seed)
    lines = []
    for number in range(posts):
        if rng.random() < 0.025:
            lines.append(rng.choice(JUNK))
            continue
        text = " ".join(rng.choice(POST_SENTENCES) for _ in range(rng.randint(1, 8)))
        if rng.random() < 0.01:  # a long post: several mask segments
            text = " ".join([text, *(rng.choice(POST_SENTENCES) for _ in range(400))])
        ident = f"{seed}x{number}"
        record = ({"id": ident, "title": rng.choice(POST_SENTENCES), "selftext": text} if seed % 2
                  else {"id": ident, "body": text, "score": number})
        lines.append(json.dumps(record, ensure_ascii=rng.random() < 0.5).encode() + b"\n")
    return lines


def write_zst(path: Path, lines: list[bytes]) -> None:
    """Streamed (no content size in the header) with a 2^31 window, as the Pushshift dumps are."""
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=31)
    with path.open("wb") as raw, zstandard.ZstdCompressor(compression_params=params).stream_writer(raw) as out:
        for line in lines:
            out.write(line)


@pytest.fixture(scope="module")
def months(tmp_path_factory) -> list[Path]:
    """Four monthly dumps of about 2,500 lines each."""
    folder = tmp_path_factory.mktemp("dumps")
    paths = []
    for seed, name in enumerate(MONTHS, start=1):
        write_zst(folder / name, month_lines(seed if name.startswith("RC") is False else seed * 2, 2500))
        paths.append(folder / name)
    return paths


def cli(*args: str, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "express_lex", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)


def test_fixture_needs_the_two_gib_window(months):
    """The generated dumps are refused by a default zstd decompressor, as real Pushshift files are."""
    with months[0].open("rb") as raw, pytest.raises(zstandard.ZstdError):
        zstandard.ZstdDecompressor().stream_reader(raw).read(1 << 16)


def test_one_process_matches_the_text_api(months, tmp_path):
    """--workers 1 over a dump gives the records the text API gives on the same lines, in order."""
    plain = tmp_path / "month.jsonl"
    with months[0].open("rb") as raw:
        plain.write_bytes(zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(raw).read())
    stats = ReadStats()
    from express_lex import default_lexicon

    expected = [json.dumps(d.to_dict(), ensure_ascii=False) for _, found in
                extract_stream(iter_documents([str(plain)], stats), default_lexicon()) for d in found]
    done = cli("extract", str(months[0]), "--workers", "1", "--batch-lines", "300", "-o", str(tmp_path / "out.jsonl"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines() == expected
    assert f"{stats.documents:,} posts read" in done.stderr and f"{len(expected):,} disclosures found" in done.stderr
    assert f"{stats.bad_lines:,} bad lines skipped" in done.stderr and stats.bad_lines > 0


@pytest.fixture(scope="module")
def cluster():
    """A real two-process Dask cluster on 127.0.0.1."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0") as local:
        yield local


def test_workers_one_two_and_dask_give_the_same_records(months, tmp_path, cluster):
    """Four months with junk lines: --workers 1, --workers 2 and --dask (LocalCluster, 2 workers) write the same records in the same order."""
    inputs = [str(p) for p in months]
    runs = {"1": ["--workers", "1"], "2": ["--workers", "2"], "dask": ["--dask", cluster.scheduler_address]}
    outputs = {}
    for name, options in runs.items():
        done = cli("extract", *inputs, *options, "--batch-lines", "400", "-o", f"{tmp_path / name}/")
        assert done.returncode == 0, done.stderr
        assert "4 file(s)" in done.stderr and "bad lines skipped" in done.stderr
        outputs[name] = {p.name: p.read_bytes() for p in sorted((tmp_path / name).iterdir())}
    assert sorted(outputs["1"]) == sorted([*(f"{m[:-4]}.jsonl" for m in MONTHS), *(f"{m[:-4]}.jsonl.done" for m in MONTHS)])
    for name in MONTHS:
        output = f"{name[:-4]}.jsonl"
        assert outputs["1"][output].count(b"\n") > 1000
        assert outputs["2"][output] == outputs["1"][output]
        assert outputs["dask"][output] == outputs["1"][output]


def test_dask_workers_load_the_lexicon_once(months, tmp_path, cluster):
    """On the cluster, each worker process loads the lexicon at most once, however many batches it ran."""
    from distributed import Client

    before = _loads_on(cluster)
    done = cli("mask", str(months[1]), "--dask", cluster.scheduler_address, "--batch-lines", "100",
               "-o", str(tmp_path / "masked.csv"))
    assert done.returncode == 0, done.stderr
    after = _loads_on(cluster)
    assert all(after[w] - before.get(w, 0) <= 1 for w in after)
    with Client(cluster) as client:
        assert sum(client.nthreads().values()) == 2


def _loads_on(cluster) -> dict[str, int]:
    from distributed import Client

    with Client(cluster) as client:
        return client.run(worker_loads)


def test_mask_by_two_processes_equals_one(months, tmp_path):
    """mask --workers 2 over two months into one CSV equals --workers 1: the same rows, indices 0..n-1."""
    import csv

    inputs = [str(months[0]), str(months[2])]
    for workers in ("1", "2"):
        done = cli("mask", *inputs, "--workers", workers, "--batch-lines", "250", "-o", str(tmp_path / f"{workers}.csv"))
        assert done.returncode == 0, done.stderr
    one, two = (tmp_path / "1.csv").read_bytes(), (tmp_path / "2.csv").read_bytes()
    assert one == two
    rows = list(csv.DictReader(io.StringIO(one.decode("utf-8"))))
    assert [int(r["index"]) for r in rows] == list(range(len(rows))) and len(rows) > 500
    assert any(int(r["number_of_labels"]) > 1 for r in rows)


def _kill_when_parts_appear(args: list[str], out: Path, timeout: float = 300) -> int:
    """Start the CLI, wait for its first finished batch, then kill -9 its whole process group."""
    process = subprocess.Popen([sys.executable, "-m", "express_lex", *args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if out.is_dir() and any(out.glob(".*.parts/*.part")):
            break
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    process.stderr.close()  # type: ignore[union-attr]
    return process.returncode


def test_kill_then_resume_gives_the_uninterrupted_output(months, tmp_path):
    """kill -9 in the middle of a run leaves no torn output; the rerun finishes it, identical to an uninterrupted run."""
    inputs = [str(p) for p in months]
    whole = tmp_path / "whole"
    done = cli("extract", *inputs, "--workers", "2", "--batch-lines", "100", "-o", f"{whole}/")
    assert done.returncode == 0, done.stderr
    expected = {p.name: p.read_bytes() for p in whole.iterdir() if not p.name.endswith(".done")}
    total_posts = int(done.stderr.split(" posts read")[0].rsplit(" ", 1)[1].replace(",", ""))

    killed = tmp_path / "killed"
    args = ["extract", *inputs, "--workers", "2", "--batch-lines", "100", "-o", f"{killed}/"]
    assert _kill_when_parts_appear(args, killed) == -signal.SIGKILL
    finished = [p for p in killed.iterdir() if not p.name.startswith(".") and not p.name.endswith(".done")]
    assert len(finished) < len(MONTHS)
    for path in finished:  # whatever is in place under its final name is complete
        assert path.read_bytes() == expected[path.name]

    resumed = cli(*args)
    assert resumed.returncode == 0, resumed.stderr
    assert {p.name: p.read_bytes() for p in killed.iterdir() if not p.name.endswith(".done")} == expected
    assert sorted(p.name for p in killed.iterdir() if p.name.endswith(".done")) == sorted(
        f"{name}.done" for name in expected)
    resumed_posts = int(resumed.stderr.split(" posts read")[0].rsplit(" ", 1)[1].replace(",", ""))
    assert resumed_posts < total_posts  # finished files and finished batches were not redone


def test_rerun_over_a_finished_directory_skips_every_file(months, tmp_path):
    """A second run over a finished output directory reads no post and rewrites no file."""
    inputs = [str(p) for p in months]
    out = tmp_path / "out"
    assert cli("extract", *inputs, "--workers", "2", "-o", f"{out}/").returncode == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = cli("extract", *inputs, "--workers", "2", "-o", f"{out}/")
    assert again.returncode == 0, again.stderr
    assert "4 already finished, skipped" in again.stderr and " 0 posts read" in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps


def test_changed_input_or_options_are_redone(tmp_path):
    """A finished output whose input changed since (size or time), or made with other options, is made again."""
    source = tmp_path / "RS_2030-01.zst"
    write_zst(source, month_lines(7, 50))
    out = tmp_path / "out"
    assert cli("extract", str(source), "--workers", "1", "-o", f"{out}/").returncode == 0
    write_zst(source, month_lines(8, 60))
    again = cli("extract", str(source), "--workers", "1", "-o", f"{out}/")
    assert again.returncode == 0 and "already finished" not in again.stderr
    assert (out / "RS_2030-01.jsonl").read_text(encoding="utf-8").count("\"doc\": \"8x") > 0
    (tmp_path / "words.txt").write_text("happy\n", encoding="utf-8")
    narrower = cli("extract", str(source), "--workers", "1", "--vocabulary", str(tmp_path / "words.txt"),
                   "-o", f"{out}/")
    assert narrower.returncode == 0 and "already finished" not in narrower.stderr
    spans = {json.loads(line)["span"].lower() for line in (out / "RS_2030-01.jsonl").read_text().splitlines()}
    assert spans == {"happy"}


def test_an_output_of_another_records_revision_is_redone(tmp_path):
    """A finished output whose marker names another records revision (older keys) is made again, not kept."""
    source = tmp_path / "RS_2030-01.zst"
    write_zst(source, month_lines(7, 50))
    out = tmp_path / "out"
    assert cli("extract", str(source), "--workers", "1", "-o", f"{out}/").returncode == 0
    expected = (out / "RS_2030-01.jsonl").read_bytes()
    marker = out / "RS_2030-01.jsonl.done"
    done = json.loads(marker.read_text(encoding="utf-8"))
    done["identity"]["records"] -= 1
    marker.write_text(json.dumps(done), encoding="utf-8")
    (out / "RS_2030-01.jsonl").write_text("{}\n", encoding="utf-8")  # as an older version left it
    again = cli("extract", str(source), "--workers", "1", "-o", f"{out}/")
    assert again.returncode == 0 and "already finished" not in again.stderr
    assert (out / "RS_2030-01.jsonl").read_bytes() == expected


@settings(max_examples=25, deadline=None)
@given(lines=st.lists(reddit_lines(), max_size=60), batch=st.integers(1, 12), kind=st.sampled_from(
    ["extract", "mask", "per-document"]))
def test_output_does_not_depend_on_batching(tmp_path_factory, lines, batch, kind):
    """Any cut of a dump into batches gives the output of one batch: records, order, indices and counts."""
    path = tmp_path_factory.mktemp("batching") / "dump.jsonl"
    path.write_bytes(b"".join(lines))
    job = Job("mask" if kind == "mask" else "extract", per_document=kind == "per-document")
    whole, cut = io.StringIO(), io.StringIO()
    first = run_corpus([str(path)], job, open_executor(1), stream=whole, batch_lines=10_000)
    second = run_corpus([str(path)], job, open_executor(1), stream=cut, batch_lines=batch)
    assert cut.getvalue() == whole.getvalue()
    assert (first.posts, first.disclosures, first.skipped) == (second.posts, second.disclosures, second.skipped)


def test_mask_rows_match_the_text_api(tmp_path):
    """Line-batched mask rows carry each post's position among the documents, as mask_documents does."""
    from express_lex import default_lexicon

    lines = month_lines(3, 400)
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"".join(lines))
    expected = [(r.index, r.original_index, r.original_ids, r.labels) for r in
                mask_documents(iter_documents([str(path)]), default_lexicon())]
    out = io.StringIO()
    run_corpus([str(path)], Job("mask"), open_executor(1), stream=out, batch_lines=37)
    import ast
    import csv

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(int(r["index"]), int(r["original_index"]), r["original_ids"], tuple(ast.literal_eval(r["labels"])))
            for r in rows] == expected


def test_per_document_joins_a_text_split_across_batches(tmp_path):
    """A .txt larger than one part, one part per batch, still gives one --per-document record."""
    big = tmp_path / "diary.txt"
    big.write_text(("Nothing happened today. " * 40 + "I'm so tired.\n") * 3000, encoding="utf-8")
    results = {}
    for workers in (1, 2):
        out = io.StringIO()
        executor = open_executor(workers)
        try:
            run_corpus([str(big)], Job("extract", per_document=True), executor, stream=out, batch_lines=1)
        finally:
            executor.close()
        results[workers] = out.getvalue()
    records = [json.loads(line) for line in results[1].splitlines()]
    assert results[2] == results[1]
    assert len(records) == 1 and records[0]["count"] == 3000 and records[0]["doc"] == "diary.txt"


def test_process_pool_loads_the_lexicon_once_per_process(tmp_path):
    """A local pool's workers report one lexicon load each, after many batches."""
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"".join(month_lines(5, 600)))
    executor = LocalProcesses(2)
    try:
        run_corpus([str(path)], Job("extract"), executor, stream=io.StringIO(), batch_lines=20)
        pool = executor._pool
        assert pool is not None
        loads = {pool.submit(worker_loads).result() for _ in range(8)}
    finally:
        executor.close()
    assert loads == {1}


@pytest.mark.parametrize("blocked, args, message", [
    ("zstandard", ["extract", "{month}", "--workers", "1"], "express-lex[corpus]"),
    ("distributed", ["extract", "{month}", "--dask", "tcp://127.0.0.1:8786"], "express-lex[dask]"),
])
def test_missing_extra_is_one_line_naming_it(months, blocked, args, message):
    """Without zstandard a .zst input, and without Dask --dask, is one line naming the extra, exit 2."""
    code = (f"import sys; sys.modules[{blocked!r}] = None\n"
            "from express_lex.cli.app import main\n"
            "sys.argv = ['express-lex', *sys.argv[1:]]\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code, *(a.format(month=months[0]) for a in args)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.parametrize("args, message", [
    (["--dask", "not an address"], "bad Dask address"),
    (["-o", "{tmp}/out/", "-"], "standard input"),
    (["-o", "{tmp}/out/", "{tmp}/a/RS_1.zst", "{tmp}/b/RS_1.zst"], "would both be written"),
    (["--workers", "0"], "--workers"),
])
def test_bad_corpus_options_exit_2(tmp_path, months, args, message):
    """A malformed Dask address, stdin into a directory, two inputs with one output name, zero workers: exit 2, one line."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "RS_1.zst").write_bytes(months[0].read_bytes())
    args = [a.format(tmp=tmp_path) for a in args]
    if not any(a.endswith(".zst") or a == "-" for a in args):
        args.append(str(months[0]))
    done = cli("extract", *args)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


def test_output_names():
    """Dump names keep their month; format and compression extensions give way to the job's."""
    assert output_name("/x/RS_2023-01.zst", Job("extract")) == "RS_2023-01.jsonl"
    assert output_name("a/posts.jsonl.gz", Job("mask")) == "posts.csv"
    assert output_name("notes.v2.txt", Job("extract", output_format="table")) == "notes.v2.txt"
