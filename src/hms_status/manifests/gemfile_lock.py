"""Gemfile.lock: the exact versions Bundler resolved, read leniently."""

from __future__ import annotations

import re

_SPEC = re.compile(r"^    (\S+) \(([^)]+)\)$")
_SPEC_SECTIONS = frozenset({"GEM", "PATH", "GIT", "PLUGIN SOURCE"})


def parse_gemfile_lock(text: str) -> dict[str, object]:
    """Locked versions, top-level dependencies, platforms and Bundler version from a lockfile."""
    if "\x00" in text:
        return {"error": "binary content (NUL byte) in Gemfile.lock"}
    section = ""
    specs: dict[str, str] = {}
    dependencies: list[str] = []
    platforms: list[str] = []
    bundled_with = ""
    for line in text.splitlines():
        if line and not line[0].isspace():
            section = line.strip()
        elif section in _SPEC_SECTIONS and (spec := _SPEC.match(line)):
            specs[spec.group(1)] = spec.group(2)
        elif section == "DEPENDENCIES" and _indent(line) == 2:
            dependencies.append(line.split()[0].rstrip("!"))
        elif section == "PLATFORMS" and line.strip():
            platforms.append(line.strip())
        elif section == "BUNDLED WITH" and line.strip():
            bundled_with = line.strip()
    return {
        "locked_versions": specs,
        "dependencies": dependencies,
        "platforms": platforms,
        "bundled_with": bundled_with,
    }


def _indent(line: str) -> int:
    """How many leading spaces a non-blank line has (-1 for a blank line)."""
    stripped = line.lstrip(" ")
    return len(line) - len(stripped) if stripped else -1
