"""An article's captions, credits, byline and dates, gathered while its lines are read; a caption glued in
front of the first paragraph, a closing author bio, and which date line says when the story ran."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from orchestration.text.bylines import times_of
from orchestration.text.dates import WireDateline, find_wire_dateline
from orchestration.text.segmentation.lines import _SENTENCE_END_RE, _TERMINAL_RE, _key, _word_count
from orchestration.text.segmentation.meta_lines import (
    _NAME_RE,
    _SLASH_CREDIT_RE,
    byline_of,
    credit_only,
    split_caption_credit,
)
from orchestration.text.segmentation.model import Kind, _Line
from orchestration.text.timestamps import PageTime


@dataclass
class _ArticleParts:
    """Accumulates an article's pieces while scanning (local to one call, never shared)."""

    captions: dict[str, tuple[str, tuple[bool, bool]]]
    credits: dict[str, str]
    paragraphs: dict[str, str]
    byline: str | None = None
    published: PageTime | None = None
    updated: PageTime | None = None

    def add_caption(self, line: _Line, text: str) -> None:
        # Prefer the copy that needed no escape repair, then the one with typographic quotes.
        score = ("\\" not in line.raw, any(ch in text for ch in "‘’“”"))
        key = _key(text).casefold()
        if key not in self.captions or score > self.captions[key][1]:
            self.captions[key] = (text, score)

    def add_credit(self, text: str) -> None:
        self.credits.setdefault(_key(text).casefold(), text)

    def add_meta(self, text: str, page_date: datetime.date | None) -> None:
        if self.byline is None:
            self.byline = byline_of(text)
        times = times_of(text, page_date)
        self.published = self.published or times.published
        self.updated = self.updated or times.updated

    def add_line(self, line: _Line, page_date: datetime.date | None) -> None:
        """Route a caption, credit or metadata line."""
        if line.kind is Kind.CREDIT:
            self.add_credit(credit_only(line.text) or line.text)
        elif line.kind is Kind.CAPTION:
            split = split_caption_credit(line.text)
            caption, credit = split if split else (line.text, None)
            self.add_caption(line, caption)
            if credit:
                self.add_credit(credit)
        elif line.kind in (Kind.META, Kind.DATE):
            self.add_meta(line.text, page_date)


_MAX_CAPTION_WORDS = 45
_CREDIT_AFTER_RE = re.compile(
    r"^(?:photo(?:graph)?s?|pictures?|illustration|graphic|courtesy|credit)\b(?! (?:copyright|source)\b)",
    re.IGNORECASE,
)


def _is_photo_caption(lines: list[_Line], k: int) -> bool:
    """A short paragraph right above a credit line ("Photo: Jane Roe", "Jane Roe / Agency") is its caption."""
    line = lines[k]
    if line.kind is not Kind.PARA or _word_count(line.text) > _MAX_CAPTION_WORDS or k + 1 >= len(lines):
        return False
    below = lines[k + 1]
    if below.kind is Kind.CREDIT:
        # "Photograph: X" closes its caption; "Image copyright X" stands *before* its picture and caption,
        # and "Source: X" credits the whole story.
        return (
            _CREDIT_AFTER_RE.match(below.text) is not None or _SLASH_CREDIT_RE.match(below.text) is not None
        )
    split = split_caption_credit(below.text) if below.kind is Kind.CAPTION else None
    return split is not None and _NAME_RE.match(split[0]) is not None


_MAX_BIO_WORDS = 70
# "...at a press conference on Dec. 22. (Agency Name)Korea's pharmaceutical industry is bracing ...":
# a caption and its credit glued to the first paragraph, no space after the credit.
_GLUED_CREDIT_RE = re.compile(r"\((?P<credit>[A-Z][^()]{1,80})\)(?=[A-Z“\"‘'])")
_MAX_GLUED_CAPTION_CHARS = 700
_MAX_CREDIT_WORDS = 10


def _glued_caption(paragraph: str, page_date: datetime.date | None) -> tuple[str, str | None, str] | None:
    """(caption, credit, text) when a photo caption is glued in front of a paragraph's own text."""
    wire = find_wire_dateline(paragraph, page_date, _MAX_GLUED_CAPTION_CHARS)
    if wire is not None:
        head, rest = paragraph[:wire].strip(), paragraph[wire:]
        if _word_count(head) < 4:
            return None
        # "... Dec. 30, 2024. Agency/Photographer": the tail after the last sentence is the credit.
        cut = head.rfind(". ")
        tail = head[cut + 2 :] if cut > 0 else ""
        if tail and _word_count(tail) <= _MAX_CREDIT_WORDS // 2 and not _TERMINAL_RE.search(tail):
            return head[: cut + 1], tail, rest
        return head, None, rest
    m = _GLUED_CREDIT_RE.search(paragraph, 0, _MAX_GLUED_CAPTION_CHARS)
    if m is None:
        return None
    credit = m.group("credit").strip()
    head = paragraph[: m.start()].strip()
    if _word_count(head) < 4 or _word_count(credit) > _MAX_CREDIT_WORDS or _SENTENCE_END_RE.search(credit):
        return None
    return head, credit, paragraph[m.end() :]


def _unglue_first_caption(parts: _ArticleParts, page_date: datetime.date | None) -> None:
    """Move a caption glued in front of the first paragraph to the captions (and its credit to the credits)."""
    if not parts.paragraphs:
        return
    key, first = next(iter(parts.paragraphs.items()))
    found = _glued_caption(first, page_date)
    if found is None:
        return
    caption, credit, rest = found
    parts.captions.setdefault(_key(caption).casefold(), (caption, (True, False)))
    if credit:
        parts.add_credit(credit)
    parts.paragraphs = {
        _key(rest).casefold(): rest,
        **{k: v for k, v in parts.paragraphs.items() if k != key},
    }


def _without_author_bio(paragraphs: tuple[str, ...], authors: tuple[str, ...]) -> tuple[str, ...]:
    """The text without a closing note about its author ("Jane Roe covers transport for the paper.")."""
    if len(paragraphs) < 2 or not authors:
        return paragraphs
    last = paragraphs[-1]
    if _word_count(last) <= _MAX_BIO_WORDS and any(last.startswith(name + " ") for name in authors):
        return paragraphs[:-1]
    return paragraphs


def _published(parts: _ArticleParts, wire: WireDateline | None) -> tuple[PageTime | None, str | None]:
    """When the story ran and what says so: a dated byline line, else the wire dateline, else its update."""
    if parts.published:
        return parts.published, "byline"
    if wire and wire.date:
        return PageTime(wire.date), "wire_dateline"
    if parts.updated:
        return parts.updated, "byline"
    return None, None
