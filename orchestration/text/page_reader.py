"""Read one raw page, HTML or text, into its structure: the one entry point the segmentation step calls.

- **Text** (what a scraper's "save as text" or ``innerText`` gives): the line segmenter
  (``orchestration.text.segmentation``) finds the page date, headlines, the article, its title, dek, byline and
  dates, and the boilerplate. ``documents.text`` is the file's content, so offsets point into the file.
- **HTML** (recognised by its content, whatever the file is called): the page's visible text (rendered by
  inscriptis, the renderer the web-dev benchmark's text pages come from) is what ``documents.text`` holds and
  what entities and timexes are found in, and the line segmenter reads it for the page date, teasers and
  listing items. The article itself — body, title, dek, authors, dates, site name, categories — comes from
  trafilatura and the page's metadata (``orchestration.text.html_reader``), which read the markup the text
  has lost: on the benchmark's HTML pages it finds the bodies more exactly than the line segmenter does on the
  same pages' text (figures in docs/quality.md). The HTML stays in ``raw.documents.text`` so a later reader
  can re-read it.

Which of the two answers wins where they disagree: the page kind. A page whose metadata declares an article
type, or whose main text has a run of paragraphs, is an article even where its text looks like a listing
(a story with many related links); a page the line segmenter reads as a listing stays one unless its
metadata says article.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from orchestration.text.html_detect import crude_text, looks_like_html
from orchestration.text.segmentation import (
    Article,
    Headline,
    Kind,
    Page,
    classify,
    repair_prose,
    segment_page,
)

if TYPE_CHECKING:
    from orchestration.text.html_reader import HtmlArticle

__all__ = ["read_page"]

_ARTICLE_TYPES = ("article", "posting", "report", "blog", "review", "opinion", "analysis", "liveblog")
_MIN_HTML_BODY_WORDS = 60  # below this, an undeclared page's main text is a blurb, not an article
_LISTED_SHARE = 0.5


def _declares_article(html: HtmlArticle) -> bool:
    return html.page_type is not None and any(word in html.page_type for word in _ARTICLE_TYPES)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _html_is_article(html: HtmlArticle, text_page: Page) -> bool:
    """Whether the page's main text (as the HTML reader found it) is an article.

    On a listing, trafilatura's "main text" is the items' summaries: where most of its paragraphs are the
    headlines and summaries the line segmenter listed, the page is the listing it looks like.
    """
    if not html.paragraphs:
        return False
    if _declares_article(html) or text_page.page_kind == "article":
        return True
    if sum(len(p.split()) for p in html.paragraphs) < _MIN_HTML_BODY_WORDS:
        return False
    listed = {_key(h.text) for h in text_page.headlines} | {
        _key(h.summary) for h in text_page.headlines if h.summary
    }
    from_list = sum(1 for p in html.paragraphs if _key(p) in listed)
    return from_list < _LISTED_SHARE * len(html.paragraphs)


def _merge_article(html: HtmlArticle, text_article: Article | None) -> Article:
    """The HTML reader's article, with what only the text shows (captions, credits, wire place) added."""
    base = text_article or Article("", None, None, None, None, (), (), ())
    published = html.published or base.published
    source = "html_metadata" if html.published else base.published_date_source
    paragraphs = [repair_prose(p) for p in html.paragraphs]
    dek = html.subtitle or base.subtitle
    # What the extractor kept above the text proper: a byline or date line (metadata), and the dek the page
    # prints between the headline and the byline (the lines show where it stands).
    while paragraphs and (
        classify(paragraphs[0]) in (Kind.META, Kind.DATE, Kind.CREDIT)
        or (base.subtitle and _key(paragraphs[0]) == _key(base.subtitle))
    ):
        paragraphs = paragraphs[1:]
    return replace(
        base,
        title=html.title or base.title,
        subtitle=dek,
        section=(html.categories[0] if html.categories else None) or base.section,
        authors=html.authors or base.authors,
        paragraphs=tuple(paragraphs),
        published=published,
        published_date=published.date if published else None,
        published_date_source=source,
        updated=html.updated or base.updated,
    )


def _with_main_headline(headlines: tuple[Headline, ...], article: Article) -> tuple[Headline, ...]:
    """The page's headlines with the article's headline as its one "main" headline, in page order."""
    main = Headline(0, article.title, article.subtitle, "main", False, None, 0)
    others = [h for h in headlines if h.role != "main" and h.text != article.title]
    at = next((k for k, h in enumerate(headlines) if h.role == "main"), len(others))
    ordered = [*others[:at], main, *others[at:]] if article.title else others
    return tuple(replace(h, position=k) for k, h in enumerate(ordered, start=1))


def _read_html_page(content: str) -> Page:
    # Imported here: trafilatura, lxml and inscriptis take about a second to import, which only a build that
    # has HTML pages to read should pay.
    from orchestration.text.html_reader import read_html, visible_text

    text = visible_text(content)
    text_page = segment_page(text)
    html = read_html(content)
    site = html.site_name
    categories = html.categories
    if not _html_is_article(html, text_page):
        kind = text_page.page_kind
        if kind == "article":  # the markup found no main text where the lines did: keep the lines' reading
            return replace(text_page, text=text, reader="html", site_name=site, categories=categories)
        return replace(
            text_page, text=text, reader="html", site_name=site, categories=categories, articles=()
        )
    article = _merge_article(html, text_page.articles[0] if text_page.articles else None)
    return replace(
        text_page,
        page_kind="article",
        page_kind_reason=None,
        section=article.section or text_page.section,
        headlines=_with_main_headline(text_page.headlines, article),
        articles=(article,),
        text=text,
        reader="html",
        site_name=site,
        categories=categories,
    )


def read_page(content: str) -> Page:
    """The structure of one page's decoded content; total: any string gives a Page."""
    if looks_like_html(content):
        try:
            return _read_html_page(content)
        except Exception:  # a reader bug must not fail a load: read what the tag-stripped text shows instead
            text = crude_text(content)
            return replace(segment_page(text), text=text, reader="html")
    return segment_page(content)
