"""hms-status demo through click, and the refusals that protect directories that are not demos."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from hms_status.cli.errors import run_guarded
from hms_status.cli.root import cli
from hms_status.clock import FixedClock
from hms_status.demo.build import build_demo
from hms_status.errors import InputError
from hms_status.gateways.proc import run


def test_the_demo_command_prints_a_json_summary_and_can_rebuild(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    for force in ([], ["--force"]):  # the second run replaces the first demo
        args = ["demo", str(target), "--components", "5", "--json", *force]
        result = CliRunner().invoke(cli, args)
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


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes (symlinks by their target)."""
    return {
        str(p.relative_to(root)): (str(p.readlink()).encode() if p.is_symlink() else p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_symlink() or p.is_file()
    }


def test_a_finished_demo_is_refused_without_force_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_demo(tmp_path, 1)
    before = _tree(tmp_path)
    with pytest.raises(InputError, match="already holds a demo"):
        build_demo(tmp_path, 2)
    assert run_guarded(cli, ["demo", str(tmp_path), "--components", "2"], "hms-status") == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and "--force" in error
    assert len(error.strip().splitlines()) == 1
    assert _tree(tmp_path) == before


def test_force_replaces_only_what_the_demo_built(tmp_path: Path) -> None:
    build_demo(tmp_path, 1)
    (tmp_path / "SYSTEM-COMPONENTS" / "HMS-OLD").mkdir()
    (tmp_path / "my-notes.txt").write_text("kept\n")
    summary = build_demo(tmp_path, 2, force=True)
    assert summary["components"] == 2
    assert sorted(p.name for p in (tmp_path / "SYSTEM-COMPONENTS").iterdir()) == [
        "HMS-A2A", "HMS-API",
    ]  # fmt: skip
    assert (tmp_path / "my-notes.txt").read_text() == "kept\n"


def test_force_never_touches_a_directory_that_is_no_demo(tmp_path: Path) -> None:
    (tmp_path / "SYSTEM-COMPONENTS" / "MINE").mkdir(parents=True)
    (tmp_path / "hms-status.toml").write_text("# my own root\n")
    before = _tree(tmp_path)
    for marker in (None, "not json", '{"other": 1}'):
        if marker is not None:
            (tmp_path / ".hms-demo.json").write_text(marker)
        with pytest.raises(InputError, match="holds no demo"):
            build_demo(tmp_path, 1, force=True)
    (tmp_path / ".hms-demo.json").unlink()
    assert _tree(tmp_path) == before


def test_force_removes_a_symlinked_entry_without_following_it(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    build_demo(demo, 1)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "HMS-PRECIOUS").mkdir(parents=True)
    shutil.rmtree(demo / "SYSTEM-COMPONENTS")
    (demo / "SYSTEM-COMPONENTS").symlink_to(elsewhere, target_is_directory=True)
    build_demo(demo, 1, force=True)
    assert [p.name for p in elsewhere.iterdir()] == ["HMS-PRECIOUS"]
    assert not (demo / "SYSTEM-COMPONENTS").is_symlink()
    assert [p.name for p in (demo / "SYSTEM-COMPONENTS").iterdir()] == ["HMS-A2A"]
