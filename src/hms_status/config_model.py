"""The schema of hms-status.toml: one strict pydantic model per table, every value with a range.

Pure: no I/O. Strict means a value has exactly its TOML type (no "5" for 5, no true for 1,
no 5.0 for a whole number, no nan or inf), and a key the schema does not know is an error.
Each field's description is the hint shown when its value is refused, and the README's
Configuration section lists the same keys (a test keeps them in step).
``config_check`` turns the parsed file into an ``HmsConfig``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from hms_status.config import DEFAULT_MAX_TICKETS_PER_RUN, DEFAULT_SQLITE_SYNCHRONOUS
from hms_status.errors import ConfigError

ONE_WEEK_S = 604_800
TEN_YEARS_H = 87_600
TEN_YEARS_DAYS = 3_650
ONE_TIB = 2**40
MAX_TICKETS_PER_RUN = 100_000
SYNCHRONOUS_MODES = ("FULL", "NORMAL")
ARGV_EXAMPLE = '["python3", "-m", "pytest"]'
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tabs and newlines are text
_GLOB = re.compile(r"[*?\[\]\\]")


def _refuse(kind: str, message: str, **context: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message, context or None)


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise _refuse("control_character", "must not contain control characters")
    return value


def _text(value: str) -> str:
    if _CONTROL_IN_TEXT.search(value):
        raise _refuse("control_character", "must not contain control characters")
    return value


def _array(value: object) -> object:
    """TOML arrays arrive as lists; the records keep tuples (anything else fails as not an array)."""
    return tuple(value) if isinstance(value, list) else value


def _argv(value: object) -> object:
    if isinstance(value, str):
        raise _refuse(
            "argv_string",
            "must be an array of strings, not a string: a command is never split or given to a shell",
            hint=f"write it as a list, e.g. {ARGV_EXAMPLE}",
        )
    return _array(value)


def _program(argv: tuple[str, ...]) -> tuple[str, ...]:
    if not argv[0]:
        raise _refuse("argv_program", "must start with a program name, not an empty string")
    if any("\x00" in arg for arg in argv):
        raise _refuse("control_character", "must not contain NUL characters")
    return argv


def _dir_name(value: str) -> str:
    name = _no_control(value).rstrip("/")
    parts = name.split("/")
    if not name or name.startswith("/") or _GLOB.search(name) or {"", ".", ".."} & set(parts):
        raise _refuse(
            "dir_name",
            "must be a directory path inside the component, without wildcards, '.' or '..'",
        )
    return name


def _http_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise _refuse("http_url", "must be an http:// or https:// URL")
    if _CONTROL.search(value) or " " in value:
        raise _refuse("url_syntax", "is not a valid URL: it holds spaces or control characters")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise _refuse("url_syntax", "is not a valid URL: {reason}", reason=str(exc)) from None
    if not parts.hostname:
        raise _refuse("url_syntax", "is not a valid URL: it names no host")
    return value


def _database_url(value: str) -> str:
    if "://" not in _no_control(value):
        raise _refuse(
            "database_url", "must be a database URL like sqlite:///path or postgresql+psycopg://..."
        )
    return value


def _synchronous(value: str) -> str:
    if value.upper() not in SYNCHRONOUS_MODES:
        raise _refuse("choice", "must be one of {choices}", choices=", ".join(SYNCHRONOUS_MODES))
    return value.upper()


Text = Annotated[str, Field(min_length=1), AfterValidator(_text)]
PathText = Annotated[str, Field(min_length=1), AfterValidator(_no_control)]
Names = Annotated[tuple[PathText, ...], BeforeValidator(_array)]
DirNames = Annotated[tuple[Annotated[str, AfterValidator(_dir_name)], ...], BeforeValidator(_array)]
Argv = Annotated[
    tuple[str, ...], BeforeValidator(_argv), Field(min_length=1), AfterValidator(_program)
]
Seconds = Annotated[float, Field(gt=0, le=ONE_WEEK_S)]
SECONDS = f"seconds: more than 0, at most {ONE_WEEK_S}, one week"


class ConfigTable(BaseModel):
    """A table of hms-status.toml."""

    model_config = ConfigDict(
        strict=True, extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True
    )


class StoreConfig(ConfigTable):
    """[store]: where events are kept."""

    url: Annotated[str, AfterValidator(_database_url)] | None = Field(
        None, description="a SQLAlchemy URL; default: sqlite at data/hms-status.db"
    )
    sqlite_synchronous: Annotated[str, AfterValidator(_synchronous)] = Field(
        DEFAULT_SQLITE_SYNCHRONOUS, description="FULL survives power loss, NORMAL only a crash"
    )


class DocsConfig(ConfigTable):
    """[docs]: the Docs Integrator."""

    stale_after_hours: Annotated[float, Field(gt=0, le=TEN_YEARS_H)] = Field(
        168.0, description=f"hours: more than 0, at most {TEN_YEARS_H}, ten years"
    )
    cache_seconds: Annotated[int, Field(ge=1, le=ONE_WEEK_S)] = Field(
        300, description=f"whole seconds: 1 to {ONE_WEEK_S}, one week"
    )
    readme_badge: bool = Field(True, description="true or false")
    auto_update: bool = Field(True, description="true or false")


class AnalyzerConfig(ConfigTable):
    """[analyzer]: the Repository Analyzer's thresholds and scope."""

    stale_days: Annotated[int, Field(ge=1, le=TEN_YEARS_DAYS)] = Field(
        180, description=f"whole days: 1 to {TEN_YEARS_DAYS}, ten years"
    )
    large_file_bytes: Annotated[int, Field(ge=1, le=ONE_TIB)] = Field(
        5_000_000, description=f"whole bytes: 1 to {ONE_TIB}, 1 TiB"
    )
    line_stats: bool = Field(False, description="true or false")
    exclude_dirs: DirNames = Field(
        ("HMS-docs",), description='an array of directory paths, e.g. ["HMS-docs", "vendor"]'
    )


