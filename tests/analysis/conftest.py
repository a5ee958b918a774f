"""Fixtures for the analyzer's tests: the rich repository and a factory for fresh ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.analysis.gitrepo import GitRepo, build_rich


@pytest.fixture(scope="session")
def rich_repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """The rich repository, built once per test session and only read by tests."""
    base = tmp_path_factory.mktemp("rich")
    return build_rich(base / "rich", base / "home")


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[str], GitRepo]:
    """A factory for fresh empty repositories under tmp_path."""

    def make(name: str) -> GitRepo:
        return GitRepo.create(tmp_path / name, tmp_path / "home")

    return make
