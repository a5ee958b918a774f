"""What environment checks and analyzer findings tell the ticket rules, and the ticket
snapshots their changes need.

Granularity (one ticket per subject key, see ``domain.check_tickets``):

* environment: one ticket per check, kind of problem and subject, keyed
  ``<check>/<finding type>[/<tool>]``: a missing tool or a tool at the wrong version is one
  ticket per tool (``tools/missing_tool/node``), so installing one tool closes its own
  ticket; every other problem is one ticket per check and kind, whatever it lists
  (``env-file/env_missing_keys`` is the set of keys .env lacks: a new missing key rewrites
  the open ticket, it does not open another).
* analysis: one ticket per finding type (``committed_secret``): the finding lists every
  file (and line) it is about, so one ticket tracks the component's committed secrets.

Severity comes from ``[tickets]`` in hms-status.toml: an environment finding's outcome
(failure, inconclusive, warning) or an analyzer finding's severity maps to a ticket severity
or to "none" (no ticket); see ``README.md``, "Tickets from checks and findings".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from hms_status.domain.check_tickets import (
    ANALYSIS_SOURCE,
    ENVIRONMENT_SOURCE,
    Observation,
    Problem,
    short_title,
    subject_key,
)
from hms_status.domain.enums import Severity
from hms_status.environment.model import CheckOutcome, CheckResult, EnvironmentReport
from hms_status.foundation.workspace import Workspace
from hms_status.services import snapshots

if TYPE_CHECKING:
    from hms_status.analysis.model import Finding as AnalysisFinding
    from hms_status.config_model import TicketsConfig
    from hms_status.store.facts import PartChange

NO_TICKET = "none"


def _severity(name: str) -> Severity | None:
    return None if name == NO_TICKET else Severity(name)


def environment_severities(config: TicketsConfig) -> dict[CheckOutcome, Severity | None]:
    """The ticket severity of each environment finding outcome (None: no ticket)."""
    return {
        CheckOutcome.FAILURE: _severity(config.environment_failure),
        CheckOutcome.INCONCLUSIVE: _severity(config.environment_inconclusive),
        CheckOutcome.WARNING: _severity(config.environment_warning),
        CheckOutcome.OK: None,
    }


def analysis_severities(config: TicketsConfig) -> dict[Severity, Severity | None]:
    """The ticket severity of each analyzer finding severity (None: no ticket)."""
    return {
        Severity.CRITICAL: _severity(config.analysis_critical),
        Severity.HIGH: _severity(config.analysis_high),
        Severity.MEDIUM: _severity(config.analysis_medium),
        Severity.LOW: _severity(config.analysis_low),
    }


def tool_named(description: str, tools: Iterable[str]) -> str:
    """The tool a finding is about: the one of the check's tools its description names first
    as a whole word ("node is not installed", "could not read the version of go"); "" when
    it names none."""
    found = []
    for name in tools:
        match = re.search(rf"(?<![\w.+-]){re.escape(name)}(?![\w.+-])", description)
        if match:
            found.append((match.start(), -len(name), name))
    return min(found)[2] if found else ""


def _environment_problems(
    result: CheckResult, severities: dict[CheckOutcome, Severity | None]
) -> list[Problem]:
    tools = [tool.name for tool in result.tools]
    problems = []
    for finding in result.findings:
        severity = severities[finding.outcome]
        if severity is None:
            continue
        key = subject_key(result.id, finding.type, tool_named(finding.description, tools))
        text = (
            f"{finding.description}\n\nFix: {finding.remediation}\n"
            f"Check: {result.title} ({result.id}), {finding.outcome.value}"
        )
        title = short_title(f"{result.title}: {finding.description}")
        problems.append(Problem(key, title, text, severity))
    return problems


def environment_observation(report: EnvironmentReport, config: TicketsConfig) -> Observation:
    """What one environment check tells the ticket rules: each finding whose outcome maps to
    a severity is a problem; a check that could not tell judges none of its tickets."""
    enabled = config.enabled and config.environment
    severities = environment_severities(config)
    problems = [p for result in report.results for p in _environment_problems(result, severities)]
    judged = frozenset(
        result.id for result in report.results if result.outcome is not CheckOutcome.INCONCLUSIVE
    )
    return Observation(ENVIRONMENT_SOURCE, tuple(problems), judged, enabled, "environment check")


def analysis_observation(
    findings: Sequence[AnalysisFinding], config: TicketsConfig, full: bool
) -> Observation:
    """What one analysis tells the ticket rules: each finding whose severity maps to a ticket
    severity is a problem; every rule ran, so every ticket of the source is judged."""
    severities = analysis_severities(config)
    problems = tuple(
        Problem(
            subject_key(finding.type),
            short_title(finding.description),
            f"{finding.description}\n\nFix: {finding.remediation}\n"
            f"Finding: {finding.type}, {finding.severity.value}",
            severity,
        )
        for finding in findings
        if (severity := severities[finding.severity]) is not None
    )
    enabled = config.enabled and config.analysis
    name = "full analysis" if full else "quick analysis"
    return Observation(ANALYSIS_SOURCE, problems, None, enabled, name)


def publish(ws: Workspace, change: PartChange) -> None:
    """Write the snapshots of the tickets a part report changed, and the component's issues."""
    touched = change.tickets_touched
    if not touched:
        return
    from hms_status.store import tickets_repo

    with ws.store.reading() as conn:
        rows = [tickets_repo.get(conn, ticket) for ticket in touched]
    from hms_status.services.suggestions import for_opened

    found = for_opened(ws, [row for row in rows if row.ticket_id in change.tickets_opened])
    for row in rows:
        snapshots.write_ticket(ws.settings, row, found.get(row.ticket_id))
    snapshots.write_issues(ws, change.component_id)
