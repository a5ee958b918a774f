"""Just enough Ruby lexing for Gemfiles: mask string contents, strip comments, split arguments."""

from __future__ import annotations

import re
from collections.abc import Iterator

_QUOTES = "'\""
_LITERAL = re.compile(r"""^(['"])(.*)\1$""", re.DOTALL)
_SYMBOL = re.compile(r"^:(\w+)$")
_OPTION = re.compile(r"^(?::(\w+)\s*=>|(\w+):(?!:))\s*(.*)$", re.DOTALL)
_BLOCK_COMMENT_START = "=begin"
_BLOCK_COMMENT_END = "=end"


def mask_strings(line: str) -> str:
    """The line with every character inside a quoted string replaced by `_` (same length)."""
    masked: list[str] = []
    quote = ""
    escaped = False
    for char in line:
        if not quote:
            quote = char if char in _QUOTES else ""
            masked.append(char)
        elif escaped or char == "\\":
            escaped = not escaped
            masked.append("_")
        elif char == quote:
            quote = ""
            masked.append(char)
        else:
            masked.append("_")
    return "".join(masked)


def statements(text: str) -> Iterator[tuple[str, str]]:
    """Yield (statement, masked statement): comments gone, lines ending `,` or `\\` joined."""
    lines: list[str] = []
    masks: list[str] = []
    in_block_comment = False
    for raw in text.splitlines():
        if raw.startswith(_BLOCK_COMMENT_START) or in_block_comment:
            in_block_comment = not raw.startswith(_BLOCK_COMMENT_END)
            continue
        line = _without_comment(raw).strip()
        masked = mask_strings(line)
        continued = masked.endswith(("\\", ","))
        if masked.endswith("\\"):
            line, masked = line[:-1], masked[:-1]
        if line:
            lines.append(line)
            masks.append(masked)
        if not continued and lines:
            yield " ".join(lines), " ".join(masks)
            lines, masks = [], []
    if lines:
        yield " ".join(lines), " ".join(masks)


def split_arguments(arguments: str) -> list[str]:
    """Split a call's arguments at top-level commas (outside strings and brackets)."""
    masked = mask_strings(arguments)
    parts: list[str] = []
    depth = 0
    begin = 0
    for index, char in enumerate(masked):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(arguments[begin:index].strip())
            begin = index + 1
    parts.append(arguments[begin:].strip())
    return [part for part in parts if part]


def string_literal(argument: str) -> str | None:
    """The content of a plain quoted string argument, or None when it is anything else."""
    match = _LITERAL.match(argument)
    if not match or any(quote in mask_strings(argument)[1:-1] for quote in _QUOTES):
        return None
    return match.group(2)


def symbol_or_string(argument: str) -> str | None:
    """The name in a `:symbol` or quoted-string argument, or None."""
    symbol = _SYMBOL.match(argument)
    return symbol.group(1) if symbol else string_literal(argument)


def keyword_option(argument: str) -> tuple[str, str] | None:
    """(key, value text) for a `key: value` or `:key => value` argument, or None."""
    match = _OPTION.match(argument)
    if not match:
        return None
    return match.group(1) or match.group(2), match.group(3).strip()


def _without_comment(line: str) -> str:
    """The line up to its first `#` outside a string."""
    index = mask_strings(line).find("#")
    return line if index < 0 else line[:index]
