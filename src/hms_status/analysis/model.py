"""The analyzer's records: frozen facts and findings, and the plan's Analysis Data JSON shape."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from hms_status.clock import iso
from hms_status.domain.enums import Severity

NO_EXTENSION = "(none)"
"""The file_types key for files whose name has no extension (dotfiles such as .gitignore too)."""
SUBMODULE = "(submodule)"
"""The file_types key for submodules and nested repositories, each counted as one entry."""
ANALYSIS_SCHEMA_VERSION = 2
"""Version 2 adds full_analysis; a version 1 file (no schema_version key) is upgraded when
read (services.snapshot_versions), so an unchanged component is still reused."""


def upgrade_json(data: Mapping[str, object]) -> dict[str, object]:
    """An Analysis Data document of an older schema version in the current shape."""
    upgraded = dict(data)
    upgraded["full_analysis"] = data.get("analysis_type") == "full"
    upgraded["schema_version"] = ANALYSIS_SCHEMA_VERSION
    return upgraded


@dataclass(frozen=True)
class Thresholds:
    """The numbers the finding rules compare against."""

    stale_days: int = 180
    large_file_bytes: int = 5_000_000


@dataclass(frozen=True)
class AnalysisOptions:
    """How deep and how wide an analysis looks."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    churn_window: int = 1000
    """How many recent commits the churn hotspots are counted over."""
    hotspot_count: int = 10
    line_stats: bool = False
    """Count added and deleted lines per hotspot (git log --numstat): slower, opt-in."""
    exclude_dirs: tuple[str, ...] = ("HMS-docs",)
    """Top-level directories left out of the analysis: the docs this tool generates itself,
    so that writing them never makes a component look changed or bigger."""


@dataclass(frozen=True)
class StructureFacts:
    """What the file set of a component looks like."""

    exists: bool
    """True when the component path is a directory."""
    not_a_directory: bool = False
    """True when something other than a directory (a file) is at the component path."""
    file_count: int = 0
    directory_count: int = 0
    file_types: Mapping[str, int] = field(default_factory=dict)
    top_level_dirs: tuple[str, ...] = ()
    top_level_files: tuple[str, ...] = ()
    has_readme: bool = False
    has_tests: bool = False
    has_docs: bool = False
    has_package_json: bool = False
    has_docker: bool = False
    has_license: bool = False
    has_ci: bool = False
    submodules: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The plan's structure object (plus not_a_directory, has_license, has_ci, submodules)."""
        return {
            "exists": self.exists,
            "not_a_directory": self.not_a_directory,
            "file_count": self.file_count,
            "directory_count": self.directory_count,
            "file_types": dict(self.file_types),
            "top_level_dirs": list(self.top_level_dirs),
            "top_level_files": list(self.top_level_files),
            "has_readme": self.has_readme,
            "has_tests": self.has_tests,
            "has_docs": self.has_docs,
            "has_package_json": self.has_package_json,
            "has_docker": self.has_docker,
            "has_license": self.has_license,
            "has_ci": self.has_ci,
            "submodules": list(self.submodules),
        }


@dataclass(frozen=True)
class CommitFacts:
    """One commit as shown to users: git's default date text, plus the committer time."""

    hash: str
    author: str
    date: str
    message: str
    committed_at: datetime

    def to_json(self) -> dict[str, object]:
        """hash, author, date, message (and committed_at in ISO 8601)."""
        return {
            "hash": self.hash,
            "author": self.author,
            "date": self.date,
            "message": self.message,
            "committed_at": iso(self.committed_at),
        }


@dataclass(frozen=True)
class Contributor:
    """An author (after .mailmap) and how many of HEAD's commits they wrote."""

    name: str
    commits: int


