"""Rendering status for people: Markdown sections spliced between markers, and badges."""

from __future__ import annotations

from hms_status.render.badge import (
    STALE,
    STATUS_COLORS,
    BadgeColor,
    ShieldsEndpoint,
    render_badge_svg,
    shields_endpoint,
)
from hms_status.render.markers import (
    MarkerError,
    Placement,
    find_section,
    remove_section,
    replace_section,
)

__all__ = [
    "STALE",
    "STATUS_COLORS",
    "BadgeColor",
    "MarkerError",
    "Placement",
    "ShieldsEndpoint",
    "find_section",
    "remove_section",
    "render_badge_svg",
    "replace_section",
    "shields_endpoint",
]