class EnvironmentConfig(ConfigTable):
    """[environment]: the Environment Monitor's defaults (a component's own keys win)."""

    required_tools: Names = Field((), description='an array of program names, e.g. ["git"]')
    check_timeout_s: Seconds = Field(20.0, description=SECONDS)
    python: PathText | None = Field(None, description="the interpreter path, e.g. /usr/bin/python3")


class TrackerConfig(ConfigTable):
    """[tracker]: the Status Tracker."""

    max_tickets_per_run: Annotated[int, Field(ge=1, le=MAX_TICKETS_PER_RUN)] = Field(
        DEFAULT_MAX_TICKETS_PER_RUN,
        description=f"a whole number: 1 to {MAX_TICKETS_PER_RUN}",
    )


DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024
MIN_BODY_BYTES = 1024
MAX_BODY_BYTES = 2**30


class WebConfig(ConfigTable):
    """[web]: the service (`hms-status serve`): who may read, how large a request may be."""

    read_requires_token: bool = Field(
        False, description="true or false: reads of /api/v1 need a token with the read scope"
    )
    max_body_bytes: Annotated[int, Field(ge=MIN_BODY_BYTES, le=MAX_BODY_BYTES)] = Field(
        DEFAULT_MAX_BODY_BYTES,
        description=f"whole bytes: {MIN_BODY_BYTES} to {MAX_BODY_BYTES}, 1 GiB; a request body"
        " (uploaded reports included) larger than this is refused with 413",
    )


TicketSeverity = Literal["critical", "high", "medium", "low", "none"]
TICKET_SEVERITY = 'one of "critical", "high", "medium", "low" or "none" (no ticket)'


class TicketsConfig(ConfigTable):
    """[tickets]: work tickets opened (and resolved) on their own by environment checks and
    analyzer findings; test-run tickets follow [tracker]."""

    enabled: bool = Field(True, description="false: no ticket from any check or finding")
    environment: bool = Field(True, description="false: no ticket from environment checks")
    analysis: bool = Field(True, description="false: no ticket from analyzer findings")
    environment_failure: TicketSeverity = Field("high", description=TICKET_SEVERITY)
    environment_inconclusive: TicketSeverity = Field("none", description=TICKET_SEVERITY)
    environment_warning: TicketSeverity = Field("none", description=TICKET_SEVERITY)
    analysis_critical: TicketSeverity = Field("critical", description=TICKET_SEVERITY)
    analysis_high: TicketSeverity = Field("high", description=TICKET_SEVERITY)
    analysis_medium: TicketSeverity = Field("none", description=TICKET_SEVERITY)
    analysis_low: TicketSeverity = Field("none", description=TICKET_SEVERITY)


