"""Declared tool versions and whether a found version meets them, under each ecosystem's rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from hms_status.environment import semver

_VERSION_TOKEN = re.compile(r"(\d+\.\d+(?:\.\d+)?)")
_NUMERIC = re.compile(r"^[vV]?(\d+(?:\.\d+)*)$")


class Rule(StrEnum):
    """How a declaration is read."""

    PEP440 = "pep440"
    """A Python specifier set, e.g. requires-python ">=3.10"."""
    NPM = "npm"
    """An npm semver range, e.g. engines.node "^18 || >=20"."""
    MINIMUM = "minimum"
    """A lowest version, e.g. rust-version "1.70" or the go.mod go directive."""
    PIN = "pin"
    """A version file's choice, matched as a prefix: .python-version "3.11" matches 3.11.7."""


@dataclass(frozen=True)
class Declared:
    """One version a component declares for a tool, and where."""

    tool: str
    spec: str
    source: str
    rule: Rule

    @property
    def hard(self) -> bool:
        """True for requirements (a mismatch fails); pins only warn."""
        return self.rule is not Rule.PIN


def read_version(output: str) -> str | None:
    """The first dotted version number in a tool's --version output."""
    match = _VERSION_TOKEN.search(output)
    return match.group(1) if match else None


def _numbers(text: str) -> tuple[int, ...] | None:
    match = _NUMERIC.match(text.strip())
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


def _minimum(spec: str, version: str) -> bool | None:
    wanted, found = _numbers(spec), _numbers(version)
    if wanted is None or found is None:
        return None
    width = max(len(wanted), len(found))
    return found + (0,) * (width - len(found)) >= wanted + (0,) * (width - len(wanted))


def _pin(spec: str, version: str) -> bool | None:
    wanted, found = _numbers(spec), _numbers(version)
    if wanted is None or found is None:
        return None
    return found[: len(wanted)] == wanted


def _pep440(spec: str, version: str) -> bool | None:
    try:
        return SpecifierSet(spec).contains(Version(version), prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return None


def _npm(spec: str, version: str) -> bool | None:
    parts = version.split(".")
    full = ".".join(parts + ["0"] * (3 - len(parts)))
    try:
        return semver.satisfies(full, spec)
    except semver.RangeError:
        return None


_RULES = {Rule.PEP440: _pep440, Rule.NPM: _npm, Rule.MINIMUM: _minimum, Rule.PIN: _pin}


def satisfied(declared: Declared, version: str) -> bool | None:
    """Whether version meets the declaration; None when either cannot be interpreted."""
    return _RULES[declared.rule](declared.spec, version)
