"""Splicing generated sections into Markdown between marker comments, leaving the rest untouched.

A section is the lines between `<!-- hms-status:NAME:start -->` and `<!-- hms-status:NAME:end -->`,
each marker alone on its line. Markers inside fenced code blocks are examples and are ignored.
Everything outside the markers is preserved byte for byte: line endings, a UTF-8 BOM, a missing
final newline. Lines we add use the file's dominant line ending.

A body is kept apart from the text around it by a blank line just inside a marker wherever the
line outside that marker is not blank (a start marker after `</details>` would otherwise join
that HTML block, and the body's first lines with it). The blank lines belong to the section:
find_section returns them and remove_section takes them out with it.

A leading block from a `---` first line to the next `---` or `...` line is front matter (the
Jekyll and Hugo convention), whatever its lines hold: nothing in it is Markdown, so nothing in
it is a heading or a code fence, and sections placed at the top or under the first heading go
after it. (A marker line in it still counts: a body may itself close a leading `---`.)
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from enum import StrEnum
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from hms_status.errors import InputError

_BOM = "\ufeff"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_MARKER = re.compile(r" {0,3}<!--[ \t]*hms-status:(\S+?):(start|end)[ \t]*-->[ \t]*")
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_EOL = re.compile(r"(?:\r\n|\r|\n)\Z")
_FRONT_MATTER_OPEN = "---"
_FRONT_MATTER_CLOSE = ("---", "...")
_CODE_TOKENS = frozenset({"fence", "code_block"})


class Placement(StrEnum):
    """Where a new section goes when its markers are not in the file yet."""

    TOP = "top"
    END = "end"
    AFTER_FIRST_HEADING = "after_first_heading"


class MarkerError(InputError):
    """Unbalanced or duplicated markers, or a body that would break them; callers add the file."""


def marker(name: str, edge: str) -> str:
    """The marker comment for one edge ("start" or "end") of section name."""
    return f"<!-- hms-status:{name}:{edge} -->"


def find_section(text: str, name: str) -> str | None:
    """The text between the markers of section name, or None when it has no markers."""
    lines = _split(text.removeprefix(_BOM))
    found = _locate(lines, _checked(name))
    return None if found is None else "".join(lines[found[0] + 1 : found[1]])


def replace_section(text: str, name: str, body: str, placement: Placement) -> str:
    """Put body between the markers of section name, adding a marked section where none is."""
    bom, rest = _strip_bom(text)
    lines = _split(rest)
    eol = _dominant_eol(rest)
    found = _locate(lines, _checked(name))
    if found is not None:
        start, end = found
        new_body = _padded(_body_lines(body), eol, lines, start, end + 1)
        result = [*lines[: start + 1], *_fit(new_body, lines, start + 1, end), *lines[end:]]
        if result == lines:
            return text  # the section holds this body already (its markers were just checked)
    else:
        start = _insertion_index(lines, placement)
        new_body = _padded(_body_lines(body), eol, lines, start, start)
        block = [marker(name, "start") + eol, *new_body, marker(name, "end") + eol]
        result = _insert(lines, start, _fit(block, lines, start, start), eol)
    _verify(result, name, (start, start + len(new_body) + 1))
    return bom + "".join(result)


def remove_section(text: str, name: str) -> str:
    """Text without section name and its markers (unchanged when the section is absent)."""
    bom, rest = _strip_bom(text)
    lines = _split(rest)
    found = _locate(lines, _checked(name))
    if found is None:
        return text
    start, end = found
    result = [*lines[:start], *lines[end + 1 :]]
    if end == len(lines) - 1 and not _EOL.search(lines[end]) and start > 0:
        result[start - 1] = _EOL.sub("", result[start - 1])  # the file had no final newline
    return bom + "".join(result)


def _checked(name: str) -> str:
    """name, if it can be written in a marker."""
    if not _NAME.fullmatch(name):
        raise MarkerError(f"invalid section name {name!r}: use letters, digits, '.', '_' or '-'")
    return name


def _strip_bom(text: str) -> tuple[str, str]:
    """The BOM (or "") and the text after it."""
    return (_BOM, text[1:]) if text.startswith(_BOM) else ("", text)


def _split(text: str) -> list[str]:
    """Lines with their endings (CRLF, LF or CR), as CommonMark counts them."""
    return _LINES.findall(text)


def _dominant_eol(text: str) -> str:
    """The most common line ending (LF on a tie or when there is none)."""
    counts = Counter(re.findall(r"\r\n|\r|\n", text))
    return max(("\n", "\r\n", "\r"), key=lambda eol: counts[eol])


def _body_lines(body: str) -> list[str]:
    """The body's lines without endings; one final line ending is optional."""
    lines = re.split(r"\r\n|\r|\n", body)
    return lines[:-1] if lines[-1] == "" else lines


