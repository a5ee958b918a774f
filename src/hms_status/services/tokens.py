"""API tokens for the web service: create (the secret shown once), list, revoke, authenticate.

A token is ``hms_`` followed by 43 URL-safe characters (``secrets.token_urlsafe(32)``: 256
random bits). The store keeps only its SHA-256 hash, with the token's name, scope, write
components and its creation, last-use and revocation times. A plain, unsalted, fast hash is
enough here, unlike for passwords: the secret is 256 random bits, so no dictionary or
brute-force search over the hash is feasible, and a stolen table gives nothing usable.
Because the hash is deterministic the store can look a presented token up by its hash (an
index), and the match is confirmed with ``hmac.compare_digest`` (constant time). The index
lookup itself is not constant time, but what it could leak is how much of a *hash* matched,
and choosing inputs whose SHA-256 shares a prefix with a stored one tells an attacker
nothing about the secret. Malformed tokens are refused before the store is asked.

Scopes: ``read`` may read; ``write`` may also record for every component, or only for the
listed ones (``write:HMS-API,HMS-DOC``); ``admin`` may do everything. A revoked token never
authenticates again; its name may be given to a new token.

``last_used_at`` is written at most once a minute per token (``LAST_USED_RESOLUTION``), so a
busy client does not turn every read into a store write. No token text is ever logged or
put in an error message.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from hms_status.clock import parse_iso
from hms_status.domain.ids import validate_component_id
from hms_status.errors import InputError, NotFoundError, StoreError
from hms_status.foundation.workspace import Workspace
from hms_status.store import tokens_repo

PREFIX = "hms_"
SECRET_BYTES = 32
READ = "read"
WRITE = "write"
ADMIN = "admin"
SCOPES = (READ, WRITE, ADMIN)
LAST_USED_RESOLUTION = timedelta(minutes=1)
"""last_used_at is only rewritten when the stored value is at least this old."""

_log = logging.getLogger(__name__)
_TOKEN = re.compile(r"hms_[A-Za-z0-9_-]{43}")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_SCOPE_HINT = "use read, write, write:ID[,ID...] (e.g. write:HMS-API,HMS-DOC) or admin"


@dataclass(frozen=True)
class Grant:
    """What an authenticated token may do."""

    name: str
    scope: str
    """read, write or admin."""
    components: tuple[str, ...]
    """The components a write token may write; () = all."""

    def can_read(self) -> bool:
        """Every valid token may read."""
        return True

    def can_write(self, component_id: str) -> bool:
        """True for admin, for write without a component list, and for listed components."""
        if self.scope == ADMIN:
            return True
        if self.scope != WRITE:
            return False
        return not self.components or component_id in self.components

    @property
    def is_admin(self) -> bool:
        """True for an admin token."""
        return self.scope == ADMIN


@dataclass(frozen=True)
class TokenInfo:
    """A token as listed: never its secret."""

    name: str
    scope: str
    components: tuple[str, ...]
    created_at: str
    last_used_at: str | None
    revoked_at: str | None

    @property
    def scope_text(self) -> str:
        """The scope as given to --scope: read, write, write:HMS-API,HMS-DOC or admin."""
        return f"{self.scope}:{','.join(self.components)}" if self.components else self.scope

    @property
    def active(self) -> bool:
        """False once revoked."""
        return self.revoked_at is None

    def to_json(self) -> dict[str, object]:
        """The --json form (no secret, no hash)."""
        return {
            "name": self.name,
            "scope": self.scope,
            "components": list(self.components),
            "created_at": self.created_at,
            "last_used_at": self.last_used_at,
            "revoked_at": self.revoked_at,
            "active": self.active,
        }


@dataclass(frozen=True)
class Created:
    """A new token: its record and its secret, shown once."""

    info: TokenInfo
    token: str


def parse_scope(text: str) -> tuple[str, tuple[str, ...]]:
    """read | write | write:ID[,ID...] | admin, as (scope, components); InputError otherwise."""
    head, sep, tail = text.strip().partition(":")
    if head not in SCOPES or (sep and head != WRITE):
        raise InputError(f"invalid --scope {_shown(text)}", _SCOPE_HINT)
    if not sep:
        return head, ()
    items = [item.strip() for item in tail.split(",")]
    if not tail.strip() or any(not item for item in items):
        raise InputError(f"invalid --scope {_shown(text)}: empty component ID", _SCOPE_HINT)
    for item in items:
        try:
            validate_component_id(item)
        except InputError as exc:
            raise InputError(f"invalid --scope: {exc.message}", exc.hint) from None
    return WRITE, tuple(dict.fromkeys(items))


def validate_name(name: str) -> str:
    """The token name unchanged, or InputError: a short slug such as ci-hms-api."""
    if not _NAME.fullmatch(name):
        raise InputError(
            f"invalid token name {_shown(name)}",
            "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, "
            "e.g. ci-hms-api",
        )
    return name


def hash_token(token: str) -> str:
    """The stored form of a token: SHA-256, hex (see the module docstring for why)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(ws: Workspace, name: str, scope: str) -> Created:
    """Create a token; InputError on a bad name or scope, an unknown component, or a name
    an active token already has."""
    from hms_status.services.components import require_known

    validate_name(name)
    kind, components = parse_scope(scope)
    for component_id in components:
        require_known(ws, component_id)
    token = PREFIX + secrets.token_urlsafe(SECRET_BYTES)
    at = ws.now()
    with ws.store.writing() as conn:
        row = tokens_repo.insert(conn, name, hash_token(token), kind, components, at)
    return Created(_info(row), token)


def list_tokens(ws: Workspace) -> list[TokenInfo]:
    """Every token, active and revoked, oldest first."""
    with ws.store.reading() as conn:
        return [_info(row) for row in tokens_repo.every(conn)]


def revoke(ws: Workspace, name: str) -> TokenInfo:
    """Revoke the active token of that name; NotFoundError when there is none."""
    validate_name(name)
    with ws.store.writing() as conn:
        row = tokens_repo.revoke(conn, name, ws.now())
    if row is None:
        raise NotFoundError(
            f"no active token named {name!r}", "see 'hms-status token list' for active tokens"
        )
    return _info(row)


def authenticate(ws: Workspace, presented: str) -> Grant | None:
    """The grant of an active token, or None for an unknown, revoked or malformed one.

    Records the use (last_used_at) when the stored time is older than LAST_USED_RESOLUTION.
    """
    if not _TOKEN.fullmatch(presented):
        return None
    digest = hash_token(presented)
    with ws.store.reading() as conn:
        row = tokens_repo.by_hash(conn, digest)
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.token_hash.encode("ascii"), digest.encode("ascii")):
        return None
    now = ws.now()
    if row.last_used_at is None or (
        parse_iso(now) - parse_iso(row.last_used_at) >= LAST_USED_RESOLUTION
    ):
        try:
            with ws.store.writing() as conn:
                tokens_repo.touch(conn, row.row_id, now)
        except StoreError as exc:  # a busy store must not turn a valid token away
            _log.warning("last use of token %r not recorded: %s", row.name, exc.message)
    return Grant(row.name, row.scope, row.components)


def _info(row: tokens_repo.TokenRow) -> TokenInfo:
    return TokenInfo(
        row.name, row.scope, row.components, row.created_at, row.last_used_at, row.revoked_at
    )


def _shown(text: str) -> str:
    """User input quoted for a one-line message, cut to a sensible length."""
    return repr(text if len(text) <= 80 else text[:77] + "...")
