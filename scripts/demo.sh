#!/usr/bin/env bash
# Install hms-status into .venv, build the bundled demo ecosystem in ./demo and run the main job
# (a full update of all 33 components) on it, ending with the status table.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet .
rm -rf demo
.venv/bin/hms-status demo demo
.venv/bin/hms-status --root demo run full-update
echo
echo "Next: .venv/bin/hms-status --root demo serve   # the dashboard at http://127.0.0.1:8080/"
