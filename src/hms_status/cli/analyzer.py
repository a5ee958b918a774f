"""hms-status analyzer (and repository_analyzer.py): structure, git history, dependencies, findings."""

from __future__ import annotations

from typing import Any

import click

from hms_status.cli import output
from hms_status.cli.context import workspace


@click.group()
def analyzer() -> None:
    """Analyze component repositories."""


SHALLOW_NOTE = "commit count and contributors cover only the fetched history"


def _commits_line(g: dict[str, Any]) -> str:
    """How many commits by how many people, and the last one; or that there is none yet."""
    last = g.get("last_commit")
    if not g.get("commit_count") or not last:
        return "no commits yet"
    return (
        f"{g['commit_count']} commits by {len(g.get('contributors', []))} contributors; "
        f"last {str(last.get('hash', ''))[:10]} {last.get('date', '')}"
    )


def analysis_lines(data: dict[str, Any]) -> list[str]:
    """A readable summary of one Analysis Data object."""
    s, g, d = data.get("structure", {}), data.get("git", {}), data.get("dependencies", {})
    reused = " (unchanged: reused)" if data.get("reused") else ""
    lines = [f"{data['component_id']}: {data.get('analysis_type', 'quick')} analysis{reused}"]
    if s.get("not_a_directory"):
        lines.append("  path exists but is not a directory")
    elif not s.get("exists"):
        lines.append("  directory does not exist")
    else:
        types = sorted(s.get("file_types", {}).items(), key=lambda kv: -kv[1])[:5]
        shown = ", ".join(f"{ext} {n}" for ext, n in types)
        lines.append(f"  {s['file_count']} files in {s['directory_count']} directories ({shown})")
        flags = [name for name in ("readme", "tests", "docs", "docker") if s.get(f"has_{name}")]
        lines.append(f"  has: {', '.join(flags) or 'none of readme, tests, docs, docker'}")
    if g.get("has_git"):
        lines.append(f"  git: {_commits_line(g)}")
        if g.get("shallow"):
            lines.append(f"  shallow clone: {SHALLOW_NOTE}")
        if "branch" in g:
            lines.append(
                f"  branch {g.get('branch') or '(detached)'}; {len(g.get('dirty_files', []))} dirty "
                f"files; {g.get('commits_last_90_days', 0)} commits in 90 days; latest tag "
                f"{g.get('latest_tag') or '-'}"
            )
    else:
        lines.append("  git: not a git repository")
    lines.append(
        f"  dependencies: {d.get('dependency_count', 0)} runtime, {d.get('dev_dependency_count', 0)} "
        f"dev ({', '.join(d.get('ecosystems', [])) or 'no manifests'})"
    )
    for issue in data.get("issues", []):
        lines.append(f"  ! {issue['severity']} {issue['type']}: {issue['description']}")
        lines.append(f"      fix: {issue['remediation']}")
    return lines


@analyzer.command()
@click.argument("component")
@click.option("--full", is_flag=True, help="Add the complete git history analysis.")
@click.option("--force", is_flag=True, help="Re-analyze even when nothing changed.")
@click.option("--json", "as_json", is_flag=True, help="Print the Analysis Data as JSON.")
@click.pass_context
def analyze(ctx: click.Context, component: str, full: bool, force: bool, as_json: bool) -> None:
    """Analyze COMPONENT's repository."""
    from hms_status.services.analysis import analyze as run

    result = run(workspace(ctx), component, full, force)
    if as_json:
        output.emit_json(result.data)
    else:
        output.emit_lines(analysis_lines(result.data))


@analyzer.command(name="all")
@click.option("--full", is_flag=True, help="Add the complete git history analysis.")
@click.option("--force", is_flag=True, help="Re-analyze even unchanged components.")
@click.option(
    "--jobs", type=click.IntRange(1, 64), help="Parallel workers (default: from the core count)."
)
@click.option("--json", "as_json", is_flag=True, help="Print every result as JSON.")
@click.pass_context
def all_(ctx: click.Context, full: bool, force: bool, jobs: int | None, as_json: bool) -> int:
    """Analyze every registered component in parallel; exit 1 if any analysis could not run."""
    from hms_status.cli.progress import progress
    from hms_status.foundation.registry import component_ids
    from hms_status.services.analysis import analyze_all

    ws = workspace(ctx)
    with progress("analyzing", len(component_ids(ws.settings)), quiet=as_json) as tick:
        outcomes = analyze_all(ws, full, force, jobs, tick)
    if as_json:
        output.emit_json(
            [
                o.value.data if o.value else {"component_id": o.component_id, "error": o.error}
                for o in outcomes
            ]
        )
    else:
        rows: list[list[Any]] = []
        for o in outcomes:
            if o.value is None:
                rows.append([o.component_id, "error", "-", "-", "-", o.error])
                continue
            data: dict[str, Any] = o.value.data
            rows.append(
                [
                    o.component_id,
                    "reused" if o.value.reused else "analyzed",
                    data["structure"].get("file_count"),
                    data["git"].get("commit_count"),
                    data["dependencies"].get("dependency_count"),
                    len(data.get("issues", [])),
                ]
            )
        output.emit_table(["component", "result", "files", "commits", "deps", "findings"], rows)
    return 0 if all(o.ok for o in outcomes) else 1
