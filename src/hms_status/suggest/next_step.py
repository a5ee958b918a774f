"""The suggested next step, drawn from the resolutions of the suggested tickets (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from hms_status.suggest.model import Suggestion

AUTOMATIC_PREFIXES = (
    "passes again in",
    "no longer found by",
    "no failing test beyond",
    "automatic ",
)
"""How the resolutions the system writes itself begin: they say when, not what fixed it."""


def is_automatic(resolution: str) -> bool:
    """Whether the system wrote this resolution (a test passed again, a check stopped failing)."""
    return resolution.strip().lower().startswith(AUTOMATIC_PREFIXES)


def next_step(suggestions: Sequence[Suggestion]) -> str | None:
    """One sentence: try the written fix of the best suggestion that has one, naming the other
    suggestions resolved the same way; None when there is no suggestion."""
    if not suggestions:
        return None
    written = [s for s in suggestions if s.resolution.strip() and not is_automatic(s.resolution)]
    if not written:
        top = suggestions[0]
        return (
            f"{top.ticket_id} was resolved without a written fix ({top.resolution.strip()}): "
            "look at what changed in its component before then"
        )
    best = written[0]
    alike = [
        s.ticket_id
        for s in written[1:]
        if s.resolution.strip().lower() == best.resolution.strip().lower()
    ]
    step = f"Try what resolved {best.ticket_id}: {best.resolution.strip()}"
    return step + (f" (also the fix of {', '.join(alike)})" if alike else "")
