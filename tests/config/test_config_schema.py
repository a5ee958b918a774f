"""The hms-status.toml schema as a pure function: typed values, defaults, and one line per mistake."""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hms_status.config_check import check_config, component_config
from hms_status.config_model import SECTIONS, ComponentConfig, HmsConfig
from hms_status.errors import ConfigError

SOURCE = "hms-status.toml"


def check(text: str) -> HmsConfig:
    return check_config(tomllib.loads(text), SOURCE)


def refusal(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        check(text)
    return caught.value.one_line()


def test_an_empty_file_is_every_default() -> None:
    config = check("")
    assert config == HmsConfig()
    assert config.store.url is None and config.store.sqlite_synchronous == "FULL"
    assert config.docs.stale_after_hours == 168.0 and config.docs.cache_seconds == 300
    assert config.tracker.max_tickets_per_run == 50
    assert config.component("ANY").allow_outside_root is False
    assert config.component("ANY").test_command is None


def test_typed_values_come_back_typed() -> None:
    config = check(
        '[store]\nsqlite_synchronous = "normal"\n'
        '[analyzer]\nexclude_dirs = ["HMS-docs", "vendor/"]\nline_stats = true\n'
        "[tracker]\nmax_tickets_per_run = 200\n"
        '[components.HMS-API]\ntest_command = ["python3", "-m", "pytest"]\ntest_timeout_s = 60\n'
        'path = "/srv/api"\nallow_outside_root = true\n'
    )
    assert config.store.sqlite_synchronous == "NORMAL"
    assert config.analyzer.exclude_dirs == ("HMS-docs", "vendor")
    assert config.tracker.max_tickets_per_run == 200
    api = config.component("HMS-API")
    assert api.test_command == ("python3", "-m", "pytest") and api.test_timeout_s == 60.0
    assert api.allow_outside_root is True and api.path == "/srv/api"


def test_a_component_inherits_environment_defaults_and_overrides_them() -> None:
    config = check(
        '[environment]\nrequired_tools = ["git"]\ncheck_timeout_s = 30\npython = "/usr/bin/python3"\n'
        '[components.A]\nrequired_tools = ["node"]\n[components.B]\ncheck_timeout_s = 5\n'
    )
    a, b, other = (config.environment_for(cid) for cid in ("A", "B", "C"))
    assert a.required_tools == ("node",) and a.check_timeout_s == 30.0
    assert b.required_tools == ("git",) and b.check_timeout_s == 5.0
    assert other == config.environment and other.python == "/usr/bin/python3"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[store]\nURL = "x://"', "[store] URL: unknown key (did you mean url?)"),
        ("[docs]\nstale_after_hour = 3", "[docs] stale_after_hour: unknown key (did you mean stale_after_hours?)"),
        (
            "[docs]\nzzz = 3",
            "[docs] zzz: unknown key (known keys: stale_after_hours, cache_seconds, readme_badge, "
            "auto_update)",
        ),
        ("[component.A]\npath = 'x'", "[component]: unknown section (did you mean components?)"),
        ("[webhooks]\nurl = 'x'", "[webhooks]: unknown section (known sections: store, docs, analyzer"),
        ("max_tickets_per_run = 5", "max_tickets_per_run: unknown key outside any [section] (put it under [tracker])"),
        ('"we\\nird" = 1', '"we\\nird": unknown key outside any [section]'),
        ("components = 5", "[components] must be a table, got 5"),
    ],
)  # fmt: skip
def test_unknown_names_get_a_suggestion(text: str, expected: str) -> None:
    assert f"{SOURCE}: {expected}" in refusal(text)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('test_command = "rm -rf /"', "test_command must be an array of strings, not a string"),
        ('test_command = [""]', "test_command must start with a program name"),
        ('test_command = ["a\\u0000b"]', "test_command must not contain NUL characters"),
        ('health_url = "ftp://x/"', 'health_url must be an http:// or https:// URL, got "ftp://x/"'),
        ('health_url = "http://[::1"', "health_url is not a valid URL: Invalid IPv6 URL"),
        ('health_url = "http://x:99999/"', "health_url is not a valid URL: Port out of range"),
        ('health_url = "http:///nohost"', "health_url is not a valid URL: it names no host"),
        ('health_url = "http://x/a b"', "health_url is not a valid URL: it holds spaces"),
        ('description = "a\\u001b[31m"', "description must not contain control characters"),
        ('path = ""', "path must not be empty"),
        ('path = "a\\u0000b"', "path must not contain control characters"),
        ("allow_outside_root = 1", "allow_outside_root must be true or false, got 1"),
        ("probe_timeout_s = 1e400", "probe_timeout_s must be a finite number, got inf"),
        ("probe_timeout_s = 10_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000",
         "probe_timeout_s must be at most 604800, got a 47-digit number"),
        ("depends_on = 'HMS-DOC'", "depends_on must be an array"),
        ("name = 1979-05-27T07:32:00Z", "name must be a string, got a date or time"),
        ("required_tools = [[1]]", "required_tools[0] must be a string, got an array"),
    ],
)  # fmt: skip
def test_a_component_mistake_is_kept_for_that_component(table: str, expected: str) -> None:
    config = check(f"[components.A]\n{table}\n[components.B]\n")
    assert set(config.broken) == {"A"} and config.component("B") == ComponentConfig()
    for _ in range(2):  # raised afresh each time (components are worked on in threads)
        with pytest.raises(ConfigError) as caught:
            config.component("A")
        assert f"{SOURCE}: [components.A] {expected}" in caught.value.one_line()


def test_a_component_table_can_be_checked_on_its_own() -> None:
    assert component_config("A", {"test_command": ["true"]}, SOURCE).test_command == ("true",)
    with pytest.raises(ConfigError, match=r"\[components.A\] must be a table, got 5"):
        component_config("A", 5, SOURCE)


def test_the_value_shown_is_short_and_on_one_line() -> None:
    line = refusal(f'[store]\nsqlite_synchronous = "{"x" * 5000}\\nmore"')
    assert len(line) < 300 and "\n" not in line and 'got "xxxxxxxx' in line and '..."' in line


toml_scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["FULL", "normal", "http://127.0.0.1:1/", "sqlite:///x", "../x", "HMS-docs"]),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
    st.dates(),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
known_keys = sorted({k for m in (*SECTIONS.values(), ComponentConfig) for k in m.model_fields})
tables = st.dictionaries(st.sampled_from(known_keys) | st.text(max_size=8), toml_values, max_size=4)
documents = st.dictionaries(
    st.sampled_from([*SECTIONS, "components", "other"]),
    tables | toml_values | st.dictionaries(st.sampled_from(["A", "B", "../x", ""]), tables | toml_values),
    max_size=4,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(documents)
def test_any_parsed_document_is_a_config_or_one_config_error(raw: dict[str, Any]) -> None:
    try:
        config = check_config(raw, SOURCE)
    except ConfigError as exc:
        assert exc.one_line().startswith(f"{SOURCE}: ") and "\n" not in exc.one_line()
        return
    for component_id in raw.get("components", {}):
        try:
            component = config.component(component_id)
        except ConfigError as exc:
            assert "\n" not in exc.one_line()
        else:
            assert all(
                not isinstance(v, float) or math.isfinite(v)
                for v in component.model_dump().values()
            )
