"""The configuration checks: .env against its example, config files that parse, a tracked .env."""

from __future__ import annotations

from hms_status.environment.check import Check, CheckContext, Verdict
from hms_status.environment.config_files import check_file
from hms_status.environment.envpair import compare as compare_env_file
from hms_status.environment.model import CheckOutcome, Family, Finding
from hms_status.environment.records import ConfigFileStatus

EXAMPLE_NAMES = (".env.example", ".env.sample", ".env.template", ".env.dist")
_HARMLESS_SUFFIXES = (".example", ".sample", ".template", ".dist", ".vault")


def is_secret_env_file(path: str) -> bool:
    """True for .env, .env.local, backups of them...; False for examples and vaults."""
    name = path.rsplit("/", 1)[-1]
    is_env = name == ".env" or name.startswith(".env.")
    return is_env and (".hms-backup-" in name or not name.endswith(_HARMLESS_SUFFIXES))


def _env_file_probe(ctx: CheckContext) -> Verdict:
    example = next((name for name in EXAMPLE_NAMES if ctx.facts.has(name)), None)
    if example is None and not ctx.facts.has(".env"):
        return Verdict(details=("no .env and no .env.example",))
    return compare_env_file(ctx, example, ENV_FILE.id)


def _config_finding(status: ConfigFileStatus) -> Finding | None:
    if not status.readable:
        what = f"{status.path} was not parsed: {status.error}"
        fix = f"Make {status.path} a readable regular file"
        return Finding("unreadable_config_file", CheckOutcome.INCONCLUSIVE, what, fix)
    if status.error:
        what = f"{status.path} is not valid {status.format.upper()}: {status.error}"
        return Finding(
            "invalid_config_file", CheckOutcome.FAILURE, what, f"Fix the syntax of {status.path}"
        )
    return None


def _config_line(status: ConfigFileStatus) -> str:
    state = "not read" if not status.readable else "invalid" if status.error else "parses"
    return f"{status.path}: {state}"


def _config_files_probe(ctx: CheckContext) -> Verdict:
    names = ctx.facts.config_files
    if not names:
        return Verdict(details=("no JSON, YAML or TOML file at the top or in config/",))
    statuses = tuple(check_file(ctx.root, name) for name in names)
    findings = tuple(f for s in statuses if (f := _config_finding(s)) is not None)
    details = tuple(_config_line(s) for s in statuses)
    return Verdict(findings=findings, details=details, config_files=statuses)


def _tracked_probe(ctx: CheckContext) -> Verdict:
    tracked = ctx.settings.tracked_files
    present = sorted(name for name in ctx.facts.files if is_secret_env_file(name))
    if tracked is None:
        if not present:
            return Verdict(details=("no .env file",))
        what = f"cannot tell whether {', '.join(present)} is tracked by git (not told)"
        fix = "Run the check from the HMS root so git can be asked"
        return Verdict(
            findings=(Finding("env_tracking_unknown", CheckOutcome.INCONCLUSIVE, what, fix),)
        )
    offenders = sorted(path for path in tracked if is_secret_env_file(path))
    findings = tuple(
        Finding(
            "tracked_env_file",
            CheckOutcome.FAILURE,
            f"{path} is tracked by git: its secrets are in the repository history",
            f"Run `git rm --cached {path}`, add it to .gitignore, and rotate its secrets",
        )
        for path in offenders
    )
    details = () if offenders else (f"not tracked by git: {', '.join(present) or 'no .env file'}",)
    return Verdict(findings=findings, details=details)


ENV_FILE = Check(
    id="env-file",
    title="Environment file",
    family=Family.CONFIGURATION,
    summary=".env exists and has every key of .env.example, with real values, no duplicate "
    "keys and no syntax error (values are masked in all output).",
    remediation="Create or complete .env from .env.example and fill in real values "
    "(--fix creates it or appends the missing keys).",
    probe=_env_file_probe,
)

CONFIG_FILES = Check(
    id="config-files",
    title="Configuration files",
    family=Family.CONFIGURATION,
    summary="JSON, YAML and TOML files at the top of the component and in config/ parse.",
    remediation="Fix the syntax errors shown.",
    probe=_config_files_probe,
)

ENV_TRACKED = Check(
    id="env-tracked",
    title="Environment file not in git",
    family=Family.CONFIGURATION,
    summary="No .env file (other than examples) is tracked by git.",
    remediation="Untrack the .env file, ignore it, and rotate the secrets it held.",
    probe=_tracked_probe,
)
