"""Factories for real git repositories: pinned authors and dates, mailmap, ignores, submodule."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
NOW = datetime(2024, 4, 5, 12, 0, tzinfo=UTC)
"""The `now` the tests analyze at: 4 of the rich repository's commits are in the last 30 days,
7 in the last 90 (by 4 people), the first one 94 days before."""
ALICE = ("Alice Able", "alice@example.com")
BOB = ("Bob Builder", "bob@example.com")
BOB_OLD = ("bobby", "bob@old.example.com")
CAROL = ("Carol Coder", "carol@example.com")
ZOE = ("Zoë Ünicode", "zoe@example.com")
MAILMAP = "Bob Builder <bob@example.com> <bob@old.example.com>\n"
BINARY = bytes(range(256)) * 8


def git_env(home: Path) -> dict[str, str]:
    """An environment in which git reads no user or system configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", LC_ALL="C", GIT_TERMINAL_PROMPT="0")
    return env


class GitRepo:
    """A real repository in a temporary directory, written and committed with pinned identities."""

    def __init__(self, path: Path, home: Path) -> None:
        self.path = path
        self.home = home
        self.when = START

    @classmethod
    def create(cls, path: Path, home: Path) -> GitRepo:
        """git init a new repository on branch main."""
        path.mkdir(parents=True, exist_ok=True)
        home.mkdir(parents=True, exist_ok=True)
        repo = cls(path, home)
        repo.git("init", "-q", "-b", "main")
        return repo

    def git(self, *args: str, author: tuple[str, str] = ALICE) -> str:
        """Run git in the repository with a pinned author and date; its stdout."""
        stamp = self.when.strftime("%Y-%m-%dT%H:%M:%S+0000")
        env = git_env(self.home)
        env.update(
            GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1], GIT_AUTHOR_DATE=stamp,
            GIT_COMMITTER_NAME=author[0], GIT_COMMITTER_EMAIL=author[1], GIT_COMMITTER_DATE=stamp,
        )  # fmt: skip
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=self.path,
            env=env,
            capture_output=True,
            check=True,
        )
        return done.stdout.decode("utf-8")

    def write(self, relative: str, content: str | bytes = "x\n") -> Path:
        """Create or overwrite a file, making its directories."""
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        return target

    def commit(
        self, message: str, files: dict[str, str | bytes], author: tuple[str, str] = ALICE
    ) -> str:
        """Write files, add everything and commit a day after the previous commit."""
        for relative, content in files.items():
            self.write(relative, content)
        self.git("add", "-A")
        self.when += timedelta(days=1)
        self.git("commit", "-q", "-m", message, author=author)
        return self.git("rev-parse", "HEAD").strip()

    def ls_files(self, cwd: Path | None = None) -> list[str]:
        """What `git ls-files --cached --others --exclude-standard` lists, once each."""
        out = subprocess.run(
            ["git", "-c", "core.quotePath=false", "ls-files", "-z", "--cached", "--others",
             "--exclude-standard"],
            cwd=cwd or self.path, env=git_env(self.home), capture_output=True, check=True,
        ).stdout.decode("utf-8")  # fmt: skip
        return sorted({name.rstrip("/") for name in out.split("\0") if name})

    def shortlog(self) -> list[tuple[str, int]]:
        """`git shortlog -sn HEAD` as (name, commits), most first then by name."""
        rows = [
            line.strip().split("\t", 1) for line in self.git("shortlog", "-sn", "HEAD").splitlines()
        ]
        return sorted(((name, int(count)) for count, name in rows), key=lambda r: (-r[1], r[0]))


def build_library(root: Path, home: Path) -> GitRepo:
    """A small repository to be used as a submodule."""
    lib = GitRepo.create(root, home)
    lib.commit("lib: first", {"lib.c": "int f(void) { return 1; }\n"})
    return lib


def build_rich(root: Path, home: Path) -> GitRepo:
    """The repository most tests read: authors, mailmap, ignores, binary, unicode, submodule."""
    lib = build_library(root.parent / f"{root.name}-lib", home)
    repo = GitRepo.create(root, home)
    repo.commit("initial layout", {
        "README.md": "# Rich\n", "LICENSE": "MIT\n", ".gitignore": "node_modules/\n.venv/\n*.log\n",
        ".mailmap": MAILMAP, "src/pkg/__init__.py": "", "Makefile": "all:\n",
    })  # fmt: skip
    repo.when += timedelta(days=60)
    repo.commit("add code", {"src/pkg/deep/nested/mod.py": "X = 1\n"}, author=BOB_OLD)
    repo.commit("add tests", {"tests/test_mod.py": "def test(): pass\n"}, author=BOB)
    repo.commit("docs and docker", {"docs/index.md": "# Docs\n", "Dockerfile": "FROM scratch\n"},
                author=CAROL)  # fmt: skip
    repo.commit("binary and unicode", {
        "assets/logo.png": BINARY, "données/résumé.txt": "é\n", "name with spaces.txt": "s\n",
    }, author=ZOE)  # fmt: skip
    repo.git("tag", "v1.0.0")
    repo.commit("manifests", {
        "package.json": '{"name": "rich", "dependencies": {"left-pad": "*"}}\n',
        "requirements.txt": "requests==2.31.0\nflask\n", ".env": "TOKEN=secret\n",
    })  # fmt: skip
    repo.commit("change code again", {"src/pkg/deep/nested/mod.py": "X = 2\n"}, author=BOB)
    repo.git("tag", "-a", "v1.2.0", "-m", "release 1.2.0")
    repo.git("tag", "release-candidate")
    repo.when += timedelta(days=1)
    repo.git(
        "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(lib.path), "vendor/lib"
    )
    repo.commit("add submodule", {"src/pkg/deep/nested/mod.py": "X = 3\n"}, author=CAROL)
    repo.write("node_modules/left-pad/index.js", "module.exports = 1\n")
    repo.write(".venv/bin/python", "#!/bin/sh\n")
    repo.write("debug.log", "noise\n")
    repo.write("notes.txt", "untracked but not ignored\n")
    return repo
