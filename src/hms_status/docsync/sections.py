"""The generated sections of user-owned Markdown: the README badge and the codex.md status.

The status section lives in HMS-docs/codex.md (docsync.layout). A codex.md at the
component's root is where earlier versions put it: it loses its status section, and is
removed when nothing else is left in it, that is when, after the section is taken out, it
holds only whitespace (a BOM counts as whitespace) and at most the title this tool writes
into a codex.md it creates (`# <name>`, for the component's display name or its ID). Any
other byte the user added keeps the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from hms_status.docsync.layout import BADGE_SRC, STATUS_MD
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

BADGE_SECTION = "badge"
STATUS_SECTION = "status"
_BOM = "\ufeff"
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
    """The Markdown between the README's badge markers: the badge image, linked to STATUS.md."""
    return render_markdown("readme_badge.md.j2", badge_src=BADGE_SRC, status_href=STATUS_MD)


def _put_badge(path: Path, text: str, action: str) -> str:
    body = badge_body()
    placement = Placement.AFTER_FIRST_HEADING
    return _edit(path, action, lambda: replace_section(text, BADGE_SECTION, body, placement))


def add_badge(path: Path, text: str | None, title: str) -> str:
    """README text with the badge section under its first heading (or at the top)."""
    return _put_badge(path, _new_document(title) if text is None else text, "adding the badge")


def lacks_badge(path: Path, text: str) -> bool:
    """True when the README shows no badge: no badge section, and the badge image nowhere
    (a badge someone placed by hand, outside markers, counts as one)."""
    if BADGE_SRC in text:
        return False
    return _edit(path, "adding the badge", lambda: find_section(text, BADGE_SECTION)) is None


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


@dataclass(frozen=True)
class Retired:
    """A root codex.md of an earlier version, without its status section."""

    text: str
    """The file's text without the section (everything else byte for byte)."""
    empty: bool
    """Nothing else is left: only whitespace and the title this tool generates (see above)."""


def retire_status(path: Path, text: str | None, titles: Iterable[str]) -> Retired | None:
    """The root codex.md without its status section; None when it has none (or is absent)."""
    if text is None:
        return None
    found = _edit(path, "moving the status section", lambda: find_section(text, STATUS_SECTION))
    if found is None:
        return None
    rest = _edit(path, "moving the status section", lambda: remove_section(text, STATUS_SECTION))
    return Retired(rest, _only_generated(rest, titles))


def _only_generated(text: str, titles: Iterable[str]) -> bool:
    """True when text is whitespace and at most a title this tool would have written."""
    words = text.replace(_BOM, " ").split()
    return not words or any(words == _new_document(title).split() for title in titles)
