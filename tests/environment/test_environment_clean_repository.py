"""One real --fix on a demo component leaves its git status clean and its file count unchanged."""

from __future__ import annotations

import stat
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from tests.environment.factories import NOW, PYTHON, build_wheel

from hms_status.analysis.analyze import analyze_component
from hms_status.demo.build import build_demo
from hms_status.environment.monitor import check_environment
from hms_status.environment.settings import EnvSettings

pytestmark = pytest.mark.slow


def _git(component: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=component, capture_output=True, check=True, text=True)
    return done.stdout


def _wheels_for(component: Path, wheels: Path) -> Path:
    """A local wheel for each dependency of the component's pyproject, at its lowest version."""
    data = tomllib.loads((component / "pyproject.toml").read_text(encoding="utf-8"))
    for line in data["project"]["dependencies"]:
        requirement = Requirement(line)
        version = next(iter(requirement.specifier)).version
        build_wheel(wheels, requirement.name, version)
    return wheels


def _file_count(component: Path) -> int:
    data = analyze_component("HMS-API", component, full=False, now=NOW).data
    structure = data["structure"]
    assert isinstance(structure, dict)
    count = structure["file_count"]
    assert isinstance(count, int)
    return count


def _fix(component: Path, wheels: Path, backup_dir: Path | None) -> None:
    pip = ("--no-index", "--find-links", str(wheels), "--disable-pip-version-check")
    settings = EnvSettings(python=PYTHON, pip_install_args=pip, backup_dir=backup_dir)
    report = check_environment(
        "HMS-API",
        component,
        now=NOW,
        settings=settings,
        fix=True,
        only=frozenset({"python-deps", "env-file"}),
    )
    assert report.fixes_applied and all(o.done for o in report.fixes_applied), [
        o.to_json() for o in report.fixes_applied
    ]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo ecosystem (HMS-API among its components)."""
    root = tmp_path_factory.mktemp("demo") / "hms"
    build_demo(root, components=6)
    return root


def test_one_fix_on_the_demo_leaves_git_clean_and_the_file_count_unchanged(
    demo: Path, tmp_path: Path
) -> None:
    """The headline: HMS-API as the demo builds it, fixed as `env check HMS-API --fix` does."""
    component = demo / "SYSTEM-COMPONENTS" / "HMS-API"
    before = _file_count(component)
    assert _git(component, "status", "--porcelain") == ""
    _fix(component, _wheels_for(component, tmp_path / "wheels"), tmp_path / "backups")
    assert (component / ".venv" / "pyvenv.cfg").is_file()
    assert _git(component, "status", "--porcelain") == ""
    assert _file_count(component) == before


def test_a_repository_that_ignores_nothing_stays_clean_after_a_fix(tmp_path: Path) -> None:
    """No .gitignore entry for .env, .venv/ or backups: --fix keeps them out through
    .git/info/exclude, and the repository's own files are untouched."""
    root = tmp_path / "hms"
    build_demo(root, components=6)
    component = root / "SYSTEM-COMPONENTS" / "HMS-API"
    (component / ".env").unlink()
    (component / ".gitignore").write_text("reports/\n", encoding="utf-8")  # the demo's test report
    _git(component, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qam", "ignore less")
    assert _git(component, "status", "--porcelain", "--untracked-files=all") == ""
    before = _file_count(component)
    _fix(component, _wheels_for(component, tmp_path / "wheels"), backup_dir=None)
    env = component / ".env"
    assert env.is_file() and stat.S_IMODE(env.stat().st_mode) == 0o600
    assert _git(component, "status", "--porcelain", "--untracked-files=all") == ""
    exclude = (component / ".git" / "info" / "exclude").read_text(encoding="utf-8")
    assert {"/.env", "/.venv/"} <= set(exclude.splitlines())
    assert _file_count(component) == before
