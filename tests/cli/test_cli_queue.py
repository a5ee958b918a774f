"""The queue's commands where no PostgreSQL is needed: refusals on SQLite, lazy imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli.import_probe import loaded
from tests.config.clirun import hms, one_error_line


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "full-update", "--queue"],
        ["run", "quick-update", "--queue", "--no-wait"],
        ["run", "quick-update", "--queue", "--component", "HMS-API"],
        ["run", "monitor", "--queue", "--once"],
        ["worker", "--once"],
        ["queue", "status"],
        ["queue", "apply-schema"],
    ],
    ids=" ".join,
)
def test_the_queue_on_a_sqlite_store_is_one_line_and_exit_2(
    hms_root: Path, argv: list[str]
) -> None:
    before = _tree(hms_root)
    code, out, err = hms(hms_root, *argv)
    assert code == 2
    assert out == ""
    assert one_error_line(err).startswith("error: the queue cannot use a sqlite store (")
    assert _tree(hms_root) == before


@pytest.mark.parametrize("flag", ["--run-tests", "--fix"])
def test_tests_and_repairs_are_not_queued(hms_root: Path, flag: str) -> None:
    code, _, err = hms(hms_root, "run", "full-update", "--queue", flag)
    assert code == 2
    assert one_error_line(err).startswith("error: --run-tests and --fix do not go through")


def test_the_hint_names_the_way_out(hms_root: Path) -> None:
    code, _, err = hms(hms_root, "run", "quick-update", "--queue")
    assert code == 2
    assert "--database-url postgresql+psycopg://" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["tracker", "list"],
        ["tracker", "start", "HMS-API", "--success"],
        ["tracker", "get", "HMS-API"],
        ["run", "--help"],
        ["worker", "--help"],
        ["queue", "--help"],
    ],
    ids=" ".join,
)
def test_only_queue_commands_import_procrastinate(hms_root: Path, argv: list[str]) -> None:
    assert loaded(hms_root, ("procrastinate",), *argv) == "[]"
