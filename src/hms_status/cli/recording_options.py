"""The arguments of recording a start, a test run or an issue: one definition for `tracker`
(which records into the store) and `push` (which sends to a service), so they never drift."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])
COMMIT_ENVVARS = ["GITHUB_SHA", "CI_COMMIT_SHA", "BUILDKITE_COMMIT", "GIT_COMMIT"]
"""Where CI systems put the commit under test: `--commit` defaults to the first one set."""


def _apply(function: F, decorators: list[Callable[[F], F]]) -> F:
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def start_options(json_help: str) -> Callable[[F], F]:
    """COMPONENT --success/--failure --env --version --duration-ms --message --json."""

    def decorate(function: F) -> F:
        return _apply(
            function,
            [
                click.argument("component"),
                click.option(
                    "--success/--failure",
                    default=True,
                    help="Whether the start succeeded (default: success).",
                ),
                click.option(
                    "--env", "environment", default="", help="Environment name, e.g. dev."
                ),
                click.option("--version", "version", default="", help="Version that started."),
                click.option("--duration-ms", type=int, help="How long the start took."),
                click.option(
                    "--message", default="", help="A note, e.g. the error of a failed start."
                ),
                click.option("--json", "as_json", is_flag=True, help=json_help),
            ],
        )

    return decorate


def test_options(json_help: str) -> Callable[[F], F]:
    """COMPONENT --success/--failure --results --junit FILE [MORE...] --duration-ms --commit
    --json."""

    def decorate(function: F) -> F:
        return _apply(
            function,
            [
                click.argument("component"),
                click.option(
                    "--success", "flag", flag_value=True, default=None, help="The run passed."
                ),
                click.option("--failure", "flag", flag_value=False, help="The run failed."),
                click.option(
                    "--results",
                    help='Counts as JSON: \'{"passed": 42, "failed": 0, "skipped": 3}\'.',
                ),
                click.option(
                    "--junit",
                    "reports",
                    multiple=True,
                    type=click.Path(path_type=Path),
                    help="A test report (JUnit XML, NUnit 3, TRX, xUnit.net); repeat for more.",
                ),
                click.argument("more_reports", nargs=-1, type=click.Path(path_type=Path)),
                click.option("--duration-ms", type=int, help="How long the run took."),
                click.option(
                    "--commit",
                    envvar=COMMIT_ENVVARS,
                    help="The commit the run tested (7-64 hex digits); default: $GITHUB_SHA,"
                    " $CI_COMMIT_SHA, $BUILDKITE_COMMIT or $GIT_COMMIT.",
                ),
                click.option("--json", "as_json", is_flag=True, help=json_help),
            ],
        )

    return decorate


def issue_options(json_help: str) -> Callable[[F], F]:
    """COMPONENT --title --severity --description --json."""

    def decorate(function: F) -> F:
        return _apply(
            function,
            [
                click.argument("component"),
                click.option("--title", required=True, help="What is wrong."),
                click.option(
                    "--severity",
                    default="medium",
                    show_default=True,
                    help="low, medium, high or critical.",
                ),
                click.option("--description", default="", help="More detail."),
                click.option("--json", "as_json", is_flag=True, help=json_help),
            ],
        )

    return decorate
