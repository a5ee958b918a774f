"""`tracker flaky|tests|quarantine|unquarantine|quarantined` and `--commit` through the real CLI,
and issue 13's done-when on the demo: the flipping test is listed, quarantining it changes the
pass rate and the reasons say so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.config.clirun import hms, one_error_line
from tests.web.conftest import serve

from hms_status.config import load_settings
from hms_status.demo.build import build_demo
from hms_status.foundation.workspace import Workspace
from hms_status.services import tests_over_time, tokens
from hms_status.store.test_history import recent_runs

ETL = "HMS-ETL"
FLIPPING = "tests.test_core::test_merge_provider"


def junit(path: Path, failed: bool) -> Path:
    failure = '<failure message="boom">boom</failure>' if failed else ""
    path.write_text(
        '<testsuite name="s"><testcase classname="t" name="a" time="0.1"/>'
        f'<testcase classname="t" name="b" time="0.2">{failure}</testcase></testsuite>',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("flaky-demo") / "hms"
    build_demo(root)
    return root


def test_done_when_on_the_demo(demo: Path) -> None:
    code, out, _ = hms(demo, "tracker", "flaky", "--json")
    assert code == 0
    [report] = json.loads(out)
    assert report["component_id"] == ETL
    [test] = report["flaky"]
    assert test["test_key"] == FLIPPING
    assert (test["flip_rate"], test["flips"], test["executed_runs"]) == (0.6, 3, 6)
    assert test["rules"] == ["flip_rate"]
    assert len(test["run_ids"]) == 3 and test["last_failure"]["message"]
    before = json.loads(hms(demo, "tracker", "get", ETL, "--json")[1])
    assert (before["status"], before["health_metrics"]["test_pass_rate"]) == ("yellow", 95.0)
    code, out, err = hms(
        demo, "tracker", "quarantine", ETL, FLIPPING, "--reason", "mock server timeouts", "--json"
    )
    assert code == 0, err
    done = json.loads(out)
    assert done["tickets_resolved"] == ["WT-HMS-ETL-001"]
    after = json.loads(hms(demo, "tracker", "get", ETL, "--json")[1])
    assert (after["status"], after["health_metrics"]["test_pass_rate"]) == ("green", 100.0)
    assert (
        "note: 1 quarantined test is not counted in the pass rate (1 failed in the last run)"
        in after["reasons"]
    )
    code, out, _ = hms(demo, "tracker", "quarantined", "--json")
    assert [q["test_key"] for q in json.loads(out)] == [FLIPPING]
    code, out, _ = hms(demo, "tracker", "tests", ETL, "--json", "--slowest", "3")
    data = json.loads(out)
    assert data["summary"] == "0 new failures, 1 still failing, 0 fixed"
    assert data["runs"] == 6 and len(data["slowest"]) == 3


def test_bad_input_exits_2_with_one_line(hms_root: Path, tmp_path: Path) -> None:
    report = junit(tmp_path / "r.xml", True)
    assert hms(hms_root, "tracker", "test", "HMS-API", "--junit", str(report))[0] == 0
    cases = [
        (("tracker", "flaky", "HMS-NOPE"), "unknown component HMS-NOPE"),
        (("tracker", "tests", "HMS-NOPE"), "unknown component HMS-NOPE"),
        (("tracker", "quarantine", "HMS-NOPE", "t::b", "--reason", "x"), "unknown component"),
        (("tracker", "quarantine", "HMS-API", "t::zz", "--reason", "x"), "tracker tests HMS-API"),
        (("tracker", "unquarantine", "HMS-API", "t::b"), "is not quarantined"),
        (("tracker", "tests", "HMS-API", "--slowest", "-1"), "--slowest must be from 0"),
        (("tracker", "test", "HMS-API", "--success", "--commit", "xyz1234"), "not a commit SHA"),
    ]
    for args, expected in cases:
        code, out, err = hms(hms_root, *args)
        assert code == 2, (args, out, err)
        assert expected in one_error_line(err)
    code, _, err = hms(hms_root, "tracker", "quarantine", "HMS-API", "t::b")
    assert code == 2 and "--reason" in err


def test_commit_from_the_ci_environment(hms_root: Path, tmp_path: Path) -> None:
    for index, (failed, env) in enumerate(
        [(False, {"GITHUB_SHA": "a" * 40}), (True, {"CI_COMMIT_SHA": "a" * 40})]
    ):
        report = junit(tmp_path / f"r{index}.xml", failed)
        assert hms(hms_root, "tracker", "test", "HMS-API", "--junit", str(report), env=env)[0] == 0
    code, out, _ = hms(hms_root, "tracker", "flaky", "HMS-API")
    assert code == 0
    assert "t::b" in out and "same_commit" in out
    code, out, _ = hms(hms_root, "tracker", "flaky")
    assert "t::b" in out


def test_push_sends_the_commit_as_json_and_with_reports(
    hms_root: Path, store_url: str, tmp_path: Path
) -> None:
    ws = Workspace(load_settings(hms_root, {}, store_url))
    ws.open_store()
    token = tmp_path / "token"
    token.write_text(tokens.create(ws, "ci", "write:HMS-API").token + "\n")
    with serve(ws) as server:
        base = (
            hms_root,
            "push",
            "--server",
            server.url,
            "--token-file",
            str(token),
            "test",
            "HMS-API",
        )
        assert hms(*base, "--success", "--commit", "1234567")[0] == 0
        report = junit(tmp_path / "r.xml", True)
        env = {"GITHUB_SHA": "89ABCDEF"}
        assert hms(*base, "--junit", str(report), env=env)[0] == 0
        code, out, err = hms(*base, "--success", "--commit", "g123456")
        assert (code, out) == (2, "") and "not a commit SHA" in err
    runs = tests_over_time.tests_report(ws, "HMS-API").to_json()["durations"]
    assert len(runs) == 2
    with ws.store.reading() as conn:
        assert [r.commit for r in recent_runs(conn, "HMS-API", 5)] == ["1234567", "89abcdef"]
    ws.close()
