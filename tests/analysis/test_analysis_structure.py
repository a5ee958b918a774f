"""Structure facts from plain path lists: extensions, directories and the has_* definitions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hms_status.analysis.model import NO_EXTENSION, SUBMODULE
from hms_status.analysis.structure import summarize_paths


def test_extensions_are_lower_cased_last_suffixes() -> None:
    facts = summarize_paths(
        ["a.PY", "b.py", "dist/x.tar.gz", "Makefile", ".gitignore", "trailing.", "docs/.env"]
    )
    assert facts.file_types == {NO_EXTENSION: 4, ".py": 2, ".gz": 1}
    assert facts.file_count == 7


def test_directories_at_every_depth_are_counted_once() -> None:
    facts = summarize_paths(["a/b/c/d.txt", "a/b/e.txt", "a/f.txt", "g/h.txt", "top.txt"])
    assert facts.directory_count == 4  # a, a/b, a/b/c and g; the root is not counted
    assert facts.top_level_dirs == ("a", "g")
    assert facts.top_level_files == ("top.txt",)


def test_submodules_count_under_their_own_key() -> None:
    facts = summarize_paths(["vendor/lib", "x.c"], gitlinks={"vendor/lib"})
    assert facts.file_types == {".c": 1, SUBMODULE: 1}
    assert facts.submodules == ("vendor/lib",)
    assert facts.top_level_dirs == ("vendor",)


@pytest.mark.parametrize(
    "path",
    [
        "tests/conftest.py", "pkg/test/helpers.js", "src/__tests__/a.js", "spec/a_spec.rb",
        "test_app.py", "pkg/app_test.py", "cmd/main_test.go", "web/app.test.tsx",
        "web/app.spec.js", "src/main/java/FooTest.java", "lib/x_test.rs",
    ],
)  # fmt: skip
def test_what_counts_as_tests(path: str) -> None:
    assert summarize_paths([path]).has_tests is True


@pytest.mark.parametrize("path", ["src/contest.py", "latest.txt", "testament/x", "inspect.js"])
def test_what_does_not_count_as_tests(path: str) -> None:
    assert summarize_paths([path]).has_tests is False


@pytest.mark.parametrize(
    "path",
    [
        "Dockerfile", "deploy/Dockerfile.prod", "api.dockerfile", "docker-compose.yml",
        "ops/compose.yaml", "Containerfile", "docker-compose.override.yml",
    ],
)  # fmt: skip
def test_what_counts_as_docker(path: str) -> None:
    assert summarize_paths([path]).has_docker is True


@pytest.mark.parametrize("path", ["docs/a.md", "Doc/x.rst", "documentation/i", "mkdocs.yml"])
def test_what_counts_as_docs(path: str) -> None:
    assert summarize_paths([path]).has_docs is True


def test_docs_and_readme_only_at_the_top() -> None:
    facts = summarize_paths(["pkg/docs/a.md", "pkg/README.md", "pkg/LICENSE", "pkg/package.json"])
    assert (facts.has_docs, facts.has_readme, facts.has_license) == (False, False, False)
    assert facts.has_package_json is False


def test_readme_license_package_json_at_the_top() -> None:
    facts = summarize_paths(["readme.rst", "COPYING", "package.json"])
    assert (facts.has_readme, facts.has_license, facts.has_package_json) == (True, True, True)


@pytest.mark.parametrize(
    "path", [".github/workflows/ci.yml", ".gitlab-ci.yml", "Jenkinsfile", ".ci/run", ".circleci/c"]
)
def test_what_counts_as_ci(path: str) -> None:
    assert summarize_paths([path]).has_ci is True


def test_no_files_is_an_empty_structure() -> None:
    facts = summarize_paths([])
    assert (facts.exists, facts.file_count, facts.directory_count) == (True, 0, 0)
    assert facts.file_types == {}


_segment = st.text(alphabet="abcé._-XY", min_size=1, max_size=5).filter(
    lambda s: s not in {".", ".."}
)
_paths = st.lists(st.lists(_segment, min_size=1, max_size=4).map("/".join), unique=True)


@given(_paths)
def test_counts_are_consistent(paths: list[str]) -> None:
    facts = summarize_paths(paths)
    assert facts.file_count == len(paths)
    assert sum(facts.file_types.values()) == len(paths)
    parents = {"/".join(p.split("/")[:i]) for p in paths for i in range(1, p.count("/") + 1)}
    assert facts.directory_count == len(parents)
    assert set(facts.top_level_dirs) == {p for p in parents if "/" not in p}
