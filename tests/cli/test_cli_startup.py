"""Start-up near the floor (issue 14): what the CLI's commonest commands import, and the
garbage collector kept off while a command starts."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli.import_probe import loaded

from hms_status.cli import startup


def test_reads_import_neither_the_database_layer_nor_pydantic(hms_root: Path) -> None:
    heavy = ("sqlalchemy", "pydantic", "jinja2", "markdown_it", "alembic", "rich")
    assert loaded(hms_root, heavy, "tracker", "start", "HMS-API", "--success") != "[]"
    assert loaded(hms_root, heavy, "--help") == "[]"
    assert loaded(hms_root, heavy, "tracker", "get", "HMS-API") == "[]"  # a fresh snapshot


def test_a_recording_command_does_not_load_pydantic_once_the_config_is_trusted(
    hms_root: Path,
) -> None:
    (hms_root / "hms-status.toml").write_text("[docs]\nstale_after_hours = 24\n")
    loaded(hms_root, (), "tracker", "start", "HMS-API", "--success")  # checks, then trusts
    heavy = ("pydantic", "alembic", "rich")
    assert loaded(hms_root, heavy, "tracker", "start", "HMS-API", "--success") == "[]"


@pytest.fixture
def collector() -> Iterator[None]:
    """Leave the test process's collector as it was found."""
    yield
    gc.unfreeze()
    gc.enable()


def test_the_collector_is_off_at_start_and_back_on_with_start_up_frozen(
    collector: None,
) -> None:
    startup.quick_start()
    assert not gc.isenabled()
    startup._resume()  # what the timer does after RESUME_AFTER_S
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
