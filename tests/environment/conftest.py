"""Fixtures for the Environment Monitor tests: quiet npm, and a component directory."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _quiet_npm(monkeypatch: pytest.MonkeyPatch) -> None:
    """npm run by repairs never reaches for the network for notices, audits or funding."""
    for name in ("npm_config_update_notifier", "npm_config_audit", "npm_config_fund"):
        monkeypatch.setenv(name, "false")
    monkeypatch.setenv("npm_config_offline", "true")


@pytest.fixture
def component(tmp_path: Path) -> Path:
    """An empty component directory."""
    path = tmp_path / "HMS-API"
    path.mkdir()
    return path
