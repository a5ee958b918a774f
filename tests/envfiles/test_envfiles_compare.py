"""Comparing .env files to their examples, placeholder detection, and masking for display."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from hms_status.envfiles import (
    PLACEHOLDER_PATTERNS,
    EnvFile,
    EnvSyntaxError,
    compare_env,
    is_placeholder,
    mask,
    parse_env,
)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no shared corpus at {CORPUS}")


def corpus_env(path: str) -> EnvFile:
    """A corpus .env file, parsed, after checking its checksum against the corpus index."""
    index = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = [e for e in index["files"] if e["path"] == path]
    raw = (CORPUS / path).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
    return parse_env(raw.decode("utf-8"))


def render(env: EnvFile, values: dict[str, str], drop: frozenset[str] = frozenset()) -> str:
    """The env as a new .env text: values overridden, some keys dropped, everything quoted."""
    merged = env.values | values
    return "".join(f'{key}="{merged[key]}"\n' for key in env.keys if key not in drop)


@needs_corpus
def test_envfiles_compare_example_with_itself_flags_placeholders_and_required() -> None:
    example = corpus_env("env/calcom__cal.com/.env.example")
    result = compare_env(example, example)
    assert (result.missing, result.extra) == ((), ())
    # "# Required for Vercel hosting - set NEXTAUTH_URL ..." sits in the comments above it.
    assert result.empty == ("NEXTAUTH_URL",)
    assert result.placeholders == ("EMAIL_SERVER_USER", "EMAIL_SERVER_PASSWORD")
    assert not result.clean


@needs_corpus
def test_envfiles_compare_laravel_dropped_extra_empty_and_placeholder() -> None:
    example = corpus_env("env/laravel__laravel/.env.example")
    actual_text = render(
        example,
        {"APP_KEY": "base64:abc", "APP_NAME": "", "DB_CONNECTION": "CHANGEME", "MAIL_HOST": "xxx"},
        drop=frozenset({"REDIS_HOST", "VITE_APP_NAME"}),
    )
    actual = parse_env(actual_text + "LOCAL_ONLY=1\nAPP_DEBUG=false\n")
    result = compare_env(example, actual)
    assert result.missing == ("REDIS_HOST", "VITE_APP_NAME")
    assert result.extra == ("LOCAL_ONLY",)
    assert result.empty == ("APP_NAME",)  # APP_KEY= in the example: empty is allowed
    assert result.placeholders == ("DB_CONNECTION", "MAIL_HOST")
    assert result.actual_duplicates == ("APP_DEBUG",)
    assert result.example_duplicates == ()


@needs_corpus
def test_envfiles_compare_vercel_filled_in_is_clean() -> None:
    example = corpus_env("env/vercel__commerce/.env.example")
    values = {"SHOPIFY_REVALIDATION_SECRET": "s3", "SHOPIFY_STOREFRONT_ACCESS_TOKEN": "tok"}
    result = compare_env(example, parse_env(render(example, values)))
    assert result.clean


@needs_corpus
def test_envfiles_compare_missing_actual_file_lists_every_key_as_missing() -> None:
    example = corpus_env("env/vercel__commerce/.env.example")
    result = compare_env(example, None)
    assert result.missing == example.keys and not result.actual_present and not result.clean


@needs_corpus
def test_envfiles_compare_flask_env_against_a_broken_copy() -> None:
    example = corpus_env("env/pallets__flask/tests__test_apps__.env")
    actual = parse_env("FOO=env\nSPAM\nEGGS='2\nHAM=<ham>\n")
    result = compare_env(example, actual)
    assert result.missing == ()
    assert result.unreadable == ("SPAM", "EGGS")
    assert result.placeholders == ("HAM",)
    assert [(e.line, e.message, e.keys) for e in result.actual_errors] == [
        (2, "no '=' (expected KEY=value)", ("SPAM",)),
        (3, "unterminated ' quote: the value of EGGS is never closed", ("EGGS",)),
    ]


def test_envfiles_compare_a_key_on_a_broken_line_is_not_missing() -> None:
    """Issue 9: `D="unterminated` made D missing, so --fix appended a second D."""
    example = parse_env("A=1\nD=\nE=\n")
    result = compare_env(example, parse_env('A=1\nD="unterminated\n'))
    assert result.missing == ("E",)
    assert result.unreadable == ("D",)
    assert not result.clean


def test_envfiles_compare_a_broken_line_does_not_hide_a_valid_assignment() -> None:
    example = parse_env("D=\n")
    result = compare_env(example, parse_env("D\nD=1\n"))
    assert result.missing == () and result.unreadable == ()
    assert [e.line for e in result.actual_errors] == [1]


def test_envfiles_required_comment_makes_an_empty_value_a_finding() -> None:
    example = parse_env(
        "# Required for login\nTOKEN=\nOPTIONAL=\nPORT= # required\nNOTE=  # not required\n"
    )
    actual = parse_env("TOKEN=\nOPTIONAL=\nPORT=\nNOTE=\n")
    assert compare_env(example, actual).empty == ("TOKEN", "PORT")


def test_envfiles_example_errors_and_duplicates_are_reported() -> None:
    example = parse_env("A=1\nA=2\nbad line\n")
    result = compare_env(example, parse_env("A=3\n"))
    assert result.example_duplicates == ("A",)
    assert result.example_errors == (EnvSyntaxError(3, "no '=' (expected KEY=value)"),)


@pytest.mark.parametrize(
    "value",
    [
        "changeme", "CHANGE_ME", "change-me", "todo", "TODO", "xxx", "XXXXXX",
        "your_api_key_here", "YOUR-TOKEN-HERE", "<office365_password>", "<>", "replace_me",
        "secret", "Password", "example", "placeholder", "  changeme  ",
    ],
)  # fmt: skip
def test_envfiles_placeholders_are_recognised(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize(
    "value",
    ["", "xx", "my-secret-value", "password123", "example.com", "<a><b>", "todo-list", "x"],
)
def test_envfiles_real_values_are_not_placeholders(value: str) -> None:
    assert not is_placeholder(value)


def test_envfiles_placeholder_list_is_documented() -> None:
    assert len(PLACEHOLDER_PATTERNS) >= 10


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("", ""),
        ("abc", "***"),
        ("12345678", "********"),
        ("123456789", "12********"),
        ("sk_live_" + "a" * 40, "sk********"),
    ],
)
def test_envfiles_mask_reveals_at_most_two_characters(value: str, shown: str) -> None:
    assert mask(value) == shown
