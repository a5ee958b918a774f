"""Queue benchmark: procrastinate workers sharing a run on the store's PostgreSQL.

Run: HMS_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
     .venv/bin/python benchmarks/bench_queue.py [--components 1000] [--workers 1,2,3] [--noop 2000]
Prints figures; never fails. Works in a database of its own (hms_bench_queue_<random>, dropped
at the end), so the connection counts are this benchmark's alone.

(a) throughput: a root of N generated components (a README each) and a fresh store per worker
    count; W `hms-status worker` processes (concurrency 1) are started and registered, then
    `run quick-update --queue` is timed from its start to its exit (enqueue, all jobs done,
    the run finished); components/s, and the speed-up over one worker. The local run
    (`run quick-update`, same store, in-process threads) is the reference.
(b) queue overhead per job: a flood of no-op jobs on procrastinate itself: deferring them one
    by one, then one worker running them all (fetch, run, mark done); and the bookkeeping our
    task adds to each job (look for an earlier result of the run, record the result).
(c) PostgreSQL connections: to the benchmark's database with the W workers idle, and the
    peak while they run (with the enqueuing command's); also for one worker running 4 jobs at
    once (--concurrency 4), which is also timed.
(d) kill -9: a worker on the N components, killed with SIGKILL in the middle of a job once
    100 jobs have succeeded, then two more workers; the run's exit code, the jobs that ran
    again, and how many components have exactly one result of the run (all of them, when
    nothing was lost or done twice).

Measured on the 2-core development machine (shared; quiet run, 1,000 components): local
quick-update 25.1 s; 1 worker 48.7 s, 2 workers 31.8 s (1.53x), 3 workers 28.4 s (1.72x, 0.88x
the local run); 1 worker --concurrency 4 51.4 s; defer 0.64 ms and fetch+run+finish 1.38 ms
per no-op job, our bookkeeping 1.25 ms; 3 connections per idle worker, about 4 running;
kill -9 mid-job: exit 0, 1 job ran again, 1,000 of 1,000 components with exactly one result.
Under load (load average 6-9) every time doubles to triples and the ratios shrink.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services.setup import init_root

PG_ENV = "HMS_TEST_POSTGRES_URL"


@contextmanager
def bench_database(base: str) -> Iterator[str]:
    """A database of this benchmark's own; yields its URL."""
    url = sa.engine.make_url(base)
    name = f"hms_bench_queue_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def fresh_schema(db_url: str) -> str:
    """A new empty schema in the benchmark database; the store URL that uses it."""
    schema = f"s_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return f"{db_url}?options=-csearch_path%3D{schema}"


def generated_root(path: Path, count: int) -> Path:
    """An HMS root with count tiny components."""
    init_root(path)
    for n in range(count):
        folder = path / "SYSTEM-COMPONENTS" / f"Q-{n:05d}"
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(f"# Q-{n:05d}\n")
    return path


def hms(root: Path, url: str, *args: str) -> list[str]:
    """argv of hms-status on root and url."""
    return [sys.executable, "-m", "hms_status", "--root", str(root), "--database-url", url, *args]


class Sampler:
    """The peak number of connections to one database, sampled every 50 ms in a thread."""

    def __init__(self, db_url: str) -> None:
        self._engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
        self._stop = threading.Event()
        self.peak = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def count(self) -> int:
        """Connections to the database now (this sampler's own not counted)."""
        query = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        with self._engine.connect() as conn:
            return int(conn.execute(sa.text(query)).scalar_one()) - 1

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self.count())

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._engine.dispose()


