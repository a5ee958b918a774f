"""PEP 735 [dependency-groups]: named requirement lists that may include one another."""

from __future__ import annotations

from dataclasses import dataclass, field

from hms_status.manifests.document import child, table, text
from hms_status.manifests.model import Dependency, ManifestError
from hms_status.manifests.pep508 import normalize_name, parse_pep508

PREFIX = "dependency-groups."
"""How group keys are qualified in ManifestResult.extra (e.g. `dependency-groups.test`)."""


@dataclass(frozen=True)
class DependencyGroups:
    """The [dependency-groups] table, keyed by qualified group name."""

    own: dict[str, tuple[Dependency, ...]]
    """Each group's own requirement entries, includes not expanded."""
    includes: dict[str, list[str]]
    """The group names each group includes (only groups that include any)."""
    resolved: dict[str, tuple[Dependency, ...]]
    """Each group with its includes expanded (each included group once)."""
    problems: list[str] = field(default_factory=list)
    """Include cycles and includes of unknown groups, one line each."""


def parse_dependency_groups(document: dict[str, object]) -> DependencyGroups:
    """Read [dependency-groups]; raise ManifestError on entries that are neither kind."""
    own: dict[str, tuple[Dependency, ...]] = {}
    includes: dict[str, list[str]] = {}
    for name, entries in child(document, "dependency-groups", "").items():
        where = PREFIX + name
        if not isinstance(entries, list):
            raise ManifestError(f"{where} must be a list")
        own[name] = tuple(parse_pep508(e, group=name) for e in entries if isinstance(e, str))
        refs = [_include_name(e, where) for e in entries if not isinstance(e, str)]
        if refs:
            includes[name] = refs
    resolver = _Resolver(own, includes)
    resolved = {PREFIX + name: resolver.resolve(name) for name in own}
    return DependencyGroups(
        own={PREFIX + name: deps for name, deps in own.items()},
        includes={PREFIX + name: refs for name, refs in includes.items()},
        resolved=resolved,
        problems=sorted(resolver.problems),
    )


def _include_name(entry: object, where: str) -> str:
    """The group named by an `{include-group = "..."}` entry."""
    name = text(table(entry, where).get("include-group"), f"{where}.include-group")
    if not name:
        raise ManifestError(f"{where}: a table entry needs include-group")
    return name


class _Resolver:
    """Expands group includes, visiting each group once and noting cycles and unknown names."""

    def __init__(
        self, own: dict[str, tuple[Dependency, ...]], includes: dict[str, list[str]]
    ) -> None:
        self.own = own
        self.includes = includes
        self.lookup = {normalize_name(name): name for name in own}
        self.problems: set[str] = set()

    def resolve(self, start: str) -> tuple[Dependency, ...]:
        """The dependencies of start and of every group it reaches through includes."""
        found: list[Dependency] = []
        self._visit(start, (), set(), found)
        return tuple(found)

    def _visit(
        self, name: str, chain: tuple[str, ...], visited: set[str], found: list[Dependency]
    ) -> None:
        """Depth-first walk of one group's includes."""
        if name in chain:
            self.problems.add(f"include cycle: {' -> '.join((*chain, name))}")
            return
        if name in visited:
            return
        visited.add(name)
        found.extend(self.own[name])
        for ref in self.includes.get(name, []):
            target = self.lookup.get(normalize_name(ref))
            if target is None:
                self.problems.add(f"{PREFIX}{name} includes unknown group {ref!r}")
            else:
                self._visit(target, (*chain, name), visited, found)
