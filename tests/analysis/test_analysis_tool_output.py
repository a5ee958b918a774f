"""The analyzer never counts what tools made: an unignored venv, node_modules, --fix backups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from tests.analysis.gitrepo import NOW, GitRepo

from hms_status.analysis.analyze import analyze_component
from hms_status.analysis.collect import file_set, probe
from hms_status.analysis.model import AnalysisOptions
from hms_status.analysis.structure import walk_files
from hms_status.analysis.tool_output import environment_roots, left_out

MakeRepo = Callable[[str], GitRepo]
SOURCE = {"README.md": "# App\n", "src/app.py": "A = 1\n", ".gitignore": "*.log\n"}


def _venv(root: Path, name: str = ".venv") -> None:
    """What `python -m venv` leaves: pyvenv.cfg and a tree of files (none of them ignored)."""
    (root / name / "bin").mkdir(parents=True)
    (root / name / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (root / name / "bin" / "python").write_text("#!/bin/sh\n")
    (root / name / "lib" / "site-packages" / "pkg").mkdir(parents=True)
    (root / name / "lib" / "site-packages" / "pkg" / "__init__.py").write_text("")


def _paths(path: Path) -> list[str]:
    return sorted(file_set(probe(path, AnalysisOptions())).paths)


@pytest.fixture
def repo(make_repo: MakeRepo) -> GitRepo:
    repo = make_repo("app")
    repo.commit("first", SOURCE)
    return repo


def test_an_unignored_venv_node_modules_and_backups_are_not_counted(repo: GitRepo) -> None:
    _venv(repo.path)
    _venv(repo.path / "tools", "env")  # a venv with another name, deeper
    repo.write("node_modules/left-pad/index.js", "module.exports = 1\n")
    repo.write("web/node_modules/x/package.json", "{}\n")
    repo.write(".env.hms-backup-20240501T120000Z", "A=1\n")
    repo.write("notes.txt", "mine\n")
    assert _paths(repo.path) == [".gitignore", "README.md", "notes.txt", "src/app.py"]
    data = analyze_component("APP", repo.path, full=True, now=NOW).data
    assert data["structure"]["file_count"] == 4  # type: ignore[index]
    assert data["git"]["dirty_files"] == ["notes.txt"]  # type: ignore[index]


def test_installing_into_an_unignored_venv_does_not_change_the_fingerprint(
    repo: GitRepo,
) -> None:
    _venv(repo.path)
    first = analyze_component("APP", repo.path, full=False, now=NOW)
    (repo.path / ".venv" / "lib" / "site-packages" / "new.py").write_text("x = 1\n")
    (repo.path / ".venv" / "pyvenv.cfg").write_text("home = /usr/local/bin\n")
    again = analyze_component(
        "APP", repo.path, full=False, now=NOW + timedelta(hours=1), previous=first.data
    )
    assert again.reused and again.fingerprint == first.fingerprint


def test_tracked_files_count_whatever_their_directory(repo: GitRepo) -> None:
    """A committed venv or node_modules is the repository's own content: it counts."""
    repo.commit("vendor", {"node_modules/dep/index.js": "1\n", "env/pyvenv.cfg": "home = x\n"})
    repo.write("env/bin/python", "#!/bin/sh\n")  # untracked, in a venv that is tracked
    assert "node_modules/dep/index.js" in _paths(repo.path)
    assert "env/pyvenv.cfg" in _paths(repo.path)
    assert "env/bin/python" in _paths(repo.path)  # pyvenv.cfg tracked: not tool output


def test_the_walk_outside_git_skips_tool_output(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    (root / "src").mkdir(parents=True)
    (root / "src" / "app.py").write_text("A = 1\n")
    _venv(root)
    (root / "node_modules" / "x").mkdir(parents=True)
    (root / "node_modules" / "x" / "index.js").write_text("1\n")
    (root / ".env.hms-backup-20240501T120000Z").write_text("A=1\n")
    assert [item.path for item in walk_files(root)] == ["src/app.py"]


def test_the_rules_are_pure() -> None:
    untracked = ["a/pyvenv.cfg", "a/bin/python", "ab/x.py", "pyvenv.cfg", "b/node_modules/y.js"]
    assert environment_roots(untracked) == ("a/",)
    assert left_out(untracked, tracked=()) == {
        "a/pyvenv.cfg", "a/bin/python", "b/node_modules/y.js",
    }  # fmt: skip
    assert left_out(["a/pyvenv.cfg", "a/bin/python"], tracked={"a/pyvenv.cfg"}) == frozenset()
