"""The list of known components: registry and store together, never the runner's own records."""

from __future__ import annotations

from hms_status.foundation.workspace import Workspace
from hms_status.services import components


def test_the_list_merges_registry_and_store_and_skips_internal_records(
    workspace: Workspace,
) -> None:
    at = workspace.now()
    workspace.store.record_part_report("_ecosystem", "run", at, "ok", {"components": []}, None)
    components.add(workspace, "HMS-EXT", "  outside the checkout  ")
    (workspace.settings.components_dir / "HMS-API" / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
        "metadata:\n  name: hms-api\n  description: The public API\n"
        "spec:\n  type: service\n  owner: team-api\n  lifecycle: production\n"
    )
    rows = {row.component_id: row for row in components.list_components(workspace)}
    assert list(rows) == ["HMS-API", "HMS-DOC", "HMS-EXT"]
    assert rows["HMS-API"].sources == ("directory",)
    assert rows["HMS-API"].description == "The public API"
    assert (
        rows["HMS-EXT"].sources == ("store",)
        and rows["HMS-EXT"].description == "outside the checkout"
    )
    assert not any(row.has_data for row in rows.values())
