"""The parts' reports read in the shapes their writers really produce (to_json, a real analysis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.analysis.gitrepo import NOW, GitRepo

from hms_status.analysis.analyze import analyze_component
from hms_status.clock import iso
from hms_status.docsync.context import newest
from hms_status.docsync.model import FindingView
from hms_status.docsync.reports import (
    analysis_changed_at,
    analysis_fresh_at,
    analysis_view,
    environment_view,
)
from hms_status.environment.model import (
    CheckOutcome,
    CheckResult,
    EnvironmentReport,
    Family,
    Finding,
)


def _environment_report() -> EnvironmentReport:
    missing = Finding(
        "missing_dependency",
        CheckOutcome.FAILURE,
        "3 Python requirement(s) not installed: orjson, redis, tenacity",
        "Run the check with --fix",
    )
    return EnvironmentReport(
        "HMS-API",
        datetime(2024, 5, 1, tzinfo=UTC),
        (
            CheckResult(
                "python-deps",
                "Python dependencies",
                Family.DEPENDENCIES,
                CheckOutcome.FAILURE,
                details=("interpreter: /usr/bin/python3", "2 up to date, 3 missing, 0 outdated"),
                remediation="Run the check with --fix",
                findings=(missing,),
            ),
            CheckResult(
                "config-files",
                "Configuration files",
                Family.CONFIGURATION,
                CheckOutcome.OK,
                details=("pyproject.toml: parses",),
            ),
        ),
    )


def test_environment_check_details_are_the_detail_lines_joined() -> None:
    view = environment_view(_environment_report().to_json())
    assert view is not None
    assert [c.details for c in view.checks] == [
        "interpreter: /usr/bin/python3; 2 up to date, 3 missing, 0 outdated",
        "pyproject.toml: parses",
    ]
    assert view.passed_checks == 1 and view.status == "error"


def test_environment_issues_keep_their_severity_and_remediation() -> None:
    view = environment_view(_environment_report().to_json())
    assert view is not None
    assert view.issues == (
        FindingView(
            "high",
            "missing_dependency",
            "3 Python requirement(s) not installed: orjson, redis, tenacity",
            "Run the check with --fix",
        ),
    )


def _analyzed_repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo", tmp_path / "home")
    repo.commit(
        "first",
        {
            "README.md": "# R\n",
            "src/app.py": "A = 1\n",
            "Dockerfile": "FROM python\n",
            ".env.example": "A=1\n",
            "poetry.lock": "# lock\n",
            "notes.txt": "n\n",
        },
    )
    return repo


def test_a_real_analysis_shows_languages_only_and_the_commit_time(tmp_path: Path) -> None:
    repo = _analyzed_repo(tmp_path)
    data = analyze_component("R", repo.path, full=False, now=NOW).data
    assert {"(none)", ".example", ".lock", ".txt"} <= set(data["structure"]["file_types"])
    view = analysis_view(data)
    assert view is not None
    assert view.languages == (("Markdown", 1), ("Python", 1))
    assert view.file_count == 6
    assert " · 2024-01-02 12:00 UTC · Alice Able · first" in view.last_commit


def test_fresh_time_of_a_real_analysis_and_of_a_reused_one(tmp_path: Path) -> None:
    repo = _analyzed_repo(tmp_path)
    first = analyze_component("R", repo.path, full=False, now=NOW).data
    later = NOW + timedelta(days=3)
    reused = analyze_component("R", repo.path, full=False, now=later, previous=first).data
    assert reused["reused"] is True and reused["timestamp"] == iso(later)
    assert analysis_fresh_at(first) == first["timestamp"] == iso(NOW)
    assert analysis_fresh_at(reused) == iso(NOW)
    assert analysis_fresh_at({"timestamp": "not a time"}) is None
    assert analysis_fresh_at(None) is None


def test_newest_compares_times_not_text() -> None:
    assert newest("2024-05-01T12:00:00+02:00", "2024-05-01T11:00:00Z") == "2024-05-01T11:00:00Z"
    assert newest(None, "bad", "2024-05-01T10:00:00.000000Z") == "2024-05-01T10:00:00.000000Z"
    assert newest(None, None) is None


def test_the_analysis_time_goes_back_over_kept_analyses_with_the_same_facts() -> None:
    def made(at: str, files: int = 3) -> dict[str, object]:
        return {"timestamp": at, "structure": {"file_count": files}}

    newest_first = [
        made("2024-05-03T00:00:00Z"),
        made("2024-05-02T00:00:00Z"),
        made("2024-05-01T00:00:00Z", 2),
    ]
    assert analysis_changed_at(newest_first[0], newest_first) == "2024-05-02T00:00:00Z"
    assert analysis_changed_at(newest_first[0], ()) == "2024-05-03T00:00:00Z"
    assert (
        analysis_changed_at(made("2024-05-04T00:00:00Z", 4), newest_first) == "2024-05-04T00:00:00Z"
    )
    assert analysis_changed_at(None, newest_first) is None
