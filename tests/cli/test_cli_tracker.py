"""Every tracker command through the CLI, and every hostile input: one line, exit 2, nothing written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from hms_status.cli.errors import run_guarded
from hms_status.cli.root import cli


def invoke(root: Path, *args: str) -> tuple[int, str, str]:
    """Run hms-status through the real error handler; return (exit code, stdout, stderr)."""
    runner = CliRunner()
    result = runner.invoke(_Guarded(), ["--root", str(root), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


class _Guarded:
    """Adapter so CliRunner drives run_guarded (the real entry point's error handling)."""

    name = "hms-status"

    def main(self, args: list[str], prog_name: str | None = None, **_: object) -> None:
        raise SystemExit(run_guarded(cli, list(args), prog_name))


def data_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in (root / "data").rglob("*")
        if p.is_file() and not p.name.startswith(".") and "hms-status.db" not in p.name
    }


def test_the_plan_commands(hms_root: Path) -> None:
    assert (
        invoke(
            hms_root,
            "tracker",
            "start",
            "HMS-API",
            "--success",
            "--env",
            "dev",
            "--version",
            "1.2.3",
        )[0]
        == 0
    )
    code, out, _ = invoke(hms_root, "tracker", "test", "HMS-API", "--success", "--results",
                          '{"passed": 42, "failed": 0, "skipped": 3}')  # fmt: skip
    assert code == 0 and "GREEN" in out
    code, out, _ = invoke(hms_root, "tracker", "issue", "HMS-API", "--title", "Database connection timeout",
                          "--severity", "medium")  # fmt: skip
    assert code == 0 and "opened WT-HMS-API-001" in out
    code, out, _ = invoke(
        hms_root, "tracker", "resolve", "WT-HMS-API-001", "--resolution", "Increased timeout"
    )
    assert code == 0 and "resolved WT-HMS-API-001" in out
    code, out, _ = invoke(hms_root, "tracker", "get", "HMS-API", "--json")
    status = json.loads(out)
    assert code == 0 and status["status"] == "green" and status["test_results"]["passed"] == 42
    code, out, _ = invoke(hms_root, "tracker", "list", "--json")
    assert [r["status"] for r in json.loads(out)] == ["green", "unknown"]
    code, out, _ = invoke(hms_root, "tracker", "history", "HMS-API", "--json")
    assert [e["kind"] for e in json.loads(out)] == [
        "ticket_resolved",
        "ticket_opened",
        "test_run",
        "start",
    ]


def test_failure_duration_assign_and_text_output(hms_root: Path) -> None:
    code, out, _ = invoke(hms_root, "tracker", "start", "HMS-DOC", "--failure", "--duration-ms", "1500",
                          "--message", "port in use")  # fmt: skip
    assert code == 0 and "failed" in out
    invoke(hms_root, "tracker", "issue", "HMS-DOC", "--title", "Port clash", "--severity", "high")
    code, out, _ = invoke(
        hms_root, "tracker", "assign", "WT-HMS-DOC-001", "--to", "alice", "--json"
    )
    assert code == 0 and json.loads(out)["assigned_to"] == "alice"
    code, out, _ = invoke(hms_root, "tracker", "list")
    assert code == 0 and "HMS-DOC" in out and "yellow" in out


