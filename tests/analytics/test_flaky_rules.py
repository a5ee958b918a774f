"""Flaky-test detection on generated histories: every number and every rule, at its boundary."""

from __future__ import annotations

from fractions import Fraction

import pytest

from hms_status.analytics.flaky import FlakyRules, Rule, find_flaky
from hms_status.analytics.test_history import CaseOutcome, CaseRow, RunCases, final_cases
from hms_status.domain.enums import Outcome

P, F, E, S = Outcome.PASSED, Outcome.FAILED, Outcome.ERROR, Outcome.SKIPPED


def history(
    outcomes: str, key: str = "t::a", commits: str | None = None, rerun: set[int] | None = None
) -> list[RunCases]:
    """Runs 1..n from a string: p passed, f failed, e error, s skipped, - absent."""
    runs = []
    for index, char in enumerate(outcomes):
        run_id = index + 1
        cases = {}
        if char != "-":
            outcome = {"p": P, "f": F, "e": E, "s": S}[char]
            message = f"boom {run_id}" if outcome in (F, E) else ""
            cases[key] = CaseOutcome(outcome, message, 0.1, run_id in (rerun or set()))
        commit = None if commits is None or commits[index] == "." else commits[index] * 7
        runs.append(RunCases(run_id, f"2026-11-{run_id:02d}T00:00:00Z", commit, None, cases))
    return runs


def one(runs: list[RunCases], **rules: float) -> list[Rule]:
    found = find_flaky(runs, FlakyRules(**rules))  # type: ignore[arg-type]
    assert len(found) <= 1
    return list(found[0].rules) if found else []


def test_the_flip_rate_is_changes_over_executed_runs_minus_one() -> None:
    # p f p p f f: 3 changes between 6 executed runs -> 3/5
    [test] = find_flaky(history("pfppff"), FlakyRules())
    assert (test.flips, test.executed, test.flip_rate) == (3, 6, Fraction(3, 5))
    assert test.shown_rate == 0.6
    assert test.rules == (Rule.FLIP_RATE,)
    assert test.run_ids == (2, 3, 5)
    assert (test.last_failure_message, test.last_failure_at, test.last_failure_run) == (
        "boom 6",
        "2026-11-06T00:00:00Z",
        6,
    )


def test_skipped_and_absent_runs_are_left_out_and_an_error_is_a_failure() -> None:
    # p s f - p e: executed p f p e -> 3 flips over 3
    [test] = find_flaky(history("psf-pe"), FlakyRules(min_runs=4))
    assert (test.flips, test.executed) == (3, 4)
    assert test.flip_rate == 1
    assert test.run_ids == (3, 5, 6)


def test_the_rate_must_be_above_the_threshold_not_equal() -> None:
    # p p p p p f: 1 flip in 5 = exactly 0.2
    assert one(history("pppppf")) == []
    assert one(history("pppppf"), flip_rate=0.19) == [Rule.FLIP_RATE]


def test_min_runs_is_the_number_of_executed_runs_needed() -> None:
    # p f p f: flip rate 1.0 over 4 executed runs
    assert one(history("pfpf")) == []
    assert one(history("pfpf"), min_runs=4) == [Rule.FLIP_RATE]
    assert one(history("pfpsf"), min_runs=5) == []  # the skip does not count


def test_only_the_last_window_runs_count() -> None:
    runs = history("pfpfpf" + "p" * 10)
    assert one(runs, window_runs=10) == []
    assert one(runs, window_runs=16) == [Rule.FLIP_RATE]
    [test] = find_flaky(runs, FlakyRules(window_runs=11, flip_rate=0.05))
    assert (test.flips, test.executed, test.run_ids) == (1, 11, (7,))  # f (run 6) -> p (run 7)
    assert test.flip_rate == Fraction(1, 10)


def test_passed_and_failed_on_the_same_commit() -> None:
    # runs 1, 2 on commit a (pass then fail); runs 3, 4 on commit b (fail, fail)
    [test] = find_flaky(history("pfff", commits="aabb"), FlakyRules())
    assert test.rules == (Rule.SAME_COMMIT,)
    assert test.run_ids == (1, 2)


def test_runs_without_a_commit_never_match_the_same_commit_rule() -> None:
    assert one(history("pf", commits="..")) == []


def test_passed_on_a_rerun() -> None:
    [test] = find_flaky(history("ppp", rerun={2}), FlakyRules())
    assert test.rules == (Rule.RERUN,)
    assert test.run_ids == (2,)
    assert test.last_failure_run == 2


def test_every_rule_that_matches_is_named() -> None:
    runs = history("pfpfpf", commits="aabbcc", rerun={3})
    [test] = find_flaky(runs, FlakyRules())
    assert test.rules == (Rule.SAME_COMMIT, Rule.RERUN, Rule.FLIP_RATE)
    assert test.run_ids == (1, 2, 3, 4, 5, 6)


def test_a_steady_failure_or_pass_is_not_flaky() -> None:
    assert one(history("ffffff")) == []
    assert one(history("pppppp")) == []
    assert find_flaky([], FlakyRules()) == []


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("k", F, False), ("k", P, False)], (P, True)),  # a repeat that failed, then passed
        ([("k", P, True)], (P, True)),  # JUnit flakyFailure
        ([("k", P, False), ("k", F, False)], (F, False)),  # the last occurrence decides
        ([("k", F, True)], (F, False)),  # failed in the end: not a rerun pass
    ],
)
def test_repeated_cases_are_read_as_one_outcome_per_run(
    rows: list[tuple[str, Outcome, bool]], expected: tuple[Outcome, bool]
) -> None:
    final = final_cases(CaseRow(key, outcome, 0.0, "m", flaky) for key, outcome, flaky in rows)
    assert (final["k"].outcome, final["k"].rerun_passed) == expected
