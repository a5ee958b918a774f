"""The demo's done-when for suggestions: a test that failed and was fixed elsewhere is suggested
first, with its written fix; a ticket with nothing similar says so; colours are unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.config.clirun import hms

from hms_status.demo.build import build_demo
from hms_status.demo.fixes import FIXES, SHARED_MESSAGE, SHARED_TEST


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-suggest") / "hms"
    summary = build_demo(root)
    assert summary["statuses"] == {"green": 19, "yellow": 8, "red": 4, "unknown": 2}
    return root


def _ticket(root: Path, ticket: str) -> dict[str, object]:
    code, out, err = hms(root, "tracker", "suggest", ticket, "--json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_new_failing_test_ticket_is_suggested_the_earlier_fix_first(demo: Path) -> None:
    key = f"tests.test_core::{SHARED_TEST}"
    new = json.loads((demo / "data/work-tickets/WT-HMS-EHR-003.json").read_text(encoding="utf-8"))
    assert (new["source"], new["test"], new["state"]) == ("test", key, "open")
    earlier = json.loads((demo / "data/work-tickets/WT-HMS-ABC-001.json").read_text("utf-8"))
    assert (earlier["test"], earlier["state"]) == (key, "resolved")
    assert earlier["resolution"] == FIXES[SHARED_MESSAGE]
    assert new["suggestions"][0]["ticket_id"] == "WT-HMS-ABC-001"  # in the file, at opening
    report = _ticket(demo, "WT-HMS-EHR-003")
    top = report["suggestions"][0]  # type: ignore[index]
    assert top["ticket_id"] == "WT-HMS-ABC-001" and top["why"]["same_test"] is True
    assert top["resolution"] == FIXES[SHARED_MESSAGE]
    step = str(report["next_step"])
    assert step.startswith(f"Try what resolved WT-HMS-ABC-001: {FIXES[SHARED_MESSAGE]}")


def test_a_ticket_with_nothing_similar_says_so(demo: Path) -> None:
    report = _ticket(demo, "WT-HMS-GOV-001")  # "Footer links point to the retired policy site"
    assert report["suggestions"] == [] and report["message"] == "no similar resolved ticket"
    code, out, _ = hms(demo, "tracker", "suggest", "WT-HMS-GOV-001")
    assert code == 0 and "no similar resolved ticket" in out
