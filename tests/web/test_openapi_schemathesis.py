"""schemathesis against the live service's /openapi.json: data that fits the schema and data
that does not, for every operation (with an admin token), and never a server error."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from hms_status.foundation.workspace import Workspace
from hms_status.services import tracking
from tests.web.api_support import running_api

EXAMPLES_PER_MODE = 20
"""Cases per operation and generation mode: enough to try every field kind, small enough for
the whole run (about 20 operations, two modes, two stores) to stay within a minute."""


def test_no_operation_answers_a_server_error(live_workspace: Workspace) -> None:
    with running_api(live_workspace) as api:
        schema = schemathesis.openapi.from_url(f"{api.server.url}/openapi.json")
        headers = {"Authorization": f"Bearer {api.admin}"}
        ticket = tracking.open_issue(api.ws, "HMS-API", "seeded", "low").ticket
        assert ticket is not None
        known = {"component_id": "HMS-API", "ticket_id": ticket.ticket_id}
        seen: list[str] = []
        for result in schema.get_all_operations():
            operation = result.ok()
            _exercise(operation.as_strategy(), api.server.url, headers)
            names = {p.name for p in operation.path_parameters}
            if names and names <= set(known):  # bodies and queries for IDs that exist
                fixed = {name: known[name] for name in names}
                strategy = operation.as_strategy(path_parameters=fixed)
                _exercise(strategy, api.server.url, headers)
            try:
                negative = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
                _exercise(negative, api.server.url, headers)
            except Unsatisfiable:  # nothing to break: an operation without parameters
                pass
            seen.append(operation.label)
    assert "POST /api/v1/components/{component_id}/test-runs" in seen
    assert "GET /api/v1/components" in seen


def _exercise(
    strategy: st.SearchStrategy[schemathesis.Case], url: str, headers: dict[str, str]
) -> None:
    @settings(
        max_examples=EXAMPLES_PER_MODE,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case: schemathesis.Case) -> None:
        response = case.call(base_url=url, headers=headers, timeout=120)
        assert response.status_code < 500, (
            f"{case.as_curl_command()} -> {response.status_code}: {response.text[:500]}"
        )

    call()
