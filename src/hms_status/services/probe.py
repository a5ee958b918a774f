"""Health probes: GET each component's health_url and record the result (what uptime is made of)."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from hms_status.errors import ConfigError
from hms_status.services import snapshots
from hms_status.services.registry import Component, load_registry
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
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"health_url {url!r} must start with http:// or https://")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return 200 <= response.status < 400, f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return False, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return False, f"unreachable: {reason}"


def probe(ws: Workspace, component: Component) -> ProbeResult | None:
    """Probe one component's health_url (None when it has none) and record the outcome."""
    url = component.config.get("health_url")
    if url is None:
        return None
    if not isinstance(url, str):
        raise ConfigError(f"[components.{component.id}] health_url must be a string")
    timeout = float(component.config.get("probe_timeout_s", DEFAULT_PROBE_TIMEOUT_S))
    success, detail = _get(url, timeout)
    ws.store.record_probe(component.id, ws.now(), success, detail)
    snapshots.write_status(ws, component.id)
    return ProbeResult(component.id, url, success, detail)


def probe_all(ws: Workspace) -> list[ProbeResult]:
    """Probe every component that declares a health_url."""
    results = [probe(ws, component) for component in load_registry(ws.settings)]
    return [r for r in results if r is not None]
