"""Work-ticket rules for environment checks and analyzer findings: which tickets to open,
reopen, rewrite and resolve (pure).

A problem is one failing check subject (``tools/missing_tool/node``) or one serious finding
(``committed_secret``), named by a subject key that stays the same from one run to the
next. The first segment of a key (up to ``/``) is its scope: the check that judges it (an
environment check id) or the analyzer rule (a finding type).

* A problem without a ticket gets one; a problem whose ticket was resolved reopens it; a
  problem whose ticket is open keeps it, rewritten when its title, description or severity
  changed. Never two tickets for one key.
* An open ticket whose problem is gone is resolved, but only when its scope was judged this
  time: a check that could not tell ("inconclusive") or did not run leaves its tickets as
  they are (not knowing is not a fix).
* When tickets are turned off for the source, no ticket is opened, reopened or rewritten,
  and every open one is resolved.
* Problems sharing a key (two findings of one kind) make one ticket: the worst severity,
  the descriptions in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hms_status.domain.enums import Severity, TicketState

ENVIRONMENT_SOURCE = "environment"
"""The source of tickets opened by failing environment checks."""
ANALYSIS_SOURCE = "analysis"
"""The source of tickets opened by analyzer findings."""
KEY_SEPARATOR = "/"
TITLE_MAX_CHARS = 200
_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2, Severity.CRITICAL: 3}


def scope_of(key: str) -> str:
    """The check or rule a subject key belongs to: its first segment."""
    return key.split(KEY_SEPARATOR, 1)[0]


def subject_key(*parts: str) -> str:
    """A subject key from its non-empty parts, e.g. ``tools/missing_tool/node``."""
    return KEY_SEPARATOR.join(part.replace(KEY_SEPARATOR, "_") for part in parts if part)


def short_title(text: str) -> str:
    """A ticket title: the text's first line, cut to TITLE_MAX_CHARS."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= TITLE_MAX_CHARS else line[: TITLE_MAX_CHARS - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One failing check subject or serious finding, as its ticket says it."""

    key: str
    """The subject key (see the module docstring)."""
    title: str
    description: str
    severity: Severity

    @property
    def scope(self) -> str:
        """The check or rule that judges this problem."""
        return scope_of(self.key)


@dataclass(frozen=True)
class Observation:
    """What one environment check or analysis saw, as the ticket rules need it."""

    source: str
    """ENVIRONMENT_SOURCE or ANALYSIS_SOURCE: the tickets' source."""
    problems: tuple[Problem, ...] = ()
    judged: frozenset[str] | None = None
    """The scopes that ran and could tell; None when every scope did."""
    enabled: bool = True
    """False when tickets from this source are turned off ([tickets] in hms-status.toml)."""
    run_name: str = ""
    """How the run is named in resolutions and history, e.g. "environment check" (the store
    adds its ID and time); the source followed by "check" when empty."""

    @property
    def name(self) -> str:
        """The run's name (see run_name)."""
        return self.run_name or f"{self.source} check"

    def judges(self, key: str) -> bool:
        """True when this observation can tell whether the problem of key is still there."""
        return self.judged is None or scope_of(key) in self.judged


@dataclass(frozen=True)
class KeyedTicket:
    """The latest ticket already filed for one subject key."""

    ticket_id: str
    key: str
    state: TicketState
    title: str
    description: str
    severity: Severity

    def says(self, problem: Problem) -> bool:
        """True when the ticket already carries the problem's title, description and severity."""
        return (self.title, self.description, self.severity) == (
            problem.title,
            problem.description,
            problem.severity,
        )


@dataclass(frozen=True)
class CheckTicketPlan:
    """What an observation does to the tickets of its source."""

    open: tuple[Problem, ...] = ()
    reopen: tuple[tuple[str, Problem], ...] = ()
    """(ticket ID, the problem it now describes)."""
    rewrite: tuple[tuple[str, Problem], ...] = ()
    """Open tickets whose title, description or severity changed: (ticket ID, problem)."""
    resolve: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing changes."""
        return not (self.open or self.reopen or self.rewrite or self.resolve)


def merge(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """One problem per key, in first-seen order: the worst severity, descriptions joined."""
    merged: dict[str, Problem] = {}
    for problem in problems:
        seen = merged.get(problem.key)
        if seen is None:
            merged[problem.key] = problem
            continue
        worst = max(seen.severity, problem.severity, key=_RANK.__getitem__)
        text = seen.description
        if problem.description not in text.split("\n\n"):
            text = f"{text}\n\n{problem.description}"
        merged[problem.key] = Problem(seen.key, seen.title, text, worst)
    return tuple(merged.values())


def plan_for_observation(
    observation: Observation, latest: Mapping[str, KeyedTicket]
) -> CheckTicketPlan:
    """Decide the ticket changes of one observation, given the latest ticket per subject key."""
    problems = merge(observation.problems) if observation.enabled else ()
    opened: list[Problem] = []
    reopened: list[tuple[str, Problem]] = []
    rewritten: list[tuple[str, Problem]] = []
    for problem in problems:
        ticket = latest.get(problem.key)
        if ticket is None:
            opened.append(problem)
        elif ticket.state is TicketState.RESOLVED:
            reopened.append((ticket.ticket_id, problem))
        elif not ticket.says(problem):
            rewritten.append((ticket.ticket_id, problem))
    present = {problem.key for problem in problems}
    resolved = tuple(
        ticket.ticket_id
        for key, ticket in latest.items()
        if ticket.state is TicketState.OPEN
        and key not in present
        and (not observation.enabled or observation.judges(key))
    )
    return CheckTicketPlan(tuple(opened), tuple(reopened), tuple(rewritten), resolved)


def resolution(observation: Observation, cause: str) -> str:
    """Why a ticket of this observation is resolved, naming the run that resolved it."""
    if not observation.enabled:
        return (
            f"Automatic {observation.source} tickets are turned off ([tickets] in "
            f"hms-status.toml): closed by {cause}"
        )
    verb = "Passes again in" if observation.source == ENVIRONMENT_SOURCE else "No longer found by"
    return f"{verb} {cause}"


def reopening(cause: str) -> str:
    """The note a reopened ticket carries, naming the run that found its problem again."""
    return f"Reopened: found again by {cause}"
