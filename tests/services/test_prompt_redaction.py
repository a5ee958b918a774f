"""What the model is sent: secrets masked as .env values are, bounded texts, the IDs it cites."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hms_status.domain.enums import Severity, TicketState
from hms_status.domain.ticket_record import TicketRecord
from hms_status.envfiles import mask
from hms_status.services.prompt_redaction import PRIVATE_KEY, scrub
from hms_status.services.suggest_prompt import (
    DESCRIPTION_CHARS,
    INSTRUCTIONS,
    MAX_EVIDENCE,
    cited_ids,
    prompt,
)


@dataclass(frozen=True)
class Hit:
    ticket_id: str
    title: str
    resolution: str | None
    score: float


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("API_KEY=sk_live_abcdefghijklmnopqrstuvwx", f"API_KEY={mask('sk_live_abcdefghijklmnopqrstuvwx')}"),
        ("password: hunter2", "password: *******"),
        ("db_password = 'pa55'", "db_password = '****'"),
        ('client_secret="q1w2e3r4t5y6"', 'client_secret="q1********"'),
        ("STRIPE_KEY=abc", "STRIPE_KEY=***"),
        ("https://user:tok3n@git.example.com/x.git", "https://****@git.example.com/x.git"),
        ("Authorization: Bearer abc.def.ghi123", "Authorization: ****** ab********"),
        ("key AKIAIOSFODNN7EXAMPLE here", "key AK******** here"),
        ("ghp_0123456789abcdefghijABCDEFGHIJ012345", "gh********"),
        ("commit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", "commit 9f********"),
        ("blob wQZpRNGal2D+7Be2y7pb8/pgF27bd1wUzurkRmb1 end", "blob wQ******** end"),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----", PRIVATE_KEY),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA", PRIVATE_KEY),
    ],
)  # fmt: skip
def test_secrets_are_masked_as_env_values_are(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "missing env key: DATABASE_URL in .env",
        "test_login_fails_after_30s_timeout failed at src/api/client.py:42",
        "ReadTimeout after 10 s calling /pay on HMS-API-integration-suite-2024",
        "[WT-HMS-TOKEN-SERVICE-001] token refresh fails",
        "services/payments/handlers/v2/refund returned 500",
    ],
)
def test_ordinary_ticket_text_is_left_as_it_is(text: str) -> None:
    assert scrub(text) == text


def _ticket(description: str = "", test: str | None = None) -> TicketRecord:
    return TicketRecord(
        "WT-HMS-API-007", "HMS-API", "Payment client times out", Severity.MEDIUM,
        TicketState.OPEN, "2026-11-29T00:00:00.000000Z", description=description, test=test,
    )  # fmt: skip


def test_the_prompt_holds_the_ticket_and_the_evidence_in_order() -> None:
    hits = [
        Hit("WT-HMS-DOC-001", "Timeout", "Raised it", 0.91),
        Hit("WT-HMS-DOC-002", "X", None, 0.5),
    ]
    system, user = prompt(_ticket("ReadTimeout", "tests/test_pay.py::test_pay"), hits)
    assert (system.role, system.content, user.role) == ("system", INSTRUCTIONS, "user")
    assert user.content.splitlines() == [
        "New ticket [WT-HMS-API-007] Payment client times out",
        "Component: HMS-API",
        "Failing test: tests/test_pay.py::test_pay",
        "Description:",
        "ReadTimeout",
        "",
        "Resolved tickets, most similar first:",
        "1. [WT-HMS-DOC-001] Timeout (score 0.91)",
        "   Resolution: Raised it",
        "2. [WT-HMS-DOC-002] X (score 0.50)",
        "   Resolution: (none recorded)",
    ]


def test_texts_and_evidence_are_bounded() -> None:
    hits = [Hit(f"WT-HMS-DOC-{n:03d}", "t", "r", 0.5) for n in range(1, MAX_EVIDENCE + 3)]
    _, user = prompt(_ticket("word " * DESCRIPTION_CHARS), hits)
    assert f"[WT-HMS-DOC-{MAX_EVIDENCE:03d}]" in user.content
    assert f"[WT-HMS-DOC-{MAX_EVIDENCE + 1:03d}]" not in user.content
    assert len(user.content) < DESCRIPTION_CHARS + 60 * (MAX_EVIDENCE + 3)


def test_cited_ids_are_the_given_ones_named_as_whole_ids() -> None:
    hits = [Hit(f"WT-HMS-DOC-{n:03d}", "t", "r", 0.5) for n in (1, 2, 10)]
    answer = "Do as in [wt-hms-doc-010] and WT-HMS-DOC-0011, not WT-HMS-DOC-001x; WT-HMS-OTHER-001."
    assert cited_ids(answer, hits) == ("WT-HMS-DOC-010",)
    assert cited_ids("WT-HMS-DOC-002, then WT-HMS-DOC-001.", hits) == (
        "WT-HMS-DOC-001",
        "WT-HMS-DOC-002",
    )
