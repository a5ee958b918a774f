"""The one door to detect-secrets (Yelp's maintained detector): its plugins and filters, run on
text we read ourselves, and how sure each kind of detection is.

- Plugins: every detect-secrets plugin except "Public IP (ipv4)" (an address is no secret).
  Their own heuristic filters (templated values, ids, sequential strings, UUIDs, lock files,
  `pragma: allowlist secret`) apply as in `detect-secrets scan`. Verification over the network
  is never configured, so nothing leaves the machine.
- Strength, from the plugin that found it:
  KEY — a vendor's credential format or a private key (AWS, Azure, GitHub, GitLab, Slack,
  Stripe, Twilio, SendGrid, npm, PyPI, OpenAI, Discord, Telegram, Mailchimp, Square, IBM,
  Artifactory, Cloudant, SoftLayer; "-----BEGIN ... PRIVATE KEY"): real-looking by its shape.
  CREDENTIAL — a password in a URL (`scheme://user:password@host`) or a JSON Web Token: a
  credential, but often an example in docs and tests.
  HINT — a secret-sounding name with a value, or a high-entropy string: a guess.
- `prefilter()` is the KEY and CREDENTIAL plugins' own patterns (Perl-compatible, for git
  grep): a file none of them matches holds no KEY or CREDENTIAL detection, so only the few
  files they match are read line by line.
- Values are never kept: a Detection is the type, the file and the line.

detect-secrets keeps its settings in a process-wide singleton; they are set once, under a
lock, at first use, and every scan runs under that lock. The import (≈0.2 s, `requests`
included) happens at first use only, never for a reused analysis.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

_LOCK = threading.Lock()
_NOT_SECRETS = frozenset({"IPPublicDetector"})
_CREDENTIALS = frozenset({"BasicAuthDetector", "JwtTokenDetector"})
_HINTS = frozenset({"KeywordDetector", "Base64HighEntropyString", "HexHighEntropyString"})


class Strength(StrEnum):
    """How surely a detection is a live credential (see the module docstring)."""

    KEY = "key"
    CREDENTIAL = "credential"
    HINT = "hint"


@dataclass(frozen=True)
class Detection:
    """One secret found: what kind, where (never its value)."""

    type: str
    """detect-secrets' name for it, e.g. "AWS Access Key", "Private Key"."""
    path: str
    """The file, relative to the component."""
    line: int
    """1-based."""
    strength: Strength

    def __str__(self) -> str:
        return f"{self.type} at {self.path}:{self.line}"


def _strength(plugin_name: str) -> Strength:
    if plugin_name in _CREDENTIALS:
        return Strength.CREDENTIAL
    if plugin_name in _HINTS:
        return Strength.HINT
    return Strength.KEY


@cache
def _plugin_classes() -> dict[str, Any]:
    """Plugin class name -> class, for every plugin used."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    classes: dict[str, Any] = get_mapping_from_secret_type_to_class()
    return {c.__name__: c for c in classes.values() if c.__name__ not in _NOT_SECRETS}


@cache
def _types() -> dict[str, Strength]:
    """detect-secrets' secret type -> strength."""
    return {c.secret_type: _strength(name) for name, c in _plugin_classes().items()}


_configured = False


def _configure() -> None:
    """Tell detect-secrets which plugins to run (its default filters stay); once, locked."""
    global _configured  # noqa: PLW0603 - detect-secrets' own settings are process-wide
    if _configured:
        return
    from detect_secrets.settings import get_settings

    get_settings().configure_plugins([{"name": name} for name in _plugin_classes()])
    _configured = True


def _pcre(pattern: re.Pattern[str]) -> str:
    flags = "".join(
        f for flag, f in ((re.IGNORECASE, "i"), (re.VERBOSE, "x")) if pattern.flags & flag
    )
    return f"(?{flags}){pattern.pattern}" if flags else pattern.pattern


@cache
def prefilter() -> tuple[str, ...]:
    """The KEY and CREDENTIAL plugins' patterns, written for git grep -P."""
    with _LOCK:
        classes = _plugin_classes()
    return tuple(
        _pcre(pattern)
        for name, plugin in classes.items()
        if _strength(name) is not Strength.HINT
        for pattern in plugin().denylist
    )


@cache
def python_prefilter() -> tuple[re.Pattern[str], ...]:
    """The same patterns for Python, line anchors per line (when git has no PCRE)."""
    with _LOCK:
        classes = _plugin_classes()
    return tuple(
        re.compile(pattern.pattern, pattern.flags | re.MULTILINE)
        for name, plugin in classes.items()
        if _strength(name) is not Strength.HINT
        for pattern in plugin().denylist
    )


def scan(path: str, text: str) -> tuple[Detection, ...]:
    """Every detection in a file's text, line by line, with detect-secrets' filters."""
    lines = list(enumerate((line.rstrip("\r") for line in text.split("\n")), start=1))
    with _LOCK:
        _configure()
        found = list(_detections(path, lines))
    unique = {(d.type, d.line): d for d in found}
    return tuple(sorted(unique.values(), key=lambda d: (d.line, d.type)))


def _detections(path: str, lines: list[tuple[int, str]]) -> Iterator[Detection]:
    from detect_secrets.core.scan import _process_line_based_plugins

    types = _types()
    for secret in _process_line_based_plugins(lines, filename=path):
        yield Detection(
            secret.type, path, secret.line_number, types.get(secret.type, Strength.HINT)
        )
