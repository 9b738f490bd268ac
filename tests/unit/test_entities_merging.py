"""Span merging, document consistency and span shaping, on hand-made spans (no spaCy model)."""

from __future__ import annotations

from types import MappingProxyType

from orchestration.text.entities.cleanup import (
    carve_gazetteer,
    clean_span,
    drop_headline_words,
    extend_spans,
    split_span,
)
from orchestration.text.entities.merging import consistency, merge_spans
from orchestration.text.entities.spans import Span, SpanSource, dedupe, tokenize
from orchestration.text.gazetteer import Gazetteer

GAZ = Gazetteer(
    labels=MappingProxyType({"Jordan": "GPE", "U.S.": "GPE", "North Korea": "GPE", "Amur": "LOC"}),
    countries=frozenset({"Jordan", "U.S.", "North Korea"}),
    max_tokens=2,
)
ENGLISH = frozenset(
    {"stock", "market", "news", "agency", "the", "said", "party", "congress", "kidnappers", "soars"}
)


def _found(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in spans]


def test_span_source_priority_and_weight() -> None:
    assert SpanSource.DATELINE.priority > SpanSource.GAZ.priority > SpanSource.PATTERN.priority
    assert SpanSource.DATELINE.weight == 10 and SpanSource.MODEL.weight == 1
    assert SpanSource.MODEL == "model"  # a str: compares with the plain names


def test_dedupe_keeps_earliest_then_longest() -> None:
    spans = [
        Span(5, 9, "ORG", SpanSource.MODEL),
        Span(0, 4, "ORG", SpanSource.MODEL),
        Span(0, 7, "GPE", SpanSource.GAZ),
    ]
    assert dedupe(spans) == [Span(0, 7, "GPE", SpanSource.GAZ)]


def test_merge_spans_relabel_replace_and_fill_gaps() -> None:
    text = "Acme Widget Corp hired Jordan in Paris."
    model = [Span(0, 11, "PERSON", SpanSource.MODEL), Span(23, 29, "PERSON", SpanSource.MODEL)]
    rules = [
        Span(0, 16, "ORG", SpanSource.PATTERN),  # covers the shorter model span: replaces it
        Span(23, 29, "GPE", SpanSource.CITY),  # weak: never relabels a person
        Span(33, 38, "GPE", SpanSource.CITY),  # fills a gap
    ]
    assert _found(text, merge_spans(model, rules, text)) == [
        ("Acme Widget Corp", "ORG"),
        ("Jordan", "PERSON"),
        ("Paris", "GPE"),
    ]


def test_merge_spans_protects_surnames_of_people_named_in_full() -> None:
    text = "Michael Jordan said Jordan would play."
    model = [Span(20, 26, "PERSON", SpanSource.MODEL)]
    rules = [Span(20, 26, "GPE", SpanSource.GAZ)]
    assert _found(text, merge_spans(model, rules, text, protect=frozenset({"Jordan"}))) == [
        ("Jordan", "PERSON")
    ]
    assert _found(text, merge_spans(model, rules, text)) == [("Jordan", "GPE")]


def test_consistency_majority_surnames_and_repeats() -> None:
    text = "Peter Such met Acme. Such spoke. Acme grew."
    spans = [
        Span(0, 10, "PERSON", SpanSource.MODEL),
        Span(15, 19, "ORG", SpanSource.PATTERN),
        Span(21, 25, "ORG", SpanSource.MODEL),
    ]
    found = _found(text, consistency(spans, text, tokenize(text), GAZ, ENGLISH | {"such"}))
    assert found == [("Peter Such", "PERSON"), ("Acme", "ORG"), ("Such", "PERSON"), ("Acme", "ORG")]


def test_clean_span_trims_the_titles_and_possessives() -> None:
    text = "the Reuters's report; King Norodom Sihanouk spoke"
    assert _found(text, [clean_span(Span(0, 13, "ORG", SpanSource.MODEL), text)]) == [("Reuters", "ORG")]
    assert _found(text, [clean_span(Span(22, 43, "PERSON", SpanSource.MODEL), text)]) == [
        ("Norodom Sihanouk", "PERSON")
    ]


def test_clean_span_drops_spans_that_name_nothing() -> None:
    text = "Amid 3rd GDP. Kidnappers seized"
    assert clean_span(Span(0, 4, "ORG", SpanSource.MODEL), text) is None  # a function word
    assert clean_span(Span(5, 8, "ORG", SpanSource.MODEL), text) is None  # an ordinal
    assert clean_span(Span(9, 12, "ORG", SpanSource.MODEL), text) is None  # an acronym of a common noun
    assert clean_span(Span(14, 24, "ORG", SpanSource.MODEL), text, english=ENGLISH) is None


def test_split_span_cuts_at_separators_and_trims_edges() -> None:
    text = "Cricket - Leicestershire, Interfax news agency"
    pieces = split_span(Span(0, len(text), "ORG", SpanSource.MODEL), text, ENGLISH | {"cricket"}, GAZ)
    assert _found(text, pieces) == [("Leicestershire", "ORG"), ("Interfax", "ORG")]


def test_carve_gazetteer_keeps_the_names_inside_ordinary_words() -> None:
    text = "U.S. Stock Market"
    model = [Span(0, 17, "ORG", SpanSource.MODEL)]
    gazetteer = [Span(0, 4, "GPE", SpanSource.CITY)]
    assert carve_gazetteer(model, gazetteer, text, ENGLISH) == [Span(0, 4, "GPE", SpanSource.GAZ)]


def test_extend_spans_region_tail_and_korean_third_part() -> None:
    text = "Amur region; Moon Sang Ho"
    spans = [Span(0, 4, "LOC", SpanSource.GAZ), Span(13, 22, "PERSON", SpanSource.MODEL)]
    assert _found(text, extend_spans(spans, text, GAZ)) == [
        ("Amur region", "GPE"),
        ("Moon Sang Ho", "PERSON"),
    ]


def test_drop_headline_words_on_title_case_lines() -> None:
    text = "Stock Market Soars As Party Congress Opens\nThe market rose."
    english = ENGLISH | {"as", "opens", "rose"}
    party = text.index("Party Congress")
    spans = [Span(0, 12, "ORG", SpanSource.MODEL), Span(party, party + 14, "ORG", SpanSource.PATTERN)]
    assert drop_headline_words(spans, text, text, english) == []
    assert drop_headline_words(spans, text, text, english, names={"Stock Market"}) == spans[:1]
