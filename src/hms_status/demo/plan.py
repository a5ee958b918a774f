"""The demo ecosystem's components: what each one is, holds and is designed to show (pure data)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from enum import StrEnum

MAX_COMPONENTS = 200


class Language(StrEnum):
    """The main language of a component's repository."""

    PYTHON = "python"
    NODE = "node"
    GO = "go"
    RUST = "rust"
    RUBY = "ruby"


class Feature(StrEnum):
    """Something a component's repository has (or, for a few, does wrong on purpose)."""

    README = "readme"
    DOCS = "docs"
    TESTS = "tests"
    LICENSE = "license"
    DOCKER = "docker"
    COMPOSE = "compose"
    CI = "ci"
    CODEX = "codex"
    LOCKFILE = "lock"
    MAILMAP = "mailmap"
    REQUIREMENTS = "reqs"
    """A Python component with requirements.txt instead of a PEP 621 pyproject.toml."""
    UNPINNED = "unpinned"
    LARGE_FILE = "large"
    STALE = "stale"
    MALFORMED = "malformed"
    RUNNER_PASS = "runner-pass"
    """hms-status.toml gives it a test_command whose tests all pass."""
    RUNNER_FAIL = "runner-fail"
    """hms-status.toml gives it a test_command with a failing test."""


class EnvDrift(StrEnum):
    """How a component's .env compares with its .env.example."""

    COMPLETE = "ok"
    MISSING_KEYS = "missing"
    PLACEHOLDER = "placeholder"
    NO_ENV = "none"
    TRACKED = "tracked"
    """The .env is committed to git (a secrets finding)."""
    NO_EXAMPLE = "absent"
    """Neither .env.example nor .env."""


@dataclass(frozen=True)
class Spec:
    """One demo component."""

    id: str
    language: Language
    kind: str
    """Backstage spec.type: service, library or website."""
    lifecycle: str
    owner: str
    depends_on: tuple[str, ...]
    features: frozenset[Feature]
    env: EnvDrift
    story: str
    """The name of its recorded history in demo.stories (which colour it ends on)."""
    description: str

    def has(self, feature: Feature) -> bool:
        """True when the component has this feature."""
        return feature in self.features

    @property
    def slug(self) -> str:
        """The lowercased ID, as Backstage and package managers name it."""
        return self.id.lower()

    @property
    def version(self) -> str:
        """A release version derived from the ID (stable across builds)."""
        code = zlib.crc32(self.id.encode())
        return f"{1 + code % 3}.{code // 3 % 12}.{code // 36 % 9}"

    @property
    def package(self) -> str:
        """A Python/Ruby/Rust-friendly identifier: hms_api."""
        return self.slug.replace("-", "_").replace(".", "_")


