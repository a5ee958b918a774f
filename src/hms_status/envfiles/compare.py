"""Comparing a .env file to its .env.example: missing, extra, empty and placeholder values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hms_status.envfiles.dotenv import EnvEntry, EnvFile, EnvSyntaxError

PLACEHOLDER_PATTERNS: tuple[str, ...] = (
    r"change[_-]?me",
    r"replace[_-]?me",
    r"todo",
    r"x{3,}",
    r"your[_-](?:.*[_-])?here",
    r"<[^<>]*>",
    r"secret",
    r"password",
    r"example",
    r"placeholder",
)
"""Values (matched case-insensitively against the whole stripped value) that mean "fill me in":
changeme/change_me/change-me, replace_me, todo, xxx…, your_…_here, <anything>, and the bare
words secret, password, example and placeholder."""

_PLACEHOLDER = re.compile("|".join(f"(?:{p})" for p in PLACEHOLDER_PATTERNS), re.IGNORECASE)
_REQUIRED = re.compile(r"(?<!not )\brequired\b", re.IGNORECASE)


@dataclass(frozen=True)
class EnvComparison:
    """How an actual .env file differs from the example that documents it."""

    missing: tuple[str, ...]
    """Names in the example but not in the actual file (all of them when it is absent); a name
    the actual file writes only on a line with a syntax error is in `unreadable` instead."""
    extra: tuple[str, ...]
    """Names in the actual file the example does not mention."""
    empty: tuple[str, ...]
    """Names left empty although the example gives a value or marks them required."""
    placeholders: tuple[str, ...]
    """Names whose actual value is a placeholder (see PLACEHOLDER_PATTERNS)."""
    example_duplicates: tuple[str, ...]
    """Names assigned more than once in the example."""
    actual_duplicates: tuple[str, ...]
    """Names assigned more than once in the actual file."""
    example_errors: tuple[EnvSyntaxError, ...]
    """Syntax errors in the example."""
    actual_errors: tuple[EnvSyntaxError, ...]
    """Syntax errors in the actual file."""
    actual_present: bool = True
    """False when there is no actual file at all."""
    unreadable: tuple[str, ...] = ()
    """Names in the example that the actual file assigns only on lines with syntax errors:
    neither set nor missing (the line needs fixing; adding the name again would duplicate it)."""

    @property
    def clean(self) -> bool:
        """True when nothing at all needs attention."""
        findings = (self.missing, self.extra, self.empty, self.placeholders)
        duplicates = (self.example_duplicates, self.actual_duplicates)
        errors = (self.example_errors, self.actual_errors)
        return self.actual_present and not any((*findings, *duplicates, *errors))


def compare_env(example: EnvFile, actual: EnvFile | None) -> EnvComparison:
    """What an actual .env file lacks, adds, leaves empty or leaves as a placeholder."""
    if actual is None:
        return EnvComparison(
            example.keys, (), (), (), example.duplicate_keys, (), example.errors, (), False
        )
    documented = {entry.key: entry for entry in example.entries}
    values = actual.values
    present = [key for key in actual.keys if key in documented]
    broken = set(actual.broken_keys)
    absent = [key for key in example.keys if key not in values]
    return EnvComparison(
        missing=tuple(key for key in absent if key not in broken),
        extra=tuple(key for key in actual.keys if key not in documented),
        empty=tuple(k for k in present if not values[k] and _expects_value(documented[k])),
        placeholders=tuple(key for key in actual.keys if is_placeholder(values[key])),
        example_duplicates=example.duplicate_keys,
        actual_duplicates=actual.duplicate_keys,
        example_errors=example.errors,
        actual_errors=actual.errors,
        unreadable=tuple(key for key in absent if key in broken),
    )


def _expects_value(entry: EnvEntry) -> bool:
    """True when the example gives a value, or a comment on or above it says "required"."""
    notes = (entry.comment, *entry.leading_comments)
    return bool(entry.value) or any(_REQUIRED.search(note) for note in notes)


def is_placeholder(value: str) -> bool:
    """True when the whole value is a stand-in such as "changeme" or "<your key>"."""
    return bool(_PLACEHOLDER.fullmatch(value.strip()))


def mask(value: str) -> str:
    """A value safe to show: up to 8 chars become all '*'; longer ones keep 2 chars + 8 '*'."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:2] + "*" * 8
