"""The Environment Monitor: required tools, dependencies and configuration of a component.

``check_environment`` runs the checks (and the safe repairs with ``fix``); ``render_text``
gives the human lines and ``EnvironmentReport.to_json()`` the plan's Environment Data shape.
"""

from hms_status.environment.model import CheckOutcome, CheckResult, EnvironmentReport
from hms_status.environment.monitor import check_environment
from hms_status.environment.registry import CHECKS, valid_names
from hms_status.environment.settings import EnvSettings
from hms_status.environment.text import render_text

__all__ = [
    "CHECKS",
    "CheckOutcome",
    "CheckResult",
    "EnvSettings",
    "EnvironmentReport",
    "check_environment",
    "render_text",
    "valid_names",
]
