"""Repositories that must not crash the analyzer: empty, shallow, detached, nested, broken, none."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.analysis.gitrepo import NOW, GitRepo, git_env

from hms_status.analysis.analyze import AnalysisResult, analyze_component
from hms_status.analysis.collect import file_set, probe
from hms_status.analysis.model import AnalysisOptions
from hms_status.errors import HmsError
from hms_status.gateways.git import GitError

MakeRepo = Callable[[str], GitRepo]


def issue_types(result: AnalysisResult) -> list[str]:
    """The types of the result's issues, in order."""
    return [finding.type for finding in result.findings]


def clone(source: GitRepo, target: Path, *extra: str) -> GitRepo:
    """git clone source into target (file:// so that --depth works)."""
    subprocess.run(
        ["git", "clone", "-q", *extra, f"file://{source.path}", str(target)],
        env=git_env(source.home), check=True, capture_output=True,
    )  # fmt: skip
    return GitRepo(target, source.home)


@pytest.mark.parametrize("full", [False, True])
def test_empty_repository(make_repo: MakeRepo, full: bool) -> None:
    repo = make_repo("empty")
    repo.write("draft.py", "pass\n")
    result = analyze_component("EMPTY", repo.path, full=full, now=NOW)
    git = result.data["git"]
    assert isinstance(git, dict)
    assert (git["has_git"], git["commit_count"], git["last_commit"]) == (True, 0, None)
    assert git["recent_commits"] == []
    assert git["contributors"] == []
    assert "no_commits" in issue_types(result)
    structure = result.data["structure"]
    assert isinstance(structure, dict)
    assert structure["file_count"] == len(repo.ls_files()) == 1
    if full:
        assert (git["branch"], git["first_commit_date"], git["tags"]) == ("main", None, [])
        assert git["dirty_files"] == ["draft.py"]


def test_shallow_clone(rich_repo: GitRepo, tmp_path: Path) -> None:
    shallow = clone(rich_repo, tmp_path / "shallow", "--depth", "1")
    data = analyze_component("SHALLOW", shallow.path, full=True, now=NOW).data
    git = data["git"]
    assert isinstance(git, dict)
    assert git["shallow"] is True
    assert "shallow_clone" in [issue["type"] for issue in data["issues"]]
    assert git["commit_count"] == int(shallow.git("rev-list", "--count", "HEAD")) == 1
    assert [(c["name"], c["commits"]) for c in git["contributors"]] == shallow.shortlog()
    structure = data["structure"]
    assert isinstance(structure, dict)
    assert structure["file_count"] == len(shallow.ls_files())


def test_detached_head(rich_repo: GitRepo, tmp_path: Path) -> None:
    detached = clone(rich_repo, tmp_path / "detached")
    detached.git("checkout", "-q", "--detach", "HEAD~2")
    data = analyze_component("DETACHED", detached.path, full=True, now=NOW).data
    git = data["git"]
    assert isinstance(git, dict)
    assert (git["detached"], git["branch"]) == (True, None)
    assert git["commit_count"] == int(detached.git("rev-list", "--count", "HEAD")) == 6
    assert git["last_commit"]["hash"] == detached.git("rev-parse", "HEAD").strip()


def test_component_in_a_subdirectory_of_a_repository(rich_repo: GitRepo) -> None:
    sub = rich_repo.path / "src"
    data = analyze_component("SRC", sub, full=True, now=NOW).data
    structure, git = data["structure"], data["git"]
    assert isinstance(structure, dict)
    assert isinstance(git, dict)
    assert structure["file_count"] == len(rich_repo.ls_files(cwd=sub)) == 2
    expected = subprocess.run(
        ["git", "rev-list", "--count", "HEAD", "--", "."],
        cwd=sub, env=git_env(rich_repo.home), capture_output=True, check=True, text=True,
    ).stdout.strip()  # fmt: skip
    assert git["commit_count"] == int(expected) == 4
    assert git["churn_hotspots"][0]["path"] == "pkg/deep/nested/mod.py"
    assert git["dirty_files"] == []


