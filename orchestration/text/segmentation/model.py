"""What segmentation produces: a Page with its headlines and article, and the Kind and _Line a page's lines
are read into on the way."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import Enum

from orchestration.text.timestamps import PageTime


@dataclass(frozen=True)
class Headline:
    position: int  # 1-based, page order
    text: str
    summary: str | None
    role: str  # "main" | "teaser" | "listing"
    summary_truncated: bool  # summary cut off with "..." or "…"
    photo_caption: str | None  # caption belonging to this item (listing pages), else None
    article_index: int | None  # index into Page.articles for a "main" headline, else None


@dataclass(frozen=True)
class Article:
    title: str
    section: str | None
    byline: str | None
    dateline_place: str | None
    published_date: datetime.date | None
    paragraphs: tuple[str, ...]
    photo_captions: tuple[str, ...]
    photo_credits: tuple[str, ...]
    subtitle: str | None = None  # the dek under the title
    authors: tuple[str, ...] = ()
    published: PageTime | None = None  # with the clock time and zone where printed
    updated: PageTime | None = None
    # Where published_date comes from: "byline" (a byline/date line under the title), "wire_dateline",
    # "html_metadata"; None when the page does not say.
    published_date_source: str | None = None


@dataclass(frozen=True)
class Page:
    page_date: datetime.date | None
    page_kind: str  # "article" | "listing" | "empty"
    section: str | None
    headlines: tuple[Headline, ...]
    articles: tuple[Article, ...]
    boilerplate: tuple[str, ...]
    page_kind_reason: str | None = None  # why a page is a listing or empty, in words a person can check
    text: str | None = None  # the visible text an HTML page was read into (None: the content is the text)
    reader: str = "text"  # "text" or "html"
    site_name: str | None = None
    categories: tuple[str, ...] = ()


class Kind(Enum):
    FOOTER = "footer"  # boilerplate that ends an article body ("Most Popular", "Copyright ...")
    INLINE = "inline"  # boilerplate that may sit anywhere ("Advertisement", menus)
    DATE = "date"  # a line that is only a date
    META = "meta"  # byline, "Published ...", "5 hours ago", "3 min read"
    CREDIT = "credit"  # a line that only names a photo's source
    CAPTION = "caption"  # a photo caption ending with its credit
    TITLE = "title"  # short, no sentence end: headline, section label, subhead
    PARA = "para"  # sentence-like text
    JUNK = "junk"  # not text (binary, base64, symbols)


@dataclass(frozen=True)
class _Line:
    index: int  # position among the page's non-blank lines
    block: int  # blank-line separated block number
    raw: str  # stripped original text
    text: str  # escapes repaired, whitespace collapsed
    kind: Kind


@dataclass(frozen=True)
class _Item:
    text: str
    summary: str | None
    caption: str | None
