"""The article's title: a title-like line copied within the next few lines (verbatim or glued to a section
tag), else the best-scored headline above the text by its evidence (a dek, a byline or timestamp below it,
a second copy on the page), and the dek under it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from orchestration.text.segmentation.classify import is_title_case
from orchestration.text.segmentation.furniture import _COMMENTS_RE, _FURNITURE_RE, _LABEL_PREFIX_RE
from orchestration.text.segmentation.lines import _TERMINAL_RE, _key, _word_count
from orchestration.text.segmentation.meta_lines import _NAME_RE, byline_of
from orchestration.text.segmentation.model import Kind, _Line
from orchestration.text.segmentation.weights import _PARA_BASE_WORDS

_MAX_REPEATS = 50  # bound the work on pathological pages full of repeated lines
_MAX_COPY_CHARS = 400


_TITLE_REPEAT_WINDOW = 6  # the repeated title sits right after the standalone one
_TITLE_ZONE = 12  # lines above the body searched for its title


_MIN_TITLE_KEY = 15  # shorter lines repeat by chance
_TAG_SEPARATORS = "|-–—:»›>/"
_MAX_TAG_WORDS = 5
_MAX_TAG_CHARS = 80  # a slug or section tag glued in front of a copy of the title


def _split_tag(tag: str) -> str | None:
    """'NorthKorea' -> 'North Korea'; None when the prefix is not a short tag."""
    tag = tag.strip(" |-–—:»›>/")
    if not tag or _word_count(tag) > _MAX_TAG_WORDS or len(tag) > 60:
        return None
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", tag)
    return " ".join(spaced.split())


@dataclass(frozen=True)
class _TitleRepeat:
    title: int  # index of the standalone title line
    repeat: int  # index of its copy
    section: str | None


def _find_title_repeats(lines: list[_Line], offset: int) -> list[_TitleRepeat]:
    """Title-like lines copied within the next few lines (``offset`` is the index of ``lines[0]``)."""
    # Only lines short enough to be a title plus a tag can be a copy; long ones get an empty key.
    keys = [_key(ln.text) if len(ln.text) <= _MAX_COPY_CHARS else "" for ln in lines]
    found: list[_TitleRepeat] = []
    for i, line in enumerate(lines):
        key = keys[i]
        if line.kind is not Kind.TITLE or _word_count(line.text) < 3 or len(key) < _MIN_TITLE_KEY:
            continue
        for j in range(i + 1, min(len(lines), i + 1 + _TITLE_REPEAT_WINDOW)):
            other = keys[j]
            if other == key:
                found.append(_TitleRepeat(offset + i, offset + j, None))
                break
            if other.endswith(key) and _is_tag(other[: len(other) - len(key)]):
                found.append(_TitleRepeat(offset + i, offset + j, _split_tag(other[: len(other) - len(key)])))
                break
            # The glued copy may come first ("NorthKoreaTitle", then "Title").
            if key.endswith(other) and len(other) >= _MIN_TITLE_KEY and _is_tag(key[: len(key) - len(other)]):
                if lines[j].kind is Kind.TITLE:
                    found.append(
                        _TitleRepeat(offset + j, offset + i, _split_tag(key[: len(key) - len(other)]))
                    )
                break
        if len(found) >= _MAX_REPEATS:
            break
    return found


def _is_tag(prefix: str) -> bool:
    """A section tag glued to (or set off by a separator from) a copy of the title."""
    if not prefix or len(prefix) > 60:
        return False
    return not prefix[-1].isspace() or prefix.rstrip()[-1:] in _TAG_SEPARATORS


def _is_author_line(lines: list[_Line], k: int) -> bool:
    """A bare name ("Jane Doe") next to a date or byline line is the author."""
    if not _NAME_RE.match(lines[k].text):
        return False
    neighbours = [lines[j].kind for j in (k - 1, k + 1) if 0 <= j < len(lines)]
    return Kind.DATE in neighbours or Kind.META in neighbours


_MIN_DEK_WORDS = 6
_MAX_DEK_WORDS = 45


_MAX_HEADLINE_WORDS = 30


def _is_headline(line: _Line | None) -> bool:
    return line is not None and line.kind is Kind.TITLE and _word_count(line.text) >= 3


_TITLE_WINDOW = 30  # lines above the body searched for its title


def _copies(lines: list[_Line]) -> Counter[str]:
    """How often each line's comparison key occurs on the page, whole or as a part set off by a separator.

    A page title ("Title | Site", "Section | Title") and a heading are two copies of one headline.
    """
    counts: Counter[str] = Counter()
    for line in lines:
        if len(line.text) > _MAX_COPY_CHARS or (line.kind is Kind.PARA and _TERMINAL_RE.search(line.text)):
            continue  # prose is no copy of a headline
        key = _key(line.text).casefold()
        parts = {key}
        parts.update(p.strip() for p in _TITLE_SEPARATOR_RE.split(key) if len(p.strip()) >= _MIN_TITLE_KEY)
        counts.update(parts)
    return counts


_TITLE_SEPARATOR_RE = re.compile(r"\s+[|•·–—-]\s+|\s*[|»›]\s*")


def _is_dek_after(lines: list[_Line], k: int, stop: int) -> bool:
    """Whether lines[k], right under a title, is its dek (subtitle) rather than the article's first paragraph.

    A dek sits between the title and the byline or date; a title-shaped line of sentence length (no final
    full stop) right above the text is one too.
    """
    line = lines[k]
    words = _word_count(line.text)
    if line.kind is Kind.TITLE:
        # A headline-shaped dek is in sentence case, under a headline that does not itself end a list of them.
        return (
            words >= _MIN_DEK_WORDS
            and not is_title_case(line.text)
            and not _is_author_line(lines, k)
            and not (k >= 2 and _is_headline(lines[k - 2]))
        )
    if line.kind is not Kind.PARA or words > _MAX_DEK_WORDS or line.text.endswith(("...", "…")):
        return False  # a summary cut off with an ellipsis is a teaser's
    for j in range(k + 1, stop):
        kind = lines[j].kind
        if kind in (Kind.META, Kind.DATE) or byline_of(lines[j].text):
            return True
        if kind is Kind.PARA and _word_count(lines[j].text) >= _PARA_BASE_WORDS:
            return False
    return False


def _has_byline_below(lines: list[_Line], first: int, stop: int) -> bool:
    """A byline or timestamp among lines[first:stop] before the next headline or paragraph."""
    for j in range(first, stop):
        line = lines[j]
        if line.kind in (Kind.META, Kind.DATE) or byline_of(line.text):
            return True
        words = _word_count(line.text)
        if line.kind is Kind.PARA and words >= _PARA_BASE_WORDS:
            return False
        if line.kind is Kind.TITLE and words >= 3 and not _is_author_line(lines, j):
            return False
    return False


def _title_score(lines: list[_Line], k: int, body: int, limit: int, copies: Counter[str]) -> float:
    """Evidence that lines[k] is the headline of the text starting at ``body`` (and ending before ``limit``)."""
    line = lines[k]
    words = _word_count(line.text)
    score = 0.0
    if 4 <= words <= 30:
        score += 1.0 + (0.5 if words >= 7 else 0.0)
    has_dek = k + 1 < limit and _is_dek_after(lines, k + 1, limit)
    if has_dek:
        score += 1.5
    if _has_byline_below(lines, k + (2 if has_dek else 1), min(limit, k + 8)):
        score += 2.0
    if copies[_key(line.text).casefold()] >= 2 and words >= 3:
        score += 1.5
    if _FURNITURE_RE.search(line.text) or _LABEL_PREFIX_RE.match(line.text) or line.text.endswith(":"):
        score -= 3.0
    if _is_author_line(lines, k) or _NAME_RE.match(line.text) and words <= 3:
        score -= 2.0
    return score - 0.03 * (body - k)


def _glued_into_next(lines: list[_Line], k: int) -> bool:
    """Whether the line's text recurs at the start of the next paragraph ("slugTitle SEOUL, Dec. 28 --")."""
    key = _key(lines[k].text).casefold()
    nxt = _first_content_after(lines, k)
    if len(key) < _MIN_TITLE_KEY // 2 or nxt is None or lines[nxt].kind is not Kind.PARA:
        return False
    return key in _key(lines[nxt].text[: len(lines[k].text) + _MAX_TAG_CHARS]).casefold()


