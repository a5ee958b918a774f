"""The demo's pure parts: component table, stories, file trees, commit plans, TOML text."""

from __future__ import annotations

import json
import random
import tomllib
from datetime import UTC, datetime, timedelta

import pytest

from hms_status.demo.events import Run, Window, plan_events
from hms_status.demo.history import ALIAS, AUTHORS, plan_commits
from hms_status.demo.plan import Feature, Spec, select_specs
from hms_status.demo.stories import STORIES
from hms_status.demo.toml_text import TomlValue, toml_table
from hms_status.demo.tree import component_tree
from hms_status.domain.health import LastRun, pass_rate
from hms_status.domain.ids import validate_component_id
from hms_status.domain.results import TestCounts

ANCHOR = datetime(2025, 3, 1, tzinfo=UTC)


def test_the_first_components_are_the_named_ones() -> None:
    ids = [spec.id for spec in select_specs(33)]
    assert ids[:5] == ["HMS-A2A", "HMS-API", "HMS-DOC", "HMS-OPS", "HMS-SYS"]
    assert len(set(ids)) == 33


@pytest.mark.parametrize("count", [1, 5, 33, 200])
def test_ids_are_valid_and_dependencies_form_a_graph_without_cycles(count: int) -> None:
    specs = {spec.id: spec for spec in select_specs(count)}
    assert len(specs) == count
    for spec in specs.values():
        validate_component_id(spec.id)
        assert set(spec.depends_on) <= set(specs)
        assert spec.story in STORIES
    done: set[str] = set()
    while len(done) < len(specs):
        ready = {cid for cid, s in specs.items() if cid not in done and set(s.depends_on) <= done}
        assert ready, "dependsOn has a cycle"
        done |= ready


def _last_rate(story_name: str) -> float | None:
    spec = next(s for s in select_specs(33) if s.story == story_name)
    window = Window(ANCHOR - timedelta(days=30), ANCHOR)
    events = plan_events(spec, STORIES[story_name], random.Random(1), window)
    runs = [event for event in events if isinstance(event, Run)]
    if not runs:
        return None
    counts = TestCounts.of(case.outcome for case in runs[-1].cases)
    rate = pass_rate(LastRun(counts.succeeded, counts))
    return None if rate is None else float(rate)


@pytest.mark.parametrize(
    ("story", "rate"),
    [("green", 100.0), ("recovered", 100.0), ("yellow-95", 95.0), ("yellow-90", 90.0),
     ("yellow-85", 85.0), ("yellow-80", 80.0), ("red-errors", 0.0), ("untested", None)],
)  # fmt: skip
def test_each_story_ends_on_its_pass_rate(story: str, rate: float | None) -> None:
    assert _last_rate(story) == rate


def test_red_rate_is_below_the_red_line() -> None:
    rate = _last_rate("red-rate")
    assert rate is not None and rate < 80


def test_events_are_ordered_and_inside_the_window() -> None:
    window = Window(ANCHOR - timedelta(days=30), ANCHOR - timedelta(hours=1))
    for spec in select_specs(33):
        events = plan_events(spec, STORIES[spec.story], random.Random(spec.id), window)
        moments = [event.at for event in events]
        assert moments == sorted(moments)
        assert all(window.start <= moment <= window.end for moment in moments)


@pytest.mark.parametrize("spec", select_specs(33), ids=lambda spec: spec.id)
def test_commits_rebuild_the_tree_exactly(spec: Spec) -> None:
    tree = component_tree(spec, STORIES[spec.story], 7, random.Random(spec.id))
    commits = plan_commits(spec, tree, random.Random(spec.id + "git"), ANCHOR)
    assert 3 <= len(commits) <= 15
    files: dict[str, bytes] = {}
    for commit in commits:
        assert commit.changes, commit.message
        files.update(commit.changes)
    files.pop("CHANGELOG.md", None)
    assert files == {**tree.files, tree.main.path: tree.main.final.encode()}
    times = [commit.when for commit in commits]
    assert times == sorted(set(times)) and times[-1] < ANCHOR
    stale = ANCHOR - times[-1] > timedelta(days=200)
    assert stale == spec.has(Feature.STALE)
    people = {commit.author for commit in commits}
    assert len(people) >= 2
    if spec.has(Feature.MAILMAP):
        assert {AUTHORS[0], ALIAS} <= people


@pytest.mark.parametrize("spec", select_specs(38), ids=lambda spec: spec.id)
def test_manifests_parse_except_the_deliberately_broken_one(spec: Spec) -> None:
    files = component_tree(spec, STORIES[spec.story], 7, random.Random(1)).files
    for name in ("pyproject.toml", "Cargo.toml"):
        if name in files:
            tomllib.loads(files[name].decode())
    for name in ("package.json", "package-lock.json"):
        if name in files and not spec.has(Feature.MALFORMED):
            json.loads(files[name])
    if spec.has(Feature.MALFORMED):
        with pytest.raises(json.JSONDecodeError):
            json.loads(files["package.json"])


def test_toml_tables_round_trip() -> None:
    values: dict[str, TomlValue] = {
        "s": 'a "quoted" \\ path\nline',
        "n": 3,
        "b": True,
        "l": ["python3", "-c", "x"],
    }
    text = toml_table("components.HMS-API", values)
    assert tomllib.loads(text) == {"components": {"HMS-API": values}}
