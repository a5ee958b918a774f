"""Conditional responses: a strong ETag from the body, 304 Not Modified on If-None-Match, and
the gzip of a memo's body for a client that accepts it."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from fastapi import Request, Response

if TYPE_CHECKING:
    from hms_status.services.ecosystem_view import Memo


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


def accepts_gzip(accept_encoding: str | None) -> bool:
    """True when an Accept-Encoding header takes gzip (or *) with a q-value above 0."""
    for item in (accept_encoding or "").lower().split(","):
        name, _, params = item.strip().partition(";")
        if name.strip() not in ("gzip", "*"):
            continue
        quality = params.strip().removeprefix("q=").strip() if params else "1"
        try:
            return float(quality) > 0
        except ValueError:
            return False
    return False


def memo_response(
    request: Request, memo: Memo, media_type: str, headers: dict[str, str]
) -> Response:
    """A memo's body with its ETag (gzip-encoded when the client accepts it), or an empty 304
    when the client has it."""
    headers = {**headers, "ETag": memo.etag, "Vary": "Accept-Encoding"}
    if matches(request.headers.get("if-none-match"), memo.etag):
        return Response(status_code=304, headers=headers)
    if accepts_gzip(request.headers.get("accept-encoding")):
        headers["Content-Encoding"] = "gzip"
        return Response(memo.gzipped, media_type=media_type, headers=headers)
    return Response(memo.body, media_type=media_type, headers=headers)


def memo_and_tail_response(
    request: Request, memo: Memo, tail: bytes, media_type: str, headers: dict[str, str]
) -> Response:
    """A memo's body followed by fresh bytes (no ETag: the tail changes every time), gzip-encoded
    for a client that accepts it: one stream, the memo's part compressed only once."""
    headers = {**headers, "Vary": "Accept-Encoding"}
    if accepts_gzip(request.headers.get("accept-encoding")):
        headers["Content-Encoding"] = "gzip"
        return Response(memo.gzipped_with(tail), media_type=media_type, headers=headers)
    return Response(memo.body + tail, media_type=media_type, headers=headers)
