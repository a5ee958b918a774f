"""The one door to a running HMS Status service's API (httpx), used by `hms-status push`.

What a call can end in, and what the caller sees:

| outcome | error | exit |
|---|---|---|
| 2xx with a JSON body | (returned) | 0 |
| 202 with a problem (recorded, its snapshot pending) | SnapshotPendingError | 4 |
| connection refused, DNS failure, connect timeout | retried, then ServiceError | 3 |
| 502, 503, 504 (a proxy or a restarting server) | retried, then ServiceError | 3 |
| read/write timeout, other transport failure, other 5xx | ServiceError, not retried | 3 |
| 401, 403, any other 4xx (a problem+json body) | RefusedError, never retried | 2 |
| a redirect | RefusedError naming where to (use that URL) | 2 |

Only failures where the request cannot have been recorded (no connection) or that a proxy
answers for an unavailable server are retried, with exponential backoff; a timeout after
the request was sent is not, since the server may have recorded it. The token is only ever
put in the Authorization header: no message, log line or error carries it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hms_status.errors import InputError, ServiceError, SnapshotPendingError

if TYPE_CHECKING:
    import httpx

_log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({502, 503, 504})
FIRST_DELAY = 0.5
"""Seconds before the first retry; each next one waits twice as long, up to MAX_DELAY."""
MAX_DELAY = 8.0
DETAIL_CHARS = 300


class RefusedError(InputError):
    """The service refused the request (4xx): bad token, no permission, or bad input (exit 2)."""


@dataclass(frozen=True)
class Upload:
    """A file sent in a multipart field."""

    filename: str
    content: bytes
    media_type: str = "application/xml"


@dataclass(frozen=True)
class Reply:
    """A successful answer: its status code and JSON body."""

    status: int
    body: Any


class ServiceClient:
    """Calls one service (base URL) with one token; see the module docstring for failures."""

    def __init__(
        self,
        server: str,
        token: str,
        *,
        timeout: float = 30.0,
        retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._server = server.rstrip("/")
        self._token = token
        self._timeout = timeout
        self._retries = retries
        self._sleep = sleep

    def post_json(self, path: str, body: Mapping[str, Any]) -> Reply:
        """POST body as JSON to path (below the server URL)."""
        return self._post(path, json=dict(body))

    def post_form(self, path: str, fields: Mapping[str, str], files: Sequence[Upload]) -> Reply:
        """POST fields and files as multipart/form-data, every file in the field "reports"."""
        parts = [("reports", (f.filename, f.content, f.media_type)) for f in files]
        return self._post(path, data=dict(fields), files=parts)

    def _post(self, path: str, **content: Any) -> Reply:
        import httpx

        url = self._server + path
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
        with httpx.Client(timeout=self._timeout, follow_redirects=False) as client:
            for attempt in range(self._retries + 1):
                last_try = attempt == self._retries
                try:
                    response = client.post(url, headers=headers, **content)
                except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                    if last_try:
                        raise self._unreachable(exc) from None
                    self._wait(attempt, f"cannot connect ({_reason(exc)})")
                    continue
                except httpx.TransportError as exc:
                    raise ServiceError(
                        f"no answer from {self._server}: {self._safe(_reason(exc))}",
                        "the server may have recorded it: check before pushing again",
                    ) from None
                if response.status_code in RETRY_STATUSES and not last_try:
                    self._wait(attempt, f"the server answered {response.status_code}")
                    continue
                return self._reply(response)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _safe(self, text: str) -> str:
        """text with the token blotted out, should a server or proxy ever echo it."""
        return text.replace(self._token, "[token]") if self._token else text

    def _wait(self, attempt: int, why: str) -> None:
        delay = min(FIRST_DELAY * 2**attempt, MAX_DELAY)
        _log.warning("%s; retrying in %.1f s (%d of %d)", why, delay, attempt + 1, self._retries)
        self._sleep(delay)

    def _unreachable(self, exc: Exception) -> ServiceError:
        tries = f" after {self._retries + 1} attempts" if self._retries else ""
        return ServiceError(
            f"cannot reach {self._server}{tries}: {self._safe(_reason(exc))}",
            "is 'hms-status serve' running there? check --server",
        )

    def _reply(self, response: httpx.Response) -> Reply:
        status = response.status_code
        if status == 202 and _is_problem(response):
            raise SnapshotPendingError(
                f"the server recorded it, but: {self._safe(_problem(response)[0])}",
                "do not push it again: the server's next run rewrites its snapshots",
            )
        if 200 <= status < 300:
            try:
                return Reply(status, response.json())
            except ValueError:
                raise ServiceError(
                    f"the server answered {status} without a JSON body",
                    "is --server the HMS Status service?",
                ) from None
        if 300 <= status < 400:
            where = response.headers.get("location", "")
            raise RefusedError(
                f"the server redirects ({status}) to {_clean(where) or 'another URL'}",
                "pass that URL as --server",
            )
        detail, hint = _problem(response)
        message = self._safe(f"({status} {_clean(response.reason_phrase)}): {detail}")
        hint = self._safe(hint) if hint else None
        if status == 401:
            raise RefusedError(
                f"the server refused the token {message}",
                hint or "check --token-file or --token-env; 'hms-status token create' makes one",
            )
        if status == 403:
            raise RefusedError(f"the token may not do this {message}", hint)
        if 400 <= status < 500:
            raise RefusedError(
                f"the server refused the request {message}", hint or "nothing was recorded"
            )
        raise ServiceError(f"the server failed {message}", "retry later; see the server's log")


def _is_problem(response: httpx.Response) -> bool:
    media_type = str(response.headers.get("content-type", ""))
    return media_type.startswith("application/problem+json")


def _problem(response: httpx.Response) -> tuple[str, str | None]:
    """A problem+json body as one line (its detail, then each other field error) and its hint."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return _clean(response.reason_phrase), None
    detail = str(body.get("detail") or body.get("title") or response.reason_phrase)
    parts = [detail]
    for error in body.get("errors") or []:
        if isinstance(error, dict) and error.get("message") != detail:
            parts.append(f"{error.get('field', '?')}: {error.get('message', '')}")
    hint = body.get("hint")
    return _clean("; ".join(parts)), _clean(hint) if isinstance(hint, str) and hint else None


def _clean(text: str) -> str:
    """text on one bounded line."""
    line = " ".join(str(text).split())
    return line if len(line) <= DETAIL_CHARS else line[: DETAIL_CHARS - 1] + "…"


def _reason(exc: Exception) -> str:
    return _clean(str(exc)) or type(exc).__name__
