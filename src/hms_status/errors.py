"""The package's own error tree: each error a user can act on carries a hint and an exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2
EXIT_SERVICE = 3
"""`push`: the service did not answer (unreachable, timed out) or failed (5xx); worth retrying."""
EXIT_SNAPSHOT_PENDING = 4
"""The event is in the store, but a snapshot file could not be written (do not record again)."""


class HmsError(Exception):
    """An expected failure, shown to the user as one line with a hint."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.one_line()

    def one_line(self) -> str:
        """The message and hint joined for stderr."""
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(HmsError):
    """Bad usage or bad input: exit 2, nothing written."""


class NotFoundError(InputError):
    """A named component, ticket or file does not exist."""


class ConflictError(InputError):
    """The request contradicts the recorded state (e.g. resolving a resolved ticket)."""


class ConfigError(InputError):
    """hms-status.toml or an HMS_* variable is invalid."""


class StoreError(HmsError):
    """The store could not be opened or written (locked, unreachable, newer schema)."""

    exit_code = EXIT_FAILURES


class WriteError(HmsError):
    """A file could not be written (read-only file system, permissions, disk full)."""

    exit_code = EXIT_FAILURES


class ReportError(InputError):
    """A test report cannot be read: malformed XML, unsupported format, hostile content."""


class SnapshotPendingError(HmsError):
    """A write reached the store, but its snapshot files could not be written afterwards.

    The store is the source of truth and holds the event, so the caller must not record it
    again; the next run (or `tracker get ID --fresh`) rewrites the snapshots from the store.
    """

    exit_code = EXIT_SNAPSHOT_PENDING


class ServiceError(HmsError):
    """The HMS Status service could not be reached, timed out, or failed (5xx): exit 3.

    Not the user's input: the same push may succeed later (after a timeout, check first
    whether the server recorded it).
    """

    exit_code = EXIT_SERVICE
