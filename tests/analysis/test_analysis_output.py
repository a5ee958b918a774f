"""What the Analysis Data shows: no credentials, no absolute paths, honest about odd paths."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.analysis.gitrepo import NOW, GitRepo

from hms_status.analysis.analyze import analyze_component

MakeRepo = Callable[[str], GitRepo]
TOKEN = "ghp_S3cr3tT0k3n"


def test_credentials_in_manifest_urls_never_reach_the_analysis(make_repo: MakeRepo) -> None:
    repo = make_repo("creds")
    repo.commit("manifests", {
        "requirements.txt": f"privpkg @ git+https://oauth2:{TOKEN}@github.com/org/x.git@v1\n",
        "package.json": f'{{"dependencies": {{"priv": "git+https://user:{TOKEN}@github.com/o/p.git"}}}}',
        "requirements-dev.txt": f"bad @ https://u:{TOKEN}@h.example/b.whl ; os_name ==\n",
    })  # fmt: skip
    for full in (False, True):
        data = analyze_component("CREDS", repo.path, full=full, now=NOW).data
        assert TOKEN not in json.dumps(data)
        dependencies = data["dependencies"]
        assert isinstance(dependencies, dict)
        versions = {dep["name"]: dep["version"] for dep in dependencies["dependencies"]}
        assert versions == {
            "privpkg": "git+https://****@github.com/org/x.git@v1",
            "priv": "git+https://****@github.com/o/p.git",
        }


def test_paths_in_the_analysis_are_relative_to_the_component(make_repo: MakeRepo) -> None:
    repo = make_repo("paths")
    repo.commit("manifests", {
        "requirements/base.txt": "click==8\n", "package.json": "{ not json", "README.md": "# P\n",
    })  # fmt: skip
    result = analyze_component("PATHS", repo.path, full=True, now=NOW)
    dependencies = result.data["dependencies"]
    assert isinstance(dependencies, dict)
    assert [m["path"] for m in dependencies["manifests"]] == [
        "requirements/base.txt",
        "package.json",
    ]
    (malformed,) = [f for f in result.findings if f.type == "malformed_manifest"]
    assert malformed.description.startswith(
        "A dependency manifest cannot be parsed: package.json ("
    )
    assert str(repo.path) not in json.dumps(result.data)
    assert str(repo.path.parent) not in json.dumps(result.data)


def test_a_file_given_as_component_path_is_not_a_directory(tmp_path: Path) -> None:
    target = tmp_path / "component.txt"
    target.write_text("not a directory\n")
    result = analyze_component("FILE", target, full=False, now=NOW)
    assert [(f.type, f.severity.value) for f in result.findings] == [
        ("path_not_a_directory", "high")
    ]
    assert "not a directory" in result.findings[0].description
    assert "does not exist" not in result.findings[0].description
    structure = result.data["structure"]
    assert isinstance(structure, dict)
    assert (structure["exists"], structure["not_a_directory"]) == (False, True)


def test_a_missing_component_path_does_not_exist(tmp_path: Path) -> None:
    result = analyze_component("GONE", tmp_path / "nowhere", full=False, now=NOW)
    assert [f.type for f in result.findings] == ["missing_path"]
    assert "does not exist" in result.findings[0].description
    structure = result.data["structure"]
    assert isinstance(structure, dict)
    assert (structure["exists"], structure["not_a_directory"]) == (False, False)
