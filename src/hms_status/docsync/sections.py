"""The generated sections of user-owned Markdown: the README badge and the codex.md status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hms_status.docsync.templating import render_markdown
from hms_status.errors import InputError
from hms_status.gateways.confine import Boundary
from hms_status.render.markers import (
    MarkerError,
    Placement,
    find_section,
    remove_section,
    replace_section,
)

README = "README.md"
CODEX = "codex.md"
BADGE_SECTION = "badge"
STATUS_SECTION = "status"
BADGE_SRC = "HMS-docs/badges/status.svg"
"""The badge as the README links it (relative to the component directory)."""
MAX_MARKDOWN_BYTES = 16 * 1024 * 1024
"""The largest README.md or codex.md edited (16 MiB); a larger one is left alone."""
T = TypeVar("T")


def read_markdown(path: Path, boundary: Boundary) -> str | None:
    """A Markdown file exactly as stored (BOM and CRLF kept), or None when it does not exist.

    Read through the component's boundary: a link leading out of the component, a FIFO or a
    file over MAX_MARKDOWN_BYTES raises Refused (the caller leaves that file alone).
    """
    data = boundary.read_optional(path, MAX_MARKDOWN_BYTES)
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte {exc.start})",
            "save the file as UTF-8; it was not changed",
        ) from None


def _edit(path: Path, action: str, edit: Callable[[], T]) -> T:
    """Run one marker edit; a MarkerError is re-raised naming the file (which is left as it was)."""
    try:
        return edit()
    except MarkerError as exc:
        hint = exc.hint or f"{action} stopped; the file was left as it was"
        raise MarkerError(f"{path}: {exc.message}", hint) from None


def _new_document(title: str) -> str:
    return render_markdown("new_document.md.j2", title=title)


def badge_body() -> str:
    """The Markdown between the README's badge markers."""
    return render_markdown("readme_badge.md.j2", badge_src=BADGE_SRC)


def _put_badge(path: Path, text: str, action: str) -> str:
    body = badge_body()
    placement = Placement.AFTER_FIRST_HEADING
    return _edit(path, action, lambda: replace_section(text, BADGE_SECTION, body, placement))


def add_badge(path: Path, text: str | None, title: str) -> str:
    """README text with the badge section under its first heading (or at the top)."""
    return _put_badge(path, _new_document(title) if text is None else text, "adding the badge")


def refresh_badge(path: Path, text: str | None) -> str | None:
    """README text with its existing badge section rewritten; None when it has none."""
    if text is None:
        return None
    if _edit(path, "updating the badge", lambda: find_section(text, BADGE_SECTION)) is None:
        return None
    return _put_badge(path, text, "updating the badge")


def remove_badge(path: Path, text: str | None) -> str | None:
    """README text without the badge section; None when there is no README."""
    if text is None:
        return None
    return _edit(path, "removing the badge", lambda: remove_section(text, BADGE_SECTION))


def splice_status(path: Path, text: str | None, body: str, title: str) -> str:
    """codex.md text with its status section replaced, or appended when it has none."""
    base = _new_document(title) if text is None else text
    return _edit(
        path,
        "updating the status section",
        lambda: replace_section(base, STATUS_SECTION, body, Placement.END),
    )
