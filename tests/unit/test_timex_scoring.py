"""TempEval-3 style timex scoring, on small hand-computed cases."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.eval.timex import format_table, parse_page_date_line, score_timexes


def rec(start: int, end: int, value: str, type_: str = "DATE", doc: str = "a.txt") -> dict[str, object]:
    return {
        "doc": doc,
        "start": start,
        "end": end,
        "text": "x" * (end - start),
        "type": type_,
        "value": value,
    }


GOLD = [
    rec(10, 20, "2025-01-01"),  # exact span, right value
    rec(30, 40, "2025-Q1"),  # overlapping span, wrong value
    rec(50, 55, "P3Y", "DURATION"),  # missed
    rec(60, 70, "2024"),  # overlapping span, right value
]
PRED = [
    rec(10, 20, "2025-01-01"),
    rec(28, 40, "2025-Q2"),
    rec(62, 66, "2024"),
    rec(80, 84, "PAST_REF"),  # spurious
]


def test_strict_relaxed_and_value() -> None:
    s = score_timexes(GOLD, PRED)
    # strict: only (10, 20) matches exactly -> P 1/4, R 1/4
    assert (s.strict.precision, s.strict.recall, s.strict.f1) == (0.25, 0.25, 0.25)
    # relaxed: three overlapping pairs -> P 3/4, R 3/4
    assert (s.relaxed.precision, s.relaxed.recall) == (0.75, 0.75)
    # value: pairs (10,20) and (60,70) agree -> P 2/4, R 2/4
    assert (s.value.precision, s.value.recall, s.value.f1) == (0.5, 0.5, 0.5)


def test_only_date_filters_both_sides() -> None:
    s = score_timexes(GOLD, PRED, only_type="DATE")
    assert (s.strict.gold_total, s.strict.pred_total) == (3, 4)
    assert s.relaxed.recall == 1.0
    assert s.relaxed.precision == 0.75
    assert s.value.recall == pytest.approx(2 / 3)


def test_relaxed_pairs_one_to_one() -> None:
    # one long prediction over two gold spans counts once
    gold = [rec(0, 5, "2025"), rec(6, 10, "2025-01")]
    pred = [rec(0, 10, "2025")]
    s = score_timexes(gold, pred)
    assert (s.relaxed.gold_found, s.relaxed.precision, s.relaxed.recall) == (1, 1.0, 0.5)
    assert s.value.gold_found == 1


def test_relaxed_prefers_the_larger_overlap() -> None:
    gold = [rec(0, 10, "A"), rec(10, 12, "B")]
    pred = [rec(9, 12, "B")]
    s = score_timexes(gold, pred)
    assert s.value.pred_correct == 1  # overlap 2 with (10, 12) beats overlap 1 with (0, 10)


def test_documents_do_not_mix() -> None:
    s = score_timexes([rec(0, 5, "2025", doc="a")], [rec(0, 5, "2025", doc="b")])
    assert (s.strict.gold_found, s.relaxed.gold_found, s.value.gold_found) == (0, 0, 0)


def test_dateline_spans_are_ignored_on_both_sides() -> None:
    gold = [rec(0, 24, "2025-12-05"), rec(40, 47, "2025-Q1")]
    pred = [rec(0, 24, "2025-12-05"), rec(40, 47, "2025-Q1")]
    s = score_timexes(gold, pred, first_line_ends={"a.txt": 24})
    assert (s.strict.gold_total, s.strict.pred_total, s.value.f1) == (1, 1, 1.0)


def test_real_value_also_counts() -> None:
    gold = [{**rec(0, 6, "2026-01-27"), "real_value": "2026-01-06"}]
    s = score_timexes(gold, [rec(0, 6, "2026-01-06")])
    assert s.value.f1 == 1.0


def test_empty_inputs_score_zero() -> None:
    s = score_timexes([], [])
    assert (s.strict.f1, s.relaxed.precision, s.value.recall) == (0.0, 0.0, 0.0)
    assert "ALL" in format_table({"ALL": s})


def test_parse_page_date_line() -> None:
    assert parse_page_date_line("Friday, December 5, 2025") == date(2025, 12, 5)
    assert parse_page_date_line("North Korea") is None
