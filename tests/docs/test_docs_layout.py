"""The plan's tree: the status section in HMS-docs/codex.md, moved out of a root codex.md."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.cli.test_cli_tracker import invoke
from tests.docs.conftest import component_dir

from hms_status.foundation.workspace import Workspace
from hms_status.render.markers import find_section
from hms_status.services import docs

SECTION = (
    "<!-- hms-status:status:start -->\n\n## HMS status\n\n- **Status:** GREEN\n"
    "<!-- hms-status:status:end -->\n"
)


def _root_codex(ws: Workspace) -> Path:
    return component_dir(ws) / "codex.md"


def _new_codex(ws: Workspace) -> Path:
    return component_dir(ws) / "HMS-docs/codex.md"


@pytest.mark.parametrize(
    "written",
    [
        f"# HMS-API\n{SECTION}",  # exactly what an earlier version created
        f"\ufeff# HMS-API\r\n\r\n{SECTION.replace(chr(10), chr(13) + chr(10))}\r\n\r\n",
        SECTION,
        f"\n  \n{SECTION}\t\n",
    ],
)
def test_a_root_codex_with_nothing_else_left_is_removed(recorded: Workspace, written: str) -> None:
    _root_codex(recorded).write_bytes(written.encode())
    result = docs.update_component(recorded, "HMS-API")
    assert result.removed == (_root_codex(recorded),)
    assert not _root_codex(recorded).exists()
    assert find_section(_new_codex(recorded).read_text(), "status") is not None
    assert result.as_dict(recorded.settings.root)["removed"] == [
        "SYSTEM-COMPONENTS/HMS-API/codex.md"
    ]
    assert docs.update_component(recorded, "HMS-API").removed == ()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (f"# HMS-API\n\nOur notes.\n{SECTION}", "# HMS-API\n\nOur notes.\n"),
        (f"# HMS API notes\n{SECTION}", "# HMS API notes\n"),  # not a title this tool writes
        (f"{SECTION}\n## Conventions\r\n- tests first", "\n## Conventions\r\n- tests first"),
        (f"# HMS-API\n{SECTION}x", "# HMS-API\nx"),
    ],
)
def test_a_root_codex_with_more_in_it_loses_only_its_section(
    recorded: Workspace, before: str, after: str
) -> None:
    _root_codex(recorded).write_bytes(before.encode())
    result = docs.update_component(recorded, "HMS-API")
    assert _root_codex(recorded).read_bytes() == after.encode()
    assert _root_codex(recorded) in result.written and result.removed == ()
    assert find_section(_new_codex(recorded).read_text(), "status") is not None


def test_a_root_codex_without_a_section_is_not_touched(recorded: Workspace) -> None:
    root_codex = _root_codex(recorded)
    root_codex.write_text("# HMS-API\n")  # a title only, but no section: the user's file
    before = root_codex.stat().st_mtime_ns
    result = docs.update_component(recorded, "HMS-API")
    assert root_codex.read_text() == "# HMS-API\n" and root_codex.stat().st_mtime_ns == before
    assert root_codex not in result.written and result.removed == ()


def test_an_existing_codex_in_hms_docs_gets_the_section_and_keeps_the_rest(
    recorded: Workspace,
) -> None:
    codex = _new_codex(recorded)
    codex.parent.mkdir()
    codex.write_text("# Codex\n\nHow we work.\n")
    docs.update_component(recorded, "HMS-API")
    text = codex.read_text()
    assert text.startswith("# Codex\n\nHow we work.\n<!-- hms-status:status:start -->\n")
    assert "Full report: [STATUS.md](STATUS.md)" in text


def test_a_root_codex_linked_inside_the_component_is_edited_never_removed(
    recorded: Workspace,
) -> None:
    notes = component_dir(recorded) / "docs/codex.md"
    notes.parent.mkdir()
    notes.write_text(f"# HMS-API\n{SECTION}")
    _root_codex(recorded).symlink_to("docs/codex.md")
    result = docs.update_component(recorded, "HMS-API")
    assert result.removed == () and _root_codex(recorded).is_symlink()
    assert notes.read_text() == "# HMS-API\n"


def test_codex_files_that_are_one_file_are_updated_in_place(recorded: Workspace) -> None:
    _root_codex(recorded).write_text(f"# HMS-API\n{SECTION}")
    (component_dir(recorded) / "HMS-docs").mkdir()
    _new_codex(recorded).symlink_to("../codex.md")
    result = docs.update_component(recorded, "HMS-API")
    assert result.removed == () and _root_codex(recorded).is_file()
    assert "- **Status:** YELLOW" in _root_codex(recorded).read_text()


def test_with_hms_docs_refused_the_root_codex_keeps_its_section(
    recorded: Workspace, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (component_dir(recorded) / "HMS-docs").symlink_to(elsewhere)
    _root_codex(recorded).write_text(f"# HMS-API\n{SECTION}")
    result = docs.update_component(recorded, "HMS-API")
    assert _root_codex(recorded).read_text() == f"# HMS-API\n{SECTION}"
    assert result.removed == () and list(elsewhere.iterdir()) == []
    assert _new_codex(recorded) in dict(result.refused)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_root_codex_is_named_and_left_alone(recorded: Workspace) -> None:
    os.mkfifo(_root_codex(recorded))
    result = docs.update_component(recorded, "HMS-API")
    reasons = list(dict(result.refused).values())
    assert len(reasons) == 1 and reasons[0].startswith("codex.md: a FIFO (named pipe)")
    assert find_section(_new_codex(recorded).read_text(), "status") is not None


def test_the_cli_says_what_it_removed(hms_root: Path) -> None:
    root_codex = hms_root / "SYSTEM-COMPONENTS/HMS-API/codex.md"
    root_codex.write_text(f"# HMS-API\n{SECTION}")
    code, out, _ = invoke(hms_root, "docs", "update", "HMS-API")
    assert code == 0
    assert "  removed SYSTEM-COMPONENTS/HMS-API/codex.md (nothing else was left in it)" in out
    assert "  wrote SYSTEM-COMPONENTS/HMS-API/HMS-docs/codex.md" in out
    root_codex.write_text(f"# HMS-API\n{SECTION}")
    code, out, _ = invoke(hms_root, "docs", "update", "HMS-API", "--json")
    assert json.loads(out)["removed"] == ["SYSTEM-COMPONENTS/HMS-API/codex.md"]