HOSTILE = [
    (["tracker", "test", "HMS-API", "--results", "{not json"], "not valid JSON"),
    (["tracker", "test", "HMS-API", "--results", '{"passed": -1}'], "greater than or equal to 0"),
    (["tracker", "test", "HMS-API", "--results", '{"passed": 1.5}'], "passed"),
    (["tracker", "test", "HMS-API", "--results", '{"passed": "3"}'], "passed"),
    (["tracker", "test", "HMS-API", "--results", '{"pased": 3}'], "pased"),
    (["tracker", "test", "HMS-API", "--results", "[1, 2]"], "JSON object"),
    (
        ["tracker", "test", "HMS-API", "--success", "--results", '{"passed": 1, "failed": 1}'],
        "contradicts",
    ),
    (["tracker", "test", "HMS-API"], "needs --success or --failure"),
    (["tracker", "test", "HMS-API", "--junit", "missing.xml"], "missing.xml"),
    (["tracker", "issue", "HMS-API", "--title", "x", "--severity", "urgent"], "unknown severity"),
    (["tracker", "issue", "HMS-API", "--title", "  ", "--severity", "low"], "must not be empty"),
    (["tracker", "resolve", "WT-HMS-API-001", "--resolution", "x"], "unknown ticket"),
    (["tracker", "resolve", "not-a-ticket", "--resolution", "x"], "invalid ticket ID"),
    (["tracker", "start", "../../etc/passwd"], "invalid component ID"),
    (["tracker", "start", "HMS-APII"], "did you mean HMS-API"),
    (["tracker", "get", "hms-api"], "did you mean HMS-API"),
    (["tracker", "start", "HMS-API", "--duration-ms", "-5"], "--duration-ms"),
    (["tracker", "start"], "Missing argument"),
    (["tracker", "history", "HMS-API", "--limit", "0"], "--limit"),
]


@pytest.mark.parametrize(("args", "message"), HOSTILE)
def test_hostile_input_is_one_line_exit_2_nothing_written(
    hms_root: Path, args: list[str], message: str
) -> None:
    before = data_files(hms_root)
    code, out, err = invoke(hms_root, *args)
    assert code == 2, (out, err)
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 3
    assert data_files(hms_root) == before


def test_resolving_a_resolved_ticket_is_refused(hms_root: Path) -> None:
    invoke(hms_root, "tracker", "issue", "HMS-API", "--title", "t", "--severity", "low")
    assert invoke(hms_root, "tracker", "resolve", "WT-HMS-API-001", "--resolution", "done")[0] == 0
    before = data_files(hms_root)
    code, _, err = invoke(hms_root, "tracker", "resolve", "WT-HMS-API-001", "--resolution", "again")
    assert code == 2 and "already resolved" in err
    assert data_files(hms_root) == before


def test_no_root_found_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = CliRunner().invoke(_Guarded(), ["tracker", "list"]).exit_code, "", ""
    result = CliRunner().invoke(_Guarded(), ["tracker", "list"])
    assert result.exit_code == 2 and "no HMS root found" in result.stderr
    assert code == 2 and not err


