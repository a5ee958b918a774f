"""Health probes: GET each component's health_url and record the result (what uptime is made of)."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from dataclasses import dataclass

from hms_status.foundation.registry import Component, component_ids, load_component
from hms_status.foundation.workspace import Workspace
from hms_status.services import snapshots
from hms_status.services.fanout import Outcome, run_each


@dataclass(frozen=True)
class ProbeResult:
    """One probe: whether the component answered healthy, and what was seen."""

    component_id: str
    url: str
    success: bool
    detail: str


def _get(url: str, timeout: float) -> tuple[bool, str]:
    try:
        # config_model lets only http:// and https:// URLs through
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return 200 <= response.status < 400, f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return False, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return False, f"unreachable: {reason}"


def probe(ws: Workspace, component: Component) -> ProbeResult | None:
    """Probe one component's health_url (None when it has none) and record the outcome."""
    config = ws.settings.component(component.id)
    if config.health_url is None:
        return None
    success, detail = _get(config.health_url, config.probe_timeout_s)
    ws.store.record_probe(component.id, ws.now(), success, detail)
    snapshots.write_status(ws, component.id)
    return ProbeResult(component.id, config.health_url, success, detail)


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
