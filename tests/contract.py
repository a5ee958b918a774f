"""The plan's data contract, checked on every snapshot a test leaves behind.

tests/contracts/ holds copies of the plan's JSON Schemas (draft 2020-12; the originals are in
../shared/contracts/, and a test keeps the copies equal to them when they are there). Every
data/status, data/analysis and data/environments file under a directory must validate
against its schema and carry the schema_version this program writes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from hms_status.analysis.model import ANALYSIS_SCHEMA_VERSION
from hms_status.domain.status_data import STATUS_SCHEMA_VERSION
from hms_status.environment.model import ENVIRONMENT_SCHEMA_VERSION

CONTRACTS = Path(__file__).parent / "contracts"
SCHEMAS = {
    "status": ("status-data.schema.json", STATUS_SCHEMA_VERSION),
    "analysis": ("analysis-data.schema.json", ANALYSIS_SCHEMA_VERSION),
    "environments": ("environment-data.schema.json", ENVIRONMENT_SCHEMA_VERSION),
}
"""data/<part>/ -> (its schema file, the schema_version written today)."""
_SKIPPED = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__", "SYSTEM-COMPONENTS"})
MAX_DEPTH = 6
"""Snapshots sit at most this deep under the directory searched (tmp/<root>/data/<part>/x.json)."""


@cache
def validator(part: str) -> Draft202012Validator:
    """The schema validator for one data/<part>/ folder."""
    schema = json.loads((CONTRACTS / SCHEMAS[part][0]).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def snapshot_files(top: Path) -> Iterator[tuple[str, Path]]:
    """(part, path) of every data/<part>/<ID>.json under top (temp files and others left out)."""
    base = len(top.parts)
    for folder, dirs, files in os.walk(top):
        here = Path(folder)
        if len(here.parts) - base >= MAX_DEPTH:
            dirs.clear()
        dirs[:] = [d for d in dirs if d not in _SKIPPED]
        if here.name in SCHEMAS and here.parent.name == "data":
            dirs.clear()
            for name in sorted(files):
                if name.endswith(".json") and not name.startswith(".") and (here / name).is_file():
                    yield here.name, here / name


def problems(part: str, document: Any) -> list[str]:
    """Why a document breaks the contract of its part (empty when it keeps it)."""
    found = [
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in validator(part).iter_errors(document)
    ]
    version = document.get("schema_version") if isinstance(document, dict) else None
    if version != SCHEMAS[part][1]:
        found.append(f"schema_version: {version!r}, not {SCHEMAS[part][1]}")
    return found


def violations(top: Path, skip: frozenset[Path] = frozenset()) -> list[str]:
    """One line per snapshot under top that breaks the contract (directories in skip ignored)."""
    lines = []
    for part, path in snapshot_files(top):
        if any(path.is_relative_to(folder) for folder in skip):
            continue
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            lines.append(f"{path}: not readable JSON: {exc}")
            continue
        lines += [f"{path}: {problem}" for problem in problems(part, document)[:5]]
    return lines


def fixture_folders(values: Iterable[object], base: Path, own: Path) -> list[Path]:
    """The temp folders (directly under base) that the fixture values handed to a test lie in,
    other than the test's own tmp_path: where module-scoped fixtures wrote their roots."""
    found: dict[Path, None] = {}
    for value in values:
        for item in value if isinstance(value, tuple | list) else (value,):
            if isinstance(item, Path) and item.is_relative_to(base) and item != base:
                folder = base / item.relative_to(base).parts[0]
                if not own.is_relative_to(folder) and folder.is_dir():
                    found[folder] = None
    return list(found)
