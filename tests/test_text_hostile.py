"""Hostile input to extract and mask: huge documents, bad bytes, torn lines, missing files."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from express_lex.cli.app import app
from express_lex.text import ReadStats, iter_documents


def run(runner, *args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_torn_and_bad_lines_are_counted_not_fatal(runner, tmp_path):
    """Torn JSON, invalid UTF-8, NUL bytes and non-objects are skipped and counted; good lines still come out."""
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(b'{"id": "1", "text": "I\'m sad."}\n'
                       b'{"id": "2", "text": "I\'m ha\n'
                       b'\xff\xfe{"id": "3"}\n'
                       b'[1, 2]\n'
                       b'{"id": "4", "text": "I\'m \\u0000 glad.\\u0000"}\n'
                       b'\x00\x01\x02binary\n'
                       b'{"id": "5", "body": "[removed]"}\n')
    stats = ReadStats()
    docs = list(iter_documents([str(source)], stats))
    assert [d.id for d in docs] == ["1", "4"]
    assert stats.skipped["not JSON"] == 2 and stats.skipped["not UTF-8"] == 1 and stats.skipped["deleted"] == 1
    result = run(runner, "extract", str(source))
    assert result.exit_code == 0
    assert [json.loads(line)["span"] for line in result.stdout.splitlines()] == ["sad", "glad"]
    assert "skipped" in result.stderr


def test_binary_and_invalid_utf8_text_gives_a_result(runner, tmp_path):
    """A .txt of random bytes is decoded with replacement characters and yields no traceback."""
    source = tmp_path / "noise.txt"
    source.write_bytes(bytes(range(256)) * 50 + "I'm sad.".encode() + b"\xc3\x28")
    result = run(runner, "extract", str(source))
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["span"] for line in result.stdout.splitlines()] == ["sad"]


@pytest.mark.parametrize("args, message", [
    (["extract", "missing.jsonl"], "no such file"),
    (["extract", "data.xyz"], "unknown input format"),
    (["mask", "x.txt", "-o", "/nonexistent-dir/out.csv"], "no such"),
])
def test_bad_inputs_exit_2_with_one_line(runner, tmp_path, monkeypatch, args, message):
    """A missing file, an unknown format or an unwritable output: one line on stderr and exit 2."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.xyz").write_text("x")
    (tmp_path / "x.txt").write_text("I'm sad.")
    result = run(runner, *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_gzip_and_zstd_inputs(tmp_path):
    """.jsonl.gz and .jsonl.zst are read on the fly."""
    zstandard = pytest.importorskip("zstandard")
    line = json.dumps({"id": "z", "text": "I feel calm."}).encode() + b"\n"
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(line))
    (tmp_path / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(line))
    docs = list(iter_documents([str(tmp_path / "a.jsonl.gz"), str(tmp_path / "b.jsonl.zst")]))
    assert [d.text for d in docs] == ["I feel calm."] * 2


def test_truncated_gzip_is_one_clear_error(runner, tmp_path):
    """A torn .gz stream is an input error, not a traceback."""
    (tmp_path / "t.jsonl.gz").write_bytes(gzip.compress(b'{"text": "I am sad."}\n' * 1000)[:60])
    result = run(runner, "extract", str(tmp_path / "t.jsonl.gz"))
    assert result.exit_code == 2 and "cannot decompress" in result.stderr


def _peak_rss_of(args: list[str], cwd: Path) -> tuple[int, int, str]:
    """(exit code, peak RSS in MB, stderr) of an express-lex process."""
    code = ("import resource, subprocess, sys\n"
            "p = subprocess.run([sys.executable, '-m', 'express_lex', *sys.argv[1:]], capture_output=True, text=True)\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024\n"
            "print(p.returncode, peak); sys.stderr.write(p.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, timeout=900)
    returncode, peak = done.stdout.split()
    return int(returncode), int(peak), done.stderr


def test_single_100_mb_document_memory_stays_bounded(tmp_path):
    """A 100 MB .txt document is extracted in parts; peak memory stays far below the file size; a 100 MB JSONL line is skipped."""
    big = tmp_path / "big.txt"
    block = ("The weather was grey and nothing happened for a long while. " * 15 + "I'm so tired.\n").encode()
    with big.open("wb") as handle:
        for _ in range(100 * 1024 * 1024 // len(block) + 1):
            handle.write(block)
    code, peak, err = _peak_rss_of(["extract", str(big), "-o", str(tmp_path / "out.jsonl")], tmp_path)
    assert code == 0, err
    assert peak < 400, f"peak RSS {peak} MB"
    line = tmp_path / "big.jsonl"
    with line.open("wb") as handle:
        handle.write(b'{"id": "huge", "text": "')
        for _ in range(100):
            handle.write(b"I'm sad. " * (1024 * 1024 // 9))
        handle.write(b'"}\n{"id": "ok", "text": "I feel calm."}\n')
    code, peak, err = _peak_rss_of(["extract", str(line), "-o", str(tmp_path / "out2.jsonl")], tmp_path)
    assert code == 0 and "too long" in err, err
    assert peak < 400, f"peak RSS {peak} MB"
    assert [json.loads(x)["doc"] for x in (tmp_path / "out2.jsonl").read_text().splitlines()] == ["ok"]