def test_root_is_found_by_walking_up(hms_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(hms_root / "SYSTEM-COMPONENTS" / "HMS-API")
    result = CliRunner().invoke(_Guarded(), ["tracker", "start", "HMS-API"])
    assert result.exit_code == 0
    assert (hms_root / "data" / "status" / "HMS-API.json").is_file()


def test_environment_variables_select_root_and_store(hms_root: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    db = tmp_path / "elsewhere.db"
    monkeypatch.setenv("HMS_ROOT", str(hms_root))
    monkeypatch.setenv("HMS_DATABASE_URL", f"sqlite:///{db}")
    assert CliRunner().invoke(_Guarded(), ["tracker", "start", "HMS-API"]).exit_code == 0
    assert db.is_file() and not (hms_root / "data" / "hms-status.db").exists()
    assert os.environ["HMS_ROOT"] == str(hms_root)


def test_a_file_that_is_not_a_store_is_one_line_and_left_alone(hms_root: Path) -> None:
    db = hms_root / "data" / "hms-status.db"
    db.write_bytes(b"garbage, not SQLite")
    code, _, err = invoke(hms_root, "tracker", "start", "HMS-API")
    assert code == 1 and "file is not a database" in err and len(err.strip().splitlines()) == 1
    assert db.read_bytes() == b"garbage, not SQLite"


def test_an_unreachable_server_is_one_line(hms_root: Path) -> None:
    code, _, err = invoke(
        hms_root, "--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/x", "tracker", "list"
    )
    assert code == 1 and "Connection refused" in err and len(err.strip().splitlines()) == 1


def test_store_durability_is_configurable_and_checked(hms_root: Path) -> None:
    config = hms_root / "hms-status.toml"
    config.write_text('[store]\nsqlite_synchronous = "NORMAL"\n')
    assert invoke(hms_root, "tracker", "start", "HMS-API")[0] == 0
    config.write_text('[store]\nsqlite_synchronous = "OFF"\n')
    code, _, err = invoke(hms_root, "tracker", "start", "HMS-API")
    assert code == 2 and "sqlite_synchronous must be one of" in err


def test_a_directory_that_is_not_a_root_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    code, _, err = invoke(plain, "tracker", "list")
    assert code == 2 and "is not an HMS root" in err and "hms-status init" in err
    assert list(plain.iterdir()) == []


def test_a_mistyped_store_path_is_refused_not_created(hms_root: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no-such-dir' / 'x.db'}"
    code, _, err = invoke(hms_root, "--database-url", url, "tracker", "start", "HMS-API")
    assert code == 2 and "does not exist" in err
    assert not (tmp_path / "no-such-dir").exists()


@pytest.mark.foreign_snapshots
def test_a_tampered_snapshot_is_not_served(hms_root: Path) -> None:
    invoke(hms_root, "tracker", "issue", "HMS-API", "--title", "down", "--severity", "critical")
    snapshot = hms_root / "data" / "status" / "HMS-API.json"
    snapshot.write_text('{"component_id": "HMS-API", "status": "green"}')
    code, out, _ = invoke(hms_root, "tracker", "get", "HMS-API", "--json")
    assert code == 0 and json.loads(out)["status"] == "red"
    code, out, _ = invoke(hms_root, "tracker", "get", "HMS-API")
    assert code == 0 and "RED" in out


def test_a_removed_component_keeps_its_history_readable(hms_root: Path) -> None:
    import shutil

    invoke(hms_root, "tracker", "start", "HMS-DOC")
    shutil.rmtree(hms_root / "SYSTEM-COMPONENTS" / "HMS-DOC")
    (hms_root / "data" / "status" / "HMS-DOC.json").unlink()
    code, out, _ = invoke(hms_root, "tracker", "get", "HMS-DOC", "--json")
    assert code == 0 and json.loads(out)["counters"]["starts"] == 1
    assert invoke(hms_root, "tracker", "history", "HMS-DOC")[0] == 0


@pytest.mark.parametrize(
    "args",
    [
        ["tracker", "issue", "HMS-API", "--title", "line1\nline2", "--severity", "low"],
        ["tracker", "issue", "HMS-API", "--title", "red \x1b[31malert", "--severity", "low"],
        ["tracker", "start", "HMS-API", "--env", "x" * 101],
        ["tracker", "start", "HMS-API", "--version", "1.0\r\n"],
    ],
)
def test_control_characters_and_oversized_fields_are_refused(
    hms_root: Path, args: list[str]
) -> None:
    before = data_files(hms_root)
    code, _, err = invoke(hms_root, *args)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert data_files(hms_root) == before


def test_a_data_folder_that_is_not_a_directory_is_one_line_exit_2_and_nothing_recorded(
    hms_root: Path,
) -> None:
    status_dir = hms_root / "data" / "status"
    blocked = hms_root / "data" / "blocked"
    blocked.write_text("not a directory")
    status_dir.rmdir()
    status_dir.symlink_to(blocked)
    code, _, err = invoke(hms_root, "tracker", "start", "HMS-API")
    assert code == 2 and "is not a directory" in err and len(err.strip().splitlines()) == 1
    status_dir.unlink()
    status_dir.mkdir()
    code, out, _ = invoke(hms_root, "tracker", "history", "HMS-API", "--json")
    assert code == 0 and json.loads(out) == []  # nothing was recorded
