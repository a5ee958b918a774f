"""Backstage catalog-info.yaml: one CatalogEntity per YAML document, refs kept as written."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from hms_status.errors import InputError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STANDARD_SPEC_KEYS = frozenset(
    {
        *("type", "lifecycle", "owner", "system", "domain", "subcomponentOf"),
        *("providesApis", "consumesApis", "dependsOn", "dependencyOf", "definition"),
        *("subdomainOf", "profile", "parent", "children", "members", "memberOf"),
        *("target", "targets", "presence", "parameters", "steps", "output"),
    }
)
"""Spec keys some Backstage kind defines (Component, API, Resource, System, Domain, Group,
User, Location, Template); any other key is reported in CatalogEntity.nonstandard_spec_keys."""


@dataclass(frozen=True)
class CatalogEntity:
    """One Backstage entity as declared: metadata, spec fields and relation refs as written."""

    kind: str
    """The entity kind as written, e.g. "Component", "API", "System", "Location"."""
    name: str
    """metadata.name."""
    namespace: str = "default"
    """metadata.namespace ("default" when absent)."""
    title: str = ""
    """metadata.title ("" when absent)."""
    description: str = ""
    """metadata.description ("" when absent)."""
    type: str = ""
    """spec.type, e.g. "service", "library", "website" ("" when absent)."""
    owner: str = ""
    """spec.owner as written, e.g. "group:redhat/devs" or "team-a" ("" when absent)."""
    lifecycle: str = ""
    """spec.lifecycle, e.g. "production", "experimental" ("" when absent)."""
    system: str = ""
    """spec.system as written ("" when absent)."""
    domain: str = ""
    """spec.domain as written, for System entities ("" when absent)."""
    depends_on: tuple[str, ...] = ()
    """spec.dependsOn refs as written, e.g. "component:default/foo" or "resource:db"."""
    dependency_of: tuple[str, ...] = ()
    """spec.dependencyOf refs as written."""
    provides_apis: tuple[str, ...] = ()
    """spec.providesApis refs as written."""
    consumes_apis: tuple[str, ...] = ()
    """spec.consumesApis refs as written."""
    targets: tuple[str, ...] = ()
    """spec.targets of a Location entity (plus spec.target when given), as written."""
    tags: tuple[str, ...] = ()
    """metadata.tags."""
    annotations: dict[str, str] = field(default_factory=dict, hash=False)
    """metadata.annotations, values as text."""
    spec_lists: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    """Every spec entry whose value is a list of scalars, by key as written (standard or not)."""
    nonstandard_spec_keys: tuple[str, ...] = ()
    """Spec keys no Backstage kind defines (often typos such as "consumesApi"), in file order."""
    line: int = 0
    """The 1-based line where the content of the entity's YAML document starts."""


def ref_name(ref: str) -> str:
    """The bare entity name of a ref: "component:default/hms-api" -> "hms-api"."""
    _, colon, rest = ref.partition(":")
    return (rest if colon else ref).rpartition("/")[2]


def parse_catalog(text: str, source: str) -> tuple[CatalogEntity, ...]:
    """Read every non-null YAML document of a catalog file as an entity; InputError if malformed."""
    loader = _Loader(text)
    entities: list[CatalogEntity] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                break
            data: object = loader.construct_document(node)
            if data is not None:
                line = node.start_mark.line + 1
                entities.append(_entity(data, _Where(source, line, node)))
    except yaml.MarkedYAMLError as exc:
        raise InputError(_yaml_problem(exc, source)) from exc
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise InputError(f"{source}: line {line}: invalid YAML: {exc.reason}") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{source}: invalid YAML: {_one_line(str(exc))}") from exc
    except RecursionError as exc:
        raise InputError(f"{source}: invalid YAML: nested too deeply") from exc
    finally:
        loader.dispose()
    return tuple(entities)


@dataclass(frozen=True)
class _Where:
    """Where a document sits, to name the line of a bad value in errors."""

    source: str
    line: int
    node: yaml.Node

    def fail(self, path: tuple[str, ...], problem: str) -> InputError:
        """An InputError naming the source, the line of path's key, and the problem."""
        line = _key_line(self.node, path) or self.line
        dotted = ".".join(path)
        where = f" {dotted}" if dotted else ""
        return InputError(f"{self.source}: line {line}:{where} {problem}")


