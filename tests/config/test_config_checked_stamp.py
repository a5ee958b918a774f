"""A file checked once is trusted by its digest: the hot path skips pydantic, never the check."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import make_root

from hms_status.config import CHECKED_STAMP, load_settings
from hms_status.errors import ConfigError

CONFIG = """
[store]
sqlite_synchronous = "normal"
[tracker]
max_tickets_per_run = 7
[components.HMS-API]
test_command = ["python3", "-m", "pytest"]
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_root(tmp_path / "hms")
    (root / "hms-status.toml").write_text(CONFIG)
    return root


def test_the_second_load_of_the_same_bytes_is_trusted_with_the_same_values(root: Path) -> None:
    first = load_settings(root, {})
    assert first.checked is not None and not first.trusted
    assert (root / "data" / CHECKED_STAMP).is_file()

    second = load_settings(root, {})
    assert second.trusted and second.checked is None
    assert second.sqlite_synchronous == first.sqlite_synchronous == "NORMAL"
    assert second.max_tickets_per_run == first.max_tickets_per_run == 7
    assert second.database_url == first.database_url
    assert second.model == first.model  # built on demand, the same checked values
    assert second.component("HMS-API").test_command == ("python3", "-m", "pytest")


def test_any_change_to_the_file_is_checked_again(root: Path) -> None:
    load_settings(root, {})
    (root / "hms-status.toml").write_text(CONFIG.replace("[store]\n", '[store]\nurll = "x"\n'))
    with pytest.raises(ConfigError, match="urll"):
        load_settings(root, {})


def test_a_stamp_for_other_bytes_does_not_let_a_mistake_through(root: Path) -> None:
    load_settings(root, {})
    (root / "hms-status.toml").write_text(CONFIG.replace("= 7", "= 0"))
    with pytest.raises(ConfigError, match="max_tickets_per_run"):
        load_settings(root, {})


def test_a_broken_component_table_still_fails_that_component_when_trusted(root: Path) -> None:
    (root / "hms-status.toml").write_text(CONFIG + '\n[components.HMS-DOC]\nhelth_url = "x"\n')
    load_settings(root, {})
    trusted = load_settings(root, {})
    assert trusted.trusted
    with pytest.raises(ConfigError, match="did you mean health_url"):
        trusted.component("HMS-DOC")


def test_a_read_only_or_missing_data_folder_only_costs_the_check(tmp_path: Path) -> None:
    root = tmp_path / "bare"
    root.mkdir()
    (root / "hms-status.toml").write_text(CONFIG)
    for _ in range(2):
        settings = load_settings(root, {})
        assert settings.checked is not None and not settings.trusted
