"""The entry point: one page's text to a Page (page date, article, teasers, boilerplate), or a listing or
empty page with the reason."""

from __future__ import annotations

import datetime

from orchestration.text.bylines import authors_of
from orchestration.text.dates import find_date, parse_dateline, parse_wire_dateline
from orchestration.text.main_text import stoplist_for_words
from orchestration.text.segmentation.body import _inner_headings
from orchestration.text.segmentation.captions import (
    _ArticleParts,
    _is_photo_caption,
    _published,
    _unglue_first_caption,
    _without_author_bio,
)
from orchestration.text.segmentation.classify import _lines
from orchestration.text.segmentation.furniture import _unavailable_notice
from orchestration.text.segmentation.items import _headline, _numbered, _ordered, _parse_items, _tail
from orchestration.text.segmentation.lines import _key, _word_count, repair_prose
from orchestration.text.segmentation.listings import (
    _is_single_story,
    _listing_page,
    _looks_like_listing,
    _opens_with_prose,
)
from orchestration.text.segmentation.locate import _locate_article
from orchestration.text.segmentation.meta_lines import _PUBLISHED_RE, byline_of
from orchestration.text.segmentation.model import Article, Headline, Kind, Page, _Line
from orchestration.text.segmentation.titles import _first_content_after, _is_author_line, _is_dek_after
from orchestration.text.segmentation.weights import _runs, _tokens

_DATELINE_SCAN = 20  # the page dateline is among the first lines


def _page_date(lines: list[_Line]) -> tuple[datetime.date | None, int]:
    """The page date from a bare date line among the first lines, and the index after it."""
    seen = 0
    for i, line in enumerate(lines[:_DATELINE_SCAN]):
        if line.kind is Kind.DATE:
            return parse_dateline(line.text), i + 1
        if line.kind is Kind.META and not _PUBLISHED_RE.match(line.text) and not byline_of(line.text):
            found = find_date(line.text)  # "Friday, December 5, 2025 | Seoul", "Seoul, 5 December 2025"
            if found:
                return found, i + 1
        if line.kind in (Kind.FOOTER, Kind.INLINE, Kind.JUNK):
            continue  # navigation above the dateline
        seen += 1
        if seen >= 4 or line.kind is Kind.PARA or (line.kind is Kind.TITLE and _word_count(line.text) >= 4):
            break
    return None, 0


