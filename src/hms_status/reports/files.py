"""Reads report files from disk: the only I/O of the reports package.

Only regular files are read. A FIFO would block the read forever, a device (``/dev/zero``)
streams without end and a socket cannot be opened, so each is refused at once, like a
directory. The entry is looked at before it is opened (so a device is never opened), then
opened without blocking and looked at again through the open descriptor, so an entry
swapped for a FIFO between the two looks is refused too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from hms_status.domain.results import TestReport, merge_reports
from hms_status.errors import ReportError
from hms_status.reports.detect import parse_report_bytes
from hms_status.reports.limits import MAX_RUN_CASES, too_many_cases

MAX_REPORT_BYTES = 200 * 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def read_report(path: Path) -> TestReport:
    """Read and parse one report file; every failure is a ReportError naming the file."""
    return parse_report_bytes(_read_bytes(path), source=str(path))


def read_reports(paths: Sequence[Path]) -> TestReport:
    """Read the report files of one test run and merge them into one report.

    Each file may hold up to MAX_RUN_CASES cases and so may all of them together: the
    file that takes the run over the limit is named.
    """
    if not paths:
        raise ReportError("no report files given", "pass at least one test report file")
    reports = []
    total = 0
    for path in paths:
        reports.append(read_report(path))
        total += len(reports[-1].cases)
        if total > MAX_RUN_CASES:
            raise too_many_cases(str(path), MAX_RUN_CASES, " in the run's report files together")
    return merge_reports(reports)


def _look(path: Path) -> os.stat_result:
    """The entry's stat before opening it (follows symlinks, opens nothing)."""
    return os.stat(path)


def _read_bytes(path: Path) -> bytes:
    try:
        _require_regular(path, _look(path).st_mode)
        fd = os.open(path, _OPEN_FLAGS)
        with os.fdopen(fd, "rb") as stream:
            info = os.fstat(stream.fileno())
            _require_regular(path, info.st_mode)  # swapped since the look: still refused
            _refuse_too_large(path, info.st_size)
            data = stream.read(MAX_REPORT_BYTES + 1)
    except FileNotFoundError:
        raise ReportError(
            f"{path}: no such report file", "check the path; did the test run write a report?"
        ) from None
    except OSError as error:
        raise ReportError(
            f"{path}: cannot read: {error.strerror or error}", "check the file's permissions"
        ) from None
    _refuse_too_large(path, len(data))
    return data


def _require_regular(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise ReportError(
            f"{path}: is a directory, not a report file", "pass the report files inside it"
        )
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise ReportError(
            f"{path}: is {kind}, not a report file",
            "only regular files are read as reports; write the report to a file first",
        )


def _refuse_too_large(path: Path, size: int) -> None:
    if size > MAX_REPORT_BYTES:
        raise ReportError(
            f"{path}: too large to read ({size} bytes; the limit is {MAX_REPORT_BYTES} bytes)",
            "split the test run into several report files",
        )
