"""The plan's seed scripts run as real subprocesses, with whichever python3 is on PATH."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from tests.conftest import make_root

from hms_status.services.setup import UNKNOWN_SOURCE, install_source, source_from_direct_url


def run_script(cwd: Path, python: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HMS_ROOT", "PYTHONPATH")}
    return subprocess.run(
        [python, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_plan_commands_from_status_system_dir(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    here = root / "status-system"
    steps = [
        ["status_tracker.py", "start", "HMS-API", "--success", "--env", "dev", "--version", "1.2.3"],
        ["status_tracker.py", "test", "HMS-API", "--success", "--results", '{"passed": 42, "failed": 0, "skipped": 3}'],
        ["status_tracker.py", "issue", "HMS-API", "--title", "Database connection timeout", "--severity", "medium"],
        ["status_tracker.py", "resolve", "WT-HMS-API-001", "--resolution", "Increased database connection timeout"],
    ]  # fmt: skip
    for step in steps:
        done = run_script(here, sys.executable, *step)
        assert done.returncode == 0, done.stderr
    done = run_script(here, sys.executable, "status_tracker.py", "get", "HMS-API", "--json")
    assert json.loads(done.stdout)["status"] == "green"


def test_shim_reexecs_with_its_creator_when_package_is_missing(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    bare = shutil.which("python3", path="/usr/bin:/bin")
    if bare is None:
        bare = sys.base_prefix + "/bin/python3"
    done = run_script(root, bare, "status-system/status_tracker.py", "start", "HMS-DOC")
    assert done.returncode == 0, done.stderr
    assert (root / "data" / "status" / "HMS-DOC.json").is_file()


def _without_creator(root: Path, name: str) -> Path:
    """The shim with its creating interpreter gone, as after that venv was deleted."""
    script = root / "status-system" / name
    script.write_text(
        script.read_text().replace(repr(sys.executable), repr("/nonexistent/python3"))
    )
    return script


def test_shim_explains_how_to_install_when_no_interpreter_has_the_package(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    script = _without_creator(root, "status_tracker.py")
    bare = sys.base_prefix + "/bin/python3"
    done = run_script(root, bare, str(script), "list")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    source = install_source()
    assert f"-m pip install {shlex.quote(source)})" in done.stderr
    assert "pip install hms-status" not in done.stderr  # not on PyPI: that command fails


def test_the_install_hint_names_the_checkout_this_package_came_from() -> None:
    """What the hint names is where pip installed this package from: a project called hms-status."""
    source = Path(install_source())
    pyproject = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["name"] == "hms-status"
    assert (source / "src" / "hms_status" / "__init__.py").is_file()


@pytest.mark.parametrize(
    ("recorded", "source"),
    [
        ('{"url": "file:///srv/src/hms%20status", "dir_info": {"editable": true}}',
         "/srv/src/hms status"),
        ('{"url": "file:///tmp/hms_status-0.1.0-py3-none-any.whl", "archive_info": {}}',
         "/tmp/hms_status-0.1.0-py3-none-any.whl"),
        ('{"url": "https://git.example/hms.git", "vcs_info": {"vcs": "git", "commit_id": "abc1"}}',
         "git+https://git.example/hms.git@abc1"),
        (None, UNKNOWN_SOURCE),
        ("{broken", UNKNOWN_SOURCE),
        ('{"dir_info": {}}', UNKNOWN_SOURCE),
    ],
)  # fmt: skip
def test_the_install_source_is_read_from_pips_record(recorded: str | None, source: str) -> None:
    assert source_from_direct_url(recorded) == source


def test_setup_script_explains_how_to_install_when_nothing_has_the_package(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    setup = root / "status-system" / "setup_status_system.sh"
    setup.write_text(setup.read_text().replace(repr(sys.executable), repr("/nonexistent/python3")))
    env = {k: v for k, v in os.environ.items() if k not in ("HMS_ROOT", "PYTHONPATH")}
    done = subprocess.run(
        ["bash", str(setup)],
        env={**env, "PYTHON": sys.base_prefix + "/bin/python3"},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "-m pip install" in done.stderr and install_source() in done.stderr.replace("\\", "")
    assert not (root / "data" / "hms-status.db").exists()


def test_setup_script_prepares_the_root(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    shutil.rmtree(root / "data")
    done = subprocess.run(
        ["bash", str(root / "status-system" / "setup_status_system.sh")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (root / "data" / "work-tickets").is_dir() and "HMS-API" in done.stdout


def test_scripts_show_their_own_usage_and_keep_to_their_own_root(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    other = make_root(tmp_path / "other", ("X",))
    helped = run_script(root, sys.executable, "status-system/docs_integrator.py", "--help")
    assert helped.stdout.startswith("Usage: docs_integrator.py [OPTIONS] COMMAND")
    env = {**os.environ, "HMS_ROOT": str(other)}
    done = subprocess.run(
        [sys.executable, str(root / "status-system" / "status_tracker.py"), "start", "HMS-API"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (root / "data" / "status" / "HMS-API.json").is_file()
    assert not (other / "data" / "status" / "HMS-API.json").exists()
    wrong = run_script(root, sys.executable, "status-system/status_tracker.py", "bogus")
    assert wrong.returncode == 2 and "status_tracker.py --help" in wrong.stderr
