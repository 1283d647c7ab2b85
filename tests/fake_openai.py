"""A small OpenAI-compatible chat-completions server for the runner tests.

It listens on 127.0.0.1 (port 0, so the OS picks one) in a background thread and answers
`POST /v1/chat/completions` from a script. A script maps a marker, any `[[name]]` written in
the last message (the post being asked about), to the replies for that post, used in order;
the last one repeats. Unscripted posts get `default(name)`, by default `['<name>']`.
Every request is recorded (path, headers, JSON body), with the most requests in flight at once.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional

MARKER = re.compile(r"\[\[([\w.-]+)\]\]")


@dataclass(frozen=True)
class Reply:
    """One scripted reply: a chat answer (`content`), or an HTTP error (`status`), after `delay` s."""

    content: Optional[str] = None
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    body: Optional[bytes] = None  # a raw body instead of the chat-completion JSON


def answer(text: str, delay: float = 0.0) -> Reply:
    return Reply(content=text, delay=delay)


def error(status: int, retry_after: Optional[str] = None, message: str = "scripted failure") -> Reply:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return Reply(status=status, headers=headers, body=json.dumps({"error": {"message": message}}).encode())


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    marker: Optional[str]


class FakeOpenAI:
    """Use as a context manager; `url` is the API root to pass as base_url."""

    def __init__(self, script: Optional[dict[str, list[Reply]]] = None,
                 default: Optional[Callable[[str], Reply]] = None, delay: float = 0.0) -> None:
        self.script = {name: list(replies) for name, replies in (script or {}).items()}
        self.default = default or (lambda name: answer(repr([name])))
        self.delay = delay  # added to every reply, to make requests overlap
        self.requests: list[Recorded] = []
        self.max_active = 0
        self._active = 0
        self._lock = threading.Lock()
        self._calls: dict[str, int] = {}
        self._server: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    # -- lifecycle
    def __enter__(self) -> "FakeOpenAI":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802
                fake._handle(self)

            def do_GET(self) -> None:  # noqa: N802  (a followed 301/302/303 arrives as a GET)
                fake._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.handle_error = lambda request, address: None  # a client that timed out hung up
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def calls(self, name: str) -> int:
        """How many requests asked about the post marked [[name]]."""
        return self._calls.get(name, 0)

    # -- one request
    def _reply_for(self, name: Optional[str]) -> Reply:
        with self._lock:
            count = self._calls.get(name or "", 0)
            self._calls[name or ""] = count + 1
        replies = self.script.get(name or "")
        if replies:
            return replies[min(count, len(replies) - 1)]
        return self.default(name or "")

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self._active += 1
            self.max_active = max(self.max_active, self._active)
        try:
            length = int(handler.headers.get("Content-Length", 0))
            body = json.loads(handler.rfile.read(length) or b"{}")
            messages = body.get("messages") or [{}]
            found = MARKER.search(str(messages[-1].get("content", "")))
            name = found.group(1) if found else None
            with self._lock:
                self.requests.append(Recorded(handler.path, dict(handler.headers.items()), body, name))
            reply = self._reply_for(name) if handler.path == "/v1/chat/completions" else \
                error(404, message=f"no route {handler.path}")
            time.sleep(self.delay + reply.delay)
            if reply.body is not None:
                payload = reply.body
            else:
                payload = json.dumps({
                    "id": "chatcmpl-fake", "object": "chat.completion", "model": body.get("model"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": reply.content}}],
                }).encode()
            handler.send_response(reply.status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(payload)))
            for key, value in reply.headers.items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self._lock:
                self._active -= 1
