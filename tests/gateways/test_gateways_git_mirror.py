"""Mirrors for workers: clone --mirror once, fetch before each job, an exact checkout."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hms_status.gateways.git import GitError
from hms_status.gateways.git_mirror import check_out, sync_mirror


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def _commit(repo: Path, name: str, text: str) -> str:
    (repo / name).write_text(text)
    _git(repo, "add", name)
    _git(repo, "commit", "-qm", f"change {name}")
    return _git(repo, "rev-parse", "HEAD")


def test_a_mirror_follows_its_remote_and_the_checkout_is_exact(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    origin.mkdir()
    _git(origin, "init", "-q", "-b", "main")
    first = _commit(origin, "README.md", "one\n")
    mirror, tree = tmp_path / "cache" / "mirrors" / "C.git", tmp_path / "cache" / "trees" / "C"
    sync_mirror(str(origin), mirror)
    assert check_out(mirror, tree) == first
    assert (tree / "README.md").read_text() == "one\n"
    (tree / "stray.txt").write_text("left by a job")
    second = _commit(origin, "README.md", "two\n")
    sync_mirror(str(origin), mirror)
    assert check_out(mirror, tree) == second
    assert (tree / "README.md").read_text() == "two\n"
    assert not (tree / "stray.txt").exists()
    assert _git(tree, "rev-list", "--count", "HEAD") == "2"


def test_an_unreachable_remote_is_a_git_error_and_leaves_no_mirror(tmp_path: Path) -> None:
    mirror = tmp_path / "mirrors" / "X.git"
    with pytest.raises(GitError, match="git clone failed"):
        sync_mirror(str(tmp_path / "nothing.git"), mirror)
    assert not mirror.exists()
