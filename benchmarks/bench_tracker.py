"""Tracker benchmark: recording rates, status reads over a large store, CLI start-up times.

Run: .venv/bin/python benchmarks/bench_tracker.py [--events 1000000] [--components 1000]
Prints figures; never fails. Targets (issue 2): >= 2,000 events/s one per transaction,
>= 50,000 events/s in a batch, status of one component <= 5 ms and of all <= 50 ms with
1,000 components and 1,000,000 events, CLI --help and get <= 150 ms, a recording command
within 100 ms of a bare `python -c "import sqlalchemy"`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hms_status.clock import iso
from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services import tracking
from hms_status.services.setup import init_root
from hms_status.store.facts import StartFact
from hms_status.store.store import Store

BIN = Path(sys.executable).parent


def best_of(n: int, fn) -> float:  # type: ignore[no-untyped-def]
    """Best wall time of n calls, in seconds."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def single_rate(url: str, count: int, synchronous: str = "FULL") -> float:
    store = Store.open(url, synchronous=synchronous)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    start = time.perf_counter()
    for i in range(count):
        store.record_start(StartFact(f"C-{i % 10}", iso(base + timedelta(seconds=i)), i % 7 != 0))
    elapsed = time.perf_counter() - start
    store.close()
    return count / elapsed


def fill(url: str, components: int, events: int, batch: int = 20_000) -> float:
    """Record events in batches; the rate counts only the time spent in the store."""
    store = Store.open(url)
    base = datetime(2025, 1, 1, tzinfo=UTC)
    spent = 0.0
    for offset in range(0, events, batch):
        facts = [
            StartFact(
                f"C-{(offset + i) % components:04d}",
                iso(base + timedelta(seconds=offset + i)),
                (offset + i) % 13 != 0,
                "prod",
                "1.0",
            )
            for i in range(min(batch, events - offset))
        ]
        start = time.perf_counter()
        store.record_starts(facts)
        spent += time.perf_counter() - start
    store.close()
    return events / spent


def cli_ms(args: list[str], cwd: Path, runs: int = 7) -> float:
    def once() -> None:
        subprocess.run(args, cwd=cwd, capture_output=True, check=False)

    once()
    return best_of(runs, once) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--components", type=int, default=1000)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "hms"
        init_root(root)
        for name in ("HMS-API", "C-0000"):
            (root / "SYSTEM-COMPONENTS" / name).mkdir()
        url = f"sqlite:///{root / 'data' / 'hms-status.db'}"
        for mode in ("FULL", "NORMAL"):
            rate = single_rate(f"sqlite:///{Path(tmp) / f'single-{mode}.db'}", 3000, mode)
            print(
                f"record one event per transaction (SQLite, WAL, synchronous={mode}): "
                f"{rate:,.0f} events/s (target >= 2,000)"
            )
        batch_rate = fill(url, opts.components, opts.events)
        print(f"record in batches of 20,000: {batch_rate:,.0f} events/s (target >= 50,000)")
        ws = Workspace(load_settings(root, {}))
        one = best_of(20, lambda: tracking.get_status(ws, "C-0000", allow_snapshot=False)) * 1000
        every = best_of(10, lambda: tracking.list_statuses(ws)) * 1000
        print(f"status of one component with {opts.events:,} events: {one:.2f} ms (target <= 5)")
        print(f"status of all {opts.components:,} components: {every:.2f} ms (target <= 50)")
        tracking.record_start(ws, "HMS-API", True)
        ws.close()
        exe = str(BIN / "hms-status")
        bare = cli_ms([str(BIN / "python"), "-c", "import sqlalchemy"], root)
        helpt = cli_ms([exe, "--help"], root)
        get = cli_ms([exe, "tracker", "get", "HMS-API"], root)
        rec = cli_ms([exe, "tracker", "start", "HMS-API", "--success"], root)
        print(f"CLI --help: {helpt:.0f} ms; get (fresh snapshot): {get:.0f} ms (target <= 150)")
        print(
            f"CLI start (records an event): {rec:.0f} ms vs bare import sqlalchemy {bare:.0f} ms "
            f"(+{rec - bare:.0f} ms, target <= +100)"
        )


if __name__ == "__main__":
    main()
