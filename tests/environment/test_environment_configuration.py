"""Configuration checks on real .env pairs from the corpus, config files, and git tracking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.environment.factories import NOW, corpus_entries, corpus_text, write

from hms_status.environment.config_files import strip_jsonc
from hms_status.environment.configuration import is_secret_env_file
from hms_status.environment.model import CheckOutcome, CheckResult, EnvironmentReport
from hms_status.environment.monitor import check_environment
from hms_status.environment.settings import EnvSettings
from hms_status.environment.text import render_text

EXAMPLES = corpus_entries("env_example")
SECRET = "s3cr3t-Value-that-must-never-show"


def _check(component: Path, check_id: str, settings: EnvSettings | None = None) -> CheckResult:
    report = _report(component, frozenset({check_id}), settings)
    (result,) = report.results
    return result


def _report(
    component: Path, only: frozenset[str], settings: EnvSettings | None = None
) -> EnvironmentReport:
    return check_environment(
        "HMS-API", component, now=NOW, settings=settings or EnvSettings(), only=only
    )


@pytest.mark.parametrize("entry", EXAMPLES, ids=lambda e: str(e["path"]))
def test_a_missing_env_lists_every_example_key(component: Path, entry: dict[str, object]) -> None:
    write(component, ".env.example", corpus_text(str(entry["path"])))
    result = _check(component, "env-file")
    expected = entry["expected"]
    assert isinstance(expected, dict)
    assert result.outcome is CheckOutcome.FAILURE
    assert result.env_file is not None and not result.env_file.exists
    assert list(result.env_file.missing_keys) == expected["variables"]
    assert [step.description for step in result.repairs] == ["create .env from .env.example"]


@pytest.mark.parametrize("entry", EXAMPLES, ids=lambda e: str(e["path"]))
def test_a_copy_of_the_example_misses_nothing(component: Path, entry: dict[str, object]) -> None:
    text = corpus_text(str(entry["path"]))
    write(component, ".env.example", text)
    write(component, ".env", text)
    summary = _check(component, "env-file").env_file
    assert summary is not None
    assert summary.missing_keys == () and summary.extra_keys == ()
    assert summary.duplicate_keys == () and summary.syntax_errors == ()


def test_a_damaged_laravel_env_is_reported_with_masked_values(component: Path) -> None:
    example = corpus_text("env/laravel__laravel/.env.example")
    write(component, ".env.example", example)
    kept = [ln for ln in example.splitlines() if not ln.startswith(("REDIS_", "APP_URL"))]
    broken = "\n".join(kept).replace("APP_NAME=Laravel", "APP_NAME=changeme")
    broken = broken.replace("DB_CONNECTION=sqlite", "DB_CONNECTION=")
    write(component, ".env", f"{broken}\nAPP_KEY={SECRET}\nAPP_KEY=again\nnot an assignment\n")
    report = _report(component, frozenset({"env-file"}))
    (result,) = report.results
    summary = result.env_file
    assert summary is not None
    assert summary.missing_keys == (
        "APP_URL",
        "REDIS_CLIENT",
        "REDIS_HOST",
        "REDIS_PASSWORD",
        "REDIS_PORT",
    )
    assert summary.placeholders == (("APP_NAME", "********"),)
    assert summary.empty_required == ("DB_CONNECTION",)
    assert summary.duplicate_keys == ("APP_KEY",)
    assert len(summary.syntax_errors) == 1
    assert {f.type for f in result.findings} == {
        "env_missing_keys",
        "env_empty_values",
        "env_placeholder_values",
        "env_duplicate_keys",
        "env_syntax_error",
    }
    shown = "\n".join(render_text(report)) + json.dumps(report.to_json())
    assert SECRET not in shown and "changeme" not in shown and "again" not in shown


def _fix_env_file(component: Path) -> EnvironmentReport:
    return check_environment("HMS-API", component, now=NOW, only=frozenset({"env-file"}), fix=True)


def test_an_unterminated_quote_is_a_syntax_error_that_fix_leaves_alone(component: Path) -> None:
    """Issue 9: `D="unterminated` was a missing key, and --fix appended a second `D=`."""
    write(component, ".env.example", "A=1\nD=\n")
    env = write(component, ".env", 'A=1\nD="unterminated\n')
    report = _fix_env_file(component)
    (result,) = report.results
    assert [(f.type, f.description, f.remediation) for f in result.findings] == [
        (
            "env_syntax_error",
            '.env line 2: unterminated " quote: the value of D is never closed',
            'Fix .env line 2 by hand: end the value with ", or remove the opening "',
        )
    ]
    assert result.env_file is not None and result.env_file.missing_keys == ()
    assert result.details[-1] == "keys only on lines with syntax errors (not added): D"
    assert report.fixes_planned == () and report.fixes_applied == ()
    assert env.read_bytes() == b'A=1\nD="unterminated\n'
    assert sorted(p.name for p in component.iterdir()) == [".env", ".env.example"]


def test_nothing_is_appended_after_a_quote_left_open(component: Path) -> None:
    """An appended `E="x"` would close the open quote and vanish into D's value."""
    write(component, ".env.example", 'A=1\nD=\nE="x"\n')
    env = write(component, ".env", 'A=1\nD="open\n')
    report = _fix_env_file(component)
    (result,) = report.results
    missing = [f for f in result.findings if f.type == "env_missing_keys"]
    assert [f.remediation for f in missing] == [
        "Close the quote on .env line 2, then add them (--fix appends nothing yet)"
    ]
    assert report.fixes_planned == () and report.fixes_applied == ()
    assert env.read_bytes() == b'A=1\nD="open\n'


