"""`predict` against hostile servers and hostile keys (issue 16, items 4 and 5): real servers on
127.0.0.1 that never end a chunked body, send 1 GiB, or drip a byte every 0.5 s, each run in a
child process under a 1 GB address-space limit, which must end in time with a clear error."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from express_lex import InputError
from express_lex.evaluation import run_predictions

from .fake_openai import FakeOpenAI, Reply
from .test_runner import make_rows, read_out, write_csv

FAST = {"backoff_base": 0.001, "backoff_cap": 0.01}
GIB = 1 << 30
OK_BODY = json.dumps({"choices": [{"message": {"role": "assistant", "content": "['sad']"}}]}).encode()


@pytest.fixture(autouse=True)
def _no_api_key(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


class HostileServer:
    """A raw HTTP server on 127.0.0.1 that answers every request with `behaviour(sock)`; it
    stops writing when the client hangs up."""

    def __init__(self, behaviour) -> None:
        self.behaviour = behaviour
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}/v1"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            try:
                connection.settimeout(5)
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    request += chunk
                self.behaviour(connection, self._stop)
            except OSError:  # the client hung up, as it should
                pass


def endless_chunked(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"x" * 65536
    frame = b"%x\r\n%s\r\n" % (len(chunk), chunk)
    while not stop.is_set():
        sock.sendall(frame)


def _one_gib(sock: socket.socket, stop: threading.Event, length_header: bytes) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + length_header + b"\r\n")
    block = b"y" * (1 << 20)
    for _ in range(1024):
        if stop.is_set():
            return
        sock.sendall(block)


def one_gib_unannounced(sock: socket.socket, stop: threading.Event) -> None:
    """1 GiB with no Content-Length (the body ends when the connection closes)."""
    _one_gib(sock, stop, b"Connection: close\r\n")


def one_gib_announced(sock: socket.socket, stop: threading.Event) -> None:
    """1 GiB announced by its Content-Length."""
    _one_gib(sock, stop, b"Content-Length: %d\r\n" % GIB)


def drip_body(sock: socket.socket, stop: threading.Event) -> None:
    """Valid headers, then the body one byte every 0.5 s (each read is well inside the socket timeout)."""
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(OK_BODY))
    for byte in OK_BODY:
        if stop.wait(0.5):
            return
        sock.sendall(bytes([byte]))


def drip_headers(sock: socket.socket, stop: threading.Event) -> None:
    """The status line and headers themselves one byte every 0.5 s, never finished."""
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
        if stop.wait(0.5):
            return
        sock.sendall(bytes([byte]))


CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from express_lex.evaluation import run_predictions
start = time.monotonic()
summary = run_predictions(sys.argv[1], model="m", base_url=sys.argv[2], out=sys.argv[3], timeout=float(sys.argv[4]),
                          max_retries=int(sys.argv[5]), concurrency=1, abort_after=0, backoff_base=0.01, backoff_cap=0.05)
print(json.dumps({"seconds": time.monotonic() - start, "failed": summary.failed, "written": summary.written}))
"""


@pytest.mark.parametrize("behaviour, expected", [
    (endless_chunked, "cap"),
    (one_gib_unannounced, "cap"),
    (one_gib_announced, "cap"),
    (drip_body, "timed out"),
    (drip_headers, "timed out"),
], ids=["endless-chunked", "1GiB-no-length", "1GiB-content-length", "drip-body", "drip-headers"])
def test_a_hostile_server_fails_the_row_in_bounded_time_and_memory(tmp_path, behaviour, expected):
    """Under a 1 GB address-space limit, each hostile reply fails its row within timeout x (retries + 1), with a clear error."""
    data = write_csv(tmp_path / "d.csv", make_rows(1))
    out = tmp_path / "p.jsonl"
    timeout, retries = 2.0, 1
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    with HostileServer(behaviour) as server:
        started = time.monotonic()
        try:
            done = subprocess.run(check=False, args=[sys.executable, "-c", CHILD, str(data), server.url, str(out), str(timeout),
                                   str(retries)], capture_output=True, text=True, timeout=60, env=env)
        except subprocess.TimeoutExpired:
            pytest.fail(f"predict was still running after 60 s against {behaviour.__name__}")
        elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    budget = timeout * (retries + 1)
    assert result["seconds"] <= budget + 1.5, result  # + slack for process start and backoff
    assert elapsed < budget + 30
    (row,) = read_out(out)
    assert row["output"] is None and expected in row["error"], row["error"]
    assert result["failed"] == 1


