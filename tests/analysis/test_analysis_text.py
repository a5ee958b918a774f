"""The analyzer's text output (cli/analyzer.py analysis_lines) on real analyses."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.analysis.gitrepo import NOW, GitRepo, git_env

from hms_status.analysis.analyze import analyze_component
from hms_status.cli.analyzer import analysis_lines

MakeRepo = Callable[[str], GitRepo]
SHALLOW_NOTE = "shallow clone: commit count and contributors cover only the fetched history"


def test_empty_repository_says_no_commits_yet(make_repo: MakeRepo) -> None:
    repo = make_repo("empty")
    repo.write("draft.py", "pass\n")
    for full in (False, True):
        lines = analysis_lines(analyze_component("EMPTY", repo.path, full=full, now=NOW).data)
        assert "  git: no commits yet" in lines
        assert not any("last " in line for line in lines if line.startswith("  git:"))


def test_repository_with_commits_shows_count_and_last(rich_repo: GitRepo) -> None:
    lines = analysis_lines(analyze_component("RICH", rich_repo.path, full=False, now=NOW).data)
    head = rich_repo.git("rev-parse", "HEAD")[:10]
    (git_line,) = [line for line in lines if line.startswith("  git:")]
    assert git_line.startswith("  git: 8 commits by 4 contributors; last " + head)
    assert not any("shallow" in line for line in lines)


def test_shallow_clone_is_reported_by_the_quick_analysis(
    rich_repo: GitRepo, tmp_path: Path
) -> None:
    target = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{rich_repo.path}", str(target)],
        env=git_env(rich_repo.home), check=True, capture_output=True,
    )  # fmt: skip
    result = analyze_component("SHALLOW", target, full=False, now=NOW)
    git = result.data["git"]
    assert isinstance(git, dict)
    assert git["shallow"] is True
    (finding,) = [f for f in result.findings if f.type == "shallow_clone"]
    assert finding.severity.value == "low"
    assert "git fetch --unshallow" in finding.remediation
    assert f"  {SHALLOW_NOTE}" in analysis_lines(result.data)


def test_file_as_component_path_says_not_a_directory(tmp_path: Path) -> None:
    target = tmp_path / "component.txt"
    target.write_text("x\n")
    lines = analysis_lines(analyze_component("FILE", target, full=False, now=NOW).data)
    assert lines[1] == "  path exists but is not a directory"
    assert not any("does not exist" in line for line in lines)
    gone = analysis_lines(analyze_component("GONE", tmp_path / "nowhere", full=False, now=NOW).data)
    assert gone[1] == "  directory does not exist"
