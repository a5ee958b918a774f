"""Cargo.toml parsing: tables, targets, workspaces, inheritance, and bad input."""

from __future__ import annotations

import textwrap

from hms_status.manifests import Dependency, parse_cargo_toml

WORKSPACE_ROOT = textwrap.dedent(
    """\
    [workspace]
    members = ["crates/*"]
    exclude = ["crates/old"]

    [workspace.dependencies]
    serde = { version = "1.0", features = ["derive"] }
    anyhow = "1"

    [package]
    name = "app"

    [dependencies]
    serde.workspace = true
    anyhow = { workspace = true, optional = true }
    local = { path = "crates/local" }

    [dev_dependencies]
    insta = "1.34"

    [build-dependencies]
    cc = "1.0"

    [target.'cfg(unix)'.dependencies]
    libc = { workspace = true }

    [target.'cfg(windows)'.dev-dependencies.windows-sys]
    version = "0.52"
    """
)


def test_manifests_cargo_tables_targets_and_workspace_inheritance() -> None:
    result = parse_cargo_toml(WORKSPACE_ROOT, "Cargo.toml")

    assert result.error is None
    assert result.dependencies == (
        Dependency("serde", "1.0", "cargo"),
        Dependency("anyhow", "1", "cargo", optional=True),
        Dependency("local", "", "cargo"),
    )
    assert result.dev_dependencies == (Dependency("insta", "1.34", "cargo", "dev-dependencies"),)
    assert result.extra["build_dependencies"] == (
        Dependency("cc", "1.0", "cargo", "build-dependencies"),
    )
    assert result.extra["target_dependencies"] == {
        "target.cfg(unix).dependencies": (Dependency("libc", "", "cargo", target="cfg(unix)"),),
        "target.cfg(windows).dev-dependencies": (
            Dependency("windows-sys", "0.52", "cargo", "dev-dependencies", target="cfg(windows)"),
        ),
    }
    assert result.extra["workspace_inherited"] == ["serde", "anyhow"]
    assert result.extra["workspace_members"] == ["crates/*"]
    assert result.extra["workspace_exclude"] == ["crates/old"]
    assert result.extra["is_virtual_workspace"] is False
    assert result.extra["is_workspace_root"] is True


def test_manifests_cargo_virtual_workspace_has_no_dependencies() -> None:
    text = '[workspace]\nmembers = ["a", "b"]\n[workspace.dependencies]\nrand = "0.8"\n'
    result = parse_cargo_toml(text, "Cargo.toml")

    assert result.dependencies == ()
    assert result.extra["is_virtual_workspace"] is True
    assert result.extra["workspace_dependencies"] == (
        Dependency("rand", "0.8", "cargo", "workspace"),
    )


def test_manifests_cargo_plain_package_is_not_a_workspace() -> None:
    result = parse_cargo_toml('[package]\nname = "x"\n', "Cargo.toml")

    assert result.extra["is_workspace_root"] is False
    assert result.extra["is_virtual_workspace"] is False
    assert result.extra["workspace_members"] == []


def test_manifests_cargo_malformed_inputs_are_one_line_errors() -> None:
    cases = {
        "[dependencies\nserde = 1": "invalid TOML: ",
        "[dependencies]\nserde = 1": "dependencies.serde must be a table/object, not int",
        "[dependencies]\nserde = { version = 1 }": "dependencies.serde.version must be a string",
        'dependencies = "x"': "dependencies must be a table/object",
        "[workspace]\nmembers = 3": "workspace.members must be a list of strings",
        "target = 1": "target must be a table/object",
        "\x00garbage\xff": "binary content",
    }
    for text, message in cases.items():
        result = parse_cargo_toml(text, "Cargo.toml")
        assert result.error is not None and message in result.error, text
        assert result.dependencies == ()


def test_manifests_cargo_unicode_keys_are_kept() -> None:
    result = parse_cargo_toml('[dependencies]\n"crâte" = "1"\n', "Cargo.toml")

    assert [dep.name for dep in result.dependencies] == ["crâte"]
