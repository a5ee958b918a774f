"""Routing rules at every boundary: kinds, globs, owners, min_status, quiet hours, groups, cycles."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hms_status.domain.enums import Status
from hms_status.domain.notify_routing import (
    ChannelRule,
    EventFacts,
    Group,
    QuietHours,
    group_red,
    level,
    matches,
    owner_name,
    selected,
)

ALL = frozenset({"status_changed", "recovered", "ticket_opened", "ticket_resolved"})


def red(component: str = "HMS-API", owner: str = "") -> EventFacts:
    return EventFacts("status_changed", component, owner, Status.GREEN, Status.RED)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (EventFacts("status_changed", "X", "", Status.RED, Status.YELLOW), Status.YELLOW),
        (EventFacts("recovered", "X", "", Status.RED, Status.GREEN), Status.RED),
        (EventFacts("ticket_opened", "X", ticket_severity="critical"), Status.RED),
        (EventFacts("ticket_opened", "X", ticket_severity="low"), Status.YELLOW),
        (EventFacts("ticket_resolved", "X", ticket_severity=None), Status.YELLOW),
    ],
)
def test_level_of_each_kind(facts: EventFacts, expected: Status) -> None:
    assert level(facts) == expected


@pytest.mark.parametrize(
    ("min_status", "new", "taken"),
    [
        (Status.GREEN, Status.GREEN, True),
        (Status.YELLOW, Status.GREEN, False),
        (Status.YELLOW, Status.YELLOW, True),
        (Status.YELLOW, Status.RED, True),
        (Status.RED, Status.YELLOW, False),
        (Status.RED, Status.RED, True),
        (Status.GREEN, Status.UNKNOWN, False),
    ],
)
def test_min_status_orders_green_yellow_red(min_status: Status, new: Status, taken: bool) -> None:
    rule = ChannelRule("ops", ALL, ("*",), min_status)
    assert matches(rule, EventFacts("status_changed", "X", "", Status.GREEN, new)) is taken


def test_events_filter_kinds() -> None:
    rule = ChannelRule("tickets", frozenset({"ticket_opened"}), ("*",), Status.GREEN)
    assert not matches(rule, red())
    assert matches(rule, EventFacts("ticket_opened", "X", ticket_severity="high"))


@pytest.mark.parametrize(
    ("selectors", "component", "owner", "taken"),
    [
        (("*",), "HMS-API", "", True),
        (("HMS-*",), "HMS-API", "", True),
        (("HMS-*",), "hms-api", "", False),  # globs are case-sensitive, like IDs
        (("HMS-?PI",), "HMS-API", "", True),
        (("owner:team-a",), "HMS-API", "team-a", True),
        (("owner:team-a",), "HMS-API", "group:default/team-a", True),
        (("owner:Team-A",), "HMS-API", "group:team-a", True),
        (("owner:team-a",), "HMS-API", "team-b", False),
        (("owner:team-a",), "HMS-API", "", False),
        (("owner:team-a", "HMS-DOC"), "HMS-DOC", "", True),
        ((), "HMS-API", "team-a", False),
    ],
)
def test_selectors(selectors: tuple[str, ...], component: str, owner: str, taken: bool) -> None:
    assert selected(selectors, component, owner) is taken


def test_owner_name_drops_kind_and_namespace() -> None:
    assert owner_name("group:default/Team-A") == "team-a"
    assert owner_name("user:jane") == "jane"
    assert owner_name("team-a") == "team-a"


@pytest.mark.parametrize(
    ("span", "at", "quiet"),
    [
        ("22:00-07:00", time(21, 59), False),
        ("22:00-07:00", time(22, 0), True),
        ("22:00-07:00", time(23, 59, 59), True),
        ("22:00-07:00", time(0, 0), True),
        ("22:00-07:00", time(6, 59, 59), True),
        ("22:00-07:00", time(7, 0), False),
        ("09:00-17:30", time(8, 59), False),
        ("09:00-17:30", time(9, 0), True),
        ("09:00-17:30", time(17, 29), True),
        ("09:00-17:30", time(17, 30), False),
    ],
)
def test_quiet_hours_include_the_start_and_exclude_the_end(
    span: str, at: time, quiet: bool
) -> None:
    assert QuietHours.parse(span).contains(at) is quiet


def test_quiet_hours_refuse_other_text() -> None:
    with pytest.raises(ValueError, match="HH:MM-HH:MM"):
        QuietHours.parse("22-7")


def test_a_dependency_and_its_dependents_make_one_group() -> None:
    graph = {"API": ["DB"], "WEB": ["API"], "DOC": []}
    assert group_red({"API", "DB", "WEB", "DOC"}, graph) == [Group("DB", ("API", "WEB"))]


def test_a_red_dependency_through_a_green_one_still_groups() -> None:
    graph = {"WEB": ["API"], "API": ["DB"]}
    assert group_red({"WEB", "DB"}, graph) == [Group("DB", ("WEB",))]


def test_unrelated_reds_stay_alone() -> None:
    assert group_red({"A", "B"}, {"A": ["C"], "B": ["C"]}) == []


def test_a_cycle_of_reds_ends_with_the_smallest_as_root() -> None:
    graph = {"A": ["B"], "B": ["C"], "C": ["A"], "D": ["B"]}
    assert group_red({"A", "B", "C", "D"}, graph) == [Group("A", ("B", "C", "D"))]


def test_a_dependent_of_two_roots_goes_with_the_smaller() -> None:
    graph = {"APP": ["DB", "CACHE"]}
    assert group_red({"APP", "DB", "CACHE"}, graph) == [Group("CACHE", ("APP",))]


def test_a_component_depending_on_itself_is_alone() -> None:
    assert group_red({"A"}, {"A": ["A"]}) == []


names = st.sampled_from([f"C{i}" for i in range(8)])


@given(
    st.sets(names, min_size=1),
    st.dictionaries(names, st.lists(names, max_size=4)),
)
def test_every_red_is_told_exactly_once(reds: set[str], graph: dict[str, list[str]]) -> None:
    """Whatever the graph (cycles included): each red component is a root with its own alert,
    a dependent in exactly one group, or alone; the walk always ends."""
    groups = group_red(reds, graph)
    dependents = [d for g in groups for d in g.dependents]
    assert len(dependents) == len(set(dependents))
    assert {g.root for g in groups}.isdisjoint(dependents)
    assert set(dependents) | {g.root for g in groups} <= reds