class ComponentConfig(ConfigTable):
    """[components.ID]: one component (keys left out come from its directory and catalog)."""

    path: PathText | None = Field(None, description="its directory, relative to the root")
    allow_outside_root: bool = Field(False, description="true lets path lie outside the root")
    name: Text | None = Field(None, description="a display name")
    description: Text | None = Field(None, description="one or two sentences")
    owner: Text | None = Field(None, description="a team or person")
    lifecycle: Text | None = Field(None, description="e.g. production, experimental")
    depends_on: Names | None = Field(
        None, description='an array of component names, e.g. ["HMS-DOC"]'
    )
    test_command: Argv | None = Field(None, description=f"an argv array, e.g. {ARGV_EXAMPLE}")
    junit_report: PathText | None = Field(None, description="a path inside the component")
    test_timeout_s: Seconds = Field(1800.0, description=SECONDS)
    health_url: Annotated[str, AfterValidator(_http_url)] | None = Field(
        None, description="an http:// or https:// URL"
    )
    probe_timeout_s: Seconds = Field(5.0, description=SECONDS)
    required_tools: Names | None = Field(None, description="as [environment] required_tools")
    check_timeout_s: Seconds | None = Field(None, description=SECONDS)
    python: PathText | None = Field(None, description="as [environment] python")
    repo: PathText | None = Field(
        None, description="its git remote (URL or path): queue workers fetch it into a mirror"
    )


NotifyEventKind = Literal["status_changed", "recovered", "ticket_opened", "ticket_resolved"]
NOTIFY_EVENTS: tuple[NotifyEventKind, ...] = (
    "status_changed",
    "recovered",
    "ticket_opened",
    "ticket_resolved",
)
NOTIFY_STATUSES = ("green", "yellow", "red")
NOTIFY_FORMATS = ("text", "markdown", "html")
MAX_CONFIRMATIONS = 1000
_QUIET_HOURS = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CHANNEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
SECRET_HINT = (
    "a notification URL holds secrets: put it in an environment variable named by url_env,"
    " or in a file named by url_file"
)


def _quiet_hours(value: str) -> str:
    found = _QUIET_HOURS.fullmatch(value)
    if found is None or value[:5] == value[6:]:
        raise _refuse("quiet_hours", 'must be two different times HH:MM-HH:MM, e.g. "22:00-07:00"')
    return value


def _timezone(value: str) -> str:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(_no_control(value))
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise _refuse(
            "timezone", 'must be an IANA time zone, e.g. "UTC" or "Europe/Berlin"'
        ) from None
    return value


def _env_name(value: str) -> str:
    if not _ENV_NAME.fullmatch(value):
        raise _refuse("env_name", "must be an environment variable name, e.g. HMS_NOTIFY_OPS_URL")
    return value


def _channel_name(value: str) -> str:
    if not _CHANNEL_NAME.fullmatch(value):
        raise _refuse(
            "channel_name", "must be 1 to 64 letters, digits, '.', '_' or '-', e.g. \"ops\""
        )
    return value


def _no_secret(value: object) -> object:
    raise _refuse("secret_in_config", "is not allowed here", hint=SECRET_HINT)


def _selector(value: str) -> str:
    if value.startswith("owner:") and not value[len("owner:") :].strip():
        raise _refuse("owner_selector", 'must name a team after "owner:", e.g. "owner:team-a"')
    return _no_control(value)


