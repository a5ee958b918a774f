"""Ranking of resolved tickets on small fixed corpora: masking, boosts, threshold, feedback."""

from __future__ import annotations

from hms_status.suggest.model import NO_MATCH, SuggestionReport, TicketText
from hms_status.suggest.next_step import next_step
from hms_status.suggest.ranker import THRESHOLD, Index
from hms_status.suggest.text import mask, tokens

CORPUS = (
    TicketText("WT-A-001", "A", "Checkout times out calling the payment gateway",
               "timeout after 30s waiting for https://pay.example.org/v2", resolution="Raised the client timeout"),
    TicketText("WT-B-001", "B", "Missing environment key DATABASE_URL",
               "startup fails: DATABASE_URL is not set", check_id="configuration/missing_env/DATABASE_URL",
               resolution="Added DATABASE_URL to .env.example and the deploy secrets"),
    TicketText("WT-C-001", "C", "Test tests.test_core::test_merge_claim fails",
               "Failure message:\n    AssertionError: expected 42 rows, got 41",
               test_key="tests.test_core::test_merge_claim", resolution="Regenerated the fixtures"),
    TicketText("WT-D-001", "D", "Dependency drift: requests 2.31 installed, 2.28 locked",
               resolution="Re-locked the dependencies"),
    TicketText("WT-E-001", "E", "Checkout slow under load", resolution="Added an index on orders"),
)  # fmt: skip


def test_masks_volatile_values_and_never_matches_on_them() -> None:
    text = "WT-HMS-API-007 at 2026-11-12T06:11:07Z: 503 from /srv/app/main.py (deadbeef42)"
    assert mask(text).split() == ["_ticket_", "at", "_time_", ":", "_num_", "from", "_path_",
                                  "(", "_hex_", ")"]  # fmt: skip
    assert tokens(text) == []
    assert tokens("TestMergeClaim DATABASE_URL timeouts") == [
        "testmergeclaim", "test", "merge", "claim", "database_url", "database", "url", "timeout",
    ]  # fmt: skip


def test_ranks_by_shared_words_with_evidence() -> None:
    query = TicketText(
        "WT-X-001", "X", "Payment gateway timeout at checkout", "timed out after 60s"
    )
    found = Index(CORPUS).rank(query)
    assert [s.ticket_id for s in found] == ["WT-A-001"]
    top = found[0]
    assert top.resolution == "Raised the client timeout"
    assert {"gateway", "payment", "checkout", "timeout"} <= set(top.shared_terms)
    assert top.score >= THRESHOLD and 0 < top.lexical <= 1


def test_nothing_similar_is_an_honest_empty_answer() -> None:
    query = TicketText("WT-X-002", "X", "Footer links point to the retired policy site")
    assert Index(CORPUS).rank(query) == []
    report = SuggestionReport("WT-X-002", (), next_step(()), len(CORPUS))
    assert report.to_json()["message"] == NO_MATCH and report.next_step is None


def test_same_test_and_same_check_boost_and_are_told() -> None:
    index = Index(CORPUS)
    by_test = TicketText("WT-X-003", "X", "Test tests.test_core::test_merge_claim fails",
                         test_key="tests.test_core::test_merge_claim")  # fmt: skip
    top = index.rank(by_test)[0]
    assert (top.ticket_id, top.same_test, "same test" in top.reasons()) == ("WT-C-001", True, True)
    by_check = TicketText("WT-X-004", "X", "Configuration problem",
                          check_id="configuration/missing_env/DATABASE_URL")  # fmt: skip
    top = index.rank(by_check)[0]
    assert (top.ticket_id, top.same_check) == ("WT-B-001", True)
    assert top.score >= 0.5 + top.lexical - 1e-9


def test_same_component_boosts_between_equal_texts() -> None:
    twins = (
        TicketText("WT-A-002", "A", "Cache eviction storm", resolution="first"),
        TicketText("WT-B-002", "B", "Cache eviction storm", resolution="second"),
    )
    query = TicketText("WT-B-009", "B", "Cache eviction storm again")
    assert [s.ticket_id for s in Index(twins).rank(query)] == ["WT-B-002", "WT-A-002"]


def test_feedback_changes_the_order() -> None:
    twins = (
        TicketText("WT-A-003", "A", "Queue consumer stalls", resolution="restart"),
        TicketText("WT-B-003", "B", "Queue consumer stalls", resolution="raise prefetch"),
    )
    query = TicketText("WT-C-009", "C", "Queue consumer stalls")
    index = Index(twins)
    assert [s.ticket_id for s in index.rank(query)] == ["WT-B-003", "WT-A-003"]  # newer first
    helped = index.rank(query, {"WT-A-003": 2})
    assert [s.ticket_id for s in helped] == ["WT-A-003", "WT-B-003"]
    assert helped[0].helped == 2 and "helped 2 times before" in helped[0].reasons()


def test_a_ticket_is_never_its_own_suggestion_and_limit_holds() -> None:
    index = Index(CORPUS)
    assert index.rank(CORPUS[0]) == []
    many = TicketText("WT-X-005", "X", "checkout timeout gateway slow load", "")
    assert len(index.rank(many, limit=1)) == 1


def test_next_step_prefers_written_fixes_and_names_alike_ones() -> None:
    index = Index((
        TicketText("WT-A-004", "A", "Mock server timeout", resolution="Passes again in test run 4"),
        TicketText("WT-B-004", "B", "Mock server timeout", resolution="Start the mock first"),
        TicketText("WT-C-004", "C", "Mock server timeout", resolution="start the mock first"),
    ))  # fmt: skip
    found = index.rank(TicketText("WT-D-004", "D", "Mock server timeout"))
    assert (
        next_step(found)
        == "Try what resolved WT-C-004: start the mock first (also the fix of WT-B-004)"
    )
    only_auto = [s for s in found if s.ticket_id == "WT-A-004"]
    assert "without a written fix" in (next_step(only_auto) or "")


def test_the_configured_default_threshold_is_the_rankers() -> None:
    from hms_status.config_model import DEFAULT_SUGGEST_THRESHOLD

    assert DEFAULT_SUGGEST_THRESHOLD == THRESHOLD
