"""Evaluate suggested resolutions: hit@1 and hit@3 on held-out tickets, latency at 10,000.

A history of resolved tickets over 33 components is generated with recurring causes
(timeouts, missing environment keys, dependency drift, flaky tests, and a few more), each
told in varied wording, and written through the real store (tickets_repo in one transaction
per component). Held-out new tickets are generated the same way; the right answers of one
are the resolved tickets of the same cause about the same thing (the same upstream service,
environment key, package or test). hit@k: a right answer is among the first k suggestions.
Held-out tickets about something no resolved ticket covers should get no suggestion.

Usage: python benchmarks/eval_suggest.py [HISTORY] [BIG]   (defaults 400 and 10000); never
fails, prints figures.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from hms_status.config import load_settings
from hms_status.domain.enums import TicketState
from hms_status.foundation.workspace import Workspace
from hms_status.services import suggestions
from hms_status.services.setup import init_root
from hms_status.store import tickets_repo
from hms_status.store.tickets_repo import NewTicket

SEED = 15
_NAMES = (
    "API ABC ACH AGT AGX CDF CUR DEV DOC EHR EMR ESQ ESR ETL FLD GOV LLM MBL MCP MFE MKT NFO "
    "NKS OPS RED SCM SME SYS UHC UTL VIS WEB A2A"
)
COMPONENTS = [f"HMS-{name}" for name in _NAMES.split()]
SERVICES = [
    "payments gateway",
    "eligibility service",
    "FHIR server",
    "claims API",
    "SMS provider",
    "identity provider",
    "search cluster",
    "ledger",
    "object store",
    "message broker",
]
KEYS = [
    "DATABASE_URL",
    "REDIS_URL",
    "JWT_SECRET",
    "SMTP_HOST",
    "S3_BUCKET",
    "OIDC_CLIENT_ID",
    "SENTRY_DSN",
    "KAFKA_BROKERS",
    "FHIR_BASE_URL",
    "STRIPE_API_KEY",
    "LOG_LEVEL",
    "TZ",
]
PACKAGES = [
    "requests",
    "pydantic",
    "sqlalchemy",
    "express",
    "react",
    "lodash",
    "tokio",
    "serde",
    "rails",
    "nokogiri",
    "grpcio",
    "numpy",
]
TESTS = [
    f"test_{verb}_{noun}"
    for verb in ("parse", "sync", "retry", "export", "merge")
    for noun in ("claim", "member", "invoice", "schedule", "batch", "token")
]
NOVEL = [
    "Footer links point to the retired policy site",
    "Dark mode colours are unreadable",
    "Translate the onboarding e-mails into Spanish",
    "Logo is blurry on retina screens",
    "Add a CSV download to the audit page",
    "Rename the settings tab to Preferences",
]

CAUSES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "timeout": (SERVICES, [
        "Calls to the {x} time out after {n}s", "Timeout waiting for the {x}",
        "Requests to {x} hang until the {n}s deadline", "504 gateway timeout from the {x}",
        "{x} is too slow: read timed out"], [
        "Raised the {x} client timeout to {n}s and added retries with backoff",
        "The {x} pool was exhausted: increased the pool size and set a {n}s timeout"]),
    "missing_env": (KEYS, [
        "Missing environment key {x}", "{x} is not set in .env", "Startup fails: {x} undefined",
        "configuration check: {x} missing from .env (present in .env.example)"], [
        "Added {x} to .env and to the deployment secrets",
        "Documented {x} in .env.example and set it in every environment"]),
    "drift": (PACKAGES, [
        "Dependency drift: {x} {n}.2 installed, {n}.1 locked", "{x} version differs from the lock file",
        "Installed {x} does not match the lockfile ({n}.0 vs {n}.3)", "Outdated {x} after upgrade"], [
        "Re-locked {x} and rebuilt the virtual environment",
        "Pinned {x} to the locked version and reinstalled"]),
    "flaky": (TESTS, [
        "Test tests.test_core::{x} fails", "{x} is flaky: passes on rerun",
        "Intermittent failure in {x}", "{x} fails about one run in {n}"], [
        "Replaced the sleep in {x} with an explicit wait for the fixture",
        "Quarantined {x} and seeded its random data"]),
    "disk": (SERVICES, [
        "Disk full on the {x} host", "No space left on device while writing {x} data"], [
        "Rotated the {x} logs and added a disk alert at 80%"]),
    "tls": (SERVICES, [
        "TLS certificate of the {x} expired", "x509: certificate has expired calling the {x}"], [
        "Renewed the {x} certificate and automated renewal"]),
}  # fmt: skip
"""cause: (what it is about, title templates, resolution templates)."""
NOISE = [
    "in production",
    "since the last deploy",
    "seen by on-call",
    "on staging",
    "again",
    "reported by support",
    "after the {n}.{n} release",
    "at 03:00 UTC",
    "",
]


@dataclass(frozen=True)
class Case:
    """A generated ticket: cause, what it is about, and its text."""

    cause: str
    about: str
    title: str
    description: str
    resolution: str
    test_key: str | None
    check_id: str | None


def make_case(rng: random.Random, cause: str | None = None, about: str | None = None) -> Case:
    """One ticket of a cause (random when None), in one of its wordings."""
    cause = cause or rng.choice(list(CAUSES))
    things, titles, fixes = CAUSES[cause]
    about = about or rng.choice(things)
    n = rng.randint(2, 90)
    fill = {"x": about, "n": n}
    title = rng.choice(titles).format(**fill)
    noise = rng.choice(NOISE).format(**fill)
    description = f"{noise} (request id {rng.getrandbits(64):016x}, {n} occurrences)".strip()
    test_key = f"tests.test_core::{about}" if cause == "flaky" and rng.random() < 0.7 else None
    check = (
        f"configuration/missing_env/{about}"
        if cause == "missing_env" and rng.random() < 0.7
        else None
    )
    return Case(cause, about, title, description, rng.choice(fixes).format(**fill), test_key, check)


def write_history(ws: Workspace, cases: list[Case], rng: random.Random) -> dict[str, Case]:
    """Every case as a resolved ticket of a random component; the case of each ticket ID."""
    by_component: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_component[rng.choice(COMPONENTS)].append(case)
    known: dict[str, Case] = {}
    now = "2026-11-01T00:00:00.000000Z"
    with ws.store.writing() as conn:
        for component, group in by_component.items():
            specs = [
                NewTicket(c.title, c.description, test_key=c.test_key, subject=c.check_id)
                for c in group
            ]
            ids = tickets_repo.create_many(conn, component, now, "manual", specs)
            for ticket, case in zip(ids, group, strict=True):
                tickets_repo.set_states(conn, [ticket], TicketState.RESOLVED, now, case.resolution)
                known[ticket] = case
    return known


def open_held_out(ws: Workspace, cases: list[Case]) -> list[str]:
    """The held-out cases as open tickets of HMS-NEW; their IDs."""
    with ws.store.writing() as conn:
        specs = [
            NewTicket(c.title, c.description, test_key=c.test_key, subject=c.check_id)
            for c in cases
        ]
        return list(
            tickets_repo.create_many(
                conn, "HMS-NEW", "2026-11-20T00:00:00.000000Z", "manual", specs
            )
        )


def evaluate(size: int, held: int = 150) -> dict[str, float]:
    """Build a store with `size` resolved tickets and score `held` held-out tickets."""
    rng = random.Random(SEED + size)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "hms"
        init_root(root)
        ws = Workspace(load_settings(root, {}))
        history = write_history(ws, [make_case(rng) for _ in range(size)], rng)
        covered = {(c.cause, c.about) for c in history.values()}
        right: dict[tuple[str, str], set[str]] = defaultdict(set)
        for ticket, case in history.items():
            right[(case.cause, case.about)].add(ticket)
        cases = [make_case(rng, *rng.choice(sorted(covered))) for _ in range(held)]
        novel = [Case("novel", t, t, "", "", None, None) for t in NOVEL]
        ids = open_held_out(ws, cases + novel)
        began = time.perf_counter()
        suggestions.suggest(ws, ids[0])  # builds the index
        build = time.perf_counter() - began
        hits1 = hits3 = 0
        latencies = []
        for ticket, case in zip(ids, cases, strict=False):
            began = time.perf_counter()
            found = [s.ticket_id for s in suggestions.suggest(ws, ticket).suggestions]
            latencies.append(time.perf_counter() - began)
            good = right[(case.cause, case.about)]
            hits1 += bool(found[:1]) and found[0] in good
            hits3 += any(t in good for t in found[:3])
        silent = sum(not suggestions.suggest(ws, t).suggestions for t in ids[len(cases) :])
        ws.close()
    latencies.sort()
    return {
        "resolved": size, "held_out": held, "hit@1": hits1 / held, "hit@3": hits3 / held,
        "novel_without_suggestion": silent / len(novel), "index_build_s": build,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
    }  # fmt: skip


def main(argv: list[str]) -> None:
    """Print the figures for the history size and for the big store."""
    sizes = [int(a) for a in argv[1:3]] or [400, 10_000]
    for size in sizes:
        figures = evaluate(size)
        print(
            " ".join(
                f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()
            )
        )


if __name__ == "__main__":
    main(sys.argv)
