"""hms-status maintenance add|list|end: hostile input is one line and exit 2 with nothing
written; windows are listed (table and JSON), ended, and shown by `tracker get`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.config.clirun import hms as run_hms


def hms(root: Path, url: str, *args: str) -> tuple[int, str, str]:
    """hms-status on root with the store at url: (exit code, stdout, stderr)."""
    return run_hms(root, "--database-url", url, *args)


def _windows(root: Path, url: str) -> list[dict[str, object]]:
    code, out, err = hms(root, url, "maintenance", "list", "--all", "--json")
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


HOSTILE = [
    (["HMS-API", "--to", "tomorrow"], "invalid --to 'tomorrow'"),
    (["HMS-API", "--to", "2026-12-01T10:00:00"], "invalid --to"),  # no offset
    (["HMS-API", "--to", "2026-02-30T10:00:00Z"], "no such time"),
    (["HMS-API", "--to", "+1y"], "invalid --to"),
    (["HMS-API", "--to", "+9999999d"], "invalid --to"),
    (["HMS-API", "--to", "+999999d"], "too far ahead"),
    (["HMS-API", "--from", "+2h", "--to", "+0m"], "no time at all"),
    (
        ["HMS-API", "--from", "2030-01-01T00:00:00Z", "--to", "2029-12-31T00:00:00Z"],
        "not after --from",
    ),
    (["HMS-API", "--from", "2020-01-01T00:00:00Z", "--to", "2020-01-02T00:00:00Z"], "over already"),
    (["HMS-API", "--to", "+1h\x1b[31m"], "control character"),
    (["HMS-API", "--to", "x" * 5000], "the limit is 64"),
    (["HMS-API", "--to", "+1h", "--reason", "r" * 201], "--reason is 201 characters long"),
    (["HMS-API", "--to", "+1h", "--reason", "   "], "--reason must not be empty"),
    (["HMS-API", "--to", "+1h", "--reason", "a\rb"], "control character"),
    (["NO-SUCH", "--to", "+1h"], "NO-SUCH"),
    (["../../etc/passwd", "--to", "+1h"], "invalid component ID"),
    (["/tmp/x", "--to", "+1h"], "invalid component ID"),
    (["HMS-API/..", "--to", "+1h"], "invalid component ID"),
    (["-", "--to", "+1h"], "invalid component ID"),
]


@pytest.mark.parametrize(("args", "message"), HOSTILE)
def test_hostile_add_is_one_line_exit_2_and_writes_nothing(
    hms_root: Path, args: list[str], message: str
) -> None:
    url = f"sqlite:///{hms_root / 'data' / 'hms-status.db'}"
    argv = ["maintenance", "add", *args]
    if "--reason" not in args:
        argv += ["--reason", "upgrade"]
    code, out, err = hms(hms_root, url, *argv)
    assert code == 2, (out, err)
    assert message in err, err
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert _windows(hms_root, url) == []


def test_add_list_end_and_get(hms_root: Path, store_url: str) -> None:
    reason = "DB upgrade [/x] <b>&amp; | *bold*"
    code, out, err = hms(
        hms_root, store_url, "maintenance", "add", "HMS-API", "--to", "+2h", "--reason", reason
    )
    assert code == 0, err
    assert "maintenance window 1: HMS-API" in out and reason in out
    code, out, _ = hms(
        hms_root,
        store_url,
        "maintenance",
        "add",
        "HMS-DOC",
        "--from",
        "+1d",
        "--to",
        "+1h",
        "--reason",
        "later",
        "--json",
    )
    assert code == 0 and json.loads(out)["state"] == "upcoming"
    code, out, _ = hms(hms_root, store_url, "maintenance", "list")
    assert code == 0 and "active" in out and "upcoming" in out and reason in out
    code, out, _ = hms(hms_root, store_url, "maintenance", "list", "HMS-API", "--json")
    (row,) = json.loads(out)
    assert row["window_id"] == 1 and row["state"] == "active" and row["reason"] == reason
    code, out, err = hms(hms_root, store_url, "tracker", "get", "HMS-API")
    assert code == 0, err
    assert f"maintenance: {reason} until {row['until']}" in out
    code, out, err = hms(hms_root, store_url, "tracker", "get", "HMS-API", "--json")
    assert json.loads(out)["maintenance"]["reason"] == reason
    code, out, _ = hms(hms_root, store_url, "maintenance", "end", "HMS-API", "--json")
    assert code == 0 and [r["state"] for r in json.loads(out)] == ["ended"]
    code, out, _ = hms(hms_root, store_url, "maintenance", "end", "2")
    assert code == 0 and "cancelled" in out
    assert hms(hms_root, store_url, "maintenance", "list")[1] == "no maintenance windows\n"
    assert len(_windows(hms_root, store_url)) == 2


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("HMS-API", "HMS-API is not in maintenance now"),
        ("999", "no maintenance window 999"),
        ("99999999999999999999", "no maintenance window 9999999999999999999..."),
        ("../x", "invalid component ID"),
        ("a b", "invalid component ID"),
    ],
)
def test_end_refuses_what_is_not_there(hms_root: Path, target: str, message: str) -> None:
    url = f"sqlite:///{hms_root / 'data' / 'hms-status.db'}"
    code, out, err = hms(hms_root, url, "maintenance", "end", target)
    assert code == 2 and message in err and out == "" and err.count("\n") == 1


def test_list_refuses_unknown_and_path_like_ids(hms_root: Path) -> None:
    url = f"sqlite:///{hms_root / 'data' / 'hms-status.db'}"
    for target, message in (("NOPE", "NOPE"), ("../etc", "invalid component ID")):
        code, out, err = hms(hms_root, url, "maintenance", "list", target)
        assert code == 2 and message in err and out == ""
