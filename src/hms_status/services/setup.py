"""Creating an HMS root: the data/ tree of the plan and the five seed scripts."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from hms_status.config import COMPONENTS_DIR, CONFIG_FILE
from hms_status.errors import InputError
from hms_status.gateways.files import atomic_write_text
from hms_status.services.snapshots import DATA_SUBDIRS

SEED_SCRIPTS = {
    "status_tracker.py": "tracker",
    "repository_analyzer.py": "analyzer",
    "environment_monitor.py": "env",
    "docs_integrator.py": "docs",
    "run_system.py": "run",
}
DEFAULT_CONFIG = """\
# HMS Status System configuration. Every key is optional; the README's "Configuration"
# section lists them all with their types, ranges and defaults. A key or table that is not
# known is an error (exit 2), so a typo is never ignored.
#
# [store]
# url = "postgresql+psycopg://user@host/db"   # default: sqlite at data/hms-status.db
# sqlite_synchronous = "FULL"                 # or "NORMAL": survives a crash, not power loss; ~2x faster
#
# [components.HMS-API]
# path = "SYSTEM-COMPONENTS/HMS-API"
# description = "Public API"
# required_tools = ["python3", "git"]
# test_command = ["python3", "-m", "pytest", "--junitxml=reports/junit.xml"]  # an argv list, never a string
# junit_report = "reports/junit.xml"
# health_url = "http://127.0.0.1:8080/health"
#
# [docs]
# stale_after_hours = 168
#
# [tracker]
# max_tickets_per_run = 50
"""


@dataclass(frozen=True)
class InitResult:
    """What init created or rewrote (paths relative to the root)."""

    root: Path
    written: tuple[str, ...]


def _template(name: str) -> str:
    return (resources.files("hms_status") / "templates" / "shims" / name).read_text(
        encoding="utf-8"
    )


def init_root(root: Path, interpreter: str | None = None) -> InitResult:
    """Create the data/ tree, SYSTEM-COMPONENTS/, hms-status.toml and status-system/ in root."""
    if root.exists() and not root.is_dir():
        raise InputError(f"{root} exists and is not a directory", "choose another DIR")
    creator = interpreter or sys.executable
    written: list[str] = []
    for sub in (*(f"data/{d}" for d in DATA_SUBDIRS), COMPONENTS_DIR, "status-system"):
        target = root / sub
        if not target.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            written.append(sub + "/")
    config = root / CONFIG_FILE
    if not config.exists():
        atomic_write_text(config, DEFAULT_CONFIG)
        written.append(CONFIG_FILE)
    seed = _template("seed_script.py.tmpl")
    for script, part in SEED_SCRIPTS.items():
        path = root / "status-system" / script
        if atomic_write_text(path, seed.format(script=script, part=part, creator=creator)):
            written.append(f"status-system/{script}")
        path.chmod(0o755)
    setup = root / "status-system" / "setup_status_system.sh"
    if atomic_write_text(setup, _template("setup_status_system.sh.tmpl").format(creator=creator)):
        written.append("status-system/setup_status_system.sh")
    setup.chmod(0o755)
    return InitResult(root, tuple(written))
