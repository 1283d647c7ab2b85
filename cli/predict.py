"""`express-lex predict`: ask an OpenAI-compatible chat model to fill the masks of an EXPRESS
dataset, one JSONL row per dataset row (express_lex.evaluation.run_predictions does the work).

Register it with `app.command()(predict)`. Exit codes follow the app: 0 success, 1 a run
error or rows that still failed after their retries (rerun to retry them), 2 bad input.
"""

from __future__ import annotations

import io
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from express_lex.cli.common import EXIT_FAILURE, exit_codes, fail


class PromptStyle(str, Enum):
    zero_shot = "zero-shot"
    few_shot = "few-shot"
    cot = "cot"


class _Progress:
    """A progress bar on stderr, opened once the number of rows to ask is known."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._shown = 0

    def __call__(self, done: int, todo: int) -> None:
        if self._bar is None:
            if not todo:
                return
            # Only on a terminal: redirected, the bar's label would be a stray line among the errors.
            stream = sys.stderr if sys.stderr is not None and sys.stderr.isatty() else io.StringIO()
            self._bar = typer.progressbar(length=todo, label="predict", file=stream, show_pos=True)
            self._bar.__enter__()
        self._bar.update(done - self._shown)
        self._shown = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def predict(
    dataset: Annotated[Path, typer.Argument(help="EXPRESS dataset: .csv (the authors' columns), .jsonl, or .parquet (needs pyarrow).", show_default=False)],
    model: Annotated[str, typer.Option("--model", "-m", help="Model name the server knows.", show_default=False)],
    base_url: Annotated[str, typer.Option("--base-url", envvar="OPENAI_BASE_URL", help="OpenAI-compatible API root; POSTs go to BASE_URL/chat/completions. The key comes from $OPENAI_API_KEY, if set.")] = "http://127.0.0.1:8000/v1",
    prompt: Annotated[PromptStyle, typer.Option("--prompt", help="Prompt style.")] = PromptStyle.zero_shot,
    shots: Annotated[int, typer.Option("--shots", help="Solved examples per few-shot prompt (held out, never scored).", metavar="K")] = 3,
    out: Annotated[Path, typer.Option("--out", "-o", help="JSONL file to append to; rows already in it are skipped, failed ones retried.", metavar="FILE")] = Path("predictions.jsonl"),
    concurrency: Annotated[int, typer.Option("--concurrency", help="Requests in flight at once.", min=1)] = 4,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds one request may take, reply included, before it is retried.", min=0.001)] = 60.0,
    limit: Annotated[Optional[int], typer.Option("--limit", help="Score only the first N rows.", min=0, show_default=False)] = None,
    max_retries: Annotated[int, typer.Option("--max-retries", help="Retries per row after a timeout, a dropped connection, HTTP 408, 429 or 5xx; a row gets at most --timeout x (retries + 1) seconds.", min=0, max=100)] = 5,
    max_response_bytes: Annotated[int, typer.Option("--max-response-bytes", help="Largest reply accepted, in bytes; a bigger one fails its row.", min=1)] = 4 << 20,
) -> None:
    """Ask a chat model (vLLM, Ollama, llama.cpp server, OpenAI) to fill the masks of an EXPRESS dataset; resumable JSONL output."""
    bar = _Progress()
    try:
        from express_lex.evaluation import run_predictions  # urllib and threads only when predicting

        with exit_codes():
            summary = run_predictions(dataset, model=model, base_url=base_url, out=out, prompt=prompt.value,
                                      shots=shots, concurrency=concurrency, timeout=timeout, limit=limit,
                                      max_retries=max_retries, max_response_bytes=max_response_bytes,
                                      progress=bar)
    finally:
        bar.close()
    held = f", {summary.held_out} held out as examples" if summary.held_out else ""
    typer.echo(f"{summary.total} rows: {summary.done_before} already done, {summary.written} written "
               f"({summary.failed} failed){held} -> {out}")
    if summary.failed:
        raise fail(f"{summary.failed} row(s) failed; run again to retry them", EXIT_FAILURE)
