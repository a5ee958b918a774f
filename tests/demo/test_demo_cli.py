"""hms-status demo through click, and the refusals that protect directories that are not demos."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from hms_status.cli.errors import run_guarded
from hms_status.cli.root import cli
from hms_status.clock import FixedClock
from hms_status.errors import InputError
from hms_status.gateways.proc import run
from hms_status.services.demo import build_demo


def test_the_demo_command_prints_a_json_summary_and_can_rebuild(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    for _ in range(2):  # the second run replaces the first demo
        result = CliRunner().invoke(cli, ["demo", str(target), "--components", "5", "--json"])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert summary["components"] == 5
        assert summary["root"] == str(target.resolve())
    assert sorted(p.name for p in (target / "SYSTEM-COMPONENTS").iterdir()) == [
        "HMS-A2A", "HMS-API", "HMS-DOC", "HMS-OPS", "HMS-SYS",
    ]  # fmt: skip
    listed = CliRunner().invoke(cli, ["--root", str(target), "tracker", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    assert {row["status"] for row in json.loads(listed.stdout)} == {"green", "yellow", "red"}


def test_the_demo_command_says_what_it_built(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", str(tmp_path / "d"), "--components", "1"])
    assert result.exit_code == 0, result.output
    assert "demo ecosystem with 1 components" in result.stdout


def test_a_non_empty_directory_that_is_no_demo_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    with pytest.raises(InputError, match="not empty"):
        build_demo(tmp_path, 3)
    assert run_guarded(cli, ["demo", str(tmp_path), "--components", "3"], "hms-status") == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and len(error.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("count", [0, -1, 201])
def test_a_bad_component_count_is_refused(tmp_path: Path, count: int) -> None:
    with pytest.raises(InputError, match="--components"):
        build_demo(tmp_path / "d", count)
    assert not (tmp_path / "d").exists()


def test_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    with pytest.raises(InputError, match="not a directory"):
        build_demo(tmp_path / "f", 1)


def _heads(root: Path) -> dict[str, str]:
    return {
        c.name: run(["git", "rev-parse", "HEAD"], cwd=c).text.strip()
        for c in sorted((root / "SYSTEM-COMPONENTS").iterdir())
    }


def test_the_same_seed_and_day_build_the_same_demo(tmp_path: Path) -> None:
    clock = FixedClock(datetime(2025, 6, 1, 12, 30, tzinfo=UTC))
    first = build_demo(tmp_path / "a", 3, seed=11, clock=clock)
    second = build_demo(tmp_path / "b", 3, seed=11, clock=clock)
    assert first["statuses"] == second["statuses"]
    assert _heads(tmp_path / "a") == _heads(tmp_path / "b")
    snapshot = Path("data/status/HMS-API.json")
    assert (tmp_path / "a" / snapshot).read_text() == (tmp_path / "b" / snapshot).read_text()
    other = build_demo(tmp_path / "c", 3, seed=12, clock=clock)
    assert _heads(tmp_path / "c") != _heads(tmp_path / "a")
    assert other["components"] == 3


def test_a_demo_left_half_built_can_be_built_again(tmp_path: Path) -> None:
    (tmp_path / ".hms-demo.json").write_text('{"complete": false}')
    (tmp_path / "SYSTEM-COMPONENTS" / "HMS-OLD").mkdir(parents=True)
    summary = build_demo(tmp_path, 1)
    assert summary["components"] == 1
    assert [p.name for p in (tmp_path / "SYSTEM-COMPONENTS").iterdir()] == ["HMS-A2A"]
    assert json.loads((tmp_path / ".hms-demo.json").read_text())["complete"] is True
