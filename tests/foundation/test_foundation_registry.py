"""The component registry: directories, hms-status.toml and catalog-info.yaml, merged in order."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import make_root

from hms_status.config import load_settings
from hms_status.errors import ConfigError, InputError, NotFoundError
from hms_status.foundation.registry import (
    component_ids,
    load_component,
    load_registry,
    require_known,
)

CATALOG = """apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: hms-api
  title: HMS API
  description: Public API of the ecosystem
spec:
  type: service
  owner: team-platform
  lifecycle: production
  dependsOn:
    - component:default/hms-doc
    - resource:default/hms-db
---
kind: API
metadata:
  name: hms-api-v1
"""


def test_directories_config_and_catalog_merge_in_order(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    (root / "SYSTEM-COMPONENTS" / "HMS-API" / "catalog-info.yaml").write_text(CATALOG)
    (root / "elsewhere").mkdir()
    (root / "hms-status.toml").write_text(
        '[components.HMS-API]\nowner = "team-api"\n'
        '[components.HMS-EXT]\npath = "elsewhere"\ndescription = "outside SYSTEM-COMPONENTS"\n'
    )
    settings = load_settings(root, {})
    assert component_ids(settings) == ["HMS-API", "HMS-DOC", "HMS-EXT"]
    api = load_component(settings, "HMS-API")
    assert api.name == "HMS API" and api.description == "Public API of the ecosystem"
    assert api.owner == "team-api"  # hms-status.toml wins over the catalog
    assert api.lifecycle == "production" and api.depends_on == ("hms-doc", "hms-db")
    ext = load_component(settings, "HMS-EXT")
    assert ext.path == root / "elsewhere" and ext.description == "outside SYSTEM-COMPONENTS"
    assert [c.id for c in load_registry(settings)] == ["HMS-API", "HMS-DOC", "HMS-EXT"]


def test_unknown_ids_get_a_suggestion_and_path_like_ids_are_refused(tmp_path: Path) -> None:
    settings = load_settings(make_root(tmp_path / "hms"), {})
    with pytest.raises(NotFoundError, match="did you mean HMS-DOC"):
        require_known(settings, "HMS-DCO")
    with pytest.raises(NotFoundError, match="did you mean HMS-API"):
        require_known(settings, "hms-api")
    with pytest.raises(InputError, match="invalid component ID"):
        require_known(settings, "../HMS-API")


def test_an_empty_registry_knows_no_id(tmp_path: Path) -> None:
    settings = load_settings(make_root(tmp_path / "hms", ()), {})
    with pytest.raises(NotFoundError, match="no component is known yet") as caught:
        require_known(settings, "NEW-COMPONENT")
    assert "hms-status component add NEW-COMPONENT" in caught.value.one_line()
    assert require_known(settings, "HMS-API", {"HMS-API"}) == "HMS-API"  # registered in the store
    with pytest.raises(NotFoundError, match="did you mean HMS-API"):
        require_known(settings, "HMS-APII", {"HMS-API"})


def test_directories_with_invalid_names_are_ignored(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    (root / "SYSTEM-COMPONENTS" / "bad name").mkdir()
    (root / "SYSTEM-COMPONENTS" / ".hidden").mkdir()
    assert component_ids(load_settings(root, {})) == ["HMS-API", "HMS-DOC"]


def test_a_broken_catalog_is_reported_but_never_fatal(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    (root / "SYSTEM-COMPONENTS" / "HMS-API" / "catalog-info.yaml").write_text("kind: [unclosed\n")
    component = load_component(load_settings(root, {}), "HMS-API")
    assert component.catalog_error is not None and "catalog-info.yaml" in component.catalog_error
    assert component.name == "HMS-API" and component.path.name == "HMS-API"


def test_bad_configuration_is_refused(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    (root / "hms-status.toml").write_text("[components.HMS-API]\npath = 5\n")
    with pytest.raises(ConfigError, match="path must be a string"):
        load_component(load_settings(root, {}), "HMS-API")
    (root / "hms-status.toml").write_text('[components."../x"]\n')
    with pytest.raises(InputError, match="invalid component ID"):
        component_ids(load_settings(root, {}))
