"""The Environment Monitor's and Repository Analyzer's reports, as the docs show them.

The keys read here are those of EnvironmentReport.to_json (data/environments/<ID>.json) and
Analysis.to_json (data/analysis/<ID>.json); every key is optional and a wrong type is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hms_status.clock import parse_iso
from hms_status.docsync import values as v
from hms_status.docsync.model import (
    AnalysisView,
    CheckView,
    EnvironmentView,
    FindingView,
    ToolView,
)
from hms_status.docsync.templating import when

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
    "F#": ".fs .fsx",
    "Scala": ".scala .sc",
    "Dart": ".dart",
    "Lua": ".lua",
    "Perl": ".pl .pm",
    "R": ".r",
    "Haskell": ".hs",
    "Clojure": ".clj .cljs .cljc",
    "Erlang": ".erl .hrl",
    "Zig": ".zig",
    "PowerShell": ".ps1 .psm1",
    "Vue": ".vue",
    "Svelte": ".svelte",
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
"""File extension -> language name. Only these count as languages: files without an extension
("(none)"), submodules ("(submodule)") and other extensions (.example, .lock, .txt, ...) are
left out of "Languages"; the file count still includes them."""


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
            v.joined(c.get("details")),
            v.text(c.get("remediation")),
        )
        for c in v.items(data.get("checks"))
    )
    return EnvironmentView(
        v.text(data.get("status")) or "unknown",
        v.text(data.get("dependencies_status")),
        tools,
        checks,
        _findings(data.get("issues")),
    )


def _findings(raw: Any) -> tuple[FindingView, ...]:
    """The issue objects of a report: type, severity, description and remediation."""
    return tuple(
        FindingView(
            v.text(f.get("severity")),
            v.text(f.get("type")),
            v.text(f.get("description")),
            v.text(f.get("remediation")),
        )
        for f in v.items(raw)
        if v.text(f.get("description"))
    )


def _top(pairs: Mapping[str, Any], limit: int) -> tuple[tuple[str, int], ...]:
    counted = [(name, c) for name, raw in pairs.items() if (c := v.integer(raw)) is not None]
    return tuple(sorted(counted, key=lambda p: (-p[1], p[0]))[:limit])


def _languages(file_types: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
    """File counts by language name; extensions that are not in LANGUAGES are left out."""
    totals: dict[str, int] = {}
    for ext, n in file_types.items():
        count, name = v.integer(n), LANGUAGES.get(str(ext).lower())
        if count is not None and name is not None:
            totals[name] = totals.get(name, 0) + count
    return _top(totals, TOP_LANGUAGES)


def _last_commit(raw: Mapping[str, Any]) -> str:
    """hash · time · author · subject; the time from committed_at (git's own date as a fallback)."""
    committed = v.text(raw.get("committed_at"))
    parts = [
        v.text(raw.get("hash"))[:10],
        when(committed) if committed else v.text(raw.get("date")),
        v.text(raw.get("author")),
        v.text(raw.get("message"), 120),
    ]
    return " · ".join(p for p in parts if p)


def analysis_changed_at(raw: Any, history: Sequence[Any] = ()) -> str | None:
    """When the analysis facts the docs show last changed, or None without an analysis.

    That is the report's fresh time (analysis_fresh_at), taken back to the earliest of the
    analyses kept before it (history, newest first) that show the same facts without a change
    between: a component re-analyzed because a file changed, facts unchanged (as after this
    tool writes its codex.md section), keeps the time its facts last changed.
    """
    shown, changed = analysis_view(raw), analysis_fresh_at(raw)
    if shown is None or changed is None:
        return changed
    for earlier in history:
        if analysis_view(earlier) != shown:
            break
        stamp = analysis_fresh_at(earlier)
        if stamp is not None and parse_iso(stamp) < parse_iso(changed):
            changed = stamp
    return changed


def analysis_fresh_at(raw: Any) -> str | None:
    """When the analysis's facts were last gathered: reused_from for a reused one, else timestamp.

    A reused analysis is stamped with the time of the run that reused it, although nothing
    in it changed; reused_from is when it was really made.
    """
    data = v.mapping(raw)
    stamp = v.text(data.get("reused_from" if data.get("reused") is True else "timestamp"))
    try:
        parse_iso(stamp)
    except ValueError:
        return None
    return stamp


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
        _findings(data.get("issues")),
    )
