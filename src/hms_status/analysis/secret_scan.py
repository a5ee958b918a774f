"""Finding committed secrets by content: which files are read, and how it stays fast.

What is scanned (also in the README):
- Tracked files only (a committed secret is the finding; untracked files are the developer's),
  minus the excluded directories (HMS-docs/), submodules and tracked symlinks.
- A tracked secrets file by name (.env, .env.production, id_rsa, .pypirc: see findings)
  is always read and scanned with every plugin.
- Any other tracked file is read only when `git grep -P -I` (in C, binaries skipped) matches
  one of the KEY or CREDENTIAL patterns of detect-secrets; then that file alone is scanned
  line by line. Without PCRE in git, the same patterns are searched in Python (slower).
- Files are read through the confinement gateway (never a link leading out, never a FIFO),
  up to 2 MiB each; a binary file (a NUL byte in its first 8,000 bytes, as git decides) is
  skipped.
The analysis holding the result is reused while the component's fingerprint is unchanged,
so the scan runs only after a change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import Executor
from pathlib import Path

from hms_status.analysis.findings import is_secrets_file
from hms_status.analysis.secret_detector import (
    Detection,
    Strength,
    prefilter,
    python_prefilter,
    scan,
)
from hms_status.gateways import git
from hms_status.gateways.confine import MAX_TEXT_BYTES, Boundary

logger = logging.getLogger(__name__)
BINARY_PROBE = 8000
"""How many leading bytes are looked at for a NUL (git's own rule for binary files)."""

Candidates = Callable[[], frozenset[str] | None]


def start(pool: Executor, path: Path, exclude: tuple[str, ...]) -> Candidates:
    """Start git grep in the pool; the returned call waits for the files it matched (None:
    git has no PCRE, so every tracked file is a candidate)."""
    future = pool.submit(_grep, path, exclude)
    return future.result


def _grep(path: Path, exclude: tuple[str, ...]) -> frozenset[str] | None:
    try:
        return frozenset(hit.path for hit in git.grep_tracked(path, prefilter(), exclude))
    except git.GrepUnsupported:
        logger.info("git has no PCRE: secret patterns searched in Python instead")
        return None


def scan_tracked(
    path: Path,
    tracked: Iterable[str],
    candidates: frozenset[str] | None,
    skip: Collection[str] = (),
) -> tuple[Detection, ...]:
    """Detections in the tracked files: secrets files with every plugin, candidates (or all
    files, when candidates is None) only for what the KEY and CREDENTIAL patterns match."""
    boundary = Boundary.of(path)
    found: list[Detection] = []
    for relative in tracked:
        if relative in skip:
            continue
        named = is_secrets_file(relative)
        if not named and candidates is not None and relative not in candidates:
            continue
        text = _read_text(boundary, path / relative)
        if text is None or (not named and candidates is None and not _matches(text)):
            continue
        found.extend(d for d in scan(relative, text) if named or d.strength is not Strength.HINT)
    return tuple(found)


def _matches(text: str) -> bool:
    return any(pattern.search(text) for pattern in python_prefilter())


def _read_text(boundary: Boundary, file: Path) -> str | None:
    """The file's text; None for a binary, or one that cannot or may not be read."""
    try:
        data = boundary.read_bytes(file, MAX_TEXT_BYTES)
    except OSError as exc:
        logger.info("secret scan skips %s: %s", boundary.label(file), exc)
        return None
    if b"\0" in data[:BINARY_PROBE]:
        return None
    return data.decode("utf-8", errors="replace")
