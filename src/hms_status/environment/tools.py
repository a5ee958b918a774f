"""The tools check: which tools a component needs, whether they are found, and their versions."""

from __future__ import annotations

import shlex
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from hms_status.environment.check import Check, CheckContext, Verdict
from hms_status.environment.facts import ComponentFacts
from hms_status.environment.model import CheckOutcome, Family, Finding
from hms_status.environment.records import ToolStatus, VersionCheck
from hms_status.environment.versions import Declared, read_version, satisfied
from hms_status.gateways.confine import Boundary
from hms_status.gateways.proc import ProcResult

_VERSION_ARGS = {"go": ("version",), "docker compose": ("compose", "version")}
_OPTIONAL = frozenset({"docker", "docker compose"})
_SINGLE_TOOL = (("Cargo.toml", "cargo"), ("go.mod", "go"))
_NODE_LOCKS = (("pnpm-lock.yaml", "pnpm"), ("yarn.lock", "yarn"), ("bun.lockb", "bun"))


@dataclass(frozen=True)
class ToolNeed:
    """A tool the component needs, and why."""

    name: str
    required: bool
    reason: str


def _node_manager(facts: ComponentFacts) -> str:
    if facts.package_manager:
        return facts.package_manager
    return next((tool for lock, tool in _NODE_LOCKS if facts.has(lock)), "npm")


def _inferred(facts: ComponentFacts) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if facts.uses_python:
        source = "pyproject.toml" if facts.has("pyproject.toml") else "Python requirements"
        pairs += [("python3", source), ("pip", source)]
    if facts.has("package.json"):
        pairs += [("node", "package.json"), (_node_manager(facts), "package.json")]
    pairs += [(tool, manifest) for manifest, tool in _SINGLE_TOOL if facts.has(manifest)]
    if facts.has("Gemfile"):
        pairs += [("ruby", "Gemfile"), ("bundle", "Gemfile")]
    if facts.has("Dockerfile"):
        pairs.append(("docker", "Dockerfile"))
    if facts.compose_file:
        pairs.append(("docker compose", facts.compose_file))
    return pairs


def needed_tools(facts: ComponentFacts, configured: frozenset[str]) -> tuple[ToolNeed, ...]:
    """The tools to check: configured ones (required) and those the manifests imply."""
    needs = {name: ToolNeed(name, True, "hms-status.toml") for name in sorted(configured)}
    for name, reason in _inferred(facts):
        needs.setdefault(name, ToolNeed(name, name not in _OPTIONAL, reason))
    return tuple(needs.values())


def _locate(ctx: CheckContext, name: str) -> str | None:
    if name == "python3" and ctx.settings.python and ctx.facts.venv is None:
        return str(ctx.settings.python) if ctx.settings.python.exists() else None
    return ctx.which("docker" if name == "docker compose" else name)


def _version_error(result: ProcResult) -> str:
    shown = shlex.join([Path(result.argv[0]).name, *result.argv[1:]])
    if result.timed_out or result.not_found:
        return f"`{shown}` {result.error_text}"
    return f"`{shown}` exited with status {result.returncode}: {result.error_text[:200]}"


_REPORTED_ELSEWHERE = frozenset({"pyproject.toml", "package.json"})
_PIN_FILES = (".python-version", ".tool-versions", ".nvmrc", ".node-version", ".ruby-version")
_VERSION_TTL_S = 300.0
_version_cache: dict[tuple[str, ...], tuple[float, ProcResult]] = {}
_version_lock = threading.Lock()


def _pins(root: Path) -> str:
    """The component's own version-pin files: version managers' shims answer by them."""
    parts = []
    boundary = Boundary.of(root)
    for name in _PIN_FILES:
        try:
            parts.append(f"{name}={boundary.read_text(root / name, errors='replace')}")
        except OSError:
            continue
    return "\0".join(parts)


def _version_run(ctx: CheckContext, argv: list[str]) -> ProcResult:
    """Run a tool's version command, reusing an answer given in the last minutes for the same
    tool, search path and version pins (a full update asks the same tools for every component)."""
    try:
        stat = Path(argv[0]).stat()
        stamp = f"{stat.st_mtime_ns}:{stat.st_size}"
    except OSError:
        stamp = "-"
    key = (*argv, stamp, str(ctx.settings.search_path), _pins(ctx.root))
    now = time.monotonic()
    with _version_lock:
        cached = _version_cache.get(key)
    if cached is not None and now - cached[0] < _VERSION_TTL_S:
        return cached[1]
    result = ctx.run(argv)
    if result.ok:
        with _version_lock:
            _version_cache[key] = (now, result)
    return result


