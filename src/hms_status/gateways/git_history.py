"""Git history: recent commits, contributors, activity, churn and tags (through git.py's door)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hms_status.gateways.git import RepoInfo, _checked, _paths, _scope

_RECENT_FORMAT = "%H%x00%aN%x00%ad%x00%ct%x00%s"


@dataclass(frozen=True)
class Commit:
    """One commit as `git log` shows it (author after .mailmap, git's default date format)."""

    hash: str
    author: str
    date: str
    committed_at: int
    """Committer time, seconds since the epoch."""
    message: str


@dataclass(frozen=True)
class AuthorTally:
    """What one pass over all of HEAD's history gives: a count and commits per author."""

    commit_count: int
    by_author: tuple[tuple[str, int], ...]
    """(name, commits) pairs, in no particular order."""


@dataclass(frozen=True)
class Activity:
    """One recent commit of HEAD: who (after .mailmap) and when (committer time)."""

    author: str
    committed_at: int


@dataclass(frozen=True)
class HistoryPass:
    """What one pass over every commit of HEAD gives for --full."""

    tally: AuthorTally
    since: tuple[Activity, ...]
    """The commits at or after the pass's `since` time, newest first."""
    oldest: str | None
    """The commit with the earliest committer time."""


@dataclass(frozen=True)
class PathChurn:
    """How often one path changed in a window of commits (lines only with --numstat)."""

    path: str
    changes: int
    added: int = 0
    deleted: int = 0


def recent_commits(path: Path, info: RepoInfo, limit: int = 10) -> tuple[Commit, ...]:
    """The newest commits of HEAD, newest first."""
    if info.head_oid is None:
        return ()
    out = _checked(path, "log", f"-{limit}", "--date=default", f"--format={_RECENT_FORMAT}",
                   "HEAD", *_scope(info))  # fmt: skip
    commits = []
    for line in out.text.splitlines():
        sha, author, date, stamp, message = line.split("\0", 4)
        commits.append(Commit(sha, author, date, int(stamp), message))
    return tuple(commits)


def author_tally(path: Path, info: RepoInfo) -> AuthorTally:
    """Commit count and commits per (mailmapped) author of HEAD, from `git shortlog -sn`."""
    if info.head_oid is None:
        return AuthorTally(0, ())
    out = _checked(path, "shortlog", "-sn", "HEAD", *_paths(info))
    pairs = []
    for line in out.text.splitlines():
        count, _, name = line.strip().partition("\t")
        pairs.append((name, int(count)))
    return AuthorTally(sum(count for _, count in pairs), tuple(pairs))


def history_pass(path: Path, info: RepoInfo, since: int) -> HistoryPass:
    """One `git log` over all of HEAD: count, authors, commits since `since`, oldest commit."""
    if info.head_oid is None:
        return HistoryPass(AuthorTally(0, ()), (), None)
    out = _checked(path, "log", "--format=%aN%x00%ct%x00%H", "HEAD", *_scope(info))
    authors: dict[str, int] = {}
    recent: list[Activity] = []
    oldest = (2**63, "")
    for line in out.text.splitlines():
        author, stamp_text, oid = line.split("\0", 2)
        authors[author] = authors.get(author, 0) + 1
        stamp = int(stamp_text)
        if stamp >= since:
            recent.append(Activity(author, stamp))
        oldest = min(oldest, (stamp, oid))
    tally = AuthorTally(sum(authors.values()), tuple(authors.items()))
    return HistoryPass(tally, tuple(recent), oldest[1] or None)


def commit_date(path: Path, oid: str) -> str:
    """git's default date text of one commit (its author date)."""
    return _checked(path, "show", "-s", "--date=default", "--format=%ad", oid).text.strip()


def churn(
    path: Path, info: RepoInfo, window: int, *, line_stats: bool = False
) -> tuple[PathChurn, ...]:
    """How often each path changed in the last `window` commits; lines too with line_stats."""
    if info.head_oid is None:
        return ()
    mode = "--numstat" if line_stats else "--name-only"
    out = _checked(path, "log", f"-{window}", "--no-renames", mode, "--format=%x1e", "-z",
                   "HEAD", *_scope(info))  # fmt: skip
    tally: dict[str, list[int]] = {}
    for token in out.stdout.decode("utf-8", "replace").split("\0"):
        record = _churn_record(token.lstrip("\n"), line_stats)
        if record is not None:
            counts = tally.setdefault(record[0], [0, 0, 0])
            counts[0] += 1
            counts[1] += record[1]
            counts[2] += record[2]
    return tuple(PathChurn(name, *counts) for name, counts in tally.items())


def _churn_record(token: str, line_stats: bool) -> tuple[str, int, int] | None:
    """A path with lines added and deleted from one `--name-only` or `--numstat` token."""
    if not token or token == "\x1e":
        return None
    if not line_stats:
        return token, 0, 0
    added, deleted, name = token.split("\t", 2)
    return name, int("0" + added.strip("-")), int("0" + deleted.strip("-"))


def tags(path: Path) -> tuple[str, ...]:
    """Tag names, most recently created first."""
    out = _checked(path, "for-each-ref", "--sort=-creatordate", "--format=%(refname:strip=2)",
                   "refs/tags")  # fmt: skip
    return tuple(out.text.splitlines())