def _padded(body: list[str], eol: str, lines: list[str], first: int, after: int) -> list[str]:
    """Body lines with endings, and a blank line at each edge whose outside neighbour is not blank.

    The section takes the place of lines[first:after] (markers included), so its neighbours
    are lines[first - 1] and lines[after]; the start or end of the file counts as blank.
    """
    padded = [line + eol for line in body]
    if not body:
        return padded
    if first > 0 and not _blank(lines[first - 1]) and not _blank(body[0]):
        padded.insert(0, eol)
    if after < len(lines) and not _blank(lines[after]) and not _blank(body[-1]):
        padded.append(eol)
    return padded


def _blank(line: str) -> bool:
    """True for a line of spaces and tabs only (a blank line as CommonMark counts it)."""
    return not line.strip(" \t\r\n")


_PARSING = threading.Lock()
"""Held for every parse: markdown-it and mdurl are not safe to use from two threads at once."""


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """A CommonMark block parser, built once on first use (by a caller holding _PARSING).

    Only block structure matters here (headings, fences, code blocks, their lines), so
    inline parsing is switched off: the block tokens are the same, in less than half the time.
    """
    return MarkdownIt("commonmark").disable(["inline", "text_join"])


def _parse(text: str) -> list[Token]:
    """The tokens of text, parsed by one thread at a time.

    markdown-it compiles its rule lists, and mdurl fills its module-wide percent-encoding
    tables, on first use and without a lock. Under load the runner's worker threads came in
    half-way: one read a half-built table (IndexError on a link), or two compiled one rule
    list and left rules in it twice (IndexError on emphasis, for every later parse in the
    process). Parsing is pure Python, which the GIL runs one thread at a time anyway, so the
    lock costs next to nothing.
    """
    with _PARSING:
        return _markdown().parse(text)


def _tokens(lines: list[str]) -> list[Token]:
    """The block tokens of the Markdown after any front matter; map gives [first, after) in lines."""
    top = _front_matter_end(lines)
    tokens = _parse("".join(lines[top:]))
    for token in tokens:
        if token.map:
            token.map = [token.map[0] + top, token.map[1] + top]
    return tokens


def _locate(lines: list[str], name: str) -> tuple[int, int] | None:
    """Indices of the start and end marker lines of name, or None; MarkerError if unbalanced."""
    candidates = [(i, m.group(2)) for i, m in _markers(lines) if m.group(1) == name]
    if not candidates:
        return None
    code = _code_lines(_tokens(lines))
    start: int | None = None
    end: int | None = None
    for index, edge in candidates:
        if index in code:
            continue
        tag = f"'hms-status:{name}:{edge}'"
        if (start if edge == "start" else end) is not None:
            raise MarkerError(f"line {index + 1}: second {tag} marker; remove the duplicate")
        if edge == "start":
            start = index
        elif start is None:
            raise MarkerError(f"line {index + 1}: {tag} marker comes before its start marker")
        else:
            end = index
    if start is not None and end is None:
        raise MarkerError(f"line {start + 1}: 'hms-status:{name}:start' marker has no end marker")
    return None if start is None or end is None else (start, end)