def registered_workers(url: str) -> int:
    """Workers with a heartbeat in the store's schema (0 before the schema exists)."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            if conn.execute(sa.text("SELECT to_regclass('procrastinate_workers')")).scalar():
                return int(
                    conn.execute(sa.text("SELECT count(*) FROM procrastinate_workers")).scalar_one()
                )
            return 0
    finally:
        engine.dispose()


def queued_run(
    tmp: Path, db_url: str, components: int, workers: int, concurrency: int = 1
) -> tuple[float, int, int]:
    """(seconds, peak connections, connections before the run) of one queued quick-update."""
    root = generated_root(tmp / f"root-w{workers}-c{concurrency}", components)
    url = fresh_schema(db_url)
    subprocess.run(hms(root, url, "queue", "apply-schema"), check=True, capture_output=True)
    started = []
    with Sampler(db_url) as sampler:
        for n in range(workers):
            argv = hms(root, url, "worker", "--concurrency", str(concurrency))
            argv += ["--cache-dir", str(tmp / f"cache-{workers}-{n}")]
            started.append(subprocess.Popen(argv, stderr=subprocess.DEVNULL))
        while registered_workers(url) < workers:
            time.sleep(0.05)
        idle = sampler.count()
        sampler.peak = 0
        begin = time.perf_counter()
        done = subprocess.run(hms(root, url, "run", "quick-update", "--queue", "--json"),
                              capture_output=True, check=False)  # fmt: skip
        seconds = time.perf_counter() - begin
        peak = sampler.peak
    for process in started:
        process.terminate()
    for process in started:
        process.wait()
    if done.returncode != 0:
        print(f"  run failed: {done.stderr.decode()[-300:]}")
    return seconds, peak, idle


def killed_run(tmp: Path, db_url: str, components: int) -> tuple[int, int, int, float]:
    """(exit code, jobs run again, components with exactly one result, seconds) of a queued
    quick-update on three workers, one of them killed with SIGKILL mid-run."""
    import signal

    root = generated_root(tmp / "root-kill", components)
    url = fresh_schema(db_url)
    subprocess.run(hms(root, url, "queue", "apply-schema"), check=True, capture_output=True)
    argv = [*hms(root, url, "worker", "--heartbeat", "1"), "--cache-dir", str(tmp / "c")]
    started = [subprocess.Popen(argv, stderr=subprocess.DEVNULL)]
    begin = time.perf_counter()
    run = subprocess.Popen(hms(root, url, "run", "quick-update", "--queue", "--json"),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    done = "SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'"
    doing = "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'"
    while _scalar(engine, done) < 100 or _scalar(engine, doing) < 1:
        time.sleep(0.01)
    started[0].send_signal(signal.SIGKILL)  # the only worker so far, in the middle of a job
    started += [subprocess.Popen(argv, stderr=subprocess.DEVNULL) for _ in range(2)]
    code = run.wait()
    seconds = time.perf_counter() - begin
    again = _scalar(engine, "SELECT count(*) FROM procrastinate_jobs WHERE attempts > 1")
    once = _scalar(engine, "SELECT count(*) FROM (SELECT component_id FROM part_reports WHERE "
                   "part = 'queue' AND outcome = 'ok' GROUP BY 1 HAVING count(*) = 1) s")  # fmt: skip
    engine.dispose()
    for process in started:
        process.terminate()
        process.wait()
    return code, again, once, seconds


def _scalar(engine: sa.Engine, query: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(query)).scalar_one())


def local_run(tmp: Path, db_url: str, components: int) -> float:
    """Seconds of a local quick-update of the same components on the same kind of store."""
    root = generated_root(tmp / "root-local", components)
    url = fresh_schema(db_url)
    begin = time.perf_counter()
    subprocess.run(
        hms(root, url, "run", "quick-update", "--json"), capture_output=True, check=False
    )
    return time.perf_counter() - begin


def noop_flood(db_url: str, jobs: int) -> tuple[float, float]:
    """(seconds per deferred job, seconds per job run) of procrastinate no-op jobs."""
    import procrastinate

    from hms_status.queue.app import conninfo

    url = fresh_schema(db_url)
    ws = Workspace(load_settings(Path(tempfile.mkdtemp()), {}, url))
    from hms_status.queue.app import ensure_schema

    ensure_schema(ws)
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(url)))

    @app.task(name="noop", queue="noop")
    def noop(n: int) -> None:
        return None

    async def flood() -> tuple[float, float]:
        async with app.open_async():
            begin = time.perf_counter()
            for n in range(jobs):
                await noop.defer_async(n=n)
            deferring = time.perf_counter() - begin
            begin = time.perf_counter()
            await app.run_worker_async(wait=False, install_signal_handlers=False)
            return deferring / jobs, (time.perf_counter() - begin) / jobs

    try:
        return asyncio.run(flood())
    finally:
        ws.close()


def bookkeeping(db_url: str, jobs: int) -> float:
    """Seconds per job of what our task adds: the earlier-result check and the result record."""
    from hms_status.queue.job import JobRunner

    root = generated_root(Path(tempfile.mkdtemp()) / "hms", 1)
    ws = Workspace(load_settings(root, {}, fresh_schema(db_url)))
    runner = JobRunner(ws, root / "cache")
    begin = time.perf_counter()
    for n in range(jobs):
        runner._already_done("Q-00000", f"run-{n}")
        runner._record("Q-00000", "ok", {"run": f"run-{n}", "kind": "quick"})
    ws.close()
    return (time.perf_counter() - begin) / jobs


def main() -> None:
    """Print every figure."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--components", type=int, default=1000)
    parser.add_argument("--workers", default="1,2,3")
    parser.add_argument("--noop", type=int, default=2000)
    args = parser.parse_args()
    base = os.environ.get(PG_ENV)
    if not base:
        print(f"{PG_ENV} is not set: the queue needs PostgreSQL")
        return
    print(f"cores: {os.cpu_count()}; components: {args.components}")
    with bench_database(base) as db_url, tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        local = local_run(tmp, db_url, args.components)
        print(f"(a) local quick-update (threads, no queue): {local:.1f} s, "
              f"{args.components / local:.1f} components/s")  # fmt: skip
        first = None
        for workers in [int(w) for w in args.workers.split(",")]:
            seconds, peak, idle = queued_run(tmp, db_url, args.components, workers)
            first = first or seconds
            print(f"(a) {workers} worker(s): {seconds:.1f} s, {args.components / seconds:.1f} "
                  f"components/s, {first / seconds:.2f}x one worker, "
                  f"{seconds * workers / args.components * 1000:.1f} ms per component-worker")  # fmt: skip
            print(f"(c) {workers} worker(s): {idle} connections idle ({idle / workers:.1f} per "
                  f"worker), peak {peak} while running (with the enqueuing command's)")  # fmt: skip
        seconds, peak, idle = queued_run(tmp, db_url, args.components, 1, concurrency=4)
        print(f"(a) 1 worker --concurrency 4: {seconds:.1f} s, "
              f"{args.components / seconds:.1f} components/s")  # fmt: skip
        print(f"(c) 1 worker --concurrency 4: {idle} connections idle, peak {peak} while "
              "running (with the enqueuing command's)")  # fmt: skip
        deferring, running = noop_flood(db_url, args.noop)
        print(f"(b) {args.noop} no-op jobs: defer {deferring * 1000:.2f} ms/job, "
              f"run {running * 1000:.2f} ms/job (one worker)")  # fmt: skip
        kept = bookkeeping(db_url, min(args.noop, 500))
        print(f"(b) our bookkeeping per job (earlier result? + record): {kept * 1000:.2f} ms")
        code, again, once, seconds = killed_run(tmp, db_url, args.components)
        print(f"(d) 1 worker killed with -9 mid-job, 2 more: exit {code} in {seconds:.1f} s; "
              f"{again} job(s) ran again; {once} of {args.components} components have exactly "
              "one result")  # fmt: skip


if __name__ == "__main__":
    main()
