"""hms-status token create|list|revoke: the secret is printed once; errors are one line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.config.clirun import hms as run_hms

from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services import tokens


def hms(root: Path, url: str, *args: str) -> tuple[int, str, str]:
    """hms-status on root with the store at url: (exit code, stdout, stderr)."""
    return run_hms(root, "--database-url", url, *args)


def _authenticate(root: Path, url: str, token: str) -> tokens.Grant | None:
    ws = Workspace(load_settings(root, {}, url))
    try:
        return tokens.authenticate(ws, token)
    finally:
        ws.close()


def test_create_prints_the_token_once_and_list_never_shows_it(
    hms_root: Path, store_url: str
) -> None:
    code, out, err = hms(hms_root, store_url, "token", "create", "ci", "--scope", "write:HMS-API")
    assert code == 0
    token = out.strip()
    assert out == token + "\n" and token.startswith("hms_")
    assert "shown only this once" in err and token not in err
    assert _authenticate(hms_root, store_url, token) == tokens.Grant("ci", "write", ("HMS-API",))
    code, out, _ = hms(hms_root, store_url, "token", "list")
    assert code == 0 and "ci" in out and "write:HMS-API" in out and "active" in out
    assert token[4:] not in out
    code, out, _ = hms(hms_root, store_url, "token", "list", "--json")
    (row,) = json.loads(out)
    assert row["name"] == "ci" and row["components"] == ["HMS-API"] and row["active"] is True
    assert row["last_used_at"] is not None and token[4:] not in out


def test_create_json_and_revoke(hms_root: Path, store_url: str) -> None:
    code, out, _ = hms(hms_root, store_url, "token", "create", "ops", "--scope", "admin", "--json")
    assert code == 0
    made = json.loads(out)
    assert made["scope"] == "admin" and made["token"].startswith("hms_")
    code, out, _ = hms(hms_root, store_url, "token", "revoke", "ops")
    assert code == 0 and out.startswith("revoked token 'ops' (admin) at ")
    assert _authenticate(hms_root, store_url, made["token"]) is None
    code, out, err = hms(hms_root, store_url, "token", "revoke", "ops")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "no active token named 'ops'" in err
    code, out, _ = hms(hms_root, store_url, "token", "list", "--json")
    (row,) = json.loads(out)
    assert row["active"] is False and row["revoked_at"] is not None


def test_bad_input_is_one_line_exit_2_and_writes_nothing(hms_root: Path, store_url: str) -> None:
    hostile = [
        ("create", "ci", "--scope", "write:../etc"),
        ("create", "ci", "--scope", "root"),
        ("create", "ci", "--scope", "write:HMS-APII"),
        ("create", "../ci", "--scope", "read"),
        ("create", "ci"),
        ("revoke", "nobody"),
    ]
    for args in hostile:
        code, out, err = hms(hms_root, store_url, "token", *args)
        assert code == 2, (args, err)
        assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert hms(hms_root, store_url, "token", "create", "ci", "--scope", "read")[0] == 0
    code, out, err = hms(hms_root, store_url, "token", "create", "ci", "--scope", "admin")
    assert code == 2 and out == "" and "already exists" in err
    code, out, _ = hms(hms_root, store_url, "token", "list", "--json")
    assert [row["scope"] for row in json.loads(out)] == ["read"]


def test_list_with_no_tokens_says_how_to_make_one(hms_root: Path, store_url: str) -> None:
    code, out, _ = hms(hms_root, store_url, "token", "list")
    assert code == 0 and "hms-status token create NAME --scope SCOPE" in out
    assert hms(hms_root, store_url, "token", "list", "--json")[1].strip() == "[]"
