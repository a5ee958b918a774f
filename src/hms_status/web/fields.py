"""The service's refusals in the API's words: the CLI option a service names becomes its field.

The services check input once for the CLI and the API alike, and their messages name the
CLI's options (``--env is 101 characters long``). A client of the API sent ``environment``,
so the message it gets names that field, and the problem's ``errors`` entry points at it.
"""

from __future__ import annotations

import re

FIELD_OF_OPTION = {
    "--env": "environment",
    "--version": "version",
    "--duration-ms": "duration_ms",
    "--message": "message",
    "--title": "title",
    "--severity": "severity",
    "--description": "description",
    "--resolution": "resolution",
    "--to": "assignee",
    "--results": "results",
    "--success": "success",
    "--failure": "success",
    "--junit": "reports",
    "--limit": "limit",
}
"""The CLI option a service message names -> the API field it stands for."""
WORDS_OF_OPTION = {"--success": "success=true", "--failure": "success=false"}
"""Options whose API spelling is a field and its value."""
FIELD_OF_SUBJECT = (
    ("invalid component ID", "component_id"),
    ("unknown component", "component_id"),
    ("invalid ticket ID", "ticket_id"),
    ("unknown ticket", "ticket_id"),
    ("unknown severity", "severity"),
    ("invalid status", "status"),
)
"""Messages that name no option: the field is known from what they are about."""
_OPTION = re.compile(r"--[a-z][a-z-]*")


def api_words(text: str) -> str:
    """text with every CLI option replaced by the API field (or field=value) it stands for."""

    def swap(match: re.Match[str]) -> str:
        option = match.group(0)
        return WORDS_OF_OPTION.get(option, FIELD_OF_OPTION.get(option, option))

    return _OPTION.sub(swap, text)


def field_of(message: str, default: str | None = None) -> str | None:
    """The API field a service message is about: the first option it names, else its subject."""
    for match in _OPTION.finditer(message):
        if match.group(0) in FIELD_OF_OPTION:
            return FIELD_OF_OPTION[match.group(0)]
    lowered = message.lower()
    return next(
        (field for subject, field in FIELD_OF_SUBJECT if subject.lower() in lowered), default
    )
