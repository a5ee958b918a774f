"""Plain values every manifest parser returns: one dependency, and one manifest's result."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from hms_status.domain.redact import redact


class Ecosystem(StrEnum):
    """The package registry a dependency's name belongs to."""

    PYPI = "pypi"
    NPM = "npm"
    CARGO = "cargo"
    RUBYGEMS = "rubygems"
    GO = "go"


class ManifestKind(StrEnum):
    """Which kind of file a manifest result was parsed from."""

    REQUIREMENTS_TXT = "requirements_txt"
    PYPROJECT_TOML = "pyproject_toml"
    PACKAGE_JSON = "package_json"
    CARGO_TOML = "cargo_toml"
    GEMFILE = "gemfile"
    GO_MOD = "go_mod"


MAX_ERROR_CHARS = 300
"""ManifestResult.error is cut to this many characters."""


def shorten(text: str, limit: int) -> str:
    """Text cut to at most limit characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ManifestError(ValueError):
    """A manifest's content is malformed; parsers turn this into ManifestResult.error."""


@dataclass(frozen=True)
class Dependency:
    """One declared dependency, as written in its manifest."""

    name: str
    """Package name (PEP 503-normalised for Python; as written elsewhere)."""
    version: str
    """The version specifier text as written ("" when unpinned), e.g. ">=2.8.0,<10" or "~> 3.2"."""
    ecosystem: str
    """The registry the name belongs to (an Ecosystem value)."""
    group: str = ""
    """The group, extra, table or section it was declared in ("" for the main list)."""
    optional: bool = False
    """True when it is not installed by default (Cargo/Poetry optional, extras, optional groups)."""
    marker: str = ""
    """Condition text as written: a PEP 508 marker, a Ruby `if`/`unless`/`platforms` guard."""
    target: str = ""
    """The platform target it is limited to, e.g. Cargo's `cfg(unix)`."""


@dataclass(frozen=True)
class ManifestResult:
    """Everything one manifest declares, or the one-line reason it could not be read."""

    path: str
    """Where the manifest was read from, as given to the parser (find_manifests gives the path
    relative to the component directory)."""
    kind: str
    """What kind of manifest it is (a ManifestKind value)."""
    ecosystem: str
    """The registry its dependencies come from (an Ecosystem value)."""
    dependencies: tuple[Dependency, ...]
    """Runtime dependencies from the main list only (not extras, targets or includes)."""
    dev_dependencies: tuple[Dependency, ...]
    """Development dependencies (dev/test groups, devDependencies, dev-dependencies)."""
    extra: dict[str, object] = field(hash=False)
    """Per-ecosystem facts: optional groups, build requirements, workspace members, includes..."""
    error: str | None = None
    """One line describing why the manifest could not be parsed; None when it was."""

    @classmethod
    def failed(cls, path: str, kind: str, ecosystem: str, error: str) -> ManifestResult:
        """A result for a manifest that could not be parsed: no dependencies, one-line error.

        URL credentials in the error are masked before it is cut, so a cut never leaves part
        of a token behind.
        """
        one_line = shorten(" ".join(redact(error)[: MAX_ERROR_CHARS * 2].split()), MAX_ERROR_CHARS)
        return cls(path, kind, ecosystem, (), (), {}, one_line or "unknown error")
