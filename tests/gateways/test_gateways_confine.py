"""The confinement gateway: links inside are followed, links out are refused, reads never block."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from hms_status.gateways.confine import (
    Boundary,
    LeavesBoundary,
    Refused,
    read_regular_bytes,
)


@pytest.fixture
def component(tmp_path: Path) -> Path:
    path = tmp_path / "component"
    (path / "docs").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("SECRET-CANARY\n")
    return path


def test_a_link_inside_is_followed_for_reading_and_writing(component: Path) -> None:
    (component / "docs" / "README.md").write_text("# Inside\n")
    (component / "README.md").symlink_to("docs/README.md")
    boundary = Boundary.of(component)

    assert boundary.read_text(component / "README.md") == "# Inside\n"
    assert boundary.write_bytes(component / "README.md", b"# New\n")
    assert (component / "README.md").is_symlink()  # the link stays a link
    assert (component / "docs" / "README.md").read_text() == "# New\n"


def test_a_link_that_leaves_is_never_read(component: Path, tmp_path: Path) -> None:
    (component / "requirements.txt").symlink_to(tmp_path / "outside.txt")
    boundary = Boundary.of(component)

    with pytest.raises(LeavesBoundary, match=r"^symlink leaves the component; not read$"):
        boundary.read_text(component / "requirements.txt")
    assert not boundary.contains(component / "requirements.txt")


def test_a_link_that_leaves_is_never_written(component: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.md"
    victim.write_text("mine\n")
    (component / "codex.md").symlink_to(victim)

    with pytest.raises(LeavesBoundary, match="not written"):
        Boundary.of(component).write_bytes(component / "codex.md", b"overwritten\n")
    assert victim.read_text() == "mine\n"


def test_a_linked_directory_on_the_way_is_refused_too(component: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (component / "HMS-docs").symlink_to(tmp_path / "elsewhere")

    with pytest.raises(LeavesBoundary):
        Boundary.of(component).write_bytes(component / "HMS-docs" / "STATUS.md", b"x")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_component_reached_through_a_link_is_its_own_boundary(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.txt").write_text("a")
    (tmp_path / "alias").symlink_to(real)
    boundary = Boundary.of(tmp_path / "alias")

    assert boundary.read_text(tmp_path / "alias" / "a.txt") == "a"
    assert boundary.label(tmp_path / "alias" / "a.txt") == "a.txt"


def test_a_fifo_is_refused_without_blocking(component: Path) -> None:
    fifo = component / "package.json"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            Boundary.of(component).read_bytes(fifo)
        except Refused as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=30)  # a blocked read never returns; a refusal returns at once
    assert not reader.is_alive()
    assert "FIFO" in str(outcome[0])
    with pytest.raises(Refused, match="not written"):
        Boundary.of(component).write_bytes(fifo, b"{}")


def test_size_cap_and_a_link_loop_are_refusals(component: Path) -> None:
    (component / "big.txt").write_bytes(b"x" * 11)
    (component / "loop").symlink_to("loop")
    boundary = Boundary.of(component)

    with pytest.raises(Refused, match="over the 10-byte limit"):
        boundary.read_bytes(component / "big.txt", limit=10)
    with pytest.raises(OSError, match="symbolic links"):
        boundary.read_bytes(component / "loop")


def test_read_optional_treats_missing_and_dangling_as_nothing(component: Path) -> None:
    (component / "dangling").symlink_to("nowhere")
    boundary = Boundary.of(component)

    assert boundary.read_optional(component / "absent.md") is None
    assert boundary.read_optional(component / "dangling") is None


def test_escaping_lists_only_links_that_leave(component: Path, tmp_path: Path) -> None:
    (component / "inside").symlink_to("docs")
    (component / "out").symlink_to(tmp_path / "outside.txt")
    (component / "plain.txt").write_text("p")

    found = Boundary.of(component).escaping(["inside", "out", "plain.txt", "absent"])
    assert found == (f"out -> {tmp_path / 'outside.txt'}",)


def test_read_regular_bytes_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(Refused, match="a directory"):
        read_regular_bytes(tmp_path)


def test_create_private_is_private_from_its_first_byte(
    component: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modes: list[int] = []
    real_write = os.write

    def watching_write(fd: int, data: bytes | memoryview) -> int:
        modes.append(os.fstat(fd).st_mode & 0o777)
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", watching_write)
    old_umask = os.umask(0)
    try:
        Boundary.of(component).create_private(component / ".env", b"A=1\n")
    finally:
        os.umask(old_umask)
    assert modes and set(modes) == {0o600}
    assert (component / ".env").read_bytes() == b"A=1\n"


def test_create_private_never_replaces_a_file_that_appears_meanwhile(
    component: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file turns up between the decision and the open: O_EXCL refuses, it stays whole."""
    target = component / ".env"
    real_open = os.open

    def racing_open(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if Path(path) == target:
            target.write_text("A=mine\n")  # someone else's file, created just now
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", racing_open)
    with pytest.raises(FileExistsError):
        Boundary.of(component).create_private(target, b"A=example\n")
    assert target.read_text() == "A=mine\n"


def test_create_private_refuses_a_directory_that_leads_out(component: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (component / "conf").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(LeavesBoundary):
        Boundary.of(component).create_private(component / "conf" / ".env", b"A=1\n")
    assert not (tmp_path / "elsewhere" / ".env").exists()
