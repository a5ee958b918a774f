"""The content types the write routes take: JSON everywhere, multipart where reports upload.

A body sent as anything else (a form, text, XML posted raw) is refused with 415 before it is
looked at; a request without a Content-Type is read as JSON, as curl and most clients send
JSON with one anyway.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from hms_status.web.problems import Problem

JSON = "application/json"
MULTIPART = "multipart/form-data"


def media_type(request: Request) -> str | None:
    """The request's media type, lower case, without parameters; None when not given."""
    value = request.headers.get("content-type")
    if value is None:
        return None
    return value.split(";", 1)[0].strip().lower()


def is_json(media: str | None) -> bool:
    """True for application/json, application/*+json, and no content type at all."""
    if media is None:
        return True
    kind, _, subtype = media.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


def unsupported(media: str | None, accepted: tuple[str, ...]) -> Problem:
    """The 415 problem for a body of the wrong type."""
    names = " or ".join(accepted)
    return Problem(
        415,
        "unsupported-media-type",
        f"the body is {media or 'untyped'}; this takes {names}",
        headers={"Accept-Post": ", ".join(accepted)},
        hint=f"send Content-Type: {accepted[0]}",
    )


def json_only(request: Request) -> None:
    """Refuse (415) a body that is not JSON."""
    media = media_type(request)
    if not is_json(media):
        raise unsupported(media, (JSON,))


JsonBody = Annotated[None, Depends(json_only)]