def examine(ctx: CheckContext, need: ToolNeed) -> ToolStatus:
    """Find one tool, read its version, and compare it with the component's declarations."""
    path = _locate(ctx, need.name)
    if path is None:
        return ToolStatus(need.name, need.required, False, reason=need.reason)
    result = _version_run(ctx, [path, *_VERSION_ARGS.get(need.name, ("--version",))])
    output = result.text + "\n" + result.error_text
    version = read_version(output) if result.ok else None
    error = "" if version else (_version_error(result) if not result.ok else "no version in output")
    if need.name == "docker compose" and not result.ok and not result.timed_out:
        return ToolStatus(need.name, need.required, False, path=path, reason=need.reason)
    declared = [d for d in ctx.facts.declared if d.tool == need.name]
    return ToolStatus(
        need.name,
        need.required,
        True,
        version=version,
        path=path,
        requirements=tuple(_judge(d, version) for d in declared),
        reason=need.reason,
        error=error,
    )


def _judge(declared: Declared, version: str | None) -> VersionCheck:
    verdict = satisfied(declared, version) if version else None
    return VersionCheck(declared.spec, declared.source, verdict)


def _hard_spec(ctx: CheckContext, tool: ToolStatus) -> str:
    specs = [d.spec for d in ctx.facts.declared if d.tool == tool.name and d.hard]
    return f" {', '.join(specs)}" if specs else ""


def _findings(ctx: CheckContext, tool: ToolStatus) -> list[Finding]:
    if not tool.installed:
        outcome = CheckOutcome.FAILURE if tool.required else CheckOutcome.WARNING
        return [
            Finding(
                "missing_tool",
                outcome,
                f"{tool.name} is not installed or not on PATH (needed for {tool.reason})",
                f"Install {tool.name}{_hard_spec(ctx, tool)} and put it on PATH",
            )
        ]
    found: list[Finding] = []
    if tool.error:
        found.append(
            Finding(
                "tool_unreadable",
                CheckOutcome.INCONCLUSIVE,
                f"could not read the version of {tool.name}: {tool.error}",
                f"Check that {tool.path} works when run by hand",
            )
        )
    hard = {d.source for d in ctx.facts.declared if d.tool == tool.name and d.hard}
    for check in tool.requirements:
        if check.satisfied is False:
            found.append(_mismatch(tool, check, check.source in hard))
    return found


def _mismatch(tool: ToolStatus, check: VersionCheck, hard: bool) -> Finding:
    description = f"{tool.name} {tool.version} does not satisfy {check.spec} ({check.source})"
    if hard:
        fix = f"Install {tool.name} {check.spec} (required by {check.source})"
        return Finding("tool_version", CheckOutcome.FAILURE, description, fix)
    fix = f"Switch to {tool.name} {check.spec} (pyenv, nvm, asdf...) or update {check.source}"
    return Finding("tool_version_pin", CheckOutcome.WARNING, description, fix)


def describe(tool: ToolStatus) -> str:
    """One detail line for a tool."""
    if not tool.installed:
        need = "needed" if tool.required else "optional"
        return f"{tool.name}: not found ({need} for {tool.reason})"
    wanted = "; ".join(f"{c.spec} from {c.source}" for c in tool.requirements)
    shown = tool.version or "version unknown"
    return f"{tool.name} {shown} at {tool.path}" + (f" (wants {wanted})" if wanted else "")


def _unread_declarations(ctx: CheckContext) -> list[Finding]:
    """Files that declare tool versions but could not be read (a FIFO, bad syntax...); the
    dependency checks report pyproject.toml and package.json."""
    return [
        Finding("unreadable_manifest", CheckOutcome.INCONCLUSIVE, message, f"Fix {name}")
        for name, message in ctx.facts.errors
        if name not in _REPORTED_ELSEWHERE
    ]


def _probe(ctx: CheckContext) -> Verdict:
    needs = needed_tools(ctx.facts, ctx.settings.required_tools)
    if not needs:
        nothing = ("no tool needed: no manifest found and none configured",)
        return Verdict(findings=tuple(_unread_declarations(ctx)), details=nothing)
    with ThreadPoolExecutor(max_workers=len(needs)) as pool:
        tools = tuple(pool.map(lambda need: examine(ctx, need), needs))
    details = [describe(tool) for tool in tools]
    details += [
        f"cannot interpret {c.spec!r} from {c.source}"
        for t in tools
        if t.version
        for c in t.requirements
        if c.satisfied is None
    ]
    findings = (*_unread_declarations(ctx), *(f for tool in tools for f in _findings(ctx, tool)))
    return Verdict(findings=findings, details=tuple(details), tools=tools)


CHECK = Check(
    id="tools",
    title="Required tools",
    family=Family.TOOLS,
    summary="The tools hms-status.toml and the component's manifests need are installed, "
    "at the versions the component declares.",
    remediation="Install the missing tools and the declared versions, and put them on PATH.",
    probe=_probe,
)
