#!/usr/bin/env bash
# Install hms-status into .venv, build the bundled demo ecosystem in ./demo and run the main job on it.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet .
rm -rf demo
.venv/bin/hms-status demo demo
if .venv/bin/hms-status run --help >/dev/null 2>&1; then
  .venv/bin/hms-status --root demo run full-update
else
  .venv/bin/hms-status --root demo tracker list
fi
