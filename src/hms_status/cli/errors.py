"""The one place where errors become a line on stderr and an exit code."""

from __future__ import annotations

import logging
import os
import sys
import traceback

import click

from hms_status.errors import EXIT_USAGE, HmsError

EXIT_INTERNAL = 70


def run_guarded(
    command: click.Command, args: list[str], prog_name: str | None, obj: object = None
) -> int:
    """Run a click command; expected errors give one line, bugs a short note (traceback with -v)."""
    verbose = "-v" in args or "--verbose" in args or os.environ.get("HMS_DEBUG") == "1"
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        result = command.main(args=args, prog_name=prog_name, standalone_mode=False, obj=obj)
    except HmsError as exc:
        click.echo(f"error: {exc.one_line()}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "hms-status"
        click.echo(f"error: {exc.format_message()} (see '{where} --help')", err=True)
        return EXIT_USAGE
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug: reported, never swallowed
        if verbose:
            traceback.print_exc()
        click.echo(
            f"internal error: {type(exc).__name__}: {exc} (run with -v for details)", err=True
        )
        return EXIT_INTERNAL
    return result if isinstance(result, int) else 0
