"""Property: no parser ever raises, whatever text it is given; errors are one line."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hms_status.manifests import (
    ManifestResult,
    parse_cargo_toml,
    parse_gemfile,
    parse_go_mod,
    parse_package_json,
    parse_pyproject,
    parse_requirements,
)

PARSERS: dict[str, Callable[[str], ManifestResult]] = {
    "requirements": lambda text: parse_requirements(text, "r.txt", lambda _ref: text),
    "pyproject": lambda text: parse_pyproject(text, "pyproject.toml"),
    "package_json": lambda text: parse_package_json(text, "package.json"),
    "cargo": lambda text: parse_cargo_toml(text, "Cargo.toml"),
    "gemfile": lambda text: parse_gemfile(text, "Gemfile", text),
    "go_mod": lambda text: parse_go_mod(text, "go.mod"),
}
MANIFEST_ALPHABET = st.sampled_from(list("[]{}()=\"':,#-@;<>~^.\\/ \n\tabcrvgq01é\x00"))
MANIFEST_LIKE = st.text(MANIFEST_ALPHABET, max_size=200) | st.text(max_size=200)


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=300, deadline=None, database=None)
@given(text=MANIFEST_LIKE)
def test_manifests_parsers_never_raise(name: str, text: str) -> None:
    result = PARSERS[name](text)

    assert result.error is None or ("\n" not in result.error and result.error)
    if result.error is not None:
        assert result.dependencies == () and result.dev_dependencies == ()


KEYS = st.sampled_from(
    [
        "project",
        "dependencies",
        "optional-dependencies",
        "dependency-groups",
        "include-group",
        "build-system",
        "requires",
        "tool",
        "poetry",
        "group",
        "dev-dependencies",
        "build-dependencies",
        "workspace",
        "members",
        "target",
        "cfg(unix)",
        "version",
        "optional",
        "markers",
        "python",
        "name",
        "peerDependenciesMeta",
        "devDependencies",
        "engines",
        "workspaces",
        "packages",
    ]
)
LEAVES = st.text(max_size=12) | st.integers() | st.booleans() | st.sampled_from(["x>=1", "*"])
DOCUMENTS = st.dictionaries(
    KEYS,
    st.recursive(
        LEAVES,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
        max_leaves=20,
    ),
    max_size=5,
)


def _toml_value(value: object) -> str:
    """A TOML inline rendering of a JSON-like value (enough for these generated documents)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    assert isinstance(value, dict)
    pairs = (
        f"{json.dumps(key, ensure_ascii=False)} = {_toml_value(item)}"
        for key, item in value.items()
    )
    return "{" + ", ".join(pairs) + "}"


@pytest.mark.parametrize("parse", [parse_pyproject, parse_cargo_toml], ids=["pyproject", "cargo"])
@settings(max_examples=300, deadline=None, database=None)
@given(document=DOCUMENTS)
def test_manifests_toml_parsers_never_raise_on_odd_shapes(
    parse: Callable[[str, str], ManifestResult], document: dict[str, object]
) -> None:
    text = "\n".join(f"{json.dumps(key)} = {_toml_value(value)}" for key, value in document.items())
    result = parse(text, "x.toml")

    assert result.error is None or "\n" not in result.error


@settings(max_examples=300, deadline=None, database=None)
@given(document=DOCUMENTS)
def test_manifests_package_json_never_raises_on_odd_shapes(document: dict[str, object]) -> None:
    result = parse_package_json(json.dumps(document), "package.json")

    assert result.error is None or "\n" not in result.error
