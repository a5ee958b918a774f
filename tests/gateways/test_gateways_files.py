"""Atomic writes: unchanged content touches nothing; symlinks and modes are kept; a write cut
short at any point (killed mid-write, before the rename, a failing fsync or rename) leaves the
old file whole."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

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
    from hms_status.errors import WriteError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WriteError, match=r"cannot write .*file/x\.json"):
        atomic_write_json(blocker / "x.json", {})


OLD = b"old content, whole\n" * 1000
LIMIT = 1 << 20
"""The largest file the interrupted writer may make: half of what it writes."""

KILLED_MID_WRITE = """
import resource, signal, sys
from pathlib import Path
from hms_status.gateways.files import atomic_write_bytes

signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # Python ignores it; the kernel's default kills
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
atomic_write_bytes(Path(sys.argv[1]), b"n" * {size})
"""

KILLED_BEFORE_RENAME = """
import os, sys
from pathlib import Path
from hms_status.gateways.files import atomic_write_bytes

real_fsync = os.fsync


def fsync_then_wait(fd):
    real_fsync(fd)
    print("written", flush=True)
    sys.stdin.read()  # until the test kills this process


os.fsync = fsync_then_wait
atomic_write_bytes(Path(sys.argv[1]), b"n" * {size})
"""


def _leftovers(directory: Path, target: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p != target)


def test_a_process_killed_in_the_middle_of_a_write_leaves_the_old_file_whole(
    tmp_path: Path,
) -> None:
    """The kernel kills the writer at exactly LIMIT bytes (RLIMIT_FSIZE): no timing involved."""
    import signal
    import subprocess
    import sys

    from hms_status.gateways.files import TEMP_NAME, sweep_stale_temps

    target = tmp_path / "status.json"
    target.write_bytes(OLD)
    script = KILLED_MID_WRITE.format(limit=LIMIT, size=2 * LIMIT)
    done = subprocess.run([sys.executable, "-c", script, str(target)], check=False, timeout=120)
    assert done.returncode == -signal.SIGXFSZ  # killed mid-write, not an error it handled
    assert target.read_bytes() == OLD
    [temp] = _leftovers(tmp_path, target)
    assert TEMP_NAME.fullmatch(temp.name) and temp.stat().st_size == LIMIT
    assert sweep_stale_temps(tmp_path, cutoff=temp.stat().st_mtime + 1) == 1
    assert _leftovers(tmp_path, target) == []


def test_a_process_killed_before_the_rename_leaves_the_old_file_whole(tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "status.json"
    target.write_bytes(OLD)
    script = KILLED_BEFORE_RENAME.format(size=2 * LIMIT)
    with subprocess.Popen(
        [sys.executable, "-c", script, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        try:
            assert writer.stdout is not None
            assert writer.stdout.readline() == "written\n"  # the new bytes are on disk
            assert target.read_bytes() == OLD
        finally:
            writer.kill()
            writer.communicate()
    assert target.read_bytes() == OLD
    [temp] = _leftovers(tmp_path, target)
    assert temp.read_bytes() == b"n" * (2 * LIMIT)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        ("replace", OSError(errno.ENOSPC, "No space left on device")),
        ("fsync", OSError(errno.EIO, "Input/output error")),
    ],
)
def test_a_failing_fsync_or_rename_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str, error: OSError
) -> None:
    from hms_status.errors import WriteError
    from hms_status.gateways.files import atomic_write_bytes

    target = tmp_path / "status.json"
    target.write_bytes(OLD)

    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(os, call, fail)
    with pytest.raises(WriteError, match=f"cannot write .*status.json: {error.strerror}"):
        atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path, target) == []
