"""Where the main text may be, jusText-style: each line weighs for or against being in it (prose dense in
function words for, furniture against), the best-weighted stretches are the candidate regions, and runs (a
paragraph followed by another) mark where a body can start."""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from orchestration.text.main_text import STOPWORDS_HIGH, best_region, stopword_density, tokens_of
from orchestration.text.segmentation.classify import _SKIPPED
from orchestration.text.segmentation.furniture import _COMMENTS_RE, _PAGE_END_RE
from orchestration.text.segmentation.lines import _word_count
from orchestration.text.segmentation.model import Kind, _Line

_MIN_BRIEF_WORDS = 30  # a story told in one paragraph (a brief, a photo story's caption) has this many


def _next_content(lines: list[_Line], start: int, stop: int) -> int | None:
    for j in range(start, stop):
        if lines[j].kind not in _SKIPPED:
            return j
    return None


def _is_run_start(lines: list[_Line], i: int, stop: int) -> bool:
    """A paragraph followed (captions and metadata aside) by another paragraph: the body begins."""
    if lines[i].kind is not Kind.PARA or _word_count(lines[i].text) < 6:
        return False
    j = _next_content(lines, i + 1, stop)
    if j is None or lines[j].kind is not Kind.PARA or _word_count(lines[j].text) < 6:
        return False
    # A byline or date between them means line i is a dek above the article, not its first paragraph.
    return not any(lines[k].kind in (Kind.META, Kind.DATE) for k in range(i + 1, j))


@dataclass(frozen=True)
class _Runs:
    """Where bodies may start, precomputed once so that trying several titles stays linear."""

    starts: list[int]  # indices of lines that open a run of paragraphs
    headlines: list[int]  # indices of headline-length title-like lines
    page_ends: list[int]  # indices of copyright / legal footer lines


def _runs(lines: list[_Line]) -> _Runs:
    n = len(lines)
    return _Runs(
        starts=[i for i in range(n) if _is_run_start(lines, i, n)],
        headlines=[i for i, ln in enumerate(lines) if ln.kind is Kind.TITLE and _word_count(ln.text) >= 3],
        page_ends=[
            i for i, ln in enumerate(lines) if ln.kind is Kind.FOOTER and _PAGE_END_RE.search(ln.text)
        ],
    )


def _after(indices: list[int], start: int) -> int | None:
    k = bisect.bisect_left(indices, start)
    return indices[k] if k < len(indices) else None


_FOOTER_WEIGHT = -15.0  # a "Related" / "Most read" header: a body resumes after it only if more prose follows
_PARA_BASE_WORDS = 6  # a line of prose shorter than this weighs nothing either way


@functools.lru_cache(maxsize=4096)  # the page's language and its lines' weights read the same words
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(tokens_of(text))


def _line_weight(line: _Line, stoplist: frozenset[str]) -> float | None:
    """How much a line counts for or against being inside the main text (None: the page has ended)."""
    kind = line.kind
    if kind is Kind.FOOTER:
        return None if _PAGE_END_RE.search(line.text) or _COMMENTS_RE.match(line.text) else _FOOTER_WEIGHT
    if kind in (Kind.INLINE, Kind.JUNK):
        return -2.0
    if kind is Kind.CAPTION and _word_count(line.text) >= _MIN_BRIEF_WORDS:
        return _word_count(line.text) - _PARA_BASE_WORDS  # a photo story's text ends with its credit
    if kind in (Kind.META, Kind.DATE, Kind.CAPTION, Kind.CREDIT):
        return -1.0
    words = _tokens(line.text)
    count = max(len(words), _word_count(line.text) if not line.text.isascii() else 0)
    if kind is Kind.TITLE:
        return -1.0 - min(count, 12) / 4
    # Running prose is dense in function words; lists of names and figures less so: weigh it down, never out.
    factor = min(1.0, 0.4 + stopword_density(words, stoplist) / STOPWORDS_HIGH * 0.6) if stoplist else 1.0
    return (count - _PARA_BASE_WORDS) * factor


def _candidate_regions(weights: list[float | None], count: int) -> list[tuple[int, int, float]]:
    """The best region, then the best one outside it, and so on: the page's main stretches of prose."""
    masked = list(weights)
    found = []
    for _ in range(count):
        region = best_region(masked)
        if region is None:
            break
        found.append(region)
        masked[region[0] : region[1] + 1] = [None] * (region[1] + 1 - region[0])
    return found
