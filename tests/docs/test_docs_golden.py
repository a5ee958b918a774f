"""Golden files for every generated output (the same bytes on SQLite and PostgreSQL).

Regenerate after a deliberate template change with: HMS_UPDATE_GOLDEN=1 pytest tests/docs
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.docs.conftest import component_dir

from hms_status.foundation.workspace import Workspace
from hms_status.services import docs

GOLDEN = Path(__file__).parent / "golden"
OUTPUTS = {
    "STATUS.md": "SYSTEM-COMPONENTS/HMS-API/HMS-docs/STATUS.md",
    "trend.svg": "SYSTEM-COMPONENTS/HMS-API/HMS-docs/trend.svg",
    "STATUS-unknown.md": "SYSTEM-COMPONENTS/HMS-DOC/HMS-docs/STATUS.md",
    "codex.md": "SYSTEM-COMPONENTS/HMS-API/HMS-docs/codex.md",
    "root-codex.md": "SYSTEM-COMPONENTS/HMS-API/codex.md",
    "README.md": "SYSTEM-COMPONENTS/HMS-API/README.md",
    "summary.md": "data/summaries/HMS-API-summary-latest.md",
    "ecosystem-summary.md": "data/summaries/ecosystem-summary-latest.md",
    "badge.svg": "SYSTEM-COMPONENTS/HMS-API/HMS-docs/badges/status.svg",
    "badge.json": "SYSTEM-COMPONENTS/HMS-API/HMS-docs/badges/status.json",
}
CATALOG = """apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: hms-api
  title: HMS API
  description: The public API of the HMS ecosystem
spec:
  type: service
  owner: team-platform
  lifecycle: production
  dependsOn:
    - component:default/hms-doc
    - resource:default/hms-db
"""
ROOT_CODEX = """# HMS API codex

Notes the maintainers keep.
<!-- hms-status:status:start -->

## HMS status

- **Status:** GREEN (written by an earlier version)
<!-- hms-status:status:end -->
"""


@pytest.fixture
def generated(recorded: Workspace) -> Path:
    """Every output for a recorded HMS-API (catalog, README without a badge, a root codex.md
    of an earlier version) and an empty HMS-DOC, on a pinned clock."""
    component = component_dir(recorded)
    (component / "README.md").write_text("# HMS API\n\nThe public API.\n")
    (component / "catalog-info.yaml").write_text(CATALOG)
    (component / "codex.md").write_text(ROOT_CODEX)
    result = docs.update_all(recorded)
    assert result.failures == ()
    return recorded.settings.root


@pytest.mark.parametrize("golden", sorted(OUTPUTS))
def test_output_matches_its_golden_file(generated: Path, golden: str) -> None:
    actual = (generated / OUTPUTS[golden]).read_bytes()
    expected_path = GOLDEN / golden
    if os.environ.get("HMS_UPDATE_GOLDEN") == "1":
        expected_path.write_bytes(actual)
    assert actual == expected_path.read_bytes(), (
        f"{golden} differs; see HMS_UPDATE_GOLDEN in this file"
    )
