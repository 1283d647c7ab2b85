"""Ask an OpenAI-compatible chat model to fill EXPRESS masks, one JSONL row per dataset row.

`run_predictions` reads an EXPRESS dataset (the authors' CSV, JSONL with the same keys, or
parquet when pyarrow is installed), sends one chat completion per row to
`{base_url}/chat/completions` (vLLM, Ollama, llama.cpp server, OpenAI) and appends the raw
answer to a JSONL file. It uses the standard library only. The file is flushed and fsynced
after every row, so an interrupted run loses nothing, and a second run skips the rows that are
already done and retries the ones that failed.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, cast

from ..data import atomic_write_bytes, check_writable_path
from ..errors import ExpressLexError, InputError
from .datasets import LabelSyntaxError, label_count, literal_list, one_line, open_records, present, row_id

__all__ = [
    "PROMPT_STYLES",
    "ZERO_SHOT_INSTRUCTION",
    "COT_INSTRUCTION",
    "Row",
    "RunSummary",
    "load_dataset",
    "build_messages",
    "split_cot",
    "run_predictions",
    "check_api_key",
    "scrub_key",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "MAX_TIMEOUT",
]

PROMPT_STYLES = ("zero-shot", "few-shot", "cot")

# A paraphrase of the EXPRESS paper's instruction (arXiv 2509.09593), not a verbatim copy:
# the post has N masked emotion words the author wrote about themself; predict each one and
# answer only with a Python list of exactly N lower-case words, in order. Sent at temperature 0.
ZERO_SHOT_INSTRUCTION = (
    "The Reddit post below contains {n} masked emotion word(s), each shown as <mask>. "
    "The author wrote these words about themself, to say how they felt. "
    "Predict the emotion word behind each <mask>. "
    "Answer only with a Python list of exactly {n} lower-case word(s), one per <mask>, "
    "in the order the masks appear, and nothing else."
)

# The same task, asking for brief reasoning first and the list on a final `Answer:` line.
COT_INSTRUCTION = (
    "The Reddit post below contains {n} masked emotion word(s), each shown as <mask>. "
    "The author wrote these words about themself, to say how they felt. "
    "Predict the emotion word behind each <mask>. "
    "First reason briefly, step by step, about what the author felt at each <mask>. "
    "Then end with a final line of the form `Answer: [...]` holding a Python list of exactly {n} "
    "lower-case word(s), one per <mask>, in the order the masks appear."
)

POST_TEMPLATE = "{instruction}\n\nPost:\n{segment}"

SHOT_SPLITS = frozenset({"train", "dev"})
_ANSWER = re.compile(r"answer\s*:", re.IGNORECASE)
_RETRYABLE_STATUS = frozenset({408, 429})


@dataclass(frozen=True, slots=True)
class Row:
    """One dataset row: its id, the masked segment and the gold labels."""

    id: str
    segment: str
    labels: tuple[str, ...]
    number_of_labels: int
    split: Optional[str] = None


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run did. `total` rows are scored (after `limit` and the few-shot pool);
    `done_before` of them were already in the output file, `written` rows were appended now
    and `failed` of those carry an error. `held_out` rows were kept aside as few-shot examples
    and never scored."""

    total: int
    done_before: int
    written: int
    failed: int
    held_out: int = 0

    @property
    def succeeded(self) -> int:
        return self.written - self.failed


# --------------------------------------------------------------------------- dataset


def _labels(value: Any, where: str) -> tuple[str, ...]:
    try:
        value = literal_list(value)
    except LabelSyntaxError:
        raise InputError(f"{where}: labels is not a Python list literal: {one_line(value)[:80]!r}") from None
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise InputError(f"{where}: labels must be a list of strings")
    return tuple(value)


