"""Settings: the HMS root, hms-status.toml and the HMS_* environment variables.

Precedence, highest first: command-line flags, HMS_* variables, hms-status.toml, defaults.
The root is found from ``--root``, then ``HMS_ROOT``, then by walking up from the current
directory to the first directory holding ``hms-status.toml`` or ``SYSTEM-COMPONENTS/``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hms_status.errors import ConfigError, InputError

CONFIG_FILE = "hms-status.toml"
COMPONENTS_DIR = "SYSTEM-COMPONENTS"
DATA_DIR = "data"
DB_FILE = "hms-status.db"


@dataclass(frozen=True)
class Settings:
    """Everything a service needs to know about where and how to work."""

    root: Path
    database_url: str
    config: Mapping[str, Any] = field(default_factory=dict)
    """The parsed hms-status.toml (validated where each part reads it)."""

    @property
    def default_database_url(self) -> str:
        """The store a root has when nothing else is configured: data/hms-status.db."""
        return f"sqlite:///{self.root / DATA_DIR / DB_FILE}"

    @property
    def data_dir(self) -> Path:
        """The data/ tree of the plan."""
        return self.root / DATA_DIR

    @property
    def components_dir(self) -> Path:
        """Where component directories live."""
        return self.root / COMPONENTS_DIR

    def section(self, name: str) -> Mapping[str, Any]:
        """One table of hms-status.toml, empty when absent."""
        value = self.config.get(name, {})
        if not isinstance(value, Mapping):
            raise ConfigError(f"{self.root / CONFIG_FILE}: [{name}] must be a table")
        return value


def is_root(path: Path) -> bool:
    """A directory is an HMS root when it holds hms-status.toml or SYSTEM-COMPONENTS/."""
    return (path / CONFIG_FILE).is_file() or (path / COMPONENTS_DIR).is_dir()


def find_root(explicit: str | None, env: Mapping[str, str], cwd: Path) -> Path:
    """Locate the HMS root as git locates .git; raise InputError when there is none."""
    given = explicit or env.get("HMS_ROOT")
    if given:
        path = Path(given).expanduser().resolve()
        if not path.is_dir():
            raise InputError(f"HMS root {given!r} is not a directory", "pass an existing --root")
        if not is_root(path):
            raise InputError(
                f"{given} is not an HMS root (it has no {CONFIG_FILE} or {COMPONENTS_DIR}/)",
                f"run 'hms-status init {given}' first",
            )
        return path
    for candidate in (cwd, *cwd.parents):
        if is_root(candidate):
            return candidate
    raise InputError(
        f"no HMS root found from {cwd}",
        "run 'hms-status init DIR', pass --root, or set HMS_ROOT",
    )


def read_config_file(root: Path) -> dict[str, Any]:
    """Parse hms-status.toml; a missing file is an empty configuration."""
    path = root / CONFIG_FILE
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}", "fix the file's syntax") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def load_settings(root: Path, env: Mapping[str, str], database_url: str | None = None) -> Settings:
    """Build Settings for a root from its config file, the environment and flags."""
    config = read_config_file(root)
    store = config.get("store", {})
    url = (
        database_url
        or env.get("HMS_DATABASE_URL")
        or (store.get("url") if isinstance(store, Mapping) else None)
        or f"sqlite:///{root / DATA_DIR / DB_FILE}"
    )
    if not isinstance(url, str) or "://" not in url:
        raise ConfigError(
            f"invalid database URL {url!r}", "use sqlite:///path or postgresql+psycopg://..."
        )
    return Settings(root=root, database_url=url, config=config)
