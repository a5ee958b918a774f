"""Every docs command through the CLI's real error handling, and the docs_integrator.py script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli_tracker import invoke

README = "SYSTEM-COMPONENTS/HMS-API/README.md"


def _record(root: Path) -> None:
    assert invoke(root, "tracker", "start", "HMS-API", "--success")[0] == 0
    code, _, err = invoke(
        root, "tracker", "test", "HMS-API", "--results", '{"passed": 42, "failed": 0}'
    )
    assert code == 0, err


def test_the_plan_commands(hms_root: Path) -> None:
    _record(hms_root)  # docs follow each recorded write, so they are current already
    assert (hms_root / "SYSTEM-COMPONENTS/HMS-API/HMS-docs/STATUS.md").is_file()
    code, out, _ = invoke(hms_root, "docs", "update", "HMS-API", "--json")
    result = json.loads(out)
    assert code == 0 and result["badge"] == "green"
    assert "SYSTEM-COMPONENTS/HMS-API/HMS-docs/STATUS.md" in result["unchanged"]
    code, out, _ = invoke(hms_root, "docs", "badge", "HMS-API", "--add", "--json")
    assert code == 0 and json.loads(out)["written"] == [README]
    assert "hms-status:badge:start" in (hms_root / README).read_text()
    code, out, _ = invoke(hms_root, "docs", "summary", "HMS-API")
    assert code == 0 and out.startswith("HMS-API: 0 written, 2 unchanged (badge: green)")
    code, out, err = invoke(hms_root, "docs", "all")
    assert code == 0 and "HMS-API ok" in err and "HMS-DOC ok" in err and "[2/2]" in err
    assert "ecosystem summary: data/summaries/ecosystem-summary-latest.md" in out
    code, out, _ = invoke(hms_root, "docs", "badge", "HMS-API", "--remove")
    assert code == 0 and f"wrote {README}" in out
    assert "hms-status" not in (hms_root / README).read_text()


def test_update_text_output_lists_written_files(hms_root: Path) -> None:
    code, out, _ = invoke(hms_root, "docs", "update", "HMS-DOC")
    assert code == 0 and out.splitlines()[0] == "HMS-DOC: 6 written, 0 unchanged (badge: unknown)"
    assert "  wrote SYSTEM-COMPONENTS/HMS-DOC/HMS-docs/codex.md" in out
    assert "  wrote SYSTEM-COMPONENTS/HMS-DOC/HMS-docs/trend.svg" in out


def test_all_json_and_exit_1_when_a_component_fails(hms_root: Path) -> None:
    codex = hms_root / "SYSTEM-COMPONENTS/HMS-DOC/HMS-docs/codex.md"
    codex.parent.mkdir()
    codex.write_text("x\n<!-- hms-status:status:end -->\n")
    code, out, _ = invoke(hms_root, "docs", "all", "--json")
    result = json.loads(out)
    assert code == 1
    assert [c["component_id"] for c in result["components"]] == ["HMS-API"]
    assert (
        result["failures"][0]["component_id"] == "HMS-DOC"
        and "line 2" in result["failures"][0]["error"]
    )
    code, out, _ = invoke(hms_root, "docs", "all")
    assert code == 1 and "HMS-DOC" in out and "line 2" in out


def test_bad_usage_is_one_line_and_exit_2(hms_root: Path) -> None:
    for args, message in [
        (["docs", "badge", "HMS-API"], "say either --add or --remove"),
        (["docs", "badge", "HMS-API", "--add", "--remove"], "say either --add or --remove"),
        (["docs", "update", "HMS-NOPE"], "unknown component HMS-NOPE"),
        (["docs", "update", "../x"], "invalid component ID '../x'"),
        (["docs", "summary"], "Missing argument"),
    ]:
        code, out, err = invoke(hms_root, *args)
        assert code == 2 and out == "", (args, out)
        assert len(err.strip().splitlines()) == 1 and err.startswith("error: "), err
        assert message in err, err
    broken = hms_root / "SYSTEM-COMPONENTS/HMS-API/codex.md"
    broken.write_text("<!-- hms-status:status:start -->\n<!-- hms-status:status:start -->\n")
    code, _, err = invoke(hms_root, "docs", "update", "HMS-API")
    assert code == 2 and str(broken) in err and "line 2" in err
    assert not (hms_root / "SYSTEM-COMPONENTS/HMS-API/HMS-docs").exists()


def test_docs_integrator_seed_script(hms_root: Path) -> None:
    _record(hms_root)
    env = {k: v for k, v in os.environ.items() if k not in ("HMS_ROOT", "PYTHONPATH")}
    for args in (
        ["update", "HMS-API"],
        ["badge", "HMS-API", "--add"],
        ["summary", "HMS-API"],
        ["all"],
    ):
        done = subprocess.run(
            [sys.executable, "docs_integrator.py", *args],
            cwd=hms_root / "status-system",
            env=env,
            capture_output=True,
            check=False,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    assert (hms_root / "data/summaries/ecosystem-summary-latest.md").is_file()
    badge = "[![HMS status](HMS-docs/badges/status.svg)](HMS-docs/STATUS.md)"
    assert badge in (hms_root / README).read_text()
