"""Hostile input to the tracker: one line, exit 2, nothing recorded; on SQLite and PostgreSQL.

Each case crashed (exit 70), committed half a write, or hung before issue 9.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.cli.test_cli_tracker import invoke
from tests.conftest import make_root

HMS = [sys.executable, "-m", "hms_status"]


@pytest.fixture
def root(tmp_path: Path, store_url: str) -> Path:
    root = make_root(tmp_path / "hms", ("HMS-API",))
    (root / "hms-status.toml").write_text(f'[store]\nurl = "{store_url}"\n')
    return root


def _events(root: Path) -> list[dict[str, object]]:
    code, out, err = invoke(root, "tracker", "history", "HMS-API", "--json")
    assert code == 0, err
    events: list[dict[str, object]] = json.loads(out)
    return events


def _cli_bytes(root: Path, *args: bytes | str) -> subprocess.CompletedProcess[bytes]:
    """The real program with raw bytes as arguments, as a shell would pass them."""
    return subprocess.run(
        [*HMS, "--root", str(root), *args], capture_output=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    "args",
    [
        (b"tracker", b"start", b"HMS-API", b"--env", b"\xc3\x28"),
        (b"tracker", b"start", b"HMS-API", b"--version", b"1.\xff"),
        (b"tracker", b"issue", b"HMS-API", b"--title", b"bad\xff"),
        (b"tracker", b"test", b"HMS-API", b"--results", b'{"passed\xff": 1}'),
    ],
    ids=["env", "version", "title", "results"],
)
def test_undecodable_text_is_refused_and_nothing_is_recorded(
    root: Path, args: tuple[bytes, ...]
) -> None:
    done = _cli_bytes(root, *args)
    assert done.returncode == 2, done.stderr
    assert b"not valid UTF-8" in done.stderr and len(done.stderr.splitlines()) == 1
    assert _events(root) == []
    assert not (root / "data" / "status" / "HMS-API.json").exists()


def test_a_component_holding_undecodable_text_from_an_older_version_is_repaired(
    root: Path, store_url: str
) -> None:
    """An older version committed a lone surrogate before failing; reads and writes work again."""
    from hms_status.config import load_settings
    from hms_status.domain.enums import EventKind
    from hms_status.foundation.workspace import Workspace
    from hms_status.store import events_repo, rollups

    ws = Workspace(load_settings(root, {}, store_url))
    payload = {"timestamp": ws.now(), "success": True, "environment": "\udcc3(", "message": ""}
    with ws.store.writing() as conn:  # what the older version stored: an escaped surrogate
        event_id = events_repo.append(conn, "HMS-API", EventKind.START, ws.now(), payload)
        rollup = rollups.lock(conn, "HMS-API", ws.now())
        rollup.start_count += 1
        rollup.start_success_count += 1
        rollup.observe(True)
        rollup.last_start = payload
        rollups.save(conn, rollup, event_id, ws.now())
    ws.close()

    code, out, err = invoke(root, "tracker", "get", "HMS-API", "--json")
    assert code == 0, err
    assert json.loads(out)["last_start"]["environment"] == "\ufffd("
    assert invoke(root, "tracker", "start", "HMS-API", "--env", "dev")[0] == 0
    assert invoke(root, "tracker", "issue", "HMS-API", "--title", "Works again")[0] == 0
    code, out, _ = invoke(root, "tracker", "history", "HMS-API", "--json")
    assert "\ufffd(" in out or "\\ufffd(" in out
    code, out, err = invoke(root, "run", "full-update", "--json")
    assert code == 0, out + err
    status = json.loads((root / "data" / "status" / "HMS-API.json").read_text())
    assert status["component_id"] == "HMS-API"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tracker", "history", "HMS-API", "--limit", str(10**20)), "--limit must be from 1"),
        (("tracker", "history", "HMS-API", "--limit", "0"), "--limit must be from 1"),
        (("tracker", "start", "HMS-API", "--duration-ms", str(10**24)), "--duration-ms must be"),
        (("tracker", "start", "HMS-API", "--duration-ms", "-1"), "--duration-ms must be"),
        (("tracker", "test", "HMS-API", "--success", "--duration-ms", str(10**24)), "must be"),
        (("tracker", "test", "HMS-API", "--success", "--duration-ms", "2147483648"), "must be"),
        (("tracker", "test", "HMS-API", "--results", "[" * 60_000), "characters long"),
        (("tracker", "test", "HMS-API", "--results", "[" * 9_000), "nested too deeply"),
        (("tracker", "test", "HMS-API", "--results", '{"a":' * 2_000), "nested too deeply"),
    ],
    ids=[
        "limit-huge", "limit-zero", "start-duration-huge", "start-duration-negative",
        "test-duration-huge", "test-duration-int32", "results-long", "results-deep",
        "results-deep-objects",
    ],
)  # fmt: skip
def test_numbers_and_json_out_of_range_are_exit_2_and_nothing_recorded(
    root: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = invoke(root, *args)
    assert code == 2, (out, err)
    assert message in err and len(err.strip().splitlines()) == 1
    assert _events(root) == []


def test_the_largest_duration_is_stored_on_both_stores(root: Path) -> None:
    assert invoke(root, "tracker", "start", "HMS-API", "--duration-ms", "2147483647")[0] == 0
    code, _, err = invoke(root, "tracker", "test", "HMS-API", "--success", "--duration-ms",
                          "2147483647")  # fmt: skip
    assert code == 0, err
    assert [e["kind"] for e in _events(root)] == ["test_run", "start"]


def test_a_report_with_an_absurd_total_time_is_recorded_without_it(root: Path) -> None:
    report = root / "junit.xml"
    report.write_text(
        '<testsuite name="s" time="1e30"><testcase classname="c" name="t" time="1e30"/></testsuite>'
    )
    code, out, err = invoke(root, "tracker", "test", "HMS-API", "--junit", str(report), "--json")
    assert code == 0, err
    assert json.loads(out)["test_results"]["duration_ms"] is None


def test_deeply_nested_manifests_are_findings_not_crashes(root: Path) -> None:
    component = root / "SYSTEM-COMPONENTS" / "HMS-API"
    (component / "package.json").write_text('{"a":' * 100_000 + "1" + "}" * 100_000)
    (component / "config").mkdir()
    (component / "config" / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (component / "config" / "deep.yaml").write_text("- " * 5_000 + "x\n")
    (component / "Cargo.toml").write_text("a = " + "[" * 5_000 + "]" * 5_000 + "\n")

    code, out, err = invoke(root, "env", "check", "HMS-API", "--json")
    assert code in (1, 2, 3), err
    text = json.dumps(json.loads(out))
    assert "nested too deeply" in text
    code, out, err = invoke(root, "analyzer", "analyze", "HMS-API", "--json")
    assert code == 0, err
    malformed = [i for i in json.loads(out)["issues"] if i["type"] == "malformed_manifest"]
    assert malformed and "package.json" in malformed[0]["description"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_place_of_a_doc_is_left_alone(root: Path) -> None:
    component = root / "SYSTEM-COMPONENTS" / "HMS-API"
    os.mkfifo(component / "codex.md")
    done = subprocess.run(
        [*HMS, "--root", str(root), "docs", "update", "HMS-API"],
        capture_output=True,
        text=True,
        timeout=120,  # a read of the FIFO would block for ever
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "not written: codex.md: a FIFO (named pipe), not a regular file" in done.stdout


def test_the_configured_ticket_cap_holds_for_a_report_full_of_failures(root: Path) -> None:
    config = root / "hms-status.toml"
    config.write_text(config.read_text() + "\n[tracker]\nmax_tickets_per_run = 3\n")
    report = root / "junit.xml"

    def record(failing: int) -> list[str]:
        cases = "".join(
            f'<testcase classname="c" name="t{n}"><failure message="boom {n}"/></testcase>'
            for n in range(failing)
        )
        report.write_text(f'<testsuite name="s">{cases}</testsuite>')
        code, _, err = invoke(root, "tracker", "test", "HMS-API", "--junit", str(report))
        assert code == 0, err
        tickets = sorted((root / "data" / "work-tickets").glob("WT-HMS-API-*.json"))
        return [json.loads(t.read_text())["title"] for t in tickets]

    titles = record(20)
    assert len(titles) == 4  # three tests, and one ticket for the other seventeen
    assert sum("17 more failing tests" in title for title in titles) == 1
    titles = record(30)  # three more get tickets; the overflow ticket is retitled in place
    assert len(titles) == 7
    assert sum("24 more failing tests" in title for title in titles) == 1
