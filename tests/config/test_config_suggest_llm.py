"""[suggest.llm] in hms-status.toml: typed values, defaults, and one line per mistake."""

from __future__ import annotations

import tomllib

import pytest

from hms_status.config_check import check_config
from hms_status.errors import ConfigError

SOURCE = "hms-status.toml"
VALID = 'base_url = "https://llm.example.com/v1"\nmodel = "m"'


def _refusal(table: str) -> str:
    with pytest.raises(ConfigError) as caught:
        check_config(tomllib.loads(f"[suggest.llm]\n{table}\n"), SOURCE)
    return caught.value.one_line()


def test_without_the_table_there_is_no_model() -> None:
    assert check_config({}, SOURCE).suggest.llm is None
    assert check_config(tomllib.loads("[suggest]\n"), SOURCE).suggest.llm is None


def test_the_defaults_and_typed_values() -> None:
    llm = check_config(tomllib.loads(f"[suggest.llm]\n{VALID}\n"), SOURCE).suggest.llm
    assert llm is not None
    assert (llm.base_url, llm.model, llm.api_key_env) == ("https://llm.example.com/v1", "m", None)
    assert (llm.timeout_s, llm.max_tokens) == (30.0, 400)
    text = f'{VALID}\napi_key_env = "OPENAI_API_KEY"\ntimeout_s = 5.5\nmax_tokens = 50'
    llm = check_config(tomllib.loads(f"[suggest.llm]\n{text}\n"), SOURCE).suggest.llm
    assert llm is not None
    assert (llm.api_key_env, llm.timeout_s, llm.max_tokens) == ("OPENAI_API_KEY", 5.5, 50)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('model = "m"', "[suggest.llm] base_url is required"),
        ('base_url = "https://x/v1"', "[suggest.llm] model is required"),
        (f'{VALID}\nbase_url2 = "x"', "[suggest.llm] base_url2: unknown key (did you mean base_url?)"),
        ('base_url = "ftp://x/v1"\nmodel = "m"', "[suggest.llm] base_url must be an http:// or https:// URL"),
        (f'{VALID}\napi_key = "sk-123"', "[suggest.llm] api_key is not allowed here (an API key is a secret"),
        (f'{VALID}\napi_key_env = "not a name"', "[suggest.llm] api_key_env must be an environment variable name"),
        (f"{VALID}\ntimeout_s = 0", "[suggest.llm] timeout_s must be more than 0, got 0"),
        (f"{VALID}\ntimeout_s = 601", "[suggest.llm] timeout_s must be at most 600, got 601"),
        (f"{VALID}\nmax_tokens = 0", "[suggest.llm] max_tokens must be at least 1, got 0"),
        (f'{VALID}\nmax_tokens = "5"', "[suggest.llm] max_tokens must be a whole number"),
    ],
)  # fmt: skip
def test_each_mistake_is_one_line_naming_the_table(table: str, expected: str) -> None:
    assert f"{SOURCE}: {expected}" in _refusal(table)


def test_the_key_itself_is_never_shown() -> None:
    assert "sk-123" not in _refusal(f'{VALID}\napi_key = "sk-123"')
