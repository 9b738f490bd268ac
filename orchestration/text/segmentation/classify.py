"""The kind of each line, from its shape alone (``classify``), and a page's text as its classified lines."""

from __future__ import annotations

import re

from orchestration.text.dates import parse_dateline
from orchestration.text.segmentation.furniture import (
    _COMMENTS_RE,
    _COPYRIGHT_RE,
    _FOOTER_RE,
    _FOOTER_WORD_RE,
    _INLINE_RE,
    _LINK_LINE_RE,
    _MIN_NOTICE_CUES,
    _is_nav_menu,
    _notice_cues,
)
from orchestration.text.segmentation.lines import (
    _LETTER_RE,
    _SENTENCE_END_RE,
    _TERMINAL_RE,
    _normalise,
    _word_count,
    _wordset,
    repair,
)
from orchestration.text.segmentation.meta_lines import _is_meta, credit_only, split_caption_credit
from orchestration.text.segmentation.model import Kind, _Line

_ODD_CHAR_RE = re.compile(r"[^\w\s.,;:!?'\"’‘“”()\-–—…/%&$#@\[\]]|_")


_MAX_SENTENCE_CASE_TITLE = 16
_INITIALS_RE = re.compile(r"\b(?:[A-Z]\.)+")
# A final full stop that belongs to an abbreviation or initials ("U.S.", "Nov.", "Inc.") ends no sentence.
_ABBREVIATION_END_RE = re.compile(
    r"\b(?:(?:[A-Z]\.){1,3}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Inc|Co|Corp|Ltd|Jr|Sr|St|No|vs)\.)$"
)
_SMALL_WORDS = _wordset(
    "a an the and or nor but of in on at to for with by as vs via per up from into over is are be"
)


def _is_textual(text: str) -> bool:
    sample = text[:2000]
    if len(sample) >= 60 and " " not in sample and sample.isascii():
        return False  # base64, hashes, minified code (CJK prose has no spaces either, but is not ASCII)
    odd = len(_ODD_CHAR_RE.findall(sample))
    has_letter = _LETTER_RE.search(sample) is not None
    return has_letter and odd <= 0.2 * len(sample) and sample.count("\ufffd") < max(1, len(sample) // 20)


def is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w.lower() not in _SMALL_WORDS]
    if len(words) < 2:
        return False
    return sum(1 for w in words if w[0].isupper()) >= 0.8 * len(words)


def _is_title_like(text: str) -> bool:
    words = _word_count(text)
    # Headlines are short; a long line in sentence case without a full stop is a cut-off sentence.
    if (
        not 1 <= words <= 25
        or len(text) > 250
        or (words > _MAX_SENTENCE_CASE_TITLE and not is_title_case(text))
    ):
        return False
    if text.endswith(("...", "…")):
        return False  # a cut-off summary
    if _TERMINAL_RE.search(text.rstrip("?!")) and not (
        _ABBREVIATION_END_RE.search(text[-12:]) and not _SENTENCE_END_RE.search(_INITIALS_RE.sub("X", text))
    ):
        return False  # a sentence, or a lead-in ending with a colon ("... in the U.S." is still a headline)
    if text.rstrip("\"'”’)]»").endswith(("?", "!")):
        # A short question can be a headline; a question after another sentence is prose.
        return words <= 20 and not _SENTENCE_END_RE.search(text)
    return True


def classify(text: str) -> Kind:
    """The kind of one non-empty, repaired line, from its shape alone."""
    if not _is_textual(text):
        return Kind.JUNK
    short = len(text) <= 80 and _word_count(text) <= 7
    if short and not text.endswith(".") and (_FOOTER_RE.match(text) or _FOOTER_WORD_RE.match(text)):
        return Kind.FOOTER
    if len(text) <= 200 and _COMMENTS_RE.match(text):
        return Kind.FOOTER
    if len(text) <= 250 and _LINK_LINE_RE.match(text):
        return Kind.INLINE  # "Related: <another story>" link inside the article
    if text.startswith("#") and (text.count("#") >= 2 or short):
        return Kind.INLINE  # hashtag / keyword list
    if len(text) <= 300 and _COPYRIGHT_RE.search(text):
        return Kind.FOOTER
    if (short and _INLINE_RE.match(text)) or (len(text) <= 200 and _is_nav_menu(text)):
        return Kind.INLINE
    if parse_dateline(text):
        return Kind.DATE
    if _is_meta(text):
        return Kind.META
    if credit_only(text):
        return Kind.CREDIT
    if split_caption_credit(text):
        return Kind.CAPTION
    if _is_title_like(text):
        return Kind.TITLE
    if len(text) <= 600 and _notice_cues(text) >= _MIN_NOTICE_CUES:
        return Kind.INLINE  # a consent notice or a newsletter pitch, however well written
    return Kind.PARA


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    block = 0
    previous_blank = True
    for raw_line in _normalise(text).split("\n"):
        raw = raw_line.strip()
        if not raw:
            if not previous_blank:
                block += 1
            previous_blank = True
            continue
        previous_blank = False
        fixed = repair(raw)
        if fixed:
            lines.append(_Line(index=len(lines), block=block, raw=raw, text=fixed, kind=classify(fixed)))
    return lines


_SKIPPED = frozenset({Kind.DATE, Kind.META, Kind.INLINE, Kind.JUNK, Kind.CAPTION, Kind.CREDIT})
