"""The one door to an OpenAI-compatible chat endpoint (httpx): POST {base_url}/chat/completions.

What a call can end in:

| outcome | result |
|---|---|
| 200 with a JSON body whose choices[0].message.content is text | a Completion |
| no connection, or no answer within the timeout | ModelError |
| a redirect (never followed: the key is not sent anywhere else) | ModelError |
| 401, 403 | ModelError: check the key in the environment variable |
| any other 4xx or 5xx | ModelError with the endpoint's own message, on one line |
| 200 without that JSON shape | ModelError |

There are no retries: a model's answer is an extra beside retrieved evidence, so a failure is
reported once and the caller goes on. The timeout bounds connecting and each wait for data.
The key is only ever put in the Authorization header, and is blotted out of every message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hms_status.domain.redact import redact
from hms_status.errors import ServiceError

if TYPE_CHECKING:
    import httpx

DETAIL_CHARS = 200
"""The most characters of an endpoint's error message shown."""


class ModelError(ServiceError):
    """The model endpoint could not be reached, timed out, refused or failed (exit 3)."""


@dataclass(frozen=True)
class ChatMessage:
    """One message of a chat request."""

    role: str
    """"system" or "user"."""
    content: str


@dataclass(frozen=True)
class ChatEndpoint:
    """Where and how to ask: the endpoint, the model, the key (None: no header) and limits."""

    base_url: str
    model: str
    api_key: str | None
    timeout_s: float
    max_tokens: int

    @property
    def url(self) -> str:
        """The chat completions URL below the base URL."""
        return self.base_url.rstrip("/") + "/chat/completions"


@dataclass(frozen=True)
class Completion:
    """A model's answer."""

    text: str
    """The first choice's message content, stripped."""
    model: str
    """The model the endpoint says answered (the one asked for when it does not say)."""


def request_body(endpoint: ChatEndpoint, messages: Sequence[ChatMessage]) -> dict[str, Any]:
    """The JSON body of a chat completions request."""
    return {
        "model": endpoint.model,
        "messages": [{"role": m.role, "content": m.content} for m in messages],
        "max_tokens": endpoint.max_tokens,
    }


def complete(endpoint: ChatEndpoint, messages: Sequence[ChatMessage]) -> Completion:
    """Ask the endpoint for one completion; ModelError for every failure (module docstring)."""
    import httpx

    headers = {"Accept": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    body = request_body(endpoint, messages)
    try:
        with httpx.Client(timeout=endpoint.timeout_s, follow_redirects=False) as client:
            response = client.post(endpoint.url, headers=headers, json=body)
    except httpx.TimeoutException:
        raise _error(endpoint, f"no answer within {endpoint.timeout_s:g} s") from None
    except httpx.TransportError as exc:
        raise _error(endpoint, f"cannot reach it ({type(exc).__name__}: {exc})") from None
    return _completion(endpoint, response)


def _completion(endpoint: ChatEndpoint, response: httpx.Response) -> Completion:
    status = response.status_code
    if 300 <= status < 400:
        raise _error(endpoint, f"it redirects ({status}); set base_url to the final URL")
    if status in (401, 403):
        raise _error(endpoint, f"it refused the key ({status}): check [suggest.llm] api_key_env")
    if status != 200:
        raise _error(endpoint, f"it answered {status}: {_detail(response)}")
    try:
        payload = response.json()
        text = payload["choices"][0]["message"]["content"]
    except (ValueError, LookupError, TypeError):
        text = None
    if not isinstance(text, str) or not text.strip():
        raise _error(endpoint, "its answer holds no choices[0].message.content text")
    said = payload.get("model") if isinstance(payload, dict) else None
    return Completion(text.strip(), said if isinstance(said, str) and said else endpoint.model)


def _detail(response: httpx.Response) -> str:
    """The endpoint's error message ({"error": {"message": ...}} or the body) on one line."""
    try:
        payload = response.json()
        message = payload["error"]["message"]
    except (ValueError, LookupError, TypeError):
        message = response.text or response.reason_phrase
    return str(message)[: DETAIL_CHARS * 4]


def _error(endpoint: ChatEndpoint, what: str) -> ModelError:
    line = " ".join(what.split())
    if endpoint.api_key:
        line = line.replace(endpoint.api_key, "[key]")
    if len(line) > DETAIL_CHARS:
        line = line[: DETAIL_CHARS - 1] + "…"
    return ModelError(
        f"the model endpoint {redact(endpoint.url)} failed: {line}",
        "the retrieved resolutions stand without the model's suggestion",
    )
