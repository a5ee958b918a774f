"""What is never counted as a component's own files: what tools made in it (pure).

How the analyzer knows what the tool created (also in the README):
1. Git's own rules first. `env check --fix` adds what it creates (.env, .venv/, node_modules/,
   backups) to the repository's `.git/info/exclude` before creating it, unless the repository
   ignores it already (environment/git_exclude.py). The analyzer lists files as git does
   (tracked + untracked-not-ignored), so git hides them: no record is needed.
2. Then these rules, for what git cannot hide (a component outside git, or a venv made by an
   earlier version or by hand and never ignored). Left out when untracked (a tracked file is
   the repository's own, whatever its name):
   - a Python virtual environment: every path below a directory holding `pyvenv.cfg` (how
     `python -m venv` and virtualenv mark one);
   - every path below a directory named `node_modules` (what npm, pnpm and yarn install);
   - a backup written by --fix: a name containing `.hms-backup-`.
3. `HMS-docs/`, which the Docs Integrator writes, is left out by `[analyzer] exclude_dirs`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

VENV_MARKER = "pyvenv.cfg"
"""The file that makes a directory a Python virtual environment (PEP 405)."""
PACKAGE_DIR = "node_modules"
"""Where Node package managers install packages."""
BACKUP_MARK = ".hms-backup-"
"""What the name of a backup written by `env check --fix` contains (see file_edits)."""


def environment_roots(untracked: Iterable[str]) -> tuple[str, ...]:
    """The directories ("dir/") below the top that hold an untracked pyvenv.cfg."""
    roots = {
        path.removesuffix(VENV_MARKER) for path in untracked if path.endswith("/" + VENV_MARKER)
    }
    return tuple(sorted(roots))


def is_tool_output(path: str, environments: Collection[str]) -> bool:
    """True for an untracked path that a tool made (see the module docstring)."""
    if path.startswith(PACKAGE_DIR + "/") or f"/{PACKAGE_DIR}/" in path:
        return True
    if BACKUP_MARK in path.rpartition("/")[2]:
        return True
    return any(path.startswith(root) for root in environments)


def left_out(paths: Iterable[str], tracked: Collection[str]) -> frozenset[str]:
    """Of these paths, the untracked ones that are tool output (never counted)."""
    untracked = [path for path in paths if path not in tracked]
    if not untracked:
        return frozenset()
    environments = environment_roots(untracked)
    return frozenset(path for path in untracked if is_tool_output(path, environments))


def is_environment_dir(name: str, entries: Collection[str]) -> bool:
    """For the walk outside git: True for a directory never descended into (a venv by its
    pyvenv.cfg among entries, or a node_modules)."""
    return name == PACKAGE_DIR or VENV_MARKER in entries
