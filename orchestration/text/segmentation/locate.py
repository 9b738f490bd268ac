"""Which stretch of prose is the page's article: of the candidate regions, the one with the most prose and
headline evidence above it, stopping at a comment thread; a repeated title over one paragraph, a brief, or
a headed list where no region qualifies."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from orchestration.text.segmentation.body import _body_end, _body_start, _end_at_box, _with_announced_list
from orchestration.text.segmentation.classify import _SKIPPED
from orchestration.text.segmentation.furniture import _COMMENTS_RE
from orchestration.text.segmentation.lines import _word_count
from orchestration.text.segmentation.model import Kind, _Line
from orchestration.text.segmentation.titles import (
    _TITLE_ZONE,
    _choose_title,
    _copies,
    _find_title_repeats,
    _has_byline_below,
    _is_author_line,
    _is_headline,
    _reads_like_headline,
    _TitleRepeat,
)
from orchestration.text.segmentation.weights import (
    _MIN_BRIEF_WORDS,
    _PARA_BASE_WORDS,
    _candidate_regions,
    _line_weight,
    _Runs,
)

_MAX_SUMMARY_WORDS = 80


def _is_item_summary(lines: list[_Line], k: int) -> bool:
    """A paragraph between two headlines: a teaser's or a listing item's summary, not an article's text."""
    if _word_count(lines[k].text) > _MAX_SUMMARY_WORDS:
        return False  # a story of one long paragraph under its headline
    before = next((lines[j] for j in range(k - 1, -1, -1) if lines[j].kind not in _SKIPPED), None)
    after = next((lines[j] for j in range(k + 1, len(lines)) if lines[j].kind not in _SKIPPED), None)
    return _is_headline(before) and _is_headline(after)


def _region_start_anchor(lines: list[_Line], first: int, last: int) -> int | None:
    """The region's first substantial paragraph that is not a teaser's summary (a photo story's caption too)."""
    return next(
        (
            k
            for k in range(first, last + 1)
            if lines[k].kind in (Kind.PARA, Kind.CAPTION)
            and _word_count(lines[k].text) >= _PARA_BASE_WORDS
            and not _is_item_summary(lines, k)
            and not (k == first and _reads_like_headline(lines, k))
        ),
        None,
    )


_CANDIDATE_REGIONS = 4
_TITLE_EVIDENCE = 10.0  # words of prose one point of headline evidence is worth
_REPEAT_SCORE = 5.0  # a title printed twice, as the headline evidence of the text below it


@dataclass(frozen=True)
class _Located:
    title: int | None
    body: int
    end: int  # exclusive
    repeat: _TitleRepeat | None
    evidence: float  # the region's prose weight plus its headline's evidence
    region_start: int
    list_body: bool = False  # the text is a list of short lines, not paragraphs


def _headed_region(
    lines: list[_Line],
    region: tuple[int, int, float],
    start: int,
    runs: _Runs,
    repeats: list[_TitleRepeat],
    copies: Counter[str],
) -> _Located | None:
    """The article a stretch of prose would be: its headline, where its text starts, and how sure that is."""
    first, last, total = region
    body = _region_start_anchor(lines, first, last)
    if body is None:
        return None
    floor = max(start, first - _TITLE_ZONE)
    # A repeated title is the strongest cue: the repeat closest above the body.
    above = [r for r in repeats if floor <= r.title < body and max(r.title, r.repeat) < body]
    if above:
        repeat = above[-1]
        after = max(repeat.repeat, repeat.title) + 1
        body = next((k for k in range(after, body + 1) if lines[k].kind is Kind.PARA), body)
        end = _end_at_box(lines, runs, body, last + 1)
        return _Located(repeat.title, body, end, repeat, total + _TITLE_EVIDENCE * _REPEAT_SCORE, first)
    title, score = _choose_title(lines, body, start, last + 1, copies)
    if body > first and not any(ln.kind in (Kind.META, Kind.DATE) for ln in lines[first : last + 1]):
        # Every paragraph of the region sits between two headlines, yet none of those is signed or dated:
        # subheads of one story (a results roundup) under a headline that is, right above the region.
        top, top_score = _choose_title(lines, first, start, last + 1, copies)
        if (
            top is not None
            and top_score > score
            and _has_byline_below(lines, top + 1, min(first + 1, top + 8))
        ):
            title, score, body = top, top_score, first
    start_at = _body_start(lines, title, body, last)
    end = _with_announced_list(lines, _end_at_box(lines, runs, start_at, last + 1))
    return _Located(title, start_at, end, None, total + _TITLE_EVIDENCE * score, first)


