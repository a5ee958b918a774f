"""Reading .env files with python-dotenv's rules: quotes, escapes, inline comments, export."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_KEY_BREAK = re.compile(r"[\s#]")
_EXPORT = re.compile(r"export[^\S\r\n]+")
_COMMENTED_OUT = re.compile(r"#+[^\S\r\n]*(?:export[^\S\r\n]+)?([A-Za-z_][A-Za-z0-9_.]*)=")
_QUOTED = {
    "'": re.compile(r"'((?:\\.|[^'\\])*)'", re.DOTALL),
    '"': re.compile(r'"((?:\\.|[^"\\])*)"', re.DOTALL),
}
_ESCAPES = {
    "'": re.compile(r"\\([\\'])"),
    '"': re.compile(r"\\([\\'\"abfnrtv])"),
}
_ESCAPED = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_AFTER_QUOTE = re.compile(r"[^\S\r\n]*(?:#([^\r\n]*))?(?:\r\n|\r|\n|$)")
_INLINE_COMMENT = re.compile(r"\s+#(.*)")
_LINE_KEY = re.compile(r"[^\S\r\n]*(?:export[^\S\r\n]+)?([A-Za-z_][A-Za-z0-9_.-]*)[^\S\r\n]*=")
"""A line that starts like an assignment (for the names an open quote takes in)."""


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
    """A line that is not a valid assignment; python-dotenv would skip it too."""

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


def parse_env(text: str) -> EnvFile:
    """Read .env text: assignments, syntax errors and commented-out assignments."""
    text = text.removeprefix("\ufeff")
    entries: list[EnvEntry] = []
    errors: list[EnvSyntaxError] = []
    commented: list[CommentedAssignment] = []
    comments: list[str] = []
    pos, line = 0, 1
    while pos < len(text):
        match = _LINE.match(text, pos)
        assert match is not None  # _LINE matches at any position
        content = match.group(1).strip()
        if not content or content.startswith("#"):
            _note_comment(content, line, comments, commented)
            end = match.end()
        else:
            item, end = _assignment(text, pos, line, match.group(1), tuple(comments))
            if isinstance(item, EnvEntry):
                entries.append(item)
            else:
                errors.append(item)
            comments.clear()
        line += len(_NEWLINE.findall(text, pos, end))
        pos = end
    return EnvFile(tuple(entries), tuple(errors), tuple(commented))


def _note_comment(
    content: str, line: int, comments: list[str], commented: list[CommentedAssignment]
) -> None:
    """Track the comment block above the next assignment (a blank line ends it)."""
    if not content:
        comments.clear()
        return
    comments.append(content.lstrip("#").strip())
    found = _COMMENTED_OUT.match(content)
    if found:
        commented.append(CommentedAssignment(found.group(1), line))


def _assignment(
    text: str, pos: int, line: int, first_line: str, comments: tuple[str, ...]
) -> tuple[EnvEntry | EnvSyntaxError, int]:
    """Parse the assignment starting at pos; return it or an error, and where parsing stopped."""
    skip_line = _end_of_line(text, pos + len(first_line))
    head, equals, _ = first_line.partition("=")
    if not equals:
        bare = head.strip()
        named = (bare,) if _KEY.fullmatch(bare) else ()
        fix = f"write it as {bare}=value" if named else "rewrite it as KEY=value"
        return EnvSyntaxError(line, "no '=' (expected KEY=value)", fix, named), skip_line
    name = head.lstrip()
    exported = _EXPORT.match(name)
    key = name[exported.end() if exported else 0 :].rstrip()
    invalid = EnvSyntaxError(
        line,
        f"invalid variable name {key[:40]!r}",
        "start the name with a letter or '_' and use only letters, digits, '_', '.' and '-'",
    )
    if not key or _KEY_BREAK.search(key):
        return invalid, skip_line
    entry = EnvEntry(key, "", line, exported=bool(exported), leading_comments=comments)
    item, end = _value(text, pos + len(head) + 1, pos + len(first_line), entry, skip_line)
    # python-dotenv reads a value even after a key we reject; skip exactly what it skips.
    return (item if _KEY.fullmatch(key) else invalid), end


def _value(
    text: str, start: int, line_end: int, entry: EnvEntry, skip_line: int
) -> tuple[EnvEntry | EnvSyntaxError, int]:
    """The value after '=' at start: quoted, only an inline comment, or unquoted."""
    after_equals = text[start:line_end]
    value_at = start + len(after_equals) - len(after_equals.lstrip())
    char = text[value_at:line_end][:1]
    if char in _QUOTED:
        return _quoted(text, value_at, entry, skip_line)
    if char == "#" and value_at > start:
        return replace(entry, comment=text[value_at + 1 : line_end]), skip_line
    raw = text[value_at:line_end]
    inline = _INLINE_COMMENT.search(raw)
    value = (raw[: inline.start()] if inline else raw).rstrip()
    return replace(entry, value=value, comment=inline.group(1) if inline else ""), skip_line


def _quoted(
    text: str, at: int, entry: EnvEntry, skip_line: int
) -> tuple[EnvEntry | EnvSyntaxError, int]:
    """A quoted value (possibly over several lines) and what follows its closing quote."""
    quote = text[at]
    found = _QUOTED[quote].match(text, at)
    if found is None:
        message = f"unterminated {quote} quote: the value of {entry.key} is never closed"
        fix = f"end the value with {quote}, or remove the opening {quote}"
        return EnvSyntaxError(entry.line, message, fix, (entry.key,), unclosed=True), skip_line
    after = _AFTER_QUOTE.match(text, found.end())
    if after is None:
        end = _end_of_line(text, found.end())
        return _text_after_quote(text, at, found.end(), end, entry), end
    value = _ESCAPES[quote].sub(lambda m: _ESCAPED.get(m.group(1), m.group(1)), found.group(1))
    return replace(entry, value=value, quote=quote, comment=after.group(1) or ""), after.end()


def _text_after_quote(
    text: str, at: int, closing: int, end: int, entry: EnvEntry
) -> EnvSyntaxError:
    """Text follows the closing quote: python-dotenv drops every line from the opening one on."""
    quote = text[at]
    closed_on = entry.line + len(_NEWLINE.findall(text, at, closing))
    if closed_on == entry.line:
        message = f"unexpected text after the closing quote of {entry.key}"
        fix = "put the whole value inside the quotes, or start a comment with ' #'"
        return EnvSyntaxError(entry.line, message, fix, (entry.key,))
    later = _NEWLINE.split(text[_end_of_line(text, at) : end])
    taken = tuple(m.group(1) for line in later if (m := _LINE_KEY.match(line)))
    message = (
        f"the {quote} quote opened in the value of {entry.key} closes only on line {closed_on},"
        f" followed by more text: lines {entry.line}-{closed_on} are not read"
    )
    fix = (
        f"close the quote on line {entry.line}, or escape the {quote} inside the value as \\{quote}"
    )
    return EnvSyntaxError(entry.line, message, fix, (entry.key, *taken))


def _end_of_line(text: str, pos: int) -> int:
    """The index just past the line ending of the line holding pos."""
    match = _LINE.match(text, pos)
    return match.end() if match else len(text)
