"""Temporal expression extraction: categories, false dates, anchoring, robustness and the sample-page gold."""

from __future__ import annotations

import ast
import dataclasses
import json
import random
import time
from datetime import date
from pathlib import Path

import pytest

from orchestration.eval.timex import parse_page_date_line
from orchestration.text.timex import Timex, extract_timexes

ROOT = Path(__file__).parents[2]
FRI = date(2025, 12, 5)  # a Friday
JAN30 = date(2026, 1, 30)  # a Friday


def values(text: str, page_date: date | None = FRI, published: date | None = None) -> dict[str, str]:
    return {t.text: t.value for t in extract_timexes(text, page_date, published)}


def one(text: str, page_date: date | None = FRI, published: date | None = None) -> Timex:
    found = extract_timexes(text, page_date, published)
    assert len(found) == 1, found
    return found[0]


# --- dates -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("They met on 13 September 2023 in Russia.", "13 September 2023", "2023-09-13"),
        ("They met on September 13, 2023 in Russia.", "September 13, 2023", "2023-09-13"),
        ("The deal closed Sept. 30, 1989, the firm said.", "Sept. 30, 1989", "1989-09-30"),
        ("Filed on 2024-03-07 with the court.", "2024-03-07", "2024-03-07"),
        ("Posted 2025.12.05 by the desk.", "2025.12.05", "2025-12-05"),
        ("Filed on 3/7/2024 with the court.", "3/7/2024", "2024-03-07"),
        ("The server market grew in Q1 2025.", "Q1 2025", "2025-Q1"),
        ("A report on the First Half of 2025 was out.", "the First Half of 2025", "2025-H1"),
        ("Profit rose in the third quarter of 2024.", "the third quarter of 2024", "2024-Q3"),
        ("Sales were weak in March 2024.", "March 2024", "2024-03"),
        ("The first launch failed in 2012.", "2012", "2012"),
        ("Prices fell in the 1990s.", "the 1990s", "199"),
        ("Prices fell in the late 1970s.", "the late 1970s", "197"),
        ("It was built in the 20th century.", "the 20th century", "19"),
        ("Results for fiscal 2024 were flat.", "fiscal 2024", "2024"),
        ("It happened in nineteen ninety-six.", "nineteen ninety-six", "1996"),
        ("Output peaked in mid-2019.", "mid-2019", "2019"),
    ],
)
def test_absolute_dates(sentence: str, span: str, value: str) -> None:
    t = one(sentence)
    assert (t.text, t.value, t.timex_type, t.anchor) == (span, value, "DATE", "absolute")


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("The crisis of December 3 shook the country.", "December 3", "2025-12-03"),
        ("Ground was broken last October.", "last October", "2025-10"),
        ("Last December, he spoke.", "Last December", "2024-12"),
        ("Sales rose this year.", "this year", "2025"),
        ("It was one of the big events of the year.", "the year", "2025"),
        ("The vote is expected in January or February.", "January or February", "2026-01"),
        ("Prices rose last week.", "last week", "2025-W48"),
        ("Prices rose two years ago.", "two years ago", "2023"),
        ("Ships left six weeks ago.", "six weeks ago", "2025-W43"),
        ("Sales will rise next month.", "next month", "2026-01"),
        ("He said so yesterday.", "yesterday", "2025-12-04"),
        ("Profit rose in the third quarter.", "the third quarter", "2025-Q3"),
        ("Profit rose in the quarter.", "the quarter", "2025-Q3"),
        ("She arrived in October.", "October", "2025-10"),
    ],
)
def test_relative_dates_resolve_against_page_date(sentence: str, span: str, value: str) -> None:
    t = one(sentence)
    assert (t.text, t.value, t.anchor) == (span, value, "page_date")


