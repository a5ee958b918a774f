"""Ingest benchmark: a 12 MB JUnit report of 200,000 failing cases, read, stored and recorded.

Run: .venv/bin/python benchmarks/bench_ingest.py [--cases 200000] [--runs 3]
Prints figures; never fails. Each figure is a rate in cases/s and a ratio to a floor
measured in the same run over the same file or rows (best of --runs):

(a) reading the report (reports.read_report) vs a bare xml.etree.ElementTree.iterparse;
(b) storing its cases (runs_repo.insert_run in one transaction) vs a bare sqlite3
    executemany of the same rows into the same table; with HMS_TEST_POSTGRES_URL set
    (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) also on PostgreSQL, vs a
    bare psycopg executemany and COPY;
(c) the whole `hms-status tracker test ID --junit FILE` (a fresh root: the failing report,
    then a passing one that resolves every ticket) vs the sum of the floors of (a) and
    (b) plus a bare interpreter that imports sqlalchemy, with where its time goes.

Measured on the 2-core development machine, before and after issue 9 (best of 3):
(a) 2.24 s, 5.6x -> 1.05 s, 2.3x; (b) SQLite 1.27 s, 2.7x -> 0.51 s, 1.1x, PostgreSQL
3.71 s, 3.5x COPY -> 1.47 s, 1.3x COPY; (c) failing report 924 s, 200,001 tickets,
376 MB in 200,006 files -> 4.1 s, 51 tickets, 35 MB in 57 files.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree.ElementTree import iterparse

from hms_status.domain.enums import EventKind
from hms_status.domain.results import TestCaseResult
from hms_status.reports import read_report
from hms_status.store import events_repo, runs_repo
from hms_status.store.facts import RunFact
from hms_status.store.store import Store

BIN = Path(sys.executable).parent
PG_ENV = "HMS_TEST_POSTGRES_URL"
COMPONENT = "BIG"
COLUMNS = "run_id, test_key, outcome, time_s, message, flaky"
Row = tuple[int, str, str, float, str, bool]


def write_report(path: Path, cases: int, failing: bool) -> Path:
    """A flat JUnit file: 63 bytes a case, so 200,000 cases make 12 MiB."""
    body = "><failure/></testcase>" if failing else ' time="0.01"/>'
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<testsuites><testsuite name="big">\n')
        for i in range(cases):
            out.write(f'<testcase classname="m{i % 100:02d}" name="t{i:06d}"{body}\n')
        out.write("</testsuite></testsuites>\n")
    return path


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """Best wall time of runs calls, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def line(what: str, seconds: float, cases: int, floor: float, floor_name: str) -> None:
    print(
        f"  {what}: {seconds:.2f} s, {cases / seconds:,.0f} cases/s, "
        f"{seconds / floor:.1f}x the floor ({floor_name} {floor:.2f} s)"
    )


def bare_iterparse(path: Path) -> None:
    for _event, element in iterparse(path):
        if element.tag == "testcase":
            element.clear()


def rows_of(cases: tuple[TestCaseResult, ...], run_id: int) -> list[Row]:
    return [(run_id, c.key, c.outcome.value, c.time_s, c.message, c.flaky) for c in cases]


def store_cases(store: Store, cases: tuple[TestCaseResult, ...]) -> None:
    """One test run with its cases, as the tracker stores it (tickets aside)."""
    at = "2026-01-01T00:00:00Z"
    with store.writing() as conn:
        event_id = events_repo.append(conn, COMPONENT, EventKind.TEST_RUN, at, {})
        runs_repo.insert_run(conn, event_id, RunFact(COMPONENT, at, False, None, cases))


def floor_tables(url: str) -> None:
    """The store's own tables (keys, indexes, foreign keys) and one test run to attach rows to."""
    import sqlalchemy as sa

    from hms_status.store.schema import events, metadata, test_runs

    engine = sa.create_engine(url)
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(sa.insert(events).values(id=1, component_id=COMPONENT, kind="test_run",
                                              occurred_at="2026", payload="{}"))  # fmt: skip
        conn.execute(sa.insert(test_runs).values(id=1, event_id=1, component_id=COMPONENT,
                                                 recorded_at="2026", succeeded=False))  # fmt: skip
    engine.dispose()


def interleaved(runs: int, **trials: Callable[[], object]) -> dict[str, float]:
    """Best wall time of each trial, taking turns, so a busy moment hits all of them alike."""
    best = dict.fromkeys(trials, float("inf"))
    for _ in range(runs):
        for name, trial in trials.items():
            start = time.perf_counter()
            trial()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


@contextmanager
def sqlite_floor(path: Path, rows: list[Row]) -> Iterator[Callable[[], None]]:
    """A bare sqlite3 executemany of the rows into the same table, with the store's pragmas."""
    floor_tables(f"sqlite:///{path}")
    con = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        con.execute(f"PRAGMA {pragma}")
    insert = f"INSERT INTO test_cases ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)"

    def once() -> None:
        con.execute("BEGIN IMMEDIATE")
        con.executemany(insert, rows)
        con.execute("COMMIT")

    try:
        yield once
    finally:
        con.close()


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    """A fresh schema on the server; yields the URL that uses it."""
    import sqlalchemy as sa

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def postgres_floors(url: str, rows: list[Row]) -> Iterator[dict[str, Callable[[], None]]]:
    """Bare psycopg executemany and COPY of the rows into the same table."""
    import psycopg

    floor_tables(url)
    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn) as con:
        insert = f"INSERT INTO test_cases ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s)"

        def many() -> None:
            with con.cursor() as cursor:
                cursor.executemany(insert, rows)
            con.commit()

        def copy() -> None:
            with (
                con.cursor() as cursor,
                cursor.copy(f"COPY test_cases ({COLUMNS}) FROM STDIN") as cp,
            ):
                for row in rows:
                    cp.write_row(row)
            con.commit()

        yield {"executemany": many, "COPY": copy}


