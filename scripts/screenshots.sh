#!/usr/bin/env bash
# Regenerate docs/images/dashboard.png and docs/images/component.png from the demo, in Debian's
# headless Chromium (apt-get install chromium). Extra arguments go to scripts/screenshots.py,
# e.g. --phone /tmp/shots to also write phone-width shots to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
    echo "screenshots: /usr/bin/chromium is missing (apt-get install chromium)" >&2
    exit 2
fi
.venv/bin/python scripts/screenshots.py --out docs/images "$@"
