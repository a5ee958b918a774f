"""pyproject.toml parsing: PEP 621, PEP 735 groups with includes, Poetry tables, bad input."""

from __future__ import annotations

import textwrap

from hms_status.manifests import Dependency, ManifestResult, parse_pyproject


def _group_names(result: ManifestResult, key: str) -> dict[str, list[str]]:
    """Group key to dependency names for a dict-of-tuples extra value."""
    groups = result.extra[key]
    assert isinstance(groups, dict)
    return {name: [dep.name for dep in deps] for name, deps in groups.items()}


def test_manifests_pyproject_pep621_versions_and_markers_as_written() -> None:
    text = textwrap.dedent(
        """\
        [build-system]
        requires = ["hatchling>=1.20", "hatch-vcs"]
        build-backend = "hatchling.build"

        [project]
        name = "demo"
        dependencies = [
            "Typing_Extensions >= 4.8 ; python_version < '3.12'",
            "build (>=1.2.1,<2.0.0)",
            "pkg @ git+https://example.com/pkg.git",
            "plain",
        ]

        [project.optional-dependencies]
        socks = ["PySocks>=1.5.6, !=1.5.7"]
        """
    )
    result = parse_pyproject(text, "pyproject.toml")

    assert result.error is None
    assert result.dependencies[0] == Dependency(
        "typing-extensions", ">= 4.8", "pypi", marker="python_version < '3.12'"
    )
    assert [dep.version for dep in result.dependencies[1:]] == [
        ">=1.2.1,<2.0.0",
        "git+https://example.com/pkg.git",
        "",
    ]
    extras = result.extra["optional_dependencies"]
    assert extras == {"socks": (Dependency("pysocks", ">=1.5.6, !=1.5.7", "pypi", "socks", True),)}
    assert result.extra["build_requires"] == ["hatchling>=1.20", "hatch-vcs"]
    assert result.extra["build_backend"] == "hatchling.build"
    assert result.extra["runtime_source"] == "project.dependencies"


def test_manifests_pyproject_dependency_groups_includes_resolve_and_cycles_are_noted() -> None:
    text = textwrap.dedent(
        """\
        [dependency-groups]
        test = ["pytest", {include-group = "Lint"}]
        lint = ["ruff", {include-group = "test"}]
        docs = [{include-group = "missing"}, "sphinx"]
        """
    )
    result = parse_pyproject(text, "pyproject.toml")

    assert result.error is None
    assert [dep.name for dep in result.dev_dependencies] == ["pytest", "ruff", "sphinx"]
    assert result.extra["dev_group_includes"] == {
        "dependency-groups.test": ["Lint"],
        "dependency-groups.lint": ["test"],
        "dependency-groups.docs": ["missing"],
    }
    assert _group_names(result, "resolved_dev_groups") == {
        "dependency-groups.test": ["pytest", "ruff"],
        "dependency-groups.lint": ["ruff", "pytest"],
        "dependency-groups.docs": ["sphinx"],
    }
    assert result.extra["dev_group_problems"] == [
        "dependency-groups.docs includes unknown group 'missing'",
        "include cycle: lint -> test -> lint",
        "include cycle: test -> lint -> test",
    ]


def test_manifests_pyproject_poetry_tables_python_is_not_a_dependency() -> None:
    text = textwrap.dedent(
        """\
        [tool.poetry.dependencies]
        python = "^3.11"
        Requests = "^2.31"
        numpy = [
            {version = "<1.25", markers = "python_version < '3.9'"},
            {version = ">=1.25", markers = "python_version >= '3.9'"},
        ]
        boto3 = {version = "^1.34", optional = true}
        local = {path = "../local"}

        [tool.poetry.dev-dependencies]
        black = "*"

        [tool.poetry.group.docs]
        optional = true

        [tool.poetry.group.docs.dependencies]
        mkdocs = "^1.5"
        """
    )
    result = parse_pyproject(text, "pyproject.toml")

    assert result.extra["runtime_source"] == "tool.poetry.dependencies"
    assert [(dep.name, dep.version) for dep in result.dependencies] == [
        ("requests", "^2.31"),
        ("numpy", "<1.25 || >=1.25"),
        ("boto3", "^1.34"),
        ("local", ""),
    ]
    assert [dep.optional for dep in result.dependencies] == [False, False, True, False]
    assert _group_names(result, "dev_groups") == {
        "tool.poetry.dev-dependencies": ["black"],
        "tool.poetry.group.docs": ["mkdocs"],
    }
    assert result.extra["optional_groups"] == ["tool.poetry.group.docs"]
    assert result.dev_dependencies[1].optional is True


def test_manifests_pyproject_malformed_toml_is_a_one_line_error() -> None:
    result = parse_pyproject("[project]\nname = \n", "pyproject.toml")

    assert result.error is not None
    assert result.error.startswith("invalid TOML: ")
    assert "line 2" in result.error
    assert (result.dependencies, result.dev_dependencies, result.extra) == ((), (), {})


def test_manifests_pyproject_wrong_shapes_are_errors_not_exceptions() -> None:
    cases = {
        'project = "x"': "project must be a table/object, not str",
        "[project]\ndependencies = [1]": "project.dependencies must be a list of strings",
        '[project]\ndependencies = ["not valid!!"]': "invalid requirement",
        "[dependency-groups]\ntest = [{other = 1}]": "needs include-group",
        "[dependency-groups]\ntest = 3": "dependency-groups.test must be a list",
        "[tool.poetry.dependencies]\nx = 3": "tool.poetry.dependencies.x must be a table/object",
    }
    for text, message in cases.items():
        result = parse_pyproject(text, "pyproject.toml")
        assert result.error is not None and message in result.error, text


def test_manifests_pyproject_binary_and_deeply_nested_input() -> None:
    binary = parse_pyproject("[project]\x00\xff", "pyproject.toml")
    nested = parse_pyproject("x = " + "[" * 100_000, "pyproject.toml")

    assert binary.error == "binary content (NUL byte) in a text manifest"
    assert nested.error is not None


def test_manifests_pyproject_empty_file_has_no_dependencies() -> None:
    result = parse_pyproject("", "pyproject.toml")

    assert result.error is None
    assert result.dependencies == () and result.dev_dependencies == ()
    assert result.extra["runtime_source"] == ""
