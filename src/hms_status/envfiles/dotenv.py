"""Reading .env files with python-dotenv's own parser, plus what it does not keep: line numbers,
inline and leading comments, commented-out assignments, and why a line was skipped.

python-dotenv (`dotenv.parser.parse_stream`) decides every value: quotes, escapes, multi-line
quoted values, inline comments, `export`, single-quoted keys. Each binding it yields carries
its original text and first line; this module reads those to add:
- the line an assignment starts on (past the blank lines python-dotenv keeps in front of it);
- the inline comment and the comment block directly above (for "required" notes);
- `# KEY=value` lines (assignments someone switched off);
- a syntax error for every binding python-dotenv skips (error flag set, or a key without '='),
  and for a key it accepts that is not a variable name (`1BAD=x`), naming the line, what is
  wrong and how to fix it, never quoting the value.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from dotenv.parser import Binding, parse_stream

_NEWLINE = re.compile(r"\r\n|\r|\n")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_EXPORT = re.compile(r"export[^\S\r\n]+")
_COMMENTED_OUT = re.compile(r"#+[^\S\r\n]*(?:export[^\S\r\n]+)?([A-Za-z_][A-Za-z0-9_.]*)=")
_QUOTED = {
    "'": re.compile(r"'((?:\\.|[^'\\])*)'", re.DOTALL),
    '"': re.compile(r'"((?:\\.|[^"\\])*)"', re.DOTALL),
}
"""Where a quoted value ends (python-dotenv's own rule), to find what follows it."""
_INLINE_COMMENT = re.compile(r"\s+#(.*)")
_LINE_KEY = re.compile(r"[^\S\r\n]*(?:export[^\S\r\n]+)?([A-Za-z_][A-Za-z0-9_.-]*)[^\S\r\n]*=")
"""A line that starts like an assignment (for the names an open quote takes in)."""
_LEADING = re.compile(r"\s*")


@dataclass(frozen=True)
class EnvEntry:
    """One KEY=value assignment, value decoded the way python-dotenv decodes it."""

    key: str
    """The variable name."""
    value: str
    """The value: quotes removed, escapes decoded, inline comment dropped; never interpolated."""
    line: int
    """The 1-based line the assignment starts on."""
    quote: str = ""
    """The quote character around the value: "", "'" or '"'."""
    exported: bool = False
    """True when written as `export KEY=...`."""
    comment: str = ""
    """The inline comment after the value, without its '#'."""
    leading_comments: tuple[str, ...] = ()
    """The comment lines directly above the assignment (no blank line between), without '#'."""

    @property
    def quoted(self) -> bool:
        """True when the value was written in quotes."""
        return bool(self.quote)


@dataclass(frozen=True)
class EnvSyntaxError:
    """A line that is not a valid assignment; python-dotenv skips it too."""

    line: int
    """The 1-based line of the problem."""
    message: str
    """What is wrong, never quoting the value."""
    fix: str = "rewrite it as KEY=value"
    """How to repair the line, for the user (the tool never rewrites it)."""
    keys: tuple[str, ...] = ()
    """Names the broken lines assign: the line's own, and those of any lines an open quote took
    in. They are neither set nor missing: appending them again would only duplicate them."""
    unclosed: bool = False
    """True for a quote never closed: text appended to the file could become part of its value."""

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class CommentedAssignment:
    """A `# KEY=value` line: an assignment someone switched off."""

    key: str
    """The variable name after the '#'."""
    line: int
    """The 1-based line of the comment."""


@dataclass(frozen=True)
class EnvFile:
    """Everything one .env file says, in file order."""

    entries: tuple[EnvEntry, ...]
    """Every valid assignment, duplicates included."""
    errors: tuple[EnvSyntaxError, ...] = ()
    """Lines that could not be read as assignments."""
    commented_out: tuple[CommentedAssignment, ...] = ()
    """Commented-out assignments, in file order."""

    @property
    def keys(self) -> tuple[str, ...]:
        """Variable names, each once, in order of first assignment."""
        return tuple(dict.fromkeys(entry.key for entry in self.entries))

    @property
    def values(self) -> dict[str, str]:
        """Name to value; a later assignment wins, as python-dotenv does."""
        return {entry.key: entry.value for entry in self.entries}

    @property
    def duplicate_keys(self) -> tuple[str, ...]:
        """Names assigned more than once, in order of first assignment."""
        names = [entry.key for entry in self.entries]
        return tuple(key for key in self.keys if names.count(key) > 1)

    @property
    def empty_keys(self) -> tuple[str, ...]:
        """Names whose (last) value is empty, in order of first assignment."""
        values = self.values
        return tuple(key for key in self.keys if not values[key])

    @property
    def broken_keys(self) -> tuple[str, ...]:
        """Names assigned only on lines with syntax errors, in file order (EnvSyntaxError.keys)."""
        defined = set(self.keys)
        named = (key for error in self.errors for key in error.keys)
        return tuple(key for key in dict.fromkeys(named) if key not in defined)

    @property
    def commented_out_not_defined(self) -> tuple[str, ...]:
        """Sorted names that appear only commented out, never assigned."""
        defined = set(self.keys)
        return tuple(sorted({c.key for c in self.commented_out} - defined))


@dataclass(frozen=True)
class _Text:
    """A binding's own text (past the blank lines python-dotenv keeps in front of it)."""

    body: str
    line: int
    """The 1-based line the body starts on."""
    after_blank: bool
    """True when a blank line separates it from the previous binding."""

    @property
    def first_line(self) -> str:
        return _NEWLINE.split(self.body, maxsplit=1)[0]


class _Lines:
    """Line numbers by character offset (CRLF, LF and CR each end a line).

    Counted here rather than taken from python-dotenv, which counts a CRLF twice after a line
    it skipped."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in _NEWLINE.finditer(text))]

    def at(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


def _texts(text: str) -> Iterator[tuple[Binding, _Text]]:
    """Each binding python-dotenv reads, with its own text and line."""
    lines = _Lines(text)
    pos = 0
    for binding in parse_stream(io.StringIO(text)):
        original = binding.original.string
        lead = _LEADING.match(original)
        start = pos + (lead.end() if lead else 0)
        after_blank = pos == 0 or lines.at(start) - lines.at(pos - 1) > 1
        yield binding, _Text(text[start : pos + len(original)], lines.at(start), after_blank)
        pos += len(original)


def parse_env(text: str) -> EnvFile:
    """Read .env text: assignments, syntax errors and commented-out assignments."""
    entries: list[EnvEntry] = []
    errors: list[EnvSyntaxError] = []
    commented: list[CommentedAssignment] = []
    comments: list[str] = []
    for binding, part in _texts(text.removeprefix("\ufeff")):
        if part.after_blank:
            comments.clear()
        if not part.body.strip():
            continue
        if binding.key is None and not binding.error:
            _note_comment(part, comments, commented)
            continue
        item = _entry(binding, part, tuple(comments))
        if isinstance(item, EnvEntry):
            entries.append(item)
        else:
            errors.append(item)
        comments.clear()
    return EnvFile(tuple(entries), tuple(errors), tuple(commented))


def _note_comment(part: _Text, comments: list[str], commented: list[CommentedAssignment]) -> None:
    content = part.first_line.strip()
    comments.append(content.lstrip("#").strip())
    found = _COMMENTED_OUT.match(content)
    if found:
        commented.append(CommentedAssignment(found.group(1), part.line))


def _head(first_line: str) -> tuple[str, bool, str]:
    """(the key as written, exported, what follows '=') of an assignment line."""
    name = first_line.lstrip()
    exported = _EXPORT.match(name)
    name = name[exported.end() :] if exported else name
    head, _, rest = name.partition("=")
    return head.rstrip(), bool(exported), rest


def _entry(binding: Binding, part: _Text, comments: tuple[str, ...]) -> EnvEntry | EnvSyntaxError:
    """The assignment python-dotenv read, or why it skipped (or we reject) the binding."""
    first = part.first_line
    if "=" not in first:
        bare = first.strip()
        named = (bare,) if _KEY.fullmatch(bare) else ()
        fix = f"write it as {bare}=value" if named else "rewrite it as KEY=value"
        return EnvSyntaxError(part.line, "no '=' (expected KEY=value)", fix, named)
    written, exported, rest = _head(first)
    key = binding.key if binding.key is not None else written
    if binding.error and not _KEY.fullmatch(key):
        return _invalid_name(part.line, written)
    if binding.error:
        return _broken_value(part, key)
    if not _KEY.fullmatch(key) or binding.value is None:
        return _invalid_name(part.line, written)
    value = rest.lstrip()
    quote = value[:1] if value[:1] in _QUOTED else ""
    comment = _comment(part.body, len(first) - len(value), quote, spaced=value != rest)
    return EnvEntry(key, binding.value, part.line, quote, exported, comment, comments)


def _invalid_name(line: int, written: str) -> EnvSyntaxError:
    return EnvSyntaxError(
        line,
        f"invalid variable name {written[:40]!r}",
        "start the name with a letter or '_' and use only letters, digits, '_', '.' and '-'",
    )


def _comment(body: str, value_at: int, quote: str, *, spaced: bool) -> str:
    """The inline comment after a value (quoted or not), without its '#'."""
    if quote:
        closed = _QUOTED[quote].match(body, value_at)
        after = _NEWLINE.split(body[closed.end() :] if closed else "", maxsplit=1)[0].lstrip()
        return after[1:] if after.startswith("#") else ""
    raw = _NEWLINE.split(body[value_at:], maxsplit=1)[0]
    if raw.startswith("#") and spaced:
        return raw[1:]
    inline = _INLINE_COMMENT.search(raw)
    return inline.group(1) if inline else ""


def _broken_value(part: _Text, key: str) -> EnvSyntaxError:
    """A value python-dotenv could not read: an open quote, or text after the closing one."""
    _, _, rest = _head(part.first_line)
    value = rest.lstrip()
    quote = value[:1]
    if quote not in _QUOTED:  # e.g. `KEY WORD=x`: a space inside the name
        return _invalid_name(part.line, _head(part.first_line)[0])
    lines = _NEWLINE.split(part.body.rstrip("\r\n"))
    if len(lines) == 1:
        start = len(part.first_line) - len(value)
        if _QUOTED[quote].match(part.body, start) is None:
            message = f"unterminated {quote} quote: the value of {key} is never closed"
            fix = f"end the value with {quote}, or remove the opening {quote}"
            return EnvSyntaxError(part.line, message, fix, (key,), unclosed=True)
        message = f"unexpected text after the closing quote of {key}"
        fix = "put the whole value inside the quotes, or start a comment with ' #'"
        return EnvSyntaxError(part.line, message, fix, (key,))
    closed_on = part.line + len(lines) - 1
    taken = tuple(m.group(1) for line in lines[1:] if (m := _LINE_KEY.match(line)))
    message = (
        f"the {quote} quote opened in the value of {key} closes only on line {closed_on},"
        f" followed by more text: lines {part.line}-{closed_on} are not read"
    )
    fix = (
        f"close the quote on line {part.line}, or escape the {quote} inside the value as \\{quote}"
    )
    return EnvSyntaxError(part.line, message, fix, (key, *taken))
