"""The analyzer's I/O stage: a cheap probe to fingerprint a directory, then the facts.

The fingerprint hashes HEAD's commit, `git status --porcelain=v2` (staged, unstaged and every
untracked-not-ignored file, one by one) and the size and modification time of each path status
names, so an edit to an already-dirty file, or to any file in an untracked directory, changes it
too. Untracked tool output (a venv, node_modules, --fix backups: see tool_output) is left out
of the status first, so installing into a venv changes nothing. Outside git it hashes every
walked file's path, size and modification time. The analyzer version and the options are part
of it.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from hms_status.analysis import history, tool_output
from hms_status.analysis.model import AnalysisOptions, GitFacts, HistoryExtras
from hms_status.analysis.structure import WalkedFile, walk_files
from hms_status.gateways import git, git_history
from hms_status.gateways.git import RepoInfo, WorktreeStatus

FINGERPRINT_VERSION = "hms-analysis-4"
"""Changed whenever the Analysis Data's content changes, so older analyses are not reused."""


@dataclass(frozen=True)
class Probe:
    """The first, cheap look at an existing directory: enough to decide on reuse."""

    path: Path
    fingerprint: str
    repo: RepoInfo | None = None
    status: WorktreeStatus | None = None
    walked: tuple[WalkedFile, ...] = ()
    """The whole file set, when the directory is not in a git repository."""
    options: AnalysisOptions = field(default_factory=AnalysisOptions)
    changed: tuple[tuple[str, str], ...] = ()
    """Each path the status names, with its size and modification time as the probe saw them."""


@dataclass(frozen=True)
class FileSet:
    """The files git would show (or the .gitignore-filtered walk), with their sizes."""

    paths: tuple[str, ...]
    tracked: tuple[str, ...]
    gitlinks: frozenset[str]
    sizes: dict[str, int]
    symlinks: frozenset[str] = frozenset()
    """Paths that are symbolic links (tracked as links, or links in the work tree)."""


def probe(path: Path, options: AnalysisOptions) -> Probe:
    """Fingerprint a directory with as little work as possible (two git commands)."""
    digest = hashlib.sha256(f"{FINGERPRINT_VERSION}\0{options!r}\0".encode())
    repo = git.repo_info(path)
    if repo is not None and repo.prefix and git.is_ignored(path):
        repo = None  # a plain directory inside an ignoring repository: walk it instead
    if repo is None:
        walked = tuple(f for f in walk_files(path) if not _excluded(f.path, options.exclude_dirs))
        for item in walked:
            digest.update(f"{item.path}\0{item.size}\0{item.mtime_ns}\0".encode())
        return Probe(path, "walk:" + digest.hexdigest(), walked=walked, options=options)
    status = _without_tool_output(git.worktree_status(path, repo, options.exclude_dirs), repo)
    digest.update(f"{repo.head_oid}\0".encode())
    digest.update(status.raw)
    root = os.fspath(path)
    changed = tuple((entry.path, _stat_key(root, entry.path)) for entry in status.entries)
    digest.update("".join(key for _, key in changed).encode())
    fingerprint = "git:" + digest.hexdigest()
    return Probe(path, fingerprint, repo=repo, status=status, options=options, changed=changed)


def _without_tool_output(status: WorktreeStatus, repo: RepoInfo) -> WorktreeStatus:
    """The status minus the untracked paths tools made (tool_output), raw bytes included, so
    that they neither count as dirty files nor change the fingerprint."""
    untracked = [entry.path for entry in status.entries if entry.code == "??"]
    dropped = tool_output.left_out(untracked, ())
    if not dropped:
        return status
    records = {f"? {repo.prefix}{path}".encode() for path in dropped}
    raw = b"\0".join(record for record in status.raw.split(b"\0") if record not in records)
    kept = tuple(entry for entry in status.entries if entry.path not in dropped)
    return replace(status, entries=kept, raw=raw)


def _excluded(relative: str, exclude_dirs: tuple[str, ...]) -> bool:
    return any(relative == d or relative.startswith(d + "/") for d in exclude_dirs)


def _stat_key(root: str, relative: str) -> str:
    """A changed path's size and modification time (one per untracked file: keep it cheap)."""
    try:
        info = os.lstat(os.path.join(root, relative))
    except OSError:
        return f"{relative}\0-\0"
    return f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\0"


def file_set(found: Probe) -> FileSet:
    """The component's file set: git ls-files (tracked + untracked-not-ignored), or the walk."""
    if found.repo is None or found.status is None:
        paths = tuple(item.path for item in found.walked)
        sizes = {item.path: item.size for item in found.walked}
        walked_links = frozenset(item.path for item in found.walked if item.is_link)
        return FileSet(paths, (), frozenset(), sizes, walked_links)
    listing = git.list_files(found.path, found.options.exclude_dirs)
    dropped = tool_output.left_out(listing.paths, listing.tracked)
    paths = (
        tuple(path for path in listing.paths if path not in dropped) if dropped else listing.paths
    )
    changed = {entry.path for entry in found.status.entries}
    sizes = listing.index_sizes
    links = set(listing.symlinks)
    for relative in paths:
        if relative not in listing.gitlinks and (relative in changed or relative not in sizes):
            _add_size(sizes, links, found.path, relative)
    tracked = tuple(path for path in paths if path in listing.tracked)
    return FileSet(paths, tracked, listing.gitlinks, sizes, frozenset(links))


def _add_size(sizes: dict[str, int], links: set[str], root: Path, relative: str) -> None:
    """Set a file's size from the file system (symlinks not followed), or drop it if gone;
    note whether the work tree has a link there."""
    try:
        info = os.lstat(root / relative)
    except OSError:
        sizes.pop(relative, None)
        links.discard(relative)
        return
    sizes[relative] = info.st_size
    if stat.S_ISLNK(info.st_mode):
        links.add(relative)
    else:
        links.discard(relative)


HistoryFacts = tuple[GitFacts, HistoryExtras | None]


def start_history(
    pool: Executor, found: Probe, *, full: bool, now: datetime, options: AnalysisOptions
) -> Callable[[], HistoryFacts]:
    """Start the git history commands in the pool; the returned call waits for their facts.

    Each command is its own git process, so they run side by side with each other and with
    the file-set work the caller does meanwhile.
    """
    repo, status = found.repo, found.status
    if repo is None or status is None:
        return lambda: (history.NO_GIT, None)
    path = found.path
    recent = pool.submit(git_history.recent_commits, path, repo)
    if not full:
        tally = pool.submit(git_history.author_tally, path, repo)
        return lambda: (_quick(tally.result(), recent.result(), repo), None)
    walk = pool.submit(git_history.history_pass, path, repo, history.window_start(now, 90))
    churn = pool.submit(
        git_history.churn, path, repo, options.churn_window, line_stats=options.line_stats
    )
    tags = pool.submit(git_history.tags, path)

    def gather() -> HistoryFacts:
        passed = walk.result()
        first = None if passed.oldest is None else git_history.commit_date(path, passed.oldest)
        extras = history.history_extras(
            passed.since, first, status, tags.result(), churn.result(), now=now, options=options
        )
        return _quick(passed.tally, recent.result(), repo), extras

    return gather


def _quick(
    tally: git_history.AuthorTally, recent: tuple[git_history.Commit, ...], repo: RepoInfo
) -> GitFacts:
    return history.git_facts(tally.commit_count, tally.by_author, recent, shallow=repo.shallow)
