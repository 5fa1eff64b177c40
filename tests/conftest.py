"""Shared fixtures: where the real corpora are, and when tests that need them may skip."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def _required(var: str) -> bool:
    return os.environ.get(var, "") not in ("", "0")


def require_or_skip(available: bool, var: str, what: str) -> None:
    """Skip when ``what`` is missing, unless ``var`` is set (then it is a failure: CI sets it)."""
    if available:
        return
    if _required(var):
        pytest.fail(f"{what} is missing but {var} is set")
    pytest.skip(f"{what} is missing (set {var}=1 to make this a failure)")


@pytest.fixture(scope="session")
def corpora() -> Path:
    """../shared/corpora; mandatory when GRAPHX_REQUIRE_CORPORA=1."""
    require_or_skip((CORPORA / "covid").is_dir(), "GRAPHX_REQUIRE_CORPORA", str(CORPORA))
    return CORPORA


@pytest.fixture(scope="session")
def covid_corpus(corpora):
    """The covid corpus built once per test session (load + graph + analysis)."""
    from graphx.pipeline import build_corpus

    return build_corpus([str(corpora / "covid")])


@pytest.fixture(autouse=True, scope="session")
def _private_parse_cache(tmp_path_factory):
    """Tests never read or write the user's parse cache."""
    os.environ["GRAPHX_CACHE"] = str(tmp_path_factory.mktemp("cache") / "parse-cache.sqlite")


@pytest.fixture
def runner():
    """A click CliRunner (stdout and stderr kept apart)."""
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture(params=["libyaml", "pure"])
def yaml_loader(request, monkeypatch) -> str:
    """"libyaml" (skipped when PyYAML was built without it) or "pure": every parse in the
    test reads YAML that way, so what graphx accepts is checked not to depend on which one a
    machine has."""
    import yaml

    from graphx import safe_yaml

    if request.param == "pure":
        monkeypatch.setattr(safe_yaml, "FastLoader", safe_yaml.PureLoader)
    elif not getattr(yaml, "__with_libyaml__", False):  # pragma: no cover
        pytest.skip("PyYAML has no libyaml here")
    return request.param


@pytest.fixture(autouse=True)
def _cache_warnings_afresh(monkeypatch):
    """Each test starts as a new process does for the parse cache's warnings, which are
    given once per process (graphx.cache.cache_warning)."""
    from graphx import cache

    monkeypatch.setattr(cache, "_WARNED", set())
