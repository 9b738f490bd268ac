"""The timex rules one at a time: each rule module's pattern and handler, without the engine around them."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.text.timex import calendar_dates, days, durations, engine, periods
from orchestration.text.timex.rule import Env, Rule, Seen

FRI = date(2025, 12, 5)  # a Friday, in the fourth quarter
JAN30 = date(2026, 1, 30)
NONE = Seen()
AFTER_Q3 = Seen(last_year=2025, last_quarter=(2025, 3), last_granularity="quarter")


def resolve(
    rule: Rule, text: str, ref: date | None = FRI, future: bool = False, seen: Seen = NONE
) -> tuple[str, tuple[str, str] | None]:
    """The first match of the rule in ``text`` and its (type, value), None when the handler rejects it."""
    m = rule.pattern.search(text)
    assert m, (rule.name, text)
    val = rule.handler(m, Env(text, ref, future, seen))
    return m[0], None if val is None else (val.timex_type, val.value)


CASES = [
    # calendar_dates
    (calendar_dates.FULL_DATE_MDY, "on Dec. 5, 2025 it", FRI, False, NONE, "Dec. 5, 2025", ("DATE", "2025-12-05")),
    (calendar_dates.FULL_DATE_MDY, "on Feb. 30, 2024 it", FRI, False, NONE, "Feb. 30, 2024", None),
    (calendar_dates.FULL_DATE_MDY, "on March 3 last year", FRI, False, NONE, "March 3 last year", ("DATE", "2024-03-03")),
    (calendar_dates.FULL_DATE_DMY, "on the 5th of December", FRI, False, NONE, "the 5th of December", ("DATE", "2025-12-05")),
    (calendar_dates.NUMERIC_DATE, "filed 13/06/2014 here", FRI, False, NONE, "13/06/2014", ("DATE", "2014-06-13")),
    (calendar_dates.NUMERIC_DATE, "filed 2024-02-29 here", FRI, False, NONE, "2024-02-29", ("DATE", "2024-02-29")),
    (calendar_dates.MONTH_YEAR, "in early March 2024", FRI, False, NONE, "early March 2024", ("DATE", "2024-03")),
    (calendar_dates.MONTH, "in May", FRI, False, NONE, "May", ("DATE", "2025-05")),
    (calendar_dates.MONTH, "May I ask", FRI, False, NONE, "May", None),  # the verb
    (calendar_dates.MONTH, "next March", FRI, False, NONE, "next March", ("DATE", "2026-03")),
    (calendar_dates.MONTH, "in October", JAN30, False, NONE, "October", ("DATE", "2025-10")),
    (calendar_dates.YEAR, "No. 2024 was", FRI, False, NONE, "2024", None),
    (calendar_dates.YEAR, "in 2024 people came", FRI, False, NONE, "2024", None),
    (calendar_dates.YEAR, "in the summer of 2024", FRI, False, NONE, "the summer of 2024", ("DATE", "2024-SU")),
    (calendar_dates.SPOKEN_YEAR, "in nineteen eighty-four", FRI, False, NONE, "nineteen eighty-four", ("DATE", "1984")),
    (calendar_dates.SPOKEN_YEAR, "in two thousand and nine", FRI, False, NONE, "two thousand and nine", ("DATE", "2009")),
    (calendar_dates.DECADE, "in the '90s", FRI, False, NONE, "the '90s", ("DATE", "199")),
    (calendar_dates.DECADE, "in the nineties", FRI, False, NONE, "the nineties", ("DATE", "199")),
    (calendar_dates.DECADE, "in the early 1980s", FRI, False, NONE, "the early 1980s", ("DATE", "198")),
    (calendar_dates.CENTURY, "the 21st century", FRI, False, NONE, "the 21st century", ("DATE", "20")),
    (calendar_dates.CENTURY, "the twenty-first century", FRI, False, NONE, "the twenty-first century", ("DATE", "20")),
    (calendar_dates.CENTURY, "the 30th century", FRI, False, NONE, "the 30th century", None),
    # periods
    (periods.QUARTER_CODE, "sales in Q3 2024 rose", FRI, False, NONE, "Q3 2024", ("DATE", "2024-Q3")),
    (periods.QUARTER_CODE, "sales in 3Q rose", FRI, False, NONE, "3Q", ("DATE", "2025-Q3")),
    (periods.QUARTER_CODE, "sales in 2023Q1 rose", FRI, False, NONE, "2023Q1", ("DATE", "2023-Q1")),
    (periods.QUARTER_WORDS, "in the fourth quarter", JAN30, False, NONE, "the fourth quarter", ("DATE", "2025-Q4")),
    (periods.QUARTER_WORDS, "last year's second quarter", FRI, False, NONE, "last year's second quarter", ("DATE", "2024-Q2")),
    (periods.YEAR_PERIOD, "the 1988 period", FRI, False, Seen(last_quarter=(1989, 2)), "the 1988 period", ("DATE", "1988-Q2")),
    (periods.YEAR_PERIOD, "the 1988 period", FRI, False, NONE, "the 1988 period", ("DATE", "1988")),
    (periods.YEAR_PERIOD, "the 1988 third quarter", FRI, False, NONE, "the 1988 third quarter", ("DATE", "1988-Q3")),
    (periods.HALF, "the first half of 2024", FRI, False, NONE, "the first half of 2024", ("DATE", "2024-H1")),
    (periods.HALF, "in the second half", FRI, False, NONE, "the second half", ("DATE", "2025-H2")),
    (periods.HALF, "the first half of next year", FRI, False, NONE, "the first half of next year", ("DATE", "2026-H1")),
    (periods.RELATIVE_UNIT, "last week", FRI, False, NONE, "last week", ("DATE", "2025-W48")),
    (periods.RELATIVE_UNIT, "on This Week with", FRI, False, NONE, "This Week", None),  # a programme
    (periods.RELATIVE_UNIT, "the fall of the Berlin Wall", FRI, False, NONE, "the fall", None),
    (periods.RELATIVE_UNIT, "that year", FRI, False, Seen(last_year=1998), "that year", ("DATE", "1998")),
    (periods.RELATIVE_UNIT, "next month", FRI, False, NONE, "next month", ("DATE", "2026-01")),
    (periods.RELATIVE_UNIT, "the quarter", FRI, False, NONE, "the quarter", ("DATE", "2025-Q3")),
    (periods.AGO, "two years ago", FRI, False, NONE, "two years ago", ("DATE", "2023")),
    (periods.AGO, "three days ago", FRI, False, NONE, "three days ago", ("DATE", "2025-12-02")),
    (periods.AGO, "years ago", FRI, False, NONE, "years ago", ("DATE", "PAST_REF")),
    (periods.AGO, "a year ago", FRI, False, AFTER_Q3, "a year ago", ("DATE", "2024-Q3")),
    (periods.AGO, "two weeks from now", FRI, False, NONE, "two weeks from now", ("DATE", "2025-W51")),
    (periods.YEAR_AGO_ADJ, "the year-earlier period", FRI, False, AFTER_Q3, "the year-earlier period", ("DATE", "2024-Q3")),
    (periods.YEAR_AGO_ADJ, "year-ago levels", FRI, False, NONE, "year-ago", ("DATE", "2024")),
    (periods.YEAR_AGO_ADJ, "year-ago levels", None, False, NONE, "year-ago", ("DATE", "XXXX")),
    (periods.YEAR_END, "by year-end", FRI, False, NONE, "year-end", ("DATE", "2025")),
    (periods.YEAR_END, "by year's end", None, False, NONE, "year's end", ("DATE", "XXXX")),
    # days
    (days.DAY_WORD, "yesterday morning", FRI, False, NONE, "yesterday morning", ("TIME", "2025-12-04TMO")),
    (days.DAY_WORD, "tonight", FRI, False, NONE, "tonight", ("TIME", "2025-12-05TNI")),
    (days.DAY_WORD, "the day after tomorrow", FRI, False, NONE, "the day after tomorrow", ("DATE", "2025-12-07")),
    (days.DAY_WORD, "yesterday", None, False, NONE, "yesterday", ("DATE", "XXXX-XX-XX")),
    (days.PART_OF_DAY, "this morning", FRI, False, NONE, "this morning", ("TIME", "2025-12-05TMO")),
    (days.PART_OF_DAY, "last night", FRI, False, NONE, "last night", ("TIME", "2025-12-04TNI")),
    (days.PART_OF_DAY, "last morning", FRI, False, NONE, "last morning", None),
    (days.WEEKDAY, "on Mondays", FRI, False, NONE, "Mondays", ("SET", "XXXX-WXX-1")),
    (days.WEEKDAY, "on Friday (Dec. 5)", FRI, False, NONE, "Friday", ("DATE", "2025-12-05")),
    (days.WEEKDAY, "last Tuesday", FRI, False, NONE, "last Tuesday", ("DATE", "2025-12-02")),
    (days.WEEKDAY, "on Tuesday", FRI, True, NONE, "Tuesday", ("DATE", "2025-12-09")),  # a future cue before it
    (days.WEEKDAY, "on Tuesday", FRI, False, NONE, "Tuesday", ("DATE", "2025-12-02")),
    (days.WEEKDAY, "on Tuesday night", None, False, NONE, "Tuesday night", ("TIME", "XXXX-WXX-2TNI")),
    (days.CLOCK, "at 14:30 the", FRI, False, NONE, "14:30", ("TIME", "2025-12-05T14:30")),
    (days.CLOCK, "at noon", FRI, False, NONE, "noon", ("TIME", "2025-12-05T12:00")),
    (days.CLOCK, "at midnight", FRI, False, NONE, "midnight", ("TIME", "2025-12-05T24")),
    (days.CLOCK, "10 p.m. Tuesday", FRI, False, NONE, "10 p.m. Tuesday", ("TIME", "2025-12-02T22:00")),
    (days.CLOCK, "at 13 pm", FRI, False, NONE, "13 pm", None),
    (days.CLOCK, "9:15 a.m. yesterday", FRI, False, NONE, "9:15 a.m. yesterday", ("TIME", "2025-12-04T09:15")),
    # durations
    (durations.REFS, "recently", FRI, False, NONE, "recently", ("DATE", "PAST_REF")),
    (durations.REFS, "the near future", FRI, False, NONE, "the near future", ("DATE", "FUTURE_REF")),
    (durations.REFS, "currently", FRI, False, NONE, "currently", ("DATE", "PRESENT_REF")),
    (durations.DURATION, "for three years", FRI, False, NONE, "three years", ("DURATION", "P3Y")),
    (durations.DURATION, "12 to 18 months", FRI, False, NONE, "12 to 18 months", ("DURATION", "PXM")),
    (durations.DURATION, "he is 52 years old", FRI, False, NONE, "52 years", None),  # an age
    (durations.DURATION, "a quarter of the market", FRI, False, NONE, "a quarter", None),  # a fraction
    (durations.DURATION, "$5 million a year", FRI, False, NONE, "a year", None),  # a rate
    (durations.DURATION, "a decade", FRI, False, NONE, "a decade", ("DURATION", "P10Y")),
    (durations.VAGUE_DURATION, "for years", FRI, False, NONE, "years", ("DURATION", "PXY")),
    (durations.VAGUE_DURATION, "within hours", FRI, False, NONE, "hours", ("DURATION", "PTXH")),
    (durations.SET, "every week", FRI, False, NONE, "every week", ("SET", "P1W")),
    (durations.SET, "twice a year", FRI, False, NONE, "twice a year", ("SET", "P1Y")),
    (durations.SET, "every Monday", FRI, False, NONE, "every Monday", ("SET", "XXXX-WXX-1")),
    (durations.SET, "every March", FRI, False, NONE, "every March", ("SET", "XXXX-03")),
    (durations.SET, "each summer", FRI, False, NONE, "each summer", ("SET", "XXXX-SU")),
    (durations.SET, "every morning", FRI, False, NONE, "every morning", ("SET", "XXXX-XX-XXTMO")),
    (durations.SET, "every two years", FRI, False, NONE, "every two years", ("SET", "P2Y")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "text", "ref", "future", "seen", "span", "expected"),
    CASES,
    ids=[f"{c[0].name}:{c[1]}" for c in CASES],
)
def test_rule_handler(
    rule: Rule,
    text: str,
    ref: date | None,
    future: bool,
    seen: Seen,
    span: str,
    expected: tuple[str, str] | None,
) -> None:
    assert resolve(rule, text, ref, future, seen) == (span, expected)


def test_every_rule_of_the_rule_modules_runs_once() -> None:
    defined = [
        value
        for module in (calendar_dates, periods, days, durations)
        for value in vars(module).values()
        if isinstance(value, Rule)
    ]
    assert sorted(r.name for r in defined) == sorted(r.name for r in engine._RULES)
    assert len({r.name for r in engine._RULES}) == len(engine._RULES)


def test_every_rule_has_a_handler_case() -> None:
    assert {c[0].name for c in CASES} == {r.name for r in engine._RULES}