def _markers(lines: list[str]) -> list[tuple[int, re.Match[str]]]:
    """Every line that looks like a marker, with its match."""
    found = ((i, _MARKER.fullmatch(line.rstrip("\r\n"))) for i, line in enumerate(lines))
    return [(i, match) for i, match in found if match is not None]


def _code_lines(tokens: list[Token]) -> set[int]:
    """Indices of lines inside fenced or indented code blocks."""
    ranges = (t.map for t in tokens if t.type in _CODE_TOKENS and t.map)
    return {line for first, last in ranges for line in range(first, last)}


def _insertion_index(lines: list[str], placement: Placement) -> int:
    """Where a new section's first line goes (never inside YAML front matter)."""
    top = _front_matter_end(lines)
    if placement is Placement.TOP or not lines:
        return top
    tokens = _tokens(lines)
    if placement is Placement.AFTER_FIRST_HEADING:
        headings = (t.map for t in tokens if t.type == "heading_open" and t.level == 0 and t.map)
        return next((last for _, last in headings), top)
    fences = [t.map for t in tokens if t.type == "fence" and t.level == 0 and t.map]
    if fences and not _closed(lines, *fences[-1]):
        return fences[-1][0]  # the file ends inside an open fence: go before it
    return len(lines)


def _front_matter_end(lines: list[str]) -> int:
    """The index after a leading `---` ... `---` (or `...`) block, else 0 (see the module doc)."""
    if not lines or _bare(lines[0]) != _FRONT_MATTER_OPEN:
        return 0
    ends = (i for i, line in enumerate(lines[1:], 1) if _bare(line) in _FRONT_MATTER_CLOSE)
    return next(ends, -1) + 1


def _bare(line: str) -> str:
    """line without its ending and trailing spaces or tabs."""
    return line.rstrip(" \t\r\n")


def _closed(lines: list[str], first: int, after: int) -> bool:
    """True when the fence on lines[first:after] ends with a closing fence line."""
    opening = re.match(r" {0,3}(`{3,}|~{3,})", lines[first])
    if opening is None or after - 1 <= first:
        return False
    char, size = opening.group(1)[0], len(opening.group(1))
    closing = re.compile(rf" {{0,3}}{re.escape(char)}{{{size},}}[ \t]*")
    return bool(closing.fullmatch(lines[after - 1].rstrip("\r\n")))


def _fit(block: list[str], lines: list[str], first: int, after: int) -> list[str]:
    """block to go in place of lines[first:after], using CRLF where a lone CR would merge."""
    fitted = list(block)
    if fitted and first > 0 and _ends_in_cr(lines[first - 1]) and fitted[0].startswith("\n"):
        fitted[0] = "\r" + fitted[0]  # "\r" then "\n" would read as one CRLF line ending
    if fitted and after < len(lines) and lines[after].startswith("\n") and _ends_in_cr(fitted[-1]):
        fitted[-1] += "\n"
    return fitted


def _ends_in_cr(line: str) -> bool:
    """True when line ends with a lone CR (not CRLF)."""
    return line.endswith("\r")


def _insert(lines: list[str], index: int, block: list[str], eol: str) -> list[str]:
    """lines with block inserted before index, keeping a missing final newline missing."""
    if index == len(lines) and lines and not _EOL.search(lines[-1]):
        last = block[-1].removesuffix(eol)
        return [*lines[:-1], lines[-1] + eol, *block[:-1], last]
    return [*lines[:index], *block, *lines[index:]]


def _verify(lines: list[str], name: str, expected: tuple[int, int]) -> None:
    """Raise MarkerError unless the section is found exactly where it was written."""
    problem = f"the new body of section '{name}' would break its markers"
    hint = "close every code fence the body opens and leave markers out of it"
    try:
        found = _locate(lines, name)
    except MarkerError as exc:
        raise MarkerError(problem, hint) from exc
    if found != expected:
        raise MarkerError(problem, hint)
