"""The plan's data contract: a demo full-update writes 99 snapshots, and every one validates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.contract import CONTRACTS, SCHEMAS, problems, snapshot_files, validator

from hms_status.config import load_settings
from hms_status.demo.build import build_demo
from hms_status.foundation.workspace import Workspace
from hms_status.services import runner

SHARED = Path(__file__).resolve().parents[3] / "shared" / "contracts"


@pytest.mark.slow
def test_a_demo_full_update_writes_99_snapshots_that_keep_the_contract(tmp_path: Path) -> None:
    root = tmp_path / "hms"
    build_demo(root)
    ws = Workspace(load_settings(root, {}))
    try:
        report = runner.full_update(ws, jobs=2)
    finally:
        ws.close()
    assert not report.failed, [(o.component_id, o.error) for o in report.failed]
    found = list(snapshot_files(root))
    assert sorted({part for part, _ in found}) == sorted(SCHEMAS)
    assert len(found) == 99  # 33 components x status, analysis, environment
    broken = {
        str(path.relative_to(root)): problems(part, json.loads(path.read_text()))
        for part, path in found
    }
    assert {path: why for path, why in broken.items() if why} == {}


def test_the_schema_copies_are_the_plans(tmp_path: Path) -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not checked out beside this repository")
    for name, _ in SCHEMAS.values():
        assert (CONTRACTS / name).read_bytes() == (SHARED / name).read_bytes(), name


def test_the_check_catches_a_renamed_or_retyped_key() -> None:
    good = {"component_id": "X", "timestamp": "t", "full_analysis": True}
    assert any("structure" in line for line in problems("analysis", good))
    renamed = {"component_id": "X", "last_updated": "t", "status": "green"}
    assert any("operational_status" in line for line in problems("status", renamed))
    assert any("schema_version" in line for line in problems("status", renamed))
    assert not validator("status").is_valid({**renamed, "operational_status": "purple"})
