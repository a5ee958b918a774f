"""Operations files of demo components: Dockerfile, compose, CI workflow, .gitignore, .env files."""

from __future__ import annotations

import hashlib

from hms_status.demo.plan import EnvDrift, Feature, Language, Spec

DOCKERFILES = {
    Language.PYTHON: "FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\n"
    "RUN pip install --no-cache-dir .\n"
    'EXPOSE 8080\nCMD ["python", "-m", "uvicorn", "$pkg.app:app", "--port", "8080"]\n',
    Language.NODE: "FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\n"
    'RUN npm install --omit=dev\nCOPY . .\nEXPOSE 3000\nCMD ["node", "src/index.js"]\n',
    Language.GO: "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n"
    "RUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM gcr.io/distroless/static\n"
    'COPY --from=build /out/app /app\nEXPOSE 8080\nENTRYPOINT ["/app"]\n',
    Language.RUST: "FROM rust:1.78 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n\n"
    "FROM debian:bookworm-slim\nCOPY --from=build /src/target/release/$slug /usr/local/bin/app\n"
    'ENTRYPOINT ["app"]\n',
    Language.RUBY: "FROM ruby:3.2-slim\nWORKDIR /app\nCOPY Gemfile* ./\nRUN bundle install\n"
    'COPY . .\nEXPOSE 9292\nCMD ["bundle", "exec", "rackup", "-o", "0.0.0.0"]\n',
}
COMPOSE = """\
services:
  app:
    build: .
    env_file: .env
    ports:
      - "8080:8080"
    depends_on:
      - db
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: hms
      POSTGRES_PASSWORD: hms
"""
CI_STEPS = {
    Language.PYTHON: ("actions/setup-python@v5", "python-version: \"3.11\"",
                      ("pip install -e '.[test]'", "pytest --junitxml=reports/junit.xml")),
    Language.NODE: ("actions/setup-node@v4", "node-version: 20", ("npm install", "npm test")),
    Language.GO: ("actions/setup-go@v5", "go-version: \"1.22\"", ("go vet ./...", "go test ./...")),
    Language.RUST: ("dtolnay/rust-toolchain@stable", "toolchain: stable", ("cargo test",)),
    Language.RUBY: ("ruby/setup-ruby@v1", "ruby-version: \"3.2\"",
                    ("bundle install", "bundle exec rspec")),
}  # fmt: skip
IGNORED = {
    Language.PYTHON: "__pycache__/\n*.pyc\n.venv/\n.pytest_cache/\ndist/\n",
    Language.NODE: "node_modules/\ndist/\ncoverage/\n",
    Language.GO: "/bin/\n*.exe\n",
    Language.RUST: "/target/\n",
    Language.RUBY: ".bundle/\nvendor/bundle/\n",
}


def dockerfile(spec: Spec) -> str:
    """A Dockerfile for the component's language."""
    text = DOCKERFILES[spec.language].replace("$pkg", spec.package).replace("$slug", spec.slug)
    if spec.has(Feature.REQUIREMENTS):
        text = text.replace("pip install --no-cache-dir .", "pip install -r requirements.txt")
    return text


def ci_workflow(spec: Spec) -> str:
    """A GitHub Actions workflow that installs and tests the component."""
    action, setting, commands = CI_STEPS[spec.language]
    runs = "".join(f"      - run: {command}\n" for command in commands)
    return (
        "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\n"
        "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        f"      - uses: actions/checkout@v4\n      - uses: {action}\n        with:\n"
        f"          {setting}\n{runs}"
    )


def gitignore(spec: Spec) -> str:
    """The language's ignores, test reports, and .env (except where .env is committed)."""
    local = "reports/\n" + ("" if spec.env is EnvDrift.TRACKED else ".env\n")
    return IGNORED[spec.language] + local


def _env_values(spec: Spec, seed: int) -> dict[str, str]:
    token = hashlib.sha256(f"{seed}:{spec.id}".encode()).hexdigest()[:24]
    name = spec.package
    return {
        "PORT": "3000" if spec.language is Language.NODE else "8080",
        "LOG_LEVEL": "info",
        "DATABASE_URL": f"postgresql://{name}:{token[:10]}@localhost:5432/{name}",
        "REDIS_URL": "redis://localhost:6379/0",
        f"{name.upper()}_TOKEN": f"dev-{token}",
    }


def env_example(spec: Spec, seed: int) -> str:
    """.env.example: every key the component reads, with harmless example values."""
    lines = [f"# {spec.id} settings: copy to .env and fill in"]
    for key, value in _env_values(spec, seed).items():
        shown = "" if key.endswith(("_TOKEN", "_URL")) and "localhost:6379" not in value else value
        lines.append(f"{key}={shown}")
    return "\n".join(lines) + "\n"


def env_file(spec: Spec, seed: int) -> str | None:
    """The developer's .env, drifting from .env.example as the component's EnvDrift says."""
    values = _env_values(spec, seed)
    if spec.env in (EnvDrift.NO_ENV, EnvDrift.NO_EXAMPLE):
        return None
    if spec.env is EnvDrift.MISSING_KEYS:
        values = dict(list(values.items())[:-2])
    if spec.env is EnvDrift.PLACEHOLDER:
        values[f"{spec.package.upper()}_TOKEN"] = "changeme"
    if spec.env is EnvDrift.TRACKED:
        values["DATABASE_URL"] = f"postgresql://{spec.package}:Pr0d-S3cret@db.internal:5432/prod"
    return "".join(f"{key}={value}\n" for key, value in values.items())
