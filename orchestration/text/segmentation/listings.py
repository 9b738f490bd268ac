"""Listing pages: when a page with prose is still a listing (headlines over summaries) or one story with
subheads, and how a listing's items, section and reason are read."""

from __future__ import annotations

import datetime
import itertools

from orchestration.text.segmentation.classify import _SKIPPED
from orchestration.text.segmentation.items import _headline, _numbered, _ordered, _parse_items, _tail
from orchestration.text.segmentation.lines import _word_count
from orchestration.text.segmentation.locate import _Located
from orchestration.text.segmentation.model import Kind, Page, _Line
from orchestration.text.segmentation.titles import _has_byline_below, _is_headline
from orchestration.text.segmentation.weights import _PARA_BASE_WORDS


def _is_single_story(lines: list[_Line], located: _Located) -> bool:
    """A headline with its own byline or timestamp over text whose parts carry none (a results roundup, a
    list of short items): one story with subheads, where a listing's items are dated or signed each."""
    if located.title is None or not _has_byline_below(
        lines, located.title + 1, min(located.body, located.title + 8)
    ):
        return False
    return not any(ln.kind in (Kind.META, Kind.DATE) for ln in lines[located.body : located.end])


_OPENING_RUN = 3  # paragraphs in a row at the top of a text: an article, whatever lists follow it


def _opens_with_prose(lines: list[_Line], body: int, end: int) -> bool:
    """Whether the text starts with a run of paragraphs (captions, adverts and timestamps aside)."""
    run = 0
    for line in lines[body:end]:
        if line.kind in _SKIPPED:
            continue
        if line.kind is not Kind.PARA or _word_count(line.text) < _PARA_BASE_WORDS:
            break
        run += 1
    return run >= _OPENING_RUN


def _looks_like_listing(lines: list[_Line], start: int, footer: int) -> bool:
    """Headlines each over a summary, more of them than paragraphs that follow paragraphs: a listing.

    An article has runs of prose (a paragraph after a paragraph); a listing alternates headline and summary,
    even where a summary runs over two lines.
    """
    content = [ln for ln in lines[start:footer] if ln.kind in (Kind.TITLE, Kind.PARA)]
    items = runs = 0
    for previous, line in itertools.pairwise(content):
        if line.kind is not Kind.PARA:
            continue
        if previous.kind is Kind.TITLE and _word_count(previous.text) >= 3:
            items += 1
        elif previous.kind is Kind.PARA and _word_count(line.text) >= 6:
            runs += 1
    return items >= 3 and runs < items


_MAX_LISTING_LABELS = 2  # a section name (and a breadcrumb) right above a listing's items


def _listing_bounds(lines: list[_Line], start: int, located: _Located | None) -> tuple[int, int]:
    """(first, end) of a listing's items: the page's main stretch of prose (its summaries) with the
    headline and section labels right above it; without one, from the top to the first footer line below the
    first headline (a menu above it does not count)."""
    n = len(lines)
    if located is not None:
        first = located.region_start
        if first > start and _is_headline(lines[first - 1]):
            first -= 1
        pictures = 0  # the first item's photo caption and credit
        while (
            first > start
            and pictures < _MAX_LISTING_LABELS
            and lines[first - 1].kind in (Kind.CAPTION, Kind.CREDIT)
        ):
            first -= 1
            pictures += 1
        labels = 0
        while first > start and labels < _MAX_LISTING_LABELS:
            above = lines[first - 1]
            if above.kind in (Kind.INLINE, Kind.JUNK):  # pagination, "Advertisement"
                first -= 1
            elif above.kind is Kind.TITLE and _word_count(above.text) <= 3:
                first -= 1
                labels += 1
            else:
                break
        return first, located.end
    first_title = next(
        (k for k in range(start, n) if lines[k].kind is Kind.TITLE and _word_count(lines[k].text) >= 3), n
    )
    return start, next((k for k in range(first_title, n) if lines[k].kind is Kind.FOOTER), n)


def _listing_page(
    lines: list[_Line],
    start: int,
    page_date: datetime.date | None,
    boilerplate: dict[int, str],
    located: _Located | None = None,
) -> Page:
    first, footer = _listing_bounds(lines, start, located)
    boilerplate.update((ln.index, ln.text) for ln in lines[start:first])
    region = lines[first:footer]
    boilerplate.update((ln.index, ln.text) for ln in region if ln.kind in (Kind.FOOTER, Kind.INLINE))
    section: str | None = None
    content = [k for k, ln in enumerate(region) if ln.kind not in _SKIPPED or ln.kind is Kind.CAPTION]
    if content:
        first = region[content[0]]
        nxt = region[content[1]] if len(content) > 1 else None
        # A tag page opens with its section name: a label of a few words, or a short line without a summary.
        words = _word_count(first.text)
        if first.kind is Kind.TITLE and (
            words <= 3 or (words <= 5 and (nxt is None or nxt.kind is not Kind.PARA))
        ):
            section = first.text
            region = region[content[0] + 1 :]
    items, leftovers = _parse_items(region, min_words=3)
    boilerplate.update((ln.index, ln.text) for ln in leftovers)
    more = _tail(lines[footer:], boilerplate)
    headlines = [_headline(item, "listing", strict=True) for item in items]
    headlines += [_headline(item, "teaser", strict=False) for item in more]
    if headlines:
        kind, reason = "listing", _LISTING_REASON
    else:
        kind, reason = "empty", _NO_TEXT_REASON if not lines else _NO_MAIN_TEXT_REASON
    return Page(page_date, kind, section, _numbered(headlines), (), _ordered(boilerplate), reason)


_LISTING_REASON = "headlines (with or without summaries) and no article text"
_NO_MAIN_TEXT_REASON = (
    "no main text: no paragraphs of prose and no headlines, only menus, labels and short lines"
)
_NO_TEXT_REASON = "no text: the page is blank"
