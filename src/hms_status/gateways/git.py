"""The one door for git: the `git` program through proc.run, typed results, few invocations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hms_status.errors import EXIT_FAILURES, HmsError
from hms_status.gateways.files import atomic_write_bytes
from hms_status.gateways.proc import ProcResult, run

GIT_TIMEOUT_S = 120.0
GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
_BASE = ("git", "-c", "core.quotePath=false", "-c", "log.showSignature=false")
_OID = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")
_NOT_A_REPO = "not a git repository"
_LS_ENTRY = re.compile(
    r"(?:(\d{6}) [0-9a-f]+ \d\t)?([^\0]+)\0"
    r"(?:  ctime:[^\n]*\n  mtime:[^\n]*\n  dev:[^\n]*\n  uid:[^\n]*\n  size: (\d+)[^\n]*\n)?"
)
"""One `ls-files -s --debug -z` record: (mode, path, size), mode and size empty if untracked."""
_STATUS_FIELDS = {"1": 8, "2": 9, "u": 10, "?": 1}
"""Porcelain v2 record kinds and how many spaces come before the path."""


class GitError(HmsError):
    """git failed on a repository it recognised (corrupt, locked, unsafe, timed out)."""

    exit_code = EXIT_FAILURES


@dataclass(frozen=True)
class RepoInfo:
    """Where a directory sits in its git repository, and what HEAD is."""

    git_dir: Path
    prefix: str
    """The directory's path inside the work tree, "" at the top or "sub/dir/" below it."""
    shallow: bool
    head_oid: str | None
    """None when HEAD has no commit yet (an empty repository or an unborn branch)."""


@dataclass(frozen=True)
class FileListing:
    """The paths git shows (tracked plus untracked-not-ignored), each once, relative to the dir."""

    paths: tuple[str, ...]
    tracked: frozenset[str]
    gitlinks: frozenset[str]
    """Submodules (mode 160000) and untracked nested repositories: one entry each."""
    index_sizes: dict[str, int]
    """Tracked files' sizes from the index's stat cache (stale for files changed since)."""
    symlinks: frozenset[str] = frozenset()
    """Paths tracked as symbolic links (mode 120000)."""


@dataclass(frozen=True)
class StatusEntry:
    """One changed path from `git status`: its two-letter code and its path."""

    code: str
    path: str


@dataclass(frozen=True)
class WorktreeStatus:
    """The branch and the changed paths of a work tree, with the raw bytes for fingerprints."""

    branch: str | None
    detached: bool
    entries: tuple[StatusEntry, ...]
    raw: bytes


def _git(
    path: Path, *args: str, timeout: float = GIT_TIMEOUT_S, stdin: bytes | None = None
) -> ProcResult:
    return run((*_BASE, *args), cwd=path, timeout=timeout, env=GIT_ENV, stdin=stdin)


def _checked(path: Path, *args: str) -> ProcResult:
    result = _git(path, *args)
    if not result.ok:
        detail = result.error_text.splitlines()[-1:] or ["no output"]
        raise GitError(
            f"git {args[0]} failed in {path}: {detail[0]}",
            hint="check the repository with `git fsck` or `git status`",
        )
    return result


def _paths(info: RepoInfo) -> tuple[str, ...]:
    """Limit a command to the directory when it is below the top of its work tree."""
    return ("--", ".") if info.prefix else ()


def _scope(info: RepoInfo) -> tuple[str, ...]:
    """Limit history to the directory, and show paths relative to it, when below the top."""
    return ("--relative", *_paths(info)) if info.prefix else ()


def repo_info(path: Path) -> RepoInfo | None:
    """Describe the repository holding path; None when there is none (or no git at all)."""
    result = _git(
        path, "rev-parse", "--absolute-git-dir", "--show-prefix", "--is-shallow-repository",
        "--verify", "-q", "HEAD",
    )  # fmt: skip
    lines = result.text.splitlines()
    if result.not_found or (len(lines) < 3 and _NOT_A_REPO in result.error_text):
        return None
    if len(lines) < 3:
        raise GitError(
            f"git cannot read {path}: {result.error_text}", hint="run `git status` there"
        )
    head = lines[3] if len(lines) > 3 and _OID.fullmatch(lines[3]) else None
    return RepoInfo(Path(lines[0]), lines[1], lines[2] == "true", head)


def is_ignored(path: Path) -> bool:
    """True when the directory itself is ignored by its repository (git shows nothing in it)."""
    return _git(path, "check-ignore", "-q", ".").returncode == 0


def _excluding(exclude: tuple[str, ...]) -> tuple[str, ...]:
    """Pathspecs for this directory minus the given top-level directories."""
    return ("--", ".", *(f":(exclude){name}" for name in exclude)) if exclude else ()


