"""The git door's ignore, local-exclude and grep commands, on real repositories."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hms_status.gateways import git


def _repo(path: Path) -> Path:
    path.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=path, check=True)
    return path


def _commit_all(path: Path) -> None:
    subprocess.run(["git", "add", "-A"], cwd=path, check=True)
    env = ("-c", "user.name=t", "-c", "user.email=t@e")
    subprocess.run(["git", *env, "commit", "-qm", "x"], cwd=path, check=True)


def _status(path: Path) -> str:
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=path, capture_output=True, check=True, text=True,
    )  # fmt: skip
    return done.stdout


def test_ignored_names_what_the_rules_match_existing_or_not(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "r")
    (repo / ".gitignore").write_text(".venv/\n*.log\n")
    assert git.ignored(repo, [".venv/", ".env", "x.log", "node_modules/"]) == {".venv/", "x.log"}
    assert git.ignored(repo, []) == frozenset()


def test_exclude_locally_hides_paths_without_touching_tracked_files(tmp_path: Path) -> None:
    top = _repo(tmp_path / "r")
    component = top / "services" / "api"
    component.mkdir(parents=True)
    (component / "main.py").write_text("x = 1\n")
    _commit_all(top)
    (component / ".env").write_text("A=1\n")
    (component / ".venv").mkdir()
    (component / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    info = git.repo_info(component)
    assert info is not None

    added = git.exclude_locally(component, info, [".env", ".venv/"])

    assert added == ("/services/api/.env", "/services/api/.venv/")
    assert _status(top) == ""
    assert git.exclude_locally(component, info, [".env"]) == ()  # already there: not repeated
    lines = (top / ".git" / "info" / "exclude").read_text().splitlines()
    assert lines.count("/services/api/.env") == 1


def test_exclude_locally_keeps_what_the_file_held(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "r")
    exclude = repo / ".git" / "info" / "exclude"
    exclude.write_text("# mine\n*.tmp")  # no final newline
    info = git.repo_info(repo)
    assert info is not None
    git.exclude_locally(repo, info, [".env"])
    assert exclude.read_text() == "# mine\n*.tmp\n/.env\n"


def test_grep_tracked_finds_lines_of_tracked_text_files_only(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "r")
    (repo / "sub").mkdir()
    (repo / "sub" / "a.py").write_text("one\nkey = AKIA0123456789ABCDEF\n")
    (repo / "blob.bin").write_bytes(b"\0AKIA0123456789ABCDEF")
    _commit_all(repo)
    (repo / "untracked.py").write_text("AKIA0123456789ABCDEF\n")
    (repo / "HMS-docs").mkdir()

    hits = git.grep_tracked(repo, [r"(?:AKIA)[0-9A-Z]{16}", "never-there"])

    assert hits == (git.GrepHit("sub/a.py", 2),)
    assert git.grep_tracked(repo / "sub", [r"AKIA[0-9A-Z]{16}"]) == (git.GrepHit("a.py", 2),)
    assert git.grep_tracked(repo, ["never-there"]) == ()
    assert git.grep_tracked(repo, [r"AKIA"], exclude=("sub",)) == ()


def test_grep_tracked_reports_a_bad_pattern(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "r")
    (repo / "a.txt").write_text("x\n")
    _commit_all(repo)
    with pytest.raises(git.GitError):
        git.grep_tracked(repo, ["(unclosed"])
