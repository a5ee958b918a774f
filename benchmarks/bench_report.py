"""Reliability report benchmark: `report` for the ecosystem over 1,000 components x 1 year.

Run: .venv/bin/python benchmarks/bench_report.py [--components 1000] [--days 365] [--repeat 5]
Prints figures; never fails. With HMS_TEST_POSTGRES_URL set (e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/test) the in-process figures are also taken on
PostgreSQL.

The store is written straight (no events): per component and day one daily_aggregates row
(observations on 90% of days, test runs with case counts), a status history with about one
incident a month (red for 1-48 h), and ten tickets a year, half of them resolved; plus each
component's rollup. Timed, median of --repeat:
(a) services.report.ecosystem_report in-process, 30d and 365d windows (the store already open);
(b) the CLI, `hms-status --root R report --window W --json`, as a subprocess (start-up included);
(c) the floor: bare sqlite3 running the same GROUP BY over daily_aggregates for the window, in
    the same run; the ratios are (a) / (c).

Measured on the 2-core development machine (shared with other jobs): see the README text.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).parent))
from bench_ingest import postgres_schema

from hms_status.clock import iso
from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services.report import ecosystem_report
from hms_status.services.setup import init_root
from hms_status.store.schema import daily_aggregates, rollups, status_history, tickets

PG_ENV = "HMS_TEST_POSTGRES_URL"
FLOOR = (
    "SELECT component_id, SUM(observations), SUM(observations_up), "
    "SUM(CASE WHEN observations > 0 THEN 1 ELSE 0 END), SUM(test_runs), SUM(test_runs_ok), "
    "SUM(cases_passed), SUM(cases_failed) FROM daily_aggregates "
    "WHERE day >= ? AND day <= ? GROUP BY component_id"
)


def _days(count: int, today: date) -> list[date]:
    return [today - timedelta(days=count - 1 - i) for i in range(count)]


def _component_rows(cid: str, days: list[date], rng: random.Random) -> dict[str, list[dict]]:
    aggregates = []
    for day in days:
        seen = rng.random() < 0.9
        obs = rng.randint(1, 30) if seen else 0
        passed = rng.randint(80, 120)
        aggregates.append(
            {
                "component_id": cid,
                "day": day.isoformat(),
                "observations": obs,
                "observations_up": obs - (rng.random() < 0.1),
                "test_runs": 2,
                "test_runs_ok": 1,
                "cases_passed": passed,
                "cases_failed": rng.randint(0, 5),
            }
        )
    start = datetime(days[0].year, days[0].month, days[0].day, tzinfo=UTC)
    history = [{"component_id": cid, "at": iso(start), "status": "green", "previous": None}]
    moment = start
    for _ in range(len(days) // 30):
        moment += timedelta(hours=rng.randint(200, 1000))
        end = moment + timedelta(hours=rng.randint(1, 48))
        history.append({"component_id": cid, "at": iso(moment), "status": "red", "previous": "green"})  # fmt: skip
        history.append({"component_id": cid, "at": iso(end), "status": "green", "previous": "red"})  # fmt: skip
        moment = end
    made = []
    for seq in range(1, len(days) // 36 + 1):
        opened = start + timedelta(hours=rng.randint(0, len(days) * 24 - 100))
        resolved = iso(opened + timedelta(hours=rng.randint(1, 96))) if seq % 2 else None
        made.append(
            {
                "id": f"WT-{cid}-{seq:03d}",
                "component_id": cid,
                "seq": seq,
                "title": "t",
                "description": "",
                "severity": "medium",
                "state": "resolved" if resolved else "open",
                "source": "manual",
                "created_at": iso(opened),
                "updated_at": iso(opened),
                "resolved_at": resolved,
            }
        )
    rollup = {"component_id": cid, "status": history[-1]["status"], "updated_at": iso(start)}
    return {"aggregates": aggregates, "history": history, "tickets": made, "rollup": [rollup]}


def fill(ws: Workspace, components: int, day_count: int) -> None:
    """Write the generated year straight into the store (one transaction per 100 components)."""
    rng = random.Random(13)
    days = _days(day_count, datetime.now(UTC).date())
    tables = {"aggregates": daily_aggregates, "history": status_history, "tickets": tickets,
              "rollup": rollups}  # fmt: skip
    for first in range(0, components, 100):
        batch: dict[str, list[dict]] = {name: [] for name in tables}
        for n in range(first, min(first + 100, components)):
            for name, rows in _component_rows(f"HMS-C{n:04d}", days, rng).items():
                batch[name] += rows
        with ws.store.writing() as conn:
            for name, table in tables.items():
                conn.execute(insert(table), batch[name])


def median_s(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def cli_s(root: Path, window: str, repeat: int) -> float:
    hms = Path(sys.executable).with_name("hms-status")
    argv = [str(hms), "--root", str(root), "report", "--window", window, "--json"]
    env = {k: v for k, v in os.environ.items() if k != "HMS_ROOT"}
    return median_s(lambda: subprocess.run(argv, env=env, capture_output=True, check=True), repeat)


def floor_s(database: Path, window_days: int, repeat: int) -> float:
    today = datetime.now(UTC).date()
    first = (today - timedelta(days=window_days - 1)).isoformat()
    conn = sqlite3.connect(database)
    try:
        return median_s(lambda: conn.execute(FLOOR, (first, today.isoformat())).fetchall(), repeat)
    finally:
        conn.close()


def measure(name: str, url: str | None, folder: Path, args: argparse.Namespace) -> None:
    root = folder / name
    init_root(root)
    ws = Workspace(load_settings(root, {}, url))
    began = time.perf_counter()
    fill(ws, args.components, args.days)
    print(f"{name}: {args.components} components x {args.days} days written in "
          f"{time.perf_counter() - began:.1f} s")  # fmt: skip
    for window, days in (("30d", 30), ("365d", 365)):
        lines = len(ecosystem_report(ws, window).components)
        inproc = median_s(lambda w=window: ecosystem_report(ws, w), args.repeat)
        text = f"  {window}: in-process {inproc:.3f} s ({lines} lines)"
        if url is None:
            floor = floor_s(root / "data" / "hms-status.db", days, args.repeat)
            cli = cli_s(root, window, args.repeat)
            text += f", CLI {cli:.3f} s; floor (bare sqlite3 GROUP BY) {floor:.3f} s, "
            text += f"in-process / floor {inproc / floor:.1f}x"
        print(text)
    ws.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--components", type=int, default=1000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure("sqlite", None, Path(tmp), args)
        base = os.environ.get(PG_ENV)
        if base:
            with postgres_schema(base) as url:
                measure("postgresql", url, Path(tmp), args)


if __name__ == "__main__":
    main()
