"""A language model's stored rewrite of the retrieved resolutions for one ticket."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoredAnswer:
    """One model answer, kept next to the evidence it was given (never instead of it)."""

    ticket_id: str
    """The ticket the suggestion is for."""
    model: str
    """The model name sent to the endpoint."""
    answer: str
    """The model's suggested next step, as it wrote it."""
    cited: tuple[str, ...]
    """The IDs of the given resolved tickets that the answer actually names, in given order."""
    created_at: str
    """When the answer was stored (ISO 8601 UTC)."""

    def to_json(self) -> dict[str, Any]:
        """The answer for --json and the API."""
        return {
            "ticket_id": self.ticket_id,
            "model": self.model,
            "answer": self.answer,
            "cited": list(self.cited),
            "created_at": self.created_at,
        }
