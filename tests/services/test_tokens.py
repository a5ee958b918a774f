"""API tokens: shown once, stored as a hash only, scoped, revocable; hostile input refused."""

from __future__ import annotations

import hashlib
import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from hms_status.clock import FixedClock
from hms_status.errors import InputError, NotFoundError
from hms_status.foundation.workspace import Workspace
from hms_status.services import tokens
from hms_status.services.tokens import Grant
from hms_status.store.schema import api_tokens

T0 = datetime(2026, 11, 29, 12, 0, 0, tzinfo=UTC)


def _rows(ws: Workspace) -> list[dict[str, object]]:
    with ws.store.reading() as conn:
        return [dict(row._mapping) for row in conn.execute(sa.select(api_tokens))]


def test_a_created_token_authenticates_with_its_scope(workspace: Workspace) -> None:
    made = tokens.create(workspace, "ci-hms-api", "write:HMS-API")
    assert made.token.startswith("hms_") and len(made.token) == 4 + 43
    assert made.info.scope == "write" and made.info.components == ("HMS-API",)
    assert made.info.scope_text == "write:HMS-API" and made.info.last_used_at is None
    grant = tokens.authenticate(workspace, made.token)
    assert grant == Grant("ci-hms-api", "write", ("HMS-API",))
    assert grant.can_read() and grant.can_write("HMS-API") and not grant.can_write("HMS-DOC")
    assert not grant.is_admin
    (listed,) = tokens.list_tokens(workspace)
    assert listed.name == "ci-hms-api" and listed.last_used_at is not None
    assert made.token not in repr(listed) and made.token not in str(listed.to_json())


def test_the_store_keeps_only_a_hash_of_the_secret(workspace: Workspace) -> None:
    made = tokens.create(workspace, "reader", "read")
    secret = made.token.removeprefix("hms_")
    (row,) = _rows(workspace)
    assert row["token_hash"] == hashlib.sha256(made.token.encode()).hexdigest()
    for value in row.values():
        assert secret not in str(value) and secret[:12] not in str(value)
    assert set(row) == {
        "id",
        "name",
        "token_hash",
        "scope",
        "components",
        "created_at",
        "last_used_at",
        "revoked_at",
    }


def test_scopes_grant_what_they_say(workspace: Workspace) -> None:
    grants = {
        scope: tokens.authenticate(workspace, tokens.create(workspace, f"t{i}", scope).token)
        for i, scope in enumerate(("read", "write", "write:HMS-API,HMS-DOC", "admin"))
    }
    read, write_all, write_two, admin = (grants[s] for s in grants)
    assert read is not None and read.can_read() and not read.can_write("HMS-API")
    assert write_all is not None and write_all.can_write("HMS-DOC") and write_all.components == ()
    assert write_two is not None and write_two.components == ("HMS-API", "HMS-DOC")
    assert write_two.can_write("HMS-DOC") and not write_two.can_write("HMS-OTHER")
    assert not write_two.can_write("hms-api"), "IDs compare exactly"
    assert admin is not None and admin.is_admin and admin.can_write("anything")


@pytest.mark.parametrize(
    "presented",
    [
        "",
        "hms_",
        " ",
        "Bearer hms_",
        "hms_" + "A" * 42,
        "hms_" + "A" * 44,
        "hms_" + "A" * 10_000,
        "hms_" + "é" * 43,
        "hms_" + "../" * 14 + "a",
        "hms_" + "A" * 42 + "\n",
        "x" * 47,
    ],
)
def test_malformed_tokens_do_not_authenticate(workspace: Workspace, presented: str) -> None:
    tokens.create(workspace, "admin", "admin")
    assert tokens.authenticate(workspace, presented) is None


def test_unknown_and_altered_tokens_do_not_authenticate(workspace: Workspace) -> None:
    made = tokens.create(workspace, "admin", "admin")
    flipped = made.token[:-1] + ("A" if made.token[-1] != "A" else "B")
    unknown = "hms_" + "A" * 43
    for presented in (flipped, unknown, made.token.upper(), " " + made.token, made.token + " "):
        assert tokens.authenticate(workspace, presented) is None
    assert tokens.list_tokens(workspace)[0].last_used_at is None


