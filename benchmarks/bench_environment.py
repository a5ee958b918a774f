"""Time the Environment Monitor on a large component against the subprocess floor; never fails.

The component: a real virtual environment holding 400 distributions, 400 Python
requirements, 400 Node packages in node_modules, a 300-key .env pair and 40 config files.
The floor is the subprocesses any run must start, back to back: the venv interpreter once
and each tool's --version (the tools check runs those concurrently). Target: a full check
within the floor plus a few hundred milliseconds of Python work.

Usage: python benchmarks/bench_environment.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from hms_status.environment.facts import collect_facts
from hms_status.environment.monitor import check_environment, run_checks
from hms_status.environment.registry import CHECKS
from hms_status.environment.settings import EnvSettings
from hms_status.environment.text import render_text
from hms_status.gateways.proc import run

ROUNDS = 5
PACKAGES = 400
ENV_KEYS = 300
CONFIGS = 40
NOW = datetime(2024, 5, 1, tzinfo=UTC)
SITE = f"lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages"


def best_of(action: Callable[[], object], rounds: int = ROUNDS) -> float:
    """The fastest of `rounds` runs, in seconds."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def _python_side(root: Path) -> None:
    venv = root / ".venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], timeout=120)
    for n in range(PACKAGES):
        info = venv / SITE / f"pkg{n}-1.{n % 7}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: pkg{n}\nVersion: 1.{n % 7}\n")
    lines = [f"pkg{n}>=1.{n % 5}" for n in range(PACKAGES)] + ["absent-one", "absent-two"]
    (root / "requirements.txt").write_text("\n".join(lines) + "\n")


def _node_side(root: Path) -> None:
    deps = {f"npm-pkg{n}": f"^2.{n % 4}.0" for n in range(PACKAGES)}
    (root / "package.json").write_text(json.dumps({"name": "big", "dependencies": deps}))
    for n in range(PACKAGES):
        folder = root / "node_modules" / f"npm-pkg{n}"
        folder.mkdir(parents=True)
        (folder / "package.json").write_text(json.dumps({"version": f"2.{n % 6}.1"}))


def _config_side(root: Path) -> None:
    example = "".join(f"KEY_{n}=value{n}\n" for n in range(ENV_KEYS))
    (root / ".env.example").write_text(example)
    (root / ".env").write_text("".join(f"KEY_{n}=real{n}\n" for n in range(ENV_KEYS - 20)))
    (root / "config").mkdir()
    for n in range(CONFIGS):
        suffix = ("json", "yaml", "toml")[n % 3]
        body = {"json": '{"a": [1, 2, 3]}', "yaml": "a: [1, 2, 3]\n", "toml": "a = [1, 2, 3]\n"}
        (root / "config" / f"file{n}.{suffix}").write_text(body[suffix])


def build_component(root: Path) -> Path:
    """Generate the large component described in the module docstring."""
    root.mkdir()
    _python_side(root)
    _node_side(root)
    _config_side(root)
    return root


def floor(root: Path) -> float:
    """The subprocesses every run starts, back to back."""
    commands = [[str(root / ".venv/bin/python"), "-c", "pass"], ["node", "--version"]]
    commands += [[str(root / ".venv/bin/python3"), "--version"], ["npm", "--version"]]
    commands += [["pip", "--version"]]
    return best_of(lambda: [run(c, cwd=root, timeout=60) for c in commands])


def main() -> None:
    """Build the component, time the monitor, print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        root = build_component(Path(tmp) / "BIG")
        settings = EnvSettings(tracked_files=frozenset())
        full = best_of(lambda: check_environment("BIG", root, now=NOW, settings=settings))
        facts = best_of(lambda: collect_facts(root))
        report = check_environment("BIG", root, now=NOW, settings=settings)
        render = best_of(lambda: (render_text(report), json.dumps(report.to_json())))
        print(f"component: {PACKAGES} Python + {PACKAGES} Node packages, {ENV_KEYS} env keys")
        print(f"floor (subprocesses):      {floor(root) * 1000:8.1f} ms")
        print(f"full check (best of {ROUNDS}):  {full * 1000:8.1f} ms")
        print(f"  collect facts:           {facts * 1000:8.1f} ms")
        collected = collect_facts(root)
        for check in CHECKS:
            took = best_of(partial(run_checks, "BIG", collected, (check,), settings))
            print(f"  {check.id:<24} {took * 1000:8.1f} ms")
        print(f"render text + JSON:        {render * 1000:8.1f} ms")
        print(f"status {report.status.value}, exit code {report.exit_code()}")


if __name__ == "__main__":
    main()
