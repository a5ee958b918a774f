"""Typed facts a check reports besides its findings: tools, dependencies, configuration.

The report's dependencies_status combines the dependency sets' statuses with the lockfiles'
as LockfileStatus.summary_status maps them: a lockfile that is absent or older than its
manifest means "outdated" (the recorded resolution is stale), never "missing", which is
kept for packages that are actually not installed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class DependencyStatus(StrEnum):
    """The plan's dependencies_status values."""

    UP_TO_DATE = "up_to_date"
    OUTDATED = "outdated"
    MISSING = "missing"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


_PRECEDENCE = (
    DependencyStatus.MISSING,
    DependencyStatus.OUTDATED,
    DependencyStatus.UNKNOWN,
    DependencyStatus.UP_TO_DATE,
)


def combine_statuses(statuses: Iterable[DependencyStatus]) -> DependencyStatus:
    """The summary status: missing > outdated > unknown > up_to_date > not_applicable."""
    seen = set(statuses)
    return next((s for s in _PRECEDENCE if s in seen), DependencyStatus.NOT_APPLICABLE)


@dataclass(frozen=True)
class VersionCheck:
    """One declared version requirement of a tool and whether the found version meets it."""

    spec: str
    source: str
    """Where it is declared, e.g. "pyproject.toml requires-python" or ".nvmrc"."""
    satisfied: bool | None
    """None when the spec or the found version cannot be interpreted."""

    def to_json(self) -> dict[str, object]:
        """The JSON form."""
        return {"spec": self.spec, "source": self.source, "satisfied": self.satisfied}


@dataclass(frozen=True)
class ToolStatus:
    """One tool: found or not, where, which version, and whether it meets the declarations."""

    name: str
    required: bool
    installed: bool
    version: str | None = None
    path: str | None = None
    requirements: tuple[VersionCheck, ...] = ()
    reason: str = ""
    """Why the tool is checked, e.g. "package.json" or "hms-status.toml"."""
    error: str = ""
    """Why the version could not be read (timeout, exit status), if it could not."""

    @property
    def satisfied(self) -> bool | None:
        """False when missing or a requirement fails; None when something is undecidable."""
        if not self.installed:
            return False
        verdicts = [check.satisfied for check in self.requirements]
        if False in verdicts:
            return False
        if self.error or None in verdicts:
            return None
        return True

    def to_json(self) -> dict[str, object]:
        """The plan's tool entry (plus requirements, reason and error)."""
        specs = [check.spec for check in self.requirements]
        return {
            "required": self.required,
            "installed": self.installed,
            "version": self.version,
            "path": self.path,
            "required_version": "; ".join(specs) if specs else None,
            "satisfied": self.satisfied,
            "requirements": [check.to_json() for check in self.requirements],
            "reason": self.reason,
            "error": self.error or None,
        }


@dataclass(frozen=True)
class Outdated:
    """A dependency installed at a version outside what the manifest asks for."""

    name: str
    required: str
    installed: str

    def to_json(self) -> dict[str, object]:
        """The plan's outdated entry."""
        return {"name": self.name, "required": self.required, "installed": self.installed}


@dataclass(frozen=True)
class DependencySet:
    """One ecosystem's declared dependencies compared with what is installed."""

    ecosystem: str
    status: DependencyStatus
    missing: tuple[str, ...] = ()
    outdated: tuple[Outdated, ...] = ()
    up_to_date: int = 0
    not_needed: tuple[str, ...] = ()
    """Declared but excluded by an environment marker (or optional)."""
    unchecked: tuple[str, ...] = ()
    """Declared in a form whose version cannot be judged (URLs, paths, git)."""
    environment: str = ""
    """Where installed packages were read: the interpreter or node_modules."""
    declared: tuple[str, ...] = ()
    """Every declared dependency by name, in manifest order (empty when not listed)."""

    @property
    def names(self) -> tuple[str, ...]:
        """The declared names; without that list, every name the check reported on."""
        if self.declared:
            return self.declared
        return (*self.missing, *(item.name for item in self.outdated), *self.not_needed)

    def to_json(self) -> dict[str, object]:
        """The plan's dependency entry (plus not_needed, unchecked and environment)."""
        return {
            "status": self.status.value,
            "missing": list(self.missing),
            "outdated": [item.to_json() for item in self.outdated],
            "up_to_date": self.up_to_date,
            "not_needed": list(self.not_needed),
            "unchecked": list(self.unchecked),
            "environment": self.environment,
        }


@dataclass(frozen=True)
class LockfileStatus:
    """Whether a manifest's lockfile exists and is at least as new as the manifest."""

    manifest: str
    lockfile: str
    status: DependencyStatus
    """missing (no lockfile), outdated (older than the manifest) or up_to_date."""

    @property
    def summary_status(self) -> DependencyStatus:
        """What this lockfile contributes to dependencies_status: a missing or stale lockfile
        is "outdated" (packages are not known to be missing), an up-to-date one up_to_date."""
        if self.status in (DependencyStatus.MISSING, DependencyStatus.OUTDATED):
            return DependencyStatus.OUTDATED
        return self.status

    def to_json(self) -> dict[str, object]:
        """The JSON form."""
        return {"manifest": self.manifest, "lockfile": self.lockfile, "status": self.status.value}


@dataclass(frozen=True)
class EnvFileSummary:
    """The .env file compared with its example; every value shown is masked."""

    path: str
    example: str | None
    exists: bool
    missing_keys: tuple[str, ...] = ()
    extra_keys: tuple[str, ...] = ()
    empty_required: tuple[str, ...] = ()
    placeholders: tuple[tuple[str, str], ...] = ()
    """(key, masked value) pairs."""
    duplicate_keys: tuple[str, ...] = ()
    syntax_errors: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The JSON form (masked)."""
        return {
            "path": self.path,
            "example": self.example,
            "exists": self.exists,
            "missing_keys": list(self.missing_keys),
            "extra_keys": list(self.extra_keys),
            "empty_required": list(self.empty_required),
            "placeholders": [{"key": key, "value": value} for key, value in self.placeholders],
            "duplicate_keys": list(self.duplicate_keys),
            "syntax_errors": list(self.syntax_errors),
        }


@dataclass(frozen=True)
class ConfigFileStatus:
    """One configuration file and whether it parses."""

    path: str
    format: str
    error: str = ""
    readable: bool = True
    """False when the file was not read (a FIFO, a device, too large, no permission)."""

    def to_json(self) -> dict[str, object]:
        """The JSON form; valid is None when the file was not read."""
        return {
            "path": self.path,
            "format": self.format,
            "valid": not self.error if self.readable else None,
            "readable": self.readable,
            "error": self.error or None,
        }
