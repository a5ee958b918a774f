"""Dependency manifests of demo components, one writer per language (pure text)."""

from __future__ import annotations

import base64
import hashlib
import json
import random

from hms_status.demo.plan import Feature, Language, Spec
from hms_status.demo.toml_text import toml_table

Files = dict[str, str]

PY_DEPS = (
    "fastapi>=0.110", "pydantic>=2.6", "sqlalchemy>=2.0", "httpx>=0.27", "uvicorn[standard]>=0.29",
    "structlog>=24.1", "pyyaml>=6.0", "click>=8.1", "redis>=5.0", "tenacity>=8.2", "orjson>=3.10",
)  # fmt: skip
PY_UNPINNED = "pandas"
BUILD_SYSTEM = {"requires": ["setuptools>=69"], "build-backend": "setuptools.build_meta"}
NODE_DEPS = {
    "express": "^4.19.2", "pino": "^9.1.0", "zod": "^3.23.8", "axios": "^1.7.2",
    "dotenv": "^16.4.5", "ws": "^8.17.0", "react": "^18.3.1", "react-dom": "^18.3.1",
}  # fmt: skip
NODE_DEV_DEPS = {"eslint": "^9.3.0", "prettier": "^3.2.5", "supertest": "^7.0.0"}
NODE_UNPINNED = "lodash"
NODE_SCRIPTS = {"start": "node src/index.js", "test": "node --test test/", "lint": "eslint src"}
GO_DEPS = (
    "github.com/go-chi/chi/v5 v5.0.12", "github.com/prometheus/client_golang v1.19.1",
    "go.uber.org/zap v1.27.0", "github.com/jackc/pgx/v5 v5.6.0", "github.com/spf13/cobra v1.8.0",
)  # fmt: skip
GO_INDIRECT = (
    "github.com/beorn7/perks v1.0.1", "github.com/cespare/xxhash/v2 v2.3.0",
    "go.uber.org/multierr v1.11.0", "github.com/spf13/pflag v1.0.5", "golang.org/x/sys v0.20.0",
)  # fmt: skip
RUBY_GROUPS = """
group :development, :test do
  gem "rspec", "~> 3.13"
  gem "rack-test", "~> 2.1"
end

group :development do
  gem "rubocop", "~> 1.63", require: false
end
"""
RUBY_GEMS = (
    ("sinatra", "~> 4.0"),
    ("puma", "~> 6.4"),
    ("faraday", "~> 2.9"),
    ("sidekiq", "~> 7.2"),
)


def _pick(rng: random.Random, pool: tuple[str, ...], low: int, high: int) -> list[str]:
    return sorted(rng.sample(pool, rng.randint(low, high)))


def python_manifests(spec: Spec, rng: random.Random) -> Files:
    """pyproject.toml (PEP 621), or requirements.txt for the components that use it."""
    deps = _pick(rng, PY_DEPS, 2, 5) + ([PY_UNPINNED] if spec.has(Feature.UNPINNED) else [])
    if spec.has(Feature.REQUIREMENTS):
        return {
            "requirements.txt": "\n".join(deps) + "\n",
            "requirements-dev.txt": "-r requirements.txt\npytest>=8.0\nruff>=0.4\n",
        }
    listed = "".join(f'    "{dep}",\n' for dep in deps)
    project = toml_table("project", {
        "name": spec.slug, "version": spec.version, "description": spec.description,
        "requires-python": ">=3.11",
    })  # fmt: skip
    text = (
        toml_table("build-system", BUILD_SYSTEM)
        + f"\n{project}dependencies = [\n{listed}]\n\n"
        + toml_table("project.optional-dependencies", {"test": ["pytest>=8.0", "pytest-cov>=5.0"]})
        + "\n"
        + toml_table("tool.pytest.ini_options", {"pythonpath": ["src"], "testpaths": ["tests"]})
    )
    return {"pyproject.toml": text}


def _node_deps(spec: Spec, rng: random.Random) -> dict[str, str]:
    names = _pick(rng, tuple(NODE_DEPS), 2, 4)
    deps = {name: NODE_DEPS[name] for name in names}
    if spec.has(Feature.UNPINNED):
        deps[NODE_UNPINNED] = "*"
    return dict(sorted(deps.items()))


