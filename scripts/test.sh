#!/usr/bin/env bash
# Install hms-status with its test dependencies into .venv and run the whole test suite.
# PostgreSQL tests run when HMS_TEST_POSTGRES_URL is set (CI sets it and fails if they skip).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test,web]'
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
.venv/bin/pytest -n 2 "$@"
