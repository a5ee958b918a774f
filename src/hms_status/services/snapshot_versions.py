"""Snapshots of an older schema version, upgraded to the current shape: a bump is a migration.

Analysis and Environment Data written before schema_version existed (version 1) are read
through `current`, which returns them in today's shape (nothing is lost: the old keys stay,
the plan's keys are derived from them), so an unchanged component's analysis is still reused
and the docs and status read one shape. A status snapshot is not upgraded here: its reader
treats any other version as stale and rebuilds it from the store. A file of a newer version
than this program knows is not understood: `current` returns None.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from hms_status.analysis.model import ANALYSIS_SCHEMA_VERSION
from hms_status.analysis.model import upgrade_json as upgrade_analysis
from hms_status.environment.model import (
    ENVIRONMENT_SCHEMA_VERSION,
    SEVERITY,
    CheckOutcome,
    Family,
    plan_configuration_status,
    plan_dependencies_status,
    plan_dev_environment,
    worst,
)
from hms_status.environment.records import DependencyStatus

ANALYSIS = "analysis"
ENVIRONMENTS = "environments"


def current(part: str, data: Mapping[str, Any]) -> dict[str, Any] | None:
    """data in the current shape of its part (upgraded when older); None when it is newer."""
    version = data.get("schema_version", 1)
    if part == ANALYSIS:
        latest, upgrade = ANALYSIS_SCHEMA_VERSION, upgrade_analysis
    elif part == ENVIRONMENTS:
        latest, upgrade = ENVIRONMENT_SCHEMA_VERSION, upgrade_environment
    else:
        return dict(data)
    if version == latest:
        return dict(data)
    if isinstance(version, int) and not isinstance(version, bool) and version < latest:
        return upgrade(data)
    return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _objects(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _outcome(value: Any) -> CheckOutcome:
    try:
        return CheckOutcome(value)
    except ValueError:
        return CheckOutcome.INCONCLUSIVE


def _names(values: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values if isinstance(v, str) and v))


def _family(check_id: Any) -> str | None:
    from hms_status.environment.registry import CHECKS

    return next((c.family.value for c in CHECKS if c.id == check_id), None)


def _check(entry: Mapping[str, Any]) -> dict[str, Any]:
    details = entry.get("details")
    lines = [str(d) for d in details] if isinstance(details, list) else []
    return {
        "check": str(entry.get("id", "")),
        "status": _outcome(entry.get("outcome")).value,
        "value": "; ".join(lines) or None,
        "family": _family(entry.get("id")),
        **entry,
    }


def _dependency_names(deps: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(named, missing) over the per-ecosystem entries of a version 1 file."""
    sets = [v for k, v in deps.items() if k != "lockfiles" and isinstance(v, Mapping)]
    missing = _names(name for s in sets for name in s.get("missing") or [])
    outdated = _names(o.get("name") for s in sets for o in _objects(s.get("outdated")))
    not_needed = _names(name for s in sets for name in s.get("not_needed") or [])
    return _names([*missing, *outdated, *not_needed]), missing


def upgrade_environment(data: Mapping[str, Any]) -> dict[str, Any]:
    """A version 1 Environment Data document with the plan's keys derived from its own."""
    checks = [_check(entry) for entry in _objects(data.get("checks"))]
    config_ids = {c["check"] for c in checks if c["family"] == Family.CONFIGURATION.value}
    tools = _mapping(data.get("tools"))
    required = [name for name, t in tools.items() if isinstance(t, Mapping) and t.get("required")]
    missing_tools = [name for name in required if not tools[name].get("installed")]
    named, missing = _dependency_names(_mapping(data.get("dependencies")))
    try:
        dependency_state = DependencyStatus(str(data.get("dependencies_status")))
    except ValueError:
        dependency_state = DependencyStatus.UNKNOWN
    env_file = _mapping(data.get("configuration")).get("env_file")
    no_env = (
        isinstance(env_file, Mapping) and not env_file.get("exists") and env_file.get("example")
    )
    not_set_up = bool(missing_tools or missing or no_env)
    outcomes = [_outcome(c["status"]) for c in checks]
    issues = [i for i in _objects(data.get("issues")) if i.get("check") in config_ids]
    return {
        **data,
        "schema_version": ENVIRONMENT_SCHEMA_VERSION,
        "last_checked": data.get("last_checked") or data.get("timestamp") or "",
        "dev_environment": plan_dev_environment(worst(outcomes), not_set_up).value,
        "dependencies_status": plan_dependencies_status(dependency_state).value,
        "configuration_status": plan_configuration_status(
            _outcome(c["status"]) for c in checks if c["check"] in config_ids
        ).value,
        "dependencies_state": dependency_state.value,
        "required_tools": required,
        "missing_tools": missing_tools,
        "required_dependencies": named,
        "missing_dependencies": missing,
        "configuration_issues": [
            {
                "issue": str(i.get("type", "")),
                "message": str(i.get("description", "")),
                "check": i.get("check"),
                "severity": i.get("severity", SEVERITY[_outcome(i.get("outcome"))].value),
                "remediation": i.get("remediation", ""),
            }
            for i in issues
        ],
        "checks": checks,
    }
