"""Credentials written into manifest URLs (https://user:token@host) masked before results leave.

Manifests may pin private dependencies with a token in the URL, e.g.
`privpkg @ git+https://oauth2:TOKEN@github.com/org/x.git` or
`"priv": "git+https://user:TOKEN@github.com/org/priv.git"`; everything read from them is
shown in analyses, stored and written to docs, so the user-info is masked in every string.
"""

from __future__ import annotations

from dataclasses import replace

from hms_status.domain.redact import redact
from hms_status.manifests.model import Dependency, ManifestResult


def masked(result: ManifestResult) -> ManifestResult:
    """The result with URL user-info masked in versions, markers, extra values and the error."""
    return replace(
        result,
        dependencies=tuple(_masked_dependency(dep) for dep in result.dependencies),
        dev_dependencies=tuple(_masked_dependency(dep) for dep in result.dev_dependencies),
        extra={key: _masked_value(value) for key, value in result.extra.items()},
        error=None if result.error is None else redact(result.error),
    )


def _masked_dependency(dependency: Dependency) -> Dependency:
    return replace(dependency, version=redact(dependency.version), marker=redact(dependency.marker))


def _masked_value(value: object) -> object:
    """A string, a Dependency, or a list, tuple or dict of them, with every URL masked."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Dependency):
        return _masked_dependency(value)
    if isinstance(value, dict):
        return {key: _masked_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_masked_value(item) for item in value)
    return value