def bench_store(tmp: Path, cases: tuple[TestCaseResult, ...], runs: int) -> float:
    """(b): prints the figures; returns the SQLite floor."""
    rows = rows_of(cases, 1)
    store = Store.open(f"sqlite:///{tmp / 'store.db'}")
    with sqlite_floor(tmp / "floor.db", rows) as floor:
        best = interleaved(runs, ours=lambda: store_cases(store, cases), floor=floor)
    store.close()
    print(f"(b) store {len(cases):,} cases")
    line("SQLite (WAL, synchronous=FULL)", best["ours"], len(cases), best["floor"],
         "sqlite3 executemany")  # fmt: skip
    base = os.environ.get(PG_ENV)
    if not base:
        print(f"  PostgreSQL: skipped ({PG_ENV} is not set)")
        return best["floor"]
    with postgres_schema(base) as url, postgres_schema(base) as floor_url:
        pg_store = Store.open(url)
        with postgres_floors(floor_url, rows) as floors:
            pg = interleaved(runs, ours=lambda: store_cases(pg_store, cases), **floors)
        pg_store.close()
    for name in ("executemany", "COPY"):
        line("PostgreSQL", pg["ours"], len(cases), pg[name], f"psycopg {name}")
    return best["floor"]


def run_cli(args: list[str], root: Path, timeout: float) -> tuple[float, int | None]:
    """Wall time and exit code of one command; None when it did not finish in time."""
    start = time.perf_counter()
    try:
        done = subprocess.run(args, cwd=root, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None
    return time.perf_counter() - start, done.returncode


def data_size(root: Path) -> tuple[int, int]:
    """Bytes and files under data/ (the store included)."""
    files = [p for p in (root / "data").rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def bench_cli(
    tmp: Path, reports: dict[str, Path], cases: int, floor: float, timeout: float
) -> None:
    """(c): the whole command on a fresh root, the failing report then the passing one."""
    root = tmp / "hms"
    subprocess.run([str(BIN / "hms-status"), "init", str(root)], capture_output=True, check=True)
    (root / "SYSTEM-COMPONENTS" / COMPONENT).mkdir(parents=True, exist_ok=True)
    start_up = best_of(
        3, lambda: run_cli([str(BIN / "python"), "-c", "import sqlalchemy"], root, 60)
    )
    print(f"(c) hms-status tracker test {COMPONENT} --junit FILE ({cases:,} cases)")
    for kind, report in reports.items():
        command = [str(BIN / "hms-status"), "tracker", "test", COMPONENT, "--junit", str(report)]
        seconds, code = run_cli(command, root, timeout)
        size, files = data_size(root)
        if code is None:
            print(f"  {kind}: did not finish in {timeout:.0f} s")
            continue
        line(f"{kind} (exit {code})", seconds, cases, floor + start_up, "floors + start-up")
        print(f"    data/ now {size / 1e6:,.1f} MB in {files:,} files")


def where_time_goes(tmp: Path, report: Path) -> None:
    """The failing report in-process: parse, store (with tickets), snapshots."""
    from hms_status.config import load_settings
    from hms_status.foundation.workspace import Workspace
    from hms_status.services import snapshots
    from hms_status.services.setup import init_root

    root = tmp / "phases"
    init_root(root)
    (root / "SYSTEM-COMPONENTS" / COMPONENT).mkdir(parents=True)
    ws = Workspace(load_settings(root, {}))
    marks = [time.perf_counter()]
    parsed = read_report(report)
    marks.append(time.perf_counter())
    fact = RunFact(COMPONENT, "2026-01-01T00:00:00Z", False, parsed.counts, parsed.cases)
    change = ws.store.record_test_run(fact)
    marks.append(time.perf_counter())
    snapshots.write_test_results(ws, COMPONENT, change.run_id or 0)
    marks.append(time.perf_counter())
    snapshots.write_status(ws, COMPONENT)
    marks.append(time.perf_counter())
    ws.close()
    names = ("read", "store + tickets", "test-results snapshot", "status snapshot")
    spent = ", ".join(
        f"{n} {b - a:.2f} s" for n, a, b in zip(names, marks, marks[1:], strict=False)
    )
    print(f"  where the time goes (in-process, failing report): {spent}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3, help="best of this many (a) and (b)")
    parser.add_argument("--cli-timeout", type=float, default=900.0)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        reports = {
            "failing": write_report(tmp / "failing.xml", opts.cases, failing=True),
            "passing": write_report(tmp / "passing.xml", opts.cases, failing=False),
        }
        size = reports["failing"].stat().st_size
        print(f"report: {opts.cases:,} failing cases, {size / 2**20:.1f} MiB")
        read = interleaved(
            opts.runs,
            floor=lambda: bare_iterparse(reports["failing"]),
            ours=lambda: read_report(reports["failing"]),
        )
        parse_floor = read["floor"]
        print("(a) read the report")
        line("reports.read_report", read["ours"], opts.cases, parse_floor, "bare iterparse")
        cases = read_report(reports["failing"]).cases
        store_floor = bench_store(tmp, cases, opts.runs)
        del cases
        bench_cli(tmp, reports, opts.cases, parse_floor + store_floor, opts.cli_timeout)
        where_time_goes(tmp, reports["failing"])


if __name__ == "__main__":
    main()
