"""Rank resolved tickets by similarity to a ticket: BM25 (bm25s) over normalised text, boosts.

The score of a resolved ticket R for a ticket Q is ``lexical + boosts``:

* ``lexical`` (0 to 1): R's BM25 score for Q's distinct tokens (bm25s, Lucene variant,
  k1 = 1.5, b = 0.75, see suggest.text for the tokens) divided by what one occurrence of
  every one of Q's tokens in a ticket of average length would score, capped at 1. It reads
  as "the IDF-weighted share of Q's words that R holds"; a word that no resolved ticket holds
  counts in the divisor with the highest IDF, so rare unmatched words lower the score.
* boosts: SAME_TEST when R was about the same test (test key) as Q, SAME_CHECK when about the
  same check (subject), SAME_COMPONENT when of the same component, and HELPED for each time
  (up to MAX_HELPED) `tracker resolve --used-suggestion` named R. Boosts apply only to a
  ticket that shares a word with Q or is about the same test or check.

Tickets scoring below THRESHOLD are never suggested; ties go to the newer ticket (later in the
list the index was built from).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from hms_status.suggest.model import Suggestion, TicketText
from hms_status.suggest.text import tokens

SAME_TEST = 0.5
SAME_CHECK = 0.5
SAME_COMPONENT = 0.1
HELPED = 0.1
MAX_HELPED = 3
THRESHOLD = 0.3
SHARED_TERMS_SHOWN = 6
_K1 = 1.5
_B = 0.75


def query_tokens(ticket: TicketText) -> list[str]:
    """The tokens a ticket is matched by: title, description, test name, check id."""
    found = tokens(ticket.title) + tokens(ticket.description)
    for name in (ticket.test_key, ticket.check_id):
        if name:
            found += tokens(name, masked=False)
    return found


class Index:
    """A BM25 index over resolved tickets, built once and queried many times."""

    def __init__(self, tickets: Sequence[TicketText]) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import
        self.tickets = list(tickets)
        docs = [query_tokens(t) for t in self.tickets]
        self._sets = [frozenset(doc) for doc in docs]
        self._df = Counter(token for doc in self._sets for token in doc)
        self._position = {t.ticket_id: i for i, t in enumerate(self.tickets)}
        self._by_test = _positions(t.test_key for t in self.tickets)
        self._by_check = _positions(t.check_id for t in self.tickets)
        self._by_component = _positions(t.component_id for t in self.tickets)
        self._bm25: Any = bm25s.BM25(k1=_K1, b=_B) if docs else None
        if self._bm25 is not None:
            self._bm25.index(docs, show_progress=False)

    def __len__(self) -> int:
        return len(self.tickets)

    def idf(self, token: str) -> float:
        """The Lucene IDF of a token over the indexed tickets."""
        df = self._df.get(token, 0)
        return math.log(1 + (len(self.tickets) - df + 0.5) / (df + 0.5))

    def rank(
        self,
        query: TicketText,
        helped: Mapping[str, int] | None = None,
        limit: int = 3,
        threshold: float = THRESHOLD,
    ) -> list[Suggestion]:
        """The best `limit` resolved tickets for query at or above threshold, best first."""
        words = sorted(set(query_tokens(query)))
        if self._bm25 is None or (not words and not (query.test_key or query.check_id)):
            return []
        import numpy

        upper = sum(self.idf(w) for w in words) / (1 + _K1)
        size = len(self.tickets)
        raw = self._bm25.get_scores(words) if words else numpy.zeros(size)
        lexical = numpy.minimum(raw / upper, 1.0) if upper else numpy.zeros(size)
        same = numpy.zeros(size, dtype=bool)
        same[self._by_test.get(query.test_key or "", [])] = True
        same[self._by_check.get(query.check_id or "", [])] = True
        score = lexical + self._boosts(query, helped or {})
        score[~((raw > 0) | same)] = -1.0
        mine = self._position.get(query.ticket_id)
        if mine is not None:
            score[mine] = -1.0
        best = numpy.flatnonzero(score >= threshold)
        best = best[numpy.lexsort((-best, -score[best]))][:limit]
        return [
            self._suggestion(self.tickets[i], query, int(i), float(lexical[i]), words, helped or {})
            for i in best
        ]

    def _boosts(self, query: TicketText, helped: Mapping[str, int]) -> Any:
        """Each ticket's boosts for query (same test, check, component; helped before)."""
        import numpy

        boosts = numpy.zeros(len(self.tickets))
        boosts[self._by_test.get(query.test_key or "", [])] += SAME_TEST
        boosts[self._by_check.get(query.check_id or "", [])] += SAME_CHECK
        boosts[self._by_component.get(query.component_id, [])] += SAME_COMPONENT
        for ticket, times in helped.items():
            position = self._position.get(ticket)
            if position is not None:
                boosts[position] += HELPED * min(times, MAX_HELPED)
        return boosts

    def _suggestion(
        self, r: TicketText, q: TicketText, i: int, lexical: float, words: list[str],
        helped: Mapping[str, int],
    ) -> Suggestion:  # fmt: skip
        lexical = min(1.0, lexical)
        same_test = bool(q.test_key) and r.test_key == q.test_key
        same_check = bool(q.check_id) and r.check_id == q.check_id
        same_component = r.component_id == q.component_id
        times = helped.get(r.ticket_id, 0)
        score = lexical + SAME_TEST * same_test + SAME_CHECK * same_check
        score += SAME_COMPONENT * same_component + HELPED * min(times, MAX_HELPED)
        shared = sorted((w for w in words if w in self._sets[i]), key=lambda w: (-self.idf(w), w))
        return Suggestion(
            r.ticket_id, r.component_id, r.title, r.resolution, score, lexical,
            tuple(shared[:SHARED_TERMS_SHOWN]), same_test, same_check, same_component, times,
        )  # fmt: skip


def _positions(keys: Any) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key:
            found.setdefault(key, []).append(i)
    return found