def test_a_revoked_token_no_longer_authenticates_and_revoking_twice_is_refused(
    workspace: Workspace,
) -> None:
    made = tokens.create(workspace, "ci", "write")
    assert tokens.authenticate(workspace, made.token) is not None
    info = tokens.revoke(workspace, "ci")
    assert info.revoked_at is not None and not info.active
    assert tokens.authenticate(workspace, made.token) is None
    with pytest.raises(NotFoundError, match="no active token named 'ci'"):
        tokens.revoke(workspace, "ci")
    with pytest.raises(NotFoundError):
        tokens.revoke(workspace, "never-made")
    again = tokens.create(workspace, "ci", "read")  # a revoked name may be reused
    assert tokens.authenticate(workspace, made.token) is None
    assert tokens.authenticate(workspace, again.token) == Grant("ci", "read", ())
    assert [(t.name, t.active) for t in tokens.list_tokens(workspace)] == [
        ("ci", False),
        ("ci", True),
    ]


def test_a_duplicate_active_name_is_refused_and_writes_nothing(workspace: Workspace) -> None:
    first = tokens.create(workspace, "ci", "read")
    with pytest.raises(InputError, match="an active token named 'ci' already exists"):
        tokens.create(workspace, "ci", "admin")
    assert len(_rows(workspace)) == 1
    assert tokens.authenticate(workspace, first.token) == Grant("ci", "read", ())


def test_concurrent_creates_of_one_name_leave_one_token(workspace: Workspace) -> None:
    workspace.open_store()
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def make() -> None:
        barrier.wait()
        try:
            tokens.create(workspace, "race", "read")
            outcomes.append("created")
        except InputError as exc:
            outcomes.append(exc.message)

    threads = [threading.Thread(target=make) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["an active token named 'race' already exists"] * 3 + ["created"]
    assert len(_rows(workspace)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("read", ("read", ())),
        ("write", ("write", ())),
        ("admin", ("admin", ())),
        ("write:HMS-API", ("write", ("HMS-API",))),
        ("write:HMS-API,HMS-DOC", ("write", ("HMS-API", "HMS-DOC"))),
        ("write:HMS-API, HMS-DOC,HMS-API", ("write", ("HMS-API", "HMS-DOC"))),
    ],
)
def test_scope_strings_parse(text: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert tokens.parse_scope(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "READ",
        "superuser",
        "read:HMS-API",
        "admin:HMS-API",
        "write:",
        "write:,",
        "write:HMS-API,",
        "write:../etc",
        "write:HMS-API/../HMS-DOC",
        "write:/etc/passwd",
        "write:..",
        "write:.hidden",
        "write:HMS API",
        "write:HMS-API;HMS-DOC",
        "write:" + "A" * 101,
        "write:HMS-API\nadmin",
        "write:HMS-\x00API",
    ],
)
def test_bad_scope_strings_are_refused_in_one_line(text: str) -> None:
    with pytest.raises(InputError) as caught:
        tokens.parse_scope(text)
    line = caught.value.one_line()
    assert "scope" in line and "\n" not in line and len(line) < 400


def test_a_scope_naming_an_unknown_component_is_refused(workspace: Workspace) -> None:
    with pytest.raises(InputError, match="HMS-APII"):
        tokens.create(workspace, "ci", "write:HMS-API,HMS-APII")
    assert _rows(workspace) == []


@pytest.mark.parametrize(
    "name", ["", " ", "a b", "../x", "x/y", "-x", ".x", "a" * 65, "ci\n", "ci\x00", "é"]
)
def test_bad_token_names_are_refused(workspace: Workspace, name: str) -> None:
    with pytest.raises(InputError) as caught:
        tokens.create(workspace, name, "read")
    assert "invalid token name" in caught.value.one_line()
    assert "\n" not in caught.value.one_line()
    with pytest.raises(InputError):
        tokens.revoke(workspace, name)
    assert _rows(workspace) == []


def test_last_use_is_recorded_at_most_once_a_minute(workspace: Workspace) -> None:
    clock = FixedClock(T0)
    workspace.clock = clock
    made = tokens.create(workspace, "ci", "read")

    def last_used() -> str | None:
        return tokens.list_tokens(workspace)[0].last_used_at

    assert tokens.authenticate(workspace, made.token) is not None
    first = last_used()
    assert first == "2026-11-29T12:00:00.000000Z"
    clock.current = T0 + timedelta(seconds=59)
    assert tokens.authenticate(workspace, made.token) is not None
    assert last_used() == first
    clock.current = T0 + timedelta(seconds=60)
    assert tokens.authenticate(workspace, made.token) is not None
    assert last_used() == "2026-11-29T12:01:00.000000Z"


def test_no_token_appears_in_any_log_line(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    made = tokens.create(workspace, "ci", "admin")
    tokens.authenticate(workspace, made.token)
    tokens.authenticate(workspace, made.token[:-1])
    tokens.list_tokens(workspace)
    tokens.revoke(workspace, "ci")
    tokens.authenticate(workspace, made.token)
    assert made.token.removeprefix("hms_") not in caplog.text