_ROWS = (
    ("HMS-A2A", "python service production team-agents", "HMS-API HMS-AGT",
     "readme docs tests license docker ci mailmap", "ok green",
     "Agent-to-agent messaging gateway between care-coordination agents"),
    ("HMS-API", "python service production team-platform", "HMS-SYS HMS-UTL",
     "readme docs tests license docker compose ci codex mailmap", "missing yellow-90",
     "Public REST API for programs, claims and eligibility"),
    ("HMS-DOC", "node website production team-docs", "",
     "readme docs tests license ci lock", "absent green",
     "Documentation site for the whole HMS ecosystem"),
    ("HMS-OPS", "go service production team-sre", "HMS-SYS",
     "readme docs tests docker ci mailmap", "ok red-critical",
     "Deployment, backup and certificate automation"),
    ("HMS-SYS", "go service production team-platform", "",
     "readme docs tests license docker compose ci", "ok green",
     "Service registry, configuration and health probes"),
    ("HMS-ABC", "python service production team-benefits", "HMS-API HMS-UTL",
     "readme tests license ci", "ok recovered", "Adaptive benefits calculator"),
    ("HMS-ACH", "go service production team-payments", "HMS-SYS HMS-API",
     "tests docker ci", "ok green", "ACH payment batching and reconciliation"),
    ("HMS-AGT", "python service production team-agents", "HMS-LLM HMS-MCP HMS-UTL",
     "readme docs tests license docker ci mailmap", "ok resolved",
     "Agent runtime: planning, tools and memory"),
    ("HMS-AGX", "node service experimental team-agents", "HMS-AGT",
     "readme tests ci unpinned", "none green", "Agent extension marketplace and plugin loader"),
    ("HMS-CDF", "python library production team-policy", "HMS-UTL",
     "readme docs tests license ci", "ok green",
     "Collaborative decision framework for policy rules"),
    ("HMS-CUR", "rust service production team-payments", "HMS-ACH",
     "readme tests license docker ci", "ok yellow-80",
     "Currency conversion and claims settlement ledger"),
    ("HMS-DEV", "python library production team-devex", "HMS-UTL HMS-SYS",
     "readme docs tests license ci mailmap", "absent green",
     "Developer toolkit: scaffolding, lint and release CLI"),
    ("HMS-EHR", "python service production team-clinical", "HMS-API HMS-RED HMS-UTL",
     "readme docs tests license docker compose ci", "missing yellow-issue",
     "Electronic health record service (FHIR R4)"),
    ("HMS-EMR", "ruby service production team-clinical", "HMS-EHR",
     "readme tests ci", "ok red-rate", "Electronic medical record adapters for partner clinics"),
    ("HMS-ESQ", "python service production team-legal", "HMS-API HMS-CDF",
     "readme tests license ci", "ok green", "Compliance and legal review engine"),
    ("HMS-ESR", "ruby service deprecated team-legacy", "HMS-API",
     "readme tests stale", "ok unknown", "Electronic service requests (legacy, being retired)"),
    ("HMS-ETL", "python service production team-data", "HMS-EHR HMS-UTL",
     "readme docs tests ci reqs unpinned runner-fail", "ok yellow-95",
     "Extract-transform-load pipelines for claims and encounters"),
    ("HMS-FLD", "go service production team-field", "HMS-SYS HMS-MBL",
     "tests docker ci mailmap", "tracked red-secret", "Offline sync for field workers' devices"),
    ("HMS-GOV", "node website production team-policy", "HMS-API HMS-CDF",
     "readme docs tests license ci lock", "ok yellow-low",
     "Governance portal for program administrators"),
    ("HMS-LLM", "python service experimental team-ai", "HMS-RED HMS-SYS",
     "readme docs tests docker ci", "placeholder recovered",
     "Language-model gateway with PHI-safe prompting"),
    ("HMS-MBL", "node service production team-mobile", "HMS-API",
     "readme tests docker ci", "missing yellow-85", "Backend for the member mobile app"),
    ("HMS-MCP", "node service experimental team-ai", "HMS-API",
     "readme tests license ci", "ok green", "Model Context Protocol server exposing HMS tools"),
    ("HMS-MFE", "node website production team-web", "HMS-API",
     "readme tests ci malformed", "ok red-errors", "Micro-frontend shell for HMS web apps"),
    ("HMS-MKT", "ruby service experimental team-market", "HMS-API HMS-ACH",
     "readme docker unpinned", "ok untested", "Vendor marketplace for certified providers"),
    ("HMS-NFO", "go service production team-platform", "HMS-SYS",
     "readme tests license docker ci", "ok green", "Notifications: e-mail, SMS and push"),
    ("HMS-NKS", "go service production team-sre", "",
     "docs ci", "absent untested", "Kubernetes cluster configuration and operators"),
    ("HMS-RED", "rust library production team-security", "",
     "readme docs tests license ci mailmap", "absent resolved", "PHI redaction library"),
    ("HMS-SCM", "python service production team-supply", "HMS-API HMS-ACH",
     "readme tests docker ci reqs", "ok green", "Supply chain management for medical inventory"),
    ("HMS-SME", "python service experimental team-knowledge", "HMS-LLM",
     "reqs", "ok unknown", "Subject-matter expert knowledge base"),
    ("HMS-UHC", "python service production team-benefits", "HMS-API HMS-ABC",
     "readme docs tests license docker ci", "ok green",
     "Universal health coverage eligibility engine"),
    ("HMS-UTL", "python library production team-platform", "",
     "readme docs tests license ci runner-pass mailmap", "absent green",
     "Shared utilities: logging, retries, identifiers"),
    ("HMS-VIS", "node website production team-data", "HMS-API HMS-ETL",
     "readme tests ci large lock", "ok green", "Visualization dashboards for program outcomes"),
    ("HMS-WEB", "node website production team-web", "HMS-MFE HMS-DOC",
     "readme docs tests license docker ci lock", "ok green", "Public website of the HMS program"),
)  # fmt: skip
"""id, "language type lifecycle owner", dependsOn, features, "env story", description."""

_EXTRA_LANGUAGES = tuple(Language)
_EXTRA_STORIES = ("green", "green", "recovered", "yellow-90", "green", "red-rate", "green")


def _spec(row: tuple[str, str, str, str, str, str]) -> Spec:
    cid, kind, deps, features, env_story, description = row
    language, type_, lifecycle, owner = kind.split()
    env, story = env_story.split()
    return Spec(
        id=cid, language=Language(language), kind=type_, lifecycle=lifecycle, owner=owner,
        depends_on=tuple(deps.split()), features=frozenset(Feature(f) for f in features.split()),
        env=EnvDrift(env), story=story, description=description,
    )  # fmt: skip


def _extra(number: int) -> Spec:
    language = _EXTRA_LANGUAGES[number % len(_EXTRA_LANGUAGES)]
    story = _EXTRA_STORIES[number % len(_EXTRA_STORIES)]
    return Spec(
        id=f"HMS-C{number:03d}", language=language, kind="service", lifecycle="production",
        owner="team-platform", depends_on=("HMS-API", "HMS-UTL"),
        features=frozenset({Feature.README, Feature.TESTS, Feature.CI}),
        env=EnvDrift.COMPLETE, story=story, description=f"Program service number {number}",
    )  # fmt: skip


def select_specs(count: int) -> tuple[Spec, ...]:
    """The first `count` components, with dependsOn limited to components that exist."""
    specs = [_spec(row) for row in _ROWS[:count]]
    specs += [_extra(n) for n in range(len(_ROWS) + 1, count + 1)]
    known = {spec.id for spec in specs}
    return tuple(
        replace(spec, depends_on=tuple(d for d in spec.depends_on if d in known)) for spec in specs
    )
