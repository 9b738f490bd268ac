"""Span rules one by one, on small texts and a hand-made gazetteer (no spaCy model)."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from orchestration.text.entities.names import east_asian_name_spans, first_name_spans, initials_spans
from orchestration.text.entities.rules import (
    acronym_spans,
    credit_spans,
    dateline_spans,
    event_spans,
    gazetteer_spans,
    pattern_spans,
)
from orchestration.text.entities.spans import Span, SpanSource, tokenize
from orchestration.text.gazetteer import Gazetteer

GAZ = Gazetteer(
    labels=MappingProxyType(
        {
            "South Korea": "GPE",
            "Korea": "GPE",
            "Seoul": "GPE",
            "Paris": "GPE",
            "Korean Peninsula": "LOC",
            "Reuters": "ORG",
            "Yonhap": "ORG",
            "NATO": "ORG",
            "U.S.": "GPE",
        }
    ),
    countries=frozenset({"South Korea", "Korea", "U.S."}),
    max_tokens=2,
)
ENGLISH = frozenset(
    {"fans", "shares", "of", "the", "said", "on", "in", "analysts", "at", "filing", "tax", "and"}
)


def _found(text: str, spans: list[Span]) -> list[tuple[str, str, str]]:
    return [(text[s.start : s.end], s.label, s.source) for s in spans]


def test_gazetteer_spans_longest_first_and_city_source() -> None:
    text = "Talks in South Korea and Seoul.\nSouth\nKorea"
    assert _found(text, gazetteer_spans(text, tokenize(text), GAZ)) == [
        ("South Korea", "GPE", SpanSource.GAZ),
        ("Seoul", "GPE", SpanSource.CITY),
        ("Korea", "GPE", SpanSource.GAZ),  # "South\nKorea" never matches across the line break
    ]


def test_gazetteer_spans_place_with_lower_case_head_noun() -> None:
    text = "Tension on the Korean peninsula rose."
    assert _found(text, gazetteer_spans(text, tokenize(text), GAZ)) == [
        ("Korean peninsula", "LOC", SpanSource.GAZ)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shares of Acme Widget Corp rose.", "Acme Widget Corp"),
        ("The Ministry of Unification said so.", "Ministry of Unification"),
        ("Fans of Leeds United sang.", "Leeds United"),
        ("He joined FC Porto in May.", "FC Porto"),
    ],
)
def test_pattern_spans_organisation_shapes(text: str, expected: str) -> None:
    assert _found(text, pattern_spans(text, tokenize(text), GAZ, ENGLISH)) == [
        (expected, "ORG", SpanSource.PATTERN)
    ]


def test_pattern_spans_skip_gazetteer_names_and_plain_runs() -> None:
    text = "Big Red Balloons flew over Paris."
    assert pattern_spans(text, tokenize(text), GAZ, ENGLISH) == []


def test_credit_spans_slash_and_parentheses() -> None:
    text = "Crowds gather in Seoul / News1\nA rally (Kim Min-ji/Yonhap) and (Photo/Pool via Reuters)."
    assert _found(text, credit_spans(text, GAZ)) == [
        ("News1", "ORG", SpanSource.CREDIT),
        ("Kim Min-ji", "PERSON", SpanSource.CREDIT),
        ("Yonhap", "ORG", SpanSource.CREDIT),
        ("Reuters", "ORG", SpanSource.CREDIT),
    ]


def test_credit_spans_prefix() -> None:
    text = "Photo by Jane Doe\nCourtesy of Acme"
    assert _found(text, credit_spans(text, GAZ)) == [
        ("Jane Doe", "PERSON", SpanSource.CREDIT),
        ("Acme", "ORG", SpanSource.CREDIT),
    ]


def test_dateline_spans_require_capitals_in_the_original() -> None:
    text = "Tavildara, Tajikistan 1996-08-30\nLondon (Reuters) - Shares fell."
    original = "TAVILDARA, Tajikistan 1996-08-30\nLondon (Reuters) - Shares fell."
    assert _found(text, dateline_spans(original, text)) == [
        ("Tavildara", "GPE", SpanSource.DATELINE),
        ("Tajikistan", "GPE", SpanSource.DATELINE),
    ]


def test_acronym_spans_skip_known_words_and_caps_lines() -> None:
    text = "The KDP and NATO met on GDP and TAX.\nKDP SAYS NO TO FOMC"
    found = _found(text, acronym_spans(text, text, GAZ, frozenset({"USD"}), ENGLISH))
    assert found == [("KDP", "ORG", SpanSource.ACRONYM)]


def test_event_spans_numbered_events() -> None:
    text = "the 9th Party Congress and the 8th Workers' Party Congress, then the 26th Summit"
    assert [t for t, _, _ in _found(text, event_spans(text))] == [
        "9th Party Congress",
        "8th Workers' Party Congress",
        "26th Summit",
    ]


def test_initials_spans() -> None:
    text = "P. Simmons and J.R. Smith met U.S. Steel."
    assert _found(text, initials_spans(text, GAZ)) == [
        ("P. Simmons", "PERSON", SpanSource.INITIALS),
        ("J.R. Smith", "PERSON", SpanSource.INITIALS),
    ]


def test_first_name_spans() -> None:
    text = "Cosmin Contra met Ludwig van Beethoven in Paris on Monday, then Mark Corp and Mark Monday."
    names = frozenset({"cosmin", "ludwig", "mark"})
    found = _found(text, first_name_spans(text, tokenize(text), names, GAZ, ENGLISH))
    assert found == [
        ("Cosmin Contra", "PERSON", SpanSource.FIRSTNAME),
        ("Ludwig van Beethoven", "PERSON", SpanSource.FIRSTNAME),
    ]


def test_east_asian_name_spans() -> None:
    text = "Xing Haiming met Yeo In Hyeong and Kim Said."
    found = _found(text, east_asian_name_spans(text, tokenize(text), GAZ, ENGLISH))
    assert found == [
        ("Xing Haiming", "PERSON", SpanSource.FIRSTNAME),
        ("Yeo In Hyeong", "PERSON", SpanSource.FIRSTNAME),
    ]
