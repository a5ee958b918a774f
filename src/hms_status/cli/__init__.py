"""The hms-status command: one click group per part, errors turned into one line and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from hms_status.cli.root import cli


def main(argv: Sequence[str] | None = None, prog_name: str | None = None) -> None:
    """Entry point: run the CLI and exit with the documented code."""
    from hms_status.cli.errors import run_guarded

    sys.exit(run_guarded(cli, list(sys.argv[1:] if argv is None else argv), prog_name))
