#!/usr/bin/env bash
# Install hms-status with its test dependencies into .venv, check lint, format, types and the
# layers (.importlinter), then run the test suite with coverage.
# PostgreSQL tests run when HMS_TEST_POSTGRES_URL is set (CI sets it and fails if they skip).
# With no arguments the whole suite runs and the run fails when total coverage (lines and
# branches of src/hms_status) is under COVERAGE_FLOOR; arguments select tests, without a floor.
set -euo pipefail
cd "$(dirname "$0")/.."
COVERAGE_FLOOR=93   # measured 95% (issue 10); raise it as coverage grows, never lower it to pass
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test,web]'
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
.venv/bin/lint-imports
floor=()
if [ $# -eq 0 ]; then floor=(--cov-fail-under="$COVERAGE_FLOOR"); fi
.venv/bin/pytest -n 2 --cov=hms_status --cov-branch --cov-report=term:skip-covered "${floor[@]}" "$@"
