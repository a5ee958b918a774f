"""Parsing configuration files (JSON, JSON with comments, YAML, TOML) to see that they parse."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import yaml

from hms_status.environment.records import ConfigFileStatus
from hms_status.gateways.confine import Boundary

_JSONC_NAMES = re.compile(r"^(tsconfig.*|jsconfig.*|\.eslintrc|devcontainer|\.babelrc)\.json$")
_COMMENTS = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.DOTALL)
_TRAILING_COMMAS = re.compile(r'"(?:\\.|[^"\\])*"|,(?=\s*[}\]])')


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (about 7x faster), else the pure-Python one."""


class _TolerantLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A safe loader that accepts application tags such as !Ref or !reference."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    return None


_TolerantLoader.add_multi_constructor("!", _any_tag)


def _drop_comment(match: re.Match[str]) -> str:
    token = match.group(0)
    return token if token.startswith('"') else "\n" * token.count("\n")


def _drop_comma(match: re.Match[str]) -> str:
    token = match.group(0)
    return token if token.startswith('"') else ""


def strip_jsonc(text: str) -> str:
    """JSON with comments and trailing commas made plain JSON (line numbers kept)."""
    return _TRAILING_COMMAS.sub(_drop_comma, _COMMENTS.sub(_drop_comment, text))


def _json(text: str, jsonc: bool) -> str:
    try:
        json.loads(strip_jsonc(text) if jsonc else text)
    except json.JSONDecodeError as exc:
        return f"line {exc.lineno} column {exc.colno}: {exc.msg}"
    return ""


def _yaml(text: str) -> str:
    try:
        for _ in yaml.load_all(text, Loader=_TolerantLoader):
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1} column {mark.column + 1}: " if mark else ""
        return f"{where}{exc.problem or exc.context or 'invalid YAML'}"
    except yaml.YAMLError as exc:
        first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
        return first or f"invalid YAML ({type(exc).__name__})"
    return ""


def _toml(text: str) -> str:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return str(exc)
    return ""


def format_of(name: str) -> str:
    """json, jsonc, yaml or toml, from the file name."""
    base = name.rsplit("/", 1)[-1]
    if base.endswith(".jsonc") or _JSONC_NAMES.match(base):
        return "jsonc"
    return {"json": "json", "yaml": "yaml", "yml": "yaml", "toml": "toml"}[base.rsplit(".", 1)[1]]


_PARSERS: dict[str, Callable[[str], str]] = {
    "json": lambda text: _json(text, jsonc=False),
    "jsonc": lambda text: _json(text, jsonc=True),
    "yaml": _yaml,
    "toml": _toml,
}


def check_file(root: Path, name: str) -> ConfigFileStatus:
    """Parse one file; the status's error is empty when it parses.

    FIFOs, devices, files over the size cap, links leading out of the component and
    unreadable files are not parsed: their status is not readable, with the reason as its error.
    """
    kind = format_of(name)
    try:
        text = Boundary.of(root).read_text(root / name)
    except UnicodeDecodeError:
        return ConfigFileStatus(name, kind, "not UTF-8 text")
    except OSError as exc:
        return ConfigFileStatus(name, kind, f"cannot read: {exc}", readable=False)
    try:
        return ConfigFileStatus(name, kind, _PARSERS[kind](text))
    except RecursionError:
        return ConfigFileStatus(name, kind, "nested too deeply to parse")
