"""Run hms-status in-process through its real error handler (exit codes as a user sees them)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from hms_status.cli.errors import run_guarded
from hms_status.cli.root import cli


class _Guarded:
    """Adapter so CliRunner drives run_guarded (the real entry point's error handling)."""

    name = "hms-status"

    def main(self, args: list[str], prog_name: str | None = None, **_: object) -> None:
        raise SystemExit(run_guarded(cli, list(args), prog_name))


def hms(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """hms-status --root ROOT ARGS...: (exit code, stdout, stderr)."""
    result = CliRunner(env=env).invoke(
        _Guarded(), ["--root", str(root), *args], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def write_config(root: Path, text: str | bytes) -> Path:
    """Replace the root's hms-status.toml."""
    path = root / "hms-status.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def one_error_line(stderr: str) -> str:
    """The single line an expected error prints (asserting that it is exactly one line)."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]
