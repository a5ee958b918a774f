"""go.mod parsing: directives, require blocks, indirect requirements, and bad input."""

from __future__ import annotations

import textwrap

from hms_status.manifests import Dependency, parse_go_mod

GO_MOD = textwrap.dedent(
    """\
    // leading comment
    module "example.com/app"

    go 1.22.1
    toolchain go1.22.3
    godebug default=go1.21

    require golang.org/x/text v0.14.0

    require (
        github.com/stretchr/testify v1.9.0 // test helpers
        github.com/davecgh/go-spew v1.1.1 // indirect
        github.com/pmezard/go-difflib v1.0.0 // indirect; via testify
    )

    replace example.com/old => ../old
    replace (
        example.com/pinned v1.0.0 => example.com/fork v1.0.1
    )
    exclude example.com/bad v1.2.3
    retract [v1.0.0, v1.0.5] // published too early
    retract v0.9.0
    tool golang.org/x/tools/cmd/stringer
    ignore ./node_modules
    """
)


def test_manifests_gomod_every_directive() -> None:
    result = parse_go_mod(GO_MOD, "go.mod")

    assert result.error is None
    assert result.dependencies == (
        Dependency("golang.org/x/text", "v0.14.0", "go"),
        Dependency("github.com/stretchr/testify", "v1.9.0", "go"),
    )
    assert result.dev_dependencies == ()
    extra = result.extra
    indirect = extra["indirect_dependencies"]
    assert isinstance(indirect, tuple)
    assert [(dep.name, dep.group) for dep in indirect] == [
        ("github.com/davecgh/go-spew", "indirect"),
        ("github.com/pmezard/go-difflib", "indirect"),
    ]
    assert (extra["module"], extra["go"], extra["toolchain"]) == (
        "example.com/app",
        "1.22.1",
        "go1.22.3",
    )
    assert extra["replace"] == [
        {"old": "example.com/old", "new": "../old"},
        {"old": "example.com/pinned v1.0.0", "new": "example.com/fork v1.0.1"},
    ]
    assert extra["exclude"] == ["example.com/bad v1.2.3"]
    assert extra["retract"] == ["[v1.0.0, v1.0.5]", "v0.9.0"]
    assert extra["tool_directives"] == ["golang.org/x/tools/cmd/stringer"]
    assert extra["godebug"] == ["default=go1.21"]
    assert extra["ignore"] == ["./node_modules"]


def test_manifests_gomod_minimal_file_has_no_toolchain() -> None:
    result = parse_go_mod("module m\n", "go.mod")

    assert result.extra["toolchain"] is None
    assert result.extra["go"] is None
    assert result.dependencies == ()


def test_manifests_gomod_malformed_inputs_are_one_line_errors() -> None:
    cases = {
        "module m\nfrobnicate x\n": "line 2: unknown directive 'frobnicate'",
        "require (\n  a.b/c v1\n": "unterminated require block",
        "require a.b/c\n": "line 1: require expects 2 argument(s), got 1",
        "replace a.b/c ../c\n": "line 1: replace needs `=>`",
        "replace a b c => d\n": "line 1: replace expects",
        "module a b\n": "line 1: module expects 1 argument(s), got 2",
        "module m\x00": "binary content",
    }
    for text, message in cases.items():
        result = parse_go_mod(text, "go.mod")
        assert result.error is not None and result.error.startswith(message), text
        assert result.dependencies == ()


def test_manifests_gomod_unicode_and_crlf() -> None:
    text = "module exämple.com/ü\r\nrequire (\r\n\tgithub.com/a/b v1.0.0 // ✓\r\n)\r\n"
    result = parse_go_mod(text, "go.mod")

    assert result.extra["module"] == "exämple.com/ü"
    assert [dep.name for dep in result.dependencies] == ["github.com/a/b"]
