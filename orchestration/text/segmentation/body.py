"""Where an article's text starts and ends: below its title, dek, byline and captions; at a "Related" or
"Most read" box after which no prose resumes; past a list its last paragraph announces; with the subheads
and short list items between its paragraphs."""

from __future__ import annotations

from orchestration.text.segmentation.captions import _is_photo_caption
from orchestration.text.segmentation.furniture import (
    _FOOTER_RE,
    _FURNITURE_RE,
    _LABEL_PREFIX_RE,
    _PAGE_END_RE,
)
from orchestration.text.segmentation.lines import _word_count
from orchestration.text.segmentation.model import Kind, _Line
from orchestration.text.segmentation.titles import _first_content_after, _is_dek_after
from orchestration.text.segmentation.weights import _PARA_BASE_WORDS, _after, _Runs


def _body_start(lines: list[_Line], title: int | None, anchor: int, last: int) -> int:
    """The first paragraph below the title and its dek, byline and captions (else the anchor)."""
    if title is None:
        return anchor
    first_content = _first_content_after(lines, title)
    for k in range(title + 1, last + 1):
        line = lines[k]
        if line.kind not in (Kind.PARA, Kind.CAPTION) or _word_count(line.text) < _PARA_BASE_WORDS:
            continue
        if (line.kind is Kind.CAPTION and k != anchor) or _is_photo_caption(lines, k):
            continue
        if k == first_content and _is_dek_after(lines, k, last + 1):
            continue
        return k
    return anchor


_MAX_ANNOUNCED_ITEMS = 60


def _announces_list(text: str) -> bool:
    """A paragraph that ends with a colon and is no "Related coverage:" or "Follow us on:" lead-in."""
    return text.endswith(":") and not (_FOOTER_RE.match(text) or _FURNITURE_RE.search(text))


def _with_announced_list(lines: list[_Line], end: int) -> int:
    """The text's end, past a list its last paragraph announces ("The tour dates:", "The plan includes:").

    Short lines weigh against prose, so a closing list is left out of the region; a colon at the end of the
    text's last paragraph says the lines below belong to it, up to the next header or footer.
    """
    if end < len(lines) and lines[end].kind is Kind.PARA and _announces_list(lines[end].text):
        end += 1  # a short "The tour dates:" weighs too little to be inside the region on its own
    last = next((k for k in range(end - 1, -1, -1) if lines[k].kind is Kind.PARA), None)
    if last is None or last != end - 1 or not _announces_list(lines[last].text):
        return end
    k = end
    while k < len(lines) and k - end < _MAX_ANNOUNCED_ITEMS:
        line = lines[k]
        if line.kind in (Kind.FOOTER, Kind.META, Kind.DATE) or _FURNITURE_RE.search(line.text):
            break
        if line.kind not in (Kind.TITLE, Kind.PARA, Kind.JUNK, Kind.INLINE):
            break
        k += 1
    return k


def _end_at_box(lines: list[_Line], runs: _Runs, body: int, end: int) -> int:
    """Where the text ends: at the first "Related" / "Most read" header after which no run of prose resumes.

    Teasers with one-sentence summaries under such a header can outweigh it; they never form a run.
    """
    for k in range(body + 1, end):
        if lines[k].kind is Kind.FOOTER:
            resumes = _after(runs.starts, k + 1)
            if resumes is None or resumes >= end:
                return k
    return end


def _body_end(lines: list[_Line], body: int, runs: _Runs) -> int:
    """The first footer line below the body after which no run of paragraphs resumes.

    A "Related: ..." or "Most read" box inside an article does not end it; the copyright line does.
    """
    n = len(lines)
    for k in range(body, n):
        if lines[k].kind is not Kind.FOOTER:
            continue
        if _PAGE_END_RE.search(lines[k].text):
            return k
        resumes = _after(runs.starts, k + 1)
        page_end = _after(runs.page_ends, k + 1)
        if resumes is None or (page_end is not None and page_end < resumes):
            return k
    return n


_MAX_INNER_HEADING_WORDS = 15
_MAX_LIST_ITEMS = 12


def _inner_headings(lines: list[_Line], body: int, end: int) -> set[int]:
    """Title-like lines inside the text that belong to it: subheads and list items between two paragraphs.

    A run of them counts when prose comes right before and after it (adverts and captions aside) and none
    reads like page furniture; a list of headlines after a "Related" header is not preceded by prose.
    """
    inner: set[int] = set()
    run: list[int] = []
    prose_before = False
    for k in range(body, end):
        line = lines[k]
        if line.kind in (Kind.INLINE, Kind.JUNK, Kind.CAPTION, Kind.CREDIT):
            continue
        if line.kind is Kind.TITLE and prose_before:
            run.append(k)
            continue
        if line.kind is Kind.PARA:
            if run and len(run) <= _MAX_LIST_ITEMS and all(_is_inner_heading(lines[j]) for j in run):
                inner.update(run)
            prose_before = True
        else:
            prose_before = False
        run = []
    # A list the text closes with, announced by its last paragraph ("The tour dates:").
    announcing = next((k for k in range(end - 1, body - 1, -1) if lines[k].kind is Kind.PARA), None)
    if run and announcing is not None and _announces_list(lines[announcing].text):
        inner.update(j for j in run if not _FURNITURE_RE.search(lines[j].text))
    return inner


def _is_inner_heading(line: _Line) -> bool:
    words = _word_count(line.text)
    return (
        2 <= words <= _MAX_INNER_HEADING_WORDS
        and not _FURNITURE_RE.search(line.text)
        and not _LABEL_PREFIX_RE.match(line.text)
    )
