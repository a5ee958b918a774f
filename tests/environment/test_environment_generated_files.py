"""Lockfiles are not configuration: the config-files check never parses them; YAML is parsed
with libyaml when PyYAML has it."""

from __future__ import annotations

from pathlib import Path

import yaml
from tests.environment.factories import NOW, write

from hms_status.environment.config_files import check_file
from hms_status.environment.monitor import check_environment
from hms_status.environment.settings import EnvSettings

BROKEN_YAML = "lockfileVersion: '9.0'\npackages: [unclosed\n"


def test_lockfiles_are_never_parsed(component: Path) -> None:
    write(component, "pnpm-lock.yaml", BROKEN_YAML)
    write(component, "package-lock.json", '{"lockfileVersion": 3,')
    write(component, "npm-shrinkwrap.json", "{")
    write(component, "settings.yaml", "a: 1\n")
    report = check_environment(
        "HMS-API", component, now=NOW, settings=EnvSettings(), only=frozenset({"config-files"})
    )
    (result,) = report.results
    assert [c.path for c in result.config_files] == ["settings.yaml"]
    assert not result.findings


def test_yaml_is_checked_with_libyaml_and_keeps_its_messages(component: Path) -> None:
    write(component, "broken.yaml", "key: [unclosed\n")
    write(component, "tagged.yaml", "Resources:\n  Bucket: !Ref Name\n---\nsecond: doc\n")
    assert check_file(component, "broken.yaml").error.startswith("line 2")
    assert check_file(component, "tagged.yaml").error == ""
    if yaml.__with_libyaml__:
        from hms_status.environment import config_files

        assert issubclass(config_files._TolerantLoader, yaml.CSafeLoader)
