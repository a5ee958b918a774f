"""The analyzer's entry point: probe, reuse when unchanged, else collect facts and run rules."""

from __future__ import annotations

import copy
import hashlib
import logging
import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from hms_status.analysis import collect, history, secret_scan
from hms_status.analysis.findings import STALE, RuleFacts, run_rules, stale_finding
from hms_status.analysis.model import (
    Analysis,
    AnalysisOptions,
    Finding,
    StructureFacts,
)
from hms_status.analysis.secret_detector import Detection
from hms_status.analysis.structure import summarize_paths
from hms_status.clock import iso, parse_iso
from hms_status.errors import EXIT_FAILURES, HmsError
from hms_status.gateways.confine import Boundary
from hms_status.manifests.discover import find_manifests, summarize

logger = logging.getLogger(__name__)
GIT_WORKERS = 5
"""How many git commands of one analysis (history, the secret grep) may run at the same time."""
WATCHED_PATHS = (
    "README.md", "codex.md", "catalog-info.yaml", "catalog-info.yml", ".env", ".env.example",
    "HMS-docs", "HMS-docs/codex.md", "HMS-docs/STATUS.md", "HMS-docs/badges",
    "HMS-docs/badges/status.svg", "HMS-docs/badges/status.json",
)  # fmt: skip
"""Paths the tool reads or writes that git may not list (ignored, or in excluded HMS-docs/):
checked for links leading outside the component on top of the listed ones."""


class AnalysisError(HmsError):
    """A component's directory could not be analyzed (unreadable, vanished mid-run)."""

    exit_code = EXIT_FAILURES


@dataclass(frozen=True)
class AnalysisResult:
    """One analysis: the Analysis Data JSON, whether it was reused, and its findings."""

    data: dict[str, object]
    reused: bool
    fingerprint: str
    findings: tuple[Finding, ...]
    probe: collect.Probe | None = None
    """The look at the directory the result was decided from (None without a directory)."""
    tracked: frozenset[str] | None = None
    """Every file git tracks in the directory, when this analysis listed them (not reused, in
    git, no directory excluded): the environment check then need not list them again."""


def analyze_component(
    component_id: str,
    path: Path,
    *,
    full: bool,
    now: datetime,
    previous: Mapping[str, object] | None = None,
    force: bool = False,
    options: AnalysisOptions = AnalysisOptions(),  # noqa: B008 - frozen, safe to share
    outside_root: str | None = None,
) -> AnalysisResult:
    """Analyze one component directory; reuse `previous` when nothing changed since it.

    With outside_root (why the directory may not be used), nothing in it is read: the result
    is one path_outside_root finding.
    """
    try:
        if outside_root is not None:
            return _missing(
                component_id, path, full=full, now=now, options=options, outside_root=outside_root
            )
        if not path.is_dir():
            return _missing(component_id, path, full=full, now=now, options=options)
        found = collect.probe(path, options)
        if not force and previous is not None:
            reused = _reuse(previous, found.fingerprint, full=full, now=now, options=options)
            if reused is not None:
                logger.debug("%s unchanged since its last analysis: reused", component_id)
                return replace(reused, probe=found)
        made = _analyze(component_id, found, full=full, now=now, options=options)
        return replace(made, probe=found)
    except (OSError, UnicodeError) as exc:
        raise AnalysisError(
            f"cannot analyze {component_id} at {path}: {exc}",
            hint="check that the directory is readable",
        ) from exc


