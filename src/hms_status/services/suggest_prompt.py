"""What a language model is asked about a ticket, and which of the given tickets its answer cites.

The prompt is a fixed system message (INSTRUCTIONS) and one user message: the ticket (ID,
component, title, failing test, check, description) and the retrieved resolved tickets, most
similar first (ID, title, score, resolution). Each text is cut to a bound (the description
to DESCRIPTION_CHARS, a resolution to RESOLUTION_CHARS, at most MAX_EVIDENCE tickets), then
the whole user message goes through ``prompt_redaction.scrub``: no secret is ever sent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from hms_status.domain.ticket_record import TicketRecord
from hms_status.gateways.llm_openai import ChatMessage
from hms_status.services.prompt_redaction import scrub

DESCRIPTION_CHARS = 2000
RESOLUTION_CHARS = 800
TITLE_CHARS = 200
MAX_EVIDENCE = 10
INSTRUCTIONS = (
    "You help developers of the HMS ecosystem fix problems. You are given a new ticket and the"
    " resolutions of similar tickets that were resolved before. Write ONE suggested next step"
    " for the new ticket, in at most three sentences, drawn only from those resolutions."
    " Name the ticket IDs you used in square brackets, e.g. [WT-HMS-API-007]. If none of the"
    " resolutions applies, say so instead of guessing."
)
"""The system message: one next step, drawn from the resolutions, citing their IDs."""


class Evidence(Protocol):
    """What the prompt needs of one retrieved suggestion (any object with these attributes)."""

    @property
    def ticket_id(self) -> str:
        """The resolved ticket's ID."""
        ...

    @property
    def title(self) -> str:
        """The resolved ticket's title."""
        ...

    @property
    def resolution(self) -> str | None:
        """What fixed it."""
        ...

    @property
    def score(self) -> float:
        """How similar it is to the ticket asked about."""
        ...


def prompt(ticket: TicketRecord, evidence: Sequence[Evidence]) -> list[ChatMessage]:
    """The system and user messages for one ticket, secrets masked (module docstring)."""
    return [
        ChatMessage("system", INSTRUCTIONS),
        ChatMessage("user", scrub(_user(ticket, evidence))),
    ]


def _user(ticket: TicketRecord, evidence: Sequence[Evidence]) -> str:
    lines = [f"New ticket [{ticket.ticket_id}] {_cut(ticket.title, TITLE_CHARS)}"]
    lines.append(f"Component: {ticket.component_id}")
    if ticket.test:
        lines.append(f"Failing test: {_cut(ticket.test, TITLE_CHARS)}")
    if ticket.subject:
        lines.append(f"Check: {_cut(ticket.subject, TITLE_CHARS)}")
    if ticket.description:
        lines += ["Description:", _cut(ticket.description, DESCRIPTION_CHARS)]
    lines += ["", "Resolved tickets, most similar first:"]
    for number, item in enumerate(evidence[:MAX_EVIDENCE], start=1):
        title = _cut(item.title, TITLE_CHARS)
        lines.append(f"{number}. [{item.ticket_id}] {title} (score {item.score:.2f})")
        resolution = _cut(item.resolution or "", RESOLUTION_CHARS) or "(none recorded)"
        lines.append(f"   Resolution: {resolution}")
    return "\n".join(lines)


def _cut(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cited_ids(answer: str, evidence: Sequence[Evidence]) -> tuple[str, ...]:
    """The IDs of the tickets sent that the answer names (any case, as a whole ID), in order."""
    found: list[str] = []
    for item in evidence[:MAX_EVIDENCE]:
        named = re.search(rf"(?<![\w-]){re.escape(item.ticket_id)}(?![\w-])", answer, re.I)
        if named and item.ticket_id not in found:
            found.append(item.ticket_id)
    return tuple(found)