def _is_title_candidate(line: _Line) -> bool:
    """Title-like, or a headline that reads like a label, a credit or a long clause ("(Copyright)", "Top
    headlines ...", "Firm offers vouchers, but users miffed as only a fifth is usable ..." without a full stop)."""
    if line.kind is Kind.TITLE:
        return True
    return (
        line.kind in (Kind.CREDIT, Kind.FOOTER, Kind.CAPTION, Kind.PARA)
        and _word_count(line.text) <= _MAX_HEADLINE_WORDS
        and not _TERMINAL_RE.search(line.text)
    )


def _reads_like_headline(lines: list[_Line], k: int) -> bool:
    """A line of prose without a final stop, standing over a paragraph: a long headline, not a paragraph."""
    line = lines[k]
    if (
        line.kind is not Kind.PARA
        or _word_count(line.text) > _MAX_HEADLINE_WORDS
        or _TERMINAL_RE.search(line.text)
    ):
        return False
    nxt = _first_content_after(lines, k)
    return (
        nxt is not None and lines[nxt].kind is Kind.PARA and _word_count(lines[nxt].text) >= _PARA_BASE_WORDS
    )


def _choose_title(
    lines: list[_Line], body: int, floor: int, limit: int, copies: Counter[str]
) -> tuple[int | None, float]:
    """The headline of the text starting at ``body``: the best-scored title-like line in the zone above it.

    The zone ends, going up, at a footer line or at a second sentence (a teaser's summary above a title-like
    line belongs to that teaser). A line that does not look like a headline on its own (a label, a credit)
    is taken only where the page backs it: a copy glued into the text below, or standing alone between the
    page dateline and the text.
    """
    best: tuple[float, int] | None = None
    prose_seen = 0
    for k in range(body - 1, max(floor, body - _TITLE_WINDOW) - 1, -1):
        line = lines[k]
        if (
            line.kind is Kind.PARA
            and _word_count(line.text) >= _PARA_BASE_WORDS
            and not _is_title_candidate(line)
        ):
            prose_seen += 1
            if prose_seen >= 2:
                break
            continue
        if not _is_title_candidate(line):
            if line.kind is Kind.FOOTER and not _COMMENTS_RE.match(line.text):
                break  # a "Related" / "Most read" header: what is above it is another block
            continue
        glued = _glued_into_next(lines, k)
        alone = k == floor and (k + 1 == body or _first_content_after(lines, k) == body)
        if line.kind is not Kind.TITLE and not (glued or alone):
            if line.kind is Kind.FOOTER and not _COMMENTS_RE.match(line.text):
                break
            continue
        score = (
            _title_score(lines, k, body, limit, copies) + (3.0 if glued else 0.0) + (1.0 if alone else 0.0)
        )
        if score > 0 and (best is None or score > best[0]):
            best = (score, k)
    return (best[1], best[0]) if best else (None, 0.0)


def _first_content_after(lines: list[_Line], k: int) -> int | None:
    return next((j for j in range(k + 1, len(lines)) if lines[j].kind in (Kind.PARA, Kind.TITLE)), None)
