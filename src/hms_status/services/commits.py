"""The commit a test run tested, as `--commit`, the CI variables or the API's `commit` give it."""

from __future__ import annotations

import re

from hms_status.errors import InputError

_COMMIT = re.compile(r"[0-9a-fA-F]{7,64}")


def check_commit(value: str | None) -> str | None:
    """A commit SHA as given to `--commit` (7 to 64 hex digits), lower-cased; None when unset."""
    if value is None or value == "":
        return None
    if not _COMMIT.fullmatch(value):
        raise InputError(
            f"--commit {value!r} is not a commit SHA",
            "give 7 to 64 hexadecimal digits, e.g. the output of 'git rev-parse HEAD'",
        )
    return value.lower()
