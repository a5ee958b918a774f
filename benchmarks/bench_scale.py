"""Scale on one machine (issue 14): every figure with its floor and ratio, in one run; never fails.

Run: .venv/bin/python benchmarks/bench_scale.py [--components 1000] [--rss 1000,3000]
                                                 [--large 3] [--no-store]

- quick-update of N unchanged tiny components against the change-detection floor: the same
  two git commands per component (rev-parse, status) run alone with the same parallelism;
  target <= 2x;
- full-update against the git floor (the git commands for the same facts, back to back,
  bench_runner.FULL_FLOOR) on large generated repositories (git fast-import, 8,000 files and
  8,000 commits each), one worker for both; target <= 1.5x; and the same for the N tiny ones;
- RSS of a quick-update at each size in --rss (a fresh process each; /proc/self/statm sampled
  every 20 ms, and ru_maxrss), for the first quick-update (every component processed) and an
  unchanged one; flat in the number of components is the target;
- then benchmarks/bench_store_scale.py's figures (store writes, CLI start-up), when present.

Tiny components are copies of one small git repository (README, one source file, a catalog
file), so that 10,000 of them are made in seconds without a git command each.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.gateways.git import GIT_ENV
from hms_status.gateways.proc import run
from hms_status.services import runner
from hms_status.services.fanout import default_jobs
from hms_status.services.setup import init_root

sys.path.insert(0, str(Path(__file__).parent))
from bench_analyzer import fast_import_stream, git
from bench_runner import FULL_FLOOR

QUICK_FLOOR = (
    ("rev-parse", "--absolute-git-dir", "--show-prefix", "--is-shallow-repository", "--verify",
     "-q", "HEAD"),
    ("status", "--porcelain=v2", "-z", "--branch", "--untracked-files=all",
     "--ignore-submodules=dirty"),
)  # fmt: skip
"""The git commands a quick-update needs to see that a component is unchanged (its probe)."""
CATALOG = """apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: {name}
spec:
  type: service
  owner: team-a
"""


def best(action: Callable[[], object], rounds: int = 3) -> float:
    """The fastest of rounds runs, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def tiny_root(base: Path, count: int) -> Path:
    """An HMS root with count tiny git components (copies of one template repository)."""
    root = base / f"tiny-{count}"
    init_root(root)
    template = base / f"template-{count}"
    (template / "src").mkdir(parents=True)
    (template / "README.md").write_text("# Tiny\n\nA tiny component.\n")
    (template / "src" / "main.py").write_text("print('hello')\n")
    (template / "catalog-info.yaml").write_text(CATALOG.format(name="tiny"))
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "first")):
        git(template, *args)
    components = root / "SYSTEM-COMPONENTS"
    for number in range(count):
        shutil.copytree(template, components / f"C-{number:05d}", symlinks=True)
    for repo in components.iterdir():  # copies have new inodes: refresh the index stat cache
        run(("git", "update-index", "-q", "--refresh"), cwd=repo)
    return root


def floor_each(repos: list[Path], commands: tuple[tuple[str, ...], ...], jobs: int) -> None:
    """The git commands in every repository, with jobs repositories at a time."""

    def one(repo: Path) -> None:
        for args in commands:
            run(("git", *args), cwd=repo, env=GIT_ENV)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, repos))


def ratio(name: str, seconds: float, floor: float, target: float | None) -> None:
    """One figure: time, floor, ratio, and the target when there is one."""
    goal = ""
    if target is not None:
        goal = f" (target <= {target}x: {'met' if seconds / floor <= target else 'NOT met'})"
    print(f"{name}: {seconds:.2f} s, floor {floor:.2f} s, ratio {seconds / floor:.2f}x{goal}")


def quick_figures(base: Path, count: int) -> None:
    """Full-update of count tiny components, then an unchanged quick-update, against floors."""
    root = tiny_root(base, count)
    repos = sorted((root / "SYSTEM-COMPONENTS").iterdir())
    jobs = default_jobs()
    ws = Workspace(load_settings(root, {}))
    full = best(lambda: runner.full_update(ws), rounds=1)
    full_floor = best(lambda: floor_each(repos, (QUICK_FLOOR[0], *FULL_FLOOR), jobs), rounds=1)
    ratio(f"full-update, {count} tiny components ({jobs} workers)", full, full_floor, None)
    first = best(lambda: runner.quick_update(ws), rounds=1)
    print(f"first quick-update after it (the docs' own writes are no change): {first:.2f} s")
    quick = best(lambda: runner.quick_update(ws))
    floor = best(lambda: floor_each(repos, QUICK_FLOOR, jobs))
    ratio(f"quick-update, {count} unchanged components ({jobs} workers)", quick, floor, 2.0)
    print(f"  per component: {quick / count * 1000:.1f} ms, floor {floor / count * 1000:.1f} ms")
    ws.close()


