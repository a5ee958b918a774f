"""What --fix creates is kept out of git through .git/info/exclude, planned and shown first."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.environment.factories import NOW, write

from hms_status.environment.git_exclude import plan_step
from hms_status.environment.monitor import check_environment
from hms_status.environment.repairs import RepairRun, append_to_file, apply
from hms_status.environment.settings import EnvSettings
from hms_status.environment.steps import EditKind, FileEdit, RepairStep

EXAMPLE = "A=1\nB=2\n"


def _repo(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    return path


def _status(path: Path) -> str:
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=path, capture_output=True, check=True, text=True,
    )  # fmt: skip
    return done.stdout


def _exclude(repo: Path) -> list[str]:
    return (repo / ".git" / "info" / "exclude").read_text(encoding="utf-8").splitlines()


def test_only_what_the_repository_does_not_ignore_is_planned(component: Path) -> None:
    _repo(component)
    write(component, ".gitignore", ".venv/\n")
    plan = (
        RepairStep("venv", "python-deps", ("python3",), creates=(".venv/",)),
        RepairStep("env", "env-file", creates=(".env", ".env.hms-backup-*")),
        RepairStep("no output", "tools", ("true",)),
    )
    step = plan_step(component, plan)
    assert step is not None and step.edit is not None
    assert step.edit.kind is EditKind.EXCLUDE
    assert step.edit.text.splitlines() == [".env", ".env.hms-backup-*"]
    assert step.description == "keep .env, .env.hms-backup-* out of git (.git/info/exclude)"


def test_nothing_is_planned_outside_git_or_when_nothing_is_created(component: Path) -> None:
    created = (RepairStep("env", "env-file", creates=(".env",)),)
    assert plan_step(component, created) is None  # not a repository
    _repo(component)
    assert plan_step(component, (RepairStep("x", "tools", ("true",)),)) is None
    write(component, ".gitignore", ".env\n")
    assert plan_step(component, created) is None  # ignored already


def test_the_exclusion_leads_the_plan_and_a_dry_run_writes_nothing(component: Path) -> None:
    _repo(component)
    write(component, ".env.example", EXAMPLE)
    before = (component / ".git" / "info" / "exclude").read_bytes()
    report = check_environment(
        "HMS-API", component, now=NOW, fix=True, dry_run=True, only=frozenset({"env-file"})
    )
    assert [s.description for s in report.fixes_planned] == [
        "keep .env out of git (.git/info/exclude)",
        "create .env from .env.example",
    ]
    assert (component / ".git" / "info" / "exclude").read_bytes() == before
    assert not (component / ".env").exists()


def test_a_backup_left_beside_the_env_is_kept_out_of_git(component: Path) -> None:
    """Without a backup directory, the backup lands next to .env: it is excluded too."""
    _repo(component)
    write(component, ".env.example", EXAMPLE)
    write(component, ".env", "A=1\n")
    write(component, ".gitignore", ".env\n")
    subprocess.run(["git", "add", ".gitignore", ".env.example"], cwd=component, check=True)
    env = ("-c", "user.name=t", "-c", "user.email=t@e")
    subprocess.run(["git", *env, "commit", "-qm", "x"], cwd=component, check=True)

    report = check_environment(
        "HMS-API", component, now=NOW, settings=EnvSettings(), fix=True,
        only=frozenset({"env-file"}),
    )  # fmt: skip

    assert all(outcome.done for outcome in report.fixes_applied)
    assert [p.name for p in component.glob(".env.hms-backup-*")]
    assert "/.env.hms-backup-*" in _exclude(component)
    assert _status(component) == ""


def test_a_failed_exclusion_does_not_stop_the_repairs(component: Path) -> None:
    step = append_to_file("env-file", write(component, ".env", "A=1\n"), b"A=1\n", "B=2\n", "add")
    exclude = RepairStep("keep", "git-exclude", edit=FileEdit(component, EditKind.EXCLUDE, ".env"))
    outcomes = apply([exclude, step], RepairRun(component, NOW, 5.0), dry_run=False)
    assert [o.done for o in outcomes] == [False, True]  # not a repository: nothing to exclude in
