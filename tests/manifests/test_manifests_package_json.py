"""package.json parsing: every dependency section, lenient metadata, and bad input."""

from __future__ import annotations

import json

from hms_status.manifests import Dependency, parse_package_json


def test_manifests_package_json_sections_in_file_order() -> None:
    document = {
        "name": "@scope/app",
        "private": True,
        "workspaces": {"packages": ["packages/*"]},
        "engines": {"node": ">=20", "bad": 1},
        "dependencies": {"zeta": "^1.0.0", "alpha": "workspace:*"},
        "devDependencies": {"vitest": "~1.6.0"},
        "peerDependencies": {"react": ">=18"},
        "peerDependenciesMeta": {"react": {"optional": True}, "vue": "yes"},
        "optionalDependencies": {"fsevents": "~2.3.3"},
        "bundleDependencies": ["zeta"],
    }
    result = parse_package_json(json.dumps(document), "package.json")

    assert result.error is None
    assert [dep.name for dep in result.dependencies] == ["zeta", "alpha"]
    assert result.dev_dependencies == (Dependency("vitest", "~1.6.0", "npm", "devDependencies"),)
    assert result.extra["peer_dependencies"] == (
        Dependency("react", ">=18", "npm", "peerDependencies"),
    )
    assert result.extra["optional_dependencies"] == (
        Dependency("fsevents", "~2.3.3", "npm", "optionalDependencies", optional=True),
    )
    assert result.extra["peer_dependencies_meta_optional"] == ["react"]
    assert result.extra["package_name"] == "@scope/app"
    assert result.extra["private"] is True
    assert result.extra["workspaces"] == ["packages/*"]
    assert result.extra["engines"] == {"node": ">=20"}
    assert result.extra["bundled_dependencies"] == ["zeta"]


def test_manifests_package_json_duplicate_keys_keep_the_last_value() -> None:
    result = parse_package_json('{"dependencies": {"a": "1", "a": "2"}}', "package.json")

    assert [(dep.name, dep.version) for dep in result.dependencies] == [("a", "2")]


def test_manifests_package_json_malformed_inputs_are_one_line_errors() -> None:
    cases = {
        '{"dependencies": {"a": "1",}': "invalid JSON: ",
        "[1, 2]": "top level must be a table/object, not list",
        '{"dependencies": ["a"]}': "dependencies must be a table/object",
        '{"devDependencies": {"a": 1}}': "devDependencies.a must be a string",
        "": "invalid JSON: ",
        "\x00\x01\x02": "binary content",
        "[" * 200_000: "invalid JSON: ",
    }
    for text, message in cases.items():
        result = parse_package_json(text, "package.json")
        assert result.error is not None and message in result.error, text[:40]
        assert "\n" not in result.error
        assert result.dependencies == () and result.dev_dependencies == ()


def test_manifests_package_json_unicode_names_and_bom() -> None:
    text = '\ufeff{"dependencies": {"ünïcødé-pkg": "^1.0.0"}}'.removeprefix("\ufeff")
    result = parse_package_json(text, "package.json")

    assert [dep.name for dep in result.dependencies] == ["ünïcødé-pkg"]
