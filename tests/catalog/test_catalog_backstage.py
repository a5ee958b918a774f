"""Backstage catalog files: the shared corpus's expected facts, refs, and one-line errors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from hms_status.catalog import CatalogEntity, parse_catalog, ref_name
from hms_status.errors import InputError

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

ENTITY_ATTRS = {
    "dependsOn": "depends_on",
    "dependencyOf": "dependency_of",
    "consumesApis": "consumes_apis",
    "providesApis": "provides_apis",
}
"""Expected entity keys spelled as Backstage writes them, to CatalogEntity attributes."""


def _corpus_entries() -> list[dict[str, Any]]:
    """The backstage_catalog entries of the corpus index (empty when the corpus is absent)."""
    index = CORPUS / "manifest.json"
    if not index.is_file():
        return []
    files: list[dict[str, Any]] = json.loads(index.read_text(encoding="utf-8"))["files"]
    return [entry for entry in files if entry["kind"] == "backstage_catalog"]


def _observed_entity(entity: CatalogEntity, key: str) -> object:
    """What the parsed entity says for one expected key; unknown spec keys via spec_lists."""
    attr = ENTITY_ATTRS.get(key, key)
    if hasattr(entity, attr):
        value = getattr(entity, attr)
        return list(value) if isinstance(value, tuple) else value
    return list(entity.spec_lists[key])


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
@pytest.mark.parametrize("entry", _corpus_entries(), ids=lambda entry: entry["path"])
def test_catalog_corpus_entry_matches_every_expected_key(entry: dict[str, Any]) -> None:
    raw = (CORPUS / entry["path"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
    entities = parse_catalog(raw.decode("utf-8"), entry["path"])
    expected: dict[str, Any] = entry["expected"]
    assert set(expected) <= {"document_count", "entities", "depends_on_total"}
    assert len(entities) == expected["document_count"]
    assert sum(len(e.depends_on) for e in entities) == expected["depends_on_total"]
    assert len(entities) == len(expected["entities"])
    for entity, wanted in zip(entities, expected["entities"], strict=True):
        for key, value in wanted.items():
            assert _observed_entity(entity, key) == value, (entity.name, key)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
def test_catalog_corpus_is_not_empty() -> None:
    assert len(_corpus_entries()) >= 9


FULL = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: hms-api
  title: HMS API
  description: The API.
  tags: [python, api]
  annotations:
    github.com/project-slug: org/hms-api
    port: 8080
spec:
  type: service
  lifecycle: production
  owner: group:default/platform
  system: hms
  dependsOn:
    - component:default/hms-db
    - resource:cache
  providesApis: [hms-rest]
  consumesApi: [typo]
"""


def test_catalog_reads_every_field() -> None:
    (entity,) = parse_catalog(FULL, "catalog-info.yaml")
    assert entity == CatalogEntity(
        kind="Component",
        name="hms-api",
        namespace="default",
        title="HMS API",
        description="The API.",
        type="service",
        owner="group:default/platform",
        lifecycle="production",
        system="hms",
        depends_on=("component:default/hms-db", "resource:cache"),
        provides_apis=("hms-rest",),
        tags=("python", "api"),
        annotations={"github.com/project-slug": "org/hms-api", "port": "8080"},
        spec_lists={
            "dependsOn": ("component:default/hms-db", "resource:cache"),
            "providesApis": ("hms-rest",),
            "consumesApi": ("typo",),
        },
        nonstandard_spec_keys=("consumesApi",),
        line=1,
    )


def test_catalog_skips_null_documents_and_keeps_order() -> None:
    text = "---\n---\nkind: System\nmetadata: {name: a}\n---\n~\n---\nkind: API\n"
    text += "metadata: {name: b}\n"
    entities = parse_catalog(text, "c.yaml")
    assert [(e.kind, e.name, e.line) for e in entities] == [("System", "a", 3), ("API", "b", 8)]


def test_catalog_empty_text_has_no_entities() -> None:
    assert parse_catalog("", "c.yaml") == ()
    assert parse_catalog("# only a comment\n", "c.yaml") == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kind: A\nmetadata: {name: [\n", "c.yaml: line 3: invalid YAML:"),
        ("kind: A\n  bad: indent\n", "c.yaml: line 2: invalid YAML:"),
        ("kind: A\nmetadata: {name: a}\n---\n- 1\n", "c.yaml: line 4: document is a list"),
        ("just text\n", "c.yaml: line 1: document is a str"),
        ("kind: A\nmetadata: {}\n", "c.yaml: line 1: entity needs both kind and metadata.name"),
        ("kind: A\nmetadata: 3\n", "c.yaml: line 2: metadata must be a mapping"),
        ("kind: A\nmetadata:\n  name: a\n  tags: x\n", "c.yaml: line 4: metadata.tags must be"),
        ("kind: A\nmetadata: {name: a}\nspec:\n  dependsOn: x\n", "line 4: spec.dependsOn must"),
        ("kind: A\nmetadata: {name: a}\nspec:\n  owner: [a]\n", "line 4: spec.owner must be"),
        ("kind: &k [*k]\nmetadata: {name: a}\n", "c.yaml: line 1: kind must be a single value"),
        ("[" * 2000, "c.yaml"),
        ("kind: A\n\nx: \x00\n", "c.yaml: line 3: invalid YAML: control characters"),
    ],
)
def test_catalog_rejects_malformed_input_in_one_line(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_catalog(text, "c.yaml")
    assert message in caught.value.one_line()
    assert "\n" not in caught.value.one_line()


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("component:default/hms-api", "hms-api"),
        ("resource:db", "db"),
        ("devex/one-platform", "one-platform"),
        ("hms-api", "hms-api"),
        ("group:redhat/xe-compass-devs", "xe-compass-devs"),
    ],
)
def test_catalog_ref_name_strips_kind_and_namespace(ref: str, name: str) -> None:
    assert ref_name(ref) == name
