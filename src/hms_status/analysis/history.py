"""Pure shaping of what git reported into the quick git facts and the --full extras.

Activity windows (commits_last_30_days, commits_last_90_days, active_contributors_90_days)
count HEAD's commits by committer time against the `now` passed in; first_commit_date is the
(author) date of the commit with the earliest committer time (in a shallow clone, of the part
that is there, which the quick facts' `shallow` says); churn hotspots count how many of the last
`churn_window` commits touched each path (merges excluded, renames not followed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from packaging.version import InvalidVersion, Version

from hms_status.analysis.model import (
    AnalysisOptions,
    CommitFacts,
    Contributor,
    GitFacts,
    HistoryExtras,
    Hotspot,
)
from hms_status.gateways.git import WorktreeStatus
from hms_status.gateways.git_history import Activity, Commit, PathChurn

NO_GIT = GitFacts(has_git=False)


def moment(stamp: int) -> datetime:
    """A git timestamp (seconds since the epoch) as a UTC datetime."""
    return datetime.fromtimestamp(stamp, UTC)


def rank_contributors(tally: Iterable[tuple[str, int]]) -> tuple[Contributor, ...]:
    """Contributors with most commits first, ties by name (as `git shortlog -sn`)."""
    ranked = sorted(tally, key=lambda item: (-item[1], item[0]))
    return tuple(Contributor(name, commits) for name, commits in ranked)


def commit_facts(commit: Commit) -> CommitFacts:
    """One commit as the analysis shows it."""
    return CommitFacts(
        commit.hash, commit.author, commit.date, commit.message, moment(commit.committed_at)
    )


def git_facts(
    commit_count: int,
    tally: Iterable[tuple[str, int]],
    recent: Sequence[Commit],
    *,
    shallow: bool = False,
) -> GitFacts:
    """The quick git facts from a count, a per-author tally and the newest commits."""
    return GitFacts(
        has_git=True,
        commit_count=commit_count,
        contributors=rank_contributors(tally),
        recent_commits=tuple(commit_facts(commit) for commit in recent),
        shallow=shallow,
    )


def latest_tag(tags: Sequence[str]) -> str | None:
    """The highest version among the tags (a leading v allowed), else the newest tag."""
    versions: list[tuple[Version, str]] = []
    for tag in tags:
        try:
            versions.append((Version(tag.removeprefix("v").removeprefix("V")), tag))
        except InvalidVersion:
            continue
    if versions:
        return max(versions)[1]
    return tags[0] if tags else None


def hotspots(churn: Iterable[PathChurn], options: AnalysisOptions) -> tuple[Hotspot, ...]:
    """The paths that changed most often, most first, ties by path."""
    ranked = sorted(churn, key=lambda item: (-item.changes, item.path))[: options.hotspot_count]
    return tuple(
        Hotspot(item.path, item.changes, (item.added, item.deleted) if options.line_stats else None)
        for item in ranked
    )


def window_start(now: datetime, days: int) -> int:
    """The epoch second `days` before now: where an activity window begins."""
    return int((now - timedelta(days=days)).timestamp())


def history_extras(
    recent_activity: Sequence[Activity],
    first_commit_date: str | None,
    status: WorktreeStatus,
    tags: Sequence[str],
    churn: Iterable[PathChurn],
    *,
    now: datetime,
    options: AnalysisOptions,
) -> HistoryExtras:
    """The maintainer's view that --full adds to the git facts."""
    since_30, since_90 = window_start(now, 30), window_start(now, 90)
    last_90 = [item for item in recent_activity if item.committed_at >= since_90]
    return HistoryExtras(
        branch=status.branch,
        detached=status.detached,
        dirty_files=tuple(sorted({entry.path for entry in status.entries})),
        tags=tuple(tags),
        latest_tag=latest_tag(tags),
        first_commit_date=first_commit_date,
        commits_last_30_days=sum(1 for item in last_90 if item.committed_at >= since_30),
        commits_last_90_days=len(last_90),
        active_contributors_90_days=len({item.author for item in last_90}),
        churn_hotspots=hotspots(churn, options),
    )
