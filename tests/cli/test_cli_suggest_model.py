"""`tracker suggest --rewrite` with a real local model endpoint: the answer is shown and stored
beside the evidence, and a failing or absent model never hides the evidence (exit 0)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.config.clirun import hms
from tests.services.llm_endpoint import Endpoint

KEY_ENV = "HMS_TEST_LLM_KEY"
ENV = {KEY_ENV: "sk-fake-key-for-cli-tests"}
TITLE = "Payment client read timeout calling the bank API"
RESOLUTION = "Raised the bank client's read timeout to 30 s and added one retry"


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    """A local endpoint that is listening."""
    found = Endpoint().up()
    yield found
    found.down()


def _run(root: Path, url: str, *args: str) -> tuple[int, str, str]:
    return hms(root, "--database-url", url, *args, env=ENV)


def _history(root: Path, url: str) -> str:
    """A resolved ticket of HMS-DOC, another unrelated one, and a like ticket of HMS-API."""
    for title, resolution in (
        (TITLE, RESOLUTION),
        ("Flaky test test_render_toc fails one run in five", "Waited for the render event"),
    ):
        code, out, _ = _run(root, url, "tracker", "issue", "HMS-DOC", "--title", title)
        assert code == 0, out
        ticket = out.split()[1].rstrip(":")
        assert _run(root, url, "tracker", "resolve", ticket, "--resolution", resolution)[0] == 0
    code, out, _ = _run(
        root, url, "tracker", "issue", "HMS-API", "--title", TITLE,
        "--description", "httpx.ReadTimeout after 10 s on POST /charge, password=hunter2xyz",
    )  # fmt: skip
    assert code == 0, out
    return out.split()[1].rstrip(":")


def _configure(root: Path, endpoint: Endpoint) -> None:
    with (root / "hms-status.toml").open("a", encoding="utf-8") as config:
        config.write(
            f'\n[suggest.llm]\nbase_url = "{endpoint.base_url}"\nmodel = "fake-model"\n'
            f'api_key_env = "{KEY_ENV}"\n'
        )


def test_the_answer_is_shown_and_stored_beside_the_evidence(
    hms_root: Path, store_url: str, endpoint: Endpoint
) -> None:
    _configure(hms_root, endpoint)
    ticket = _history(hms_root, store_url)
    endpoint.answer("Raise the read timeout to 30 s as in [WT-HMS-DOC-001].")
    code, out, err = _run(hms_root, store_url, "tracker", "suggest", ticket, "--rewrite")
    assert (code, err) == (0, "")
    assert RESOLUTION in out
    assert "Raise the read timeout to 30 s as in [WT-HMS-DOC-001]." in out
    (request,) = endpoint.requests
    assert "hunter2xyz" not in request.raw.decode()
    code, out, _ = _run(hms_root, store_url, "tracker", "suggest", ticket, "--json")
    report = json.loads(out)
    assert report["suggestions"][0]["ticket_id"] == "WT-HMS-DOC-001"
    assert report["answer"]["cited"] == ["WT-HMS-DOC-001"]
    assert report["answer"]["model"] == "fake-model-1"
    assert len(endpoint.requests) == 1


def test_a_failing_model_leaves_the_evidence_and_one_warning(
    hms_root: Path, store_url: str, endpoint: Endpoint
) -> None:
    _configure(hms_root, endpoint)
    ticket = _history(hms_root, store_url)
    endpoint.fail(500, {"error": {"message": "overloaded"}})
    code, out, err = _run(hms_root, store_url, "tracker", "suggest", ticket, "--rewrite")
    assert code == 0
    assert RESOLUTION in out
    warnings = [line for line in (out + err).splitlines() if "overloaded" in line]
    assert len(warnings) == 1 and "answered 500" in warnings[0]
    assert "Traceback" not in out + err
    code, out, _ = _run(hms_root, store_url, "tracker", "suggest", ticket, "--json")
    assert json.loads(out)["answer"] is None


def test_without_a_model_nothing_is_called(
    hms_root: Path, store_url: str, endpoint: Endpoint
) -> None:
    ticket = _history(hms_root, store_url)
    code, out, _ = _run(hms_root, store_url, "tracker", "suggest", ticket, "--rewrite")
    assert code == 0
    assert RESOLUTION in out
    assert endpoint.requests == []
