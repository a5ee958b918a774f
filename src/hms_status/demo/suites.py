"""Test-case names of demo components, styled per language and stable across builds (pure)."""

from __future__ import annotations

import zlib

from hms_status.demo.plan import Language, Spec

VERBS = (
    ("parse", "parses"), ("validate", "validates"), ("reject", "rejects"),
    ("serialize", "serializes"), ("retry", "retries"), ("cache", "caches"),
    ("route", "routes"), ("merge", "merges"),
)  # fmt: skip
NOUNS = (
    "claim", "member", "eligibility", "config", "token", "payload",
    "schedule", "ledger", "encounter", "provider", "batch", "header",
)  # fmt: skip
_STEP = 7
"""Coprime with len(VERBS) * len(NOUNS), so the first 96 picks are distinct."""


def _name(language: Language, verb: tuple[str, str], noun: str) -> str:
    base, third = verb
    if language is Language.PYTHON:
        return f"test_{base}_{noun}"
    if language is Language.RUST:
        return f"{base}_{noun}"
    if language is Language.GO:
        return f"Test{base.title()}{noun.title()}"
    article = "the" if language is Language.RUBY else "a"
    return f"{third} {article} {noun}"


def classname(spec: Spec) -> str:
    """The JUnit classname of the component's cases."""
    return {
        Language.PYTHON: "tests.test_core",
        Language.NODE: "test/app.test.js",
        Language.GO: f"github.com/hms/{spec.slug}",
        Language.RUST: f"{spec.package}::tests",
        Language.RUBY: f"spec.{spec.package}_spec",
    }[spec.language]


def case_names(spec: Spec, count: int) -> tuple[str, ...]:
    """The names of the first `count` cases of the component's suite."""
    pairs = [(verb, noun) for noun in NOUNS for verb in VERBS]
    offset = zlib.crc32(spec.id.encode()) % len(pairs)
    picks = (pairs[(offset + i * _STEP) % len(pairs)] for i in range(count))
    return tuple(_name(spec.language, verb, noun) for verb, noun in picks)
