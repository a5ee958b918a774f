"""Documentation files of demo components: README, docs/, codex.md, LICENSE, catalog, .mailmap."""

from __future__ import annotations

import yaml

from hms_status.demo.plan import Feature, Language, Spec

MIT_LICENSE = """\
MIT License

Copyright (c) 2024 HMS contributors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""
GETTING_STARTED = {
    Language.PYTHON: "python -m venv .venv\n. .venv/bin/activate\npip install -e '.[test]'\npytest",
    Language.NODE: "npm install\nnpm test\nnpm start",
    Language.GO: "go test ./...\ngo run .",
    Language.RUST: "cargo test\ncargo run",
    Language.RUBY: "bundle install\nbundle exec rspec\nbundle exec rackup",
}
MAILMAP_LINE = "Priya Raman <priya.raman@hms.example> P. Raman <praman@users.noreply.github.com>\n"


def readme(spec: Spec) -> str:
    """A README.md with a top heading, what it is, how to run it, who owns it."""
    commands = GETTING_STARTED[spec.language]
    if spec.has(Feature.REQUIREMENTS):
        commands = commands.replace("-e '.[test]'", "-r requirements-dev.txt")
    deps = ", ".join(spec.depends_on) or "none"
    return (
        f"# {spec.id}\n\n{spec.description}.\n\n## Getting started\n\n```sh\n{commands}\n```\n\n"
        f"## Dependencies\n\nOther HMS components: {deps}.\n\n## Ownership\n\n"
        f"Maintained by `{spec.owner}`; lifecycle: {spec.lifecycle}.\n"
    )


def docs(spec: Spec) -> dict[str, str]:
    """A small docs/ tree."""
    return {
        "docs/index.md": f"# {spec.id} documentation\n\n{spec.description}.\n\n"
        "- [Architecture](architecture.md)\n",
        "docs/architecture.md": f"# Architecture of {spec.id}\n\n"
        f"{spec.id} is a {spec.kind} owned by {spec.owner}. It talks to "
        f"{', '.join(spec.depends_on) or 'no other component'} over HTTPS.\n",
    }


def codex(spec: Spec) -> str:
    """HMS-docs/codex.md, where the plan puts it: working notes for agents and maintainers (the
    Docs Integrator adds the status section here)."""
    return (
        f"# {spec.id} codex\n\nWorking notes for the people and agents who maintain {spec.id}.\n\n"
        f"## Purpose\n\n{spec.description}.\n\n## Conventions\n\n"
        "- Every change comes with a test.\n- Configuration comes from the environment.\n"
        "- Breaking API changes need a version bump and a changelog entry.\n"
    )


def catalog_info(spec: Spec) -> str:
    """A Backstage catalog-info.yaml describing the component and what it depends on."""
    entity = {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "Component",
        "metadata": {
            "name": spec.slug,
            "title": spec.id,
            "description": spec.description,
            "tags": [spec.language.value],
            "annotations": {"github.com/project-slug": f"hms/{spec.slug}"},
        },
        "spec": {
            "type": spec.kind,
            "lifecycle": spec.lifecycle,
            "owner": spec.owner,
            "system": "hms",
            "dependsOn": [f"component:default/{dep.lower()}" for dep in spec.depends_on],
        },
    }
    return yaml.safe_dump(entity, sort_keys=False)
