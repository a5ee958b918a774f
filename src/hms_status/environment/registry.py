"""The explicit list of environment checks, and choosing a subset by id or family."""

from __future__ import annotations

from hms_status.environment import configuration, lockfiles, node_deps, python_deps, tools
from hms_status.environment.check import Check
from hms_status.environment.model import Family
from hms_status.errors import InputError

CHECKS: tuple[Check, ...] = (
    tools.CHECK,
    python_deps.CHECK,
    node_deps.CHECK,
    lockfiles.CHECK,
    configuration.ENV_FILE,
    configuration.CONFIG_FILES,
    configuration.ENV_TRACKED,
)


def valid_names() -> tuple[str, ...]:
    """Every name --only accepts: check ids, then family names."""
    ids = tuple(check.id for check in CHECKS)
    return ids + tuple(family.value for family in Family if family.value not in ids)


def select(only: frozenset[str] | None) -> tuple[Check, ...]:
    """The checks named by id or family, in registry order; all when only is None."""
    if only is None:
        return CHECKS
    unknown = sorted(only - set(valid_names()))
    if unknown or not only:
        raise InputError(
            f"unknown check {', '.join(unknown)}" if unknown else "no check named",
            hint=f"valid names: {', '.join(valid_names())}",
        )
    return tuple(c for c in CHECKS if c.id in only or c.family.value in only)
