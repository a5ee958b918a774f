"""Creating an HMS root: the data/ tree of the plan and the five seed scripts."""

from __future__ import annotations

import shlex
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
# auto_update = true        # each recorded change rewrites that component's docs at once
# readme_badge = true       # the main job adds the badge to a README.md that has none
#
# [tracker]
# max_tickets_per_run = 50
#
# Tickets that environment checks and analyzer findings open (and resolve) on their own:
# [tickets]
# environment = true
# analysis = true
# environment_failure = "high"   # or "critical", "medium", "low", "none"
"""


@dataclass(frozen=True)
class InitResult:
    """What init created or rewrote (paths relative to the root)."""

    root: Path
    written: tuple[str, ...]


UNKNOWN_SOURCE = "/path/to/a/checkout/of/hms-status"
"""What the install hint names when this installation does not say where it came from."""


def install_source() -> str:
    """Where this hms-status was installed from, as `pip install` accepts it.

    hms-status is not on PyPI, so "pip install hms-status" would not work: the hint names
    the checkout (or wheel, or VCS URL) this installation was made from, as pip recorded it
    in direct_url.json (PEP 610).
    """
    from importlib import metadata

    try:
        recorded = metadata.distribution("hms-status").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        recorded = None
    return source_from_direct_url(recorded)


def source_from_direct_url(recorded: str | None) -> str:
    """What `pip install` needs to install again from a PEP 610 record; UNKNOWN_SOURCE if none."""
    import json
    from urllib.parse import unquote, urlparse

    try:
        info = json.loads(recorded) if recorded else {}
    except json.JSONDecodeError:
        info = {}
    url = info.get("url") if isinstance(info, dict) else None
    if not isinstance(url, str) or not url:
        return UNKNOWN_SOURCE
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
        return f"{vcs['vcs']}+{url}@{vcs['commit_id']}"
    parsed = urlparse(url)
    return unquote(parsed.path) if parsed.scheme == "file" else url


def _template(name: str) -> str:
    return (resources.files("hms_status") / "templates" / "shims" / name).read_text(
        encoding="utf-8"
    )


def init_root(root: Path, interpreter: str | None = None) -> InitResult:
    """Create the data/ tree, SYSTEM-COMPONENTS/, hms-status.toml and status-system/ in root."""
    if root.exists() and not root.is_dir():
        raise InputError(f"{root} exists and is not a directory", "choose another DIR")
    creator = interpreter or sys.executable
    source = install_source()
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
        if atomic_write_text(
            path, seed.format(script=script, part=part, creator=creator, source=source)
        ):
            written.append(f"status-system/{script}")
        path.chmod(0o755)
    setup = root / "status-system" / "setup_status_system.sh"
    if atomic_write_text(
        setup,
        _template("setup_status_system.sh.tmpl").format(
            creator=creator, source=shlex.quote(source)
        ),
    ):
        written.append("status-system/setup_status_system.sh")
    setup.chmod(0o755)
    return InitResult(root, tuple(written))
