"""npm's semver ranges (^, ~, x-ranges, hyphens, ||), enough to judge engines and node_modules."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

PreRelease = tuple[tuple[int, int | str], ...]
Key = tuple[int, int, int, int, PreRelease]
"""major, minor, patch, 1 for a release / 0 for a prerelease, prerelease identifiers."""

_VERSION = re.compile(
    r"^\s*[v=]*\s*(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?\s*$"
)
_PARTIAL = re.compile(
    r"^[v=]*(\d+|[xX*])(?:\.(\d+|[xX*])(?:\.(\d+|[xX*])(?:-([0-9A-Za-z.-]+))?)?)?"
    r"(?:\+[0-9A-Za-z.-]+)?$"
)
_OPS: dict[str, Callable[[Key, Key], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
}

Comparator = tuple[str, Key]
Partial = tuple[int | None, int | None, int | None, str]


class RangeError(ValueError):
    """The text is not a semver version or range this module understands."""


def _prerelease(text: str) -> PreRelease:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in text.split(".") if p)


def _key(major: int, minor: int, patch: int, pre: str = "") -> Key:
    return (major, minor, patch, 0 if pre else 1, _prerelease(pre))


def parse_version(text: str) -> Key:
    """The ordering key of a full semver version ("v1.2.3-beta.1" accepted)."""
    match = _VERSION.match(text)
    if not match:
        raise RangeError(f"not a semver version: {text!r}")
    major, minor, patch, pre = match.groups()
    return _key(int(major), int(minor), int(patch), pre or "")


def _partial(text: str) -> Partial:
    match = _PARTIAL.match(text.strip())
    if not match:
        raise RangeError(f"not a semver version: {text!r}")
    parts = [None if p is None or p in "xX*" else int(p) for p in match.groups()[:3]]
    if parts[0] is None:
        parts = [None, None, None]
    elif parts[1] is None:
        parts[2] = None
    return parts[0], parts[1], parts[2], match.group(4) or ""


def _upper(major: int, minor: int | None) -> Key:
    """The exclusive upper bound just past major (or major.minor)."""
    return _key(major + 1, 0, 0, "0") if minor is None else _key(major, minor + 1, 0, "0")


def _xrange(p: Partial) -> list[Comparator]:
    major, minor, patch, pre = p
    if major is None:
        return []
    if patch is not None:
        return [("=", _key(major, minor or 0, patch, pre))]
    return [(">=", _key(major, minor or 0, 0)), ("<", _upper(major, minor))]


def _tilde(p: Partial) -> list[Comparator]:
    major, minor, patch, pre = p
    if major is None or patch is None:
        return _xrange(p)
    return [(">=", _key(major, minor or 0, patch, pre)), ("<", _upper(major, minor))]


def _caret(p: Partial) -> list[Comparator]:
    major, minor, patch, pre = p
    if major is None:
        return []
    low = _key(major, minor or 0, patch or 0, pre)
    if major > 0 or minor is None:
        return [(">=", low), ("<", _upper(major, None))]
    if minor > 0 or patch is None:
        return [(">=", low), ("<", _upper(0, minor))]
    return [(">=", low), ("<", _key(0, 0, patch + 1, "0"))]


def _primitive(op: str, p: Partial) -> list[Comparator]:
    major, minor, patch, pre = p
    if op == "=":
        return _xrange(p)
    if major is None:
        return [] if op in (">=", "<=") else [("<", _key(0, 0, 0, "0"))]
    if patch is not None:
        return [(op, _key(major, minor or 0, patch, pre))]
    if op == ">":
        return [(">=", _key(*_upper(major, minor)[:3]))]
    if op == "<=":
        return [("<", _upper(major, minor))]
    return [(op, _key(major, minor or 0, 0, "" if op == ">=" else "0"))]


def _hyphen(low: str, high: str) -> list[Comparator]:
    lo, hi = _partial(low), _partial(high)
    bounds = _primitive(">=", lo) if lo[0] is not None else []
    if hi[0] is not None:
        bounds += _primitive("<=", hi)
    return bounds


def _simple(token: str) -> list[Comparator]:
    if token.startswith("^"):
        return _caret(_partial(token[1:]))
    if token.startswith("~"):
        return _tilde(_partial(token[1:].lstrip(">")))
    op = next((o for o in ("<=", ">=", "<", ">", "=") if token.startswith(o)), "")
    return _primitive(op or "=", _partial(token[len(op) :]))


def _comparator_set(text: str) -> list[Comparator]:
    text = re.sub(r"(<=|>=|<|>|=|\^|~>?)\s+", r"\1", text.strip())
    hyphen = re.fullmatch(r"(\S+)\s+-\s+(\S+)", text)
    if hyphen:
        return _hyphen(hyphen.group(1), hyphen.group(2))
    return [c for token in text.split() for c in _simple(token)]


def _allows_prerelease(version: Key, comparators: list[Comparator]) -> bool:
    return version[3] == 1 or any(
        key[:3] == version[:3] and key[3] == 0 and key[4] != ((0, 0),) for _, key in comparators
    )


def satisfies(version: str, spec: str) -> bool:
    """True when version is inside the npm range spec; raise RangeError when unreadable."""
    key = parse_version(version)
    for text in spec.split("||"):
        comparators = _comparator_set(text)
        if all(_OPS[op](key, bound) for op, bound in comparators) and _allows_prerelease(
            key, comparators
        ):
            return True
    return False
