"""The three serious findings of the hostile-input audit, each against real components:
a second HTTP server as a redirect target, a cache file planted by another user, and
parallel `lexicon add` processes."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from express_lex.evaluation import run_predictions

from .fake_openai import FakeOpenAI, Reply
from .test_runner import SECRET, make_rows, read_out, write_csv

FAST = {"backoff_base": 0.001, "backoff_cap": 0.01, "timeout": 5.0}


# --------------------------------------------------------------------------- 1. redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_never_carries_the_key_to_its_target(tmp_path, monkeypatch, status):
    """A 3xx from the base URL is a failed row with a clear error; the target sees no request and no key."""
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    data = write_csv(tmp_path / "d.csv", make_rows(2))
    out = tmp_path / "p.jsonl"
    with FakeOpenAI() as target:
        moved = Reply(status=status, headers={"Location": target.url + "/chat/completions"}, body=b"")
        with FakeOpenAI(default=lambda name: moved) as origin:
            summary = run_predictions(data, model="m", base_url=origin.url, out=out, abort_after=0, **FAST)
            assert origin.requests and all(r.headers["Authorization"] == f"Bearer {SECRET}" for r in origin.requests)
        assert target.requests == []
        assert not any("Authorization" in r.headers for r in target.requests)
    rows = read_out(out)
    assert summary.failed == 2 and all(row["output"] is None for row in rows)
    assert all(f"HTTP {status}: unexpected redirect to http://127.0.0.1:" in row["error"] for row in rows)
    assert all(row["attempts"] == 1 for row in rows), "a redirect is not worth retrying"
    assert SECRET not in out.read_text()


# --------------------------------------------------------------------------- 2. planted cache files


def _cli_env(home: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPRESS_LEX_")}
    env.update(EXPRESS_LEX_CACHE_DIR=str(cache), EXPRESS_LEX_HOME=str(home), EXPRESS_LEX_WORDNET=str(home / "none"))
    return env


class _Payload:
    """Unpickling this runs a shell command that leaves a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.skipif(os.geteuid() != 0, reason="planting as another uid needs root")
def test_a_cache_planted_by_another_user_never_runs_or_poisons(tmp_path):
    """Pickles planted under every cache name never run, and a shape-valid cache owned by
    `nobody` in a world-writable directory is not trusted."""
    import pwd

    from express_lex import Lexicon, cache_dir

    nobody = pwd.getpwnam("nobody").pw_uid
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    os.chmod(tmp_path, 0o755)
    # Learn the real cache names by compiling once into a private directory.
    private = tmp_path / "private"
    env = _cli_env(tmp_path / "home", private)
    subprocess.run([sys.executable, "-m", "express_lex", "decompose", "joy"], env=env, check=True,
                   capture_output=True)
    names = sorted(p.name for p in private.iterdir())
    assert names, "the CLI wrote no cache to learn names from"
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Payload(marker))
    for name in names:
        stem = name.rsplit(".", 1)[0]
        for planted in (name, stem + ".pickle"):
            (shared / planted).write_bytes(payload)
    # A poisoned copy of the real JSON cache: joy turned into pure anger.
    for name in names:
        text = (private / name).read_text()
        (shared / (name + ".poison")).write_text(text)
    os.chmod(shared, 0o777)
    for item in [shared, *shared.iterdir()]:
        os.chown(item, nobody, nobody)

    run = subprocess.run([sys.executable, "-m", "express_lex", "decompose", "joy", "--format", "json"],
                         env=_cli_env(tmp_path / "home", shared), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert not marker.exists(), "a planted pickle ran"
    assert json.loads(run.stdout)[0]["emotions"]["joy"] > 0.5
    assert "Traceback" not in run.stderr

    # Now a shape-valid JSON cache with poisoned values, under the real name, owned by nobody.
    for name in names:
        original = (shared / (name + ".poison")).read_text()
        poisoned = original.replace("0.7,", "0.0,")  # joy's basic weight, and every other 0.7
        assert poisoned != original
        target = shared / name
        target.write_text(poisoned)
        os.chown(target, nobody, nobody)
        os.chmod(target, 0o666)
    run = subprocess.run([sys.executable, "-m", "express_lex", "decompose", "joy", "--format", "json"],
                         env=_cli_env(tmp_path / "home", shared), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[0]["emotions"]["joy"] == pytest.approx(0.7)
    assert not marker.exists()


@pytest.mark.parametrize("content", [
    pickle.dumps({"version": "9", "theory": None}),
    json.dumps({"version": "x"}).encode(),
    json.dumps([1, 2, 3]).encode(),
    b"\x00\xff garbage",
    json.dumps({"format": "express-lex-cache", "table": {"joy": ["joy"]}}).encode(),
])
def test_a_cache_of_the_wrong_shape_is_rebuilt_not_a_crash(tmp_path, content):
    """Any file under a cache name that is not a well-formed cache is ignored and rebuilt."""
    private = tmp_path / "private"
    env = _cli_env(tmp_path / "home", private)
    subprocess.run([sys.executable, "-m", "express_lex", "decompose", "joy"], env=env, check=True, capture_output=True)
    for item in private.iterdir():
        item.write_bytes(content)
    run = subprocess.run([sys.executable, "-m", "express_lex", "decompose", "joy", "--format", "json"],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[0]["emotions"]["joy"] == pytest.approx(0.7)


# --------------------------------------------------------------------------- 3. parallel adds


def test_twenty_parallel_lexicon_adds_are_all_kept(tmp_path):
    """20 real `express-lex lexicon add` processes started together: all 20 entries survive."""
    exe = shutil.which("express-lex") or ""
    command = [exe] if exe else [sys.executable, "-m", "express_lex"]
    env = _cli_env(tmp_path / "home", tmp_path / "cache")
    # Warm the cache first so the processes race on the overlay, not on compiling.
    subprocess.run([*command, "decompose", "joy"], env=env, check=True, capture_output=True)
    words = [f"zorbleglad{chr(97 + i)}" for i in range(20)]
    procs = [subprocess.Popen([*command, "lexicon", "add", word, "--as", "joy"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for word in words]
    results = [(p.wait(timeout=120), p.stderr.read().decode() if p.stderr else "") for p in procs]
    assert all(code == 0 for code, _ in results), results
    overlay = (tmp_path / "home" / "lexicons" / "overlay.yaml").read_text()
    missing = [word for word in words if f"lemma: {word}" not in overlay]
    assert missing == []
    run = subprocess.run([*command, "decompose", *words, "--format", "json"], env=env, capture_output=True, text=True)
    assert [r["method"] for r in json.loads(run.stdout)] == ["exact"] * 20
