"""`hms-status report` and `hms-status store compact` as a user runs them, and issue 13's
done-when on the demo: `report --window 30d` gives uptime, MTTR and incidents per component."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.config.clirun import hms, one_error_line

from hms_status.demo.build import build_demo


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "hms"
    build_demo(root, components=8)
    return root


@pytest.mark.parametrize("window", ["2x", "0d", "169h", "month"])
def test_a_bad_window_exits_2_with_the_accepted_forms(hms_root: Path, window: str) -> None:
    code, out, err = hms(hms_root, "report", "--window", window, "--json")
    assert code == 2 and out == ""
    assert "use 24h, 7d, 30d, 90d, 365d, or any Nd" in one_error_line(err)


def test_an_unknown_component_exits_2(hms_root: Path) -> None:
    code, _, err = hms(hms_root, "report", "HMS-NOPE")
    assert code == 2 and "HMS-NOPE" in one_error_line(err)


def test_a_component_with_nothing_recorded_reports_no_figures(hms_root: Path) -> None:
    code, out, _ = hms(hms_root, "report", "HMS-API", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["status"], data["uptime_percentage"], data["coverage_percentage"]) == (
        "unknown",
        None,
        0.0,
    )
    assert [u["window"] for u in data["uptime_windows"]] == ["24h", "7d", "30d", "90d"]


def test_done_when_report_30d_gives_uptime_mttr_and_incidents_per_component(
    demo_root: Path,
) -> None:
    code, out, err = hms(demo_root, "report", "--window", "30d", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["window"] == "30d" and len(data["components"]) == 8
    for line in data["components"]:
        assert {"uptime_percentage", "coverage_percentage", "mttr_s", "incidents"} <= set(line)
    recorded = [line for line in data["components"] if line["status"] != "unknown"]
    assert recorded and all(line["uptime_percentage"] is not None for line in recorded)
    red = [line for line in data["components"] if line["status"] == "red"]
    assert all(line["incidents"] >= 1 and line["ongoing_incident"] for line in red)
    assert data["totals"]["components"] == 8
    code, text, _ = hms(demo_root, "report", "--window", "30d")
    assert code == 0 and "MTTR" in text and "incidents" in text
    for line in data["components"]:
        assert line["component_id"] in text


def test_one_component_of_the_demo(demo_root: Path) -> None:
    code, out, _ = hms(demo_root, "report", "--json")
    name = json.loads(out)["components"][0]["component_id"]
    code, text, err = hms(demo_root, "report", name, "--window", "7d")
    assert code == 0, err
    assert "Uptime" in text and "time in status" in text and "24h" in text


def test_compact_dry_run_reports_and_changes_nothing(demo_root: Path) -> None:
    code, out, err = hms(demo_root, "store", "compact", "--dry-run", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["dry_run"] is True and data["events"] == 0  # the demo's history is recent
    code, text, _ = hms(demo_root, "store", "compact", "--dry-run")
    assert code == 0 and text.startswith("would delete 0 events")
