"""The Environment Monitor's and Repository Analyzer's reports, as the docs show them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hms_status.docsync import values as v
from hms_status.docsync.model import (
    AnalysisView,
    CheckView,
    EnvironmentView,
    FindingView,
    ToolView,
)

TOP_LANGUAGES = 8
TOP_CONTRIBUTORS = 5
_EXTENSIONS = {
    "Python": ".py .pyi .pyx",
    "JavaScript": ".js .mjs .cjs .jsx",
    "TypeScript": ".ts .tsx",
    "Go": ".go",
    "Rust": ".rs",
    "Ruby": ".rb .rake",
    "Java": ".java",
    "Kotlin": ".kt .kts",
    "C#": ".cs",
    "C": ".c .h",
    "C++": ".cc .cpp .cxx .hpp .hh",
    "PHP": ".php",
    "Shell": ".sh .bash",
    "Swift": ".swift",
    "Elixir": ".ex .exs",
    "Markdown": ".md .markdown",
    "HTML": ".html .htm",
    "CSS": ".css .scss .sass",
    "SQL": ".sql",
    "YAML": ".yml .yaml",
    "JSON": ".json",
    "TOML": ".toml",
}
LANGUAGES = {ext: name for name, exts in _EXTENSIONS.items() for ext in exts.split()}
"""File extension -> language name; other extensions are shown as they are."""


def environment_view(raw: Any) -> EnvironmentView | None:
    """The data/environments/<ID>.json report, or None when there is none."""
    data = v.mapping(raw)
    if not data:
        return None
    tools = tuple(
        ToolView(
            v.text(name),
            v.flag(t.get("installed")),
            v.text(t.get("version")),
            v.text(t.get("required_version")),
            v.flag(t.get("satisfied")),
        )
        for name, t in sorted(v.mapping(data.get("tools")).items())
        if isinstance(t, Mapping)
    )
    checks = tuple(
        CheckView(
            v.text(c.get("id")),
            v.text(c.get("title")),
            v.text(c.get("outcome")),
            v.text(c.get("details")),
            v.text(c.get("remediation")),
        )
        for c in v.items(data.get("checks"))
    )
    return EnvironmentView(
        v.text(data.get("status")) or "unknown",
        v.text(data.get("dependencies_status")),
        tools,
        checks,
        v.strings(data.get("issues")),
    )


def _top(pairs: Mapping[str, Any], limit: int) -> tuple[tuple[str, int], ...]:
    counted = [(name, c) for name, raw in pairs.items() if (c := v.integer(raw)) is not None]
    return tuple(sorted(counted, key=lambda p: (-p[1], p[0]))[:limit])


def _languages(file_types: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
    totals: dict[str, int] = {}
    for ext, n in file_types.items():
        count = v.integer(n)
        if count is not None:
            name = LANGUAGES.get(str(ext).lower(), v.text(ext, 40) or "other")
            totals[name] = totals.get(name, 0) + count
    return _top(totals, TOP_LANGUAGES)


def _last_commit(raw: Mapping[str, Any]) -> str:
    parts = [
        str(raw.get("hash") or "")[:10],
        v.text(raw.get("date")),
        v.text(raw.get("author")),
        v.text(raw.get("message"), 120),
    ]
    return " · ".join(p for p in parts if p)


def analysis_view(raw: Any) -> AnalysisView | None:
    """The highlights of data/analysis/<ID>.json, or None when there is none."""
    data = v.mapping(raw)
    if not data:
        return None
    structure, git = v.mapping(data.get("structure")), v.mapping(data.get("git"))
    deps = v.mapping(data.get("dependencies"))
    people = {
        v.text(c.get("name")) or "?": c.get("commits") for c in v.items(git.get("contributors"))
    }
    findings = tuple(
        FindingView(
            v.text(f.get("severity")),
            v.text(f.get("type")),
            v.text(f.get("description")),
            v.text(f.get("remediation")),
        )
        for f in v.items(data.get("issues"))
    )
    return AnalysisView(
        v.integer(structure.get("file_count")),
        v.integer(structure.get("directory_count")),
        _languages(v.mapping(structure.get("file_types"))),
        v.integer(git.get("commit_count")),
        len(people),
        _top(people, TOP_CONTRIBUTORS),
        _last_commit(v.mapping(git.get("last_commit"))),
        v.integer(deps.get("dependency_count")),
        v.integer(deps.get("dev_dependency_count")),
        v.strings(deps.get("ecosystems")),
        findings,
    )
