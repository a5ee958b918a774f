"""What the Environment Monitor is told by its caller: tools, interpreter, timeouts, git, backups."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_CHECK_TIMEOUT_S = 20.0
DEFAULT_REPAIR_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class EnvSettings:
    """Settings for one environment check, passed in (never read from the environment here)."""

    required_tools: frozenset[str] = frozenset()
    """Tools hms-status.toml requires for the component, on top of the inferred ones."""
    python: Path | None = None
    """The interpreter configured for the component, used when it has no .venv/venv."""
    timeout_s: float = DEFAULT_CHECK_TIMEOUT_S
    """The time budget of each check (every subprocess it runs is cut off there)."""
    tracked_files: frozenset[str] | None = None
    """Relative paths git tracks in the component; None when unknown (the env-tracked check is
    then inconclusive if a .env exists); an empty set outside git."""
    search_path: str | None = None
    """The PATH used to find tools (and given to them); None means the process PATH."""
    pip_install_args: tuple[str, ...] = ()
    """Extra arguments for repairs' `pip install` (e.g. --no-index --find-links DIR)."""
    repair_timeout_s: float = DEFAULT_REPAIR_TIMEOUT_S
    """The time limit of each repair command (venv creation, installs)."""
    backup_dir: Path | None = None
    """Where --fix keeps backups of the files it edits (private: 0700 directories, 0600
    files); None keeps them next to the file, inside the component."""
