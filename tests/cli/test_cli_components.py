"""Components are known, never invented: unknown IDs are refused with a did-you-mean, and a
central store keeps the registered set that CI runners without a checkout record against."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from tests.conftest import make_root

from hms_status.cli.errors import run_guarded
from hms_status.cli.root import cli
from hms_status.services.setup import init_root


class _Guarded:
    """Adapter so CliRunner drives run_guarded (the real entry point's error handling)."""

    name = "hms-status"

    def main(self, args: list[str], prog_name: str | None = None, **_: object) -> None:
        raise SystemExit(run_guarded(cli, list(args), prog_name))


def hms(root: Path, url: str, *args: str) -> tuple[int, str, str]:
    """hms-status on root with the store at url: (exit code, stdout, stderr)."""
    runner = CliRunner()
    argv = ["--root", str(root), "--database-url", url, *args]
    result = runner.invoke(_Guarded(), argv, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def listed(root: Path, url: str) -> dict[str, dict[str, object]]:
    code, out, _ = hms(root, url, "component", "list", "--json")
    assert code == 0
    return {row["component_id"]: row for row in json.loads(out)}


def test_a_typo_is_refused_with_the_nearest_id_and_invents_nothing(
    hms_root: Path, store_url: str
) -> None:
    code, out, err = hms(hms_root, store_url, "tracker", "start", "HMS-APII", "--success")
    assert code == 2 and out == ""
    assert "unknown component HMS-APII (did you mean HMS-API?)" in err
    for args in (("test", "HMS-APII", "--success"), ("issue", "HMS-APII", "--title", "x")):
        assert hms(hms_root, store_url, "tracker", *args)[0] == 2
    assert set(listed(hms_root, store_url)) == {"HMS-API", "HMS-DOC"}
    assert not (hms_root / "data" / "status" / "HMS-APII.json").exists()


def test_an_empty_registry_knows_nothing(tmp_path: Path, store_url: str) -> None:
    root = tmp_path / "hms"
    init_root(root)
    code, _, err = hms(root, store_url, "tracker", "start", "HMS-API", "--success")
    assert code == 2 and "unknown component HMS-API (no component is known yet" in err
    assert "hms-status component add HMS-API" in err


def test_a_ci_runner_without_a_checkout_records_for_registered_ids_only(
    tmp_path: Path, store_url: str
) -> None:
    server = make_root(tmp_path / "hms")  # the shared store lives in its data/ on SQLite
    runner = tmp_path / "runner"
    init_root(runner)  # no SYSTEM-COMPONENTS/ entries: an empty registry
    assert hms(runner, store_url, "component", "add", "HMS-API", "--description", "the API")[0] == 0

    code, _, err = hms(runner, store_url, "tracker", "start", "HMS-APII", "--success")
    assert code == 2 and "did you mean HMS-API?" in err
    assert hms(runner, store_url, "tracker", "start", "HMS-API", "--success")[0] == 0
    code, out, _ = hms(server, store_url, "tracker", "history", "HMS-API", "--json")
    assert code == 0 and [e["kind"] for e in json.loads(out)] == ["start"]
    api = listed(runner, store_url)["HMS-API"]
    assert api["sources"] == ["store"] and api["description"] == "the API" and api["has_data"]
    assert listed(server, store_url)["HMS-API"]["sources"] == ["directory", "store"]


def test_add_list_remove_and_purge(tmp_path: Path, store_url: str) -> None:
    root = make_root(tmp_path / "hms")
    code, out, _ = hms(root, store_url, "component", "add", "HMS-EXT", "--json")
    assert code == 0 and json.loads(out)["created"] is True
    code, out, _ = hms(root, store_url, "component", "add", "HMS-EXT")
    assert code == 0 and out.startswith("already registered: HMS-EXT")
    assert hms(root, store_url, "component", "add", "../etc")[0] == 2
    assert hms(root, store_url, "tracker", "start", "HMS-EXT", "--success")[0] == 0
    assert listed(root, store_url)["HMS-EXT"]["has_data"] is True

    code, out, _ = hms(root, store_url, "component", "remove", "HMS-EXT")
    assert code == 0 and "its history is kept" in out
    assert hms(root, store_url, "tracker", "start", "HMS-EXT", "--success")[0] == 2
    assert hms(root, store_url, "tracker", "history", "HMS-EXT")[0] == 0  # still readable
    ext = listed(root, store_url)["HMS-EXT"]
    assert ext["known"] is False and ext["has_data"] is True
    code, _, err = hms(root, store_url, "component", "remove", "HMS-EXT")
    assert code == 2 and "--purge" in err

    code, out, _ = hms(root, store_url, "component", "remove", "HMS-EXT", "--purge", "--json")
    assert code == 0 and json.loads(out)["purged"]["events"] == 1
    assert "HMS-EXT" not in listed(root, store_url)
    assert not (root / "data" / "status" / "HMS-EXT.json").exists()
    assert hms(root, store_url, "component", "remove", "HMS-EXT")[0] == 2


def test_a_component_the_registry_names_is_never_purged(tmp_path: Path, store_url: str) -> None:
    root = make_root(tmp_path / "hms")
    assert hms(root, store_url, "tracker", "start", "HMS-API", "--success")[0] == 0
    code, _, err = hms(root, store_url, "component", "remove", "HMS-API", "--purge")
    assert code == 2 and "still known from SYSTEM-COMPONENTS/HMS-API/" in err
    assert listed(root, store_url)["HMS-API"]["has_data"] is True
