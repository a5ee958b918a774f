"""What `hms-status push` reads before it calls the service: server URL, token, request bodies.

Every problem is an InputError (exit 2) raised before any request is sent, so a push with a
bad token file or bad arguments never reaches the server. No message carries the token.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from hms_status.domain.ids import validate_component_id
from hms_status.errors import InputError
from hms_status.gateways.service_api import Upload

DEFAULT_TOKEN_ENV = "HMS_TOKEN"
MAX_TOKEN_CHARS = 1024
_TOKEN_HINT = "create one with 'hms-status token create NAME --scope write:ID'"


def server_url(text: str) -> str:
    """The service's base URL (http or https, a host, maybe a path prefix), without a final /."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"--server {text!r} is not an http(s) URL",
            "pass the service's base URL, e.g. https://status.example.com",
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise InputError(
            "--server must not carry a query, a fragment or credentials",
            "pass the base URL only; the token goes in --token-file or --token-env",
        )
    return text.strip().rstrip("/")


def read_token(token_file: Path | None, token_env: str, environ: Mapping[str, str]) -> str:
    """The token from token_file, else from the environment variable token_env."""
    if token_file is not None:
        where = f"--token-file {token_file}"
        try:
            with token_file.open("rb") as stream:
                raw = stream.read(MAX_TOKEN_CHARS + 2)  # enough to see it is too long
        except OSError as exc:
            raise InputError(f"{where} cannot be read: {exc.strerror or exc}") from None
        try:
            text = raw.decode("ascii")
        except UnicodeDecodeError:
            raise InputError(
                f"{where} does not hold a token (not ASCII text)", _TOKEN_HINT
            ) from None
    else:
        where = f"environment variable {token_env}"
        text = environ.get(token_env, "")
        if not text:
            raise InputError(
                f"no token: pass --token-file FILE or set {token_env}",
                "writes need a token with the write scope; " + _TOKEN_HINT,
            )
    return _checked_token(text.strip(), where)


def _checked_token(token: str, where: str) -> str:
    """token when it can go in an Authorization header as is (never shown in the error)."""
    if not token:
        raise InputError(f"{where} is empty", _TOKEN_HINT)
    if len(token) > MAX_TOKEN_CHARS or not all(33 <= ord(c) < 127 for c in token):
        raise InputError(
            f"{where} does not hold a token (one line of printable ASCII, no spaces)", _TOKEN_HINT
        )
    return token


def component_path(component_id: str, what: str) -> str:
    """The API path of a component's collection, e.g. /api/v1/components/HMS-API/starts."""
    validate_component_id(component_id)
    return f"/api/v1/components/{quote(component_id, safe='')}/{what}"


@dataclass(frozen=True)
class TestRunRequest:
    """A test run as the API takes it: JSON counts or a flag, or report files as multipart."""

    __test__ = False  # not a pytest test class

    body: dict[str, Any] = field(default_factory=dict)
    """The JSON body, when no report file is sent."""
    fields: dict[str, str] = field(default_factory=dict)
    """The form fields sent beside the files."""
    files: tuple[Upload, ...] = ()

    @property
    def multipart(self) -> bool:
        """True when report files are sent."""
        return bool(self.files)


def test_run_request(
    flag: bool | None,
    results: str | None,
    reports: Sequence[Path],
    more_reports: Sequence[Path],
    duration_ms: int | None,
    commit: str | None = None,
) -> TestRunRequest:
    """The request for `push test`, checked as `tracker test` checks its arguments."""
    from hms_status.services.commits import check_commit
    from hms_status.services.inputs import parse_results

    commit = check_commit(commit)
    if more_reports and not reports:
        raise InputError(f"unexpected argument {more_reports[0]}", "report files follow --junit")
    files = [*reports, *more_reports]
    if files and results is not None:
        raise InputError("give either --results or --junit, not both")
    if files:
        fields = {"success": _flag_text(flag), "duration_ms": _optional_text(duration_ms)}
        fields["commit"] = commit
        return TestRunRequest(
            fields=without_none(fields), files=tuple(_upload(path) for path in files)
        )
    if results is None and flag is None:
        raise InputError(
            "a test run needs --success or --failure, --results or --junit", "say how the run went"
        )
    body: dict[str, Any] = {"success": flag, "duration_ms": duration_ms, "commit": commit}
    if results is not None:
        counts = parse_results(results)
        body["results"] = {
            "passed": counts.passed,
            "failed": counts.failed,
            "errors": counts.errors,
            "skipped": counts.skipped,
        }
    return TestRunRequest(body=without_none(body))


def without_none(body: Mapping[str, Any]) -> dict[str, Any]:
    """body without the keys the user left unset (the API's defaults apply)."""
    return {key: value for key, value in body.items() if value is not None}


def _upload(path: Path) -> Upload:
    try:
        return Upload(path.name, path.read_bytes())
    except OSError as exc:
        raise InputError(f"--junit {path} cannot be read: {exc.strerror or exc}") from None


def _flag_text(flag: bool | None) -> str | None:
    return None if flag is None else ("true" if flag else "false")


def _optional_text(value: int | None) -> str | None:
    return None if value is None else str(value)