@dataclass(frozen=True)
class GitFacts:
    """The quick git facts: count, contributors and the newest commits of HEAD."""

    has_git: bool
    commit_count: int = 0
    contributors: tuple[Contributor, ...] = ()
    recent_commits: tuple[CommitFacts, ...] = ()
    shallow: bool = False
    """A shallow clone: the count and the contributors cover only the fetched history."""

    @property
    def last_commit(self) -> CommitFacts | None:
        """The newest commit of HEAD, if any."""
        return self.recent_commits[0] if self.recent_commits else None

    def to_json(self) -> dict[str, object]:
        """The plan's git object, quick form."""
        last = self.last_commit
        return {
            "has_git": self.has_git,
            "commit_count": self.commit_count,
            "contributors": [{"name": c.name, "commits": c.commits} for c in self.contributors],
            "last_commit": None if last is None else last.to_json(),
            "recent_commits": [commit.to_json() for commit in self.recent_commits],
            "shallow": self.shallow,
        }


@dataclass(frozen=True)
class Hotspot:
    """A path that changed often in the churn window (lines only with line_stats)."""

    path: str
    changes: int
    lines: tuple[int, int] | None = None
    """(added, deleted) when per-line statistics were asked for."""

    def to_json(self) -> dict[str, object]:
        """path and changes, plus added and deleted when counted."""
        data: dict[str, object] = {"path": self.path, "changes": self.changes}
        if self.lines is not None:
            data["added"], data["deleted"] = self.lines
        return data


@dataclass(frozen=True)
class HistoryExtras:
    """What --full adds to the git facts: the maintainer's view of the history."""

    branch: str | None
    detached: bool
    dirty_files: tuple[str, ...]
    tags: tuple[str, ...]
    latest_tag: str | None
    first_commit_date: str | None
    commits_last_30_days: int
    commits_last_90_days: int
    active_contributors_90_days: int
    churn_hotspots: tuple[Hotspot, ...]

    def to_json(self) -> dict[str, object]:
        """The keys --full adds to the git object."""
        return {
            "branch": self.branch,
            "detached": self.detached,
            "dirty_files": list(self.dirty_files),
            "tags": list(self.tags),
            "latest_tag": self.latest_tag,
            "first_commit_date": self.first_commit_date,
            "commits_last_30_days": self.commits_last_30_days,
            "commits_last_90_days": self.commits_last_90_days,
            "active_contributors_90_days": self.active_contributors_90_days,
            "churn_hotspots": [spot.to_json() for spot in self.churn_hotspots],
        }


@dataclass(frozen=True)
class Finding:
    """One detected issue: what kind, how bad, what it means and how to fix it."""

    type: str
    severity: Severity
    description: str
    remediation: str

    def to_json(self) -> dict[str, str]:
        """The plan's issue object."""
        return {
            "type": self.type,
            "severity": self.severity.value,
            "description": self.description,
            "remediation": self.remediation,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Finding:
        """Read back an issue object written by to_json."""
        return cls(
            str(data["type"]),
            Severity(str(data["severity"])),
            str(data["description"]),
            str(data["remediation"]),
        )


@dataclass(frozen=True)
class Analysis:
    """One component's analysis, ready to be stored as the plan's Analysis Data."""

    component_id: str
    timestamp: datetime
    full: bool
    fingerprint: str
    structure: StructureFacts
    git: GitFacts
    history: HistoryExtras | None
    dependencies: Mapping[str, object]
    issues: tuple[Finding, ...]

    def to_json(self) -> dict[str, object]:
        """The plan's Analysis Data shape (full_analysis true for --full); every key present,
        plus schema_version, analysis_type, fingerprint and reused (False)."""
        git = self.git.to_json()
        if self.history is not None:
            git.update(self.history.to_json())
        return {
            "schema_version": ANALYSIS_SCHEMA_VERSION,
            "component_id": self.component_id,
            "timestamp": iso(self.timestamp),
            "full_analysis": self.full,
            "analysis_type": "full" if self.full else "quick",
            "fingerprint": self.fingerprint,
            "reused": False,
            "structure": self.structure.to_json(),
            "git": git,
            "dependencies": dict(self.dependencies),
            "issues": [issue.to_json() for issue in self.issues],
        }
