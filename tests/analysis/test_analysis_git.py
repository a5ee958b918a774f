"""The analyzer's numbers on a rich real repository, checked against git itself."""

from __future__ import annotations

import json

import pytest
from tests.analysis.gitrepo import NOW, GitRepo

from hms_status.analysis.analyze import analyze_component
from hms_status.analysis.collect import file_set, probe
from hms_status.analysis.model import NO_EXTENSION, SUBMODULE, AnalysisOptions


@pytest.fixture(scope="module")
def full_data(rich_repo: GitRepo) -> dict[str, object]:
    """The --full analysis of the rich repository."""
    return analyze_component("RICH", rich_repo.path, full=True, now=NOW).data


@pytest.fixture(scope="module")
def quick_data(rich_repo: GitRepo) -> dict[str, object]:
    """The quick analysis of the rich repository."""
    return analyze_component("RICH", rich_repo.path, full=False, now=NOW).data


def test_file_set_is_what_git_ls_files_shows(rich_repo: GitRepo) -> None:
    files = file_set(probe(rich_repo.path, AnalysisOptions()))
    assert sorted(files.paths) == rich_repo.ls_files()
    assert "données/résumé.txt" in files.paths
    assert "name with spaces.txt" in files.paths
    assert "notes.txt" in files.paths
    assert not [p for p in files.paths if p.startswith(("node_modules/", ".venv/", ".git/"))]
    assert "debug.log" not in files.paths


def test_submodule_is_one_gitlink_entry(rich_repo: GitRepo, quick_data: dict[str, object]) -> None:
    files = file_set(probe(rich_repo.path, AnalysisOptions()))
    assert files.gitlinks == {"vendor/lib"}
    assert "vendor/lib" in files.tracked
    structure = quick_data["structure"]
    assert isinstance(structure, dict)
    assert structure["submodules"] == ["vendor/lib"]
    assert structure["file_types"][SUBMODULE] == 1


def test_structure_counts(rich_repo: GitRepo, quick_data: dict[str, object]) -> None:
    structure = quick_data["structure"]
    assert isinstance(structure, dict)
    listed = rich_repo.ls_files()
    assert structure["file_count"] == len(listed)
    assert sum(structure["file_types"].values()) == len(listed)
    parents = {p.rsplit("/", 1)[0] for p in listed if "/" in p}
    every_dir = {"/".join(d.split("/")[: i + 1]) for d in parents for i in range(d.count("/") + 1)}
    assert structure["directory_count"] == len(every_dir)
    assert structure["file_types"][".py"] == 3
    assert structure["file_types"][NO_EXTENSION] == 7
    assert structure["top_level_dirs"] == ["assets", "docs", "données", "src", "tests", "vendor"]
    for flag in ("has_readme", "has_tests", "has_docs", "has_package_json", "has_docker"):
        assert structure[flag] is True, flag


def test_commit_count_and_contributors_match_git(
    rich_repo: GitRepo, quick_data: dict[str, object]
) -> None:
    git = quick_data["git"]
    assert isinstance(git, dict)
    assert git["commit_count"] == int(rich_repo.git("rev-list", "--count", "HEAD"))
    shortlog = rich_repo.shortlog()
    assert [(c["name"], c["commits"]) for c in git["contributors"]] == shortlog
    assert ("Bob Builder", 3) in shortlog  # the mailmap merged bobby into Bob


def test_last_and_recent_commits_match_git_log(
    rich_repo: GitRepo, quick_data: dict[str, object]
) -> None:
    git = quick_data["git"]
    assert isinstance(git, dict)
    fields = rich_repo.git("log", "-1", "--date=default", "--format=%H%n%aN%n%ad%n%s").splitlines()
    last = git["last_commit"]
    assert [last["hash"], last["author"], last["date"], last["message"]] == fields
    assert last["date"] == "Sun Mar 10 12:00:00 2024 +0000"
    hashes = rich_repo.git("log", "-10", "--format=%H").split()
    assert [commit["hash"] for commit in git["recent_commits"]] == hashes


def test_full_extras(rich_repo: GitRepo, full_data: dict[str, object]) -> None:
    git = full_data["git"]
    assert isinstance(git, dict)
    assert full_data["analysis_type"] == "full"
    assert git["branch"] == "main"
    assert git["detached"] is False
    assert git["shallow"] is False
    assert git["dirty_files"] == ["notes.txt"]
    assert sorted(git["tags"]) == ["release-candidate", "v1.0.0", "v1.2.0"]
    assert git["latest_tag"] == "v1.2.0"
    first = rich_repo.git("log", "--reverse", "--date=default", "--format=%ad").splitlines()[0]
    assert git["first_commit_date"] == first
    assert (git["commits_last_30_days"], git["commits_last_90_days"]) == (4, 7)
    assert git["active_contributors_90_days"] == 4
    assert git["churn_hotspots"][0] == {"path": "src/pkg/deep/nested/mod.py", "changes": 3}
    assert git["commit_count"] == int(rich_repo.git("rev-list", "--count", "HEAD"))
    assert [(c["name"], c["commits"]) for c in git["contributors"]] == rich_repo.shortlog()


def test_line_statistics_only_when_asked(rich_repo: GitRepo, full_data: dict[str, object]) -> None:
    options = AnalysisOptions(line_stats=True)
    data = analyze_component("RICH", rich_repo.path, full=True, now=NOW, options=options).data
    git = data["git"]
    assert isinstance(git, dict)
    assert git["churn_hotspots"][0] == {
        "path": "src/pkg/deep/nested/mod.py",
        "changes": 3,
        "added": 3,
        "deleted": 2,
    }
    plain = full_data["git"]
    assert isinstance(plain, dict)
    assert "added" not in plain["churn_hotspots"][0]


def test_findings_of_the_rich_repository(quick_data: dict[str, object]) -> None:
    issues = quick_data["issues"]
    assert isinstance(issues, list)
    assert [issue["type"] for issue in issues] == [
        "committed_secret_file",
        "unpinned_dependencies",
        "no_ci_config",
    ]
    assert "flask" in issues[1]["description"]
    assert "left-pad" in issues[1]["description"]


def test_data_has_the_plans_shape_and_is_json(full_data: dict[str, object]) -> None:
    assert json.loads(json.dumps(full_data)) == full_data
    assert {
        "component_id", "timestamp", "analysis_type", "fingerprint", "reused", "structure",
        "git", "dependencies", "issues",
    } <= full_data.keys()  # fmt: skip
    assert str(full_data["timestamp"]).endswith("Z")
    git = full_data["git"]
    assert isinstance(git, dict)
    assert {
        "has_git", "commit_count", "contributors", "last_commit", "recent_commits", "branch",
        "detached", "dirty_files", "tags", "latest_tag", "first_commit_date",
        "commits_last_30_days", "commits_last_90_days", "active_contributors_90_days",
        "churn_hotspots", "shallow",
    } <= git.keys()  # fmt: skip
    dependencies = full_data["dependencies"]
    assert isinstance(dependencies, dict)
    assert dependencies["dependency_count"] == 3
