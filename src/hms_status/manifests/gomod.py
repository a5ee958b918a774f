"""go.mod: module, go, toolchain, require (`// indirect`), replace, exclude, retract, tool."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hms_status.manifests.document import reject_binary
from hms_status.manifests.model import (
    Dependency,
    Ecosystem,
    ManifestError,
    ManifestKind,
    ManifestResult,
)

_KIND = ManifestKind.GO_MOD
_TOKEN = re.compile(r'//.*|"(?:[^"\\]|\\.)*"|`[^`]*`|[^\s"`]+')
_SINGLE_VALUE = frozenset({"module", "go", "toolchain", "godebug", "tool", "ignore"})


@dataclass
class _GoMod:
    """What reading a go.mod file has gathered."""

    values: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    direct: list[Dependency] = field(default_factory=list)
    indirect: list[Dependency] = field(default_factory=list)
    replace: list[dict[str, str]] = field(default_factory=list)


def parse_go_mod(text: str, path: str) -> ManifestResult:
    """Parse go.mod; direct requires are the dependencies, `// indirect` ones go to extra."""
    try:
        reject_binary(text)
        gomod = _read(text.removeprefix("\ufeff"))
    except ManifestError as exc:
        return ManifestResult.failed(path, _KIND, Ecosystem.GO, str(exc))
    extra: dict[str, object] = {
        "module": gomod.values.get("module"),
        "go": gomod.values.get("go"),
        "toolchain": gomod.values.get("toolchain"),
        "indirect_dependencies": tuple(gomod.indirect),
        "replace": gomod.replace,
        "exclude": gomod.lists.get("exclude", []),
        "retract": gomod.lists.get("retract", []),
        "tool_directives": gomod.lists.get("tool", []),
        "godebug": gomod.lists.get("godebug", []),
        "ignore": gomod.lists.get("ignore", []),
    }
    return ManifestResult(path, _KIND, Ecosystem.GO, tuple(gomod.direct), (), extra)


def _read(text: str) -> _GoMod:
    """Walk the lines, inside and outside `directive ( ... )` blocks."""
    gomod = _GoMod()
    block = ""
    for number, line in enumerate(text.splitlines(), start=1):
        tokens, comment = _tokens(line)
        try:
            if not tokens:
                continue
            if block and tokens == [")"]:
                block = ""
            elif block:
                _directive(block, tokens, comment, gomod)
            elif tokens[1:] == ["("]:
                _directive(tokens[0], None, comment, gomod)
                block = tokens[0]
            else:
                _directive(tokens[0], tokens[1:], comment, gomod)
        except ManifestError as exc:
            raise ManifestError(f"line {number}: {exc}") from exc
    if block:
        raise ManifestError(f"unterminated {block} block")
    return gomod


def _tokens(line: str) -> tuple[list[str], str]:
    """The line's tokens (quotes removed) and its `//` comment text."""
    tokens: list[str] = []
    for token in _TOKEN.findall(line):
        if token.startswith("//"):
            return tokens, token[2:].strip()
        tokens.append(token[1:-1] if token[0] in '"`' else token)
    return tokens, ""


def _directive(name: str, args: list[str] | None, comment: str, gomod: _GoMod) -> None:
    """Apply one directive; args None only checks that the name may open a block."""
    if name not in {*_SINGLE_VALUE, "require", "replace", "exclude", "retract"}:
        raise ManifestError(f"unknown directive {name!r}")
    if args is None:
        return
    if name == "require":
        _require(args, comment, gomod)
    elif name == "replace":
        _replace(args, gomod)
    elif name == "exclude":
        _expect(name, args, 2)
        gomod.lists.setdefault(name, []).append(" ".join(args))
    elif name == "retract":
        gomod.lists.setdefault(name, []).append(" ".join(args))
    else:
        _expect(name, args, 1)
        if name in {"module", "go", "toolchain"}:
            gomod.values[name] = args[0]
        else:
            gomod.lists.setdefault(name, []).append(args[0])


def _require(args: list[str], comment: str, gomod: _GoMod) -> None:
    """One `path version` requirement; `// indirect` marks it as needed only transitively."""
    _expect("require", args, 2)
    indirect = comment == "indirect" or comment.startswith("indirect;")
    dependency = Dependency(args[0], args[1], Ecosystem.GO, "indirect" if indirect else "")
    (gomod.indirect if indirect else gomod.direct).append(dependency)


def _replace(args: list[str], gomod: _GoMod) -> None:
    """One `old [version] => new [version]` replacement."""
    if "=>" not in args:
        raise ManifestError("replace needs `=>`")
    arrow = args.index("=>")
    old, new = args[:arrow], args[arrow + 1 :]
    if len(old) not in {1, 2} or len(new) not in {1, 2}:
        raise ManifestError("replace expects `old [version] => new [version]`")
    gomod.replace.append({"old": " ".join(old), "new": " ".join(new)})


def _expect(name: str, args: list[str], count: int) -> None:
    """Raise unless a directive got exactly count arguments."""
    if len(args) != count:
        raise ManifestError(f"{name} expects {count} argument(s), got {len(args)}")
