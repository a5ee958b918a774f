"""A command a user cannot find in the README does not exist for them: every one is documented."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from hms_status.cli.root import _SUBCOMMANDS, group_for

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    found = []
    for name in _SUBCOMMANDS:
        command = group_for(name)
        if isinstance(command, click.Group):
            found += [f"{name} {sub}" for sub in command.commands]
        else:
            found.append(name)
    return found


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command: str) -> None:
    part, _, sub = command.partition(" ")
    seed = {"tracker": "status_tracker.py", "analyzer": "repository_analyzer.py",
            "env": "environment_monitor.py", "docs": "docs_integrator.py", "run": "run_system.py"}  # fmt: skip
    spellings = [f"hms-status {command}", f"`{sub}" if sub else f"hms-status {part}"]
    if part in seed:
        spellings.append(f"{seed[part]} {sub}")
    assert any(s in README for s in spellings), f"{command} is not documented in README.md"
