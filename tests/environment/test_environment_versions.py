"""npm ranges, Python specifiers, minimums and pins, judged against found tool versions."""

from __future__ import annotations

import pytest

from hms_status.environment import semver
from hms_status.environment.versions import Declared, Rule, read_version, satisfied


@pytest.mark.parametrize(
    ("version", "spec", "expected"),
    [
        ("1.2.3", "^1.0.0", True),
        ("2.0.0", "^1.0.0", False),
        ("0.2.5", "^0.2.3", True),
        ("0.3.0", "^0.2.3", False),
        ("0.0.3", "^0.0.3", True),
        ("0.0.4", "^0.0.3", False),
        ("20.11.0", ">=18", True),
        ("16.20.2", ">=18", False),
        ("18.5.0", ">=16 <19", True),
        ("19.0.0", ">=16 <19", False),
        ("16.1.0", "^14 || ^16", True),
        ("15.0.0", "^14 || ^16", False),
        ("2.3.4", "1.2.3 - 2.3.4", True),
        ("2.3.5", "1.2.3 - 2.3.4", False),
        ("2.3.9", "1.2 - 2.3", True),
        ("1.3.0", ">1.2", True),
        ("1.2.9", ">1.2", False),
        ("1.2.9", "<=1.2", True),
        ("1.3.0", "<=1.2", False),
        ("1.9.0", "1.x", True),
        ("2.0.0", "1.x", False),
        ("5.0.0", "*", True),
        ("5.0.0", "", True),
        ("1.2.9", "~1.2.3", True),
        ("1.3.0", "~1.2.3", False),
        ("1.0.0-beta", "^1.0.0-alpha", True),
        ("1.0.1-beta", "^1.0.0", False),
        ("20.1.0", ">= 18.0.0", True),
        ("1.2.3", "=1.2.3", True),
    ],
)
def test_npm_ranges_follow_node_semver(version: str, spec: str, expected: bool) -> None:
    assert semver.satisfies(version, spec) is expected


@pytest.mark.parametrize("spec", ["latest", "git+https://x/y.git", "file:../x", "^a.b"])
def test_unreadable_ranges_raise_range_error(spec: str) -> None:
    with pytest.raises(semver.RangeError):
        semver.satisfies("1.0.0", spec)


@pytest.mark.parametrize(
    ("output", "version"),
    [
        ("Python 3.11.7", "3.11.7"),
        ("v20.11.0\n", "20.11.0"),
        ("go version go1.21.5 linux/amd64", "1.21.5"),
        ("cargo 1.75.0 (1d8b05cdd 2023-11-20)", "1.75.0"),
        ("Docker version 24.0.7, build afdd53b", "24.0.7"),
        ("pip 26.3 from /x/site-packages/pip (python 3.11)", "26.3"),
        ("no digits here", None),
    ],
)
def test_read_version_takes_the_first_dotted_number(output: str, version: str | None) -> None:
    assert read_version(output) == version


@pytest.mark.parametrize(
    ("rule", "spec", "version", "expected"),
    [
        (Rule.PEP440, ">=3.10", "3.11.7", True),
        (Rule.PEP440, ">=3.12", "3.11.7", False),
        (Rule.PEP440, "not a spec", "3.11.7", None),
        (Rule.NPM, ">=18", "20.1", True),
        (Rule.NPM, "lts/*", "20.1.0", None),
        (Rule.MINIMUM, "1.70", "1.75.0", True),
        (Rule.MINIMUM, "1.21.0", "1.21", True),
        (Rule.MINIMUM, "1.80", "1.75.0", False),
        (Rule.PIN, "3.11", "3.11.7", True),
        (Rule.PIN, "v18", "18.19.0", True),
        (Rule.PIN, "3.12", "3.11.7", False),
        (Rule.PIN, "lts/iron", "20.1.0", None),
    ],
)
def test_each_rule_judges_a_found_version(
    rule: Rule, spec: str, version: str, expected: bool | None
) -> None:
    assert satisfied(Declared("tool", spec, "source", rule), version) is expected


def test_only_pins_are_soft() -> None:
    assert not Declared("node", "18", ".nvmrc", Rule.PIN).hard
    assert Declared("node", ">=18", "package.json engines.node", Rule.NPM).hard


@pytest.mark.parametrize("version", ["1.2", "latest", ""])
def test_unreadable_versions_raise_range_error(version: str) -> None:
    with pytest.raises(semver.RangeError):
        semver.satisfies(version, "^1.0.0")


@pytest.mark.parametrize(
    ("version", "spec", "expected"),
    [
        ("1.2.4-beta.2", "~1.2.4-beta.1", True),
        ("1.2.5-beta.2", "~1.2.4-beta.1", False),  # a prerelease only within its own version
        ("v2.0.0", ">=2", True),
        ("1.2.3+build.5", "1.2.3", True),
        ("0.0.1", "^0.0.x", True),
    ],
)
def test_npm_prerelease_and_build_rules(version: str, spec: str, expected: bool) -> None:
    assert semver.satisfies(version, spec) is expected
