"""Pure shaping of git facts: contributor ranking, latest tag, hotspots and activity windows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.analysis.gitrepo import NOW

from hms_status.analysis.history import (
    history_extras,
    hotspots,
    latest_tag,
    rank_contributors,
)
from hms_status.analysis.model import AnalysisOptions, Contributor, Hotspot
from hms_status.gateways.git import StatusEntry, WorktreeStatus
from hms_status.gateways.git_history import Activity, PathChurn

CLEAN = WorktreeStatus("main", False, (), b"")


def record(days_ago: float, author: str = "Alice") -> Activity:
    """A commit by author `days_ago` before NOW."""
    return Activity(author, int((NOW - timedelta(days=days_ago)).timestamp()))


def test_contributors_rank_by_commits_then_name() -> None:
    ranked = rank_contributors([("Bob", 2), ("alice", 2), ("Carol", 5), ("Alice", 2)])
    assert ranked == (
        Contributor("Carol", 5),
        Contributor("Alice", 2),
        Contributor("Bob", 2),
        Contributor("alice", 2),
    )


@pytest.mark.parametrize(
    ("tags", "latest"),
    [
        (["v1.2.0", "v1.10.0", "v1.9.9"], "v1.10.0"),
        (["nightly", "1.0.0rc1", "1.0.0"], "1.0.0"),
        (["newest-name", "older-name"], "newest-name"),
        ([], None),
    ],
)
def test_latest_tag(tags: list[str], latest: str | None) -> None:
    assert latest_tag(tags) == latest


def test_hotspots_are_capped_and_ordered() -> None:
    churn = [PathChurn("b", 3, 5, 1), PathChurn("a", 3, 1, 1), PathChurn("c", 9, 0, 0)]
    options = AnalysisOptions(hotspot_count=2)
    assert hotspots(churn, options) == (Hotspot("c", 9), Hotspot("a", 3))
    with_lines = AnalysisOptions(hotspot_count=1, line_stats=True)
    assert hotspots(churn, with_lines) == (Hotspot("c", 9, (0, 0)),)


def test_activity_windows_at_their_boundaries() -> None:
    records = [record(0), record(30), record(30.01, "Bob"), record(90, "Carol"), record(91, "Dan")]
    extras = history_extras(records, "d91", CLEAN, (), (), now=NOW, options=AnalysisOptions())
    assert extras.commits_last_30_days == 2
    assert extras.commits_last_90_days == 4
    assert extras.active_contributors_90_days == 3
    assert extras.first_commit_date == "d91"


def test_dirty_files_are_unique_and_sorted() -> None:
    status = WorktreeStatus(
        None, True, (StatusEntry("??", "z.txt"), StatusEntry(".M", "a.py")), b""
    )
    extras = history_extras((), None, status, ("v1",), (), now=NOW, options=AnalysisOptions())
    assert (extras.branch, extras.detached) == (None, True)
    assert extras.dirty_files == ("a.py", "z.txt")
    assert (extras.latest_tag, extras.first_commit_date) == ("v1", None)
