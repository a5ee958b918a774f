"""Atomic writes: unchanged content touches nothing; symlinks are kept; modes are kept."""

from __future__ import annotations

import os
from pathlib import Path

from hms_status.gateways.files import atomic_write_json, atomic_write_text, read_json


def test_unchanged_content_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b.txt"
    assert atomic_write_text(path, "hello\n") is True
    before = path.stat().st_mtime_ns
    assert atomic_write_text(path, "hello\n") is False
    assert path.stat().st_mtime_ns == before
    assert [p.name for p in path.parent.iterdir()] == ["b.txt"]  # no temp file left behind


def test_a_symlink_is_kept_and_its_target_written(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    target = tmp_path / "docs" / "codex.md"
    target.write_text("# codex\n")
    link = tmp_path / "codex.md"
    link.symlink_to("docs/codex.md")
    assert atomic_write_text(link, "# codex\nmore\n") is True
    assert link.is_symlink() and target.read_text() == "# codex\nmore\n"


def test_the_file_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("A=1\n")
    path.chmod(0o600)
    atomic_write_text(path, "A=2\n")
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_json_round_trip_and_unreadable_json(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    atomic_write_json(path, {"b": 1, "a": [1, "é"]})
    assert read_json(path) == {"b": 1, "a": [1, "é"]}
    path.write_text("{broken")
    assert read_json(path) is None
    assert read_json(tmp_path / "missing.json") is None


def test_an_unwritable_place_is_a_write_error_naming_the_file(tmp_path: Path) -> None:
    import pytest

    from hms_status.errors import WriteError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WriteError, match=r"cannot write .*file/x\.json"):
        atomic_write_json(blocker / "x.json", {})
