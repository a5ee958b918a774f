"""The demo's hms-status.toml tables: [tickets], and [components.<ID>] with tools and test commands."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hms_status.config import CONFIG_FILE
from hms_status.demo.plan import Feature, Language, Spec
from hms_status.demo.toml_text import TomlValue, toml_table
from hms_status.gateways.files import atomic_write_text

CONFIGURED = frozenset({"HMS-API", "HMS-OPS", "HMS-ETL", "HMS-UTL", "HMS-MBL", "HMS-CUR"})
JUNIT_REPORT = "reports/junit.xml"
TEST_COMMAND = ("python3", "scripts/run_tests.py", JUNIT_REPORT)
"""Run from the component's directory: runs tests/test_*.py and writes JUNIT_REPORT."""
TOOLS = {
    Language.PYTHON: ("python3", "git"),
    Language.NODE: ("node", "npm", "git"),
    Language.GO: ("go", "git"),
    Language.RUST: ("cargo", "git"),
    Language.RUBY: ("ruby", "bundle", "git"),
}
HEADER = "\n# Demo components: settings for a few (the rest come from their directories).\n"
TICKETS = """
# The demo's repositories are sources only (no venv, no node_modules), and which of the tools
# they need (go, cargo, ruby, docker) a machine has varies: a ticket from every failing
# environment check would turn nearly every component yellow, differently on each machine.
# `env check` still reports each problem; set this to true to see them as work tickets.
""" + toml_table("tickets", {"environment": False})


def _runs_tests(spec: Spec) -> bool:
    return spec.has(Feature.RUNNER_PASS) or spec.has(Feature.RUNNER_FAIL)


def component_table(spec: Spec) -> str:
    """One [components.<ID>] table."""
    tools = TOOLS[spec.language] + (("docker",) if spec.has(Feature.DOCKER) else ())
    values: dict[str, TomlValue] = {"description": spec.description, "required_tools": tools}
    if _runs_tests(spec):
        values |= {"test_command": TEST_COMMAND, "junit_report": JUNIT_REPORT}
    return toml_table(f"components.{spec.id}", values)


def write_config(root: Path, specs: Sequence[Spec]) -> list[str]:
    """Append the tables to hms-status.toml; return the IDs given a table."""
    chosen = [spec for spec in specs if spec.id in CONFIGURED or _runs_tests(spec)]
    path = root / CONFIG_FILE
    tables = "\n".join(component_table(spec) for spec in chosen)
    atomic_write_text(path, path.read_text(encoding="utf-8") + TICKETS + HEADER + tables)
    return [spec.id for spec in chosen]
