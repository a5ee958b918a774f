"""Where a worker fetches a component from: `repo`, else the catalog's source-location."""

from __future__ import annotations

from pathlib import Path

import pytest

from hms_status.config import load_settings
from hms_status.foundation.remotes import component_remote, source_location_remote


@pytest.mark.parametrize(
    ("annotation", "remote"),
    [
        ("url:https://github.com/org/repo/tree/main/", "https://github.com/org/repo"),
        (
            "url:https://github.com/org/repo/blob/main/catalog-info.yaml",
            "https://github.com/org/repo",
        ),
        ("url:https://gitlab.com/g/r/-/tree/dev", "https://gitlab.com/g/r"),
        ("url:https://git.example.com/r.git", "https://git.example.com/r.git"),
        ("file:./somewhere", None),
        ("no-colon", None),
        ("url:", None),
    ],
)
def test_source_location_gives_the_repository(annotation: str, remote: str | None) -> None:
    assert source_location_remote(annotation) == remote


CATALOG = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: hms-api
  annotations:
    backstage.io/source-location: url:https://github.com/org/hms-api/tree/main/
spec:
  type: service
  owner: team
  lifecycle: production
"""


def test_repo_wins_over_the_catalog_and_the_catalog_over_nothing(hms_root: Path) -> None:
    (hms_root / "SYSTEM-COMPONENTS" / "HMS-API" / "catalog-info.yaml").write_text(CATALOG)
    (hms_root / "hms-status.toml").write_text('[components.HMS-DOC]\nrepo = "/srv/git/doc.git"\n')
    settings = load_settings(hms_root, {})
    assert component_remote(settings, "HMS-API") == "https://github.com/org/hms-api"
    assert component_remote(settings, "HMS-DOC") == "/srv/git/doc.git"
    (hms_root / "hms-status.toml").write_text('[components.HMS-API]\nrepo = "/srv/git/api.git"\n')
    assert component_remote(load_settings(hms_root, {}), "HMS-API") == "/srv/git/api.git"


def test_a_broken_catalog_gives_no_remote(hms_root: Path) -> None:
    (hms_root / "SYSTEM-COMPONENTS" / "HMS-API" / "catalog-info.yaml").write_text("kind: [")
    assert component_remote(load_settings(hms_root, {}), "HMS-API") is None
