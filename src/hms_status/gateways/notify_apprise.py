"""The one door to apprise: send a title and body to one apprise URL, get (ok, error text).

apprise is imported here only, and only when a message is sent, so commands that send
nothing never load it. For the HTTP webhooks (``json://``, ``form://``, ``xml://`` and their
``s`` forms) the idempotency key travels as an ``Idempotency-Key`` header, and for
``json://`` and ``form://`` also as an ``idempotency_key`` field of the body, so a receiver
can recognise a repeated delivery. Error texts never include the URL (it holds secrets).
"""

from __future__ import annotations

import contextlib
import logging
import re
import warnings
from typing import Any
from urllib.parse import quote

_log = logging.getLogger(__name__)
WEBHOOK_SCHEMES = ("json", "jsons", "form", "forms", "xml", "xmls")
KEY_HEADER = "Idempotency-Key"
KEY_FIELD = "idempotency_key"
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_FORMATS = ("text", "markdown", "html")


def scheme_of(url: str) -> str:
    """The URL's scheme in lower case ("" when it has none)."""
    found = _SCHEME.match(url.strip())
    return found.group(1).lower() if found else ""


def with_key(url: str, key: str) -> str:
    """The URL with the idempotency key added where the service can carry it."""
    scheme = scheme_of(url)
    if scheme not in WEBHOOK_SCHEMES:
        return url
    value = quote(key, safe="")
    extra = f"+{KEY_HEADER}={value}"
    if not scheme.startswith("xml"):
        extra += f"&:{KEY_FIELD}={value}"
    return f"{url}{'&' if '?' in url else '?'}{extra}"


def send(
    url: str, title: str, body: str, body_format: str, idempotency_key: str | None = None
) -> tuple[bool, str]:
    """Deliver one message; (True, "") when apprise reports success, else (False, why)."""
    if body_format not in _FORMATS:
        return False, f"unknown body format {body_format!r}"
    apprise = _apprise()
    target = with_key(url, idempotency_key) if idempotency_key else url
    sender = apprise.Apprise()
    capture = apprise.LogCapture(level=logging.WARNING, fmt="%(message)s")
    with capture as captured:
        if not sender.add(target):
            return False, f"not a valid apprise URL (scheme {scheme_of(url) or 'missing'}://)"
        try:
            ok = bool(sender.notify(title=title, body=body, body_format=body_format))
        except Exception as exc:  # noqa: BLE001 - a plugin's bug is one failed delivery
            _log.exception("apprise raised while sending")
            return False, f"{type(exc).__name__}: {exc}"
        text = captured.getvalue()
    if ok:
        return True, ""
    return False, _reason(text) or "the service did not accept the message"


def _apprise() -> Any:
    """apprise, imported on first use. Its email plugin (loaded by apprise on demand) imports
    the deprecated imghdr module: that warning is not ours to show (it would fail runs with
    warnings as errors), so imghdr is imported here once with it silenced."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*imghdr.*", category=DeprecationWarning)
        with contextlib.suppress(ImportError):  # gone in Python 3.13: apprise shims it
            import imghdr  # noqa: F401
        import apprise
    logging.getLogger("apprise").propagate = False  # its warnings become our error text
    return apprise


def _reason(log_text: str) -> str:
    """The last warning apprise logged, on one line, without anything that looks like a URL."""
    lines = [line.strip() for line in log_text.splitlines() if line.strip()]
    if not lines:
        return ""
    return re.sub(r"\S+://\S+", "<url>", lines[-1])[:300]