def test_directory_ignored_by_its_repository_is_walked(make_repo: MakeRepo) -> None:
    repo = make_repo("root")
    repo.commit("first", {".gitignore": "components/\n", "a.txt": "a\n"})
    repo.write("components/api/README.md", "# API\n")
    repo.write("components/api/.gitignore", "*.tmp\n")
    repo.write("components/api/x.tmp")
    result = analyze_component("API", repo.path / "components/api", full=False, now=NOW)
    structure = result.data["structure"]
    assert isinstance(structure, dict)
    assert structure["top_level_files"] == [".gitignore", "README.md"]
    assert result.fingerprint.startswith("walk:")


def test_untracked_nested_repository_is_one_entry(make_repo: MakeRepo) -> None:
    repo = make_repo("outer")
    repo.commit("first", {"a.txt": "a\n"})
    inner = GitRepo.create(repo.path / "inner", repo.home)
    inner.write("x.py", "pass\n")
    files = file_set(probe(repo.path, AnalysisOptions()))
    assert sorted(files.paths) == repo.ls_files() == ["a.txt", "inner"]
    assert files.gitlinks == {"inner"}


def test_plain_directory_uses_gitignore_rules(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    for relative in (
        "README.md", "src/app.py", "node_modules/pkg/index.js", "build/out.o", "logs/a.log",
        "logs/keep.log", ".git/config", "deep/.gitignore", "deep/secret.txt", "deep/ok.txt",
    ):  # fmt: skip
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("x\n")
    (root / ".gitignore").write_text("node_modules/\nbuild\n*.log\n!keep.log\n")
    (root / "deep/.gitignore").write_text("secret.txt\n")
    result = analyze_component("PLAIN", root, full=True, now=NOW)
    files = file_set(probe(root, AnalysisOptions()))
    assert sorted(files.paths) == [
        ".gitignore", "README.md", "deep/.gitignore", "deep/ok.txt", "logs/keep.log", "src/app.py",
    ]  # fmt: skip
    git = result.data["git"]
    assert isinstance(git, dict)
    assert git["has_git"] is False
    assert "not_a_git_repository" in issue_types(result)
    assert result.fingerprint.startswith("walk:")


@pytest.mark.parametrize("what", ["nothing", "a file"])
def test_missing_directory_is_a_finding_not_an_error(tmp_path: Path, what: str) -> None:
    path = tmp_path / "nowhere" if what == "nothing" else _a_file(tmp_path)
    result = analyze_component("GONE", path, full=True, now=NOW)
    structure = result.data["structure"]
    assert isinstance(structure, dict)
    assert structure["exists"] is False
    assert issue_types(result) == ["missing_path" if what == "nothing" else "path_not_a_directory"]
    assert result.data["git"] == {
        "has_git": False, "commit_count": 0, "contributors": [], "last_commit": None,
        "recent_commits": [], "shallow": False,
    }  # fmt: skip


def _a_file(tmp_path: Path) -> Path:
    target = tmp_path / "file.txt"
    target.write_text("not a directory\n")
    return target


def test_without_git_installed_the_walk_is_used(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repo = make_repo("nogit")
    repo.commit("first", {"a.txt": "a\n", ".gitignore": "*.tmp\n"})
    repo.write("b.tmp")
    (tmp_path / "empty-bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    result = analyze_component("NOGIT", repo.path, full=False, now=NOW)
    structure = result.data["structure"]
    assert isinstance(structure, dict)
    assert structure["file_count"] == 2
    assert "not_a_git_repository" in issue_types(result)


@pytest.mark.parametrize("damage", ["objects", "index"])
def test_broken_repository_raises_a_git_error(make_repo: MakeRepo, damage: str) -> None:
    repo = make_repo(f"broken-{damage}")
    repo.commit("first", {"a.txt": "a\n"})
    git_dir = repo.path / ".git"
    if damage == "objects":
        shutil.rmtree(git_dir / "objects")
        (git_dir / "objects").mkdir()
    else:
        (git_dir / "index").write_bytes(b"garbage")
    for full in (False, True):
        with pytest.raises(GitError, match="git status failed") as caught:
            analyze_component("BROKEN", repo.path, full=full, now=NOW)
        assert isinstance(caught.value, HmsError)
        assert caught.value.hint


def test_head_pointing_nowhere_reads_as_no_commits(make_repo: MakeRepo) -> None:
    repo = make_repo("unborn")
    repo.commit("first", {"a.txt": "a\n"})
    (repo.path / ".git/HEAD").write_text("ref: refs/heads/nowhere\n")
    result = analyze_component("UNBORN", repo.path, full=True, now=NOW)
    assert "no_commits" in issue_types(result)
