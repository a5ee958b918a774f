"""Incremental analysis: an unchanged component is reused, any change or --force re-analyzes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from tests.analysis.gitrepo import NOW, GitRepo

from hms_status.analysis.analyze import analyze_component
from hms_status.analysis.model import AnalysisOptions, Thresholds

MakeRepo = Callable[[str], GitRepo]
LATER = NOW + timedelta(hours=1)


@pytest.fixture
def repo(make_repo: MakeRepo) -> GitRepo:
    """A small committed repository with an untracked file and an untracked directory."""
    repo = make_repo("inc")
    repo.commit("first", {"README.md": "# Inc\n", "src/a.py": "A = 1\n"})
    repo.write("scratch.txt", "draft\n")
    repo.write("new/one.txt", "one\n")
    repo.write("new/sub/keep.txt", "keep\n")
    return repo


def test_unchanged_component_is_reused_and_marked(repo: GitRepo) -> None:
    first = analyze_component("INC", repo.path, full=False, now=NOW)
    second = analyze_component("INC", repo.path, full=False, now=LATER, previous=first.data)
    assert (first.reused, second.reused) == (False, True)
    assert second.data["reused"] is True
    assert second.data["reused_from"] == first.data["timestamp"]
    assert second.data["timestamp"] != first.data["timestamp"]
    assert second.fingerprint == first.fingerprint
    assert second.findings == first.findings
    assert second.data["structure"] == first.data["structure"]


def test_force_re_analyzes(repo: GitRepo) -> None:
    first = analyze_component("INC", repo.path, full=False, now=NOW)
    again = analyze_component(
        "INC", repo.path, full=False, now=NOW, previous=first.data, force=True
    )
    assert again.reused is False
    assert again.data["reused"] is False


def test_full_is_not_served_from_a_quick_analysis(repo: GitRepo) -> None:
    quick = analyze_component("INC", repo.path, full=False, now=NOW)
    full = analyze_component("INC", repo.path, full=True, now=NOW, previous=quick.data)
    assert full.reused is False
    assert full.data["analysis_type"] == "full"
    quick_again = analyze_component("INC", repo.path, full=False, now=NOW, previous=full.data)
    assert quick_again.reused is True
    assert quick_again.data["analysis_type"] == "full"


@pytest.mark.parametrize(
    "change",
    [
        "commit", "edit_tracked", "edit_untracked", "new_file", "stage", "delete",
        "edit_dirty_again", "add_in_untracked_dir", "edit_in_untracked_dir",
        "remove_in_untracked_dir",
    ],
)  # fmt: skip
def test_any_change_re_analyzes(repo: GitRepo, change: str) -> None:
    if change == "edit_dirty_again":
        repo.write("src/a.py", "A = 2\n")
    first = analyze_component("INC", repo.path, full=False, now=NOW)
    _apply(repo, change)
    second = analyze_component("INC", repo.path, full=False, now=NOW, previous=first.data)
    assert second.reused is False
    assert second.fingerprint != first.fingerprint


def _apply(repo: GitRepo, change: str) -> None:
    if change == "commit":
        repo.commit("second", {"src/b.py": "B = 1\n"})
    elif change == "edit_tracked":
        repo.write("src/a.py", "A = 22\n")
    elif change == "edit_untracked":
        repo.write("scratch.txt", "draft, longer now\n")
    elif change == "new_file":
        repo.write("src/c.py", "C = 1\n")
    elif change == "stage":
        repo.write("src/a.py", "A = 3\n")
        repo.git("add", "src/a.py")
    elif change == "delete":
        (repo.path / "src/a.py").unlink()
    elif change == "add_in_untracked_dir":
        repo.write("new/sub/two.txt", "two\n")
    elif change == "edit_in_untracked_dir":
        repo.write("new/one.txt", "one, and longer now\n")
    elif change == "remove_in_untracked_dir":
        (repo.path / "new/sub/keep.txt").unlink()
    else:
        repo.write("src/a.py", "A = 2 and more\n")


def test_changed_options_re_analyze(repo: GitRepo) -> None:
    first = analyze_component("INC", repo.path, full=False, now=NOW)
    stricter = AnalysisOptions(thresholds=Thresholds(large_file_bytes=1))
    second = analyze_component(
        "INC", repo.path, full=False, now=NOW, previous=first.data, options=stricter
    )
    assert second.reused is False
    assert "large_files" in [finding.type for finding in second.findings]


def test_staleness_is_re_judged_on_reuse(repo: GitRepo) -> None:
    first = analyze_component("INC", repo.path, full=False, now=NOW)
    assert "stale" not in [finding.type for finding in first.findings]
    much_later = NOW + timedelta(days=400)
    reused = analyze_component("INC", repo.path, full=False, now=much_later, previous=first.data)
    assert reused.reused is True
    assert [finding.type for finding in reused.findings][-1] == "stale"
    assert reused.data["issues"] == [finding.to_json() for finding in reused.findings]


def test_malformed_previous_is_ignored(repo: GitRepo) -> None:
    first = analyze_component("INC", repo.path, full=False, now=NOW)
    broken = {**first.data, "issues": [{"type": "x", "severity": "enormous"}]}
    again = analyze_component("INC", repo.path, full=False, now=NOW, previous=broken)
    assert again.reused is False


def test_plain_directory_reuse(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain/a.txt").write_text("a\n")
    first = analyze_component("PLAIN", tmp_path / "plain", full=False, now=NOW)
    second = analyze_component(
        "PLAIN", tmp_path / "plain", full=False, now=NOW, previous=first.data
    )
    assert second.reused is True
    (tmp_path / "plain/b.txt").write_text("b\n")
    third = analyze_component("PLAIN", tmp_path / "plain", full=False, now=NOW, previous=first.data)
    assert third.reused is False


def test_generated_docs_never_make_a_component_look_changed(tmp_path: Path) -> None:
    """HMS-docs/ is this tool's own output: it is neither counted nor a reason to re-analyze."""
    import subprocess

    repo = tmp_path / "c"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    (repo / "main.py").write_text("print(1)\n")
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "one"], cwd=repo, check=True)
    now = NOW
    first = analyze_component("C", repo, full=False, now=now)
    (repo / "HMS-docs" / "badges").mkdir(parents=True)
    (repo / "HMS-docs" / "STATUS.md").write_text("# status\n")
    (repo / "HMS-docs" / "badges" / "status.svg").write_text("<svg/>")
    again = analyze_component("C", repo, full=False, now=now, previous=first.data)
    assert again.reused
    forced = analyze_component("C", repo, full=False, now=now, force=True)
    assert forced.data["structure"]["file_count"] == 1


def test_reuse_keeps_pointing_at_the_fresh_analysis(tmp_path: Path) -> None:
    """A chain of reuses names the analysis that was actually made, not the last reuse."""
    import subprocess

    repo = tmp_path / "c"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    (repo / "a.py").write_text("x = 1\n")
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "a"], cwd=repo, check=True)
    fresh = analyze_component("C", repo, full=False, now=NOW)
    once = analyze_component(
        "C", repo, full=False, now=NOW + timedelta(hours=1), previous=fresh.data
    )
    twice = analyze_component(
        "C", repo, full=False, now=NOW + timedelta(hours=2), previous=once.data
    )
    assert once.reused and twice.reused
    assert once.data["reused_from"] == twice.data["reused_from"] == fresh.data["timestamp"]
