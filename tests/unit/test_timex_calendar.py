"""Calendar helpers of the timex rules: unit shifts at month ends and year limits, and the month/weekday
alternations the rules build from the shared vocabulary."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.text.timex import rule
from orchestration.text.timex_calendar import shift_months, shift_years


@pytest.mark.parametrize(
    ("d", "years", "expected"),
    [
        (date(2024, 2, 29), 1, date(2025, 2, 28)),  # no 29 February in a common year
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2024, 2, 29), -100, date(1924, 2, 29)),
        (date(2023, 1, 31), -2, date(2021, 1, 31)),
        (date(5, 6, 15), -10, date(1, 6, 15)),  # clamped to year 1
        (date(9990, 12, 31), 50, date(9999, 12, 31)),  # clamped to year 9999
        (date(2025, 12, 5), 0, date(2025, 12, 5)),
    ],
)
def test_shift_years(d: date, years: int, expected: date) -> None:
    assert shift_years(d, years) == expected


@pytest.mark.parametrize(
    ("year", "month", "delta", "expected"),
    [
        (2025, 12, 1, (2026, 1)),
        (2025, 1, -1, (2024, 12)),
        (2025, 3, -27, (2022, 12)),
        (1, 1, -1, (0, 12)),  # no clamp and no error: the caller decides what an out-of-range year means
    ],
)
def test_shift_months(year: int, month: int, delta: int, expected: tuple[int, int]) -> None:
    assert shift_months(year, month, delta) == expected


def test_month_and_weekday_alternations_keep_their_order() -> None:
    # Built from orchestration.text.vocabulary; a regex alternation tries its branches in order.
    assert (
        rule.MON_FULL
        == "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    )
    assert rule.MON == "(?:" + rule.MON_FULL + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
    assert rule.WD == "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    assert rule.WD_ANY == "(?:" + rule.WD + r"|(?:Mon|Tues|Tue|Wed|Thurs|Thu|Fri|Sat|Sun)\.?)"
