"""Which channel is told of which event: kinds, components, owners, levels, quiet hours, groups.

Pure: plain values in, decisions out. The rules, exactly:

- A channel takes an event when its kind is in the channel's ``events``, its component is
  selected, and its level is at least the channel's ``min_status`` (green < yellow < red).
- Selected: any selector matches. ``owner:NAME`` matches the component's owner, compared
  without a Backstage kind or namespace ("group:default/team-a" is "team-a") and ignoring
  case; any other selector is a glob on the component ID (``fnmatchcase``: case counts).
- Level: a ``status_changed`` event's new status; a ``recovered`` event's old status (you
  hear of the end of a problem you were told of); a ticket event is red when the ticket is
  critical, else yellow.
- Quiet hours ``HH:MM-HH:MM`` hold from the start minute up to (not including) the end
  minute; a span whose end is earlier than its start runs over midnight.
- Dependency grouping, over one batch of red transitions: a red component whose dependency
  (direct or not, through any component) is red too is grouped under that root. A root is a
  red component none of whose red dependencies is outside its own cycle; in a cycle of red
  components the smallest ID is the root and the others its dependents. A dependent with
  several roots goes with the smallest. The walk marks what it has seen, so cycles end.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time

from hms_status.domain.enums import Status

RANK = {Status.UNKNOWN: 0, Status.GREEN: 1, Status.YELLOW: 2, Status.RED: 3}
"""The order of min_status: unknown below green below yellow below red."""
OWNER_PREFIX = "owner:"
STATUS_CHANGED = "status_changed"
RECOVERED = "recovered"
TICKET_OPENED = "ticket_opened"
TICKET_RESOLVED = "ticket_resolved"
_QUIET = re.compile(r"(\d\d):(\d\d)-(\d\d):(\d\d)")


@dataclass(frozen=True)
class ChannelRule:
    """What one channel wants to hear of."""

    name: str
    events: frozenset[str]
    selectors: tuple[str, ...] = ("*",)
    """Component ID globs, or ``owner:NAME``."""
    min_status: Status = Status.YELLOW


@dataclass(frozen=True)
class EventFacts:
    """What routing needs to know of one event."""

    kind: str
    component_id: str
    owner: str = ""
    old_status: Status = Status.UNKNOWN
    new_status: Status = Status.UNKNOWN
    ticket_severity: str | None = None


def status_of(value: object) -> Status:
    """A status from stored text; anything unknown is UNKNOWN."""
    try:
        return Status(str(value))
    except ValueError:
        return Status.UNKNOWN


def level(facts: EventFacts) -> Status:
    """How serious an event is, for min_status (see the module docstring)."""
    if facts.kind == STATUS_CHANGED:
        return facts.new_status
    if facts.kind == RECOVERED:
        return facts.old_status
    return Status.RED if facts.ticket_severity == "critical" else Status.YELLOW


def owner_name(owner: str) -> str:
    """An owner without Backstage kind and namespace, lower case: "group:default/A" is "a"."""
    name = owner.strip().split(":", 1)[-1]
    return name.rsplit("/", 1)[-1].lower()


def selected(selectors: Iterable[str], component_id: str, owner: str) -> bool:
    """True when any selector (glob or owner:NAME) picks the component."""
    for selector in selectors:
        if selector.startswith(OWNER_PREFIX):
            wanted = owner_name(selector[len(OWNER_PREFIX) :])
            if owner and owner_name(owner) == wanted:
                return True
        elif fnmatch.fnmatchcase(component_id, selector):
            return True
    return False


def matches(rule: ChannelRule, facts: EventFacts) -> bool:
    """True when the channel takes the event."""
    return (
        facts.kind in rule.events
        and selected(rule.selectors, facts.component_id, facts.owner)
        and RANK[level(facts)] >= RANK[rule.min_status]
    )


@dataclass(frozen=True)
class QuietHours:
    """A daily span of local time during which messages are held for a digest."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """Read "HH:MM-HH:MM"; ValueError for anything else (config has checked it already)."""
        found = _QUIET.fullmatch(text.strip())
        if found is None:
            raise ValueError(f"quiet hours must be HH:MM-HH:MM, got {text!r}")
        h1, m1, h2, m2 = (int(part) for part in found.groups())
        return cls(time(h1, m1), time(h2, m2))

    def contains(self, moment: time) -> bool:
        """True when a local time of day lies in the span (start included, end not)."""
        at = moment.replace(second=0, microsecond=0, tzinfo=None)
        if self.start <= self.end:
            return self.start <= at < self.end
        return at >= self.start or at < self.end


@dataclass(frozen=True)
class Group:
    """One grouped alert: the root dependency and the red components that depend on it."""

    root: str
    dependents: tuple[str, ...] = field(default_factory=tuple)


def reachable(start: str, depends_on: Mapping[str, Sequence[str]]) -> set[str]:
    """Every component start depends on, directly or not (start itself only through a cycle)."""
    seen: set[str] = set()
    stack = list(depends_on.get(start, ()))
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(depends_on.get(node, ()))
    return seen


def group_red(red: Iterable[str], depends_on: Mapping[str, Sequence[str]]) -> list[Group]:
    """The grouped alerts of a batch of red components; a component in no group is alone.

    Only roots with at least one dependent are returned, sorted by root.
    """
    reds = set(red)
    deps = {c: reachable(c, depends_on) & reds - {c} for c in reds}
    cycle_mates = {c: {d for d in deps[c] if c in deps[d]} for c in reds}
    roots: dict[str, str] = {}
    for c in sorted(reds):
        if deps[c] <= cycle_mates[c]:
            roots[c] = min(cycle_mates[c] | {c})
    members: dict[str, list[str]] = {}
    for c in sorted(reds):
        root = roots.get(c)
        if root is None:
            root = min(roots[d] for d in deps[c] if d in roots)
        if root != c:
            members.setdefault(root, []).append(c)
    return [Group(root, tuple(members[root])) for root in sorted(members)]
