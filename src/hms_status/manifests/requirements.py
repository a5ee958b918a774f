"""pip requirements files: requirement lines, options, and -r/-c includes followed safely."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from packaging.utils import InvalidWheelFilename, parse_wheel_filename

from hms_status.manifests.document import reject_binary
from hms_status.manifests.model import (
    Dependency,
    Ecosystem,
    ManifestError,
    ManifestKind,
    ManifestResult,
)
from hms_status.manifests.pep508 import normalize_name, parse_pep508

MAX_INCLUDE_DEPTH = 32
"""Includes nested deeper than this are reported in include_errors and not read."""

LoadInclude = Callable[[str], str | None]
"""Return the text of an included file (path relative to the top file's directory), or None."""

_FULL_COMMENT = re.compile(r"^\s*#")
_OPTIONS_START = re.compile(r"(?<!\s)\s+(?=--?[A-Za-z])")
_HASH = re.compile(r"--hash[=\s]+(\S+)")
_EGG = re.compile(r"#(?:.*&)?egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_LOCATION = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|file:|\.|/|~)")


@dataclass
class _FileFacts:
    """What one requirements file declares by itself, includes not followed."""

    dependencies: list[Dependency] = field(default_factory=list)
    specs: list[str] = field(default_factory=list)
    editable: list[str] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    constraints: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    hashes: dict[str, list[str]] = field(default_factory=dict)
    unnamed: list[str] = field(default_factory=list)


@dataclass
class _Walk:
    """What following the includes of a requirements file has gathered so far."""

    load_include: LoadInclude
    seen: set[str]
    included: list[Dependency] = field(default_factory=list)
    constrained: list[Dependency] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    cycles: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_requirements(text: str, path: str, load_include: LoadInclude) -> ManifestResult:
    """Parse a requirements file: its own lines are the dependencies; includes go to extra."""
    try:
        facts = _read_file(text)
    except ManifestError as exc:
        return ManifestResult.failed(path, ManifestKind.REQUIREMENTS_TXT, Ecosystem.PYPI, str(exc))
    top = posixpath.normpath(posixpath.basename(path) or "requirements.txt")
    walk = _Walk(load_include, seen={top})
    _follow(facts, "", walk, (top,), walk.included)
    extra: dict[str, object] = {
        "specs": facts.specs,
        "editable_installs": facts.editable,
        "includes": facts.includes,
        "constraints": facts.constraints,
        "other_options": facts.options,
        "hashes": facts.hashes,
        "unnamed_requirements": facts.unnamed,
        "included_dependencies": tuple(walk.included),
        "constraint_dependencies": tuple(walk.constrained),
        "missing_includes": walk.missing,
        "include_cycles": walk.cycles,
        "include_errors": walk.errors,
    }
    return ManifestResult(
        path, ManifestKind.REQUIREMENTS_TXT, Ecosystem.PYPI, tuple(facts.dependencies), (), extra
    )


def _follow(
    facts: _FileFacts, base: str, walk: _Walk, chain: tuple[str, ...], into: list[Dependency]
) -> None:
    """Visit the -r files (adding to into) and -c files (adding to constraints) of one file."""
    for ref in facts.includes:
        _visit(ref, base, walk, chain, into)
    for ref in facts.constraints:
        _visit(ref, base, walk, chain, walk.constrained)


def _visit(
    ref: str, base: str, walk: _Walk, chain: tuple[str, ...], into: list[Dependency]
) -> None:
    """Load one included file once, recording cycles, missing files and broken files."""
    key = posixpath.normpath(posixpath.join(base, ref))
    if key in chain:
        walk.cycles.append(key)
        return
    if key in walk.seen:
        return
    walk.seen.add(key)
    if len(chain) > MAX_INCLUDE_DEPTH:
        walk.errors.append(f"{key}: includes nested more than {MAX_INCLUDE_DEPTH} deep")
        return
    content = walk.load_include(key)
    if content is None:
        walk.missing.append(key)
        return
    try:
        facts = _read_file(content)
    except ManifestError as exc:
        walk.errors.append(f"{key}: {exc}")
        return
    into.extend(facts.dependencies)
    _follow(facts, posixpath.dirname(key), walk, (*chain, key), into)


def _read_file(text: str) -> _FileFacts:
    """Read every logical line of one file; raise ManifestError naming the first bad line."""
    reject_binary(text)
    facts = _FileFacts()
    for number, line in _logical_lines(text.removeprefix("\ufeff")):
        try:
            _read_line(line, facts)
        except ManifestError as exc:
            raise ManifestError(f"line {number}: {exc}") from exc
    return facts


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (first line number, content) with continuations joined and comments removed."""
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        if raw.endswith("\\") and not _FULL_COMMENT.match(raw):
            pending.append(raw[:-1])
            continue
        line = "".join([*pending, " " + raw if _FULL_COMMENT.match(raw) else raw])
        pending = []
        if stripped := _without_comment(line):
            yield start, stripped
    if pending and (stripped := _without_comment("".join(pending))):
        yield start, stripped


def _without_comment(line: str) -> str:
    """The line stripped, cut at the first `#` that starts it or follows whitespace."""
    index = line.find("#")
    while index > 0 and not line[index - 1].isspace():
        index = line.find("#", index + 1)
    return (line if index < 0 else line[:index]).strip()


def _read_line(line: str, facts: _FileFacts) -> None:
    """Sort one logical line into an option, an include, or a requirement."""
    if line.startswith("-"):
        _read_option(line, facts)
        return
    requirement, *options = _OPTIONS_START.split(line, maxsplit=1)
    if _LOCATION.match(requirement):
        dependency = _located(requirement)
        if dependency is None:
            facts.unnamed.append(requirement)
            return
    else:
        dependency = parse_pep508(requirement)
    facts.dependencies.append(dependency)
    facts.specs.append(requirement)
    hashes = _HASH.findall(options[0]) if options else []
    if hashes:
        facts.hashes.setdefault(dependency.name, []).extend(hashes)


def _read_option(line: str, facts: _FileFacts) -> None:
    """Record an include, constraint or editable install; keep other options verbatim."""
    buckets = (
        (("-r", "--requirement"), facts.includes),
        (("-c", "--constraint"), facts.constraints),
        (("-e", "--editable"), facts.editable),
    )
    for flags, bucket in buckets:
        value = _option_value(line, flags)
        if value is not None:
            if not value:
                raise ManifestError(f"option {flags[1]} needs a value")
            bucket.append(value)
            return
    facts.options.append(line)


def _option_value(line: str, flags: tuple[str, str]) -> str | None:
    """The value given to one of flags (short or long form) on this line, or None."""
    short, long = flags
    if line == long or line.startswith((f"{long}=", f"{long} ", f"{long}\t")):
        return line[len(long) :].lstrip(" \t=").strip()
    if line.startswith(short) and not line.startswith("--"):
        return line[len(short) :].lstrip(" \t=").strip()
    return None


def _located(location: str) -> Dependency | None:
    """A dependency for a bare URL or path when its name can be told (#egg= or a wheel name)."""
    url = location.split("#", 1)[0]
    egg = _EGG.search(location)
    if egg:
        return Dependency(normalize_name(egg.group(1)), url, Ecosystem.PYPI)
    try:
        name, _version, _build, _tags = parse_wheel_filename(posixpath.basename(url))
    except InvalidWheelFilename:
        return None
    return Dependency(str(name), url, Ecosystem.PYPI)
