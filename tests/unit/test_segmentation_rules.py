"""The segmentation rules one module at a time: each rule on the few lines that show it, without a whole page."""

from __future__ import annotations

import datetime

import pytest

from orchestration.text.segmentation.body import _announces_list, _inner_headings, _with_announced_list
from orchestration.text.segmentation.captions import _ArticleParts, _glued_caption, _without_author_bio
from orchestration.text.segmentation.classify import _lines, classify, is_title_case
from orchestration.text.segmentation.furniture import _is_nav_menu, _notice_cues, _unavailable_notice
from orchestration.text.segmentation.items import _is_truncated, _parse_items
from orchestration.text.segmentation.lines import _key, _split_parts, _word_count, repair, repair_prose
from orchestration.text.segmentation.meta_lines import (
    _WEEKDAY_RE,
    _is_meta,
    byline_of,
    credit_only,
    split_caption_credit,
)
from orchestration.text.segmentation.model import Kind
from orchestration.text.segmentation.titles import _find_title_repeats, _is_tag, _split_tag
from orchestration.text.segmentation.weights import _after, _candidate_regions, _line_weight

PARA = "The ministry said on Monday that the new rules would take effect next year across the country."
PARA2 = "Officials expect the change to affect about two million households, according to the statement."


def _page(*rows: str) -> str:
    return "\n\n".join(rows)


# --- lines: repair, keys, counts ---------------------------------------------------------------------------


def test_repair_collapses_space_escapes_entities_and_the_end_mark() -> None:
    assert repair("  It\\'s   a &quot;test&quot; (END)") == 'It\'s a "test"'


def test_repair_prose_splits_glued_sentences_but_not_abbreviations() -> None:
    assert (
        repair_prose("He left on Monday.The ministry said so.") == "He left on Monday. The ministry said so."
    )
    assert repair_prose("Talks with Mr.Kim ended.") == "Talks with Mr.Kim ended."


def test_key_ignores_quote_style_ellipses_and_spacing() -> None:
    assert _key("“Hello”  world…") == _key('"Hello" world...')


def test_word_count_counts_cjk_characters_in_pairs() -> None:
    assert _word_count("two words") == 2
    assert _word_count("北朝鮮が発表") == 1 + 3  # one space-separated run, six CJK characters


def test_split_parts_at_separators() -> None:
    assert _split_parts("Home | World · Asia") == ["Home", "World", "Asia"]
    assert _split_parts("no separator here") == ["no separator here"]


# --- furniture ---------------------------------------------------------------------------------------------


def test_nav_menu_is_three_short_parts() -> None:
    assert _is_nav_menu("Home | World | Business")
    assert not _is_nav_menu("Home | World")


def test_notice_cues_counts_distinct_cues_of_a_long_line() -> None:
    notice = (
        "We use cookies and share data with our partners to personalise ads; manage your preferences here."
    )
    assert _notice_cues(notice) >= 2
    assert _notice_cues("Subscribe now") == 0  # too short to be a notice


def test_unavailable_notice_quotes_the_phrase() -> None:
    lines = _lines(_page("Oops", "Sorry, the page you were looking for could not be found on this site."))
    reason = _unavailable_notice(lines, None, 1, len(lines))
    assert reason is not None and "page you were looking for" in reason


# --- metadata lines ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Jane Doe", "By Jane Doe"),
        ("By Jane Doe | Dec 5, 2025", "By Jane Doe"),
        ("Chris Davies - Nov 19, 2019, 10:31 pm CST", "Chris Davies"),
        ("Von Jana Brückner und Tobias Weiland", "Von Jana Brückner und Tobias Weiland"),
        ("Friday - Nov 19, 2019", None),  # a weekday, not a name
        ("The ministry said so.", None),
    ],
)
def test_byline_of(line: str, byline: str | None) -> None:
    assert byline_of(line) == byline


@pytest.mark.parametrize(
    "word", ["Mon", "mon.", "Tues", "Wednesday", "THURS", "Thu", "Saturday", "Sat.", "Montag", "sexta-feira"]
)
def test_weekday_spellings(word: str) -> None:
    assert _WEEKDAY_RE.fullmatch(word)


@pytest.mark.parametrize("word", ["Thur", "Monty", "Jane", "Frid"])
def test_not_weekdays(word: str) -> None:
    assert not _WEEKDAY_RE.fullmatch(word)


def test_meta_lines() -> None:
    assert _is_meta("Published: December 5, 2025")
    assert _is_meta("5 hours ago")
    assert _is_meta("By Jane Doe · 3 min read")
    assert not _is_meta("North Korea fires missile into the sea")


def test_credit_only() -> None:
    assert credit_only("Courtesy of the Seoul Museum") == "the Seoul Museum"
    assert credit_only("(Yonhap)") == "Yonhap"
    assert credit_only("AP Photo/Jane Doe") == "AP Photo/Jane Doe"
    assert credit_only("The museum opened on Monday.") is None


def test_split_caption_credit() -> None:
    assert split_caption_credit("Kim Jong Un inspects a factory in Pyongyang / News1") == (
        "Kim Jong Un inspects a factory in Pyongyang",
        "News1",
    )
    assert split_caption_credit("Visitors look at the exhibition on Monday. (Yonhap)") == (
        "Visitors look at the exhibition on Monday.",
        "Yonhap",
    )
    assert split_caption_credit("Visitors look at the exhibition (Photo: Jane Roe)") == (
        "Visitors look at the exhibition",
        "Jane Roe",
    )
    assert split_caption_credit(PARA) is None


