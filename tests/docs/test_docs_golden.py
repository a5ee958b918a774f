"""Golden files for every generated output (the same bytes on SQLite and PostgreSQL).

Regenerate after a deliberate template change with: HMS_UPDATE_GOLDEN=1 pytest tests/docs
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.docs.conftest import component_dir

from hms_status.services import docs
from hms_status.services.workspace import Workspace

GOLDEN = Path(__file__).parent / "golden"
OUTPUTS = {
    "STATUS.md": "SYSTEM-COMPONENTS/HMS-API/HMS-docs/STATUS.md",
    "STATUS-unknown.md": "SYSTEM-COMPONENTS/HMS-DOC/HMS-docs/STATUS.md",
    "codex.md": "SYSTEM-COMPONENTS/HMS-API/codex.md",
    "README.md": "SYSTEM-COMPONENTS/HMS-API/README.md",
    "summary.md": "data/summaries/HMS-API-summary-latest.md",
    "ecosystem-summary.md": "data/summaries/ecosystem-summary-latest.md",
    "badge.svg": "SYSTEM-COMPONENTS/HMS-API/HMS-docs/badges/status.svg",
    "badge.json": "SYSTEM-COMPONENTS/HMS-API/HMS-docs/badges/status.json",
}


@pytest.fixture
def generated(recorded: Workspace) -> Path:
    """Every output for a recorded HMS-API and an empty HMS-DOC, on a pinned clock."""
    readme = component_dir(recorded) / "README.md"
    readme.write_text("# HMS API\n\nThe public API.\n")
    docs.set_badge(recorded, "HMS-API", add=True)
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