class ChannelConfig(ConfigTable):
    """[[notify.channels]]: one place notifications go (an apprise URL kept out of the file)."""

    name: Annotated[str, AfterValidator(_channel_name)] = Field(
        description='a short name, e.g. "ops" (used by `notify test --channel`)'
    )
    url: Annotated[object, BeforeValidator(_no_secret)] = Field(None, description=SECRET_HINT)
    url_env: Annotated[str, AfterValidator(_env_name)] | None = Field(
        None, description="the environment variable holding the apprise URL"
    )
    url_file: PathText | None = Field(
        None, description="a file holding the apprise URL (relative to the root)"
    )
    events: Annotated[tuple[NotifyEventKind, ...], BeforeValidator(_array)] = Field(
        NOTIFY_EVENTS, description=f"an array of event kinds: {', '.join(NOTIFY_EVENTS)}"
    )
    components: Annotated[
        tuple[Annotated[str, Field(min_length=1), AfterValidator(_selector)], ...],
        BeforeValidator(_array),
    ] = Field(
        ("*",), description='an array of component globs or owners, e.g. ["HMS-*", "owner:team-a"]'
    )
    min_status: Literal["green", "yellow", "red"] = Field(
        "yellow", description='"green", "yellow" or "red": only transitions into at least this'
    )
    format: Literal["text", "markdown", "html"] = Field(
        "text", description='"text", "markdown" or "html": how messages are written'
    )
    dashboard_url: Annotated[str, AfterValidator(_http_url)] | None = Field(
        None, description="the dashboard's base URL for links (default: [notify] dashboard_url)"
    )


class NotifyConfig(ConfigTable):
    """[notify]: the alert policy; [[notify.channels]] are checked one by one (config_check)."""

    confirm_after: Annotated[int, Field(ge=1, le=MAX_CONFIRMATIONS)] = Field(
        2, description=f"a whole number, 1 to {MAX_CONFIRMATIONS}: observations before alerting"
    )
    recover_after: Annotated[int, Field(ge=1, le=MAX_CONFIRMATIONS)] = Field(
        1, description=f"a whole number, 1 to {MAX_CONFIRMATIONS}: observations before recovery"
    )
    quiet_hours: Annotated[str, AfterValidator(_quiet_hours)] | None = Field(
        None, description='"HH:MM-HH:MM", e.g. "22:00-07:00": held, then sent as one digest'
    )
    timezone: Annotated[str, AfterValidator(_timezone)] = Field(
        "UTC", description='the time zone of quiet_hours, e.g. "Europe/Berlin"'
    )
    group_wait_s: Annotated[float, Field(ge=0, le=3600)] = Field(
        10.0, description="seconds, 0 to 3600: how long a red alert waits for its dependencies"
    )
    dashboard_url: Annotated[str, AfterValidator(_http_url)] | None = Field(
        None, description="the dashboard's base URL, e.g. https://status.example.com"
    )
    status_md_url: Annotated[str, AfterValidator(_http_url)] | None = Field(
        None, description="where people read STATUS.md, e.g. its page on your git host"
    )
    channels: tuple[ChannelConfig, ...] = Field((), description="[[notify.channels]] tables")


class GraphConfig(ConfigTable):
    """[graph]: the dependency graph, and what a red dependency does to its dependents."""

    impact: Literal["reason", "yellow", "off"] = Field(
        "reason",
        description='"reason" (a reason only), "yellow" (at least yellow) or "off"',
    )


class FlakyConfig(ConfigTable):
    """[flaky]: when a test counts as flaky (`tracker flaky`), and automatic quarantine."""

    window_runs: Annotated[int, Field(ge=2, le=1000)] = Field(
        30, description="a whole number of test runs: 2 to 1000"
    )
    flip_rate: Annotated[float, Field(ge=0, lt=1)] = Field(
        0.2, description="a fraction: 0 to less than 1 (0.2 = flips in over 20% of runs)"
    )
    min_runs: Annotated[int, Field(ge=2, le=1000)] = Field(
        5, description="a whole number of executed runs the flip rate needs: 2 to 1000"
    )
    auto_quarantine: bool = Field(False, description="true or false")


class RetentionConfig(ConfigTable):
    """[retention]: how long raw events are kept (`hms-status store compact`, and once a day
    from `run monitor`); their days stay in the daily aggregates."""

    raw_days: Annotated[int, Field(ge=7, le=36500)] = Field(
        400, description="a whole number of days: 7 to 36500"
    )


API_KEY_HINT = "an API key is a secret: put it in the environment variable named by api_key_env"


def _no_api_key(value: object) -> object:
    raise _refuse("secret_in_config", "is not allowed here", hint=API_KEY_HINT)


