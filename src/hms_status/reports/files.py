"""Reads report files from disk: the only I/O of the reports package."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from hms_status.domain.results import TestReport, merge_reports
from hms_status.errors import ReportError
from hms_status.reports.detect import parse_report_bytes

MAX_REPORT_BYTES = 200 * 1024 * 1024


def read_report(path: Path) -> TestReport:
    """Read and parse one report file; every failure is a ReportError naming the file."""
    return parse_report_bytes(_read_bytes(path), source=str(path))


def read_reports(paths: Sequence[Path]) -> TestReport:
    """Read the report files of one test run and merge them into one report."""
    if not paths:
        raise ReportError("no report files given", "pass at least one test report file")
    return merge_reports(read_report(path) for path in paths)


def _read_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            _refuse_too_large(path, os.fstat(stream.fileno()).st_size)
            data = stream.read(MAX_REPORT_BYTES + 1)
    except FileNotFoundError:
        raise ReportError(
            f"{path}: no such report file", "check the path; did the test run write a report?"
        ) from None
    except IsADirectoryError:
        raise ReportError(
            f"{path}: is a directory, not a report file", "pass the report files inside it"
        ) from None
    except OSError as error:
        raise ReportError(
            f"{path}: cannot read: {error.strerror or error}", "check the file's permissions"
        ) from None
    _refuse_too_large(path, len(data))
    return data


def _refuse_too_large(path: Path, size: int) -> None:
    if size > MAX_REPORT_BYTES:
        raise ReportError(
            f"{path}: too large to read ({size} bytes; the limit is {MAX_REPORT_BYTES} bytes)",
            "split the test run into several report files",
        )
