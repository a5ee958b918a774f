"""hms-status tracker flaky|tests|quarantine|unquarantine|quarantined: tests over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from hms_status.cli import output
from hms_status.cli.context import workspace

if TYPE_CHECKING:
    from hms_status.services.tests_over_time import FlakyReport, TestsReport
    from hms_status.services.tracking import Recorded
    from hms_status.store.quarantine_repo import Quarantine


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _flaky_rows(report: FlakyReport) -> list[list[object]]:
    keys = {q.test_key for q in report.quarantined}
    return [
        [
            report.component_id,
            test.test_key + (" (quarantined)" if test.test_key in keys else ""),
            _rate(test.shown_rate),
            ", ".join(rule.value for rule in test.rules),
            test.last_failure_message or "-",
            test.last_failure_at or "-",
            " ".join(map(str, test.run_ids)),
        ]
        for test in report.flaky
    ]


@click.command()
@click.argument("component", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def flaky(ctx: click.Context, component: str | None, as_json: bool) -> None:
    """Flaky tests of COMPONENT (of every component without one), and quarantined tests."""
    from hms_status.services import tests_over_time as service

    ws = workspace(ctx)
    reports = [service.flaky_report(ws, component)] if component else service.flaky_everywhere(ws)
    if as_json:
        output.emit_json([report.to_json() for report in reports])
        return
    rows = [row for report in reports for row in _flaky_rows(report)]
    columns = ["component", "test", "flip rate", "rules", "last failure", "at", "runs"]
    if rows:
        output.emit_table(columns, rows, title="Flaky tests")
    else:
        output.emit_lines(["no flaky test" + (f" in {component}" if component else "")])
    _quarantine_table([q for report in reports for q in report.quarantined])


def _quarantine_table(rows: list[Quarantine]) -> None:
    if rows:
        output.emit_table(
            ["component", "test", "reason", "by", "since"],
            [[q.component_id, q.test_key, q.reason, q.created_by, q.created_at] for q in rows],
            title="Quarantined tests",
        )


@click.command()
@click.argument("component")
@click.option("--slowest", default=10, show_default=True, help="How many slowest tests.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def tests(ctx: click.Context, component: str, slowest: int, as_json: bool) -> None:
    """The last test run of COMPONENT against the one before: new, still failing and fixed
    tests; its slowest tests and the run duration against their medians."""
    from hms_status.services.tests_over_time import tests_report

    report = tests_report(workspace(ctx), component, slowest)
    if as_json:
        output.emit_json(report.to_json())
        return
    output.emit_lines(_summary_lines(report))
    if report.slowest:
        output.emit_table(
            ["test", "last (s)", "median (s)", "runs", "change"],
            [
                [
                    s.test_key,
                    f"{s.seconds.last:.3f}",
                    f"{s.seconds.median:.3f}",
                    s.seconds.samples,
                    _change(s.seconds.change_pct),
                ]
                for s in report.slowest
            ],
            title="Slowest tests of the last run",
        )
    _quarantine_table(list(report.quarantined))


def _change(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}%"


def _summary_lines(report: TestsReport) -> list[str]:
    if not report.runs:
        return [f"{report.component_id} has no test run recorded"]
    last = report.runs[-1]
    lines = [
        f"test run {last.run_id} of {report.component_id} at {last.at}: {report.changes.summary}"
    ]
    for label, keys in (
        ("new failure", report.changes.new),
        ("still failing", report.changes.still),
        ("fixed", report.changes.fixed),
    ):
        lines += [f"  {label}: {key}" for key in keys]
    if report.duration is not None:
        d = report.duration
        lines.append(
            f"run duration {d.last:.0f} ms, median {d.median:.0f} ms over {d.samples} runs"
            f" ({_change(d.change_pct)})"
        )
    return lines


def _done(as_json: bool, done: Recorded, headline: str) -> None:
    if as_json:
        quarantine = done.change.extra.get("quarantine")
        output.emit_json(
            {
                "quarantine": None if quarantine is None else _quarantine_json(quarantine),
                "tickets_resolved": list(done.change.tickets_resolved),
                "status": done.status.to_json(),
            }
        )
    else:
        resolved = done.change.tickets_resolved
        extra = f"; resolved {', '.join(resolved)}" if resolved else ""
        output.emit_lines([headline + extra, *output.status_lines(done.status)])


def _quarantine_json(q: Quarantine) -> dict[str, object]:
    from hms_status.services.tests_over_time import quarantine_json

    return {"component_id": q.component_id, **quarantine_json(q)}


@click.command()
@click.argument("component")
@click.argument("test")
@click.option("--reason", required=True, help="Why the test is quarantined.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def quarantine(ctx: click.Context, component: str, test: str, reason: str, as_json: bool) -> None:
    """Quarantine TEST of COMPONENT: it still runs and is stored, but is not counted in the
    pass rate and opens no ticket (its open ticket is resolved)."""
    from hms_status.services.tests_over_time import quarantine as start

    done = start(workspace(ctx), component, test, reason)
    _done(as_json, done, f"quarantined {test} of {component}")


@click.command()
@click.argument("component")
@click.argument("test")
@click.option("--reason", default="", help="Why the quarantine ends.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def unquarantine(ctx: click.Context, component: str, test: str, reason: str, as_json: bool) -> None:
    """End the quarantine of TEST of COMPONENT: it counts in the pass rate again."""
    from hms_status.services.tests_over_time import unquarantine as release

    done = release(workspace(ctx), component, test, reason)
    _done(as_json, done, f"released {test} of {component} from quarantine")


@click.command()
@click.argument("component", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def quarantined(ctx: click.Context, component: str | None, as_json: bool) -> None:
    """The quarantined tests of COMPONENT (of every component without one)."""
    from hms_status.services.tests_over_time import quarantined as listing

    rows = listing(workspace(ctx), component)
    if as_json:
        output.emit_json([_quarantine_json(q) for q in rows])
    elif rows:
        _quarantine_table(rows)
    else:
        output.emit_lines(["no quarantined test" + (f" in {component}" if component else "")])


COMMANDS = (flaky, tests, quarantine, unquarantine, quarantined)
"""The commands this module adds to `hms-status tracker`."""
