"""Hostile hms-status.toml files through the real CLI: one line, exit 2, nothing run or written.

Each case crashed (exit 70), hung, ran a command the user never wrote as a list, or was
silently ignored before the whole file was checked (issue 9).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.config.clirun import hms, one_error_line, write_config


def data_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in (root / "data").rglob("*") if p.is_file()}


def assert_refused(root: Path, *args: str) -> str:
    """Run a command that must be refused by the configuration: exit 2, one line, no writes."""
    before = data_files(root)
    code, out, err = hms(root, *args)
    assert code == 2, (code, out, err)
    assert data_files(root) == before  # no store created, no snapshot written
    return one_error_line(err)


def test_non_utf8_content_is_refused_with_its_line(hms_root: Path) -> None:
    write_config(hms_root, b"[docs]\nstale_after_hours = 5\n# caf\xe9\n")
    line = assert_refused(hms_root, "tracker", "start", "HMS-API")
    assert "hms-status.toml: not valid UTF-8 (byte 0xe9 on line 3)" in line
    assert "save the file as UTF-8" in line


def test_a_utf8_byte_order_mark_is_accepted(hms_root: Path) -> None:
    write_config(hms_root, "\ufeff[docs]\nstale_after_hours = 5\n".encode())
    assert hms(hms_root, "tracker", "list")[0] == 0


def test_an_array_nested_5000_deep_is_refused(hms_root: Path) -> None:
    write_config(hms_root, "deep = " + "[" * 5000 + "]" * 5000 + "\n")
    line = assert_refused(hms_root, "tracker", "start", "HMS-API")
    assert "nested too deeply" in line


def test_a_configuration_over_1_mib_is_refused(hms_root: Path) -> None:
    write_config(hms_root, ("# padding\n" * 120_000))
    assert "larger than 1 MiB" in assert_refused(hms_root, "tracker", "list")


def test_a_fifo_in_place_of_the_file_is_refused_not_waited_on(hms_root: Path) -> None:
    config = hms_root / "hms-status.toml"
    config.unlink()
    os.mkfifo(config)
    done = subprocess.run(
        [sys.executable, "-m", "hms_status", "--root", str(hms_root), "tracker", "list"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "hms-status.toml: not a regular file" in one_error_line(done.stderr)


def test_huge_stale_after_hours_is_out_of_range_not_a_crash(hms_root: Path) -> None:
    assert hms(hms_root, "tracker", "start", "HMS-API", "--success")[0] == 0
    write_config(hms_root, "[docs]\nstale_after_hours = 1e308\n")
    line = assert_refused(hms_root, "docs", "update", "HMS-API")
    assert "hms-status.toml: [docs] stale_after_hours must be at most 87600, got 1e+308" in line
    assert "hours" in line


def test_a_mistyped_store_key_names_the_key_and_suggests_the_right_one(hms_root: Path) -> None:
    write_config(hms_root, f'[store]\nurll = "sqlite:///{hms_root}/elsewhere.db"\n')
    line = assert_refused(hms_root, "tracker", "start", "HMS-API")
    assert line.endswith("hms-status.toml: [store] urll: unknown key (did you mean url?)")


def test_an_unknown_section_is_named_with_a_suggestion(hms_root: Path) -> None:
    write_config(hms_root, '[strore]\nurl = "sqlite:///x.db"\n')
    line = assert_refused(hms_root, "tracker", "list")
    assert line.endswith("hms-status.toml: [strore]: unknown section (did you mean store?)")


def test_a_key_outside_any_section_says_where_it_belongs(hms_root: Path) -> None:
    write_config(hms_root, "stale_after_hours = 5\n")
    line = assert_refused(hms_root, "tracker", "list")
    assert "stale_after_hours: unknown key outside any [section] (put it under [docs])" in line


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[docs]\ncache_seconds = "300"', '[docs] cache_seconds must be a whole number, got "300"'),
        ("[docs]\ncache_seconds = 300.0", "[docs] cache_seconds must be a whole number, got 300.0"),
        ("[docs]\nstale_after_hours = nan", "[docs] stale_after_hours must be a finite number"),
        ("[docs]\nstale_after_hours = inf", "[docs] stale_after_hours must be a finite number"),
        ("[docs]\nstale_after_hours = 0", "[docs] stale_after_hours must be more than 0, got 0"),
        ("[store]\nsqlite_synchronous = 1", "[store] sqlite_synchronous must be a string, got 1"),
        ('[store]\nurl = "data/x.db"', "[store] url must be a database URL like sqlite:///"),
        (
            '[analyzer]\nline_stats = "yes"',
            '[analyzer] line_stats must be true or false, got "yes"',
        ),
        ('[analyzer]\nexclude_dirs = "HMS-docs"', "[analyzer] exclude_dirs must be an array"),
        ('[analyzer]\nexclude_dirs = ["../up"]', "[analyzer] exclude_dirs[0] must be a directory"),
        ("[analyzer]\nstale_days = 1979-05-27", "[analyzer] stale_days must be a whole number"),
        (
            "[environment]\ncheck_timeout_s = true",
            "[environment] check_timeout_s must be a number, got true",
        ),
        (
            "[environment]\ncheck_timeout_s = 604801",
            "[environment] check_timeout_s must be at most 604800",
        ),
        (
            '[environment]\nrequired_tools = ["git", 3]',
            "[environment] required_tools[1] must be a string, got 3",
        ),
        ("[tracker]\nmax_tickets_per_run = 0", "[tracker] max_tickets_per_run must be at least 1"),
        (
            "[tracker]\nmax_tickets_per_run = 5.5",
            "[tracker] max_tickets_per_run must be a whole number",
        ),
        ('store = "sqlite:///x.db"', '[store] must be a table, got "sqlite:///x.db"'),
        ('[components."../x"]', "[components] invalid component ID '../x'"),
    ],
)
def test_wrong_types_and_ranges_are_one_line_each(hms_root: Path, body: str, expected: str) -> None:
    write_config(hms_root, body + "\n")
    assert f"hms-status.toml: {expected}" in assert_refused(hms_root, "tracker", "list")


def test_a_string_test_command_is_refused_and_never_run(hms_root: Path) -> None:
    write_config(hms_root, '[components.HMS-API]\ntest_command = "touch pwned"\n')
    code, out, err = hms(hms_root, "run", "test", "HMS-API")
    assert code == 2, (out, err)
    line = one_error_line(err)
    assert "[components.HMS-API] test_command must be an array of strings, not a string" in line
    assert '["python3", "-m", "pytest"]' in line
    assert not (hms_root / "SYSTEM-COMPONENTS" / "HMS-API" / "pwned").exists()
    assert not list(hms_root.rglob("pwned"))
    code, out, _ = hms(hms_root, "tracker", "get", "HMS-API", "--json")
    assert code == 0 and json.loads(out)["test_results"] is None  # nothing recorded


def test_a_string_test_command_fails_only_its_component_in_a_full_update(hms_root: Path) -> None:
    write_config(hms_root, '[components.HMS-API]\ntest_command = "touch pwned"\n')
    code, out, err = hms(hms_root, "run", "full-update", "--run-tests", "--json")
    assert code == 1, err
    outcomes = {o["component_id"]: o for o in json.loads(out)["components"]}
    assert "test_command must be an array of strings" in outcomes["HMS-API"]["error"]
    assert outcomes["HMS-DOC"]["error"] is None
    assert not list(hms_root.rglob("pwned"))


def test_a_mistake_in_one_component_table_is_reported_for_that_component(hms_root: Path) -> None:
    write_config(hms_root, '[components.HMS-API]\nhelth_url = "http://127.0.0.1:9/"\n')
    assert hms(hms_root, "tracker", "start", "HMS-DOC", "--success")[0] == 0
    code, _, err = hms(hms_root, "env", "check", "HMS-API")
    assert code == 2
    assert one_error_line(err).endswith(
        "hms-status.toml: [components.HMS-API] helth_url: unknown key (did you mean health_url?)"
    )


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('test_command = ["true"]\ntest_timeout_s = 0', "test_timeout_s must be more than 0"),
        ('test_command = ["true"]\ntest_timeout_s = "60"', "test_timeout_s must be a number"),
        ('test_command = ["true", 1]', "test_command[1] must be a string, got 1"),
        ("test_command = []", "test_command must not be empty"),
        ('test_command = ["true"]\njunit_report = 5', "junit_report must be a string, got 5"),
    ],
)
def test_bad_test_settings_are_refused_before_anything_runs(
    hms_root: Path, table: str, expected: str
) -> None:
    write_config(hms_root, f"[components.HMS-API]\n{table}\n")
    code, _, err = hms(hms_root, "run", "test", "HMS-API")
    assert code == 2
    assert f"hms-status.toml: [components.HMS-API] {expected}" in one_error_line(err)


def test_the_environment_and_flags_still_override_the_file(hms_root: Path, tmp_path: Path) -> None:
    write_config(hms_root, f'[store]\nurl = "sqlite:///{tmp_path}/no-such-dir/x.db"\n')
    assert hms(hms_root, "tracker", "start", "HMS-API")[0] == 2  # the file's store: refused
    elsewhere = f"sqlite:///{tmp_path / 'env.db'}"
    assert hms(hms_root, "tracker", "start", "HMS-API", env={"HMS_DATABASE_URL": elsewhere})[0] == 0
    assert (tmp_path / "env.db").exists()
    flag = f"sqlite:///{tmp_path / 'flag.db'}"
    code = hms(
        hms_root, "--database-url", flag, "tracker", "start", "HMS-API",
        env={"HMS_DATABASE_URL": elsewhere},
    )[0]  # fmt: skip
    assert code == 0 and (tmp_path / "flag.db").exists()
