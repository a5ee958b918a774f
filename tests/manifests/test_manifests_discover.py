"""Finding manifests on disk (the only I/O) and summarising them in the plan's shape."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hms_status.manifests import (
    MAX_MANIFEST_BYTES,
    ManifestError,
    ManifestResult,
    find_manifests,
    read_manifest_text,
    summarize,
)


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def test_manifests_discover_finds_every_kind_at_the_top_only(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "requirements.txt": "-r requirements/base.txt\nflask==3.0\n",
            "requirements-dev.txt": "pytest\nflask\n",
            "requirements/base.txt": "click\n",
            "pyproject.toml": '[project]\ndependencies = ["Flask>=3"]\n',
            "package.json": '{"dependencies": {"left-pad": "^1"}, "devDependencies": {"x": "1"}}',
            "Cargo.toml": '[dependencies]\nserde = "1"\n',
            "Gemfile": 'gem "rails"\ngroup :test do\n  gem "rspec"\nend\n',
            "Gemfile.lock": "GEM\n  specs:\n    rails (7.1.3)\n",
            "go.mod": "module m\nrequire a.b/c v1.0.0\n",
            "nested/package.json": '{"dependencies": {"hidden": "1"}}',
        },
    )
    results = find_manifests(tmp_path)

    assert [result.path for result in results] == [
        "requirements-dev.txt",
        "requirements.txt",
        "requirements/base.txt",
        "pyproject.toml",
        "package.json",
        "Cargo.toml",
        "Gemfile",
        "go.mod",
    ]
    assert all(result.error is None for result in results)
    top_requirements = results[1]
    included = top_requirements.extra["included_dependencies"]
    assert isinstance(included, tuple)
    assert [dep.name for dep in included] == ["click"]
    gemfile_lock = results[6].extra["lock"]
    assert isinstance(gemfile_lock, dict)
    assert gemfile_lock["locked_versions"] == {"rails": "7.1.3"}

    summary = summarize(results)
    assert {key: value for key, value in summary.items() if key.startswith("has_")} == {
        "has_requirements_txt": True,
        "has_pyproject_toml": True,
        "has_package_json": True,
        "has_cargo_toml": True,
        "has_gemfile": True,
        "has_go_mod": True,
    }
    assert summary["dependencies"] == [
        {"name": "flask", "version": "==3.0", "ecosystem": "pypi"},
        {"name": "click", "version": "", "ecosystem": "pypi"},
        {"name": "left-pad", "version": "^1", "ecosystem": "npm"},
        {"name": "serde", "version": "1", "ecosystem": "cargo"},
        {"name": "rails", "version": "", "ecosystem": "rubygems"},
        {"name": "a.b/c", "version": "v1.0.0", "ecosystem": "go"},
    ]
    assert [entry["name"] for entry in summary["dev_dependencies"]] == [
        "pytest",
        "flask",
        "x",
        "rspec",
    ]
    assert summary["dependency_count"] == 6
    assert summary["dev_dependency_count"] == 4
    assert summary["ecosystems"] == ["cargo", "go", "npm", "pypi", "rubygems"]
    assert summary["manifests"][0] == {
        "path": "requirements-dev.txt",
        "kind": "requirements_txt",
        "ecosystem": "pypi",
        "dependency_count": 2,
        "dev_dependency_count": 0,
        "error": None,
    }


def test_manifests_discover_empty_directory_summary(tmp_path: Path) -> None:
    summary = summarize(find_manifests(tmp_path))

    assert summary == {
        "has_requirements_txt": False,
        "has_pyproject_toml": False,
        "has_package_json": False,
        "has_cargo_toml": False,
        "has_gemfile": False,
        "has_go_mod": False,
        "dependency_count": 0,
        "dev_dependency_count": 0,
        "dependencies": [],
        "dev_dependencies": [],
        "ecosystems": [],
        "manifests": [],
    }


def test_manifests_discover_unusable_files_become_error_results(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "requirements.txt": b"x" * (MAX_MANIFEST_BYTES + 1),
            "package.json": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "Cargo.toml": b'[package]\nname = "\xff\xfe"\n',
            "go.mod": "module m\nrequire (\n",
        },
    )
    (tmp_path / "pyproject.toml").mkdir()
    results = {Path(result.path).name: result for result in find_manifests(tmp_path)}

    assert set(results) == {"requirements.txt", "package.json", "Cargo.toml", "go.mod"}
    assert results["requirements.txt"].error == (
        f"{MAX_MANIFEST_BYTES + 1} bytes, over the {MAX_MANIFEST_BYTES}-byte limit; not read"
    )
    assert results["package.json"].error == "binary content (NUL byte) in a text manifest"
    assert results["Cargo.toml"].error == "not UTF-8 text: invalid start byte at byte 18"
    assert results["go.mod"].error == "unterminated require block"
    summary = summarize(results.values())
    assert [entry["error"] is not None for entry in summary["manifests"]] == [True] * 4
    assert summary["dependency_count"] == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_manifests_discover_unreadable_file_is_an_error_result(tmp_path: Path) -> None:
    manifest = tmp_path / "go.mod"
    manifest.write_text("module m\n", encoding="utf-8")
    manifest.chmod(0)
    try:
        (result,) = find_manifests(tmp_path)
    finally:
        manifest.chmod(0o644)

    assert result.error == "unreadable: Permission denied"


def test_manifests_discover_read_errors_are_manifest_errors(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match=r"^a directory, not a regular file; not read$"):
        read_manifest_text(tmp_path)
    with pytest.raises(ManifestError, match=r"^unreadable: No such file or directory$"):
        read_manifest_text(tmp_path / "absent")


def test_manifests_discover_missing_include_and_bom(tmp_path: Path) -> None:
    _write(tmp_path, {"requirements.txt": "\ufeff-r nowhere.txt\nrequests\n"})
    (result,) = find_manifests(tmp_path)

    assert [dep.name for dep in result.dependencies] == ["requests"]
    assert result.extra["missing_includes"] == ["nowhere.txt"]


def test_manifests_discover_include_cycle_on_disk(tmp_path: Path) -> None:
    _write(tmp_path, {"requirements.txt": "-r requirements.txt\na\n"})
    (result,) = find_manifests(tmp_path)

    assert result.extra["include_cycles"] == ["requirements.txt"]
    assert [dep.name for dep in result.dependencies] == ["a"]


def test_includes_never_read_outside_the_component(tmp_path: Path) -> None:
    """An untrusted -r pointing outside the component is treated as missing."""
    outside = tmp_path / "secret.txt"
    outside.write_text("leaked-package==1.0\n")
    component = tmp_path / "component"
    (component / "requirements").mkdir(parents=True)
    (component / "requirements.txt").write_text(f"-r ../secret.txt\n-r {outside}\nrequests\n")
    (component / "requirements" / "dev.txt").write_text("-r ../requirements.txt\npytest\n")
    names = {d.name for r in find_manifests(component) for d in r.dependencies}
    assert "leaked-package" not in names
    assert {"requests", "pytest"} <= names


TOKEN = "ghp_S3cr3tT0k3n"


def test_credentials_in_dependency_urls_are_masked(tmp_path: Path) -> None:
    """A token written into a dependency URL never reaches the results or the summary."""
    _write(
        tmp_path,
        {
            "requirements.txt": (
                f"privpkg @ git+https://oauth2:{TOKEN}@github.com/org/x.git@v1\n"
                f"https://user:{TOKEN}@example.com/wheels/other-1.0-py3-none-any.whl\n"
                "requests==2.31\n"
            ),
            "package.json": (
                f'{{"dependencies": {{"priv": "git+https://user:{TOKEN}@github.com/org/priv.git"}},'
                f' "devDependencies": {{"tool": "https://{TOKEN}@example.com/tool.tgz"}}}}'
            ),
        },
    )
    results = find_manifests(tmp_path)
    summary = summarize(results)

    assert TOKEN not in repr(results)
    assert TOKEN not in json.dumps(summary)
    versions = {entry["name"]: entry["version"] for entry in summary["dependencies"]}
    assert versions == {
        "privpkg": "git+https://****@github.com/org/x.git@v1",
        "other": "https://****@example.com/wheels/other-1.0-py3-none-any.whl",
        "requests": "==2.31",
        "priv": "git+https://****@github.com/org/priv.git",
    }
    assert summary["dev_dependencies"][0]["version"] == "https://****@example.com/tool.tgz"


@pytest.mark.parametrize("secret", [TOKEN, TOKEN * 8], ids=["short", "cut-in-the-error"])
def test_credentials_in_a_malformed_manifest_error_are_masked(tmp_path: Path, secret: str) -> None:
    """A parse error quoting the bad line shows the URL without its user-info, even when cut."""
    _write(tmp_path, {"requirements.txt": f"x @ https://u:{secret}@h.example/x.whl ; os_name ==\n"})
    (result,) = find_manifests(tmp_path)

    assert result.error is not None
    assert "invalid requirement" in result.error
    assert TOKEN[:6] not in result.error
    assert "https://****@h" in result.error


def test_manifest_paths_are_relative_to_the_component(tmp_path: Path) -> None:
    _write(tmp_path, {"requirements/dev.txt": "pytest\n", "package.json": "{"})
    results = find_manifests(tmp_path)

    assert [result.path for result in results] == ["requirements/dev.txt", "package.json"]
    summary = summarize(results)
    assert [entry["path"] for entry in summary["manifests"]] == [
        "requirements/dev.txt",
        "package.json",
    ]
    assert summary["dev_dependency_count"] == 1
    assert str(tmp_path) not in json.dumps(summary)


def test_a_long_error_is_masked_before_it_is_cut() -> None:
    error = "a" * 270 + f" https://user:{TOKEN}@host.example/x"
    result = ManifestResult.failed("go.mod", "go_mod", "go", error)
    assert result.error is not None
    assert TOKEN[:4] not in result.error
    assert result.error.endswith("https://****@host.example/x")
