"""The service is part of the default install, yet no other command pays for its imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("fastapi", "uvicorn", "starlette", "httpx", "prometheus_client", "multipart")

PROBE = (
    "import sys\n"
    "from hms_status.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:], prog_name='hms-status')\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)\n"
)


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["tracker", "--help"],
        ["tracker", "list"],
        ["tracker", "start", "HMS-API", "--success"],
        ["tracker", "get", "HMS-API"],
        ["run", "--help"],
        ["push", "--help"],
        ["serve", "--help"],
        ["token", "--help"],
    ],
    ids=" ".join,
)
def test_commands_do_not_import_the_web_stack(hms_root: Path, argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), "--root", str(hms_root), *argv],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=hms_root,
    )
    loaded = done.stderr.strip().splitlines()[-1]
    assert loaded == "[]", f"{argv}: {loaded}\n{done.stdout}\n{done.stderr}"