def test_month_without_year_prefers_past_but_follows_future_cues() -> None:
    assert values("The talks ended on December 20.", date(2026, 1, 10)) == {"December 20": "2025-12-20"}
    assert values("The summit will be held on January 20.", date(2025, 12, 28)) == {
        "January 20": "2026-01-20"
    }


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("On Monday, she published a report.", "Monday", "2025-12-01"),
        ("Analysts on Tuesday suggested otherwise.", "Tuesday", "2025-12-02"),
        ("He said Friday that he would resign.", "Friday", "2025-12-05"),
        ("The minister will visit on Tuesday.", "Tuesday", "2025-12-09"),
        ("They met last Friday.", "last Friday", "2025-11-28"),
        ("They meet next Monday.", "next Monday", "2025-12-08"),
    ],
)
def test_weekdays(sentence: str, span: str, value: str) -> None:
    t = one(sentence)
    assert (t.text, t.value, t.timex_type, t.granularity) == (span, value, "DATE", "day")


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("recently", "PAST_REF"),
        ("now", "PRESENT_REF"),
        ("currently", "PRESENT_REF"),
        ("the future", "FUTURE_REF"),
    ],
)
def test_reference_words(word: str, value: str) -> None:
    t = one(f"Prices are {word} rising." if word != "the future" else "He looked to the future with hope.")
    assert (t.text, t.value, t.timex_type, t.anchor, t.date_start) == (word, value, "DATE", "none", None)


# --- times, durations, sets ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("The blast came at 10 p.m. Wednesday.", "10 p.m. Wednesday", "2025-12-03T22:00"),
        ("Trading resumes around 7:15 p.m.", "around 7:15 p.m.", "2025-12-05T19:15"),
        ("The deadline is noon Thursday.", "noon Thursday", "2025-12-04T12:00"),
        ("He spoke this morning.", "this morning", "2025-12-05TMO"),
        ("Fighting broke out last night.", "last night", "2025-12-04TNI"),
    ],
)
def test_times(sentence: str, span: str, value: str) -> None:
    t = one(sentence)
    assert (t.text, t.value, t.timex_type, t.granularity) == (span, value, "TIME", "time")


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("He served three years in prison.", "three years", "P3Y"),
        ("It signed a two-year contract.", "two-year", "P2Y"),
        ("Talks lasted six days.", "six days", "P6D"),
        ("Sales rose in the first nine months.", "the first nine months", "P9M"),
        ("Prices doubled over the past two months.", "the past two months", "P2M"),
        ("It took 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("It took several years.", "several years", "PXY"),
        ("The meeting lasted more than four hours.", "more than four hours", "PT4H"),
        ("He waited a minute and a half.", "a minute and a half", "PT1M30S"),
        ("The dispute lasted two decades.", "two decades", "P20Y"),
    ],
)
def test_durations(sentence: str, span: str, value: str) -> None:
    t = one(sentence)
    assert (t.text, t.value, t.timex_type, t.anchor, t.date_start) == (span, value, "DURATION", "none", None)


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("The market opens every Monday.", "every Monday", "XXXX-WXX-1"),
        ("Flights leave each Thursday.", "each Thursday", "XXXX-WXX-4"),
        ("The festival is held each July.", "each July", "XXXX-07"),
        ("The board meets each year.", "each year", "P1Y"),
        ("The shop closes on Mondays.", "Mondays", "XXXX-WXX-1"),
    ],
)
def test_sets(sentence: str, span: str, value: str) -> None:
    t = one(sentence)
    assert (t.text, t.value, t.timex_type, t.anchor) == (span, value, "SET", "none")


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("Shares fell the last week.", "the last week", "2025-W48"),
        ("He wrote it this winter.", "this winter", "2025-WI"),
        ("Third-quarter profit rose.", "Third-quarter", "2025-Q3"),
        ("It posted a third-quarter loss.", "third-quarter", "2025-Q3"),
        ("Profit rose from a year ago.", "a year ago", "2024"),
        ("Sales rose in the third quarter, up from a year earlier.", "a year earlier", "2024-Q3"),
        ("It will finish early next year.", "early next year", "2026"),
    ],
)
def test_timebank_conventions(sentence: str, span: str, value: str) -> None:
    assert values(sentence).get(span) == value


