"""The hms-status command: one click group per part, errors turned into one line and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from hms_status.cli.root import cli


def run_part(part: str, argv: Sequence[str], prog_name: str, root: str) -> None:
    """Entry point of a seed script: one part's commands, for the HMS root the script lives in."""
    import os

    from hms_status.cli.context import CliState
    from hms_status.cli.errors import run_guarded
    from hms_status.cli.root import group_for
    from hms_status.cli.startup import quick_start

    quick_start()
    state = CliState(root=root, database_url=os.environ.get("HMS_DATABASE_URL"))
    sys.exit(run_guarded(group_for(part), list(argv), prog_name, obj=state))


def main(argv: Sequence[str] | None = None, prog_name: str | None = None) -> None:
    """Entry point: run the CLI and exit with the documented code."""
    from hms_status.cli.errors import run_guarded
    from hms_status.cli.startup import quick_start

    quick_start()

    sys.exit(run_guarded(cli, list(sys.argv[1:] if argv is None else argv), prog_name))
