"""Structure facts from a list of relative paths (pure), and the file set of a non-git tree.

Definitions (also in the README):
- has_tests: a directory named test, tests, testing, __tests__, spec or specs at any depth, or a
  file named like a test at any depth: test_*.py, *_test.py, *_test.go, *_test.rs, *_spec.rb,
  *.test.* / *.spec.* (JavaScript, TypeScript), *Test.java, *Tests.java, *Test.kt, *Tests.cs.
- has_docs: a top-level directory docs, doc or documentation, or a top-level mkdocs.yml,
  .readthedocs.yml / .readthedocs.yaml or book.toml.
- has_docker: a Dockerfile, Dockerfile.*, *.dockerfile, Containerfile, docker-compose.y(a)ml
  or compose.y(a)ml at any depth.
- has_readme / has_license: a top-level file whose name starts with readme / license,
  licence, copying or unlicense (any case). has_package_json: a top-level package.json.
- has_ci: GitHub workflows, .gitlab-ci.yml, .circleci/, Jenkinsfile, azure-pipelines.yml,
  .travis.yml, bitbucket-pipelines.yml, .drone.yml, .woodpecker(.yml|/) or a .ci/ directory.
- file_types: by lower-cased last extension; no extension (and dotfiles) under "(none)",
  submodules and nested repositories under "(submodule)".
- directory_count: distinct directories that hold at least one listed path, at any depth.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from pathspec import GitIgnoreSpec

from hms_status.analysis.model import NO_EXTENSION, SUBMODULE, StructureFacts
from hms_status.analysis.tool_output import BACKUP_MARK, is_environment_dir

TEST_DIRS = frozenset({"test", "tests", "testing", "__tests__", "spec", "specs"})
DOC_DIRS = frozenset({"docs", "doc", "documentation"})
DOC_FILES = frozenset(
    {"mkdocs.yml", "mkdocs.yaml", ".readthedocs.yml", ".readthedocs.yaml", "book.toml"}
)
CI_FILES = frozenset(
    {
        ".gitlab-ci.yml", "jenkinsfile", "azure-pipelines.yml", ".travis.yml",
        "bitbucket-pipelines.yml", ".drone.yml", ".woodpecker.yml",
    }
)  # fmt: skip
CI_DIRS = frozenset({".github/workflows", ".circleci", ".woodpecker", ".ci"})
_README = ("readme",)
_LICENSE = ("license", "licence", "copying", "unlicense")
_TEST_FILE = re.compile(
    r"test_.*\.py|.*_test\.(?:py|go|rs)|.*_spec\.rb|.*\.(?:test|spec)\.[cm]?[jt]sx?", re.IGNORECASE
)
_TEST_CLASS = re.compile(r".*Tests?\.(?:java|kt|cs)")
_DOCKER_FILE = re.compile(
    r"(?:dockerfile|containerfile)(?:\..*)?|.*\.dockerfile|(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml"
)
logger = logging.getLogger(__name__)


def summarize_paths(paths: Iterable[str], gitlinks: Collection[str] = ()) -> StructureFacts:
    """Structure facts of an existing directory from its relative, '/'-separated file paths."""
    listed = list(paths)
    links = frozenset(gitlinks).intersection(listed)
    files = [path for path in listed if path not in links] if links else listed
    names = [path.rpartition("/")[2] for path in files]
    lowered = "\0".join(names).lower().split("\0") if names else []
    types = Counter(map(_extension, lowered))
    if links:
        types[SUBMODULE] = len(links)
    directories = _directories(listed)
    top_dirs = sorted(d for d in directories if "/" not in d)
    top_files = sorted(path for path in files if "/" not in path)
    lower_tops = [name.lower() for name in top_files]
    leaf_dirs = {d.rpartition("/")[2].lower() for d in directories}
    return StructureFacts(
        exists=True,
        file_count=len(listed),
        directory_count=len(directories),
        file_types=dict(sorted(types.items(), key=lambda item: (-item[1], item[0]))),
        top_level_dirs=tuple(top_dirs),
        top_level_files=tuple(top_files),
        has_readme=any(name.startswith(_README) for name in lower_tops),
        has_tests=_any_match(_TEST_FILE, [n for n in lowered if "test" in n or "spec" in n])
        or _any_match(_TEST_CLASS, [n for n in names if "Test" in n])
        or not TEST_DIRS.isdisjoint(leaf_dirs),
        has_docs=not DOC_DIRS.isdisjoint(d.lower() for d in top_dirs)
        or not DOC_FILES.isdisjoint(lower_tops),
        has_package_json="package.json" in top_files,
        has_docker=_any_match(_DOCKER_FILE, [n for n in lowered if "er" in n or "compose" in n]),
        has_license=any(name.startswith(_LICENSE) for name in lower_tops),
        has_ci=not CI_FILES.isdisjoint(lower_tops) or not CI_DIRS.isdisjoint(directories),
        submodules=tuple(sorted(links)),
    )  # fmt: skip


def _any_match(pattern: re.Pattern[str], names: list[str]) -> bool:
    """True when the pattern matches one of the (pre-filtered) names entirely."""
    return any(pattern.fullmatch(name) for name in names)


def _directories(paths: list[str]) -> set[str]:
    """Every directory above any of the paths, at any depth (the root itself not included)."""
    directories: set[str] = set()
    for parent in {path.rpartition("/")[0] for path in paths}:
        above = parent
        while above and above not in directories:
            directories.add(above)
            above = above.rpartition("/")[0]
    return directories


def _extension(lower_name: str) -> str:
    dot = lower_name.rfind(".")
    return lower_name[dot:] if 0 < dot < len(lower_name) - 1 else NO_EXTENSION


@dataclass(frozen=True)
class WalkedFile:
    """A file found by the non-git walk, with what the fingerprint and the size rule need."""

    path: str
    size: int
    mtime_ns: int
    is_link: bool = False


_Specs = tuple[tuple[str, GitIgnoreSpec], ...]


def walk_files(root: Path) -> tuple[WalkedFile, ...]:
    """Files under root that its .gitignore files do not exclude, sorted; never inside .git,
    a virtual environment or node_modules, and never a --fix backup (see tool_output)."""
    found: list[WalkedFile] = []
    stack: list[tuple[str, _Specs]] = [("", ())]
    while stack:
        rel, inherited = stack.pop()
        directory = root / rel if rel else root
        specs = _with_gitignore(directory, rel, inherited)
        try:
            entries = list(os.scandir(directory))
        except OSError as exc:
            logger.warning("skipping unreadable directory %s: %s", directory, exc)
            continue
        if rel and is_environment_dir(directory.name, {entry.name for entry in entries}):
            continue  # a venv or node_modules: tool output, never counted
        for entry in entries:
            path = rel + entry.name
            is_dir = entry.is_dir(follow_symlinks=False)
            if entry.name == ".git" or _ignored(specs, path, is_dir=is_dir):
                continue
            if not is_dir and BACKUP_MARK in entry.name:
                continue
            if is_dir:
                stack.append((path + "/", specs))
            else:
                info = entry.stat(follow_symlinks=False)
                is_link = stat.S_ISLNK(info.st_mode)
                found.append(WalkedFile(path, info.st_size, info.st_mtime_ns, is_link))
    return tuple(sorted(found, key=lambda item: item.path))


def _with_gitignore(directory: Path, rel: str, specs: _Specs) -> _Specs:
    """The inherited rules plus this directory's .gitignore, if it has one."""
    try:
        text = (directory / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return specs
    return (*specs, (rel, GitIgnoreSpec.from_lines(text.splitlines())))


def _ignored(specs: _Specs, path: str, *, is_dir: bool) -> bool:
    """Git's answer: the deepest .gitignore with a matching pattern decides."""
    for base, spec in reversed(specs):
        candidate = path[len(base) :] + ("/" if is_dir else "")
        verdict = spec.check_file(candidate).include
        if verdict is not None:
            return verdict
    return False