# --- false dates -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "China marked the 80th anniversary of the victory.",
        "The 8th Party Congress opened.",
        "A record 134.1% growth was seen.",
        "Leaders met at the G20 summit.",
        "A shot of the USS America (LHA-6) was taken.",
        "The home side won 2-1 after extra time.",
        "The team is ranked No. 1 in the league.",
        "Some 1,500 troops were deployed.",
        "The plan costs $2012 million.",
        "The index rose to 2012 points.",
        "Room 1999 was booked.",
        "May I ask a question?",
        "He is 52 years old.",
        "Imports cover about three-quarters of its food.",
        "The fund holds a quarter of the market.",
        "Install version 2024.1.2.3 now-ish.",
        "Four flights a week serve the route.",
        "After the fall of the Berlin Wall.",
    ],
)
def test_no_false_dates(sentence: str) -> None:
    assert extract_timexes(sentence, FRI) == []


# --- anchoring ---------------------------------------------------------------------------------------------------


def test_published_date_is_preferred_over_page_date() -> None:
    t = one("He resigned on Monday.", page_date=JAN30, published=date(2026, 1, 7))
    assert (t.value, t.anchor) == ("2026-01-05", "published_date")


def test_without_any_date_unknowns_stay_unknown() -> None:
    found = {
        t.text: (t.value, t.anchor, t.date_start) for t in extract_timexes("On 2 November, and Monday.", None)
    }
    assert found == {
        "2 November": ("XXXX-11-02", "unanchored", None),
        "Monday": ("XXXX-WXX-1", "unanchored", None),
    }
    t = one("Sales rose last year.", None)
    assert (t.value, t.anchor) == ("XXXX", "unanchored")
    t = one("The vote was on 13 September 2023.", None)
    assert (t.value, t.anchor) == ("2023-09-13", "absolute")


def test_dateline_is_an_absolute_date() -> None:
    text = "Friday, December 5, 2025\n\nOn Monday, it rained."
    found = extract_timexes(text, FRI)
    assert [(t.text, t.value, t.anchor) for t in found] == [
        ("Friday, December 5, 2025", "2025-12-05", "absolute"),
        ("Monday", "2025-12-01", "page_date"),
    ]


# --- structure: offsets, ranges, sentences, robustness ---------------------------------------------------------


def test_offsets_ranges_and_sentence() -> None:
    text = "Rain fell. Sales rose in Q1 2025, the firm said. Nothing else."
    t = one(text)
    assert text[t.start : t.end] == t.text == "Q1 2025"
    assert (t.date_start, t.date_end, t.granularity) == (date(2025, 1, 1), date(2025, 3, 31), "quarter")
    assert text[t.sentence_start : t.sentence_end] == "Sales rose in Q1 2025, the firm said."


@pytest.mark.parametrize(
    ("sentence", "start", "end", "gran"),
    [
        ("in 2025.", date(2025, 1, 1), date(2025, 12, 31), "year"),
        ("in March 2024.", date(2024, 3, 1), date(2024, 3, 31), "month"),
        ("in the first half of 2025.", date(2025, 1, 1), date(2025, 6, 30), "half"),
        ("in the 1990s.", date(1990, 1, 1), date(1999, 12, 31), "decade"),
        ("last week.", date(2025, 11, 24), date(2025, 11, 30), "week"),
    ],
)
def test_date_ranges(sentence: str, start: date, end: date, gran: str) -> None:
    t = one(f"It happened {sentence}")
    assert (t.date_start, t.date_end, t.granularity) == (start, end, gran)


@pytest.mark.parametrize(
    "text", ["", " ", "\n\n\n", "x" * 10, "2025-13-45 31/02/2020 February 30, 2024 Q9 1999"]
)
def test_never_raises_on_odd_input(text: str) -> None:
    for t in extract_timexes(text, FRI):
        assert text[t.start : t.end] == t.text


def test_non_string_input_gives_nothing() -> None:
    assert extract_timexes(None, None) == []  # type: ignore[arg-type]


