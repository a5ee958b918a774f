"""Jinja2 environments for the docs templates: Markdown escaped by default, SVG autoescaped."""

from __future__ import annotations

import contextlib
import pickle
import re
from functools import cache, partial
from typing import Any

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from markupsafe import Markup

from hms_status.analytics.report_model import duration_text
from hms_status.clock import parse_iso

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~$])")
_LINE_START = re.compile(r"^( *)(?:([-+=])|(\d{1,9})([.)])(?= |$))")
_SPACE = re.compile(r"\s+")
NONE_SHOWN = "—"
CELL_TEXT = 120
"""Longest title shown in a table cell (the full text stays in the JSON and the store)."""


def md_escape(value: object) -> Markup:
    """Text as inert Markdown: one line, HTML entities for < > &, Markdown punctuation escaped."""
    flat = _SPACE.sub(" ", str(value))
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _MD_SPECIAL.sub(r"\\\1", flat)
    return Markup(_LINE_START.sub(_escape_marker, flat))


def _escape_marker(match: re.Match[str]) -> str:
    """A leading list marker or setext underline made literal: '-' -> '\\-', '1.' -> '1\\.'."""
    indent, sign, digits, dot = match.groups()
    return f"{indent}\\{sign}" if sign else f"{indent}{digits}\\{dot}"


def _finalize(value: object) -> object:
    """Every {{ expression }} of a Markdown template is escaped unless it is marked safe."""
    if isinstance(value, Markup):
        return value
    return md_escape(NONE_SHOWN if value is None else value)


def shorten(value: str, limit: int = CELL_TEXT) -> str:
    """Text cut to limit characters, the last being "…" when cut (escape after, not before)."""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def pct(value: float | None) -> str:
    """A percentage with two decimals, or a dash."""
    return NONE_SHOWN if value is None else f"{value:.2f}%"


def when(value: str | None) -> str:
    """A stored timestamp as 'YYYY-MM-DD HH:MM UTC', or a dash."""
    if not value:
        return NONE_SHOWN
    try:
        return parse_iso(value).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return value


def count(value: int | None) -> str:
    """A count, or a dash when unknown."""
    return NONE_SHOWN if value is None else str(value)


def outcome(success: bool) -> str:
    """A start's or run's result in words."""
    return "succeeded" if success else "failed"


def yesno(value: bool | None) -> str:
    """yes, no, or a dash when unknown."""
    return NONE_SHOWN if value is None else ("yes" if value else "no")


def _common(env: Environment) -> Environment:
    env.filters.update(
        pct=pct, when=when, count=count, outcome=outcome, yesno=yesno, shorten=shorten
    )
    env.filters["duration"] = partial(duration_text, none=NONE_SHOWN)
    return env


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's per-user cache of compiled templates (a private directory in the temp folder).

    Compiling the docs templates costs about 0.1 s in every new process, which every docs
    update after a tracker write would pay; loading them compiled costs a few milliseconds.
    Entries are keyed by the template's source (a changed template is compiled again) and the
    Python version. The cache only ever speeds things up: an entry that cannot be read or
    written is compiled in memory as if there were no cache.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        """Load a cached template, or leave the bucket empty."""
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a compiled template, when the directory can take it."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@cache
def _bytecode_cache() -> BytecodeCache | None:
    """The compiled-template cache, or None when no private directory can be had."""
    try:
        return _CompiledTemplates()
    except (OSError, RuntimeError):
        return None


@cache
def markdown_env() -> Environment:
    """The environment for *.md.j2: output escaped as Markdown text unless marked safe."""
    env = Environment(
        loader=PackageLoader("hms_status", "templates/docs"),
        bytecode_cache=_bytecode_cache(),
        autoescape=False,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    return _common(env)


@cache
def svg_env() -> Environment:
    """The environment for *.svg.j2: HTML/XML autoescaping."""
    env = Environment(
        loader=PackageLoader("hms_status", "templates/docs"),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return _common(env)


def render_markdown(template: str, **context: Any) -> str:
    """Render a Markdown template (LF line endings, one final newline)."""
    text = markdown_env().get_template(template).render(**context)
    return text.rstrip("\n") + "\n"


def render_svg(template: str, **context: Any) -> str:
    """Render an SVG template with no blank lines (so it stays one HTML block in Markdown)."""
    text = svg_env().get_template(template).render(**context)
    return "\n".join(line for line in text.splitlines() if line.strip())
