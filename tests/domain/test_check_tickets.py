"""The ticket rules for environment checks and analyzer findings, as plain values."""

from __future__ import annotations

from hms_status.domain.check_tickets import (
    ENVIRONMENT_SOURCE,
    KeyedTicket,
    Observation,
    Problem,
    merge,
    plan_for_observation,
    resolution,
    scope_of,
    short_title,
    subject_key,
)
from hms_status.domain.enums import Severity, TicketState

NODE = Problem("tools/missing_tool/node", "node is missing", "node is not installed", Severity.HIGH)
KEYS = Problem("env_file/env_missing_keys", ".env lacks keys", "2: A, B", Severity.HIGH)


def seen(*problems: Problem, judged: frozenset[str] | None = None) -> Observation:
    return Observation(ENVIRONMENT_SOURCE, problems, judged)


def ticket(problem: Problem, state: TicketState, ticket_id: str = "WT-A-001") -> KeyedTicket:
    return KeyedTicket(
        ticket_id, problem.key, state, problem.title, problem.description, problem.severity
    )


def test_a_new_problem_opens_one_ticket_and_a_known_one_none() -> None:
    assert plan_for_observation(seen(NODE), {}).open == (NODE,)
    again = plan_for_observation(seen(NODE), {NODE.key: ticket(NODE, TicketState.OPEN)})
    assert again.empty


def test_a_problem_gone_resolves_its_ticket_and_a_returning_one_reopens_it() -> None:
    open_ticket = {NODE.key: ticket(NODE, TicketState.OPEN)}
    assert plan_for_observation(seen(), open_ticket).resolve == ("WT-A-001",)
    closed = {NODE.key: ticket(NODE, TicketState.RESOLVED)}
    assert plan_for_observation(seen(NODE), closed).reopen == (("WT-A-001", NODE),)
    assert plan_for_observation(seen(), closed).empty


def test_a_changed_problem_rewrites_its_open_ticket() -> None:
    worse = Problem(KEYS.key, KEYS.title, "3: A, B, C", Severity.CRITICAL)
    plan = plan_for_observation(seen(worse), {KEYS.key: ticket(KEYS, TicketState.OPEN)})
    assert plan.rewrite == (("WT-A-001", worse),) and not plan.open


def test_a_check_that_could_not_tell_keeps_its_tickets() -> None:
    latest = {
        NODE.key: ticket(NODE, TicketState.OPEN),
        KEYS.key: ticket(KEYS, TicketState.OPEN, "WT-A-002"),
    }
    plan = plan_for_observation(seen(judged=frozenset({"env_file"})), latest)
    assert plan.resolve == ("WT-A-002",)  # tools was inconclusive: node's ticket stays open


def test_turned_off_tickets_open_nothing_and_resolve_every_open_one() -> None:
    latest = {NODE.key: ticket(NODE, TicketState.OPEN)}
    off = Observation(ENVIRONMENT_SOURCE, (KEYS,), frozenset(), enabled=False)
    plan = plan_for_observation(off, latest)
    assert plan.open == () and plan.resolve == ("WT-A-001",)
    assert resolution(off, "environment check 3").startswith(
        "Automatic environment tickets are turned off"
    )
    assert resolution(seen(), "environment check 3") == "Passes again in environment check 3"


def test_problems_sharing_a_key_make_one_ticket_of_the_worst_severity() -> None:
    low = Problem(KEYS.key, KEYS.title, "in .env", Severity.LOW)
    high = Problem(KEYS.key, "other title", "in .env.example", Severity.HIGH)
    (merged,) = merge([low, high, low])
    assert merged.severity is Severity.HIGH and merged.title == KEYS.title
    assert merged.description == "in .env\n\nin .env.example"


def test_keys_titles_and_scopes() -> None:
    assert subject_key("tools", "missing_tool", "") == "tools/missing_tool"
    assert subject_key("tools", "missing_tool", "a/b") == "tools/missing_tool/a_b"
    assert scope_of("tools/missing_tool/node") == "tools" and scope_of("stale") == "stale"
    assert short_title("\n  first\nsecond") == "first"
    assert len(short_title("x" * 500)) == 200