def _segment(text: str) -> Page:
    lines = _lines(text)
    page_date, start = _page_date(lines)
    # Dropped lines by line index, so the boilerplate comes out in page order.
    boilerplate = {ln.index: ln.text for ln in lines[:start] if ln.kind in (Kind.FOOTER, Kind.INLINE)}

    runs = _runs(lines)
    stoplist = stoplist_for_words(_tokens(ln.text) for ln in lines if ln.kind is Kind.PARA)
    located = _locate_article(lines, start, runs, stoplist)
    if located is None or (
        located.repeat is None
        and not located.list_body
        and not _opens_with_prose(lines, located.body, located.end)
        and not _is_single_story(lines, located)
        and _looks_like_listing(lines, max(start, located.region_start - 1), located.end)
    ):
        return _listing_page(lines, start, page_date, boilerplate, located)
    title_idx, body, footer, repeat = located.title, located.body, located.end, located.repeat
    unavailable = _unavailable_notice(lines, title_idx, body, footer)
    if unavailable:
        return Page(page_date, "empty", None, (), (), _ordered(boilerplate), unavailable)

    head_end = title_idx if title_idx is not None else body
    parts = _ArticleParts(captions={}, credits={}, paragraphs={})
    section = repeat.section if repeat else None

    # Before the title: teasers, navigation, a section label, metadata.
    pre = [ln for ln in lines[start:head_end] if not (repeat and ln.index == repeat.repeat)]
    # Metadata counts for the article only below the last teaser (a teaser may carry its own byline).
    zone = max((k for k, ln in enumerate(pre) if ln.kind in (Kind.PARA, Kind.TITLE)), default=-1)
    for k, line in enumerate(pre):
        if line.kind in (Kind.FOOTER, Kind.INLINE):
            boilerplate[line.index] = line.text
        elif line.kind is Kind.META and (k > zone or _word_count(pre[zone].text) < 3):
            parts.add_meta(line.text, page_date)
    teasers, labels = _parse_items(pre, min_words=3)
    if labels and section is None and pre[-1] is labels[-1] and _word_count(labels[-1].text) <= 4:
        section = labels.pop().text  # a short label right above the title is its section
    boilerplate.update((ln.index, ln.text) for ln in labels)

    # Between the title and the body: the glued copy, captions, credits, byline, dek.
    dek: str | None = None
    caption_blocks = {lines[repeat.repeat].block} if repeat else set()
    for line in lines[head_end + 1 if title_idx is not None else body : body]:
        if repeat and line.index == repeat.repeat:
            continue
        if line.kind in (Kind.FOOTER, Kind.INLINE):
            boilerplate[line.index] = line.text
        elif line.kind in (Kind.CREDIT, Kind.CAPTION, Kind.META, Kind.DATE):
            parts.add_line(line, page_date)
            if line.kind in (Kind.CREDIT, Kind.CAPTION):
                caption_blocks.add(line.block)
        elif line.block in caption_blocks and line.kind is not Kind.JUNK:
            parts.add_caption(line, line.text)  # text glued under the title copy is a caption
        elif _is_photo_caption(lines, line.index):
            parts.add_caption(line, line.text)
        elif line.kind is Kind.PARA and dek is None and parts.byline is None and not parts.captions:
            dek = repair_prose(line.text)
        elif (
            line.kind is Kind.TITLE
            and dek is None
            and title_idx is not None
            and line.index == _first_content_after(lines, title_idx)
            and _is_dek_after(lines, line.index, body + 1)
        ):
            dek = line.text
        elif line.kind is Kind.TITLE and parts.byline is None and _is_author_line(lines, line.index):
            parts.byline = line.text
        elif line.kind is Kind.PARA:
            parts.add_caption(line, line.text)

    # The body: paragraphs, and the subheads and short list items between them, until the footer.
    inner = _inner_headings(lines, body, footer)
    for line in lines[body:footer]:
        if line.kind is Kind.PARA and _is_photo_caption(lines, line.index):
            parts.add_caption(line, line.text)
        elif line.kind is Kind.PARA or line.index in inner or (located.list_body and line.kind is Kind.TITLE):
            paragraph = repair_prose(line.text)
            parts.paragraphs.setdefault(_key(paragraph).casefold(), paragraph)
        elif line.kind in (Kind.INLINE, Kind.FOOTER):
            boilerplate[line.index] = line.text
        elif line.kind is not Kind.TITLE:
            parts.add_line(line, page_date)

    # After the footer: boilerplate, and further headlines (related/popular lists).
    more = _tail(lines[footer:], boilerplate)

    _unglue_first_caption(parts, page_date)
    byline_names = authors_of(parts.byline) if parts.byline else ()
    paragraphs = _without_author_bio(tuple(parts.paragraphs.values()), byline_names)
    if len(paragraphs) < len(parts.paragraphs):  # the bio is boilerplate, in its place on the page
        bio = list(parts.paragraphs.values())[-1]
        where = next((ln.index for ln in lines[body:footer] if repair_prose(ln.text) == bio), footer)
        boilerplate[where] = bio
    if not paragraphs and lines[body].kind is Kind.CAPTION:
        # A photo story: its text is the caption (the credit stays a credit).
        paragraphs = tuple(text for text, _ in parts.captions.values())
    wire = parse_wire_dateline(paragraphs[0], page_date) if paragraphs else None
    title = lines[title_idx].text if title_idx is not None else ""
    published, source = _published(parts, wire)
    article = Article(
        title=title,
        section=section,
        byline=parts.byline,
        dateline_place=wire.place if wire else None,
        published_date=published.date if published else None,
        paragraphs=paragraphs,
        photo_captions=tuple(text for text, _ in parts.captions.values()),
        photo_credits=tuple(parts.credits.values()),
        subtitle=dek,
        authors=byline_names,
        published=published,
        updated=parts.updated,
        published_date_source=source,
    )
    headlines = [_headline(item, "teaser", strict=False) for item in teasers]
    if title:
        headlines.append(Headline(0, title, dek, "main", False, None, 0))
    headlines += [_headline(item, "teaser", strict=False) for item in more]
    return Page(page_date, "article", section, _numbered(headlines), (article,), _ordered(boilerplate))


def segment_page(text: str) -> Page:
    """Segment one page's text; total: any string gives a Page."""
    try:
        return _segment(text if isinstance(text, str) else str(text))
    except Exception:  # a parser bug must not fail a whole load; an empty page is the honest answer
        return Page(None, "empty", None, (), (), (), "the page could not be read (a segmenter error)")
