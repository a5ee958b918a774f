"""Builders for real component directories, virtual environments, wheels and tool stubs."""

from __future__ import annotations

import json
import os
import sys
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from hms_status.gateways import proc

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
PYTHON = Path(sys.executable)
CORPUS = Path("/work/shared/corpus")
SITE = f"lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages"
T = TypeVar("T")


def write(root: Path, name: str, text: str) -> Path:
    """Write a text file (parents created) and return its path."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_venv(path: Path, *, with_pip: bool = False) -> Path:
    """A real virtual environment made by `python -m venv`; returns its directory."""
    argv = [str(PYTHON), "-m", "venv", str(path)]
    if not with_pip:
        argv.insert(3, "--without-pip")
    result = proc.run(argv, timeout=120)
    assert result.ok, result.error_text
    return path


def install_dist(venv: Path, name: str, version: str) -> Path:
    """Install a distribution's metadata by hand: enough for importlib.metadata to see it."""
    info = venv / SITE / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "INSTALLER").write_text("hand\n", encoding="utf-8")
    return info


def build_wheel(directory: Path, name: str, version: str) -> Path:
    """A minimal pure-Python wheel that pip installs offline."""
    module = name.replace("-", "_")
    info = f"{module}-{version}.dist-info"
    wheel = directory / f"{module}-{version}-py3-none-any.whl"
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        f"{module}/__init__.py": f'VERSION = "{version}"\n',
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    record = "".join(f"{path},,\n" for path in files) + f"{info}/RECORD,,\n"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in {**files, f"{info}/RECORD": record}.items():
            archive.writestr(path, text)
    return wheel


def tool_dir(path: Path, tools: dict[str, str]) -> str:
    """A directory of executable shell-script stubs; returns it as a PATH value."""
    path.mkdir(parents=True, exist_ok=True)
    for name, body in tools.items():
        stub = path / name
        stub.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        stub.chmod(0o755)
    return str(path)


def link_tools(path: Path, names: dict[str, Path]) -> str:
    """A directory of symlinks to real programs (a restricted PATH); returns it."""
    path.mkdir(parents=True, exist_ok=True)
    for name, target in names.items():
        os.symlink(target, path / name)
    return str(path)


def package_json(root: Path, **fields: object) -> Path:
    """Write package.json from keyword fields."""
    return write(root, "package.json", json.dumps({"name": "app", "version": "1.0.0", **fields}))


def node_module(root: Path, name: str, version: str) -> None:
    """Put a package into node_modules as npm would leave it."""
    write(root, f"node_modules/{name}/package.json", json.dumps({"name": name, "version": version}))


def corpus_text(relative: str) -> str:
    """A file of the shared corpus."""
    return (CORPUS / relative).read_text(encoding="utf-8")


def corpus_entries(kind: str) -> list[dict[str, object]]:
    """The corpus manifest's entries of one kind."""
    data = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    return [entry for entry in data["files"] if entry["kind"] == kind]


def make_fifo(root: Path, name: str) -> Path:
    """A named pipe (FIFO) at root/name: reading it blocks until a writer comes."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _release(fifo: Path) -> None:
    """Open the FIFO for writing and close it: a blocked reader then sees end of file."""
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:  # no reader is waiting
        return
    os.close(fd)


def finishes_within(seconds: float, work: Callable[[], T], fifos: tuple[Path, ...] = ()) -> T:
    """work's result; AssertionError when it runs longer than seconds (its reads of the FIFOs
    are then released so that the worker ends and the test fails instead of hanging)."""
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(work)
    try:
        return future.result(timeout=seconds)
    except FutureTimeout:
        for _ in range(50):
            for fifo in fifos:
                _release(fifo)
            if future.done() or not fifos:
                break
            time.sleep(0.1)
        raise AssertionError(f"still running after {seconds}s (blocked reading a FIFO?)") from None
    finally:
        pool.shutdown(wait=False)
