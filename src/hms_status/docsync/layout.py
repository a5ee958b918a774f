"""Where a component's documentation lives, as the plan's tree shows it.

    SYSTEM-COMPONENTS/<ID>/
      README.md                  the badge, between markers, linked to HMS-docs/STATUS.md
      HMS-docs/
        codex.md                 the status section, between markers
        STATUS.md                the full report (written whole)
        trend.svg                its trend chart, shown as an image
        badges/status.svg        the badge
        badges/status.json       the shields.io endpoint JSON

`codex.md` at the component's root is where earlier versions put the status section.
"""

from __future__ import annotations

from pathlib import Path

README = "README.md"
DOCS_DIR = "HMS-docs"
CODEX = f"{DOCS_DIR}/codex.md"
ROOT_CODEX = "codex.md"
"""Where earlier versions put the status section: it is moved out of there."""
STATUS_MD = f"{DOCS_DIR}/STATUS.md"
TREND_SVG = "trend.svg"
"""The trend chart, beside STATUS.md."""
BADGE_DIR = f"{DOCS_DIR}/badges"
BADGE_SVG = "status.svg"
BADGE_JSON = "status.json"
BADGE_SRC = f"{BADGE_DIR}/{BADGE_SVG}"
"""The badge as the README shows it (relative to the component directory)."""


def docs_dir(component_path: Path) -> Path:
    """HMS-docs/ of a component."""
    return component_path / DOCS_DIR


def status_path(component_path: Path) -> Path:
    """HMS-docs/STATUS.md of a component."""
    return component_path / STATUS_MD


def trend_path(component_path: Path) -> Path:
    """HMS-docs/trend.svg of a component."""
    return docs_dir(component_path) / TREND_SVG


def badge_dir(component_path: Path) -> Path:
    """HMS-docs/badges/ of a component."""
    return component_path / BADGE_DIR


def badge_path(component_path: Path) -> Path:
    """HMS-docs/badges/status.svg of a component."""
    return badge_dir(component_path) / BADGE_SVG
