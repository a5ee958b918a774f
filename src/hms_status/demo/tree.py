"""A demo component's files: what git tracks at HEAD, and what stays local (pure)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from hms_status.demo import docs_files, manifests, ops_files, sources
from hms_status.demo.plan import EnvDrift, Feature, Spec
from hms_status.demo.sources import Evolving, Sources
from hms_status.demo.stories import Story
from hms_status.demo.suites import case_names

LARGE_FILE = "public/tiles/basemap.bin"
LARGE_FILE_BYTES = bytes(range(256)) * 24_576
"""6 MiB of repeating bytes: over the analyzer's 5 MB large-file threshold, cheap to store."""
DEFAULT_TESTS = 8
"""Cases in the suite of a component with tests but no recorded test run."""


@dataclass(frozen=True)
class Tree:
    """The component's tracked files at HEAD, its growing main file, and its untracked files."""

    files: dict[str, bytes]
    main: Evolving
    local: dict[str, str]


def suite(spec: Spec, story: Story) -> tuple[tuple[str, ...], frozenset[str]]:
    """The component's test names and those whose tests fail at HEAD (none without tests)."""
    if not spec.has(Feature.TESTS):
        return (), frozenset()
    names = case_names(spec, story.tests or DEFAULT_TESTS)
    broken = story.failed + story.errors
    return names, frozenset(names[len(names) - broken :] if broken else ())


def _text_files(spec: Spec, code: Sources, seed: int, rng: random.Random) -> dict[str, str]:
    files = {**manifests.WRITERS[spec.language](spec, rng), **code.files}
    files[".gitignore"] = ops_files.gitignore(spec)
    files["catalog-info.yaml"] = docs_files.catalog_info(spec)
    optional: dict[Feature, Callable[[], dict[str, str]]] = {
        Feature.README: lambda: {"README.md": docs_files.readme(spec)},
        Feature.DOCS: lambda: docs_files.docs(spec),
        Feature.LICENSE: lambda: {"LICENSE": docs_files.MIT_LICENSE},
        Feature.CODEX: lambda: {"HMS-docs/codex.md": docs_files.codex(spec)},
        Feature.MAILMAP: lambda: {".mailmap": docs_files.MAILMAP_LINE},
        Feature.DOCKER: lambda: {"Dockerfile": ops_files.dockerfile(spec)},
        Feature.COMPOSE: lambda: {"docker-compose.yml": ops_files.COMPOSE},
        Feature.CI: lambda: {".github/workflows/ci.yml": ops_files.ci_workflow(spec)},
    }
    for feature, make in optional.items():
        if spec.has(feature):
            files.update(make())
    if spec.env is not EnvDrift.NO_EXAMPLE:
        files[".env.example"] = ops_files.env_example(spec, seed)
    return files


def component_tree(spec: Spec, story: Story, seed: int, rng: random.Random) -> Tree:
    """Everything the component's directory holds once built."""
    code = sources.WRITERS[spec.language](spec, *suite(spec, story))
    files = {path: text.encode() for path, text in _text_files(spec, code, seed, rng).items()}
    local: dict[str, str] = {}
    env = ops_files.env_file(spec, seed)
    if env is not None and spec.env is EnvDrift.TRACKED:
        files[".env"] = env.encode()
    elif env is not None:
        local[".env"] = env
    if spec.has(Feature.LARGE_FILE):
        files[LARGE_FILE] = LARGE_FILE_BYTES
    return Tree(files, code.main, local)
