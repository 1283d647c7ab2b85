"""Test-session isolation and the hypothesis settings profile.

`pytest_configure` runs before any test module is collected, so nothing express-lex loads
(at collection or later) can see the user's home, overlay, theories or caches.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

_ISOLATED = ("EXPRESS_LEX_THEORIES", "EXPRESS_LEX_WORDNET", "NLTK_DATA", "XDG_CACHE_HOME", "XDG_DATA_HOME")
_session_root: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _session_root
    from hypothesis import HealthCheck, settings

    settings.register_profile("default", max_examples=150, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True, print_blob=True)
    settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "default"))

    _session_root = tempfile.mkdtemp(prefix="express-lex-tests-")
    for name in _ISOLATED:
        os.environ.pop(name, None)
    for variable, folder in (("HOME", "home"), ("EXPRESS_LEX_HOME", "data"), ("EXPRESS_LEX_CACHE_DIR", "cache")):
        path = os.path.join(_session_root, folder)
        os.makedirs(path, mode=0o700)
        os.environ[variable] = path


def pytest_unconfigure(config: pytest.Config) -> None:
    if _session_root:
        shutil.rmtree(_session_root, ignore_errors=True)


@pytest.fixture(scope="session")
def lexicon():
    import express_lex

    return express_lex.default_lexicon()


@pytest.fixture(scope="session")
def theory(lexicon):
    return lexicon.theory


@pytest.fixture(scope="session")
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture(scope="session")
def write_results():
    """benchmarks/bench_evaluate.py's generator: write_results(path, rows, seed=...) writes a seeded,
    predict-style results file, so tests and the benchmark score the same kind of data."""
    benchmarks = str(Path(__file__).resolve().parents[1] / "benchmarks")
    sys.path.insert(0, benchmarks)
    try:
        from bench_evaluate import generate
    finally:
        sys.path.remove(benchmarks)
    return generate
