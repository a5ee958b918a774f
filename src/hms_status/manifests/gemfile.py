"""Gemfile: gem lines, group blocks (development/test are dev), gemspec and conditional blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hms_status.manifests.document import reject_binary
from hms_status.manifests.gemfile_lock import parse_gemfile_lock
from hms_status.manifests.model import (
    Dependency,
    Ecosystem,
    ManifestError,
    ManifestKind,
    ManifestResult,
)
from hms_status.manifests.ruby_text import (
    keyword_option,
    mask_strings,
    split_arguments,
    statements,
    string_literal,
    symbol_or_string,
)

DEV_GROUPS = frozenset({"development", "test"})
"""Bundler groups whose gems count as development dependencies."""

_KIND = ManifestKind.GEMFILE
_BLOCK_OPENER = re.compile(r"\bdo(\s*\|[^|]*\|)?$")
_CONDITIONALS = frozenset({"if", "unless", "case", "while", "until", "begin", "for"})
_GUARDS = frozenset({"platforms", "platform", "install_if"})
_MODIFIER = re.compile(r"\s(if|unless)\s")
_END = re.compile(r"^end\b")
_CALL = re.compile(r"^(\w+)(?:\s*\(\s*|\s+|$)")


@dataclass(frozen=True)
class _Frame:
    """One open Ruby block: a group (its names) or a guard (its condition text)."""

    groups: tuple[str, ...] = ()
    condition: str = ""
    optional: bool = False


@dataclass
class _Gemfile:
    """What reading a Gemfile has gathered."""

    dependencies: list[Dependency] = field(default_factory=list)
    dev: list[Dependency] = field(default_factory=list)
    other_groups: dict[str, list[Dependency]] = field(default_factory=dict)
    optional_groups: list[str] = field(default_factory=list)
    gemspecs: list[str] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    stack: list[_Frame] = field(default_factory=list)


def parse_gemfile(text: str, path: str, lock_text: str | None = None) -> ManifestResult:
    """Parse a Gemfile (and its Gemfile.lock when given); dev = development and test groups."""
    try:
        reject_binary(text)
        gemfile = _read(text)
    except ManifestError as exc:
        return ManifestResult.failed(path, _KIND, Ecosystem.RUBYGEMS, str(exc))
    extra: dict[str, object] = {
        "other_groups": {name: tuple(deps) for name, deps in gemfile.other_groups.items()},
        "optional_groups": gemfile.optional_groups,
        "gemspec_directives": gemfile.gemspecs,
        "includes": gemfile.includes,
    }
    if lock_text is not None:
        extra["lock"] = parse_gemfile_lock(lock_text)
    return ManifestResult(
        path, _KIND, Ecosystem.RUBYGEMS, tuple(gemfile.dependencies), tuple(gemfile.dev), extra
    )


def _read(text: str) -> _Gemfile:
    """Walk the Gemfile's statements, tracking open blocks."""
    gemfile = _Gemfile()
    for statement, masked in statements(text.removeprefix("\ufeff")):
        call = _CALL.match(masked)
        word = call.group(1) if call else ""
        arguments = statement[call.end() :] if call else statement
        if _END.match(masked):
            if gemfile.stack:
                gemfile.stack.pop()
        elif word == "gem":
            _gem(arguments, gemfile)
        elif word == "gemspec":
            gemfile.gemspecs.append(statement)
        elif word == "eval_gemfile":
            target = _split_modifier(arguments)[0].strip()
            gemfile.includes.append(string_literal(target) or target)
        elif word == "group" and _BLOCK_OPENER.search(masked):
            gemfile.stack.append(_group_frame(arguments, gemfile))
        elif word in _CONDITIONALS and not masked.endswith(" end"):
            gemfile.stack.append(_Frame(condition=statement if word in {"if", "unless"} else ""))
        elif _BLOCK_OPENER.search(masked):
            guard = _BLOCK_OPENER.sub("", statement).strip() if word in _GUARDS else ""
            gemfile.stack.append(_Frame(condition=guard))
    return gemfile


def _group_frame(arguments: str, gemfile: _Gemfile) -> _Frame:
    """A `group :a, :b, optional: true do` block."""
    names: list[str] = []
    optional = False
    for argument in split_arguments(_BLOCK_OPENER.sub("", arguments).strip().rstrip(")")):
        option = keyword_option(argument)
        if option:
            optional = optional or option == ("optional", "true")
        elif (name := symbol_or_string(argument)) is not None:
            names.append(name)
    if optional:
        gemfile.optional_groups.extend(
            name for name in names if name not in gemfile.optional_groups
        )
    return _Frame(groups=tuple(names), optional=optional)


def _gem(arguments: str, gemfile: _Gemfile) -> None:
    """Record one `gem 'name', 'requirement', option: value if condition` statement."""
    call, conditions = _split_modifier(arguments)
    parts = split_arguments(call.strip().removesuffix(")"))
    name = string_literal(parts[0]) if parts else None
    if not name:
        return
    versions: list[str] = []
    groups = [group for frame in gemfile.stack for group in frame.groups]
    guards = [frame.condition for frame in gemfile.stack if frame.condition]
    for argument in parts[1:]:
        option = keyword_option(argument)
        if option and option[0] in {"group", "groups"}:
            groups.extend(_names(option[1]))
        elif option and option[0] in {"platform", "platforms"}:
            guards.append(f"{option[0]}: {option[1]}")
        elif not option and (version := string_literal(argument)) is not None:
            versions.append(version)
    unique_groups = tuple(dict.fromkeys(groups))
    dependency = Dependency(
        name=name,
        version=", ".join(versions),
        ecosystem=Ecosystem.RUBYGEMS,
        group=",".join(unique_groups),
        optional=any(frame.optional for frame in gemfile.stack),
        marker=" and ".join([*guards, *conditions]),
    )
    _file(dependency, unique_groups, gemfile)


def _file(dependency: Dependency, groups: tuple[str, ...], gemfile: _Gemfile) -> None:
    """Put a gem in the runtime list, the dev list, or each of its other groups."""
    if not groups:
        gemfile.dependencies.append(dependency)
    elif DEV_GROUPS.intersection(groups):
        gemfile.dev.append(dependency)
    else:
        for group in groups:
            gemfile.other_groups.setdefault(group, []).append(dependency)


def _split_modifier(arguments: str) -> tuple[str, list[str]]:
    """Split a trailing `if cond`/`unless cond` modifier off a call's arguments."""
    match = _MODIFIER.search(mask_strings(arguments))
    if not match:
        return arguments, []
    return arguments[: match.start()], [arguments[match.start() :].strip()]


def _names(value: str) -> list[str]:
    """Group names from an option value: `:test`, `"test"` or `[:development, :test]`."""
    inner = value.strip().removeprefix("[").removesuffix("]")
    return [name for part in split_arguments(inner) if (name := symbol_or_string(part))]
