"""A fixture that runs a test once with libyaml and once with PyYAML's pure-Python parser, so
what graphx accepts is checked not to depend on which one a machine has."""

from __future__ import annotations

import pytest
import yaml

from graphx import safe_yaml


def _use(loader: str, monkeypatch) -> str:
    if loader == "pure":
        monkeypatch.setattr(safe_yaml, "FastLoader", safe_yaml.PureLoader)
    elif not getattr(yaml, "__with_libyaml__", False):  # pragma: no cover
        pytest.skip("PyYAML has no libyaml here")
    return loader


@pytest.fixture(params=["libyaml", "pure"])
def yaml_loader(request, monkeypatch) -> str:
    """"libyaml" (skipped when PyYAML was built without it) or "pure": every parse in the
    test then reads YAML that way."""
    return _use(request.param, monkeypatch)

