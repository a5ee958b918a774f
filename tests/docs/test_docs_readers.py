"""Docs people read: no machine paths, the catalog shown, the ecosystem worst first."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from tests.docs.conftest import ENVIRONMENT, component_dir

from hms_status.docsync import local_paths, pages
from hms_status.docsync.ecosystem import EcosystemLine, rank, tally, worst_first
from hms_status.docsync.local_paths import LocalPaths
from hms_status.domain.enums import Severity, TicketState
from hms_status.domain.results import TestCounts
from hms_status.domain.ticket_record import TicketRecord
from hms_status.foundation.workspace import Workspace
from hms_status.services import analysis, docs, snapshots, tracking

ROOT = Path("/srv/hms")
COMPONENT = ROOT / "SYSTEM-COMPONENTS/HMS-API"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("git 2.39.5 at /usr/bin/git; docker 28.2.2 at /usr/local/bin/docker", "git 2.39.5; docker 28.2.2"),
        (f"python3 3.11.7 at {COMPONENT}/.venv/bin/python3 (wants >=3.11)", "python3 3.11.7 (wants >=3.11)"),
        (f"interpreter: {COMPONENT}/.venv/bin/python (Python 3.11.7)", "interpreter: .venv/bin/python (Python 3.11.7)"),
        ("run /root/.pyenv/shims/python3 -m pip install 'x>=1'", "run python3 -m pip install 'x>=1'"),
        (f"backup: {ROOT}/data/backups/HMS-API/.env.bak", "backup: data/backups/HMS-API/.env.bak"),
        (f"{COMPONENT} is not a git repository.", ". is not a git repository."),
        (f"the root {ROOT}.", "the root the HMS root."),
        ("see https://example.com/a/b, docs/x.md and/or 1/2", "see https://example.com/a/b, docs/x.md and/or 1/2"),
        ("No docs/ directory", "No docs/ directory"),
    ],
)  # fmt: skip
def test_machine_paths_are_shown_relative_or_by_name(text: str, shown: str) -> None:
    assert LocalPaths.of(COMPONENT, ROOT).text(text) == shown


def test_status_md_shows_no_machine_specific_path(recorded: Workspace) -> None:
    comp = component_dir(recorded)
    env = {
        **ENVIRONMENT,
        "checks": [
            {
                "id": "python-deps",
                "title": "Python dependencies",
                "outcome": "failure",
                "details": [f"interpreter: {comp}/.venv/bin/python (Python 3.11.7)"],
                "remediation": f"Run {comp}/.venv/bin/python -m pip install -r requirements.txt",
            }
        ],
        "issues": [
            {
                "severity": "high",
                "type": "missing_dependency",
                "description": f"not in /usr/lib/python3/dist-packages nor {comp}/vendor",
                "remediation": "",
            }
        ],
    }
    snapshots.write_part(recorded.settings, "environments", "HMS-API", env)
    docs.update_component(recorded, "HMS-API")
    outputs = [
        comp / "HMS-docs/STATUS.md",
        comp / "HMS-docs/codex.md",
        recorded.settings.data_dir / "summaries/HMS-API-summary-latest.md",
    ]
    for path in outputs:
        text = path.read_text()
        assert str(recorded.settings.root) not in text and "/usr/" not in text, path
    status_md = outputs[0].read_text()
    assert "interpreter: .venv/bin/python (Python 3.11.7)" in status_md
    assert "Run .venv/bin/python -m pip install -r requirements.txt" in status_md
    assert "- **high**: not in dist-packages nor vendor\n" in status_md
    assert not re.search(r"(?<![\w.:/])/[\w.-]+/", status_md.replace("](", "]"))


CATALOG = """apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: hms-api
  description: "Claims *and* eligibility | REST"
spec:
  owner: group:team-platform
  lifecycle: experimental
  dependsOn: [component:default/hms-doc, component:default/hms-gone]
