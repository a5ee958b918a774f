""".env parsing: the shared corpus's expected facts, python-dotenv's rules, and syntax errors."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from dotenv.parser import parse_stream
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hms_status.envfiles import CommentedAssignment, EnvEntry, EnvSyntaxError, parse_env

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
ENV_KINDS = ("env_example", "env_file")
VALID_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
QUOTED_KEY = re.compile(r"(?:^\ufeff?|[\r\n])[^\S\r\n]*(?:export[^\S\r\n]+)?'")


def corpus_entries() -> list[dict[str, Any]]:
    """The env_example and env_file entries of the corpus index (empty when it is absent)."""
    index = CORPUS / "manifest.json"
    if not index.is_file():
        return []
    files: list[dict[str, Any]] = json.loads(index.read_text(encoding="utf-8"))["files"]
    return [entry for entry in files if entry["kind"] in ENV_KINDS]


def corpus_text(entry: dict[str, Any]) -> str:
    """A corpus file's text, after checking it is the file the expectations were written for."""
    raw = (CORPUS / entry["path"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
    return str(raw.decode("utf-8"))


def observed_facts(text: str) -> dict[str, object]:
    """The corpus's expected keys, answered by parse_env."""
    env = parse_env(text)
    return {
        "variable_count": len(env.keys),
        "variables": list(env.keys),
        "empty_value_variables": list(env.empty_keys),
        "empty_value_count": len(env.empty_keys),
        "duplicate_keys": list(env.duplicate_keys),
        "commented_out_assignments": sorted({c.key for c in env.commented_out}),
        "commented_out_not_defined": list(env.commented_out_not_defined),
    }


def dotenv_pairs(text: str) -> list[tuple[str, str]]:
    """(key, value) of every assignment python-dotenv reads whose key parse_env also accepts."""
    return [
        (b.key, b.value)
        for b in parse_stream(io.StringIO(text))
        if b.key is not None and b.value is not None and VALID_KEY.fullmatch(b.key)
    ]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
@pytest.mark.parametrize("entry", corpus_entries(), ids=lambda entry: entry["path"])
def test_envfiles_corpus_entry_matches_every_expected_key(entry: dict[str, Any]) -> None:
    text = corpus_text(entry)
    observed = observed_facts(text)
    expected: dict[str, object] = entry["expected"]
    assert set(expected) <= set(observed), "expected keys with no mapping"
    for key, value in expected.items():
        assert observed[key] == value, key
    assert parse_env(text).errors == ()


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
@pytest.mark.parametrize("entry", corpus_entries(), ids=lambda entry: entry["path"])
def test_envfiles_corpus_values_agree_with_python_dotenv(entry: dict[str, Any]) -> None:
    text = corpus_text(entry)
    assert [(e.key, e.value) for e in parse_env(text).entries] == dotenv_pairs(text)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
def test_envfiles_corpus_covers_both_kinds() -> None:
    assert {entry["kind"] for entry in corpus_entries()} == set(ENV_KINDS)


def test_envfiles_quoting_comments_and_export() -> None:
    text = (
        "PLAIN=a b  # note\n"
        "HASH=a#b\n"
        "SPACED= # only a comment\n"
        "SINGLE='a \\' \\n b' # kept\n"
        'DOUBLE="tab\\there \\"q\\" \\x"\n'
        "export EXPORTED=1\n"
        "  INDENTED = v\n"
        "EMPTY=\n"
        "EMPTY_QUOTED=''\n"
    )
    assert parse_env(text).entries == (
        EnvEntry("PLAIN", "a b", 1, comment=" note"),
        EnvEntry("HASH", "a#b", 2),
        EnvEntry("SPACED", "", 3, comment=" only a comment"),
        EnvEntry("SINGLE", "a ' \\n b", 4, quote="'", comment=" kept"),
        EnvEntry("DOUBLE", 'tab\there "q" \\x', 5, quote='"'),
        EnvEntry("EXPORTED", "1", 6, exported=True),
        EnvEntry("INDENTED", "v", 7),
        EnvEntry("EMPTY", "", 8),
        EnvEntry("EMPTY_QUOTED", "", 9, quote="'"),
    )


def test_envfiles_multiline_double_quotes_keep_line_numbers() -> None:
    env = parse_env('A="one\r\ntwo"\r\nB=2\r\n')
    assert [(e.key, e.value, e.line) for e in env.entries] == [
        ("A", "one\r\ntwo", 1),
        ("B", "2", 3),
    ]


def test_envfiles_bom_and_missing_final_newline() -> None:
    env = parse_env("\ufeffA=1\nB='x'")
    assert env.values == {"A": "1", "B": "x"}


@pytest.mark.parametrize(
    ("line", "message", "keys"),
    [
        ("JUSTAKEY", "no '=' (expected KEY=value)", ("JUSTAKEY",)),
        ("not a key", "no '=' (expected KEY=value)", ()),
        ("1BAD=x", "invalid variable name '1BAD'", ()),
        ("TWO WORDS=x", "invalid variable name 'TWO WORDS'", ()),
        ("=x", "invalid variable name ''", ()),
        ("export =x", "invalid variable name ''", ()),
        ("A='open", "unterminated ' quote: the value of A is never closed", ("A",)),
        ('A="open', 'unterminated " quote: the value of A is never closed', ("A",)),
        ('A="x" y', "unexpected text after the closing quote of A", ("A",)),
    ],
)
def test_envfiles_syntax_errors_name_the_line(line: str, message: str, keys: tuple[str]) -> None:
    env = parse_env(f"OK=1\n{line}\nAFTER=2\n")
    (error,) = env.errors
    assert (error.line, error.message, error.keys) == (2, message, keys)
    assert str(error) == f"line 2: {message}"
    assert error.fix
    assert env.keys == ("OK", "AFTER")
    assert env.broken_keys == keys


def test_envfiles_an_unterminated_quote_is_a_syntax_error_not_an_absent_key() -> None:
    """Issue 9: `D="unterminated` must be reported (line, what, how to fix), never dropped."""
    env = parse_env('A=1\nD="unterminated\n')
    assert env.errors == (
        EnvSyntaxError(
            2,
            'unterminated " quote: the value of D is never closed',
            'end the value with ", or remove the opening "',
            ("D",),
            unclosed=True,
        ),
    )
    assert env.keys == ("A",) and env.broken_keys == ("D",)


@pytest.mark.parametrize("quote", ["'", '"'])
def test_envfiles_a_quote_closed_on_a_later_line_is_one_valid_value(quote: str) -> None:
    text = f"A={quote}first\nsecond # not a comment\nthird{quote} # note\nB=2\n"
    env = parse_env(text)
    assert env.errors == ()
    assert env.values == {"A": "first\nsecond # not a comment\nthird", "B": "2"}
    assert [(e.key, e.value) for e in env.entries] == dotenv_pairs(text)


def test_envfiles_a_quote_closed_later_then_text_names_every_line_it_took() -> None:
    text = 'A=1\nD="open\nE=plain\nexport F="closed" tail\nG=3\n'
    env = parse_env(text)
    (error,) = env.errors
    assert error.line == 2
    assert error.message == (
        'the " quote opened in the value of D closes only on line 4, followed by more text:'
        " lines 2-4 are not read"
    )
    assert error.keys == ("D", "E", "F") and not error.unclosed
    assert env.keys == ("A", "G")
    assert [(e.key, e.value) for e in env.entries] == dotenv_pairs(text)


def test_envfiles_errors_never_quote_the_value() -> None:
    env = parse_env('A="s3cr3t" tail\nB=\'s3cr3t\n')
    assert env.errors and all("s3cr3t" not in str(error) for error in env.errors)


def test_envfiles_duplicates_last_value_wins() -> None:
    env = parse_env("A=1\nB=\nA=2\nB=3\nC=\n")
    assert env.duplicate_keys == ("A", "B")
    assert env.values == {"A": "2", "B": "3", "C": ""}
    assert env.empty_keys == ("C",)


def test_envfiles_commented_out_assignments() -> None:
    text = "# A=1\n#B='x'\n## export C=2\n# prose = not a key\n# D is set below\nA=3\n"
    env = parse_env(text)
    assert env.commented_out == (
        CommentedAssignment("A", 1),
        CommentedAssignment("B", 2),
        CommentedAssignment("C", 3),
    )
    assert env.commented_out_not_defined == ("B", "C")


def test_envfiles_leading_comments_stop_at_blank_lines() -> None:
    env = parse_env("# far\n\n# near\n# nearer\nA=1\nB=2\n")
    assert env.entries[0].leading_comments == ("near", "nearer")
    assert env.entries[1].leading_comments == ()


KEYS = st.sampled_from(["A", "B_1", "c.d", "export A", "E-F"])
VALUES = st.text(alphabet=" \t#'\"\\abnx=\n", max_size=12)
ASSIGNMENTS = st.builds(
    lambda key, before, after, value: f"{key}{before}={after}{value}",
    KEYS,
    st.sampled_from(["", " "]),
    st.sampled_from(["", " ", "\t"]),
    VALUES,
)
LINES = st.one_of(ASSIGNMENTS, st.sampled_from(["", "# A=1", "  # c", "NOEQUALS", "=x"]))


@settings(max_examples=300)
@given(st.lists(LINES, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_envfiles_values_agree_with_python_dotenv(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    assume(not QUOTED_KEY.search(text))  # python-dotenv's 'quoted keys' are not supported
    assert [(e.key, e.value) for e in parse_env(text).entries] == dotenv_pairs(text)


TOKENS = ["export", " ", "\t", "A", "x", "1", "=", "'", '"', "#", "\\", "\n", "\r\n", "\r"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from([*TOKENS, "\ufeff", "\x1c", "\u00a0"]), max_size=20))
def test_envfiles_token_soup_agrees_with_python_dotenv(tokens: list[str]) -> None:
    text = "".join(tokens)
    assume(not QUOTED_KEY.search(text))
    assert [(e.key, e.value) for e in parse_env(text).entries] == dotenv_pairs(text)


@given(st.text())
def test_envfiles_any_text_parses_without_raising(text: str) -> None:
    env = parse_env(text)
    assert all(entry.line >= 1 for entry in env.entries)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_envfiles_line_numbers_hold_after_a_skipped_line(newline: str) -> None:
    """python-dotenv counts a CRLF twice after a line it skips; the lines here stay true."""
    text = newline.join(["A=1", "TWO WORDS=2", "", "# note", "D='x'", "E=5", ""])
    env = parse_env(text)
    assert [(e.key, e.line) for e in env.entries] == [("A", 1), ("D", 5), ("E", 6)]
    assert [error.line for error in env.errors] == [2]
    assert env.entries[1].leading_comments == ("note",)


def test_envfiles_single_quoted_keys_are_read_as_python_dotenv_reads_them() -> None:
    env = parse_env("'QUOTED'=1\n'not valid'=2\n")
    assert env.values == {"QUOTED": "1"}
    assert [str(error) for error in env.errors] == ["line 2: invalid variable name \"'not valid'\""]
