"""Which heavy modules a real `hms-status ARGV` process imports: one probe for every lazy-import
test (the web stack, the database layer, procrastinate)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = (
    "import sys\n"
    "from hms_status.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:], prog_name='hms-status')\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)\n"
)


def loaded(root: Path, heavy: tuple[str, ...], *argv: str) -> str:
    """The heavy modules the process had imported when it ended, as a printed sorted list
    ("[]" for none)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=heavy), "--root", str(root), *argv],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
    )
    return done.stderr.strip().splitlines()[-1]
