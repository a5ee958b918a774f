"""Source and test files of demo components, per language; the main file grows commit by commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from string import Template

from hms_status.demo import snippets
from hms_status.demo.plan import Feature, Language, Spec


@dataclass(frozen=True)
class Evolving:
    """A file written in blocks: early commits hold the first blocks, the last commit all."""

    path: str
    header: str
    blocks: tuple[str, ...]

    def version(self, count: int) -> str:
        """The file with its first `count` blocks."""
        return self.header + "".join(self.blocks[:count])

    @property
    def final(self) -> str:
        """The file as it is at HEAD."""
        return self.version(len(self.blocks))


@dataclass(frozen=True)
class Sources:
    """A component's code: its growing main file and its other source and test files."""

    main: Evolving
    files: dict[str, str]


def _fill(text: str, spec: Spec, **extra: str) -> str:
    module = "".join(part.title() for part in spec.package.split("_"))
    return Template(text).substitute(
        id=spec.id, slug=spec.slug, pkg=spec.package, version=spec.version,
        description=spec.description, module=module, **extra,
    )  # fmt: skip


def _evolving(spec: Spec, path: str, parts: tuple[str, ...]) -> Evolving:
    header, *blocks = (_fill(part, spec) for part in parts)
    return Evolving(path, header, tuple(blocks))


def _python_tests(spec: Spec, names: tuple[str, ...], failing: frozenset[str]) -> str:
    body = [_fill(snippets.PY_TEST_HEADER, spec)]
    for number, name in enumerate(names, start=1):
        expected = number * 2 + (1 if name in failing else 0)
        body.append(f"\n\ndef {name}() -> None:\n    assert double({number}) == {expected}\n")
    return "".join(body)


def python_sources(spec: Spec, names: tuple[str, ...], failing: frozenset[str]) -> Sources:
    """src/<pkg>/ with a growing core.py, tests/test_core.py and, for some, a test script."""
    files = {f"src/{spec.package}/__init__.py": _fill(snippets.PY_INIT, spec)}
    if names:
        files["tests/test_core.py"] = _python_tests(spec, names, failing)
    if spec.has(Feature.RUNNER_PASS) or spec.has(Feature.RUNNER_FAIL):
        files["scripts/run_tests.py"] = snippets.PY_RUNNER
    return Sources(_evolving(spec, f"src/{spec.package}/core.py", snippets.PY_CORE), files)


def _few(spec: Spec, names: tuple[str, ...], template: str) -> str:
    """The first three cases of the suite, written from one template."""
    return "".join(_fill(template, spec, name=name) for name in names[:3])


def node_sources(spec: Spec, names: tuple[str, ...], failing: frozenset[str]) -> Sources:
    """src/index.js and test/app.test.js (node:test)."""
    files = {"test/app.test.js": snippets.JS_TEST_HEADER + _few(spec, names, snippets.JS_TEST)}
    return Sources(_evolving(spec, "src/index.js", snippets.JS_INDEX), files if names else {})


def go_sources(spec: Spec, names: tuple[str, ...], failing: frozenset[str]) -> Sources:
    """main.go and main_test.go."""
    files = {"main_test.go": snippets.GO_TEST_HEADER + _few(spec, names, snippets.GO_TEST)}
    return Sources(_evolving(spec, "main.go", snippets.GO_MAIN), files if names else {})


def rust_sources(spec: Spec, names: tuple[str, ...], failing: frozenset[str]) -> Sources:
    """src/main.rs (src/lib.rs for a library) and tests/integration.rs."""
    path = "src/lib.rs" if spec.kind == "library" else "src/main.rs"
    parts = snippets.RS_MAIN if path.endswith("main.rs") else snippets.RS_MAIN[:-1]
    files = {"tests/integration.rs": _few(spec, names, snippets.RS_TEST).lstrip()}
    return Sources(_evolving(spec, path, parts), files if names else {})


def ruby_sources(spec: Spec, names: tuple[str, ...], failing: frozenset[str]) -> Sources:
    """lib/<pkg>.rb, config.ru and an RSpec spec."""
    files = {"config.ru": _fill(snippets.RB_RACKUP, spec)}
    if names:
        spec_text = _fill(snippets.RB_SPEC_HEADER, spec) + _few(spec, names, snippets.RB_SPEC)
        files[f"spec/{spec.package}_spec.rb"] = spec_text + "end\n"
    return Sources(_evolving(spec, f"lib/{spec.package}.rb", snippets.RB_LIB), files)


SourceWriter = Callable[[Spec, tuple[str, ...], frozenset[str]], Sources]
WRITERS: dict[Language, SourceWriter] = {
    Language.PYTHON: python_sources, Language.NODE: node_sources, Language.GO: go_sources,
    Language.RUST: rust_sources, Language.RUBY: ruby_sources,
}  # fmt: skip
"""The source writer of each language."""
