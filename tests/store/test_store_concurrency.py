"""Concurrent writers: real processes recording into one SQLite store lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from tests.conftest import make_root

WRITER = """
import sys
from pathlib import Path
from hms_status.config import load_settings
from hms_status.services import tracking
from hms_status.foundation.workspace import Workspace

root, worker, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
ws = Workspace(load_settings(root, {}))
for i in range(count):
    if i % 4 == 0:
        tracking.open_issue(ws, "HMS-API", f"worker {worker} issue {i}", "low")
    else:
        tracking.record_start(ws, "HMS-API" if i % 2 else "HMS-DOC", i % 3 != 0, "ci", f"{worker}.{i}")
ws.close()
"""


@pytest.mark.slow
def test_eight_processes_record_1600_events_with_unique_tickets(tmp_path: Path) -> None:
    root = make_root(tmp_path / "hms")
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(root), str(w), "200"], stderr=subprocess.PIPE
        )
        for w in range(8)
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, errors
    engine = create_engine(f"sqlite:///{root / 'data' / 'hms-status.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events")).scalar_one() == 1600
        ids = [r[0] for r in conn.execute(text("SELECT id FROM tickets ORDER BY seq"))]
        counted = conn.execute(text("SELECT sum(event_count) FROM rollups")).scalar_one()
    engine.dispose()
    assert ids == [f"WT-HMS-API-{n:03d}" for n in range(1, 401)]
    assert counted == 1600
    status = json.loads((root / "data" / "status" / "HMS-API.json").read_text())
    assert status["health_metrics"]["issue_count"] == 400
    assert len(list((root / "data" / "work-tickets").glob("*.json"))) == 400


@pytest.mark.slow
def test_a_killed_writer_leaves_a_consistent_store(tmp_path: Path) -> None:
    import signal
    import time

    root = make_root(tmp_path / "hms")
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    proc = subprocess.Popen([sys.executable, str(script), str(root), "0", "100000"])
    db = root / "data" / "hms-status.db"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (root / "data" / "status" / "HMS-API.json").exists():
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        events = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
        rolled = conn.execute(text("SELECT sum(event_count) FROM rollups")).scalar_one()
        tickets = conn.execute(text("SELECT count(*) FROM tickets")).scalar_one()
        opened = conn.execute(
            text("SELECT count(*) FROM events WHERE kind='ticket_opened'")
        ).scalar_one()
    engine.dispose()
    assert events > 0 and rolled == events and tickets == opened
