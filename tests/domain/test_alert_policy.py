"""The alert policy at every boundary: confirmation, recovery, flapping, unknown, first sight."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hms_status.domain.alert_policy import (
    DEFAULT_CONFIRM_AFTER,
    DEFAULT_RECOVER_AFTER,
    MAX_OBSERVATIONS,
    Alert,
    AlertKind,
    AlertPolicyConfig,
    AlertState,
    observe,
)
from hms_status.domain.enums import Status
from hms_status.errors import ConfigError

G, Y, R, U = Status.GREEN, Status.YELLOW, Status.RED, Status.UNKNOWN
T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def at(minute: int) -> datetime:
    return T0 + timedelta(minutes=minute)


def run(
    statuses: Iterable[Status], cfg: AlertPolicyConfig, state: AlertState | None = None
) -> tuple[AlertState, list[tuple[int, Alert]]]:
    """Observe statuses one a minute; the final state and (minute, alert) for each alert."""
    state = state or AlertState()
    sent: list[tuple[int, Alert]] = []
    for minute, status in enumerate(statuses):
        state, alerts = observe(state, status, at(minute), cfg)
        sent.extend((minute, alert) for alert in alerts)
    return state, sent


def kinds(sent: list[tuple[int, Alert]]) -> list[tuple[int, AlertKind, Status, Status]]:
    return [(m, a.kind, a.old_status, a.new_status) for m, a in sent]


def test_the_defaults_alert_on_a_second_red_and_recover_on_the_first_green() -> None:
    cfg = AlertPolicyConfig()
    assert (cfg.confirm_after, cfg.recover_after) == (2, 1)
    assert (DEFAULT_CONFIRM_AFTER, DEFAULT_RECOVER_AFTER) == (2, 1)
    _, sent = run([G, R, R, G], cfg)
    assert kinds(sent) == [
        (2, AlertKind.STATUS_CHANGED, G, R),
        (3, AlertKind.RECOVERED, R, G),
    ]


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_a_new_status_alerts_on_exactly_its_nth_observation(n: int) -> None:
    cfg = AlertPolicyConfig(confirm_after=n)
    state, sent = run([G, *[R] * (n - 1)], cfg)
    assert sent == []
    assert (state.candidate_status, state.candidate_count) == ((R, n - 1) if n > 1 else (None, 0))
    state, alerts = observe(state, R, at(n), cfg)
    assert [(a.kind, a.old_status, a.new_status) for a in alerts] == [
        (AlertKind.STATUS_CHANGED, G, R)
    ]
    assert state == AlertState(alerted_status=R, problem_since=at(1))
    _, more = run([R] * 5, cfg, state)
    assert more == [], "a confirmed status is announced once"


@pytest.mark.parametrize("n", [1, 2, 4])
def test_recovery_needs_exactly_recover_after_greens(n: int) -> None:
    cfg = AlertPolicyConfig(confirm_after=1, recover_after=n)
    state, sent = run([G, R, *[G] * (n - 1)], cfg)
    assert kinds(sent) == [(1, AlertKind.STATUS_CHANGED, G, R)]
    state, alerts = observe(state, G, at(n + 1), cfg)
    (alert,) = alerts
    assert (alert.kind, alert.old_status, alert.new_status) == (AlertKind.RECOVERED, R, G)
    assert alert.problem_since == at(1)
    assert alert.problem_seconds == n * 60.0
    assert state == AlertState(alerted_status=G)


def test_recovery_and_confirmation_counts_are_separate() -> None:
    cfg = AlertPolicyConfig(confirm_after=3, recover_after=1)
    _, sent = run([G, Y, Y, Y, G], cfg)
    assert kinds(sent) == [(3, AlertKind.STATUS_CHANGED, G, Y), (4, AlertKind.RECOVERED, Y, G)]


def test_flapping_sends_nothing_until_a_status_holds() -> None:
    cfg = AlertPolicyConfig(confirm_after=2)
    _, sent = run([G, R, G, R, G, R, G], cfg)
    assert sent == []
    state, sent = run([G, R, G, R, R], cfg)
    assert kinds(sent) == [(4, AlertKind.STATUS_CHANGED, G, R)]
    assert state.problem_since == at(3), "the problem dates from the red that held"


def test_flapping_back_from_a_problem_sends_no_recovery_until_green_holds() -> None:
    cfg = AlertPolicyConfig(confirm_after=1, recover_after=2)
    _, sent = run([G, R, G, R, G, R], cfg)
    assert kinds(sent) == [(1, AlertKind.STATUS_CHANGED, G, R)]


def test_a_candidate_that_changes_starts_counting_again() -> None:
    cfg = AlertPolicyConfig(confirm_after=2)
    state, sent = run([G, Y, R], cfg)
    assert sent == []
    assert (state.candidate_status, state.candidate_count, state.candidate_since) == (R, 1, at(2))
    _, sent = run([G, Y, R, R], cfg)
    assert kinds(sent) == [(3, AlertKind.STATUS_CHANGED, G, R)]


def test_a_change_between_problems_keeps_when_the_problem_began() -> None:
    cfg = AlertPolicyConfig(confirm_after=1)
    state, sent = run([G, Y, R, Y], cfg)
    assert kinds(sent) == [
        (1, AlertKind.STATUS_CHANGED, G, Y),
        (2, AlertKind.STATUS_CHANGED, Y, R),
        (3, AlertKind.STATUS_CHANGED, R, Y),
    ]
    assert {a.problem_since for _, a in sent} == {at(1)}
    state, alerts = observe(state, G, at(10), cfg)
    assert alerts[0].problem_seconds == 9 * 60.0


def test_red_to_yellow_needs_confirmation_not_recovery() -> None:
    cfg = AlertPolicyConfig(confirm_after=3, recover_after=1)
    _, sent = run([R, Y, Y], cfg)
    assert sent == []
    _, sent = run([R, Y, Y, Y], cfg)
    assert kinds(sent) == [(3, AlertKind.STATUS_CHANGED, R, Y)]


def test_the_first_observation_is_silent_whatever_its_colour() -> None:
    cfg = AlertPolicyConfig(confirm_after=1)
    for status in (G, Y, R):
        state, alerts = observe(AlertState(), status, T0, cfg)
        assert alerts == ()
        assert state.alerted_status is status
        assert state.problem_since == (None if status is G else T0)


def test_a_component_first_seen_red_announces_its_recovery_with_the_duration_known() -> None:
    cfg = AlertPolicyConfig()
    _, sent = run([R, R, R, G], cfg)
    ((minute, alert),) = sent
    assert (minute, alert.kind, alert.problem_since, alert.problem_seconds) == (
        3,
        AlertKind.RECOVERED,
        at(0),
        180.0,
    )


def test_unknown_is_no_observation() -> None:
    cfg = AlertPolicyConfig(confirm_after=2)
    assert observe(AlertState(), U, T0, cfg) == (AlertState(), ())
    state, sent = run([U, U, G, U, R, U, R], cfg)
    assert kinds(sent) == [(6, AlertKind.STATUS_CHANGED, G, R)], "unknown neither resets nor counts"
    assert state.alerted_status is R
    assert state.problem_since == at(4)


def test_seeing_the_announced_status_again_drops_the_candidate() -> None:
    cfg = AlertPolicyConfig(confirm_after=3)
    state, _ = run([G, R, R], cfg)
    assert state.candidate_count == 2
    state, alerts = observe(state, G, at(3), cfg)
    assert alerts == () and state == AlertState(alerted_status=G)


def test_a_problem_that_ended_before_it_began_reports_no_negative_duration() -> None:
    cfg = AlertPolicyConfig(confirm_after=1)
    state = AlertState(alerted_status=R, problem_since=at(5))
    _, (alert,) = observe(state, G, at(0), cfg)
    assert alert.problem_seconds == 0.0


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("confirm_after", 0),
        ("confirm_after", MAX_OBSERVATIONS + 1),
        ("recover_after", -1),
        ("recover_after", True),
        ("confirm_after", 2.0),
        ("recover_after", "1"),
    ],
)
def test_out_of_range_settings_are_one_line_config_errors(key: str, value: object) -> None:
    with pytest.raises(ConfigError) as caught:
        AlertPolicyConfig(**{key: value})  # type: ignore[arg-type]
    text = caught.value.one_line()
    assert f"[notify] {key} must be a whole number from 1 to {MAX_OBSERVATIONS}" in text
    assert "\n" not in text


def test_the_limits_themselves_are_accepted() -> None:
    AlertPolicyConfig(confirm_after=1, recover_after=MAX_OBSERVATIONS)
    AlertPolicyConfig(confirm_after=MAX_OBSERVATIONS, recover_after=1)


@given(
    st.lists(st.sampled_from([G, Y, R, U]), max_size=40),
    st.integers(1, 4),
    st.integers(1, 4),
)
def test_alerts_always_tell_a_consistent_story(
    statuses: list[Status], confirm_after: int, recover_after: int
) -> None:
    """Each alert starts from the status the previous one announced, never announces what
    is already announced, recovers only to green, and every alert is preceded by enough
    observations of its new status in a row."""
    cfg = AlertPolicyConfig(confirm_after, recover_after)
    state, sent = run(statuses, cfg)
    known = [s for s in statuses if s is not U]
    announced = known[0] if known else None
    for minute, alert in sent:
        assert alert.old_status is announced and alert.new_status is not announced
        assert (alert.kind is AlertKind.RECOVERED) == (alert.new_status is G)
        needed = cfg.needed(alert.old_status, alert.new_status)
        seen = [s for s in statuses[: minute + 1] if s is not U][-needed:]
        assert seen == [alert.new_status] * needed
        announced = alert.new_status
    assert state.alerted_status is announced
