"""Marker edits from the runner's worker threads at once: one Markdown parse at a time.

markdown-it compiles its rule lists, and mdurl fills its percent-encoding tables, lazily and
without a lock. A busy machine stretches the moment they are half-built, and the worker
threads' first codex.md edits came in then: `run quick-update` reported components as
`IndexError: list index out of range` (issue 9). Each test below stretches one of those
moments on purpose (a slowed step inside the library's own code) and then edits from several
threads at once.
"""

from __future__ import annotations

import builtins
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import mdurl._encode
import pytest
from markdown_it.ruler import Ruler

from hms_status.render import markers
from hms_status.render.markers import Placement, replace_section

WORKERS = 4
CODEX = (
    "# HMS-API codex\n\n- Every change comes with a test.\n"
    f"{markers.marker('status', 'start')}\n\n## HMS status\n\n- **Status:** old\n"
    f"{markers.marker('status', 'end')}\n"
)
BODY = (
    "## HMS status\n\n- **Status:** YELLOW · *stale*\n- **Reasons:** `a`; **b**\n\n"
    "Full report: [HMS-docs/STATUS.md](HMS-docs/STATUS.md)\n"
)


def _edit() -> str:
    return replace_section(CODEX, "status", BODY, Placement.END)


def _in_threads(work: Callable[[], Any]) -> list[Any]:
    """Run work in WORKERS new threads released together; their results (or exceptions)."""
    start = threading.Barrier(WORKERS)
    results: list[Any] = [None] * WORKERS

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = work()
        except Exception as exc:  # noqa: BLE001 - handed back to the test as a value
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def expected() -> str:
    return _edit()


@pytest.fixture
def overlapping_compiles(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Slow every rule-list compile down (a busy machine) and record those that overlap."""
    original = Ruler.__compile__
    active: dict[int, int] = {}
    overlaps: list[int] = []
    guard = threading.Lock()

    def slow(self: Ruler[Any]) -> None:
        with guard:
            active[id(self)] = active.get(id(self), 0) + 1
            if active[id(self)] > 1:
                overlaps.append(id(self))
        try:
            time.sleep(0.05)  # widens the window; nothing asserts how long anything took
            original(self)
        finally:
            with guard:
                active[id(self)] -= 1

    monkeypatch.setattr(Ruler, "__compile__", slow)
    markers._markdown().disable([], ignoreInvalid=True)  # the shared parser: compile afresh
    yield overlaps


def test_threads_never_compile_the_parsers_rules_at_once(
    expected: str, overlapping_compiles: list[int]
) -> None:
    results = _in_threads(_edit)
    assert overlapping_compiles == []
    assert results == [expected] * WORKERS
    assert _in_threads(_edit) == [expected] * WORKERS


def test_threads_never_read_a_half_built_url_table(
    expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_chr(code: int) -> str:
        time.sleep(0.0005)  # mdurl builds its table one chr() at a time: stretch that
        return builtins.chr(code)

    monkeypatch.setattr(mdurl._encode, "encode_cache", {})  # as in a new process
    monkeypatch.setattr(mdurl._encode, "chr", slow_chr, raising=False)
    assert _in_threads(_edit) == [expected] * WORKERS
