"""Read a raw HTML page: its visible text (what ``documents.text`` holds) and its article (body and metadata).

- ``looks_like_html`` (``html_detect``) sniffs content, never the file name (HTML is often saved as ``.txt``).
- ``visible_text`` renders with inscriptis, the renderer that produced the benchmark's saved-as-text pages
  (web-dev ``raw_text``), and post-processes exactly as those pages are, so an HTML page and its
  saved-as-text copy give the same ``documents.text`` and the same entity offsets: lines stripped, the
  first-level ``* `` bullet removed (deeper ``+ `` / ``o `` bullets and the lone ``*`` of an empty item stay,
  as in the saved text), runs of blank lines collapsed to one, ``\\n`` line ends, one final newline.
- ``read_html`` takes paragraphs and metadata from trafilatura (``bare_extraction``: one pass gives the main
  text, title, author, site name, categories, tags and page type), in balanced mode, tables on, comments off
  (``extract`` would append the comment thread; the gold bodies never have one). On top of it, by generic
  rules only: the body without a leading title or dek and without furniture paragraphs (``html_body``), the
  headline without the site name around it and the authors' names cleaned (``html_metadata``). Trafilatura's
  own ``date`` is htmldate's day, without time or zone and often taken from the URL, so the dates are read
  from the page's metadata (``html_dates``); htmldate's day is the fallback.

How these settings were chosen, and what the reader scores against the alternatives: docs/quality.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from inscriptis import get_text
from inscriptis.model.config import ParserConfig
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from orchestration.text.html_body import _main_paragraphs
from orchestration.text.html_dates import _json_ld_objects, _page_times
from orchestration.text.html_detect import crude_text, has_visible_text, looks_like_html
from orchestration.text.html_metadata import (
    _author_names,
    _clean_title,
    _headings,
    _key,
    _language,
    _split_list,
    _untrimmed_title,
)
from orchestration.text.timestamps import PageTime

__all__ = ["HtmlArticle", "has_visible_text", "looks_like_html", "read_html", "visible_text"]

_CONFIG = ParserConfig(display_links=False, display_anchors=False, display_images=False)
_BLANK_RUN_RE = re.compile(r"\n{3,}")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _tidy(rendered: str) -> str:
    lines = []
    for line in rendered.splitlines():
        stripped = line.strip()
        lines.append(stripped[2:] if stripped.startswith("* ") else stripped)
    text = _BLANK_RUN_RE.sub("\n\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text else ""


def visible_text(html: str) -> str:
    """The page's visible text as the benchmark's saved-as-text pages render it (see the module docstring).

    Total: malformed, empty or huge HTML gives best-effort text (or ""), never an exception. Control
    characters are dropped first (lxml would turn a NUL into U+FFFD); where the parser gives up or loses the
    text (nesting deeper than libxml2's limit), the tags are stripped instead.
    """
    if not isinstance(html, str) or not html.strip():
        return ""
    cleaned = _CONTROL_RE.sub("", html)
    try:
        text = _tidy(get_text(cleaned, _CONFIG))
    except (Exception, RecursionError):  # lxml/inscriptis on arbitrary input
        text = ""
    if text:
        return text
    return _tidy(crude_text(cleaned))


@dataclass(frozen=True)
class HtmlArticle:
    title: str | None
    subtitle: str | None  # the dek: og/meta description when it is not just the start of the body
    authors: tuple[str, ...]  # individual names; no "By", no emails/URLs
    site_name: str | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    page_type: str | None  # og:type / JSON-LD @type, lower-case ("article", "newsarticle", "website", ...)
    url: str | None  # canonical URL when declared
    language: str | None  # primary language subtag as declared ("en", "pt"), lower-case
    paragraphs: tuple[str, ...]  # main text, one paragraph per item, whitespace collapsed; comments excluded
    published: PageTime | None  # from metadata, with time and zone where declared; htmldate's day as fallback
    updated: PageTime | None  # from metadata only: htmldate's "latest date" is no substitute (module doc)
    published_source: str | None = None  # "json-ld", "meta", "microdata", "time-element" or "htmldate"


_EMPTY = HtmlArticle(
    title=None,
    subtitle=None,
    authors=(),
    site_name=None,
    categories=(),
    tags=(),
    page_type=None,
    url=None,
    language=None,
    paragraphs=(),
    published=None,
    updated=None,
)


def _parse(html: str) -> HtmlElement | None:
    try:
        return load_html(_CONTROL_RE.sub("", html))
    except (Exception, RecursionError):  # load_html raises on some inputs (e.g. TypeError deep inside lxml)
        return None


def _extract(tree: HtmlElement) -> Any:
    try:
        return bare_extraction(tree, with_metadata=True, include_comments=False, include_tables=True)
    except (Exception, RecursionError):  # trafilatura raises on odd trees in places; the page is still read
        return None


def _bigrams(key: str) -> set[tuple[str, str]]:
    words = key.split()
    return set(zip(words, words[1:], strict=False))


# A description that shares this much of its word pairs with the start of the body is the lede, copied or
# lightly edited for search engines (0.60-1.00 on web-dev tune ledes; printed deks 0.00-0.44).
_LEDE_OVERLAP = 0.6
_LEDE_CHARS = 1500


def _subtitle(
    description: str | None, dek: str | None, title: str | None, paragraphs: tuple[str, ...]
) -> str | None:
    if dek:
        return dek
    desc = _key(description)
    if not desc or desc == _key(title) or len(desc.split()) < 4:
        return None
    start = _key(" ".join(paragraphs)[:_LEDE_CHARS])
    pairs = _bigrams(desc)
    if desc in start or len(pairs & _bigrams(start)) >= _LEDE_OVERLAP * len(pairs):
        return None  # the description is the lede, not a dek
    return " ".join((description or "").split())


def _read(html: str) -> HtmlArticle:
    tree = _parse(html)
    if tree is None:
        return _EMPTY
    doc = _extract(tree)
    objects = list(_json_ld_objects(tree))
    headings = _headings(tree)
    published, updated, source = _page_times(tree, objects, doc.date if doc is not None else None)
    if doc is None:  # trafilatura gave up: what the page declares is still worth having
        return replace(
            _EMPTY,
            title=_clean_title(None, headings, None, ()),
            language=_language(tree),
            published=published,
            updated=updated,
            published_source=source,
        )
    site = (doc.sitename or "").split(" | ")[0].strip() or None
    categories = _split_list(doc.categories)
    title = _clean_title(_untrimmed_title(tree, objects, doc.title), headings, site, categories)
    paragraphs, dek = (
        ((), None) if doc.body is None else _main_paragraphs(doc.body, doc.title, headings, doc.description)
    )
    return HtmlArticle(
        title=title,
        subtitle=_subtitle(doc.description, dek, title, paragraphs),
        authors=_author_names(doc.author, site),
        site_name=site,
        categories=categories,
        tags=_split_list(doc.tags),
        page_type=(doc.pagetype or "").strip().lower() or None,
        url=doc.url or None,
        language=_language(tree),
        paragraphs=paragraphs,
        published=published,
        updated=updated,
        published_source=source,
    )


def read_html(html: str) -> HtmlArticle:
    """The article of an HTML page: title, dek, authors, site, sections, dates and paragraphs.

    Total: malformed or empty HTML gives an ``HtmlArticle`` with empty fields, never an exception.
    """
    if not isinstance(html, str) or not html.strip():
        return _EMPTY
    try:
        return _read(html)
    except (Exception, RecursionError):  # scraped HTML can be anything; a page without an article is valid
        return _EMPTY