def load_dataset(path: str | os.PathLike[str]) -> list[Row]:
    """The rows of an EXPRESS dataset file, in file order.

    A row's id is `original_ids:index` when both columns are present, else `id`, else its
    0-based row number. `labels` may be a Python-literal list string or a real list;
    `number_of_labels` defaults to the length of `labels` and must agree with it.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such dataset file: {path}")
    rows: list[Row] = []
    seen: set[str] = set()
    for number, (_, record) in enumerate(open_records(path)[1]):  # predict numbers rows from 0
        if number == 0:
            missing = [column for column in ("segment", "labels") if column not in record]
            if missing:
                raise InputError(f"{path}: missing column(s): {', '.join(missing)} "
                                 f"(found: {', '.join(map(str, record)) or 'none'})")
        where = f"{path}: row {number}"
        segment = record.get("segment")
        if not isinstance(segment, str) or not segment.strip():
            raise InputError(f"{where}: empty segment")
        labels = _labels(record.get("labels"), where)
        count = record.get("number_of_labels")
        try:
            given = label_count(count)
        except ValueError:
            raise InputError(f"{where}: number_of_labels is not a number: {count!r}") from None
        if given is not None and given != len(labels):
            raise InputError(f"{where}: number_of_labels is {given} but labels has {len(labels)} word(s)")
        n = len(labels) if given is None else given
        if n < 1:
            raise InputError(f"{where}: no labels")
        key = row_id(record, number)  # without ids, predict numbers rows from 0
        if key in seen:
            raise InputError(f"{where}: duplicate id {key!r}")
        seen.add(key)
        split = record.get("split")
        rows.append(Row(key, segment, labels, n, str(split).strip().lower() if present(split) else None))
    if not rows:
        raise InputError(f"{path}: the dataset has no rows")
    return rows


# --------------------------------------------------------------------------- prompts


def _user_message(row: Row, cot: bool = False) -> dict[str, str]:
    instruction = (COT_INSTRUCTION if cot else ZERO_SHOT_INSTRUCTION).format(n=row.number_of_labels)
    return {"role": "user", "content": POST_TEMPLATE.format(instruction=instruction, segment=row.segment.strip())}


def build_messages(row: Row, prompt: str = "zero-shot", shots: Iterable[Row] = ()) -> list[dict[str, str]]:
    """The chat messages for `row`: few-shot puts each solved example first, as a user turn
    (the zero-shot prompt of the example) and an assistant turn (its gold list)."""
    messages: list[dict[str, str]] = []
    if prompt == "few-shot":
        for shot in shots:
            messages.append(_user_message(shot))
            messages.append({"role": "assistant", "content": repr(list(shot.labels))})
    messages.append(_user_message(row, cot=prompt == "cot"))
    return messages


def split_cot(text: str) -> tuple[str, Optional[str]]:
    """(answer, reasoning) of a chain-of-thought reply: the text after the last `Answer:` and
    the text before it. Without an `Answer:` the whole reply is the answer and reasoning is None."""
    matches = list(_ANSWER.finditer(text))
    if not matches:
        return text.strip(), None
    last = matches[-1]
    answer = text[last.end():].strip().strip("*`").strip()
    return answer, text[: last.start()].rstrip().rstrip("*").rstrip()


def _shot_plan(rows: list[Row], prompt: str, shots: int, seed: int) -> tuple[list[Row], list[Row]]:
    """(rows to score, pool of few-shot examples). The pool is never scored."""
    if prompt != "few-shot":
        return rows, []
    if any(row.split is not None for row in rows):
        pool = [row for row in rows if row.split in SHOT_SPLITS]
        scored = [row for row in rows if row.split not in SHOT_SPLITS]
        if len(pool) < shots:
            raise InputError(f"few-shot needs {shots} example(s) from the train/dev split, found {len(pool)}")
    else:
        if len(rows) <= 2 * shots:
            raise InputError(f"few-shot with {shots} shot(s) reserves {2 * shots} rows as examples; "
                             f"the dataset has only {len(rows)}")
        order = list(range(len(rows)))
        random.Random(f"express-lex-pool:{seed}").shuffle(order)
        reserved = set(order[: 2 * shots])
        pool = [rows[i] for i in sorted(reserved)]
        scored = [row for i, row in enumerate(rows) if i not in reserved]
    if not scored:
        raise InputError("no rows left to score once the few-shot examples are held out")
    return scored, pool


def _shots_for(row: Row, pool: list[Row], shots: int, seed: int) -> list[Row]:
    """K examples for `row`, chosen by a generator seeded with the row id, so a resumed run
    asks exactly what an uninterrupted one would."""
    return random.Random(f"express-lex-shots:{seed}:{row.id}").sample(pool, shots)


# --------------------------------------------------------------------------- HTTP


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: Optional[float] = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class _Fatal(Exception):
    pass


def _retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_detail(body: bytes) -> str:
    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        return one_line(body.decode("utf-8", "replace"))[:200]
    if isinstance(data, dict):
        error = data.get("error", data)
        if isinstance(error, dict):
            error = error.get("message") or error
        return one_line(str(error))[:200]
    return one_line(str(data))[:200]


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is never followed: urllib would re-send the Authorization header to the new
    host and turn the POST into a GET without the prompt. The 3xx surfaces as an HTTPError."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class _Deadline:
    """Shuts a request's socket down when its time is up, whatever urllib is blocked in
    (connecting, the status line, headers dripping one byte at a time, the body)."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[Any] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: Any) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: Any) -> None:
        import socket

        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def cancel(self) -> None:
        self._timer.cancel()


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener that refuses redirects and hands every socket it opens to `deadline`."""

    def watched(base: type) -> type:
        class Watched(base):
            def connect(self) -> None:
                super().connect()
                deadline.watch(self.sock)

        return Watched

    http_class, https_class = watched(http.client.HTTPConnection), watched(http.client.HTTPSConnection)

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req: Any) -> Any:
            return self.do_open(cast(Any, http_class), req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: Any) -> Any:
            return self.do_open(cast(Any, https_class), req, context=getattr(self, "_context", None))

    return urllib.request.build_opener(_RefuseRedirects, Handler, SecureHandler)


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "an unnamed location"


def _read_capped(response: Any, limit: int, deadline: _Deadline) -> bytes:
    """The body, refusing more than `limit` bytes; read1 returns as soon as any data arrives,
    so the deadline is checked between drips."""
    length = response.headers.get("Content-Length") if response.headers else None
    if length is not None and length.strip().isdigit() and int(length) > limit:
        raise _Fatal(f"the reply is {int(length):,} bytes, over the {limit:,}-byte cap (--max-response-bytes)")
    chunks, total = [], 0
    while True:
        chunk = response.read1(65536)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise _Fatal(f"the reply is over the {limit:,}-byte cap (--max-response-bytes); not read further")
        chunks.append(chunk)
        if deadline.expired:
            break
    return b"".join(chunks)


def _connection_failure(reason: BaseException) -> Exception:
    """A refused connection or an unknown host will not heal in a retry; a reset or timeout may."""
    import socket

    text = one_line(f"connection error: {reason}")
    if isinstance(reason, (ConnectionRefusedError, socket.gaierror)):
        return _Fatal(text + " (check --base-url: nothing answers there)")
    if isinstance(reason, _ssl_errors()):
        return _Fatal(text)
    return _Retryable(text)


def _ssl_errors() -> tuple[type[BaseException], ...]:
    try:
        import ssl
    except ImportError:
        return ()
    return (ssl.SSLCertVerificationError,)


def _post(url: str, payload: bytes, headers: dict[str, str], timeout: float,
          max_bytes: int = 4 << 20) -> str:
    """One chat-completion request; the reply's message content. `timeout` bounds the whole
    exchange (connect, headers and body), not only each socket read; the body is capped at
    `max_bytes`."""
    request = urllib.request.Request(url, data=payload, headers=headers, method="POST")
    deadline = _Deadline(timeout)
    expired = _Retryable(f"timed out after {timeout:g} s (the whole reply must arrive within --timeout)")
    try:
        with _opener(deadline).open(request, timeout=timeout) as response:
            body = _read_capped(response, max_bytes, deadline)
        if deadline.expired:
            raise expired
    except urllib.error.HTTPError as error:
        status = error.code
        if 300 <= status < 400:
            error.close()
            location = urllib.parse.urljoin(url, error.headers.get("Location", "") if error.headers else "")
            raise _Fatal(f"HTTP {status}: unexpected redirect to {_origin(location)}, not followed "
                         f"(the key is only sent to the base URL; pass the final address as --base-url)") from None
        try:
            body = _read_capped(error, min(max_bytes, 65536), deadline)
        except Exception:
            body = b""
        finally:
            error.close()
        if status in (401, 403):  # never echo the body: some servers quote part of the key
            raise _Fatal(f"HTTP {status}: not authorised (check the API key variable)") from None
        detail = _error_detail(body)
        message = f"HTTP {status}" + (f": {detail}" if detail else "")
        if status in _RETRYABLE_STATUS or status >= 500:
            raise _Retryable(message, _retry_after(error.headers.get("Retry-After") if error.headers else None)) from None
        raise _Fatal(message) from None
    except (_Fatal, _Retryable):
        raise
    except urllib.error.URLError as error:
        if deadline.expired:
            raise expired from None
        reason = error.reason
        if isinstance(reason, BaseException):
            raise _connection_failure(reason) from None
        raise _Fatal(f"connection error: {one_line(str(reason))}") from None
    except TimeoutError:
        raise expired from None
    except (ConnectionError, http.client.HTTPException, OSError) as error:
        if deadline.expired:
            raise expired from None
        raise _connection_failure(error) from None
    finally:
        deadline.cancel()
    try:
        data = json.loads(body.decode("utf-8"))
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise _Fatal(f"malformed chat-completion response: {one_line(body[:120].decode('utf-8', 'replace'))!r}") from None
    if not isinstance(content, str):
        raise _Fatal("the response has no message content")
    return content


# -- the API key ---------------------------------------------------------------------------------

def check_api_key(key: str, variable: str) -> None:
    """A key that cannot go into an HTTP header is refused in one line that never shows it
    (http.client would raise with the whole key in the message)."""
    if any(ch in key for ch in "\r\n\0"):
        raise InputError(f"${variable} holds a line break or NUL (a trailing newline from a file?); "
                         "remove it and try again")
    if key != key.strip():
        raise InputError(f"${variable} starts or ends with whitespace; remove it and try again")
    try:
        key.encode("latin-1")
    except UnicodeEncodeError:
        raise InputError(f"${variable} holds a character that cannot go in an HTTP header "
                         "(only Latin-1 is allowed); check that you copied the key correctly") from None
    if any(not ch.isprintable() for ch in key):
        raise InputError(f"${variable} holds a control character; check that you copied the key correctly")


_TOKEN = re.compile(r"[^\s'\"`,;:()\[\]{}<>]+")


def scrub_key(text: str, key: str, fragment: int = 4) -> str:
    """`text` with the key, and any token sharing `fragment` or more characters of it (a server's
    partial echo such as 'sk-TE...cdef'), replaced by ***."""
    if not key:
        return text
    text = text.replace(key, "***")
    pieces = {key[i:i + fragment] for i in range(len(key) - fragment + 1)}
    pieces.discard("")

    def redact(match: re.Match[str]) -> str:
        token = match.group(0)
        if any(token[i:i + fragment] in pieces for i in range(len(token) - fragment + 1)):
            return "***"
        return token

    return _TOKEN.sub(redact, text)


# --------------------------------------------------------------------------- output file


def _scan_output(out: Path) -> tuple[dict[str, dict], list[tuple[Optional[str], bytes]], int, bool]:
    """Read an existing output file: (rows by id with error null, [(failed id or None, line)],
    byte length to keep, whether that kept part ends with a newline).

    A final line that is not JSON is a torn write: it is left out of the kept length. Any other
    line that is not a prediction row is an error.
    """
    try:
        data = out.read_bytes()
    except FileNotFoundError:
        return {}, [], 0, True
    except OSError as error:
        raise InputError(f"cannot read {out}: {error.strerror}") from None
    entries, offset = [], 0
    for number, part in enumerate(data.split(b"\n"), 1):
        if part.strip():
            entries.append((number, offset, part))
        offset += len(part) + 1
    done: dict[str, dict] = {}
    lines: list[tuple[Optional[str], bytes]] = []
    keep = len(data)
    for position, (number, start, part) in enumerate(entries):
        try:
            record = json.loads(part.decode("utf-8"))
            if not isinstance(record, dict) or "id" not in record:
                raise ValueError("not a prediction row")
        except ValueError:
            if position == len(entries) - 1:
                keep = start  # a torn last line
                break
            raise InputError(f"{out}:{number}: not a prediction row; fix or remove that line") from None
        row_id = str(record["id"])
        if record.get("error") is None:
            done.setdefault(row_id, record)
            lines.append((None, part))
        else:
            lines.append((row_id, part))
    return done, lines, keep, keep == 0 or data[:keep].endswith(b"\n")


def _check_same_run(out: Path, done: dict[str, dict], model: str, prompt: str, shots: int) -> None:
    for record in done.values():
        theirs = (record.get("model"), record.get("prompt"), record.get("shots"))
        if theirs != (model, prompt, shots):
            raise InputError(f"{out} holds predictions of model {theirs[0]!r}, prompt {theirs[1]!r}, shots "
                             f"{theirs[2]!r}; write this run (model {model!r}, prompt {prompt!r}, shots {shots}) "
                             "to another --out file")


def _prepare_output(out: Path, model: str, prompt: str, shots: int, retry_ids: set[str]) -> dict[str, dict]:
    """Repair the output file for appending and return the rows already done.

    A torn last line is truncated away. Error rows of ids this run asks again are dropped (the
    file is then rewritten atomically), so each id has at most one row when the run ends.
    """
    done, lines, keep, ends_with_newline = _scan_output(out)
    _check_same_run(out, done, model, prompt, shots)
    if not out.exists():
        return done
    try:
        if any(failed is not None and (failed in retry_ids or failed in done) for failed, _ in lines):
            kept = [line for failed, line in lines if failed is None or not (failed in retry_ids or failed in done)]
            atomic_write_bytes(out, b"".join(line + b"\n" for line in kept))
            return done
        if keep != out.stat().st_size:
            os.truncate(out, keep)
        if not ends_with_newline:
            with open(out, "ab") as handle:
                handle.write(b"\n")
                handle.flush()
                os.fsync(handle.fileno())
    except OSError as error:
        raise InputError(f"cannot repair {out}: {error.strerror}") from None
    return done


# --------------------------------------------------------------------------- the run


MAX_TIMEOUT = 86400.0  # a day: longer is a typo (and inf would overflow the deadline timer)
DEFAULT_MAX_RESPONSE_BYTES = 4 << 20  # a chat reply is a few kB; 4 MiB leaves room for long reasoning


def _validate(prompt: str, shots: int, concurrency: int, timeout: float, max_retries: int,
              limit: Optional[int], model: str, base_url: str, max_response_bytes: int) -> None:
    if prompt not in PROMPT_STYLES:
        raise InputError(f"unknown prompt style {prompt!r} (expected one of: {', '.join(PROMPT_STYLES)})")
    if prompt == "few-shot" and shots < 1:
        raise InputError(f"few-shot needs at least 1 shot, got {shots}")
    if concurrency < 1:
        raise InputError(f"concurrency must be at least 1, got {concurrency}")
    if not (isinstance(timeout, (int, float)) and 0 < timeout <= MAX_TIMEOUT):
        raise InputError(f"timeout must be a number of seconds in (0, {MAX_TIMEOUT:g}], got {timeout}")
    if not isinstance(max_retries, int) or not 0 <= max_retries <= 100:
        raise InputError(f"max_retries must be 0 to 100, got {max_retries}")
    if not isinstance(max_response_bytes, int) or max_response_bytes < 1:
        raise InputError(f"max_response_bytes must be a positive integer, got {max_response_bytes}")
    if limit is not None and limit < 0:
        raise InputError(f"limit must be 0 or more, got {limit}")
    if not model or not model.strip():
        raise InputError("no model given")
    if not re.match(r"https?://[^/\s]+", base_url or ""):
        raise InputError(f"base URL must start with http:// or https://, got {base_url!r}")


def run_predictions(
    dataset: str | os.PathLike[str],
    *,
    model: str,
    base_url: str,
    out: str | os.PathLike[str],
    prompt: str = "zero-shot",
    shots: int = 3,
    concurrency: int = 4,
    timeout: float = 60.0,
    max_retries: int = 5,
    api_key_env: str = "OPENAI_API_KEY",
    limit: Optional[int] = None,
    progress: Optional[Callable[[int, int], None]] = None,
    seed: int = 0,
    backoff_base: float = 1.0,
    backoff_cap: float = 30.0,
    retry_after_cap: float = 60.0,
    abort_after: int = 10,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
) -> RunSummary:
    """Predict the masked words of every dataset row with a chat model and append them to `out`.

    `limit` scores only the first N rows (in file order, after the few-shot pool is set aside).
    Rows already in `out` without an error are skipped; rows with an error are asked again.
    Each request must finish within `timeout` seconds (connect, headers and the whole body) and
    its reply may not exceed `max_response_bytes`; a row gets at most `timeout * (max_retries + 1)`
    seconds in all. A request is retried up to `max_retries` times on HTTP 408/429/5xx, timeouts
    and dropped connections (never on a refused connection, an unknown host, a 4xx or a
    redirect, which fail the row at once), sleeping `Retry-After` (at most `retry_after_cap` s) or an exponential backoff
    `backoff_base * 2**k` (at most `backoff_cap` s) plus jitter. If the first `abort_after` rows
    of a run all fail (0 disables this), the run stops with an ExpressLexError rather than
    writing a failed row for everything. `progress(done, todo)` is called at the start and
    after each written row. The API key is read from the variable `api_key_env` only.
    """
    _validate(prompt, shots, concurrency, timeout, max_retries, limit, model, base_url, max_response_bytes)
    out = check_writable_path(out, "--out file")  # never /dev/zero, /dev/full, a FIFO or a directory
    shots_used = shots if prompt == "few-shot" else 0
    rows = load_dataset(dataset)
    scored, pool = _shot_plan(rows, prompt, shots, seed)
    if limit is not None:
        scored = scored[:limit]
    done = _prepare_output(out, model, prompt, shots_used, {row.id for row in scored})
    todo = [row for row in scored if row.id not in done]
    done_before = len(scored) - len(todo)

    url = base_url.rstrip("/") + "/chat/completions"
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    api_key = os.environ.get(api_key_env, "") if api_key_env else ""
    if api_key:
        check_api_key(api_key, api_key_env)
        headers["Authorization"] = f"Bearer {api_key}"

    def scrub(message: str) -> str:
        return scrub_key(message, api_key)

    row_budget = timeout * (max_retries + 1)  # every attempt's deadline, backoff sleeps included

    stop = threading.Event()

    def ask(row: Row) -> dict[str, Any]:
        examples = _shots_for(row, pool, shots, seed) if prompt == "few-shot" else []
        payload = json.dumps({"model": model, "messages": build_messages(row, prompt, examples),
                              "temperature": 0}).encode("utf-8")
        attempts, output, error = 0, None, None
        give_up_at = time.monotonic() + row_budget
        while True:
            if stop.is_set():
                error = error or "run stopped before this row was answered"
                break
            attempts += 1
            remaining = give_up_at - time.monotonic()
            try:
                output = _post(url, payload, headers, max(0.001, min(timeout, remaining)), max_response_bytes)
                error = None
                break
            except _Fatal as failure:
                error = str(failure)
                break
            except _Retryable as failure:
                error = str(failure)
                if attempts > max_retries:
                    error = f"{error} (gave up after {attempts} attempts)"
                    break
                if failure.retry_after is not None:
                    delay = min(failure.retry_after, retry_after_cap)
                else:
                    step = min(backoff_cap, backoff_base * 2 ** (attempts - 1))
                    delay = min(backoff_cap, step + random.uniform(0, step))
                if time.monotonic() + delay >= give_up_at:
                    error = f"{error} (gave up after {attempts} attempts: the row's {row_budget:g} s are spent)"
                    break
                stop.wait(delay)
        record: dict[str, Any] = {
            "id": row.id,
            "labels": list(row.labels),
            "number_of_labels": row.number_of_labels,
            "output": output,
            "model": model,
            "prompt": prompt,
            "shots": shots_used,
            "attempts": attempts,
            "error": None if error is None else scrub(one_line(error)),
        }
        if prompt == "cot":
            reasoning = None
            if output is not None:
                record["output"], reasoning = split_cot(output)
            record["reasoning"] = reasoning
        return record

    written = failed = 0
    if progress is not None:
        progress(0, len(todo))
    if not todo:
        return RunSummary(len(scored), done_before, 0, 0, len(pool))
    try:
        # Unbuffered: a failed write (a full disk) leaves nothing pending that close would retry and fail on.
        handle = open(out, "ab", buffering=0)
    except OSError as error:
        raise InputError(f"cannot write {out}: {error.strerror}") from None
    executor = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="express-lex-predict")
    pending: set[Future] = set()
    last_error = ""
    try:
        with handle:
            queue = iter(todo)
            # Submit lazily, never more than `concurrency` rows ahead, so stopping is prompt.
            for row in queue:
                pending.add(executor.submit(ask, row))
                if len(pending) >= concurrency:
                    break
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    record = future.result()
                    line = json.dumps(record, ensure_ascii=False)
                    if api_key and api_key in line:  # belt and braces: the key is never written
                        line = line.replace(api_key, "***")
                    try:
                        data = (line + "\n").encode("utf-8", "surrogateescape")
                        while data:
                            data = data[handle.write(data):]
                        os.fsync(handle.fileno())
                    except OSError as error:
                        raise ExpressLexError(f"cannot write {out}: {error.strerror}") from None
                    written += 1
                    if record["error"] is not None:
                        failed += 1
                        last_error = record["error"]
                    if progress is not None:
                        progress(written, len(todo))
                if abort_after and failed == written >= abort_after and not stop.is_set():
                    stop.set()
                    raise ExpressLexError(f"stopped: the first {written} rows all failed "
                                          f"(last error: {last_error}); the other rows were not asked")
                if not stop.is_set():
                    for row in queue:
                        pending.add(executor.submit(ask, row))
                        if len(pending) >= concurrency:
                            break
    except BaseException:
        stop.set()
        for future in pending:
            future.cancel()
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)
    return RunSummary(len(scored), done_before, written, failed, len(pool))