def test_random_garbage_and_linear_time() -> None:
    rng = random.Random(7)
    alphabet = "abc 0123456789 ,.-/:'\n MayMondayQ1the last year ago"
    garbage = "".join(rng.choice(alphabet) for _ in range(20_000))
    for t in extract_timexes(garbage, FRI):
        assert garbage[t.start : t.end] == t.text
    chunk = "On Monday, sales rose 3% from a year ago to $5 million in the third quarter of 2024. "
    t0 = time.perf_counter()
    extract_timexes(chunk * 200, FRI)
    small = time.perf_counter() - t0
    t0 = time.perf_counter()
    extract_timexes(chunk * 2000, FRI)
    big = time.perf_counter() - t0
    assert big < max(small, 0.01) * 30  # 10x the text, well under quadratic growth
    long_spaces = "1" + " " * 50_000 + "years"
    extract_timexes(long_spaces, FRI)


def test_repeated_modifiers_stay_linear() -> None:
    # bounded repetitions: "the the the ..." once made the duration rule quadratic
    timings = []
    for n in (2_000, 20_000):
        t0 = time.perf_counter()
        extract_timexes("the last " * n, FRI)
        timings.append(time.perf_counter() - t0)
    assert timings[1] < max(timings[0], 0.01) * 30


# --- the sample pages --------------------------------------------------------------------------------------------


def _seed_cases() -> list[tuple[str, dict[str, str]]]:
    gold = json.loads((ROOT / "tests" / "fixtures" / "seeds_gold.json").read_text(encoding="utf-8"))
    return [(doc, tx) for doc, facts in gold["documents"].items() for tx in facts.get("timexes", [])]


@pytest.mark.parametrize(("doc", "gold"), _seed_cases(), ids=lambda x: x if isinstance(x, str) else x["text"])
def test_sample_pages_gold_timexes(doc: str, gold: dict[str, str]) -> None:
    with (ROOT / "raw" / doc).open(encoding="utf-8", newline="") as fh:
        text = fh.read()
    page_date = parse_page_date_line(text.split("\n", 1)[0])
    found = extract_timexes(text, page_date)
    accepted = {gold["value"], gold.get("real_value")}
    hits = [t for t in found if t.text == gold["text"]]
    assert hits, f"{gold['text']!r} not found in {doc}"
    assert any(t.value in accepted for t in hits), [t.value for t in hits]
    for t in found:
        assert text[t.start : t.end] == t.text


# --- the rules' needed-word gates ------------------------------------------------------------------------------


def _texts_for_gates() -> list[str]:
    """Every string literal of this module (the cases above), the sample pages, and case/Unicode variants."""
    literals = [
        node.value
        for node in ast.walk(ast.parse(Path(__file__).read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 2
    ]
    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "raw").glob("*.txt"))]
    folds = [
        "TWO YEARS AGO",
        "ſix ſeconds earlier",
        "FIVE DAYS BACK",
        "Fİve days ago",
        "the 1990'S",
        "q3 2024",
    ]
    rarer = [
        "Profit in the 2024 second quarter beat the year-earlier period; at year-end it had run for months.",
        "The Year's End sale ran the prior-year quarter, within weeks or days.",
    ]
    return literals + pages + folds + rarer


def test_every_match_contains_its_rules_needed_words() -> None:
    from orchestration.text.timex.engine import _RULES
    from orchestration.text.timex.rule import fold_case, has_needed_words

    exercised = set()
    for text in _texts_for_gates():
        for rule in _RULES:
            for m in rule.pattern.finditer(text):
                assert has_needed_words(fold_case(m.group(0)), rule.needs), (rule.name, m.group(0))
                exercised.add(rule.name)
    assert exercised == {r.name for r in _RULES}  # the cases above match every rule


def test_prefilters_change_no_result(monkeypatch: pytest.MonkeyPatch) -> None:
    from orchestration.text.timex import engine

    texts = _texts_for_gates()
    gated = [extract_timexes(t, FRI) for t in texts]
    assert any(r.needs for r in engine._RULES)
    assert all(r.scanner is not r.pattern for r in engine._RULES)  # every rule gets a start check
    plain = tuple(dataclasses.replace(r, prefilter=False) for r in engine._RULES)
    monkeypatch.setattr(engine, "_RULES", plain)
    assert [extract_timexes(t, FRI) for t in texts] == gated