def list_files(path: Path, exclude: tuple[str, ...] = ()) -> FileListing:
    """What `git ls-files --cached --others --exclude-standard` lists, with index sizes.

    exclude names directories (relative to path) to leave out, e.g. generated output.
    """
    out = _checked(
        path, "ls-files", "-z", "-s", "--debug", "--cached", "--others", "--exclude-standard",
        *_excluding(exclude),
    )  # fmt: skip
    paths: dict[str, None] = {}
    tracked: set[str] = set()
    gitlinks: set[str] = set()
    sizes: dict[str, int] = {}
    symlinks: set[str] = set()
    for mode, listed, size in _LS_ENTRY.findall(out.stdout.decode("utf-8", "replace")):
        name = listed if mode else listed.rstrip("/")
        paths[name] = None
        if mode == "160000" or name != listed:
            gitlinks.add(name)
        elif mode == "120000":
            symlinks.add(name)
        if mode:
            tracked.add(name)
            if size:
                sizes[name] = int(size)
    return FileListing(
        tuple(paths), frozenset(tracked), frozenset(gitlinks), sizes, frozenset(symlinks)
    )


def worktree_status(path: Path, info: RepoInfo, exclude: tuple[str, ...] = ()) -> WorktreeStatus:
    """Branch, detached flag and changed paths (staged, unstaged, untracked) of the work tree.

    Untracked files are listed one by one (`--untracked-files=all`), never collapsed into their
    directory, so that a file added, grown or removed inside an untracked directory shows up.
    """
    out = _checked(
        path, "status", "--porcelain=v2", "-z", "--branch", "--untracked-files=all",
        "--ignore-submodules=dirty", *(_excluding(exclude) or _paths(info)),
    )  # fmt: skip
    branch: str | None = None
    entries: list[StatusEntry] = []
    records = iter(out.stdout.decode("utf-8", "replace").split("\0"))
    for record in records:
        if record.startswith("# branch.head "):
            branch = record.removeprefix("# branch.head ")
        elif record[:1] in _STATUS_FIELDS:
            name = record.split(" ", _STATUS_FIELDS[record[0]])[-1]
            code = "??" if record[0] == "?" else record[2:4]
            entries.append(StatusEntry(code, name.removeprefix(info.prefix) or "."))
            if record[0] == "2":
                next(records, None)
    detached = branch == "(detached)"
    return WorktreeStatus(None if detached else branch, detached, tuple(entries), out.stdout)


def ignored(path: Path, candidates: Iterable[str]) -> frozenset[str]:
    """Which of these paths (relative to path, "dir/" for a directory) the repository's ignore
    rules already match (.gitignore files, info/exclude, core.excludesFile), tracked or not."""
    names = tuple(candidates)
    if not names:
        return frozenset()
    out = _git(path, "check-ignore", "--no-index", "-z", "--stdin", stdin=_nul_list(names))
    if out.returncode not in (0, 1):
        raise GitError(
            f"git check-ignore failed in {path}: {out.error_text or 'no output'}",
            hint="run `git status` there",
        )
    return frozenset(name for name in out.text.split("\0") if name)


def exclude_locally(path: Path, info: RepoInfo, patterns: Iterable[str]) -> tuple[str, ...]:
    """Add patterns (relative to path) to the repository's .git/info/exclude, anchored to path.

    That file is the repository's own, never committed: git then stops showing what matches.
    Returns the lines added (none when each was there already). The file is rewritten
    atomically with the lines appended.
    """
    lines = [f"/{info.prefix}{pattern.lstrip('/')}" for pattern in patterns]
    where = _checked(path, "rev-parse", "--git-path", "info/exclude").text.strip()
    exclude = Path(where) if Path(where).is_absolute() else path / where
    try:
        current = exclude.read_bytes()
    except FileNotFoundError:
        current = b""
    present = set(current.decode("utf-8", "replace").splitlines())
    added = tuple(dict.fromkeys(line for line in lines if line not in present))
    if added:
        separator = b"\n" if current and not current.endswith(b"\n") else b""
        block = "".join(f"{line}\n" for line in added).encode()
        exclude.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(exclude, current + separator + block)
    return added


@dataclass(frozen=True)
class GrepHit:
    """One line of a tracked file matched by grep_tracked (the line itself is never kept)."""

    path: str
    """Relative to the directory searched."""
    line: int


class GrepUnsupported(GitError):
    """This git cannot run Perl-compatible regular expressions (built without PCRE)."""


def grep_tracked(
    path: Path, patterns: Iterable[str], exclude: tuple[str, ...] = ()
) -> tuple[GrepHit, ...]:
    """Lines of the tracked text files under path (work-tree content) matching any of these
    Perl-compatible patterns; binary files are skipped. GrepUnsupported without PCRE.

    git reads the files itself: it never follows a link, nor opens anything but a regular file.
    """
    args = [arg for pattern in patterns for arg in ("-e", pattern)]
    if not args:
        return ()
    out = _git(
        path, "grep", "-P", "-I", "-n", "-z", "--no-color", *args,
        *_excluding(exclude),
    )  # fmt: skip
    if out.returncode == 1 and not out.stderr:
        return ()
    if out.returncode != 0:
        error = out.error_text or "no output"
        kind = GrepUnsupported if "PCRE" in error or "Perl" in error else GitError
        raise kind(f"git grep failed in {path}: {error}", hint="run `git grep` there")
    hits = []
    for record in out.stdout.split(b"\n"):
        name, _, rest = record.partition(b"\0")
        number, _, _ = rest.partition(b"\0")
        if number.isdigit():
            hits.append(GrepHit(name.decode("utf-8", "replace"), int(number)))
    return tuple(hits)


def _nul_list(names: tuple[str, ...]) -> bytes:
    return "".join(f"{name}\0" for name in names).encode()
