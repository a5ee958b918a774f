"""Make a demo repository real: git init, one git fast-import of every commit, a checkout."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from hms_status.demo.history import Commit, Person
from hms_status.gateways.git import GitError
from hms_status.gateways.proc import run

BRANCH = "main"
GIT_TIMEOUT_S = 60.0
EXECUTABLE = frozenset({"scripts/run_tests.py"})
HERMETIC_GIT = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
    "LC_ALL": "C",
}
"""No system or user configuration (hooks, templates, autocrlf) changes what is built."""


def _ident(person: Person, commit: Commit) -> str:
    return f"{person.name} <{person.email}> {int(commit.when.timestamp())} {person.tz}"


def fast_import_stream(commits: Sequence[Commit]) -> bytes:
    """The git fast-import commands that create every commit on refs/heads/main."""
    parts: list[bytes] = []
    for number, commit in enumerate(commits, start=1):
        ident = _ident(commit.author, commit)
        message = commit.message.encode() + b"\n"
        parts.append(
            f"commit refs/heads/{BRANCH}\nmark :{number}\nauthor {ident}\ncommitter {ident}\n"
            f"data {len(message)}\n".encode()
        )
        parts.append(message)
        if number > 1:
            parts.append(f"from :{number - 1}\n".encode())
        for path, data in commit.changes:
            mode = "100755" if path in EXECUTABLE else "100644"
            parts += [f"M {mode} inline {path}\ndata {len(data)}\n".encode(), data, b"\n"]
        parts.append(b"\n")
    parts.append(b"done\n")
    return b"".join(parts)


def _git(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> None:
    result = run(["git", *args], cwd=cwd, timeout=GIT_TIMEOUT_S, env=HERMETIC_GIT, stdin=stdin)
    if not result.ok:
        raise GitError(f"git {args[0]} failed in {cwd}: {result.error_text or 'no output'}")


def build_repository(directory: Path, commits: Sequence[Commit]) -> None:
    """Create a repository in directory holding these commits, with HEAD checked out."""
    directory.mkdir(parents=True, exist_ok=True)
    _git(["init", "-q", "-b", BRANCH, "--template=", "."], directory)
    _git(["fast-import", "--quiet", "--done"], directory, fast_import_stream(commits))
    _git(["reset", "-q", "--hard"], directory)
