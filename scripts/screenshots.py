"""Screenshots of the dashboard for the docs: builds the demo at a fixed time, runs the main job
on it, serves it and photographs `/` and a component page in Debian's headless Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs/images] [--phone DIR] [--keep DIR]

Writes OUT/dashboard.png and OUT/component.png (desktop, 1280 px wide); --phone DIR also
writes the same pages at 390 px (a phone) and at desktop width into DIR, to look at.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import uvicorn
from playwright.sync_api import ViewportSize, sync_playwright

from hms_status.clock import FixedClock
from hms_status.config import load_settings
from hms_status.demo.build import build_demo
from hms_status.foundation.workspace import Workspace
from hms_status.services import runner
from hms_status.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
AT = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
"""The demo's time: fixed, so the images change only when the pages do."""
COMPONENT = "HMS-API"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}


@contextmanager
def serving(ws: Workspace) -> Iterator[str]:
    """The service for ws on a free local port, until the block ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(ws), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the server did not start")
            threading.Event().wait(0.05)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def shoot(url: str, out: Path, phone: Path | None) -> list[Path]:
    """Photograph / and the component page; return the files written."""
    pages = {"dashboard": "/", "component": f"/components/{COMPONENT}"}
    shots = [(out / f"{name}.png", path, DESKTOP) for name, path in pages.items()]
    if phone is not None:
        for name, path in pages.items():
            shots.append((phone / f"{name}-phone.png", path, PHONE))
            shots.append((phone / f"{name}-desktop.png", path, DESKTOP))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for file, path, viewport in shots:
                page = browser.new_page(viewport=viewport)
                page.goto(url + path)
                page.wait_for_selector("main")
                file.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(file), full_page=True)
                page.close()
        finally:
            browser.close()
    return [file for file, _, _ in shots]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/images"))
    parser.add_argument("--phone", type=Path, help="also write phone and desktop shots here")
    parser.add_argument(
        "--keep", type=Path, help="build the demo here (kept) instead of a temp dir"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hms-shots-") as scratch:
        root = args.keep or Path(scratch) / "demo"
        build_demo(root, clock=FixedClock(AT), force=True)
        ws = Workspace(load_settings(root, {}), clock=FixedClock(AT))
        try:
            runner.full_update(ws)
            with serving(ws) as url:
                for file in shoot(url, args.out, args.phone):
                    print(file)
        finally:
            ws.close()


if __name__ == "__main__":
    main()
