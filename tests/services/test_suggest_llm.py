"""The optional language model end to end: a real local OpenAI-compatible endpoint, a real store.

Tickets are recorded through the tracker's services, the model is configured in the root's
hms-status.toml, and each test reads what the endpoint received and what the store kept, on
SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.services.llm_endpoint import Endpoint

from hms_status.config import load_settings
from hms_status.errors import InputError, NotFoundError, ServiceError
from hms_status.foundation.workspace import Workspace
from hms_status.services import tracking
from hms_status.services.suggest_llm import ModelError, latest_answer, rewrite

KEY_ENV = "HMS_TEST_LLM_KEY"
KEY = "sk-fake-key-for-tests-000111"
ENV = {KEY_ENV: KEY}


@dataclass(frozen=True)
class Hit:
    """A retrieved suggestion as the retrieval hands it over."""

    ticket_id: str
    title: str
    resolution: str | None
    score: float


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    """A local endpoint that is listening."""
    found = Endpoint().up()
    yield found
    found.down()


def _workspace(root: Path, store_url: str, llm: str | None) -> Workspace:
    if llm is not None:
        with (root / "hms-status.toml").open("a", encoding="utf-8") as config:
            config.write(f"\n[suggest.llm]\n{llm}\n")
    return Workspace(load_settings(root, {}, store_url))


def _llm(endpoint: Endpoint, *, key: bool = True, timeout_s: float = 30.0) -> str:
    lines = [f'base_url = "{endpoint.base_url}"', 'model = "fake-model"']
    lines += [f'api_key_env = "{KEY_ENV}"'] if key else []
    lines += [f"timeout_s = {timeout_s}", "max_tokens = 123"]
    return "\n".join(lines)


@pytest.fixture
def ws(hms_root: Path, store_url: str, endpoint: Endpoint) -> Iterator[Workspace]:
    """A workspace whose [suggest.llm] is the local endpoint, its key in ENV."""
    found = _workspace(hms_root, store_url, _llm(endpoint))
    yield found
    found.close()


def _ticket(ws: Workspace, title: str, description: str = "") -> str:
    recorded = tracking.open_issue(ws, "HMS-API", title, "medium", description)
    assert recorded.ticket is not None
    return recorded.ticket.ticket_id


def _evidence(ws: Workspace) -> list[Hit]:
    """Two resolved tickets of HMS-DOC to rewrite."""
    hits = []
    for title, resolution in (
        ("Upstream timeout in payment client", "Raised the client timeout to 30 s"),
        ("Missing DATABASE_URL in .env", "Added DATABASE_URL to .env.example"),
    ):
        recorded = tracking.open_issue(ws, "HMS-DOC", title, "medium")
        assert recorded.ticket is not None
        tracking.resolve(ws, recorded.ticket.ticket_id, resolution)
        hits.append(Hit(recorded.ticket.ticket_id, title, resolution, 0.9 - len(hits) / 10))
    return hits


def test_the_request_has_the_openai_shape_and_the_key_from_the_environment(
    ws: Workspace, endpoint: Endpoint
) -> None:
    hits = _evidence(ws)
    ticket = _ticket(ws, "Payment client times out", "ReadTimeout after 10 s calling /pay")
    rewrite(ws, ticket, hits, env=ENV)
    (request,) = endpoint.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    body = request.body
    assert body["model"] == "fake-model"
    assert body["max_tokens"] == 123
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    user = body["messages"][1]["content"]
    assert f"[{ticket}] Payment client times out" in user
    assert "ReadTimeout after 10 s calling /pay" in user
    for hit in hits:
        assert f"[{hit.ticket_id}] {hit.title}" in user
        assert f"Resolution: {hit.resolution}" in user
    assert "[WT-" in body["messages"][0]["content"]


def test_the_answer_is_stored_beside_the_evidence_with_the_ids_it_names(
    ws: Workspace, endpoint: Endpoint
) -> None:
    hits = _evidence(ws)
    ticket = _ticket(ws, "Payment client times out")
    assert latest_answer(ws, ticket) is None
    text = f"Raise the timeout as in [{hits[0].ticket_id.lower()}]; see also WT-HMS-XYZ-001."
    endpoint.answer(text, model="fake-model-2024")
    answer = rewrite(ws, ticket, hits, env=ENV)
    assert answer is not None
    assert answer.ticket_id == ticket
    assert answer.answer == text
    assert answer.model == "fake-model-2024"
    assert answer.cited == (hits[0].ticket_id,)
    assert latest_answer(ws, ticket) == answer
    endpoint.answer(f"Both: {hits[1].ticket_id} and {hits[0].ticket_id}.")
    newer = rewrite(ws, ticket, hits, env=ENV)
    assert newer is not None
    assert newer.cited == (hits[0].ticket_id, hits[1].ticket_id)
    assert latest_answer(ws, ticket) == newer
    assert latest_answer(ws, hits[0].ticket_id) is None


def test_a_secret_in_the_ticket_is_never_sent(ws: Workspace, endpoint: Endpoint) -> None:
    secrets = (
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "hunter2hunter2",
        "s3cr3t-pa55",
        "ghp_0123456789abcdefghijABCDEFGHIJ012345",
        "AKIAIOSFODNN7EXAMPLE",
    )
    description = (
        f"Login fails. STRIPE_API_KEY={secrets[0]} password: {secrets[1]}\n"
        f"db at postgres://admin:{secrets[2]}@db.internal:5432/app token {secrets[3]}\n"
        f"aws {secrets[4]}"
    )
    hits = _evidence(ws)
    ticket = _ticket(ws, "Login fails with a 401", description)
    rewrite(
        ws, ticket, [*hits[:1], Hit(hits[1].ticket_id, "t", f"rotated {secrets[3]}", 0.5)], env=ENV
    )
    (request,) = endpoint.requests
    raw = request.raw.decode()
    for secret in secrets:
        assert secret not in raw
    assert "Login fails" in raw
    assert "STRIPE_API_KEY=sk********" in request.body["messages"][1]["content"]


def test_nothing_is_called_when_no_model_is_configured(
    hms_root: Path, store_url: str, endpoint: Endpoint
) -> None:
    ws = _workspace(hms_root, store_url, None)
    try:
        hits = _evidence(ws)
        ticket = _ticket(ws, "Payment client times out")
        assert rewrite(ws, ticket, hits, env=ENV) is None
        assert latest_answer(ws, ticket) is None
    finally:
        ws.close()
    assert endpoint.requests == []


def test_nothing_is_called_without_evidence(ws: Workspace, endpoint: Endpoint) -> None:
    ticket = _ticket(ws, "Something new")
    assert rewrite(ws, ticket, [], env=ENV) is None
    assert endpoint.requests == []


def test_without_api_key_env_no_authorization_is_sent(
    hms_root: Path, store_url: str, endpoint: Endpoint
) -> None:
    ws = _workspace(hms_root, store_url, _llm(endpoint, key=False))
    try:
        answer = rewrite(ws, _ticket(ws, "Payment client times out"), _evidence(ws), env={})
    finally:
        ws.close()
    assert answer is not None
    (request,) = endpoint.requests
    assert "Authorization" not in request.headers


def test_an_unset_key_variable_is_a_model_error_and_nothing_is_sent(
    ws: Workspace, endpoint: Endpoint
) -> None:
    hits = _evidence(ws)
    ticket = _ticket(ws, "Payment client times out")
    with pytest.raises(ModelError, match=KEY_ENV):
        rewrite(ws, ticket, hits, env={})
    assert endpoint.requests == []


@pytest.mark.parametrize(
    ("status", "reply", "says"),
    [
        (500, {"error": {"message": f"boom, your key {KEY} broke us"}}, "answered 500: boom"),
        (401, {"error": {"message": "invalid key"}}, "refused the key (401)"),
        (429, {"error": {"message": "rate limited"}}, "answered 429: rate limited"),
        (302, {}, "it redirects (302)"),
        (200, {"choices": []}, "no choices[0].message.content"),
        (200, {"choices": [{"message": {"content": "  "}}]}, "no choices[0].message.content"),
    ],
)
def test_a_failing_endpoint_is_one_model_error_and_nothing_is_stored(
    ws: Workspace, endpoint: Endpoint, status: int, reply: object, says: str
) -> None:
    hits = _evidence(ws)
    ticket = _ticket(ws, "Payment client times out")
    endpoint.fail(status, reply)
    with pytest.raises(ModelError) as raised:
        rewrite(ws, ticket, hits, env=ENV)
    assert isinstance(raised.value, ServiceError)
    line = str(raised.value)
    assert says in line
    assert "\n" not in line
    assert KEY not in line
    assert latest_answer(ws, ticket) is None


def test_a_timeout_is_a_model_error(hms_root: Path, store_url: str, endpoint: Endpoint) -> None:
    ws = _workspace(hms_root, store_url, _llm(endpoint, timeout_s=0.2))
    try:
        hits = _evidence(ws)
        ticket = _ticket(ws, "Payment client times out")
        endpoint.release.clear()
        with pytest.raises(ModelError, match=r"no answer within 0\.2 s"):
            rewrite(ws, ticket, hits, env=ENV)
        endpoint.release.set()
        assert latest_answer(ws, ticket) is None
    finally:
        ws.close()
    assert len(endpoint.requests) == 1


def test_an_endpoint_that_is_down_is_a_model_error(ws: Workspace, endpoint: Endpoint) -> None:
    hits = _evidence(ws)
    ticket = _ticket(ws, "Payment client times out")
    endpoint.down()
    with pytest.raises(ModelError, match="cannot reach it"):
        rewrite(ws, ticket, hits, env=ENV)


def test_bad_and_unknown_ticket_ids_are_input_errors(ws: Workspace, endpoint: Endpoint) -> None:
    hits = _evidence(ws)
    with pytest.raises(InputError, match="invalid ticket ID"):
        rewrite(ws, "nonsense", hits, env=ENV)
    with pytest.raises(NotFoundError):
        rewrite(ws, "WT-HMS-API-999", hits, env=ENV)
    with pytest.raises(InputError, match="invalid ticket ID"):
        latest_answer(ws, "../x")
    assert endpoint.requests == []