def test_a_quoted_value_closed_on_a_later_line_is_valid(component: Path) -> None:
    write(component, ".env.example", "A=\nCERT=\n")
    write(component, ".env", "A=1\nCERT='-----BEGIN-----\nabc=\n-----END-----'\n")
    result = _check(component, "env-file")
    assert result.outcome is CheckOutcome.OK
    assert result.env_file is not None and result.env_file.syntax_errors == ()


def test_an_env_without_example_is_checked_alone(component: Path) -> None:
    write(component, ".env", corpus_text("env/pallets__flask/tests__test_apps__.env"))
    result = _check(component, "env-file")
    assert result.outcome is CheckOutcome.OK
    assert result.details == ("keys in .env: 4; no .env.example to compare with",)


def test_config_files_that_do_not_parse_fail(component: Path) -> None:
    write(component, "settings.json", '{"a": 1,}')
    write(component, "tsconfig.json", '{\n  // comment\n  "compilerOptions": {"strict": true,},\n}')
    write(component, "template.yaml", "Resources:\n  Bucket: !Ref Name\n---\nsecond: doc\n")
    write(component, "config/app.yml", "key: [unclosed\n")
    write(component, "pyproject.toml", "[project\n")
    write(component, "config/ok.toml", 'a = "b"\n')
    result = _check(component, "config-files")
    invalid = {c.path: c.error for c in result.config_files if c.error}
    assert sorted(invalid) == ["config/app.yml", "pyproject.toml", "settings.json"]
    assert invalid["settings.json"].startswith("line 1 column 9")
    assert invalid["config/app.yml"].startswith("line 2")
    assert result.outcome is CheckOutcome.FAILURE
    assert len(result.findings) == 3


def test_jsonc_keeps_strings_and_line_numbers() -> None:
    text = '{"url": "http://x//y", /* a\nb */ "list": [1, 2,],}'
    assert json.loads(strip_jsonc(text)) == {"url": "http://x//y", "list": [1, 2]}
    assert strip_jsonc(text).count("\n") == 1


def test_a_tracked_env_file_fails(component: Path) -> None:
    write(component, ".env", f"KEY={SECRET}\n")
    tracked = frozenset({".env", ".env.example", "config/.env.production", "src/app.py"})
    result = _check(component, "env-tracked", EnvSettings(tracked_files=tracked))
    assert result.outcome is CheckOutcome.FAILURE
    assert [f.description.split()[0] for f in result.findings] == [".env", "config/.env.production"]
    assert "git rm --cached .env" in result.findings[0].remediation


def test_unknown_tracking_is_inconclusive_only_when_an_env_exists(component: Path) -> None:
    assert _check(component, "env-tracked").outcome is CheckOutcome.OK
    write(component, ".env", "A=1\n")
    assert _check(component, "env-tracked").outcome is CheckOutcome.INCONCLUSIVE
    settings = EnvSettings(tracked_files=frozenset({".env.example"}))
    assert _check(component, "env-tracked", settings).outcome is CheckOutcome.OK


@pytest.mark.parametrize(
    ("path", "secret"),
    [
        (".env", True),
        ("config/.env.production", True),
        (".env.local", True),
        (".env.example", False),
        (".env.local.example", False),
        (".env.vault", False),
        (".envrc", False),
        (".env.hms-backup-20240501T120000Z", True),
    ],
)
def test_which_env_files_hold_secrets(path: str, secret: bool) -> None:
    assert is_secret_env_file(path) is secret
