"""What suggestions are made of: a ticket's matching text, a ranked suggestion, the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NO_MATCH = "no similar resolved ticket"
"""The honest answer when no resolved ticket scores at or above the threshold."""


@dataclass(frozen=True)
class TicketText:
    """The fields of a ticket that matching reads (open or resolved)."""

    ticket_id: str
    component_id: str
    title: str
    description: str = ""
    test_key: str | None = None
    """The failing test (tickets opened by test runs)."""
    check_id: str | None = None
    """The check or finding (tickets.subject of environment and analysis tickets)."""
    resolution: str = ""


@dataclass(frozen=True)
class Suggestion:
    """One similar resolved ticket, with its score and why it matched."""

    ticket_id: str
    component_id: str
    title: str
    resolution: str
    score: float
    """lexical + boosts (see suggest.ranker)."""
    lexical: float
    """The BM25 score over the upper bound the query could reach: 0 to 1."""
    shared_terms: tuple[str, ...] = ()
    same_test: bool = False
    same_check: bool = False
    same_component: bool = False
    helped: int = 0
    """How many times `tracker resolve --used-suggestion` named it."""

    def reasons(self) -> list[str]:
        """Why it matched, in words."""
        out = ["same test"] if self.same_test else []
        out += ["same check"] if self.same_check else []
        out += ["same component"] if self.same_component else []
        out += (
            [f"helped {self.helped} time{'s' * (self.helped != 1)} before"] if self.helped else []
        )
        if self.shared_terms:
            out.append("shared terms: " + ", ".join(self.shared_terms))
        return out

    def to_json(self) -> dict[str, Any]:
        """The suggestion as --json, the API and the ticket file show it."""
        return {
            "ticket_id": self.ticket_id,
            "component_id": self.component_id,
            "title": self.title,
            "resolution": self.resolution,
            "score": round(self.score, 3),
            "lexical_score": round(self.lexical, 3),
            "why": {
                "shared_terms": list(self.shared_terms),
                "same_test": self.same_test,
                "same_check": self.same_check,
                "same_component": self.same_component,
                "helped_before": self.helped,
            },
        }


@dataclass(frozen=True)
class SuggestionReport:
    """Suggestions for one ticket, the next step drawn from them, and a stored model answer."""

    ticket_id: str
    suggestions: tuple[Suggestion, ...]
    next_step: str | None
    searched: int
    """How many resolved tickets were searched."""
    answer: dict[str, Any] | None = field(default=None)
    """A language model's rewrite, stored next to the evidence (None: none asked or made)."""
    warning: str | None = None
    """Why the model's rewrite asked for is missing (the evidence is shown all the same)."""

    @property
    def message(self) -> str | None:
        """NO_MATCH when there is no suggestion, else None."""
        return None if self.suggestions else NO_MATCH

    def to_json(self) -> dict[str, Any]:
        """`tracker suggest --json` and GET /api/v1/tickets/{id}/suggestions."""
        return {
            "ticket_id": self.ticket_id,
            "suggestions": [s.to_json() for s in self.suggestions],
            "next_step": self.next_step,
            "message": self.message,
            "searched": self.searched,
            "answer": self.answer,
            "warning": self.warning,
        }
