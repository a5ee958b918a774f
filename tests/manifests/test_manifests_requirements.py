"""requirements*.txt parsing: lines, options, includes (cycles, missing files) and bad input."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from hms_status.manifests import Dependency, ManifestKind, ManifestResult, parse_requirements


def _no_includes(_reference: str) -> str | None:
    return None


def _loader(files: dict[str, str]) -> tuple[list[str], Callable[[str], str | None]]:
    """A load_include over an in-memory tree that records what was asked for."""
    asked: list[str] = []

    def load(reference: str) -> str | None:
        asked.append(reference)
        return files.get(reference)

    return asked, load


def _names(result: ManifestResult, key: str) -> list[str]:
    """Names of the Dependency tuple stored under result.extra[key]."""
    value = result.extra[key]
    assert isinstance(value, tuple)
    return [dep.name for dep in value if isinstance(dep, Dependency)]


def test_manifests_requirements_lines_options_and_markers() -> None:
    text = textwrap.dedent(
        """\
        # a comment line
        --index-url https://pypi.example/simple
        -e .[socks]
        --editable=git+https://example.com/repo.git#egg=EditMe
        Django>=4.2,<5  # trailing comment
        requests[socks,security] ==2.31.0 ; python_version >= "3.8"
        attrs @ https://example.com/attrs-23.1.0.tar.gz ; sys_platform == "linux"
        certifi==2024.2.2 \\
            --hash=sha256:aaa \\
            --hash=sha256:bbb
        https://example.com/wheels/six-1.16.0-py2.py3-none-any.whl
        ./local/checkout#egg=Local_Pkg
        ./no/name/here
        Zope.Interface
        """
    )
    result = parse_requirements(text, "requirements.txt", _no_includes)

    assert result.error is None
    assert result.kind == ManifestKind.REQUIREMENTS_TXT
    names = [dep.name for dep in result.dependencies]
    assert names == ["django", "requests", "attrs", "certifi", "six", "local-pkg", "zope-interface"]
    django, requests, attrs, certifi, six, local, _zope = result.dependencies
    assert django.version == ">=4.2,<5"
    assert requests == Dependency("requests", "==2.31.0", "pypi", marker='python_version >= "3.8"')
    assert (attrs.version, attrs.marker) == (
        "https://example.com/attrs-23.1.0.tar.gz",
        'sys_platform == "linux"',
    )
    assert certifi.version == "==2024.2.2"
    assert six.version.endswith("six-1.16.0-py2.py3-none-any.whl")
    assert local.version == "./local/checkout"
    assert result.extra["editable_installs"] == [
        ".[socks]",
        "git+https://example.com/repo.git#egg=EditMe",
    ]
    assert result.extra["other_options"] == ["--index-url https://pypi.example/simple"]
    assert result.extra["hashes"] == {"certifi": ["sha256:aaa", "sha256:bbb"]}
    assert result.extra["unnamed_requirements"] == ["./no/name/here"]
    assert result.extra["specs"] == [
        "Django>=4.2,<5",
        'requests[socks,security] ==2.31.0 ; python_version >= "3.8"',
        'attrs @ https://example.com/attrs-23.1.0.tar.gz ; sys_platform == "linux"',
        "certifi==2024.2.2",
        "https://example.com/wheels/six-1.16.0-py2.py3-none-any.whl",
        "./local/checkout#egg=Local_Pkg",
        "Zope.Interface",
    ]


def test_manifests_requirements_comment_in_continuation_and_hash_in_url() -> None:
    text = "pkg-a==1.0 \\\n# explained here\nhttps://x.example/p.tar.gz#egg=pkg-b\n"
    result = parse_requirements(text, "r.txt", _no_includes)

    assert [dep.name for dep in result.dependencies] == ["pkg-a", "pkg-b"]


def test_manifests_requirements_follows_nested_includes_relative_to_each_file() -> None:
    asked, load = _loader(
        {
            "sub/base.txt": "-r ../common.txt\nflask\n",
            "common.txt": "click\n-c constraints.txt\n",
            "constraints.txt": "click<9\n",
        }
    )
    result = parse_requirements("-r sub/base.txt\nrich\n", "requirements.txt", load)

    assert [dep.name for dep in result.dependencies] == ["rich"]
    assert _names(result, "included_dependencies") == ["flask", "click"]
    assert _names(result, "constraint_dependencies") == ["click"]
    assert asked == ["sub/base.txt", "common.txt", "constraints.txt"]


def test_manifests_requirements_include_cycles_stop_and_are_reported() -> None:
    _asked, load = _loader(
        {
            "a.txt": "-r b.txt\nalpha\n",
            "b.txt": "-r a.txt\n-r requirements.txt\n-r b.txt\nbeta\n",
        }
    )
    result = parse_requirements("-r a.txt\ntop\n", "requirements.txt", load)

    assert result.error is None
    assert _names(result, "included_dependencies") == ["alpha", "beta"]
    assert result.extra["include_cycles"] == ["a.txt", "requirements.txt", "b.txt"]


def test_manifests_requirements_diamond_include_is_read_once_and_not_a_cycle() -> None:
    asked, load = _loader({"a.txt": "-r d.txt\n", "b.txt": "-r d.txt\n", "d.txt": "dee\n"})
    result = parse_requirements("-r a.txt\n-r b.txt\n", "requirements.txt", load)

    assert asked == ["a.txt", "d.txt", "b.txt"]
    assert result.extra["include_cycles"] == []
    assert _names(result, "included_dependencies") == ["dee"]


def test_manifests_requirements_missing_and_broken_includes_do_not_fail_the_file() -> None:
    _asked, load = _loader({"bad.txt": "this is not a requirement!!\n"})
    result = parse_requirements("-r gone.txt\n-rbad.txt\nok\n", "requirements.txt", load)

    assert result.error is None
    assert [dep.name for dep in result.dependencies] == ["ok"]
    assert result.extra["missing_includes"] == ["gone.txt"]
    errors = result.extra["include_errors"]
    assert isinstance(errors, list)
    assert errors[0].startswith("bad.txt: line 1: invalid requirement")


def test_manifests_requirements_invalid_line_is_a_one_line_error() -> None:
    result = parse_requirements("good\nbad requirement here ===\n", "r.txt", _no_includes)

    assert result.dependencies == ()
    assert result.error is not None
    assert result.error.startswith("line 2: invalid requirement")
    assert "\n" not in result.error


def test_manifests_requirements_option_without_value_is_an_error() -> None:
    result = parse_requirements("-r\n", "r.txt", _no_includes)

    assert result.error == "line 1: option --requirement needs a value"


def test_manifests_requirements_binary_garbage_is_an_error() -> None:
    garbage = bytes(range(256)).decode("latin-1") * 4
    result = parse_requirements(garbage, "r.txt", _no_includes)

    assert result.error is not None
    assert result.dependencies == ()


def test_manifests_requirements_unicode_comments_ok_unicode_names_rejected() -> None:
    fine = parse_requirements("\ufeffnumpy>=1.26  # числа 🧮\n", "r.txt", _no_includes)
    wrong = parse_requirements("numpý==1.0\n", "r.txt", _no_includes)

    assert [dep.name for dep in fine.dependencies] == ["numpy"]
    assert wrong.error is not None


def test_manifests_requirements_huge_file_parses_in_linear_time() -> None:
    lines = [f"package-{index}=={index}.0" for index in range(50_000)]
    spaces = " " * 200_000 + "x"
    result = parse_requirements("\n".join([*lines, spaces]), "r.txt", _no_includes)

    assert len(result.dependencies) == 50_001


def test_manifests_requirements_very_deep_include_chain_is_cut_off() -> None:
    files = {f"level{index}.txt": f"-r level{index + 1}.txt\npkg{index}\n" for index in range(5000)}
    _asked, load = _loader(files)
    result = parse_requirements("-r level0.txt\n", "requirements.txt", load)

    assert result.error is None
    assert len(_names(result, "included_dependencies")) == 32
    assert result.extra["include_errors"] == ["level32.txt: includes nested more than 32 deep"]
