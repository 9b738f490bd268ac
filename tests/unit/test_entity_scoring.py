"""Entity scoring: strict and overlap P/R/F1 with the CoNLL label mapping."""

from __future__ import annotations

import pytest

from orchestration.eval.entities import conll_label, first_line_end, format_scores, score_entities


def _r(doc: str, start: int, end: int, label: str) -> dict[str, object]:
    return {"doc": doc, "start": start, "end": end, "text": "x" * (end - start), "label": label}


@pytest.mark.parametrize(
    ("label", "expected"),
    [("PERSON", "PER"), ("ORG", "ORG"), ("GPE", "LOC"), ("LOC", "LOC"), ("FAC", "LOC"), ("NORP", "MISC"),
     ("EVENT", "MISC"), ("MISC", "MISC")],
)  # fmt: skip
def test_conll_label_mapping(label: str, expected: str) -> None:
    assert conll_label(label) == expected


def test_strict_and_overlap_scores() -> None:
    gold = [_r("a", 10, 20, "PERSON"), _r("a", 30, 40, "ORG"), _r("a", 50, 60, "LOC"), _r("b", 0, 5, "LOC")]
    pred = [
        _r("a", 10, 20, "PERSON"),  # exact
        _r("a", 30, 35, "ORG"),  # overlap only
        _r("a", 50, 60, "GPE"),  # exact (GPE counts as LOC)
        _r("b", 0, 5, "ORG"),  # wrong type
        _r("b", 70, 80, "FAC"),  # spurious
    ]
    s = score_entities(gold, pred)
    assert s.strict["PER"].f1 == 1.0
    assert s.strict["ORG"].precision == 0.0 and s.overlap["ORG"].precision == 0.5
    assert s.overlap["ORG"].recall == 1.0
    assert s.strict["LOC"].pred_total == 2 and s.strict["LOC"].pred_correct == 1
    assert s.strict["LOC"].recall == 0.5
    micro = s.strict["micro"]
    assert (micro.pred_correct, micro.pred_total, micro.gold_found, micro.gold_total) == (2, 5, 2, 4)
    assert s.headline_f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)


def test_misc_is_reported_but_not_in_micro() -> None:
    gold = [_r("a", 0, 5, "MISC"), _r("a", 10, 15, "PERSON")]
    pred = [_r("a", 0, 5, "NORP"), _r("a", 10, 15, "PERSON")]
    s = score_entities(gold, pred)
    assert s.strict["MISC"].f1 == 1.0
    assert s.strict["micro"].gold_total == 1 and s.strict["micro"].f1 == 1.0


def test_line_one_is_ignored_on_both_sides() -> None:
    text = "Friday, August 30, 1996\n\nLONDON"
    cut = {"a": first_line_end(text)}
    gold = [_r("a", 0, 6, "MISC"), _r("a", 25, 31, "LOC")]
    pred = [_r("a", 0, 6, "PERSON"), _r("a", 25, 31, "GPE")]
    s = score_entities(gold, pred, cut)
    assert s.strict["micro"].precision == 1.0 and s.strict["micro"].recall == 1.0


def test_empty_inputs_and_table() -> None:
    s = score_entities([], [])
    assert s.strict["micro"].f1 == 0.0
    table = format_scores(s)
    assert "micro" in table and "PER" in table
