"""The main job adds the README badge where there is none, unless told not to (and remembers)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tests.cli.test_cli_tracker import invoke
from tests.docs.conftest import component_dir

from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services import docs, runner

BADGE_LINE = "[![HMS status](HMS-docs/badges/status.svg)](HMS-docs/STATUS.md)"
README = "# HMS API\n\nThe public API.\n"
WITH_BADGE = (
    f"# HMS API\n<!-- hms-status:badge:start -->\n\n{BADGE_LINE}\n"
    "<!-- hms-status:badge:end -->\n\nThe public API.\n"
)


def _readme(ws: Workspace, text: str | None = README) -> Path:
    path = component_dir(ws) / "README.md"
    if text is not None:
        path.write_text(text)
    return path


def test_an_update_adds_the_badge_to_a_readme_without_one(recorded: Workspace) -> None:
    readme = _readme(recorded)
    assert readme in docs.update_component(recorded, "HMS-API").written
    assert readme.read_text() == WITH_BADGE
    assert readme not in docs.update_component(recorded, "HMS-API").written


def test_a_component_without_a_readme_is_not_given_one(recorded: Workspace) -> None:
    readme = _readme(recorded, None)
    docs.update_component(recorded, "HMS-API")
    assert not readme.exists()


def test_a_badge_placed_by_hand_is_left_alone(recorded: Workspace) -> None:
    by_hand = "# HMS API\n\n![status](HMS-docs/badges/status.svg)\n"
    readme = _readme(recorded, by_hand)
    docs.update_component(recorded, "HMS-API")
    assert readme.read_text() == by_hand


def test_readme_badge_false_turns_it_off(recorded: Workspace) -> None:
    readme = _readme(recorded)
    settings = dataclasses.replace(recorded.settings, config={"docs": {"readme_badge": False}})
    off = Workspace(settings, recorded.clock)
    try:
        docs.update_component(off, "HMS-API")
        assert readme.read_text() == README
        docs.set_badge(off, "HMS-API", add=True)  # asked for explicitly: still added
        assert readme.read_text() == WITH_BADGE
    finally:
        off.close()


def test_a_removed_badge_stays_removed_until_it_is_added_again(recorded: Workspace) -> None:
    readme = _readme(recorded)
    docs.update_component(recorded, "HMS-API")
    assert docs.set_badge(recorded, "HMS-API", add=False).written == (readme,)
    assert readme.read_text() == README
    for _ in range(2):
        docs.update_component(recorded, "HMS-API")
        assert readme.read_text() == README
    docs.set_badge(recorded, "HMS-API", add=True)
    assert readme.read_text() == WITH_BADGE
    readme.write_text(README)  # taken out by hand, not with --remove: the job puts it back
    docs.update_component(recorded, "HMS-API")
    assert readme.read_text() == WITH_BADGE


def test_the_removal_is_remembered_once_in_the_store(recorded: Workspace) -> None:
    from hms_status.store import queries

    _readme(recorded)
    for add in (False, False, True, True, False):
        docs.set_badge(recorded, "HMS-API", add=add)
    with recorded.store.reading() as conn:
        kept = queries.part_history(conn, "HMS-API", "readme_badge", 10)
    assert [k["outcome"] for k in kept] == ["removed", "added", "removed"]
    assert kept[0]["data"] == {"command": "docs badge HMS-API --remove"}


def test_the_main_job_adds_the_badge_and_respects_a_remove(hms_root: Path) -> None:
    api = hms_root / "SYSTEM-COMPONENTS/HMS-API/README.md"
    doc = hms_root / "SYSTEM-COMPONENTS/HMS-DOC/README.md"
    api.write_text(README)
    doc.write_text("# HMS-DOC\n")
    assert invoke(hms_root, "docs", "badge", "HMS-DOC", "--remove")[0] == 0
    code, out, err = invoke(hms_root, "run", "quick-update")
    assert code == 0, out + err
    assert api.read_text() == WITH_BADGE and doc.read_text() == "# HMS-DOC\n"
    ws = Workspace(load_settings(hms_root, {}))
    try:
        runner.full_update(ws)
    finally:
        ws.close()
    assert doc.read_text() == "# HMS-DOC\n"