def _analyze(
    component_id: str,
    found: collect.Probe,
    *,
    full: bool,
    now: datetime,
    options: AnalysisOptions,
) -> AnalysisResult:
    with ThreadPoolExecutor(max_workers=GIT_WORKERS) as pool:
        history_facts = collect.start_history(pool, found, full=full, now=now, options=options)
        in_git = found.repo is not None
        candidates = secret_scan.start(pool, found.path, options.exclude_dirs) if in_git else None
        files = collect.file_set(found)
        structure = summarize_paths(files.paths, files.gitlinks)
        manifests = tuple(find_manifests(found.path))
        escaping = _escaping_links(found.path, files.symlinks)
        secrets = () if candidates is None else _secrets(found.path, files, candidates())
        git_facts, extras = history_facts()
    facts = RuleFacts(
        structure=structure,
        git=git_facts,
        now=now,
        thresholds=options.thresholds,
        manifests=manifests,
        tracked_files=files.tracked,
        file_sizes=files.sizes,
        escaping_links=escaping,
        secrets=secrets,
    )
    issues = run_rules(facts)
    analysis = Analysis(
        component_id, now, full, found.fingerprint, structure, git_facts, extras,
        summarize(list(manifests)), issues,
    )  # fmt: skip
    tracked = frozenset(files.tracked) if in_git and not options.exclude_dirs else None
    return AnalysisResult(analysis.to_json(), False, found.fingerprint, issues, tracked=tracked)


def _secrets(
    path: Path, files: collect.FileSet, candidates: frozenset[str] | None
) -> tuple[Detection, ...]:
    """What detect-secrets finds in the tracked files (links and submodules never read)."""
    return secret_scan.scan_tracked(
        path, files.tracked, candidates, files.symlinks | files.gitlinks
    )


def _escaping_links(path: Path, symlinks: frozenset[str]) -> tuple[str, ...]:
    """The listed links, and the watched paths, that lead outside the component."""
    watched = [p for p in WATCHED_PATHS if p not in symlinks and os.path.lexists(path / p)]
    return Boundary.of(path).escaping([*sorted(symlinks), *watched])


def _missing(
    component_id: str,
    path: Path,
    *,
    full: bool,
    now: datetime,
    options: AnalysisOptions,
    outside_root: str | None = None,
) -> AnalysisResult:
    """No directory to read at path (nothing, a file, or one leading outside the root):
    exists = false and one finding, never raised."""
    fingerprint = "missing:" + hashlib.sha256(str(path).encode()).hexdigest()
    not_a_directory = outside_root is None and path.exists()
    structure = StructureFacts(exists=False, not_a_directory=not_a_directory)
    facts = RuleFacts(structure, history.NO_GIT, now, options.thresholds, outside_root=outside_root)
    issues = run_rules(facts)
    analysis = Analysis(
        component_id, now, full, fingerprint, structure, history.NO_GIT, None, summarize([]), issues
    )
    return AnalysisResult(analysis.to_json(), False, fingerprint, issues)


def _reuse(
    previous: Mapping[str, object],
    fingerprint: str,
    *,
    full: bool,
    now: datetime,
    options: AnalysisOptions,
) -> AnalysisResult | None:
    """The previous analysis marked as reused, when it still describes this directory."""
    if previous.get("fingerprint") != fingerprint:
        return None
    if full and previous.get("analysis_type") != "full":
        return None
    issues = previous.get("issues")
    if not isinstance(issues, list):
        return None
    try:
        findings = [Finding.from_json(item) for item in issues if item.get("type") != STALE.type]
    except (AttributeError, KeyError, TypeError, ValueError):
        logger.warning("previous analysis has malformed issues: analyzing afresh")
        return None
    stale = _stale_now(previous.get("git"), now, options.thresholds.stale_days)
    findings.extend([stale] if stale is not None else [])
    data = copy.deepcopy(dict(previous))
    data.update(
        reused=True,
        reused_from=previous.get("reused_from")
        if previous.get("reused")
        else previous.get("timestamp"),
        timestamp=iso(now),
        issues=[finding.to_json() for finding in findings],
    )
    return AnalysisResult(data, True, fingerprint, tuple(findings))


def _stale_now(git_data: object, now: datetime, stale_days: int) -> Finding | None:
    """Re-judge staleness at `now`: the one rule that changes without any commit."""
    if not isinstance(git_data, Mapping):
        return None
    last = git_data.get("last_commit")
    stamp = last.get("committed_at") if isinstance(last, Mapping) else None
    if not isinstance(stamp, str):
        return None
    return stale_finding(parse_iso(stamp), now, stale_days)
