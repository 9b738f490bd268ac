"""Page-structure scoring: the benchmark's shingle metric for bodies, title accuracy, the team's split."""

from __future__ import annotations

import pytest

from orchestration.eval.pages import (
    BodyScores,
    TitleGold,
    format_body_table,
    format_per_page,
    format_titles,
    is_holdout,
    join_article_bodies,
    score_bodies,
    score_page,
    score_titles,
    shingles,
)


def test_shingles_are_word_four_grams_with_case_kept() -> None:
    assert shingles("The cat sat, on the mat.") == {
        ("The", "cat", "sat", "on"): 1,
        ("cat", "sat", "on", "the"): 1,
        ("sat", "on", "the", "mat"): 1,
    }
    assert shingles("a b c d a b c d")[("a", "b", "c", "d")] == 2


def test_short_and_empty_texts() -> None:
    assert shingles("Hello, world!") == {("Hello", "world"): 1}
    assert shingles("one") == {("one",): 1}
    assert shingles("") == {} and shingles(" -- ... ") == {}


def test_page_counts_and_ratios() -> None:
    # gold shingles abcd bcde cdef; predicted abcd bcde cdex
    s = score_page("p", "a b c d e f", "a b c d e x")
    assert (s.tp, s.fp, s.fn) == (2, 1, 1)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(2 / 3)


def test_repeated_shingles_count_up_to_the_smaller_side() -> None:
    # gold abcd x2, bcda, cdab, dabc; predicted abcd once
    s = score_page("p", "a b c d a b c d", "a b c d")
    assert (s.tp, s.fp, s.fn) == (1, 0, 4)
    assert s.precision == 1.0 and s.recall == pytest.approx(0.2)


def test_short_texts_are_one_shingle_each() -> None:
    same = score_page("p", "Hi there", "Hi there")
    assert (same.tp, same.fp, same.fn) == (1, 0, 0) and same.precision == same.recall == 1.0
    near = score_page("p", "Hi there", "Hi there friend")  # ("Hi", "there") vs ("Hi", "there", "friend")
    assert (near.tp, near.fp, near.fn) == (0, 1, 1) and near.precision == 0.0 and near.recall == 0.0


def test_empty_prediction_counts_for_recall_only() -> None:
    s = score_page("p", "a b c d e", "")
    assert (s.tp, s.fp, s.fn) == (0, 0, 2)
    assert not s.counts_for_precision and s.counts_for_recall and s.recall == 0.0


def test_both_empty_is_perfect_but_averaged_nowhere() -> None:
    s = score_page("p", "", "")
    assert s.precision == 1.0 and s.recall == 1.0
    assert not s.counts_for_precision and not s.counts_for_recall
    assert BodyScores((s,)).precision is None and BodyScores((s,)).f1 is None


def test_means_skip_pages_with_nothing_on_that_side() -> None:
    gold = {"a": "a b c d e f", "b": "a b c d e", "c": "a b c d a b c d"}
    predicted = {"a": "a b c d e x", "c": "a b c d", "not-in-gold": "ignored words here"}
    scores = score_bodies(gold, predicted)
    assert [s.doc for s in scores.pages] == ["a", "b", "c"]
    mean_p = (2 / 3 + 1.0) / 2  # page b predicted nothing
    mean_r = (2 / 3 + 0.0 + 0.2) / 3
    assert scores.precision == pytest.approx(mean_p)
    assert scores.recall == pytest.approx(mean_r)
    assert scores.f1 == pytest.approx(2 * mean_p * mean_r / (mean_p + mean_r))


def test_split_is_a_fixed_third_by_hash() -> None:
    # values of int(sha256(id).hexdigest(), 16) % 3 == 0, the rule every helper of the team uses
    assert is_holdout("delta") and not is_holdout("alpha") and not is_holdout("beta")
    share = sum(is_holdout(f"doc-{i}") for i in range(3000)) / 3000
    assert 0.3 < share < 0.37


def test_only_keeps_one_part() -> None:
    scores = score_bodies({"alpha": "a b c d", "delta": "a b c d"}, {"alpha": "a b c d", "delta": "x y z w"})
    assert scores.only("tune").f1 == 1.0
    assert scores.only("holdout").f1 == 0.0
    assert scores.only("all").recall == 0.5


def test_join_article_bodies_in_order_by_stem() -> None:
    rows = [("sub/a.txt", "First."), ("sub/a.txt", "Second."), ("b.html", None)]
    assert join_article_bodies(rows) == {"a": "First.\n\nSecond.", "b": ""}


def test_body_table_and_per_page_listing() -> None:
    gold = {"alpha": "a b c d e", "beta": "a b c d e"}
    rows = {
        "dateline raw_text": score_bodies(gold, {"alpha": "a b c d e", "beta": ""}),
        "whole page text": score_bodies(gold, {"alpha": "a b c d e", "beta": "a b c d e"}),
    }
    table = format_body_table(rows).splitlines()
    # tune has both pages, holdout none: P 1.0 (beta predicted nothing), R 0.5, F1 2/3; holdout shows "-"
    assert table[2].split() == ["dateline", "raw_text", "|", "1.000", "0.500", "0.667", "|", "1.000", "0.500",
                                "0.667", "|", "-", "-", "-"]  # fmt: skip
    assert table[-1] == "pages: all 2, tune 2, holdout 0"
    listing = format_per_page(rows).splitlines()
    assert listing[0].split()[-3:] == ["raw_text", "|", "whole"]
    assert listing[3].startswith("beta") and listing[3].split()[-5:] == ["-", "0.00", "|", "1.00", "1.00"]
    assert listing[4].startswith("alpha")


def test_titles_compare_after_collapsing_whitespace() -> None:
    gold = [
        TitleGold("alpha", "Kim  visits\nSeoul", "Yonhap"),
        TitleGold("beta", "A title", "Yonhap"),
        TitleGold("delta", "Another title", "Herald"),
    ]
    results = score_titles(
        gold, {"alpha": " Kim visits Seoul ", "beta": "A different title"}, {"beta": "article"}
    )
    assert [r.correct for r in results] == [True, False, False]
    assert results[2].got is None and results[2].page_kind is None
    text = format_titles(results)
    lines = text.splitlines()
    assert lines[1].split() == ["all", "0.333", "(1/3)"]
    assert lines[2].split() == ["tune", "0.500", "(1/2)"]
    assert lines[3].split() == ["holdout", "0.000", "(0/1)"]
    assert "misses (2):" in lines
    assert "    got:  (no article)" in lines and "    got:  A different title" in lines
    assert "  delta [Herald; holdout; page_kind None]" in lines
