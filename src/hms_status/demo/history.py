"""The git history of a demo component: who committed what, when, with which message (pure)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from hms_status.demo.plan import Feature, Spec
from hms_status.demo.tree import Tree


@dataclass(frozen=True)
class Person:
    """A commit author, with the time zone their commits carry."""

    name: str
    email: str
    tz: str


AUTHORS = (
    Person("Priya Raman", "priya.raman@hms.example", "+0530"),
    Person("Marcus Chen", "marcus.chen@hms.example", "-0800"),
    Person("Ana Souza", "ana.souza@hms.example", "-0300"),
    Person("Tomasz Nowak", "tomasz.nowak@hms.example", "+0100"),
    Person("Grace Okafor", "grace.okafor@hms.example", "+0100"),
    Person("Devin Brooks", "devin.brooks@hms.example", "-0500"),
)
ALIAS = Person("P. Raman", "praman@users.noreply.github.com", "+0530")
"""Priya's second identity; .mailmap merges it into AUTHORS[0] where the repo has one."""
FIRST_FILES = frozenset({
    "pyproject.toml", "requirements.txt", "package.json", "go.mod", "Cargo.toml", "Gemfile",
    ".gitignore", "README.md",
})  # fmt: skip
MESSAGES = (
    (".github/", "Add CI workflow"), ("Dockerfile", "Containerize the service"),
    ("docker-compose", "Add docker-compose for local development"),
    ("docs/", "Write architecture docs"), ("LICENSE", "Add MIT license"),
    ("HMS-docs/codex.md", "Add codex notes"), (".mailmap", "Add .mailmap"),
    ("catalog-info", "Register in the Backstage catalog"),
    ("scripts/", "Add a pytest-free test runner"),
    (".env.example", "Document settings in .env.example"), (".env", "Add local settings"),
    ("package-lock", "Lock dependencies"), ("public/", "Add basemap tiles"), ("test", "Add tests"),
    ("spec/", "Add specs"), ("requirements-dev", "Add development requirements"),
)  # fmt: skip
CODE_MESSAGES = (
    "Fix health check response", "Refactor core helpers", "Handle empty batches",
    "Improve error messages", "Validate identifiers before use", "Tidy logging",
    "Bump dependencies", "Fix off-by-one in batching", "Speed up startup",
    "Retry transient database errors", "Document the release process", "Fix flaky timeout",
)  # fmt: skip
CHANGELOG = "CHANGELOG.md"


@dataclass(frozen=True)
class Commit:
    """One commit to make: author (also committer), time, message and changed files."""

    author: Person
    when: datetime
    message: str
    changes: tuple[tuple[str, bytes], ...]


def commit_times(spec: Spec, count: int, rng: random.Random, anchor: datetime) -> list[datetime]:
    """Increasing commit times; the last one recent, or over 200 days old for a stale component."""
    if spec.has(Feature.STALE):
        last = anchor - timedelta(days=rng.uniform(215, 300))
        first = last - timedelta(days=rng.uniform(60, 120))
    else:
        last = anchor - timedelta(days=rng.uniform(0.5, 40))
        first = anchor - timedelta(days=rng.uniform(150, 400))
    span = (last - first).total_seconds()
    middle = sorted(rng.uniform(0.0, span) for _ in range(count - 2))
    offsets = [0.0, *middle, span][:count] if count > 1 else [span]
    return [(first + timedelta(seconds=round(s) + i)).replace(microsecond=0)
            for i, s in enumerate(offsets)]  # fmt: skip


def commit_authors(spec: Spec, count: int, rng: random.Random) -> list[Person]:
    """Two to four people per repository; where there is a .mailmap, Priya commits as both."""
    team = rng.sample(AUTHORS, rng.randint(2, 4))
    if spec.has(Feature.MAILMAP) and AUTHORS[0] not in team:
        team[0] = AUTHORS[0]
    people = [team[0], team[1], *(rng.choice(team) for _ in range(count - 2))][:count]
    if spec.has(Feature.MAILMAP) and count >= 3:
        people[0], people[2] = AUTHORS[0], ALIAS
    return people


def _message(paths: list[str], fallback: str) -> str:
    for path in paths:
        for fragment, message in MESSAGES:
            if fragment in path:
                return message
    return f"Add {paths[0]}" if paths else fallback


def _batches(tree: Tree, count: int, rng: random.Random) -> list[list[str]]:
    """Which files each commit adds: the skeleton first, the rest spread over later commits."""
    first = sorted(path for path in tree.files if path in FIRST_FILES)
    rest = sorted(path for path in tree.files if path not in FIRST_FILES)
    rng.shuffle(rest)
    batches: list[list[str]] = [first] + [[] for _ in range(count - 1)]
    for index, path in enumerate(rest):
        batches[1 + index % (count - 1) if count > 1 else 0].append(path)
    return batches


def plan_commits(spec: Spec, tree: Tree, rng: random.Random, anchor: datetime) -> list[Commit]:
    """3 to 15 commits that end with exactly the tree's files and its full main file."""
    count = rng.randint(3, 15)
    times = commit_times(spec, count, rng, anchor)
    people = commit_authors(spec, count, rng)
    blocks = len(tree.main.blocks)
    spare = iter(rng.sample(CODE_MESSAGES, len(CODE_MESSAGES)) * 2)
    shown, notes, commits = 0, "# Changelog\n\n", []
    for index, paths in enumerate(_batches(tree, count, rng)):
        changes = [(path, tree.files[path]) for path in paths]
        message = "Initial commit" if index == 0 else _message(paths, next(spare))
        wanted = math.ceil((index + 1) * blocks / count)
        if wanted != shown:
            shown = wanted
            changes.append((tree.main.path, tree.main.version(wanted).encode()))
        if not paths and index:
            notes += f"- {message}\n"
            changes.append((CHANGELOG, notes.encode()))
        commits.append(Commit(people[index], times[index], message, tuple(changes)))
    return commits