def _locate_article(lines: list[_Line], start: int, runs: _Runs, stoplist: frozenset[str]) -> _Located | None:
    """Where the page's article is (its title, body, end and title repeat); None on a page without one.

    Of the page's main stretches of prose, the article is the one with the most prose *and* headline
    evidence above it (a repeated title, a byline or timestamp under a headline): a long paragraph of
    contact details in the footer outweighs a two-paragraph story on prose alone, not with its headline.
    """
    n = len(lines)
    weights = [None if k < start else _line_weight(ln, stoplist) for k, ln in enumerate(lines)]
    repeats = _find_title_repeats(lines[start:], start)
    copies = _copies(lines[start:])
    regions = _candidate_regions(weights, _CANDIDATE_REGIONS)
    # Below a comment thread's header that follows some prose, everything is comments.
    thread = next(
        (
            k
            for k, ln in enumerate(lines)
            if ln.kind is Kind.FOOTER
            and _COMMENTS_RE.match(ln.text)
            and any(last < k and total >= _MIN_BRIEF_WORDS for _first, last, total in regions)
        ),
        None,
    )
    located = [
        found
        for region in regions
        if (thread is None or region[0] < thread)
        and (found := _headed_region(lines, region, start, runs, repeats, copies)) is not None
    ]
    if located:
        best = max(located, key=lambda found: found.evidence)  # max keeps the first of equals: page order
        if best.title is None:  # prose without any headline over it: a headed list, if any, is the article
            return _headed_list(lines, start) or best
        return best
    if repeats:  # a repeated title over a one-paragraph story
        after = max(repeats[0].repeat, repeats[0].title) + 1
        body = next((k for k in range(after, n) if lines[k].kind is Kind.PARA), None)
        if body is not None:
            return _Located(
                repeats[0].title, body, _body_end(lines, body, runs), repeats[0], 0.0, repeats[0].title
            )
    headlines = [k for k in runs.headlines if k >= start]
    if len(headlines) == 1:  # a brief: one headline over one long paragraph
        body = next((k for k in range(headlines[0] + 1, n) if lines[k].kind is Kind.PARA), None)
        if body is not None and _word_count(lines[body].text) >= _MIN_BRIEF_WORDS:
            return _Located(headlines[0], body, _body_end(lines, body, runs), None, 0.0, headlines[0])
    return _headed_list(lines, start)


_MIN_LIST_LINES = 5


def _headed_list(lines: list[_Line], start: int) -> _Located | None:
    """An article whose text is a list (a calendar, results, a schedule): a headline with its byline or
    timestamp, then a run of lines without prose that carry no bylines or dates of their own (which would
    make them the items of a listing) up to the page's footer."""
    for k in range(start, len(lines)):
        if not (lines[k].kind is Kind.TITLE and _word_count(lines[k].text) >= 2):
            continue
        if not _has_byline_below(lines, k + 1, min(len(lines), k + 4)):
            continue
        first = next(
            (
                j
                for j in range(k + 1, len(lines))
                if lines[j].kind in (Kind.TITLE, Kind.PARA) and not _is_author_line(lines, j)
            ),
            None,
        )
        if first is None:
            return None
        end = next((j for j in range(first, len(lines)) if lines[j].kind is Kind.FOOTER), len(lines))
        body = [ln for ln in lines[first:end] if ln.kind in (Kind.TITLE, Kind.PARA)]
        if len(body) >= _MIN_LIST_LINES and not any(
            ln.kind in (Kind.META, Kind.DATE) for ln in lines[first:end]
        ):
            return _Located(k, first, end, None, 0.0, k, list_body=True)
        return None
    return None
