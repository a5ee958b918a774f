"""PEP 508 requirement strings turned into Dependency values, version text kept as written."""

from __future__ import annotations

import re

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from hms_status.domain.redact import redact
from hms_status.manifests.model import Dependency, Ecosystem, ManifestError, shorten

_SHOWN_CHARS = 60
_NAME_AND_EXTRAS = re.compile(r"\s*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*")


def parse_pep508(requirement: str, group: str = "", optional: bool = False) -> Dependency:
    """One PEP 508 string as a PyPI Dependency; raise ManifestError when it is invalid."""
    try:
        parsed = Requirement(requirement)
    except InvalidRequirement as exc:
        shown = shorten(redact(requirement.strip()), _SHOWN_CHARS)  # masked before it is cut
        reason = next((ln.strip() for ln in str(exc).splitlines() if ln.strip()), "not PEP 508")
        raise ManifestError(f"invalid requirement {shown!r}: {reason}") from exc
    version, marker = _written_version_and_marker(requirement)
    return Dependency(
        name=canonicalize_name(parsed.name),
        version=version,
        ecosystem=Ecosystem.PYPI,
        group=group,
        optional=optional,
        marker=marker,
    )


def normalize_name(name: str) -> str:
    """The PEP 503 form of a Python package name, so spellings of one project compare equal."""
    return canonicalize_name(name)


def _written_version_and_marker(requirement: str) -> tuple[str, str]:
    """Split what follows the name and extras into (version or URL, marker), as written."""
    head = _NAME_AND_EXTRAS.match(requirement)
    rest = requirement[head.end() :] if head else requirement
    if rest.startswith("@"):
        url, _, after = rest[1:].strip().partition(" ")
        return url, after.strip().removeprefix(";").strip()
    version, _, marker = rest.partition(";")
    version = version.strip()
    if version.startswith("(") and version.endswith(")"):
        version = version[1:-1].strip()
    return version, marker.strip()
