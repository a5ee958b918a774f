"""The service is part of the default install, yet no other command pays for its imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli.import_probe import loaded

HEAVY = ("fastapi", "uvicorn", "starlette", "httpx", "prometheus_client", "multipart")


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["tracker", "--help"],
        ["tracker", "list"],
        ["tracker", "start", "HMS-API", "--success"],
        ["tracker", "get", "HMS-API"],
        ["run", "--help"],
        ["push", "--help"],
        ["serve", "--help"],
        ["token", "--help"],
    ],
    ids=" ".join,
)
def test_commands_do_not_import_the_web_stack(hms_root: Path, argv: list[str]) -> None:
    found = loaded(hms_root, HEAVY, *argv)
    assert found == "[]", f"{argv}: {found}"
