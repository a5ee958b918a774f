"""Settings: the HMS root, hms-status.toml and the HMS_* environment variables.

Precedence, highest first: command-line flags, HMS_* variables, hms-status.toml, defaults.
The root is found from ``--root``, then ``HMS_ROOT``, then by walking up from the current
directory to the first directory holding ``hms-status.toml`` or ``SYSTEM-COMPONENTS/``.
The file is checked against ``config_model`` when it is loaded. pydantic is imported only
when the file has content, and only when these exact bytes have not been checked before by
this version: a checked file leaves its digest in ``data/.config-checked``, so the commands
CI runs on every build (recording a start or a test run) read their few values straight
from the file, and the typed model is built only when a command asks for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
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
CHECKED_STAMP = ".config-checked"
"""data/.config-checked: the digest of the last hms-status.toml this version found valid."""


@dataclass(frozen=True)
class Settings:
    """Everything a service needs to know about where and how to work."""

    root: Path
    database_url: str
    config: Mapping[str, Any] = field(default_factory=dict)
    """The parsed hms-status.toml as written (load_settings has checked all of it)."""
    checked: HmsConfig | None = field(default=None, repr=False, compare=False)
    """The same, typed; None when the file is empty or absent, or was trusted (below)."""
    trusted: bool = False
    """True when these exact bytes were found valid by this version before (the stamp in
    data/), so the values are read without pydantic until a command asks for the model."""

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

    @cached_property
    def model(self) -> HmsConfig:
        """hms-status.toml typed, with every default filled in (see config_model)."""
        if self.checked is not None:
            return self.checked
        from hms_status.config_check import check_config

        return check_config(self.config, CONFIG_FILE)

    @property
    def plain(self) -> bool:
        """True when values may be read as written (``written``), without pydantic: the file
        is empty or absent, or trusted and not typed yet."""
        return not self.config or (self.trusted and self.checked is None)

    def written(self, table: str, key: str, default: Any) -> Any:
        """[table] key as written in the file, or default when absent (only when ``plain``)."""
        value = self._raw(table, key)
        return default if value is None else value

    def _raw(self, table: str, key: str) -> Any:
        """A value of a trusted file as written (the model would hold the same value)."""
        section = self.config.get(table)
        return section.get(key) if isinstance(section, Mapping) else None

    def component(self, component_id: str) -> ComponentConfig:
        """A component's [components.ID] table, typed; ConfigError when that table is invalid."""
        return self.model.component(component_id)

    @property
    def sqlite_synchronous(self) -> str:
        """[store] sqlite_synchronous, without pydantic when the file is empty or trusted."""
        if not self.config:
            return DEFAULT_SQLITE_SYNCHRONOUS
        if self.trusted and self.checked is None:
            return str(
                self._raw("store", "sqlite_synchronous") or DEFAULT_SQLITE_SYNCHRONOUS
            ).upper()
        return self.model.store.sqlite_synchronous

    @property
    def max_tickets_per_run(self) -> int:
        """[tracker] max_tickets_per_run, without pydantic when the file is empty or trusted."""
        if not self.config:
            return DEFAULT_MAX_TICKETS_PER_RUN
        if self.trusted and self.checked is None:
            return int(self._raw("tracker", "max_tickets_per_run") or DEFAULT_MAX_TICKETS_PER_RUN)
        return self.model.tracker.max_tickets_per_run

    @property
    def docs_auto_update(self) -> bool:
        """[docs] auto_update: do docs follow every recorded change (without pydantic when the
        file is empty or trusted)?"""
        if not self.config:
            return True
        if self.trusted and self.checked is None:
            return self._raw("docs", "auto_update") is not False
        return self.model.docs.auto_update

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
    return _parse_config(root, _config_bytes(root))


def _config_bytes(root: Path) -> bytes | None:
    """The file's bytes; None when there is no file."""
    path = root / CONFIG_FILE
    try:
        data = _read_regular(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    if data is None:
        raise ConfigError(f"{path}: not a regular file", f"make {CONFIG_FILE} a plain text file")
    return data


def _parse_config(root: Path, data: bytes | None) -> dict[str, Any]:
    """The file's tables; ConfigError for size, encoding, syntax and nesting."""
    path = root / CONFIG_FILE
    if data is None:
        return {}
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
    data = _config_bytes(root)
    config = _parse_config(root, data)
    checked = None
    trusted = False
    if config and data is not None:
        digest = _digest(data)
        trusted = _stamp(root) == digest
        if not trusted:
            from hms_status.config_check import check_config

            checked = check_config(config, CONFIG_FILE)
            _write_stamp(root, digest)
    configured = checked.store.url if checked else None
    if trusted:
        raw = config.get("store", {}).get("url")
        configured = raw if isinstance(raw, str) else None
    url = (
        database_url
        or env.get("HMS_DATABASE_URL")
        or configured
        or f"sqlite:///{root / DATA_DIR / DB_FILE}"
    )
    if "://" not in url:
        raise ConfigError(
            f"invalid database URL {url!r}", "use sqlite:///path or postgresql+psycopg://..."
        )
    return Settings(root=root, database_url=url, config=config, checked=checked, trusted=trusted)


def _digest(data: bytes) -> str:
    """Names these bytes as checked by this very schema (its modules' size and mtime count)."""
    digest = hashlib.sha256(data)
    here = Path(__file__).parent
    for module in ("config_model.py", "config_check.py", "__init__.py"):
        with contextlib.suppress(OSError):
            info = (here / module).stat()
            digest.update(f"\0{module}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def _stamp(root: Path) -> str | None:
    try:
        return (root / DATA_DIR / CHECKED_STAMP).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _write_stamp(root: Path, digest: str) -> None:
    """Remember that this file is valid (best effort: a read-only data/ only costs speed)."""
    folder = root / DATA_DIR
    if not folder.is_dir():
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{CHECKED_STAMP}.", suffix=".tmp", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(digest + "\n")
        os.replace(tmp, folder / CHECKED_STAMP)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
