"""No machine-specific paths in the docs people read: a tool is its name and version.

The Environment Monitor's and Repository Analyzer's texts name absolute paths (where a tool
or interpreter was found, a backup, the component itself); the JSON reports keep them, the
Markdown does not, since it is committed into component repositories and read elsewhere.
Rules, applied to those texts in this order (pure, no I/O):
1. " at /abs/path" (where a tool was found) is dropped: "git 2.39.5 at /usr/bin/git" reads
   "git 2.39.5".
2. A path inside the component becomes relative to it ("." for the component itself); one
   inside the HMS root becomes relative to the root (data/backups/...).
3. Any other absolute path becomes its last part: "/root/.pyenv/shims/python3 -m pip" reads
   "python3 -m pip".
The same goes for the status reasons and for the titles and resolutions of tickets the
tool opened itself (sources environment and analysis): a finding's text can name a link's
target. Text people typed
(their tickets' titles and resolutions) is not changed: a title may name a URL path.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hms_status.docsync.model import AnalysisView, EnvironmentView, FindingView
from hms_status.domain.check_tickets import ANALYSIS_SOURCE, ENVIRONMENT_SOURCE
from hms_status.domain.ticket_record import TicketRecord

_PART = r"[\w.@%+=~-]+"
_ABSOLUTE = re.compile(rf"(?<![\w.:/~@-])(?:/{_PART})+/?")
"""An absolute POSIX path not inside a word, a URL (after ':' or '/') or a relative path."""
_FOUND_AT = re.compile(rf"\s+at\s+(?:/{_PART})+/?")
TOOL_SOURCES = frozenset({ENVIRONMENT_SOURCE, ANALYSIS_SOURCE})
"""The sources of tickets whose texts the tool wrote (from checks and findings)."""


@dataclass(frozen=True)
class LocalPaths:
    """The places whose absolute paths are shown relative: the component and the HMS root."""

    bases: Sequence[tuple[str, str]]
    """(absolute directory, how the directory itself is shown), most specific first."""

    @classmethod
    def of(cls, component_dir: Path, root: Path) -> LocalPaths:
        """The component (as given and resolved) before the root (as given and resolved)."""
        bases = [
            (form.rstrip("/") or "/", shown)
            for directory, shown in ((component_dir, "."), (root, "the HMS root"))
            for form in dict.fromkeys((str(directory), os.path.realpath(directory)))
        ]
        return cls(tuple(bases))

    def text(self, value: str) -> str:
        """value with every absolute path replaced by the rules of the module docstring."""
        if "/" not in value:
            return value
        return _ABSOLUTE.sub(self._shown, _FOUND_AT.sub("", value))

    def _shown(self, match: re.Match[str]) -> str:
        """One path as shown; a full stop that ends the sentence stays after it."""
        found = match.group(0)
        path = found.rstrip(".").rstrip("/") or "/"
        return self._local(path) + found[len(found.rstrip(".")) :]

    def _local(self, path: str) -> str:
        for base, itself in self.bases:
            if path == base:
                return itself
            if path.startswith(base + "/"):
                return path[len(base) + 1 :]
        return path.rsplit("/", 1)[-1] or path


def environment(view: EnvironmentView | None, paths: LocalPaths) -> EnvironmentView | None:
    """The environment view with its check texts and issues free of machine paths."""
    if view is None:
        return None
    checks = tuple(
        dataclasses.replace(c, details=paths.text(c.details), remediation=paths.text(c.remediation))
        for c in view.checks
    )
    return dataclasses.replace(view, checks=checks, issues=_findings(view.issues, paths))


def analysis(view: AnalysisView | None, paths: LocalPaths) -> AnalysisView | None:
    """The analysis view with its findings free of machine paths."""
    if view is None:
        return None
    return dataclasses.replace(view, findings=_findings(view.findings, paths))


def _findings(found: Sequence[FindingView], paths: LocalPaths) -> tuple[FindingView, ...]:
    return tuple(
        dataclasses.replace(
            f, description=paths.text(f.description), remediation=paths.text(f.remediation)
        )
        for f in found
    )


def tickets(found: Sequence[TicketRecord], paths: LocalPaths) -> tuple[TicketRecord, ...]:
    """The tickets, those the tool opened with their title and resolution free of paths."""
    return tuple(
        dataclasses.replace(
            t,
            title=paths.text(t.title),
            resolution=None if t.resolution is None else paths.text(t.resolution),
        )
        if t.source in TOOL_SOURCES
        else t
        for t in found
    )
