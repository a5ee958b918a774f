"""Reading report files: every failure names the file and says what to do."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hms_status.domain.results import TestCounts
from hms_status.errors import ReportError
from hms_status.reports import files, read_report, read_reports

JUNIT = b"""<testsuite name="a">
  <testcase name="t1"/><testcase name="t2"><failure/></testcase>
</testsuite>"""
XUNIT = b"""<assemblies><assembly time="2">
  <collection name="c"><test name="x" result="Skip"/></collection>
</assembly></assemblies>"""


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_reports_read_report_reads_a_file(tmp_path: Path) -> None:
    report = read_report(_write(tmp_path / "TEST-a.xml", JUNIT))

    assert report.counts == TestCounts(passed=1, failed=1)


def test_reports_read_reports_merges_the_files_of_one_run(tmp_path: Path) -> None:
    paths = [
        _write(tmp_path / "a.xml", JUNIT),
        _write(tmp_path / "b.xml", JUNIT.replace(b'name="a"', b'name="b"')),
        _write(tmp_path / "c.xml", XUNIT),
    ]

    report = read_reports(paths)

    assert report.counts == TestCounts(passed=2, failed=2, skipped=1)
    assert report.format == "junit-xml+xunit.net"
    assert [c.suite for c in report.cases] == ["a", "a", "b", "b", "c"]
    assert report.duration_s == 2.0


def test_reports_read_reports_names_the_broken_file(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.xml", JUNIT)
    bad = _write(tmp_path / "bad.xml", b"<testsuite>")

    with pytest.raises(ReportError, match=r"bad\.xml: not well-formed XML"):
        read_reports([good, bad])


def test_reports_read_reports_needs_at_least_one_file() -> None:
    with pytest.raises(ReportError, match="no report files given"):
        read_reports([])


def test_reports_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.xml"

    with pytest.raises(ReportError, match=r"nope\.xml: no such report file") as caught:
        read_report(path)

    assert caught.value.hint


def test_reports_directory_is_not_a_report(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="is a directory, not a report file"):
        read_report(tmp_path)


def test_reports_unreadable_path(tmp_path: Path) -> None:
    parent = _write(tmp_path / "plain-file", b"")

    with pytest.raises(ReportError, match=r"plain-file/r\.xml: cannot read: Not a directory"):
        read_report(parent / "r.xml")


def test_reports_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as stream:
        stream.truncate(files.MAX_REPORT_BYTES + 1)  # sparse: no 200 MB written

    with pytest.raises(ReportError, match=r"huge\.xml: too large to read \(209715201 bytes"):
        read_report(path)


def test_reports_file_growing_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_REPORT_BYTES", 10)
    path = _write(tmp_path / "r.xml", JUNIT)

    with pytest.raises(ReportError, match="too large to read"):
        read_report(path)


def _refusal_of(path: Path, fifo: Path) -> ReportError:
    """The ReportError of reading path, read in a thread so that a FIFO that blocks fails the test."""
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            read_report(path)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome.append(error)
        else:
            outcome.append(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=60)
    if reader.is_alive():  # a regression: unblock the reader so the suite goes on
        with open(fifo, "wb"):
            pass
        reader.join(timeout=60)
        pytest.fail(f"reading {path} blocked")
    (error,) = outcome
    assert isinstance(error, ReportError), error
    assert error.hint
    return error


def test_reports_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)

    error = _refusal_of(fifo, fifo)

    assert error.message == f"{fifo}: is a FIFO (named pipe), not a report file"


def test_reports_character_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"^/dev/zero: is a character device, not a report"):
        read_report(Path("/dev/zero"))


def test_reports_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))

        with pytest.raises(ReportError, match=r"s\.sock: is a socket, not a report file"):
            read_report(path)


def test_reports_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    link = tmp_path / "link.xml"
    link.symlink_to(_write(tmp_path / "real.xml", JUNIT))

    assert read_report(link).counts == TestCounts(passed=1, failed=1)


def test_reports_entry_swapped_for_a_fifo_after_the_look_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    regular = os.stat(_write(tmp_path / "regular.xml", JUNIT))
    fifo = tmp_path / "swapped.xml"
    os.mkfifo(fifo)
    monkeypatch.setattr(files, "_look", lambda _path: regular, raising=False)  # a file at the look

    error = _refusal_of(fifo, fifo)

    assert error.message == f"{fifo}: is a FIFO (named pipe), not a report file"


def test_reports_cli_refuses_a_fifo_at_once_and_records_nothing(hms_root: Path) -> None:
    fifo = hms_root / "report.fifo"
    os.mkfifo(fifo)
    command = [str(Path(sys.executable).with_name("hms-status")), "--root", str(hms_root)]

    try:
        done = subprocess.run(
            [*command, "tracker", "test", "HMS-API", "--junit", str(fifo)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("hms-status tracker test --junit FIFO blocked")
    history = subprocess.run(
        [*command, "tracker", "history", "HMS-API", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"error: {fifo}: is a FIFO (named pipe), not a report file "
        "(only regular files are read as reports; write the report to a file first)"
    ]
    assert not list((hms_root / "data" / "test-results").rglob("*.json"))
    assert history.returncode == 0 and json.loads(history.stdout) == []
