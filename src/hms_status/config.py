"""Settings: the HMS root, hms-status.toml and the HMS_* environment variables.

Precedence, highest first: command-line flags, HMS_* variables, hms-status.toml, defaults.
The root is found from ``--root``, then ``HMS_ROOT``, then by walking up from the current
directory to the first directory holding ``hms-status.toml`` or ``SYSTEM-COMPONENTS/``.
The file is checked against ``config_model`` when it is loaded (pydantic is imported only
when the file has content, so an empty configuration costs nothing at start-up).
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hms_status.errors import ConfigError, InputError

if TYPE_CHECKING:
    from hms_status.config_model import ComponentConfig, HmsConfig

CONFIG_FILE = "hms-status.toml"
COMPONENTS_DIR = "SYSTEM-COMPONENTS"
DATA_DIR = "data"
DB_FILE = "hms-status.db"
MAX_CONFIG_BYTES = 1024 * 1024
DEFAULT_SQLITE_SYNCHRONOUS = "FULL"
DEFAULT_MAX_TICKETS_PER_RUN = 50


@dataclass(frozen=True)
class Settings:
    """Everything a service needs to know about where and how to work."""

    root: Path
    database_url: str
    config: Mapping[str, Any] = field(default_factory=dict)
    """The parsed hms-status.toml as written (load_settings has checked all of it)."""
    checked: HmsConfig | None = field(default=None, repr=False, compare=False)
    """The same, typed; None when the file is empty or absent."""

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

    @property
    def model(self) -> HmsConfig:
        """hms-status.toml typed, with every default filled in (see config_model)."""
        if self.checked is not None:
            return self.checked
        from hms_status.config_check import check_config

        return check_config(self.config, CONFIG_FILE)

    def component(self, component_id: str) -> ComponentConfig:
        """A component's [components.ID] table, typed; ConfigError when that table is invalid."""
        return self.model.component(component_id)

    @property
    def sqlite_synchronous(self) -> str:
        """[store] sqlite_synchronous, without loading pydantic when the file is empty."""
        return self.model.store.sqlite_synchronous if self.config else DEFAULT_SQLITE_SYNCHRONOUS

    @property
    def max_tickets_per_run(self) -> int:
        """[tracker] max_tickets_per_run, without loading pydantic when the file is empty."""
        return (
            self.model.tracker.max_tickets_per_run if self.config else DEFAULT_MAX_TICKETS_PER_RUN
        )

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
    """Parse hms-status.toml; a missing file is an empty configuration.

    Only a regular file of at most 1 MiB is read (a FIFO never blocks), as UTF-8 (a leading
    byte order mark is allowed); nesting too deep for the parser is a ConfigError.
    """
    path = root / CONFIG_FILE
    try:
        data = _read_regular(path)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    if data is None:
        raise ConfigError(f"{path}: not a regular file", f"make {CONFIG_FILE} a plain text file")
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than 1 MiB", "a configuration is a few kilobytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(
            f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line})",
            "save the file as UTF-8",
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}", "fix the file's syntax") from None
    except RecursionError:
        raise ConfigError(
            f"{path}: invalid TOML: arrays or tables nested too deeply",
            "a configuration needs only a few levels",
        ) from None


def _read_regular(path: Path) -> bytes | None:
    """The bytes of a regular file (at most one byte over the limit), or None for anything else."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return handle.read(MAX_CONFIG_BYTES + 1)


def load_settings(root: Path, env: Mapping[str, str], database_url: str | None = None) -> Settings:
    """Build Settings for a root from its config file, the environment and flags.

    The whole file is checked here: ConfigError (exit 2) for the first mistake, except in a
    [components.ID] table, whose mistake is raised when that component is used.
    """
    config = read_config_file(root)
    checked = None
    if config:
        from hms_status.config_check import check_config

        checked = check_config(config, CONFIG_FILE)
    url = (
        database_url
        or env.get("HMS_DATABASE_URL")
        or (checked.store.url if checked else None)
        or f"sqlite:///{root / DATA_DIR / DB_FILE}"
    )
    if "://" not in url:
        raise ConfigError(
            f"invalid database URL {url!r}", "use sqlite:///path or postgresql+psycopg://..."
        )
    return Settings(root=root, database_url=url, config=config, checked=checked)
