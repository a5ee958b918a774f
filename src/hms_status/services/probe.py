"""Health probes: GET each component's health_url and record the result (what uptime is made of)."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from hms_status.errors import ConfigError
from hms_status.services import snapshots
from hms_status.services.fanout import Outcome, run_each
from hms_status.services.registry import Component, component_ids, load_component
from hms_status.services.workspace import Workspace

DEFAULT_PROBE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class ProbeResult:
    """One probe: whether the component answered healthy, and what was seen."""

    component_id: str
    url: str
    success: bool
    detail: str


def _get(url: str, timeout: float) -> tuple[bool, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # scheme checked
            return 200 <= response.status < 400, f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return False, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return False, f"unreachable: {reason}"


def health_url(component: Component) -> str | None:
    """The component's health_url, checked; None when it declares none."""
    url = component.config.get("health_url")
    if url is None:
        return None
    where = f"[components.{component.id}] health_url"
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ConfigError(f"{where} must be an http:// or https:// URL, got {url!r}")
    try:
        urllib.request.Request(url)
        urllib.parse.urlsplit(url).port  # noqa: B018 - raises ValueError for a bad port or host
    except ValueError as exc:
        raise ConfigError(f"{where} is not a valid URL: {exc}") from None
    return url


def _timeout(component: Component) -> float:
    raw = component.config.get("probe_timeout_s", DEFAULT_PROBE_TIMEOUT_S)
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw <= 0:
        raise ConfigError(f"[components.{component.id}] probe_timeout_s must be a positive number")
    return float(raw)


def probe(ws: Workspace, component: Component) -> ProbeResult | None:
    """Probe one component's health_url (None when it has none) and record the outcome."""
    url = health_url(component)
    if url is None:
        return None
    success, detail = _get(url, _timeout(component))
    ws.store.record_probe(component.id, ws.now(), success, detail)
    snapshots.write_status(ws, component.id)
    return ProbeResult(component.id, url, success, detail)


def probe_all(
    ws: Workspace, stop: threading.Event | None = None
) -> list[Outcome[ProbeResult | None]]:
    """Probe every component that declares a health_url, in parallel; a bad one is isolated."""
    ws.open_store()
    outcomes = run_each(
        component_ids(ws.settings),
        lambda cid: probe(ws, load_component(ws.settings, cid)),
        stop=stop,
    )
    return [o for o in outcomes if o.error is not None or o.value is not None]