class SuggestLlmConfig(ConfigTable):
    """[suggest.llm]: an OpenAI-compatible endpoint that rewrites the retrieved resolutions
    (optional: without this table no model is ever called)."""

    base_url: Annotated[str, AfterValidator(_http_url)] = Field(
        description="the endpoint's base URL, e.g. https://api.openai.com/v1 (POST .../chat/completions)"
    )
    model: Text = Field(description='the model name sent to the endpoint, e.g. "gpt-4o-mini"')
    api_key_env: Annotated[str, AfterValidator(_env_name)] | None = Field(
        None, description="the environment variable holding the API key (none: no key is sent)"
    )
    api_key: Annotated[object, BeforeValidator(_no_api_key)] = Field(None, description=API_KEY_HINT)
    timeout_s: Annotated[float, Field(gt=0, le=600)] = Field(
        30.0, description="seconds: more than 0, at most 600, to connect and for each answer"
    )
    max_tokens: Annotated[int, Field(ge=1, le=32_000)] = Field(
        400, description="a whole number, 1 to 32000: the longest answer asked for"
    )


DEFAULT_SUGGEST_THRESHOLD = 0.3
"""[suggest] threshold: the default equals suggest.ranker.THRESHOLD (a test keeps them equal)."""


class SuggestConfig(ConfigTable):
    """[suggest]: suggested resolutions from resolved tickets."""

    llm: SuggestLlmConfig | None = Field(
        None, description="a [suggest.llm] table with base_url and model (none: no model)"
    )
    threshold: Annotated[float, Field(ge=0, le=10)] = Field(
        DEFAULT_SUGGEST_THRESHOLD,
        description="a number from 0 to 10: the lowest score a suggested ticket may have",
    )
    on_open: bool = Field(
        True, description="true or false: automatically opened tickets' files carry suggestions"
    )


ENVIRONMENT_KEYS = tuple(EnvironmentConfig.model_fields)
"""Keys a [components.ID] table may set to override [environment]."""


@dataclass(frozen=True)
class HmsConfig:
    """hms-status.toml, checked: every table typed, defaults filled in."""

    store: StoreConfig = field(default_factory=StoreConfig.model_construct)
    docs: DocsConfig = field(default_factory=DocsConfig.model_construct)
    analyzer: AnalyzerConfig = field(default_factory=AnalyzerConfig.model_construct)
    environment: EnvironmentConfig = field(default_factory=EnvironmentConfig.model_construct)
    tracker: TrackerConfig = field(default_factory=TrackerConfig.model_construct)
    tickets: TicketsConfig = field(default_factory=TicketsConfig.model_construct)
    web: WebConfig = field(default_factory=WebConfig.model_construct)
    notify: NotifyConfig = field(default_factory=NotifyConfig.model_construct)
    graph: GraphConfig = field(default_factory=GraphConfig.model_construct)
    flaky: FlakyConfig = field(default_factory=FlakyConfig.model_construct)
    retention: RetentionConfig = field(default_factory=RetentionConfig.model_construct)
    suggest: SuggestConfig = field(default_factory=SuggestConfig.model_construct)
    components: Mapping[str, ComponentConfig] = field(default_factory=dict)
    """The valid [components.ID] tables."""
    broken: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)
    """The invalid ones: the message and hint of the ConfigError their component raises."""

    def component(self, component_id: str) -> ComponentConfig:
        """A component's table (all defaults when it has none); ConfigError when it is invalid."""
        if component_id in self.broken:
            raise ConfigError(*self.broken[component_id])
        found = self.components.get(component_id)
        return found if found is not None else ComponentConfig.model_construct()

    def environment_for(self, component_id: str) -> EnvironmentConfig:
        """[environment] with the component's own required_tools, check_timeout_s, python."""
        own = self.component(component_id)
        overrides = {k: getattr(own, k) for k in ENVIRONMENT_KEYS if getattr(own, k) is not None}
        return self.environment.model_copy(update=overrides)


SECTIONS: Mapping[str, type[ConfigTable]] = {
    "store": StoreConfig,
    "docs": DocsConfig,
    "analyzer": AnalyzerConfig,
    "environment": EnvironmentConfig,
    "tracker": TrackerConfig,
    "tickets": TicketsConfig,
    "web": WebConfig,
    "notify": NotifyConfig,
    "graph": GraphConfig,
    "flaky": FlakyConfig,
    "retention": RetentionConfig,
    "suggest": SuggestConfig,
}
"""The single tables; [components] holds one ComponentConfig per component ID."""
COMPONENTS = "components"
