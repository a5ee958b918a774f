"""--fix and --dry-run on real files, real virtual environments and a real npm."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from tests.environment.factories import (
    NOW,
    PYTHON,
    build_wheel,
    corpus_text,
    install_dist,
    make_venv,
    write,
)

from hms_status.environment.file_edits import backup_path, dominant_newline
from hms_status.environment.model import CheckOutcome, EnvironmentReport
from hms_status.environment.monitor import check_environment
from hms_status.environment.repairs import (
    RepairRun,
    append_to_file,
    apply,
    create_file,
)
from hms_status.environment.settings import EnvSettings
from hms_status.environment.steps import RepairStep
from hms_status.environment.text import render_text

EXAMPLE = "# settings\nAPP_NAME=demo\nAPI_KEY=\nGREETING='hello world' # shown\nDEBUG=true\n"


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _fix(component: Path, *, dry_run: bool = False, **settings: Any) -> EnvironmentReport:
    return check_environment(
        "HMS-API",
        component,
        now=NOW,
        settings=EnvSettings(**settings),
        fix=True,
        dry_run=dry_run,
        only=frozenset({"configuration", "dependencies"}),
    )


def test_fix_creates_env_from_the_example(component: Path) -> None:
    example = corpus_text("env/vercel__commerce/.env.example")
    write(component, ".env.example", example)
    announced: list[RepairStep] = []
    report = check_environment(
        "HMS-API",
        component,
        now=NOW,
        fix=True,
        only=frozenset({"env-file"}),
        announce=announced.append,
    )
    env = component / ".env"
    assert env.read_text(encoding="utf-8") == example
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    assert [s.description for s in announced] == ["create .env from .env.example"]
    assert report.to_json()["fixes_applied"] == [
        {
            "description": "create .env from .env.example",
            "done": True,
            "error": None,
            "check": "env-file",
            "backup": None,
        }
    ]
    (result,) = report.results
    assert "env_file_missing" not in {f.type for f in result.findings}


def test_fix_appends_missing_keys_after_a_backup(component: Path) -> None:
    write(component, ".env.example", EXAMPLE)
    original = b"APP_NAME=real\nDEBUG=false"  # no final newline
    (component / ".env").write_bytes(original)
    (component / ".env").chmod(0o640)
    report = _fix(component)
    (outcome,) = report.fixes_applied
    assert outcome.done and outcome.backup is not None
    assert outcome.backup.name == ".env.hms-backup-20240501T120000Z"
    assert outcome.backup.read_bytes() == original
    assert stat.S_IMODE(outcome.backup.stat().st_mode) == 0o640
    text = (component / ".env").read_bytes()
    assert text.startswith(original + b"\n")
    assert text.endswith(b"API_KEY=\nGREETING='hello world' # shown\n")
    assert b"# Added by hms-status from .env.example" in text
    env_result = next(r for r in report.results if r.id == "env-file")
    assert env_result.env_file is not None and env_result.env_file.missing_keys == ()


def test_dry_run_changes_nothing(component: Path) -> None:
    write(component, ".env.example", EXAMPLE)
    write(component, ".env", "APP_NAME=real\n")
    write(component, "requirements.txt", "hms-surely-not-installed\n")
    before = _snapshot(component)
    report = _fix(component, dry_run=True, python=PYTHON)
    assert _snapshot(component) == before
    assert not (component / ".venv").exists()
    assert report.fixes_applied == ()
    assert [s.description for s in report.fixes_planned] == [
        "create the virtual environment .venv",
        "install the Python requirements into .venv",
        "append 3 missing keys to .env (after a backup)",
    ]
    data = json.loads(json.dumps(report.to_json()))
    assert data["dry_run"] is True and len(data["fixes_planned"]) == 3


def test_a_file_created_after_planning_is_not_overwritten(component: Path) -> None:
    env = component / ".env"
    step = create_file("env-file", env, "A=example\n", "create .env")
    env.write_text("A=mine\n", encoding="utf-8")
    (outcome,) = apply([step], RepairRun(component, NOW, 5.0), dry_run=False)
    assert not outcome.done and "not overwritten" in outcome.error
    assert env.read_text(encoding="utf-8") == "A=mine\n"


def test_a_file_changed_after_planning_is_not_edited(component: Path) -> None:
    env = write(component, ".env", "A=1\n")
    step = append_to_file("env-file", env, b"A=1\n", "B=\n", "append")
    env.write_text("A=2\n", encoding="utf-8")
    later = RepairStep("later", "env-file", ("true",))
    first, second = apply([step, later], RepairRun(component, NOW, 5.0), dry_run=False)
    assert not first.done and "changed since the check" in first.error
    assert not second.done and second.error.startswith("skipped")
    assert env.read_text(encoding="utf-8") == "A=2\n"
    assert list(component.glob("*.hms-backup-*")) == []


def test_backups_never_replace_an_earlier_backup(component: Path) -> None:
    env = write(component, ".env", "")
    first = backup_path(env, NOW)
    first.write_text("old", encoding="utf-8")
    assert backup_path(env, NOW).name == ".env.hms-backup-20240501T120000Z-1"


def test_a_failing_install_is_recorded(component: Path) -> None:
    venv = make_venv(component / ".venv")  # no pip inside: the install must fail
    install_dist(venv, "alpha", "1.0")
    write(component, "requirements.txt", "alpha\nhms-surely-not-installed\n")
    report = _fix(component)
    (outcome,) = report.fixes_applied
    assert outcome.step.argv[-1] == "hms-surely-not-installed"
    assert not outcome.done and "No module named pip" in outcome.error
    assert json.loads(json.dumps(report.to_json()))["fixes_applied"][0]["done"] is False


@pytest.mark.slow
def test_fix_creates_a_venv_and_installs_a_local_wheel(component: Path, tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build_wheel(wheels, "hms-demo-pkg", "1.0")
    write(component, "requirements.txt", "hms-demo-pkg==1.0\n")
    pip_args = ("--no-index", "--find-links", str(wheels), "--disable-pip-version-check")
    report = _fix(component, python=PYTHON, pip_install_args=pip_args)
    assert [o.done for o in report.fixes_applied] == [True, True], report.fixes_applied
    deps = next(r for r in report.results if r.id == "python-deps")
    assert deps.outcome is CheckOutcome.OK
    assert deps.dependencies is not None and deps.dependencies.up_to_date == 1
    assert (component / ".venv" / "bin" / "python").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_fix_runs_the_lockfile_install_when_node_modules_is_missing(component: Path) -> None:
    write(component, "dep/package.json", json.dumps({"name": "dep", "version": "1.0.0"}))
    manifest = {"name": "app", "version": "0.1.0", "dependencies": {"dep": "file:./dep"}}
    write(component, "package.json", json.dumps(manifest))
    lock = {
        "name": "app",
        "version": "0.1.0",
        "lockfileVersion": 3,
        "requires": True,
        "packages": {
            "": manifest,
            "dep": {"version": "1.0.0"},
            "node_modules/dep": {"resolved": "dep", "link": True},
        },
    }
    write(component, "package-lock.json", json.dumps(lock))
    report = _fix(component)
    (outcome,) = report.fixes_applied
    assert outcome.done, outcome.error
    assert outcome.step.argv[1:] == ("ci",)
    node = next(r for r in report.results if r.id == "node-deps")
    assert node.outcome is CheckOutcome.OK


def test_backups_go_to_the_private_backup_dir(component: Path, tmp_path: Path) -> None:
    write(component, ".env.example", EXAMPLE)
    original = b"APP_NAME=real\nAPI_KEY=s3cret\n"
    (component / ".env").write_bytes(original)
    backups = tmp_path / "data" / "backups" / "HMS-API"
    report = _fix(component, backup_dir=backups)
    (outcome,) = report.fixes_applied
    assert outcome.done and outcome.backup is not None
    assert outcome.backup == backups / ".env.hms-backup-20240501T120000Z"
    assert outcome.backup.read_bytes() == original
    assert stat.S_IMODE(outcome.backup.stat().st_mode) == 0o600
    for directory in (backups, backups.parent):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert list(component.rglob("*.hms-backup-*")) == []
    assert (backups / ".gitignore").read_text(encoding="utf-8").endswith("\n*\n")
    assert report.to_json()["fixes_applied"][0]["backup"] == str(outcome.backup)
    assert any(str(outcome.backup) in line for line in render_text(report))


def test_a_backup_keeps_the_files_relative_name(component: Path, tmp_path: Path) -> None:
    env = write(component, "config/.env", "A=1\n")
    step = append_to_file("env-file", env, b"A=1\n", "B=\n", "append")
    run = RepairRun(component, NOW, 5.0, backup_dir=tmp_path / "backups")
    (outcome,) = apply([step], run, dry_run=False)
    assert outcome.backup == tmp_path / "backups" / "config" / ".env.hms-backup-20240501T120000Z"
    assert stat.S_IMODE((tmp_path / "backups" / "config").stat().st_mode) == 0o700


def test_appending_to_a_linked_env_writes_through_the_link(component: Path) -> None:
    write(component, ".env.example", "A=1\nB=2\n")
    target = write(component, "config/dev.env", "A=1\n")
    os.symlink("config/dev.env", component / ".env")
    (outcome,) = _fix(component).fixes_applied
    assert outcome.done, outcome.error
    assert (component / ".env").is_symlink()
    assert target.read_text(encoding="utf-8").endswith("\nB=2\n")


def test_a_link_to_an_env_outside_the_component_is_not_edited(
    component: Path, tmp_path: Path
) -> None:
    write(component, ".env.example", "A=1\nB=2\n")
    shared = write(tmp_path, "shared/.env", "A=1\n")
    os.symlink(shared, component / ".env")
    report = _fix(component)
    assert report.fixes_applied == ()  # never read, so nothing is planned for it
    text = json.dumps(report.to_json())
    assert "cannot read .env: symlink leaves the component; not read" in text
    assert shared.read_bytes() == b"A=1\n"
    assert (component / ".env").is_symlink()
    assert list(component.glob("*.hms-backup-*")) == []


@pytest.mark.parametrize(
    ("original", "expected_start"),
    [
        (b"A=1\r\nC=3\r\n", b"A=1\r\nC=3\r\n\r\n# Added"),
        (b"A=1\r\nC=3", b"A=1\r\nC=3\r\n\r\n# Added"),  # no final line ending
        (b"A=1\nC=3", b"A=1\nC=3\n\n# Added"),
    ],
)
def test_appended_lines_use_the_files_line_ending(
    component: Path, original: bytes, expected_start: bytes
) -> None:
    write(component, ".env.example", "A=1\nB=2\nC=3\n")
    (component / ".env").write_bytes(original)
    (outcome,) = _fix(component).fixes_applied
    assert outcome.done, outcome.error
    text = (component / ".env").read_bytes()
    assert text.startswith(expected_start)
    newline = dominant_newline(original)
    assert text.endswith(newline + b"B=2" + newline)
    lone_lf = text.replace(b"\r\n", b"").count(b"\n")
    assert lone_lf == (0 if newline == b"\r\n" else text.count(b"\n"))


def test_dominant_newline_counts_each_kind() -> None:
    assert dominant_newline(b"") == b"\n"
    assert dominant_newline(b"a\r\nb\r\nc\n") == b"\r\n"
    assert dominant_newline(b"a\rb\rc\r\n") == b"\r"


def test_a_dangling_link_is_not_created_through(component: Path, tmp_path: Path) -> None:
    os.symlink(tmp_path / "elsewhere.env", component / ".env")
    step = create_file("env-file", component / ".env", "A=1\n", "create .env")
    (outcome,) = apply([step], RepairRun(component, NOW, 5.0), dry_run=False)
    assert not outcome.done and "not overwritten" in outcome.error
    assert not (tmp_path / "elsewhere.env").exists()