"""


def test_status_md_shows_the_catalog(recorded: Workspace) -> None:
    (component_dir(recorded) / "catalog-info.yaml").write_text(CATALOG)
    docs.update_component(recorded, "HMS-API")
    text = (component_dir(recorded) / "HMS-docs/STATUS.md").read_text()
    assert "\nClaims \\*and\\* eligibility \\| REST\n" in text
    assert "| Owner | group:team-platform |" in text
    assert "| Lifecycle | experimental |" in text
    assert "| Depends on | HMS-DOC, hms-gone |" in text  # a registered one by its ID


def _line(cid: str, status: str, badge: str = "") -> EcosystemLine:
    return EcosystemLine(cid, status, badge or status, "", None, None, 0, "", "")


def test_the_ecosystem_order_is_red_yellow_unknown_green_then_id() -> None:
    lines = [
        _line("B", "green"),
        _line("A", "green"),
        _line("Z", "unknown"),
        _line("Y", "yellow", "stale"),
        _line("C", "red"),
        _line("X", "mauve"),
        _line("D", "yellow"),
    ]
    ordered = [(line.component_id, line.status) for line in worst_first(lines)]
    assert ordered == [
        ("C", "red"),
        ("D", "yellow"),
        ("Y", "yellow"),
        ("X", "mauve"),
        ("Z", "unknown"),
        ("A", "green"),
        ("B", "green"),
    ]
    assert rank("mauve") == rank("unknown")
    assert tally(lines) == [("red", 1), ("yellow", 2), ("mauve", 1), ("unknown", 1), ("green", 2)]


def test_the_ecosystem_summary_lists_worst_first_with_reason_and_link(
    recorded: Workspace,
) -> None:
    for cid in ("HMS-AAA", "HMS-ZZZ"):
        (recorded.settings.components_dir / cid).mkdir()
    tracking.record_test_run(recorded, "HMS-ZZZ", None, TestCounts(1, 9, 0, 0))
    tracking.record_test_run(recorded, "HMS-AAA", None, TestCounts(10, 0, 0, 0))
    docs.update_all(recorded)
    text = (recorded.settings.data_dir / "summaries/ecosystem-summary-latest.md").read_text()
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    assert [re.match(r"\| \[([\w-]+)\]", row)[1] for row in rows] == [  # type: ignore[index]
        "HMS-ZZZ",
        "HMS-API",
        "HMS-DOC",
        "HMS-AAA",
    ]
    assert rows[0].startswith(
        "| [HMS-ZZZ](../../SYSTEM-COMPONENTS/HMS-ZZZ/HMS-docs/STATUS.md) "
        "| ![HMS-ZZZ: red](../../SYSTEM-COMPONENTS/HMS-ZZZ/HMS-docs/badges/status.svg) "
        "| red: test pass rate 10.00% is below 80% |"
    )
    assert "4 components: 1 red, 1 yellow, 1 unknown, 1 green." in text
    assert "| unknown: nothing recorded yet |" in rows[2]


def test_the_view_is_read_under_the_components_docs_lock(
    recorded: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock, Timeout

    lock_file = recorded.settings.data_dir / "summaries/.HMS-API.lock"
    held: list[bool] = []
    real_view = pages.component_view

    def probing_view(*args: object) -> object:
        try:
            FileLock(str(lock_file), timeout=0).acquire()
        except Timeout:
            held.append(True)
        else:
            held.append(False)
        return real_view(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "component_view", probing_view)
    docs.update_component(recorded, "HMS-API")
    assert held == [True]


def _ticket(source: str, title: str) -> TicketRecord:
    return TicketRecord(
        "WT-HMS-API-001",
        "HMS-API",
        title,
        Severity.HIGH,
        TicketState.RESOLVED,
        "2024-05-01T12:00:00.000000Z",
        source=source,
        resolution=f"gone from {COMPONENT}/notes",
    )


def test_only_tickets_the_tool_opened_lose_their_paths() -> None:
    paths = LocalPaths.of(COMPONENT, ROOT)
    title = "links lead outside: notes -> /mnt/share/notes"
    found = local_paths.tickets(
        [_ticket("analysis", title), _ticket("environment", title), _ticket("manual", title)],
        paths,
    )
    assert [t.title for t in found] == [
        "links lead outside: notes -> notes",
        "links lead outside: notes -> notes",
        title,  # typed by a person: kept as written
    ]
    assert [t.resolution for t in found][:2] == ["gone from notes", "gone from notes"]


def test_findings_reasons_and_tickets_from_a_link_out_show_no_machine_path(
    recorded: Workspace, tmp_path: Path
) -> None:
    comp = component_dir(recorded)
    outside = tmp_path / "outside-target"
    outside.mkdir()
    (comp / "notes").symlink_to(outside)
    (comp / "README.md").write_text("# HMS API\n")
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=comp, check=True)
    subprocess.run([*git, "add", "-A"], cwd=comp, check=True)
    subprocess.run([*git, "commit", "-qm", "init"], cwd=comp, check=True)
    analysis.analyze(recorded, "HMS-API")
    docs.update_all(recorded)
    status_md = (comp / "HMS-docs/STATUS.md").read_text()
    assert "notes -&gt; outside-target" in status_md
    for path in [*comp.rglob("*.md"), *(recorded.settings.data_dir / "summaries").glob("*.md")]:
        assert str(tmp_path) not in path.read_text(), path
