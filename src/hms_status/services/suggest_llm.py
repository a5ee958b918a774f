"""The optional language model: rewrites retrieved resolutions into one cited suggestion.

Only when hms-status.toml has a ``[suggest.llm]`` table, and only when there is evidence to
rewrite: otherwise ``rewrite`` returns None and nothing is sent anywhere. The ticket and the
evidence go out with every secret masked (suggest_prompt, prompt_redaction); the answer is
stored in suggestion_answers beside the evidence, never instead of it, with the IDs of the
given tickets it names. Every model failure (no connection, timeout, refused key, 4xx/5xx,
a bad answer, the key's environment variable unset) is one ModelError, a ServiceError the
caller shows as a one-line warning while the retrieved evidence stands.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from hms_status.domain.ids import parse_ticket_id
from hms_status.domain.suggestion_answer import StoredAnswer
from hms_status.domain.surrogates import scrub as repair_text
from hms_status.domain.ticket_record import TicketRecord
from hms_status.foundation.workspace import Workspace
from hms_status.gateways.llm_openai import ChatEndpoint, ModelError, complete
from hms_status.services.suggest_prompt import Evidence, cited_ids, prompt

if TYPE_CHECKING:
    from hms_status.config_model import SuggestLlmConfig

__all__ = ["Evidence", "ModelError", "StoredAnswer", "configured", "latest_answer", "rewrite"]

ANSWER_CHARS = 8000
"""The most characters of an answer stored (max_tokens bounds it long before)."""
MODEL_CHARS = 200


def configured(ws: Workspace) -> SuggestLlmConfig | None:
    """The [suggest.llm] table, or None when there is none (read without pydantic then)."""
    if ws.settings.section("suggest").get("llm") is None:
        return None
    return ws.settings.model.suggest.llm


def rewrite(
    ws: Workspace,
    ticket_id: str,
    suggestions: Sequence[Evidence],
    *,
    env: Mapping[str, str] | None = None,
) -> StoredAnswer | None:
    """Ask the model for one suggestion citing the evidence, store and return it.

    None when no model is configured or there is no evidence. InputError or NotFoundError for
    a bad ticket ID; ModelError (a ServiceError) when the model fails (module docstring).
    """
    config = configured(ws)
    if config is None or not suggestions:
        return None
    ticket = _ticket(ws, ticket_id)
    endpoint = _endpoint(config, os.environ if env is None else env)
    completion = complete(endpoint, prompt(ticket, suggestions))
    text = str(repair_text(completion.text))[:ANSWER_CHARS]
    answer = StoredAnswer(
        ticket_id=ticket.ticket_id,
        model=completion.model[:MODEL_CHARS],
        answer=text,
        cited=cited_ids(text, suggestions),
        created_at=ws.now(),
    )
    from hms_status.store import suggestion_answers_repo

    with ws.store.writing() as conn:
        suggestion_answers_repo.add(conn, answer)
    return answer


def latest_answer(ws: Workspace, ticket_id: str) -> StoredAnswer | None:
    """The latest stored model answer for a ticket, or None (InputError for a malformed ID)."""
    parse_ticket_id(ticket_id)
    from hms_status.store import suggestion_answers_repo

    with ws.store.reading() as conn:
        return suggestion_answers_repo.latest(conn, ticket_id)


def _ticket(ws: Workspace, ticket_id: str) -> TicketRecord:
    parse_ticket_id(ticket_id)
    from hms_status.services.status_view import ticket_record
    from hms_status.store import tickets_repo

    with ws.store.reading() as conn:
        return ticket_record(tickets_repo.get(conn, ticket_id))


def _endpoint(config: SuggestLlmConfig, env: Mapping[str, str]) -> ChatEndpoint:
    """Where to ask, with the key read from the named environment variable."""
    key = None
    if config.api_key_env is not None:
        key = env.get(config.api_key_env)
        if not key:
            raise ModelError(
                f"the environment variable {config.api_key_env} ([suggest.llm] api_key_env)"
                " holds no API key",
                f"export {config.api_key_env}=...; the retrieved resolutions stand without it",
            )
    return ChatEndpoint(config.base_url, config.model, key, config.timeout_s, config.max_tokens)
