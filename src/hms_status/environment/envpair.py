""".env compared with its example: findings with masked values, and the append/create repairs."""

from __future__ import annotations

import re

from hms_status.envfiles import EnvComparison, EnvFile, compare_env, is_placeholder, mask, parse_env
from hms_status.environment.check import CheckContext, Verdict
from hms_status.environment.file_edits import BACKUP_SUFFIX
from hms_status.environment.model import CheckOutcome, Finding
from hms_status.environment.records import EnvFileSummary
from hms_status.environment.repairs import append_to_file, create_file
from hms_status.environment.steps import RepairStep
from hms_status.gateways.confine import Boundary

ENV = ".env"
APPEND_HEADER = "# Added by hms-status from {example}: replace these example values with real ones"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _fail(kind: str, what: str, fix: str) -> Finding:
    return Finding(kind, CheckOutcome.FAILURE, what, fix)


def _warn(kind: str, what: str, fix: str) -> Finding:
    return Finding(kind, CheckOutcome.WARNING, what, fix)


def _listing(keys: tuple[str, ...]) -> str:
    return f"{len(keys)}: {', '.join(keys)}"


def _unclosed(env: EnvFile) -> int | None:
    """The line of a quote that is never closed: anything appended would become its value."""
    return next((error.line for error in env.errors if error.unclosed), None)


def _findings(c: EnvComparison, env: EnvFile, example: str) -> list[Finding]:
    values = env.values
    found: list[Finding] = []
    if c.missing:
        what = f"keys of {example} missing from .env ({_listing(c.missing)})"
        line = _unclosed(env)
        fix = "Add them to .env (--fix appends them)"
        if line is not None:
            fix = f"Close the quote on .env line {line}, then add them (--fix appends nothing yet)"
        found.append(_fail("env_missing_keys", what, fix))
    if c.empty:
        what = f"required keys left empty in .env ({_listing(c.empty)})"
        found.append(_fail("env_empty_values", what, "Fill in their values in .env"))
    if c.placeholders:
        shown = ", ".join(f"{key}={mask(values[key])}" for key in c.placeholders)
        what = f"placeholder values in .env ({len(c.placeholders)}: {shown})"
        found.append(_warn("env_placeholder_values", what, "Replace them with real values"))
    if c.actual_duplicates:
        what = f"keys assigned more than once in .env ({_listing(c.actual_duplicates)})"
        found.append(_warn("env_duplicate_keys", what, "Keep one assignment of each key"))
    if c.example_duplicates:
        what = f"keys assigned more than once in {example} ({_listing(c.example_duplicates)})"
        found.append(_warn("env_duplicate_keys", what, f"Keep one assignment of each in {example}"))
    found += [
        _fail("env_syntax_error", f".env {e}", f"Fix .env line {e.line} by hand: {e.fix}")
        for e in c.actual_errors
    ]
    found += [
        _warn("env_syntax_error", f"{example} {e}", f"Fix {example} line {e.line}: {e.fix}")
        for e in c.example_errors
    ]
    return found


def _summary(c: EnvComparison, env: EnvFile | None, example: str | None) -> EnvFileSummary:
    values = env.values if env else {}
    return EnvFileSummary(
        path=ENV,
        example=example,
        exists=env is not None,
        missing_keys=c.missing,
        extra_keys=c.extra if example else (),
        empty_required=c.empty,
        placeholders=tuple((key, mask(values[key])) for key in c.placeholders),
        duplicate_keys=c.actual_duplicates,
        syntax_errors=tuple(str(error) for error in c.actual_errors),
    )


def _append_text(example_text: str, example: EnvFile, keys: tuple[str, ...], name: str) -> str:
    """The block to append, with LF line ends (the repair writes the .env's own line ending)."""
    lines = _LINE_BREAK.split(example_text)
    last = {entry.key: entry for entry in example.entries}
    block = [APPEND_HEADER.format(example=name)]
    for key in keys:
        entry = last[key]
        single = "\n" not in entry.value and "\r" not in entry.value
        block.append(lines[entry.line - 1].strip() if single else f"{key}=")
    return "\n" + "\n".join(block) + "\n"


def _without_example(env_bytes: bytes) -> Verdict:
    env = parse_env(env_bytes.decode("utf-8", errors="replace"))
    placeholders = tuple(key for key in env.keys if is_placeholder(env.values[key]))
    c = EnvComparison((), (), (), placeholders, (), env.duplicate_keys, (), env.errors)
    details = (f"keys in .env: {len(env.keys)}; no .env.example to compare with",)
    return Verdict(
        findings=tuple(_findings(c, env, "")),
        details=details,
        env_file=_summary(c, env, None),
    )


def _missing_env(ctx: CheckContext, example_name: str, example_text: str, check_id: str) -> Verdict:
    example = parse_env(example_text)
    what = f".env is missing ({example_name} lists {len(example.keys)} keys)"
    fix = f"Copy {example_name} to .env and fill in real values (--fix creates it)"
    description = f"create .env from {example_name}"
    step = create_file(check_id, ctx.root / ENV, example_text, description, creates=(ENV,))
    return Verdict(
        findings=(_fail("env_file_missing", what, fix),),
        details=(what,),
        env_file=_summary(compare_env(example, None), None, example_name),
        repairs=(step,),
    )


def _unreadable(name: str, exc: OSError) -> Verdict:
    """Inconclusive: a FIFO, device, oversized or unreadable file is reported, never read."""
    what = f"cannot read {name}: {exc}"
    fix = (
        f"Make {name} a readable regular file inside the component "
        "(not a FIFO, socket or device, nor a link leading out)"
    )
    return Verdict(findings=(Finding("env_file_unreadable", CheckOutcome.INCONCLUSIVE, what, fix),))


def compare(ctx: CheckContext, example_name: str | None, check_id: str) -> Verdict:
    """The env-file verdict: .env against the example (or alone when there is none)."""
    path = ctx.root / ENV
    inside = Boundary.of(ctx.root)
    try:
        env_bytes = inside.read_bytes(path) if ctx.facts.has(ENV) else None
    except OSError as exc:
        return _unreadable(ENV, exc)
    if example_name is None:
        return _without_example(env_bytes or b"")
    try:
        example_text = inside.read_text(ctx.root / example_name, errors="replace")
    except OSError as exc:
        return _unreadable(example_name, exc)
    if env_bytes is None:
        return _missing_env(ctx, example_name, example_text, check_id)
    example = parse_env(example_text)
    env = parse_env(env_bytes.decode("utf-8", errors="replace"))
    c = compare_env(example, env)
    details = [f"keys in .env: {len(env.keys)}; in {example_name}: {len(example.keys)}"]
    if c.extra:
        details.append(f"keys not in {example_name}: {', '.join(c.extra)}")
    if c.unreadable:
        details.append(
            f"keys only on lines with syntax errors (not added): {', '.join(c.unreadable)}"
        )
    repairs: tuple[RepairStep, ...] = ()
    if c.missing and _unclosed(env) is None:
        text = _append_text(example_text, example, c.missing, example_name)
        description = f"append {len(c.missing)} missing keys to .env (after a backup)"
        backups = (f"{ENV}{BACKUP_SUFFIX}*",) if ctx.settings.backup_dir is None else ()
        repairs = (append_to_file(check_id, path, env_bytes, text, description, backups),)
    return Verdict(
        findings=tuple(_findings(c, env, example_name)),
        details=tuple(details),
        env_file=_summary(c, env, example_name),
        repairs=repairs,
    )
