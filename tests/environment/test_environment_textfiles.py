"""FIFOs, devices and oversized files named like manifests: reported, never read, never a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.environment.factories import NOW, finishes_within, make_fifo, package_json, write

from hms_status.environment.model import CheckOutcome, EnvironmentReport
from hms_status.environment.monitor import check_environment
from hms_status.environment.settings import EnvSettings
from hms_status.environment.text import render_text
from hms_status.gateways.confine import Boundary, LeavesBoundary, Refused, read_regular_bytes


def test_regular_files_and_links_to_them_are_read(component: Path) -> None:
    path = write(component, "package.json", "{}\r\n")
    os.symlink("package.json", component / "link.json")
    inside = Boundary.of(component)
    assert inside.read_text(path) == "{}\r\n"
    assert inside.read_bytes(component / "link.json") == b"{}\r\n"


def test_a_fifo_is_refused_at_once(component: Path) -> None:
    fifo = make_fifo(component, ".env")
    with pytest.raises(Refused, match="FIFO"):
        finishes_within(30, lambda: Boundary.of(component).read_bytes(fifo), (fifo,))


def test_a_link_to_a_device_is_refused(component: Path) -> None:
    os.symlink("/dev/zero", component / "requirements.txt")
    with pytest.raises(LeavesBoundary):
        Boundary.of(component).read_text(component / "requirements.txt")
    with pytest.raises(Refused, match="character device"):
        read_regular_bytes(component / "requirements.txt")


def test_directories_and_oversized_files_are_refused(component: Path) -> None:
    (component / "pyproject.toml").mkdir()
    inside = Boundary.of(component)
    with pytest.raises(Refused, match="a directory"):
        inside.read_text(component / "pyproject.toml")
    big = write(component, ".env", "A=" + "x" * 20)
    with pytest.raises(Refused, match="over the 10-byte limit"):
        inside.read_text(big, limit=10)
    assert isinstance(Refused("x"), OSError)


def _full_check(component: Path, fifo: Path) -> EnvironmentReport:
    settings = EnvSettings(tracked_files=frozenset(), timeout_s=10)
    return finishes_within(
        60, lambda: check_environment("HMS-API", component, now=NOW, settings=settings), (fifo,)
    )


@pytest.mark.parametrize(
    ("name", "others", "check_id"),
    [
        ("package.json", {}, "node-deps"),
        ("pyproject.toml", {}, "python-deps"),
        ("requirements.txt", {}, "python-deps"),
        ("requirements-dev.txt", {}, "python-deps"),
        (".env", {".env.example": "A=1\n"}, "env-file"),
        (".env.example", {".env": "A=1\n"}, "env-file"),
        ("config/app.yaml", {}, "config-files"),
        (".nvmrc", {}, "tools"),
        ("go.mod", {}, "tools"),
    ],
)
def test_env_check_reports_a_fifo_manifest_instead_of_hanging(
    component: Path, name: str, others: dict[str, str], check_id: str
) -> None:
    for other, text in others.items():
        write(component, other, text)
    fifo = make_fifo(component, name)
    report = _full_check(component, fifo)
    result = next(r for r in report.results if r.id == check_id)
    refused = [f for f in result.findings if "FIFO" in f.description]
    assert refused, result
    assert all(f.outcome is CheckOutcome.INCONCLUSIVE for f in refused)
    assert any("FIFO" in line for line in render_text(report))


def test_a_fifo_inside_node_modules_is_not_read(component: Path) -> None:
    package_json(component, dependencies={"a": "^1"})
    fifo = make_fifo(component, "node_modules/a/package.json")
    report = _full_check(component, fifo)
    node = next(r for r in report.results if r.id == "node-deps")
    assert node.dependencies is not None and node.dependencies.missing == ("a",)
