"""The per-component gauges of /metrics, made from services.metrics_view's numbers.

| metric | labels | value |
|---|---|---|
| hms_component_status | component, status | 1 for the current status, 0 for the other three |
| hms_component_test_pass_rate_percent | component | pass rate of the latest run, 0-100 |
| hms_component_uptime_percent | component | successful starts/probes of the window, 0-100 |
| hms_component_open_tickets | component | open work tickets |
| hms_component_critical_tickets | component | open critical work tickets |
| hms_component_last_start_timestamp_seconds | component | unix time of the latest start |
| hms_component_last_test_run_timestamp_seconds | component | unix time of the latest run |
| hms_components | status | how many components have each status |

Rates are percentages, the unit the status rules use (red below 80, green above 95), so an
alert reads like the rules. A number that is unknown (no run, no start yet) has no series:
`absent()` tells it apart from a real 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector, CollectorRegistry

from hms_status.domain.enums import Status
from hms_status.services.metrics_view import ComponentNumbers

COMPONENT = "component"
EOF_LINE = b"# EOF\n"
"""OpenMetrics ends an exposition with this line, once: only the last part keeps it."""
Encoder = Callable[[CollectorRegistry], bytes]


def render(collectors: Iterable[Collector], encoder: Encoder) -> bytes:
    """The exposition of collectors in the encoder's format."""
    registry = CollectorRegistry(auto_describe=False)
    for collector in collectors:
        registry.register(collector)
    return encoder(registry)


def exposition(numbers: Sequence[ComponentNumbers], encoder: Encoder) -> bytes:
    """The component families in the encoder's format, to be followed by more families (an
    OpenMetrics # EOF is left to the part that comes last)."""
    return render([ComponentCollector(numbers)], encoder).removesuffix(EOF_LINE)


class ComponentCollector(Collector):
    """Collects the gauges of one snapshot of every component's numbers."""

    def __init__(self, numbers: Sequence[ComponentNumbers]) -> None:
        self._numbers = numbers

    def collect(self) -> Iterator[Metric]:
        """Every family in the table above."""
        yield self._status()
        yield self._tally()
        yield from self._gauges()

    def _status(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "hms_component_status",
            "The component's status: 1 for the current one (green, yellow, red, unknown).",
            labels=(COMPONENT, "status"),
        )
        for numbers in self._numbers:
            current = numbers.line.status
            for status in Status:
                family.add_metric((numbers.line.component_id, status.value), current == status)
        return family

    def _tally(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "hms_components", "How many components have each status.", labels=("status",)
        )
        for status in Status:
            family.add_metric(
                (status.value,), sum(1 for n in self._numbers if n.line.status == status)
            )
        return family

    def _gauges(self) -> Iterator[GaugeMetricFamily]:
        rows = [
            ("hms_component_test_pass_rate_percent", "Test pass rate of the latest test run."),
            ("hms_component_uptime_percent", "Successful starts and probes in the uptime window."),
            ("hms_component_open_tickets", "Open work tickets."),
            ("hms_component_critical_tickets", "Open critical work tickets."),
            ("hms_component_last_start_timestamp_seconds", "When the latest start was recorded."),
            ("hms_component_last_test_run_timestamp_seconds", "When the latest run was recorded."),
        ]
        families = [GaugeMetricFamily(name, text, labels=(COMPONENT,)) for name, text in rows]
        for numbers in self._numbers:
            for family, value in zip(families, _values(numbers), strict=True):
                if value is not None:
                    family.add_metric((numbers.line.component_id,), value)
        yield from families


def _values(numbers: ComponentNumbers) -> tuple[float | None, ...]:
    """The component's values in the order of ComponentCollector._gauges' rows."""
    metrics = numbers.line.metrics
    return (
        metrics.test_pass_rate,
        metrics.uptime_percentage,
        metrics.issue_count,
        metrics.critical_issue_count,
        None if numbers.last_start_at is None else numbers.last_start_at.timestamp(),
        None if numbers.last_test_run_at is None else numbers.last_test_run_at.timestamp(),
    )
