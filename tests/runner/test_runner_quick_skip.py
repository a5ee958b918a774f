"""Quick-update skips a component whose inputs are unchanged (services.unchanged): it writes
nothing then, and every kind of real change is still picked up. Real git repositories, a real
SQLite store, a pinned clock."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from tests.analysis.gitrepo import START, GitRepo
from tests.conftest import make_root

from hms_status.clock import FixedClock
from hms_status.config import load_settings
from hms_status.foundation.workspace import Workspace
from hms_status.services import maintenance, runner, tracking

CONFIG = '[components.HMS-API]\ndepends_on = ["HMS-DB"]\n'


@dataclass
class Site:
    """An HMS root with two git components (HMS-API depends on HMS-DB) and a pinned clock."""

    root: Path
    api: GitRepo
    db: GitRepo
    clock: FixedClock
    ws: Workspace

    def reopen(self) -> None:
        """A new workspace, as the next command would load it (configuration read again)."""
        self.ws.close()
        self.ws = Workspace(load_settings(self.root, {}), clock=self.clock)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    root = make_root(tmp_path / "hms", ())
    (root / "hms-status.toml").write_text(CONFIG)
    home = tmp_path / "home"
    api = GitRepo.create(root / "SYSTEM-COMPONENTS" / "HMS-API", home)
    api.commit("first", {"README.md": "# API\n", "src/app.py": "x = 1\n"})
    db = GitRepo.create(root / "SYSTEM-COMPONENTS" / "HMS-DB", home)
    db.commit("first", {"README.md": "# DB\n", "schema.sql": "create table t(x int);\n"})
    clock = FixedClock(START + timedelta(days=2))
    built = Site(root, api, db, clock, Workspace(load_settings(root, {}), clock=clock))
    yield built
    built.ws.close()


def skipped(report: runner.RunReport) -> dict[str, bool]:
    """Each component's skipped flag (a failed component fails the test)."""
    assert not report.failed, [o.error for o in report.failed]
    return {o.component_id: bool(o.value and o.value.skipped) for o in report.outcomes}


def settle(site: Site) -> None:
    """Quick-updates until every component is skipped (docs written into tracked files make
    the first one after a change see a dirty work tree once more)."""
    for _ in range(4):
        if all(skipped(runner.quick_update(site.ws)).values()):
            return
    pytest.fail("quick-update never settled")


def files_of(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under root (the store's own files aside) with its mtime and bytes."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if not name.startswith("hms-status.db"):
                found[str(path)] = (path.stat().st_mtime_ns, path.read_bytes())
    return found


def test_a_skipped_component_writes_nothing(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    settle(site)
    before = files_of(site.root)
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    report = runner.quick_update(site.ws)
    assert skipped(report) == {"HMS-API": True, "HMS-DB": True}
    assert files_of(site.root) == before
    assert synced == []
    shown = {o.component_id: (o.value.status, o.value.reasons) for o in report.outcomes if o.value}
    for cid, (status, reasons) in shown.items():
        fresh = tracking.get_status(site.ws, cid, allow_snapshot=False)
        assert (status, reasons) == (fresh.status.value, fresh.reasons)


def commit(site: Site) -> None:
    site.api.commit("second", {"src/more.py": "y = 2\n"})


def dirty_file(site: Site) -> None:
    site.api.write("src/app.py", "x = 2\n")


def untracked_file(site: Site) -> None:
    site.api.write("notes.txt", "later\n")


def new_event(site: Site) -> None:
    tracking.record_start(site.ws, "HMS-API", True, "dev", "1.2.3")


def config_edit(site: Site) -> None:
    (site.root / "hms-status.toml").write_text(CONFIG + "\n[docs]\nstale_after_hours = 100\n")
    site.reopen()


def dependency_red(site: Site) -> None:
    tracking.open_issue(site.ws, "HMS-DB", "database down", "critical")


def dependent_red(site: Site) -> None:
    """HMS-DB's STATUS.md lists its dependents' statuses (red gives it no impact note)."""
    tracking.open_issue(site.ws, "HMS-API", "api down", "critical")


def readme_edited(site: Site) -> None:
    """README.md is one of the files the docs write (its badge): an edit by hand still counts."""
    readme = site.api.path / "README.md"
    readme.write_text(readme.read_text() + "\nMore words.\n")


def docs_removed(site: Site) -> None:
    (site.api.path / "HMS-docs" / "STATUS.md").unlink()


def status_turns_stale(site: Site) -> None:
    site.clock.current += timedelta(days=8)


CHANGES: dict[str, tuple[Callable[[Site], None], str]] = {
    "commit": (commit, "HMS-API"),
    "dirty file": (dirty_file, "HMS-API"),
    "untracked file": (untracked_file, "HMS-API"),
    "new event": (new_event, "HMS-API"),
    "config edit": (config_edit, "HMS-API"),
    "dependency turns red": (dependency_red, "HMS-API"),
    "dependent turns red": (dependent_red, "HMS-DB"),
    "README edited": (readme_edited, "HMS-API"),
    "docs file removed": (docs_removed, "HMS-API"),
    "status turns stale": (status_turns_stale, "HMS-API"),
}


@pytest.mark.parametrize(("change", "component"), CHANGES.values(), ids=CHANGES.keys())
def test_every_real_change_is_picked_up(
    site: Site, change: Callable[[Site], None], component: str
) -> None:
    tracking.record_start(site.ws, "HMS-API", True)  # a rollup: its status can turn stale
    settle(site)
    change(site)
    assert skipped(runner.quick_update(site.ws))[component] is False
    assert (site.root / "SYSTEM-COMPONENTS" / component / "HMS-docs" / "STATUS.md").is_file()


def test_a_maintenance_window_boundary_is_picked_up(site: Site) -> None:
    start = site.clock.current + timedelta(hours=1)
    maintenance.add(
        site.ws, "HMS-API", start.isoformat(), (start + timedelta(hours=1)).isoformat(), "upgrade"
    )
    settle(site)
    site.clock.current = start + timedelta(minutes=1)
    assert skipped(runner.quick_update(site.ws))["HMS-API"] is False
    assert "maintenance" in (site.api.path / "HMS-docs" / "STATUS.md").read_text().lower()


def test_the_docs_own_writes_are_not_a_change(site: Site) -> None:
    """A full-update adds the README badge (a tracked file): the next quick-update skips."""
    full = runner.full_update(site.ws)
    assert all(o.value and o.value.docs_written for o in full.outcomes)
    assert skipped(runner.quick_update(site.ws)) == {"HMS-API": True, "HMS-DB": True}


def test_full_update_never_skips(site: Site) -> None:
    settle(site)
    assert skipped(runner.full_update(site.ws)) == {"HMS-API": False, "HMS-DB": False}