def test_a_refused_connection_fails_at_once_without_retries(tmp_path):
    """Nothing listening on the port: the row fails on its first attempt, not after max_retries backoffs."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    data = write_csv(tmp_path / "d.csv", make_rows(2))
    out = tmp_path / "p.jsonl"
    started = time.monotonic()
    summary = run_predictions(data, model="m", base_url=f"http://127.0.0.1:{port}/v1", out=out, abort_after=0,
                              max_retries=5, backoff_base=1.0, backoff_cap=4.0, timeout=5.0)
    assert time.monotonic() - started < 3, "a refused connection was retried with backoff"
    rows = read_out(out)
    assert summary.failed == 2 and all(row["attempts"] == 1 for row in rows)
    assert all("refused" in row["error"].lower() for row in rows)


def test_max_retries_bounds_the_attempts_of_a_retryable_error(tmp_path):
    """HTTP 503 is retried exactly max_retries times, then the row fails naming the attempts."""
    data = write_csv(tmp_path / "d.csv", make_rows(1))
    out = tmp_path / "p.jsonl"
    with FakeOpenAI(default=lambda name: Reply(status=503, body=b'{"error": "busy"}')) as server:
        run_predictions(data, model="m", base_url=server.url, out=out, abort_after=0, max_retries=2, timeout=5, **FAST)
        assert len(server.requests) == 3
    (row,) = read_out(out)
    assert row["attempts"] == 3 and "gave up after 3 attempts" in row["error"]


def test_cli_max_retries_option_reaches_the_runner(tmp_path):
    """`predict --max-retries 0` asks a failing server once per row."""
    data = write_csv(tmp_path / "d.csv", make_rows(1))
    out = tmp_path / "p.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    with FakeOpenAI(default=lambda name: Reply(status=503, body=b"{}")) as server:
        done = subprocess.run(check=False, args=[sys.executable, "-m", "express_lex", "predict", str(data), "-m", "m", "--base-url",
                               server.url, "--out", str(out), "--max-retries", "0"],
                              capture_output=True, text=True, timeout=120, env=env)
        assert len(server.requests) == 1
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/full", "directory", "fifo"])
def test_out_must_be_a_regular_file(tmp_path, target):
    """--out on a device, a directory or a FIFO is refused before any request (it grew without bound)."""
    data = write_csv(tmp_path / "d.csv", make_rows(1))
    if target == "directory":
        target = str(tmp_path)
    elif target == "fifo":
        os.mkfifo(tmp_path / "pipe")
        target = str(tmp_path / "pipe")
    with FakeOpenAI() as server:
        with pytest.raises(InputError, match="regular file"):
            run_predictions(data, model="m", base_url=server.url, out=target, timeout=2, **FAST)
        assert server.requests == []


@pytest.mark.parametrize("timeout", [float("inf"), float("nan"), 1e308])
def test_an_unbounded_timeout_is_a_one_line_input_error(tmp_path, timeout):
    """--timeout inf (or nan, or centuries) is refused before any request, not an OverflowError."""
    data = write_csv(tmp_path / "d.csv", make_rows(1))
    with pytest.raises(InputError, match="timeout"):
        run_predictions(data, model="m", base_url="http://127.0.0.1:9/v1", out=tmp_path / "p.jsonl", timeout=timeout)


# --------------------------------------------------------------------------- 4. the key


BAD_KEYS = {
    "crlf": "sk-test-SECRET-77aa\r\nX-Injected: 1",
    "trailing-newline": "sk-test-SECRET-77aa\n",
    "non-latin-1": "sk-test-SECRET-77aa-ключ",
}


@pytest.mark.parametrize("name", list(BAD_KEYS))
def test_a_key_that_cannot_be_a_header_is_one_line_that_never_shows_it(tmp_path, name):
    """A key with CR/LF, a trailing newline, NUL or non-Latin-1 text: exit 2, one stderr line, no part of the key."""
    data = write_csv(tmp_path / "d.csv", make_rows(1))
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_BASE_URL"}
    env["OPENAI_API_KEY"] = BAD_KEYS[name]
    with FakeOpenAI() as server:
        done = subprocess.run(check=False, args=[sys.executable, "-m", "express_lex", "predict", str(data), "-m", "m", "--base-url",
                               server.url, "--out", str(tmp_path / "p.jsonl")],
                              capture_output=True, text=True, timeout=120, env=env)
        assert server.requests == []
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert "SECRET" not in done.stderr + done.stdout and "OPENAI_API_KEY" in done.stderr


@pytest.mark.parametrize("key", ["sk-SECRET\0", "sk-SECRET\x07", " sk-SECRET", *BAD_KEYS.values()])
def test_check_api_key_refuses_without_showing_the_key(key):
    """NUL, control characters and edge whitespace (which an environment from a file can hold) are refused too."""
    from express_lex.evaluation import check_api_key

    with pytest.raises(InputError) as caught:
        check_api_key(key, "OPENAI_API_KEY")
    assert "SECRET" not in str(caught.value) and "\n" not in str(caught.value)


def test_a_partial_echo_of_the_key_never_reaches_the_output(tmp_path, monkeypatch):
    """A server quoting the key's start and end ('sk-te...77aa') in an error: that token is scrubbed from the row's error."""
    key = "sk-test-SECRET-0123456789-77aa"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    echo = f"Incorrect API key provided: {key[:5]}****************{key[-4:]}. You can find your key at x."
    reply = Reply(status=400, body=json.dumps({"error": {"message": echo}}).encode())
    data = write_csv(tmp_path / "d.csv", make_rows(1))
    out = tmp_path / "p.jsonl"
    with FakeOpenAI(default=lambda name: reply) as server:
        run_predictions(data, model="m", base_url=server.url, out=out, abort_after=0, timeout=5, **FAST)
    (row,) = read_out(out)
    assert row["error"].startswith("HTTP 400") and "Incorrect API key provided" in row["error"]
    assert key[:5] not in row["error"] and key[-4:] not in row["error"], row["error"]
    assert "sk-" not in out.read_text()
