"""Raw facts about a component directory: manifests, lockfiles, version files, declarations.

This is the only place checks learn what files exist; it reads files and runs nothing.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from hms_status.environment.versions import Declared, Rule
from hms_status.gateways.confine import Boundary

VENV_DIRS = (".venv", "venv")
PYTHON_MANIFESTS = ("pyproject.toml", "setup.py", "setup.cfg", "Pipfile")
COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
CONFIG_DIR = "config"
CONFIG_SUFFIXES = (".json", ".jsonc", ".yaml", ".yml", ".toml")
GENERATED = frozenset(
    {"package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "packages.lock.json"}
)
"""Lockfiles written by package managers, not configuration: never parsed by the config check
(vite's 495 KB pnpm-lock.yaml took 1.5 s with the pure-Python YAML loader)."""
_ASDF_TOOLS = {
    "python": "python3",
    "nodejs": "node",
    "rust": "cargo",
    "golang": "go",
    "ruby": "ruby",
}
_PIN_FILES = {
    ".python-version": "python3",
    ".nvmrc": "node",
    ".node-version": "node",
    ".ruby-version": "ruby",
}
_REQUIREMENTS = re.compile(r"requirements.*\.txt")
_ENGINE_TOOLS = ("node", "npm", "pnpm", "yarn")


@dataclass(frozen=True)
class NodeDependency:
    """One package.json dependency."""

    name: str
    spec: str
    optional: bool = False


@dataclass(frozen=True)
class ComponentFacts:
    """What a component directory holds, as read once before the checks run."""

    root: Path
    files: frozenset[str]
    """Names of the entries at the top of the component directory."""
    requirements_files: tuple[str, ...] = ()
    python_dependencies: tuple[str, ...] = ()
    """PEP 508 strings from pyproject.toml [project].dependencies."""
    node_dependencies: tuple[NodeDependency, ...] = ()
    declared: tuple[Declared, ...] = ()
    venv: Path | None = None
    package_manager: str | None = None
    """The tool named by package.json's packageManager field."""
    go_requires: bool = False
    errors: tuple[tuple[str, str], ...] = ()
    """(file, message) for manifests that could not be read."""
    config_files: tuple[str, ...] = ()
    """JSON, YAML and TOML files at the top and in config/, as relative paths."""

    def has(self, name: str) -> bool:
        """True when the component directory holds an entry of that name."""
        return name in self.files

    def error_for(self, name: str) -> str | None:
        """Why the named manifest could not be read, if it could not."""
        return next((message for file, message in self.errors if file == name), None)

    @property
    def uses_python(self) -> bool:
        """True when the component has a Python manifest or requirements file."""
        return bool(self.requirements_files) or any(self.has(m) for m in PYTHON_MANIFESTS)

    @property
    def compose_file(self) -> str | None:
        """The first Docker Compose file present."""
        return next((name for name in COMPOSE_FILES if self.has(name)), None)


@dataclass
class _Collector:
    root: Path
    declared: list[Declared]
    errors: list[tuple[str, str]]

    def read_text(self, name: str) -> str | None:
        """A file's text; None when absent (unreadable ones, FIFOs, devices and links leading
        out of the component are noted)."""
        try:
            return Boundary.of(self.root).read_text(self.root / name)
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            self.errors.append((name, f"cannot read {name}: {exc}"))
            return None

    def toml(self, name: str) -> dict[str, object]:
        """A TOML file as a table; empty when absent or invalid (noted)."""
        text = self.read_text(name)
        try:
            return tomllib.loads(text) if text is not None else {}
        except tomllib.TOMLDecodeError as exc:
            self.errors.append((name, f"{name} is not valid TOML: {exc}"))
            return {}
        except RecursionError:
            self.errors.append((name, f"{name} is nested too deeply to read"))
            return {}

    def json(self, name: str) -> dict[str, object]:
        """A JSON file's top-level object; empty when absent or invalid (noted)."""
        text = self.read_text(name)
        try:
            data = json.loads(text) if text is not None else {}
        except json.JSONDecodeError as exc:
            self.errors.append((name, f"{name} is not valid JSON: {exc}"))
            return {}
        except RecursionError:
            self.errors.append((name, f"{name} is nested too deeply to read"))
            return {}
        return data if isinstance(data, dict) else {}

    def declare(self, tool: str, spec: object, source: str, rule: Rule) -> None:
        """Record a version declaration when spec is a non-empty string."""
        if isinstance(spec, str) and spec.strip():
            self.declared.append(Declared(tool, spec.strip(), source, rule))


def _table(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _pyproject(c: _Collector) -> tuple[str, ...]:
    project = _table(c.toml("pyproject.toml").get("project"))
    source = "pyproject.toml requires-python"
    c.declare("python3", project.get("requires-python"), source, Rule.PEP440)
    deps = project.get("dependencies")
    return tuple(d for d in deps if isinstance(d, str)) if isinstance(deps, list) else ()


def _package_json(c: _Collector) -> tuple[tuple[NodeDependency, ...], str | None]:
    data = c.json("package.json")
    engines = _table(data.get("engines"))
    for tool in _ENGINE_TOOLS:
        c.declare(tool, engines.get(tool), f"package.json engines.{tool}", Rule.NPM)
    manager = data.get("packageManager")
    name = None
    if isinstance(manager, str) and "@" in manager:
        name, _, version = manager.partition("@")
        c.declare(name, version.split("+")[0], "package.json packageManager", Rule.PIN)
    deps = [
        NodeDependency(dep, spec, optional=section == "optionalDependencies")
        for section in ("dependencies", "devDependencies", "optionalDependencies")
        for dep, spec in _table(data.get(section)).items()
        if isinstance(spec, str)
    ]
    return tuple(deps), name


def _cargo(c: _Collector) -> None:
    package = _table(c.toml("Cargo.toml").get("package"))
    c.declare("cargo", package.get("rust-version"), "Cargo.toml rust-version", Rule.MINIMUM)


def _go_mod(c: _Collector) -> bool:
    text = c.read_text("go.mod") or ""
    directive = re.search(r"^go\s+(\S+)", text, re.MULTILINE)
    if directive:
        c.declare("go", directive.group(1), "go.mod go directive", Rule.MINIMUM)
    return re.search(r"^require\b", text, re.MULTILINE) is not None


def _version_files(c: _Collector) -> None:
    for name, tool in _PIN_FILES.items():
        lines = [ln.strip() for ln in (c.read_text(name) or "").splitlines()]
        first = next((ln for ln in lines if ln and not ln.startswith("#")), None)
        c.declare(tool, first, name, Rule.PIN)
    for line in (c.read_text(".tool-versions") or "").splitlines():
        words = line.split("#")[0].split()
        if len(words) >= 2 and words[0] in _ASDF_TOOLS:
            c.declare(_ASDF_TOOLS[words[0]], words[1], f".tool-versions {words[0]}", Rule.PIN)


def _venv(root: Path) -> Path | None:
    for name in VENV_DIRS:
        candidate = root / name
        if (candidate / "pyvenv.cfg").is_file() or (candidate / "bin" / "python").exists():
            return candidate
    return None


def _is_file_like(path: Path) -> bool:
    """True for anything but a directory or a dangling link: FIFOs and devices are listed (and
    refused when read) so that the check reports them."""
    return path.exists() and not path.is_dir()


def _config_files(root: Path, files: frozenset[str]) -> tuple[str, ...]:
    found = [name for name in files if name.endswith(CONFIG_SUFFIXES) and name not in GENERATED]
    config_dir = root / CONFIG_DIR
    if config_dir.is_dir():
        found += [
            f"{CONFIG_DIR}/{entry.name}"
            for entry in config_dir.iterdir()
            if entry.name.endswith(CONFIG_SUFFIXES)
        ]
    return tuple(sorted(name for name in found if _is_file_like(root / name)))


def collect_facts(root: Path) -> ComponentFacts:
    """Read the component directory's manifests and version files (no subprocess)."""
    files = frozenset(entry.name for entry in root.iterdir())
    c = _Collector(root, [], [])
    python_deps = _pyproject(c) if "pyproject.toml" in files else ()
    node_deps, manager = _package_json(c) if "package.json" in files else ((), None)
    if "Cargo.toml" in files:
        _cargo(c)
    go_requires = _go_mod(c) if "go.mod" in files else False
    _version_files(c)
    return ComponentFacts(
        root=root,
        files=files,
        requirements_files=tuple(sorted(f for f in files if _REQUIREMENTS.fullmatch(f))),
        python_dependencies=python_deps,
        node_dependencies=node_deps,
        declared=tuple(c.declared),
        venv=_venv(root),
        package_manager=manager,
        go_requires=go_requires,
        errors=tuple(c.errors),
        config_files=_config_files(root, files),
    )
