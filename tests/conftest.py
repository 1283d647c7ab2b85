"""Shared fixtures and the hypothesis settings profile."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    """Compile into a per-session cache and user-data home, so nothing of the user's leaks in."""
    os.environ["EXPRESS_LEX_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["EXPRESS_LEX_HOME"] = str(tmp_path_factory.mktemp("home"))  # no user overlay or imports
    os.environ.pop("EXPRESS_LEX_THEORIES", None)
    yield


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
