"""Helpers of the dashboard tests: reports to record, and reading the rendered pages."""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from hms_status.domain.results import TestCounts
from hms_status.foundation.workspace import Workspace
from hms_status.services import tracking

TILE = re.compile(r'<li class="tile [^"]*" data-component="([^"]+)" data-status="([^"]+)"')


def tiles(html: str) -> list[tuple[str, str]]:
    """(component ID, status) of every tile of an overview page or fragment, in order."""
    return TILE.findall(html)


def junit(folder: Path, failures: dict[str, str], passed: int = 3) -> Path:
    """A JUnit report with passed passing cases and one failing case per (name, message)."""
    cases = [f'<testcase classname="tests.ok" name="test_{n}"/>' for n in range(passed)]
    cases += [
        f'<testcase classname="tests.bad" name="{name}">'
        f"<failure message={quoteattr(message)}>{escape(message)}</failure></testcase>"
        for name, message in failures.items()
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"junit-{len(list(folder.iterdir()))}.xml"
    path.write_text(
        f'<?xml version="1.0"?><testsuite name="s" tests="{len(cases)}">{"".join(cases)}'
        "</testsuite>",
        encoding="utf-8",
    )
    return path


def make_red(ws: Workspace, component_id: str, folder: Path) -> None:
    """Record a failing JUnit run (pass rate 50%): the component turns red."""
    report = junit(folder, {"test_checkout": "expected 200, got 503"}, passed=1)
    tracking.record_test_run(ws, component_id, None, report_files=[report])


def make_green(ws: Workspace, component_id: str) -> None:
    """Record a passing run by counts: green (no ticket is open)."""
    tracking.record_test_run(ws, component_id, None, TestCounts(passed=20))


def write_catalog(root: Path, component_id: str, owner: str) -> None:
    """A Backstage catalog-info.yaml naming the component's owner."""
    (root / "SYSTEM-COMPONENTS" / component_id / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
        f"metadata:\n  name: {component_id.lower()}\n"
        f"spec:\n  type: service\n  lifecycle: production\n  owner: {owner}\n",
        encoding="utf-8",
    )
