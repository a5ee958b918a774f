"""Docs follow status: what a recording command pays to rewrite its component's docs at once.

Run: .venv/bin/python benchmarks/bench_docs_follow.py [--runs 15]
Builds the demo twice (one root with `[docs] auto_update = false`), runs a full update on
each, then times `tracker start HMS-API` on both, interleaved, against the floor of a bare
`python -c "import sqlalchemy"` measured in the same rounds; also `tracker get`. Prints
medians and ratios; never fails.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
HMS = str(BIN / "hms-status")


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, capture_output=True, check=True)
    return time.perf_counter() - start


def build(root: Path, follow: bool) -> None:
    subprocess.run([HMS, "demo", str(root)], capture_output=True, check=True)
    if not follow:
        config = root / "hms-status.toml"
        config.write_text(config.read_text() + "\n[docs]\nauto_update = false\n")
    subprocess.run(
        [HMS, "--root", str(root), "run", "full-update"], capture_output=True, check=False
    )
    subprocess.run([HMS, "--root", str(root), "tracker", "start", "HMS-API"], check=True,
                   capture_output=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        on, off = Path(tmp) / "follow", Path(tmp) / "no-follow"
        build(on, True)
        build(off, False)
        cases = {
            "floor: python -c 'import sqlalchemy'": [str(BIN / "python"), "-c", "import sqlalchemy"],
            "tracker start, docs follow (default)": [HMS, "--root", str(on), "tracker", "start", "HMS-API"],
            "tracker start, auto_update = false": [HMS, "--root", str(off), "tracker", "start", "HMS-API"],
            "tracker get (fresh snapshot)": [HMS, "--root", str(on), "tracker", "get", "HMS-API"],
        }  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):
            for name, args in cases.items():
                times[name].append(timed(args))
    floor = statistics.median(next(iter(times.values())))
    follow = statistics.median(times["tracker start, docs follow (default)"])
    plain = statistics.median(times["tracker start, auto_update = false"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name}: {median * 1000:.0f} ms median of {runs} ({median / floor:.2f}x the floor)")
    print(f"docs follow status adds {(follow - plain) * 1000:.0f} ms to a recording command")


if __name__ == "__main__":
    main()
