"""Mirrors of remote repositories for queue workers: `git clone --mirror`, then `git fetch`.

A worker keeps one bare mirror per component under its cache directory and one work tree
cloned from it (sharing its objects), so a job reads the component's newest commit without a
shared filesystem. Every git call goes through proc.run with GIT_ENV (no prompts).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hms_status.gateways.git import GIT_ENV, GIT_TIMEOUT_S, GitError
from hms_status.gateways.proc import ProcResult, run

FETCH_TIMEOUT_S = 600.0
"""A first clone of a large repository may take minutes."""


def _git(*args: str, cwd: Path | None = None, timeout: float = GIT_TIMEOUT_S) -> ProcResult:
    result = run(("git", *args), cwd=cwd, timeout=timeout, env=GIT_ENV)
    if not result.ok:
        detail = (result.error_text.splitlines() or ["no output"])[-1]
        raise GitError(
            f"git {args[0]} failed: {detail}",
            hint="check the component's repo remote and the worker's access to it",
        )
    return result


def sync_mirror(remote: str, mirror: Path) -> None:
    """Create the bare mirror of remote at mirror, or fetch what changed since the last job."""
    if (mirror / "HEAD").is_file():
        _git("--git-dir", str(mirror), "fetch", "--prune", "--quiet", timeout=FETCH_TIMEOUT_S)
        return
    mirror.parent.mkdir(parents=True, exist_ok=True)
    partial = mirror.with_name(mirror.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    _git("clone", "--mirror", "--quiet", remote, str(partial), timeout=FETCH_TIMEOUT_S)
    partial.rename(mirror)


def check_out(mirror: Path, tree: Path) -> str:
    """Make tree an exact checkout of the mirror's HEAD (objects shared); return the commit."""
    if not (tree / ".git").exists():
        shutil.rmtree(tree, ignore_errors=True)
        tree.parent.mkdir(parents=True, exist_ok=True)
        _git("clone", "--shared", "--no-checkout", "--quiet", str(mirror), str(tree))
    else:
        _git("fetch", "--quiet", "--force", "origin", cwd=tree)
    oid = _git("--git-dir", str(mirror), "rev-parse", "HEAD").text.strip()
    _git("checkout", "--quiet", "--force", "--detach", oid, cwd=tree)
    _git("clean", "-ffdxq", cwd=tree)
    return oid