def _entity(data: object, where: _Where) -> CatalogEntity:
    """Turn one document into an entity, checking the shape of every field read."""
    if not isinstance(data, dict):
        raise where.fail((), f"document is a {type(data).__name__}, not a mapping")
    metadata = _mapping(data, "metadata", where)
    spec = _mapping(data, "spec", where)
    kind, name = _text(data, ("kind",), where), _text(metadata, ("metadata", "name"), where)
    if not kind or not name:
        raise where.fail((), "entity needs both kind and metadata.name")
    lists = _spec_lists(spec, where)
    return CatalogEntity(
        kind=kind,
        name=name,
        namespace=_text(metadata, ("metadata", "namespace"), where) or "default",
        title=_text(metadata, ("metadata", "title"), where),
        description=_text(metadata, ("metadata", "description"), where),
        type=_text(spec, ("spec", "type"), where),
        owner=_text(spec, ("spec", "owner"), where),
        lifecycle=_text(spec, ("spec", "lifecycle"), where),
        system=_text(spec, ("spec", "system"), where),
        domain=_text(spec, ("spec", "domain"), where),
        depends_on=lists.get("dependsOn", ()),
        dependency_of=lists.get("dependencyOf", ()),
        provides_apis=lists.get("providesApis", ()),
        consumes_apis=lists.get("consumesApis", ()),
        targets=_targets(spec, lists, where),
        tags=_strings(metadata.get("tags"), ("metadata", "tags"), where),
        annotations=_annotations(metadata, where),
        spec_lists=lists,
        nonstandard_spec_keys=tuple(str(k) for k in spec if str(k) not in STANDARD_SPEC_KEYS),
        line=where.line,
    )


def _mapping(parent: dict[object, object], key: str, where: _Where) -> dict[object, object]:
    """The mapping under key (empty when absent or null)."""
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise where.fail((key,), f"must be a mapping, not {type(value).__name__}")
    return value


def _text(parent: dict[object, object], path: tuple[str, ...], where: _Where) -> str:
    """The scalar at parent[path[-1]] as text ("" when absent or null)."""
    value = parent.get(path[-1])
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise where.fail(path, f"must be a single value, not a {type(value).__name__}")
    return str(value)


def _strings(value: object, path: tuple[str, ...], where: _Where) -> tuple[str, ...]:
    """A list of scalars as text (empty when absent or null)."""
    if value is None:
        return ()
    if not isinstance(value, list) or any(isinstance(item, dict | list) for item in value):
        raise where.fail(path, "must be a list of strings")
    return tuple(str(item) for item in value if item is not None)


def _spec_lists(spec: dict[object, object], where: _Where) -> dict[str, tuple[str, ...]]:
    """Every list-valued spec entry of scalars; standard relation keys must be such lists."""
    lists: dict[str, tuple[str, ...]] = {}
    for key, value in spec.items():
        path = ("spec", str(key))
        is_scalars = isinstance(value, list) and not any(isinstance(i, dict | list) for i in value)
        if is_scalars or (key in _RELATION_KEYS and value is not None):
            lists[str(key)] = _strings(value, path, where)
    return lists


_RELATION_KEYS = frozenset(
    {"dependsOn", "dependencyOf", "providesApis", "consumesApis", "targets", "memberOf"}
)


def _targets(
    spec: dict[object, object], lists: dict[str, tuple[str, ...]], where: _Where
) -> tuple[str, ...]:
    """A Location's spec.target followed by its spec.targets."""
    single = _text(spec, ("spec", "target"), where)
    return ((single,) if single else ()) + lists.get("targets", ())


def _annotations(metadata: dict[object, object], where: _Where) -> dict[str, str]:
    """metadata.annotations with text values."""
    raw = _mapping(metadata, "annotations", where)
    return {str(k): _text(raw, ("metadata", "annotations", str(k)), where) for k in raw}


def _key_line(node: yaml.Node, path: tuple[str, ...]) -> int | None:
    """The 1-based line of the key at path inside a mapping node, or None if not found."""
    line = None
    for key in path:
        if not isinstance(node, yaml.MappingNode):
            return None
        found = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key]
        if not found:
            return None
        key_node, node = found[-1]
        line = key_node.start_mark.line + 1
    return line


def _yaml_problem(exc: yaml.MarkedYAMLError, source: str) -> str:
    """One line naming the source, the line and the parser's complaint."""
    mark = exc.problem_mark or exc.context_mark
    line = f" line {mark.line + 1}:" if mark is not None else ""
    problem = exc.problem or exc.context or "unreadable"
    return f"{source}:{line} invalid YAML: {_one_line(problem)}"


def _one_line(text: str) -> str:
    """Collapse whitespace (newlines included) into single spaces."""
    return " ".join(text.split())
