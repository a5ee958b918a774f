"""Conditional responses: a strong ETag from the body, 304 Not Modified on If-None-Match."""

from __future__ import annotations

import hashlib

from fastapi import Request, Response


def etag_of(body: bytes) -> str:
    """A strong entity tag for body (quoted, as the header carries it)."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """True when an If-None-Match header names etag (or is "*"); weak tags compare weakly,
    as RFC 9110 asks for If-None-Match."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


def conditional(
    request: Request, body: bytes, media_type: str, status_code: int, headers: dict[str, str]
) -> Response:
    """body with an ETag and the given headers, or an empty 304 when the client has it."""
    etag = etag_of(body)
    headers = {**headers, "ETag": etag}
    if status_code == 200 and matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status_code, media_type=media_type, headers=headers)
