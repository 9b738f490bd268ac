"""Sports-story rules on small tables and results (no spaCy model)."""

from __future__ import annotations

from types import MappingProxyType

from orchestration.text.entities.spans import Span, SpanSource
from orchestration.text.entities.sports import (
    is_sports_document,
    name_country_spans,
    sports_relabel,
    table_spans,
)
from orchestration.text.gazetteer import Gazetteer

GAZ = Gazetteer(
    labels=MappingProxyType({"Russia": "GPE", "Leicester": "GPE", "Somerset": "GPE", "Hong Kong": "GPE"}),
    countries=frozenset({"Russia"}),
    max_tokens=2,
)


def _found(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in spans]


def test_is_sports_document_by_slug_or_density() -> None:
    assert is_sports_document("SOCCER - LEEDS BEAT CHELSEA\nLONDON 1996-08-30")
    assert not is_sports_document("Markets rose on Monday after the central bank held rates.")
    table = (
        "Cup round results:\nPohang 3 Ulsan 2\nSeoul 1 Busan 1\nDaegu 0 Incheon 4\nThe match scored goals."
    )
    assert is_sports_document(table)


def test_table_spans_teams_before_scores_and_header_words() -> None:
    text = "Pohang 3 Ulsan 2\nRussia 1 Attendance 40"
    assert _found(text, table_spans(text, GAZ)) == [
        ("Pohang", "ORG"),
        ("Ulsan", "ORG"),
        ("Russia", "GPE"),  # a national side is its country
    ]


def test_table_spans_fixture_line_and_venue() -> None:
    text = "Lions at Detroit\nHove: Sussex 363"
    assert _found(text, table_spans(text, GAZ)) == [
        ("Lions", "ORG"),
        ("Detroit", "GPE"),
        ("Hove", "GPE"),
        ("Sussex", "ORG"),
    ]
    assert all(s.source == SpanSource.TABLE for s in table_spans(text, GAZ))


def test_table_spans_scorecard_names_players() -> None:
    text = "Smith c Jones b Brown 45"
    assert ("Brown", "PERSON") in _found(text, table_spans(text, GAZ))


def test_name_country_spans() -> None:
    text = "1. Natalia Karimova (Russia) 2. Hong Kong (China)"
    assert _found(text, name_country_spans(text, GAZ)) == [("Natalia Karimova", "PERSON"), ("Russia", "GPE")]


def test_sports_relabel_place_as_side_is_a_team() -> None:
    text = "Leicester beat Somerset in Leicester.\nLeicester: Smith 12"
    spans = [
        Span(0, 9, "GPE", SpanSource.CITY),
        Span(15, 23, "GPE", SpanSource.CITY),
        Span(27, 36, "GPE", SpanSource.CITY),
        Span(38, 47, "GPE", SpanSource.CITY),
    ]
    assert [s.label for s in sports_relabel(spans, text, GAZ)] == ["ORG", "ORG", "GPE", "GPE"]