# --- classify ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Most Popular", Kind.FOOTER),
        ("© 2025 The Daily Example. All rights reserved.", Kind.FOOTER),
        ("Advertisement", Kind.INLINE),
        ("Home | World | Business | Sports", Kind.INLINE),
        ("December 5, 2025", Kind.DATE),
        ("By Jane Doe", Kind.META),
        ("Photo: Jane Roe", Kind.CREDIT),
        ("Kim Jong Un inspects a factory in Pyongyang / News1", Kind.CAPTION),
        ("North Korea Fires Missile Into the Sea", Kind.TITLE),
        (PARA, Kind.PARA),
        ("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5eg==", Kind.JUNK),
    ],
)
def test_classify(line: str, kind: Kind) -> None:
    assert classify(line) is kind


def test_title_case() -> None:
    assert is_title_case("North Korea Fires Missile Into the Sea")
    assert not is_title_case("North Korea fires missile into the sea")


def test_lines_keep_block_numbers_and_skip_blanks() -> None:
    lines = _lines("One line\r\nsame block\r\n\r\n\r\nnext block\n")
    assert [(ln.text, ln.block) for ln in lines] == [("One line", 0), ("same block", 0), ("next block", 1)]


# --- weights -----------------------------------------------------------------------------------------------


def test_line_weights_favour_prose() -> None:
    prose, title, footer, copyright_line = _lines(
        _page(PARA, "North Korea Fires Missile", "Most Popular", "© 2025 Example News")
    )
    assert _line_weight(prose, frozenset()) > 0
    assert _line_weight(title, frozenset()) < 0
    assert _line_weight(footer, frozenset()) < _line_weight(title, frozenset())
    assert _line_weight(copyright_line, frozenset()) is None  # the page has ended


def test_candidate_regions_best_first_and_disjoint() -> None:
    regions = _candidate_regions([5.0, 3.0, None, -20.0, 1.0, 1.0], 3)
    assert regions[0][:2] == (0, 1)
    assert all(not (a[0] <= b[0] <= a[1]) for a in regions for b in regions if a is not b)


def test_after() -> None:
    assert _after([2, 5, 9], 3) == 5
    assert _after([2, 5, 9], 10) is None


# --- titles ------------------------------------------------------------------------------------------------


def test_split_tag_at_case_changes() -> None:
    assert _split_tag("NorthKorea") == "North Korea"
    assert _split_tag("a very long prefix of many words that is no tag") is None


def test_is_tag() -> None:
    assert _is_tag("NorthKorea")  # glued without a space
    assert _is_tag("World | ")
    assert not _is_tag("")


def test_find_title_repeats_verbatim_and_glued() -> None:
    title = "Seoul unveils plan to cut emissions"
    lines = _lines(_page(title, f"Environment{title}", PARA, PARA2))
    (repeat,) = _find_title_repeats(lines, 0)
    assert (repeat.title, repeat.repeat, repeat.section) == (0, 1, "Environment")


# --- items -------------------------------------------------------------------------------------------------


def test_is_truncated() -> None:
    assert _is_truncated("The ministry said on Monday that...", strict_punctuation=False)
    assert _is_truncated("The ministry said on Monday that", strict_punctuation=True)
    assert not _is_truncated("The ministry said on Monday that", strict_punctuation=False)


def test_parse_items_pairs_headlines_with_summaries() -> None:
    lines = _lines(_page("Seoul unveils emissions plan", PARA, "Tokyo markets close higher", PARA2))
    items, leftovers = _parse_items(lines, min_words=3)
    assert [(item.text, item.summary) for item in items] == [
        ("Seoul unveils emissions plan", PARA),
        ("Tokyo markets close higher", PARA2),
    ]
    assert leftovers == []


# --- body --------------------------------------------------------------------------------------------------


def test_announces_list() -> None:
    assert _announces_list("The tour dates are:")
    assert not _announces_list("Follow us on:")
    assert not _announces_list(PARA)


def test_with_announced_list_extends_the_end_over_the_list() -> None:
    lines = _lines(
        _page(
            PARA, "The tour dates are as follows this year:", "Seoul, May 3", "Busan, May 5", "Most Popular"
        )
    )
    assert _with_announced_list(lines, 1) == 4  # up to the footer


def test_inner_headings_between_paragraphs() -> None:
    lines = _lines(_page(PARA, "What Comes Next", PARA2))
    assert _inner_headings(lines, 0, len(lines)) == {1}


# --- captions ----------------------------------------------------------------------------------------------


def test_glued_caption_before_a_wire_dateline() -> None:
    paragraph = (
        "Officials attend a ceremony in Seoul on Dec. 22. SEOUL, Dec. 22 (Yonhap) -- The ministry said."
    )
    found = _glued_caption(paragraph, datetime.date(2025, 12, 22))
    assert found is not None
    caption, _credit, rest = found
    assert caption.startswith("Officials attend a ceremony") and rest.startswith("SEOUL")


def test_glued_caption_with_its_credit() -> None:
    paragraph = (
        "Officials attend a press conference on Dec. 22. (Agency Name)Korea's industry is bracing for cuts."
    )
    assert _glued_caption(paragraph, None) == (
        "Officials attend a press conference on Dec. 22.",
        "Agency Name",
        "Korea's industry is bracing for cuts.",
    )


def test_without_author_bio() -> None:
    bio = "Jane Roe covers transport for the paper."
    assert _without_author_bio((PARA, bio), ("Jane Roe",)) == (PARA,)
    assert _without_author_bio((PARA, bio), ()) == (PARA, bio)


def test_article_parts_keep_the_caption_copy_without_escapes() -> None:
    parts = _ArticleParts(captions={}, credits={}, paragraphs={})
    escaped, clean = _lines(_page("The minister\\'s visit to Busan", "The minister's visit to Busan"))
    parts.add_caption(escaped, escaped.text)
    parts.add_caption(clean, clean.text)
    ((_text, score),) = parts.captions.values()
    assert score[0]  # the copy that needed no repair won
