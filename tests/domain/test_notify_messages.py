"""Messages: what each kind says, links, durations, digests, and hostile text per format."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hms_status.domain.enums import Status
from hms_status.domain.notify_messages import (
    HTML,
    MARKDOWN,
    TEXT,
    Links,
    NotifyEvent,
    digest_message,
    duration_text,
    event_message,
    neutralise,
    trial_message,
)

AT = "2026-11-30T12:00:00.000000Z"


def event(kind: str = "status_changed", **payload: object) -> NotifyEvent:
    body = {"old_status": "green", "new_status": "red", "reasons": ["pass rate 50% < 80%"]}
    return NotifyEvent.from_payload(7, "HMS-API:x:1", kind, "HMS-API", AT, {**body, **payload})


def test_a_status_change_names_component_statuses_reasons_and_cause() -> None:
    cause = {"source": "ci", "run_id": 12, "event_id": 40}
    message = event_message(event(cause=cause), TEXT, Links())
    assert message.title == "HMS-API: green → red"
    assert message.body.splitlines() == [
        "component: HMS-API",
        "status: green → red",
        "reason: pass rate 50% < 80%",
        "cause: ci, run 12, event 40",
        f"at: {AT}",
    ]


def test_a_recovery_says_how_long_the_problem_lasted() -> None:
    recovered = event(
        "recovered", old_status="red", new_status="green", problem_since="2026-11-30T09:55:00Z"
    )
    message = event_message(recovered, TEXT, Links())
    assert message.title == "HMS-API recovered: red → green"
    assert "problem lasted: 2h 5m" in message.body


@pytest.mark.parametrize(
    ("since", "shown"),
    [
        ("2026-11-30T12:00:00Z", "0s"),
        ("2026-11-30T11:59:15Z", "45s"),
        ("2026-11-28T11:00:00Z", "2d 1h"),
        ("2026-11-30T12:00:01Z", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_durations(since: str | None, shown: str | None) -> None:
    assert duration_text(since, AT) == shown


def test_links_to_the_dashboard_page_and_status_md_per_format() -> None:
    links = Links("https://status.example.com/", "https://git.example.com/HMS-docs/STATUS.md")
    text = event_message(event(), TEXT, links).body
    markdown = event_message(event(), MARKDOWN, links).body
    html = event_message(event(), HTML, links).body
    assert "dashboard: https://status.example.com/components/HMS-API" in text
    assert "STATUS.md: https://git.example.com/HMS-docs/STATUS.md" in text
    assert "[dashboard](https://status.example.com/components/HMS-API)" in markdown
    assert '<a href="https://status.example.com/components/HMS-API">dashboard</a>' in html


def test_a_ticket_event_keeps_outside_text_out_of_the_title() -> None:
    opened = event("ticket_opened", ticket={"id": "WT-1", "title": "@here <b>", "severity": "x"})
    message = event_message(opened, TEXT, Links())
    assert message.title == "HMS-API: ticket opened"
    assert "ticket: WT-1 @\u200bhere <b>" in message.body


def test_a_grouped_alert_lists_its_dependents() -> None:
    message = event_message(event(), TEXT, Links(), ["HMS-DOC", "HMS-WEB"])
    assert message.title == "HMS-API: green → red (root of 2 more red)"
    assert "affected dependents (2): HMS-DOC, HMS-WEB" in message.body


def test_a_digest_lists_what_was_held() -> None:
    held = [event(), event("recovered", old_status="red", new_status="green")]
    message = digest_message(held, MARKDOWN, Links("https://s.example.com"))
    assert message.title == "HMS status: 2 notifications held during quiet hours"
    assert message.body.splitlines()[0].startswith("- 2026\\-11\\-30T12:00:00\\.000000Z HMS\\-API")
    assert message.body.endswith("[dashboard](https://s.example.com)")


def test_the_test_message_names_the_channel() -> None:
    assert "channel: ops" in trial_message("ops", AT, TEXT).body


@pytest.mark.parametrize(
    ("fmt", "raw", "shown"),
    [
        (TEXT, "a\nb\rc\x00d", "a b c d"),
        (TEXT, "ping @everyone and @Here", "ping @\u200beveryone and @\u200bHere"),
        (TEXT, "<!channel> <@U123> <#C1>", "<\u200b!channel> <\u200b@U123> <\u200b#C1>"),
        (HTML, '<img src=x onerror="a">&', "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;"),
        (MARKDOWN, "[x](http://evil) *b* `c`", "\\[x\\]\\(http://evil\\) \\*b\\* \\`c\\`"),
        (MARKDOWN, "<script>", "&lt;script&gt;"),
        (MARKDOWN, "![img](u)", "\\!\\[img\\]\\(u\\)"),
    ],
)
def test_hostile_text_per_format(fmt: str, raw: str, shown: str) -> None:
    assert neutralise(raw, fmt) == shown


def test_long_text_is_cut() -> None:
    assert len(neutralise("x" * 10_000, TEXT)) == 300


@given(st.text(max_size=400))
def test_no_text_escapes_its_format(raw: str) -> None:
    """Whatever the input: no raw tag in HTML, no live markdown syntax, no line break anywhere."""
    html = neutralise(raw, HTML)
    markdown = neutralise(raw, MARKDOWN)
    for shown in (neutralise(raw, TEXT), html, markdown):
        assert "\n" not in shown and "\r" not in shown
    assert "<" not in html and ">" not in html
    assert "<" not in markdown
    assert all(markdown[i - 1] == "\\" for i, c in enumerate(markdown) if c in "[]()*_`")


def test_odd_payloads_are_read_as_empty() -> None:
    odd = NotifyEvent.from_payload(1, "k", "status_changed", "X", AT, {"reasons": "x", "ticket": 3})
    assert (odd.reasons, odd.old_status, odd.ticket_title, odd.cause) == (
        (),
        Status.UNKNOWN,
        "",
        "",
    )
