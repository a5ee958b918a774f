"""Impact of a red dependency on its dependents, on SQLite and PostgreSQL: reasons that appear
and disappear with the dependency's colour, the "yellow" and "off" modes, cycles, runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hms_status.config import load_settings
from hms_status.domain.results import TestCounts
from hms_status.foundation.workspace import Workspace
from hms_status.services import impact, runner, tracking

REASON = "impacted: dependency HMS-API is red"


def catalog(root: Path, component: str, *depends_on: str) -> None:
    refs = "".join(f"    - component:default/{d.lower()}\n" for d in depends_on)
    (root / "SYSTEM-COMPONENTS" / component / "catalog-info.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
        f"metadata:\n  name: {component.lower()}\nspec:\n  type: service\n"
        f"  owner: team-a\n  lifecycle: production\n  dependsOn:\n{refs}",
        encoding="utf-8",
    )


def open_workspace(root: Path, url: str, mode: str | None = None) -> Workspace:
    if mode is not None:
        config = root / "hms-status.toml"
        text = config.read_text(encoding="utf-8") if config.exists() else ""
        config.write_text(text + f'\n[graph]\nimpact = "{mode}"\n', encoding="utf-8")
    return Workspace(load_settings(root, {}, url))


@pytest.fixture
def green_pair(hms_root: Path, store_url: str) -> Iterator[tuple[Path, str]]:
    """HMS-DOC depends on HMS-API (catalog); both green."""
    catalog(hms_root, "HMS-DOC", "HMS-API")
    ws = open_workspace(hms_root, store_url)
    for cid in ("HMS-API", "HMS-DOC"):
        tracking.record_test_run(ws, cid, None, TestCounts(passed=10))
    ws.close()
    yield hms_root, store_url


def snapshot(root: Path, component: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        (root / "data" / "status" / f"{component}.json").read_text(encoding="utf-8")
    )
    return data


def turn_red(ws: Workspace) -> str:
    recorded = tracking.open_issue(ws, "HMS-API", "database down", "critical")
    assert recorded.ticket is not None
    return recorded.ticket.ticket_id


def test_reason_appears_and_disappears_with_the_dependency(green_pair: tuple[Path, str]) -> None:
    root, url = green_pair
    ws = open_workspace(root, url)
    try:
        ticket = turn_red(ws)
        doc = tracking.get_status(ws, "HMS-DOC")
        assert doc.status.value == "green"
        assert REASON in doc.reasons
        assert REASON in snapshot(root, "HMS-DOC")["reasons"]  # type: ignore[operator]
        assert REASON not in tracking.get_status(ws, "HMS-API").reasons
        tracking.resolve(ws, ticket, "restarted")
        doc = tracking.get_status(ws, "HMS-DOC")
        assert doc.status.value == "green" and REASON not in doc.reasons
        assert REASON not in snapshot(root, "HMS-DOC")["reasons"]  # type: ignore[operator]
    finally:
        ws.close()


def test_yellow_mode_makes_the_dependent_yellow_until_the_dependency_recovers(
    green_pair: tuple[Path, str],
) -> None:
    root, url = green_pair
    ws = open_workspace(root, url, "yellow")
    try:
        ticket = turn_red(ws)
        doc = tracking.get_status(ws, "HMS-DOC")
        assert doc.status.value == "yellow"
        assert f"yellow: {REASON}" in doc.reasons
        assert snapshot(root, "HMS-DOC")["status"] == "yellow"
        tracking.resolve(ws, ticket, "restarted")
        doc = tracking.get_status(ws, "HMS-DOC")
        assert doc.status.value == "green"
        assert not [r for r in doc.reasons if "impacted" in r]
    finally:
        ws.close()


def test_off_mode_adds_nothing(green_pair: tuple[Path, str]) -> None:
    root, url = green_pair
    ws = open_workspace(root, url, "off")
    try:
        turn_red(ws)
        doc = tracking.get_status(ws, "HMS-DOC")
        assert doc.status.value == "green" and REASON not in doc.reasons
    finally:
        ws.close()


def test_a_run_applies_a_changed_mode(green_pair: tuple[Path, str]) -> None:
    root, url = green_pair
    ws = open_workspace(root, url)
    try:
        turn_red(ws)
    finally:
        ws.close()
    ws = open_workspace(root, url, "off")
    try:
        runner.quick_update(ws, "HMS-API")
        assert REASON not in tracking.get_status(ws, "HMS-DOC").reasons
        assert REASON not in snapshot(root, "HMS-DOC")["reasons"]  # type: ignore[operator]
    finally:
        ws.close()


def test_a_red_cycle_impacts_both_sides_once_and_ends(hms_root: Path, store_url: str) -> None:
    catalog(hms_root, "HMS-DOC", "HMS-API")
    catalog(hms_root, "HMS-API", "HMS-DOC")
    ws = open_workspace(hms_root, store_url)
    try:
        for cid in ("HMS-API", "HMS-DOC"):
            tracking.record_test_run(ws, cid, None, TestCounts(passed=1, failed=9))
        api = tracking.get_status(ws, "HMS-API")
        doc = tracking.get_status(ws, "HMS-DOC")
        assert api.status.value == doc.status.value == "red"
        assert api.reasons.count("impacted: dependency HMS-DOC is red") == 1
        assert doc.reasons.count(REASON) == 1
        assert impact.refresh(ws) == []
    finally:
        ws.close()


def test_a_component_with_nothing_recorded_gets_no_note(hms_root: Path, store_url: str) -> None:
    catalog(hms_root, "HMS-DOC", "HMS-API")
    ws = open_workspace(hms_root, store_url)
    try:
        turn_red(ws)
        assert tracking.get_status(ws, "HMS-DOC").status.value == "unknown"
        assert REASON not in tracking.get_status(ws, "HMS-DOC").reasons
    finally:
        ws.close()


def test_the_dependents_status_md_follows(green_pair: tuple[Path, str]) -> None:
    root, url = green_pair
    ws = open_workspace(root, url)
    page = root / "SYSTEM-COMPONENTS" / "HMS-DOC" / "HMS-docs" / "STATUS.md"
    try:
        ticket = turn_red(ws)
        text = page.read_text(encoding="utf-8")
        assert f"- {REASON}\n" in text
        assert "| depends on | HMS-API | RED |\n" in text
        tracking.resolve(ws, ticket, "restarted")
        text = page.read_text(encoding="utf-8")
        assert REASON not in text and "| depends on | HMS-API | GREEN |\n" in text
    finally:
        ws.close()
