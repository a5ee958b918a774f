"""Python requirements as declared: requirements*.txt (with -r includes) and pyproject.toml."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from hms_status.gateways.confine import Boundary, LeavesBoundary

_COMMENT = re.compile(r"(^|\s+)#.*$")
_LINE_OPTIONS = re.compile(r"\s+--?[a-zA-Z].*$")
_INCLUDE = re.compile(r"^(?:-r|--requirement)(?:\s+|=)(\S+)$")
_EDITABLE = re.compile(r"^(?:-e|--editable)(?:\s+|=)(.+)$")


@dataclass(frozen=True)
class DeclaredRequirement:
    """One requirement line and where it came from; requirement is None when unreadable."""

    source: str
    text: str
    requirement: Requirement | None


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _COMMENT.sub("", raw)
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1]
            continue
        yield start, (pending + line).strip()
        pending = ""
    if pending.strip():
        yield start, pending.strip()


def _parse(source: str, text: str) -> DeclaredRequirement:
    try:
        return DeclaredRequirement(source, text, Requirement(text))
    except InvalidRequirement:
        return DeclaredRequirement(source, text, None)


@dataclass
class _Reader:
    root: Path
    seen: set[Path]
    errors: list[str]

    def read(self, path: Path, origin: str = "") -> Iterator[DeclaredRequirement]:
        """The requirements of one file and the files it includes, each file once.

        A file is read only when it resolves inside the component and is a small regular
        file; a symlink loop, a FIFO or a file outside is reported in errors instead.
        origin is the include line that named the file ("" for a top-level file).
        """
        boundary = Boundary.of(self.root)
        try:
            resolved = boundary.resolve(path)
        except LeavesBoundary as exc:
            outside = f"{self._name(path)}: {exc}"
            self._refuse(origin, "include outside the component ignored" if origin else outside)
            return
        if resolved in self.seen:
            return
        self.seen.add(resolved)
        name = self._name(resolved)
        try:
            text = boundary.read_text(resolved)
        except (OSError, UnicodeDecodeError) as exc:
            self._refuse(origin, f"cannot read {name}: {exc}")
            return
        for number, line in _logical_lines(text):
            yield from self._line(resolved, f"{name}:{number}", line)

    def _refuse(self, origin: str, message: str) -> None:
        self.errors.append(f"{origin}: {message}" if origin else message)

    def _name(self, path: Path) -> str:
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)

    def _line(self, path: Path, source: str, line: str) -> Iterator[DeclaredRequirement]:
        include = _INCLUDE.match(line)
        editable = _EDITABLE.match(line)
        if include:
            yield from self.read(path.parent / include.group(1), source)
        elif editable:
            yield DeclaredRequirement(source, editable.group(1).strip(), None)
        elif line and not line.startswith("-"):
            yield _parse(source, _LINE_OPTIONS.sub("", line))


def read_requirements(
    root: Path, files: Iterable[str], pyproject_dependencies: Iterable[str]
) -> tuple[tuple[DeclaredRequirement, ...], tuple[str, ...]]:
    """Every declared requirement (files first, then pyproject) and the read errors."""
    reader = _Reader(root.resolve(), set(), [])
    found = [req for name in files for req in reader.read(root / name)]
    found += [_parse("pyproject.toml", text) for text in pyproject_dependencies]
    return tuple(found), tuple(reader.errors)
