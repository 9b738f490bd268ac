"""A disjunction of months ("January or February") is one expression, as TimeBank annotates it: its value is
the first month and its date range runs to the end of the second, so the timeline covers both."""

from datetime import date

import pytest

from orchestration.text.timex import extract_timexes
from orchestration.text.timex.calendar_dates import alternative_month

PAGE_DATE = date(2026, 1, 10)


@pytest.mark.parametrize(
    ("sentence", "text", "value", "start", "end"),
    [
        (
            "The vote is expected in January or February.",
            "January or February",
            "2026-01",
            date(2026, 1, 1),
            date(2026, 2, 28),
        ),
        (
            "Talks may resume in December or January.",
            "December or January",
            "2025-12",
            date(2025, 12, 1),
            date(2026, 1, 31),
        ),
        ("It happened in March.", "March", "2026-03", date(2026, 3, 1), date(2026, 3, 31)),
    ],
)
def test_a_month_disjunction_spans_both_months(
    sentence: str, text: str, value: str, start: date, end: date
) -> None:
    (timex,) = extract_timexes(sentence, PAGE_DATE, None)
    assert (timex.text, timex.value, timex.date_start, timex.date_end) == (text, value, start, end)


def test_the_second_month_is_the_first_one_after_the_first() -> None:
    assert alternative_month("2026-01", 2) == "2026-02"
    assert alternative_month("2025-12", 1) == "2026-01"
    assert alternative_month("XXXX-01", 2) == "XXXX-02"  # no anchor: no year either


def test_without_an_anchor_the_range_stays_open() -> None:
    (timex,) = extract_timexes("The vote is expected in January or February.", None, None)
    assert timex.value == "XXXX-01" and timex.date_start is None and timex.date_end is None