def node_manifests(spec: Spec, rng: random.Random) -> Files:
    """package.json (deliberately broken for one component) and, for some, package-lock.json."""
    deps = _node_deps(spec, rng)
    package = {
        "name": f"@hms/{spec.slug}", "version": spec.version, "description": spec.description,
        "private": True, "main": "src/index.js",
        "scripts": NODE_SCRIPTS,
        "engines": {"node": ">=18"}, "dependencies": deps, "devDependencies": NODE_DEV_DEPS,
    }  # fmt: skip
    text = json.dumps(package, indent=2) + "\n"
    if spec.has(Feature.MALFORMED):
        text = text.replace('"\n  },\n  "devDependencies"', '",\n  },\n  "devDependencies"', 1)
        text = text.rstrip().removesuffix("}")
    files = {"package.json": text}
    if spec.has(Feature.LOCKFILE):
        files["package-lock.json"] = _package_lock(spec, package, deps)
    return files


def _package_lock(spec: Spec, package: dict[str, object], deps: dict[str, str]) -> str:
    root = {"name": package["name"], "version": package["version"], "dependencies": deps,
            "devDependencies": NODE_DEV_DEPS}  # fmt: skip
    packages: dict[str, object] = {"": root}
    for dev, group in ((False, deps), (True, NODE_DEV_DEPS)):
        for name, wanted in group.items():
            version = wanted.lstrip("^~*") or "4.17.21"
            digest = hashlib.sha512(f"{name}@{version}".encode()).digest()
            entry: dict[str, object] = {
                "version": version,
                "resolved": f"https://registry.npmjs.org/{name}/-/{name}-{version}.tgz",
                "integrity": "sha512-" + base64.b64encode(digest).decode(),
            }
            packages[f"node_modules/{name}"] = entry | ({"dev": True} if dev else {})
    lock = {"name": f"@hms/{spec.slug}", "version": spec.version, "lockfileVersion": 3,
            "requires": True, "packages": packages}  # fmt: skip
    return json.dumps(lock, indent=2) + "\n"


def go_manifests(spec: Spec, rng: random.Random) -> Files:
    """go.mod with direct requirements and a `// indirect` block."""
    direct = "".join(f"\t{dep}\n" for dep in _pick(rng, GO_DEPS, 2, 4))
    indirect = "".join(f"\t{dep} // indirect\n" for dep in _pick(rng, GO_INDIRECT, 2, 4))
    text = f"module github.com/hms/{spec.slug}\n\ngo 1.22\n\nrequire (\n{direct})\n\n"
    return {"go.mod": text + f"require (\n{indirect})\n"}


def rust_manifests(spec: Spec, rng: random.Random) -> Files:
    """Cargo.toml with dependencies (some with features) and dev-dependencies."""
    package = toml_table("package", {
        "name": spec.slug, "version": spec.version, "edition": "2021",
        "description": spec.description,
    })  # fmt: skip
    deps = [
        'serde = { version = "1.0", features = ["derive"] }', 'serde_json = "1.0"',
        'tokio = { version = "1.37", features = ["full"] }', 'tracing = "0.1"',
        'regex = "1.10"', 'anyhow = "1.0"',
    ]  # fmt: skip
    chosen = "\n".join(sorted(rng.sample(deps, rng.randint(3, 5))))
    dev = 'proptest = "1.4"\n'
    return {"Cargo.toml": f"{package}\n[dependencies]\n{chosen}\n\n[dev-dependencies]\n{dev}"}


def ruby_manifests(spec: Spec, rng: random.Random) -> Files:
    """A Gemfile with a Ruby version, gems and development/test groups."""
    gems = sorted(rng.sample(RUBY_GEMS, rng.randint(2, 4)))
    lines = [f'gem "{name}", "{version}"' for name, version in gems]
    if spec.has(Feature.UNPINNED):
        lines.append('gem "nokogiri"')
    text = 'source "https://rubygems.org"\n\nruby "3.2.2"\n\n' + "\n".join(lines) + "\n"
    return {"Gemfile": text + RUBY_GROUPS}


WRITERS = {
    Language.PYTHON: python_manifests, Language.NODE: node_manifests, Language.GO: go_manifests,
    Language.RUST: rust_manifests, Language.RUBY: ruby_manifests,
}  # fmt: skip
"""The manifest writer of each language."""
