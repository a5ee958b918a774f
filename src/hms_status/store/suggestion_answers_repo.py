"""A language model's answers in the store (table suggestion_answers): add one, read the latest.

Answers are appended, never rewritten: each rewrite of a ticket's evidence is a new row, and
the latest is the one with the highest id (indexed by ``ix_suggestion_answers_ticket``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select

from hms_status.domain.suggestion_answer import StoredAnswer
from hms_status.store.json_columns import dumps, loads
from hms_status.store.schema import suggestion_answers as table


def add(conn: Connection, answer: StoredAnswer) -> None:
    """Store one answer."""
    conn.execute(
        insert(table).values(
            ticket_id=answer.ticket_id,
            model=answer.model,
            answer=answer.answer,
            cited=dumps(list(answer.cited)),
            created_at=answer.created_at,
        )
    )


def latest(conn: Connection, ticket_id: str) -> StoredAnswer | None:
    """The ticket's latest stored answer, or None when it has none."""
    query = select(table).where(table.c.ticket_id == ticket_id).order_by(table.c.id.desc())
    row = conn.execute(query.limit(1)).first()
    return None if row is None else _answer(row)


def _answer(row: Any) -> StoredAnswer:
    cited = loads(row.cited)
    return StoredAnswer(
        ticket_id=row.ticket_id,
        model=row.model,
        answer=row.answer,
        cited=tuple(str(item) for item in cited) if isinstance(cited, list) else (),
        created_at=row.created_at,
    )
