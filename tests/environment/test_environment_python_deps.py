"""Python requirements against real virtual environments with distributions installed by hand."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.environment.factories import NOW, PYTHON, install_dist, make_venv, tool_dir, write

from hms_status.environment.model import CheckOutcome, CheckResult
from hms_status.environment.monitor import check_environment
from hms_status.environment.records import DependencyStatus
from hms_status.environment.requirements import read_requirements
from hms_status.environment.settings import EnvSettings
from hms_status.environment.text import render_text


def _deps(component: Path, settings: EnvSettings | None = None) -> CheckResult:
    report = check_environment(
        "HMS-API",
        component,
        now=NOW,
        settings=settings or EnvSettings(),
        only=frozenset({"python-deps"}),
    )
    (result,) = report.results
    return result


def test_venv_packages_are_missing_outdated_or_up_to_date(component: Path) -> None:
    venv = make_venv(component / ".venv")
    install_dist(venv, "alpha", "1.0")
    install_dist(venv, "Beta_Pkg", "2.5")
    write(component, "requirements.txt", "alpha>=2.0  # too old\nbeta-pkg==2.5\ngamma\n")
    result = _deps(component)
    deps = result.dependencies
    assert deps is not None
    assert deps.missing == ("gamma",)
    assert [(o.name, o.required, o.installed) for o in deps.outdated] == [("alpha", ">=2.0", "1.0")]
    assert deps.up_to_date == 1
    assert deps.status is DependencyStatus.MISSING
    assert result.outcome is CheckOutcome.FAILURE
    assert deps.environment.startswith(str(venv))
    assert {f.type: f.outcome for f in result.findings} == {
        "missing_dependency": CheckOutcome.FAILURE,
        "outdated_dependency": CheckOutcome.WARNING,
    }


def test_markers_are_evaluated_for_the_venv_interpreter(component: Path) -> None:
    venv = make_venv(component / ".venv")
    install_dist(venv, "alpha", "1.0")
    write(
        component,
        "pyproject.toml",
        '[project]\nname = "x"\ndependencies = [\n'
        '  "alpha>=1",\n'
        "  \"winonly; sys_platform == 'win32'\",\n"
        "  \"oldpy; python_version < '3.0'\",\n"
        "]\n",
    )
    deps = _deps(component).dependencies
    assert deps is not None
    assert deps.status is DependencyStatus.UP_TO_DATE
    assert deps.not_needed == ("winonly", "oldpy")


def test_the_components_own_metadata_does_not_count_as_installed(component: Path) -> None:
    make_venv(component / ".venv")
    write(
        component,
        "gamma-1.0.dist-info/METADATA",
        "Metadata-Version: 2.1\nName: gamma\nVersion: 1.0\n",
    )
    write(component, "requirements.txt", "gamma\n")
    deps = _deps(component).dependencies
    assert deps is not None and deps.missing == ("gamma",)


def test_a_broken_pyproject_makes_the_check_inconclusive(component: Path) -> None:
    make_venv(component / ".venv")
    write(component, "pyproject.toml", "[project\nname = 'x'\n")
    result = _deps(component)
    assert result.outcome is CheckOutcome.INCONCLUSIVE
    assert result.findings[0].type == "unreadable_manifest"
    assert "pyproject.toml" in result.findings[0].description


def test_a_venv_without_a_working_interpreter_fails(component: Path) -> None:
    (component / ".venv").mkdir()
    (component / ".venv" / "pyvenv.cfg").write_text("home = /nowhere\n", encoding="utf-8")
    write(component, "requirements.txt", "alpha\n")
    result = _deps(component)
    assert result.outcome is CheckOutcome.FAILURE
    assert result.findings[0].type == "broken_venv"


def test_without_a_venv_the_configured_interpreter_is_asked(component: Path) -> None:
    write(component, "requirements.txt", "packaging>=1\nhms-surely-not-installed\n")
    result = _deps(component, EnvSettings(python=PYTHON))
    deps = result.dependencies
    assert deps is not None
    assert deps.up_to_date == 1 and deps.missing == ("hms-surely-not-installed",)
    assert [step.description for step in result.repairs] == [
        "create the virtual environment .venv",
        "install the Python requirements into .venv",
    ]


def test_no_interpreter_at_all_is_inconclusive(component: Path, tmp_path: Path) -> None:
    write(component, "requirements.txt", "alpha\n")
    result = _deps(component, EnvSettings(search_path=tool_dir(tmp_path / "bin", {})))
    assert result.outcome is CheckOutcome.INCONCLUSIVE
    assert result.dependencies is not None
    assert result.dependencies.status is DependencyStatus.UNKNOWN


def test_a_hanging_interpreter_is_cut_off(component: Path, tmp_path: Path) -> None:
    write(component, "requirements.txt", "alpha\n")
    slow = Path(tool_dir(tmp_path / "bin", {"python3": "exec /bin/sleep 30"})) / "python3"
    result = _deps(component, EnvSettings(python=slow, timeout_s=0.3))
    assert result.outcome is CheckOutcome.INCONCLUSIVE
    assert "timed out" in result.findings[0].description


def test_no_python_manifest_is_not_applicable(component: Path) -> None:
    result = _deps(component)
    assert result.outcome is CheckOutcome.OK
    assert result.dependencies is not None
    assert result.dependencies.status is DependencyStatus.NOT_APPLICABLE


def test_requirement_files_follow_includes_and_skip_options(component: Path) -> None:
    write(
        component,
        "requirements.txt",
        "-r base/common.txt\n--index-url https://x\nalpha \\\n  >=1\n",
    )
    write(
        component,
        "base/common.txt",
        "-r ../requirements.txt\nbeta==1 --hash=sha256:abc\n-e ./local\n./wheel.whl\n"
        "-r ../../x.txt\n",
    )
    declared, errors = read_requirements(component, ["requirements.txt"], ["delta[extra]>=3"])
    readable = [str(d.requirement) for d in declared if d.requirement is not None]
    assert readable == ["beta==1", "alpha>=1", "delta[extra]>=3"]
    assert [d.text for d in declared if d.requirement is None] == ["./local", "./wheel.whl"]
    assert errors == ("base/common.txt:5: include outside the component ignored",)


def test_credentials_in_requirement_urls_are_never_shown(component: Path) -> None:
    make_venv(component / ".venv")
    write(
        component,
        "requirements.txt",
        "private @ https://me:t0ken-s3cret@pkgs.example.com/private-1.0.whl\n"
        "-e git+https://me:t0ken-s3cret@git.example.com/lib.git#egg=lib\n",
    )
    report = check_environment(
        "HMS-API", component, now=NOW, only=frozenset({"python-deps"}), dry_run=True
    )
    shown = json.dumps(report.to_json()) + "\n".join(render_text(report))
    assert "t0ken-s3cret" not in shown
    assert "https://****@pkgs.example.com/private-1.0.whl" in shown
    assert "git+https://****@git.example.com/lib.git#egg=lib" in shown
    (step,) = report.fixes_planned
    assert "https://me:t0ken-s3cret@pkgs.example.com/private-1.0.whl" in " ".join(step.argv)


def test_a_requirements_symlink_loop_is_reported_not_raised(component: Path) -> None:
    os.symlink("requirements.txt", component / "requirements.txt")
    result = _deps(component, EnvSettings(python=PYTHON))
    assert result.outcome is CheckOutcome.INCONCLUSIVE
    (finding,) = [f for f in result.findings if f.type == "unreadable_manifest"]
    assert finding.description.startswith("cannot read requirements.txt:")
    assert "loop" in finding.description.lower() or "symbolic links" in finding.description


def test_an_include_loop_is_reported_with_its_line(component: Path) -> None:
    write(component, "requirements.txt", "alpha\n-r loop.txt\n")
    os.symlink("loop.txt", component / "loop.txt")
    declared, errors = read_requirements(component, ["requirements.txt"], [])
    assert [d.text for d in declared] == ["alpha"]
    (error,) = errors
    assert error.startswith("requirements.txt:2: cannot read loop.txt:")


def test_requirement_files_outside_the_component_are_not_read(
    component: Path, tmp_path: Path
) -> None:
    write(tmp_path, "elsewhere/reqs.txt", "outside-pkg\n")
    os.symlink(tmp_path / "elsewhere" / "reqs.txt", component / "requirements.txt")
    os.symlink(tmp_path / "elsewhere" / "reqs.txt", component / "base.txt")
    write(component, "requirements-dev.txt", "-r base.txt\ninside-pkg\n")
    declared, errors = read_requirements(
        component, ["requirements-dev.txt", "requirements.txt"], []
    )
    assert [d.text for d in declared] == ["inside-pkg"]
    assert errors == (
        "requirements-dev.txt:1: include outside the component ignored",
        "requirements.txt: symlink leaves the component; not read",
    )
