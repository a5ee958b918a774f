"""API tokens in the store: rows hold a SHA-256 hash of each token, never the token itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy import insert as sql_insert
from sqlalchemy.exc import IntegrityError

from hms_status.errors import InputError
from hms_status.store.schema import api_tokens


@dataclass(frozen=True)
class TokenRow:
    """One stored token."""

    row_id: int
    name: str
    token_hash: str
    scope: str
    components: tuple[str, ...]
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


def _row(row: Any) -> TokenRow:
    components = tuple(part for part in str(row.components).split(",") if part)
    return TokenRow(
        int(row.id),
        row.name,
        row.token_hash,
        row.scope,
        components,
        row.created_at,
        row.last_used_at,
        row.revoked_at,
    )


def insert(
    conn: Connection,
    name: str,
    token_hash: str,
    scope: str,
    components: tuple[str, ...],
    at: str,
) -> TokenRow:
    """Add a token; InputError when an active token already has that name."""
    if active(conn, name) is not None:
        raise _duplicate(name)
    values = {
        "name": name,
        "token_hash": token_hash,
        "scope": scope,
        "components": ",".join(components),
        "created_at": at,
    }
    try:
        with conn.begin_nested():  # a concurrent create of the same name loses here
            new_id = conn.execute(
                sql_insert(api_tokens).values(**values).returning(api_tokens.c.id)
            ).scalar_one()
    except IntegrityError:
        raise _duplicate(name) from None
    return TokenRow(int(new_id), name, token_hash, scope, components, at, None, None)


def active(conn: Connection, name: str) -> TokenRow | None:
    """The active (unrevoked) token of that name, or None."""
    query = select(api_tokens).where(api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None))
    row = conn.execute(query).first()
    return None if row is None else _row(row)


def every(conn: Connection) -> list[TokenRow]:
    """Every token, active and revoked, oldest first."""
    query = select(api_tokens).order_by(api_tokens.c.created_at, api_tokens.c.id)
    return [_row(row) for row in conn.execute(query)]


def by_hash(conn: Connection, token_hash: str) -> TokenRow | None:
    """The token with that hash (revoked or not), or None."""
    row = conn.execute(select(api_tokens).where(api_tokens.c.token_hash == token_hash)).first()
    return None if row is None else _row(row)


def revoke(conn: Connection, name: str, at: str) -> TokenRow | None:
    """Revoke the active token of that name; None when there is none."""
    found = active(conn, name)
    if found is None:
        return None
    stmt = update(api_tokens).where(
        api_tokens.c.id == found.row_id, api_tokens.c.revoked_at.is_(None)
    )
    if not conn.execute(stmt.values(revoked_at=at)).rowcount:
        return None
    return TokenRow(
        found.row_id,
        found.name,
        found.token_hash,
        found.scope,
        found.components,
        found.created_at,
        found.last_used_at,
        at,
    )


def touch(conn: Connection, row_id: int, at: str) -> None:
    """Record a use of an active token (a later time only: never moves last_used_at back)."""
    stmt = update(api_tokens).where(
        api_tokens.c.id == row_id,
        api_tokens.c.revoked_at.is_(None),
        (api_tokens.c.last_used_at.is_(None)) | (api_tokens.c.last_used_at < at),
    )
    conn.execute(stmt.values(last_used_at=at))


def _duplicate(name: str) -> InputError:
    return InputError(
        f"an active token named {name!r} already exists",
        f"choose another name, or 'hms-status token revoke {name}' first",
    )
