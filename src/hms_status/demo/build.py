"""Build the demo ecosystem: repositories, local files, hms-status.toml, recorded history."""

from __future__ import annotations

import random
import shutil
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hms_status.clock import Clock, SystemClock
from hms_status.config import COMPONENTS_DIR, CONFIG_FILE, DATA_DIR
from hms_status.demo.config_tables import write_config
from hms_status.demo.events import Event, Window, plan_events
from hms_status.demo.gitimport import build_repository
from hms_status.demo.history import plan_commits
from hms_status.demo.plan import MAX_COMPONENTS, Spec, select_specs
from hms_status.demo.seeding import seed_history
from hms_status.demo.stories import STORIES
from hms_status.demo.tree import Tree, component_tree
from hms_status.domain.enums import Status
from hms_status.errors import InputError, WriteError
from hms_status.gateways.files import atomic_write_json, atomic_write_text, read_json
from hms_status.services.setup import init_root

MARKER = ".hms-demo.json"
"""Written first at the root of a demo ({"complete": false}, so a failed build can be redone)
and rewritten last; a non-empty directory without it is never touched."""
HISTORY_DAYS = 30
GIT_WORKERS = 4
DEMO_ENTRIES = (COMPONENTS_DIR, DATA_DIR, "status-system")


def check_target(root: Path, components: int, force: bool = False) -> None:
    """Refuse a bad size, a file, a non-empty directory that is no demo, or a demo without force.

    A demo whose build did not finish (its marker says so) is built again without force:
    nothing in it was ever complete. A finished demo is replaced only with force, and even
    then only what the demo builds is removed (see _clear_previous).
    """
    if not 1 <= components <= MAX_COMPONENTS:
        raise InputError(f"--components must be from 1 to {MAX_COMPONENTS}, got {components}")
    if root.exists() and not root.is_dir():
        raise InputError(f"{root} exists and is not a directory", "choose another DIR")
    if not root.is_dir() or not any(root.iterdir()):
        return
    marker = _marker(root)
    if marker is None:
        raise InputError(f"{root} is not empty and holds no demo", "choose a new or empty DIR")
    if marker.get("complete") is not False and not force:
        raise InputError(
            f"{root} already holds a demo", "pass --force to replace it, or choose another DIR"
        )


def _marker(root: Path) -> dict[str, object] | None:
    """The demo marker's content; None when root has no marker this module wrote."""
    path = root / MARKER
    if path.is_symlink() or not path.is_file():
        return None
    content = read_json(path)
    return content if isinstance(content, dict) and "complete" in content else None


def _clear_previous(root: Path) -> None:
    """Remove what an earlier demo build made (and nothing else), so the new one starts clean.

    A symlink among those entries is removed itself, never followed.
    """
    for name in (*DEMO_ENTRIES, CONFIG_FILE):
        path = root / name
        try:
            if path.is_symlink() or (path.exists() and not path.is_dir()):
                path.unlink()
            elif path.is_dir():
                shutil.rmtree(path)
        except OSError as exc:
            raise WriteError(
                f"cannot remove {path} of the previous demo: {exc.strerror or exc}",
                "remove it by hand, or choose another DIR",
            ) from None


def anchor_of(clock: Clock) -> datetime:
    """Midnight UTC of the clock's day: every date of the demo is measured back from it."""
    return clock.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _write_component(directory: Path, spec: Spec, tree: Tree, seed: int, anchor: datetime) -> None:
    rng = random.Random(f"{seed}:{spec.id}:git")
    build_repository(directory, plan_commits(spec, tree, rng, anchor))
    for name, text in tree.local.items():
        atomic_write_text(directory / name, text)


def _repository_jobs(
    pool: ThreadPoolExecutor, root: Path, specs: tuple[Spec, ...], seed: int, anchor: datetime
) -> list[Future[None]]:
    """Start building every repository; their directories exist when this returns."""
    futures = []
    for spec in specs:
        tree = component_tree(spec, STORIES[spec.story], seed, random.Random(f"{seed}:{spec.id}"))
        directory = root / COMPONENTS_DIR / spec.id
        directory.mkdir(parents=True, exist_ok=True)
        futures.append(pool.submit(_write_component, directory, spec, tree, seed, anchor))
    return futures


def _events(specs: tuple[Spec, ...], seed: int, window: Window) -> list[Event]:
    events: list[Event] = []
    for spec in specs:
        rng = random.Random(f"{seed}:{spec.id}:events")
        events += plan_events(spec, STORIES[spec.story], rng, window)
    return sorted(events, key=lambda event: (event.at, event.component))


def _summary(
    root: Path, specs: tuple[Spec, ...], statuses: Counter[str], configured: list[str], seed: int
) -> dict[str, object]:
    return {
        "root": str(root),
        "components": len(specs),
        "statuses": {status.value: statuses.get(status.value, 0) for status in Status},
        "languages": dict(sorted(Counter(spec.language.value for spec in specs).items())),
        "configured": configured,
        "seed": seed,
    }


def build_demo(
    root: Path,
    components: int = 33,
    seed: int = 7,
    clock: Clock | None = None,
    force: bool = False,
) -> dict[str, object]:
    """Build a demo HMS ecosystem at root and return a summary of what it shows.

    An existing demo at root is refused unless force (then it is replaced); any other
    non-empty directory is always refused.
    """
    began = time.perf_counter()
    check_target(root, components, force)
    anchor = anchor_of(clock or SystemClock())
    specs = select_specs(components)
    if _marker(root) is not None:
        _clear_previous(root)
    atomic_write_json(root / MARKER, {"complete": False, "components": components, "seed": seed})
    init_root(root)
    configured = write_config(root, specs)
    window = Window(anchor - timedelta(days=HISTORY_DAYS), anchor - timedelta(hours=1))
    with ThreadPoolExecutor(max_workers=GIT_WORKERS) as pool:
        jobs = _repository_jobs(pool, root, specs, seed, anchor)
        statuses = seed_history(root, _events(specs, seed, window), window.start)
        for job in jobs:
            job.result()
    summary = _summary(root, specs, statuses, configured, seed) | {"anchor": anchor.isoformat()}
    atomic_write_json(root / MARKER, {"complete": True, **summary})
    summary["seconds"] = round(time.perf_counter() - began, 2)
    return summary