def large_figures(base: Path, count: int, files: int = 8000, commits: int = 8000) -> None:
    """Full-update of count large generated repositories against the git floor (one worker)."""
    root = base / "large"
    init_root(root)
    stream = fast_import_stream(files, commits)
    repos = []
    for number in range(count):
        repo = root / "SYSTEM-COMPONENTS" / f"BIG-{number}"
        repo.mkdir(parents=True)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "fast-import", "--quiet", stdin=stream)
        git(repo, "checkout", "-q", "-f", "main")
        repos.append(repo)
    time.sleep(1.1)  # racy git: let the index stat cache settle, then refresh it once
    for repo in repos:
        run(("git", "update-index", "-q", "--refresh"), cwd=repo)
    ws = Workspace(load_settings(root, {}))
    runner.full_update(ws, jobs=1)

    def afresh() -> None:  # no analysis reused: every fact gathered again
        for kept in (root / "data" / "analysis").glob("*.json"):
            kept.unlink()
        runner.full_update(ws, jobs=1)

    full = best(afresh, rounds=2)
    floor = best(lambda: floor_each(repos, FULL_FLOOR, 1))
    label = f"full-update, {count} repositories of {files:,} files and {commits:,} commits"
    ratio(f"{label} (1 worker)", full, floor, 1.5)
    ws.close()


CHILD = """
import os, resource, sys, threading, time
from pathlib import Path
from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services import runner
PAGE = os.sysconf("SC_PAGE_SIZE") // 1024

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE

ws = Workspace(load_settings(Path(sys.argv[1]), {}))
ws.open_store()
base = rss()
peak = [base]
done = threading.Event()

def sample():
    while not done.wait(0.02):
        peak[0] = max(peak[0], rss())

sampler = threading.Thread(target=sample)
sampler.start()
start = time.perf_counter()
report = runner.quick_update(ws)
took = time.perf_counter() - start
done.set()
sampler.join()
peak[0] = max(peak[0], rss())
skipped = sum(1 for o in report.outcomes if o.value is not None and o.value.skipped)
print(base, peak[0], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, took, skipped)
"""
"""Resident set size from /proc/self/statm: at the start (imports done, store open) and the
highest seen every 20 ms during the run; ru_maxrss (the process's peak, imports included)."""


def rss_of_quick(root: Path) -> tuple[int, int, int, float, int]:
    """RSS at start, peak during the run, ru_maxrss (KiB), seconds and skipped count of a
    quick-update in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1:])
    base, peak, most, took, skipped = done.stdout.split()
    return int(base), int(peak), int(most), float(took), int(skipped)


def memory_figures(base: Path, sizes: list[int]) -> None:
    """Peak RSS of the first and of an unchanged quick-update at each size."""
    for count in sizes:
        root = tiny_root(base / "rss", count)
        for what in ("first (all processed)", "unchanged"):
            start, peak, most, took, skipped = rss_of_quick(root)
            print(
                f"quick-update {what}, {count} components: RSS {start / 1024:.1f} MiB at start, "
                f"peak {peak / 1024:.1f} MiB during the run (+{(peak - start) / 1024:.1f} MiB), "
                f"ru_maxrss {most / 1024:.1f} MiB; {took:.1f} s, {skipped} skipped"
            )
        shutil.rmtree(root, ignore_errors=True)


def store_figures() -> None:
    """benchmarks/bench_store_scale.py's figures, when that benchmark is there."""
    try:
        module = importlib.import_module("bench_store_scale")
    except ImportError:
        print("bench_store_scale.py not found: store and CLI figures not measured")
        return
    entry = getattr(module, "measure", None) or getattr(module, "main", None)
    if entry is None:
        print("bench_store_scale.py has no main() or measure()")
        return
    saved, sys.argv = sys.argv, [sys.argv[0]]
    try:
        entry()
    finally:
        sys.argv = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--components", type=int, default=1000)
    parser.add_argument("--rss", default="1000,3000", help="sizes for peak RSS, e.g. 1000,10000")
    parser.add_argument("--large", type=int, default=3, help="large repositories (0: none)")
    parser.add_argument("--no-store", action="store_true", help="skip bench_store_scale")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="hms-bench-scale-"))
    print(f"{os.cpu_count()} cores, {default_jobs()} workers by default")
    try:
        quick_figures(base, args.components)
        if args.large:
            large_figures(base, args.large)
        memory_figures(base, [int(size) for size in args.rss.split(",") if size])
    finally:
        shutil.rmtree(base, ignore_errors=True)
    if not args.no_store:
        store_figures()


if __name__ == "__main__":
    main()
