"""Read a raw HTML page: its visible text (what ``documents.text`` holds) and its article (body and metadata).

- ``looks_like_html`` sniffs content, never the file name (HTML is often saved as ``.txt``).
- ``visible_text`` renders with inscriptis, the renderer that produced the benchmark's saved-as-text pages
  (web-dev ``raw_text``). With this module's post-processing all 47 web-dev pages render to their ``.txt``
  twin byte for byte, so an HTML page and its saved-as-text copy give the same ``documents.text`` and the
  same entity offsets. The post-processing is exactly the twin's: lines stripped, the first-level ``* ``
  bullet removed (deeper ``+ `` / ``o `` bullets and the lone ``*`` of an empty item stay, as in the saved
  text), runs of blank lines collapsed to one, ``\\n`` line ends, one final newline.
- ``read_html`` takes paragraphs and metadata from trafilatura 2.3 (``bare_extraction``: one pass gives the
  main text, title, author, site name, categories, tags and page type). Trafilatura's own ``date`` is
  htmldate's day, without time or zone and often taken from the URL, so the dates are read here from the
  page's metadata (JSON-LD, ``<meta>``, microdata, ``<time datetime>``) with ``timestamps``; htmldate's
  day is the fallback. On web-dev: a published date on 47 of 47 pages (41 from metadata, 6 from
  htmldate), with a clock time on 40 and a UTC offset on 38; an updated time on 38; a title on 47,
  authors on 39.

Body text, measured on web-dev with the benchmark's metric (4-gram ``\\w+`` shingles, per-page P/R over
shingle counts, precision averaged over pages with a prediction, F1 of the means; tune = 34 pages, holdout
= 13, by sha256(doc) % 3; ``read_html`` = its paragraphs joined by blank lines; time = interleaved, median
of 3 runs on the 2-core dev machine while other builds ran):

=========================================  ==================  ==================  ========
extractor (same run)                       tune P / R / F1     holdout P / R / F1  ms/page
=========================================  ==================  ==================  ========
whole visible text (``visible_text``)      .475  .991  .642    .639  .997  .779    11.5
justext 3, English stoplist                .830  .747  .786    .871  .727  .792
``trafilatura.baseline``                   .810  .955  .876    .806  .920  .859
``trafilatura.extract(html)``, defaults    .935  .992  .963    .968  .971  .970    23.4
``bare_extraction``, no comments           .942  .992  .966    .968  .971  .970    21.0
  + ``favor_precision``                    .932  .962  .947    .970  .983  .976
  + ``favor_recall``                       .940  .992  .965    .968  .983  .976
  + ``include_tables=False``               .942  .992  .966    .969  .961  .965
``read_html`` (this module)                .961  .993  .976    .980  .971  .976    32.5
=========================================  ==================  ==================  ========

Kept: balanced mode (it already retries with recall settings when the extraction is short; precision and
recall modes each lose on tune), tables on, comments off (``extract`` appends the comment thread to its
text by default; the gold bodies never have one). On top of trafilatura, by generic rules only: a leading
heading or paragraph that repeats the title or an ``<h1>``, and a leading heading that is the dek (the
description), leave the body (the gold body has neither); so do short furniture paragraphs (copyright,
"Read more: ...", "Follow ... on Facebook") and spacer paragraphs without a word character. The extra
9 ms over ``extract`` is trafilatura's metadata pass; a 2 MB page takes about 4 s (trafilatura alone).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from inscriptis import get_text
from inscriptis.model.config import ParserConfig
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from orchestration.text.bylines import is_role
from orchestration.text.html_detect import crude_text, has_visible_text, looks_like_html
from orchestration.text.timestamps import PageTime, find_timestamp, parse_iso_timestamp

__all__ = ["HtmlArticle", "has_visible_text", "looks_like_html", "read_html", "visible_text"]


# --- visible text ---------------------------------------------------------------------------------------

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


# --- article --------------------------------------------------------------------------------------------


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

_SPACE_RE = re.compile(r"[^\S\n]+")
_WORD_RE = re.compile(r"\w+")


def _collapse(text: str) -> str:
    lines = (_SPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _key(text: str | None) -> str:
    """Comparison key: lower-case words only, so quotes, dashes and spacing do not matter."""
    return " ".join(_WORD_RE.findall((text or "").lower()))


# -- paragraphs from trafilatura's body tree (p, head, list/item, quote, table/row/cell, lb, hi, ...)

_BLOCK_TAGS = frozenset({"p", "head", "quote", "code", "list", "table", "div", "item"})


def _inline_text(el: Any, skip: frozenset[str] = frozenset()) -> str:
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag in skip:
            parts.append(child.tail or "")
            continue
        parts.append("\n" if child.tag == "lb" else _inline_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks(el: Any) -> Iterator[tuple[str, str]]:
    """(kind, text) for each paragraph-like element, in order."""
    tag = el.tag
    if tag == "list":
        for item in el:
            yield "item", _collapse(_inline_text(item, skip=frozenset({"list"})))
            for nested in item.iterchildren("list"):
                yield from _blocks(nested)
    elif tag == "table":
        for row in el.iter("row"):
            cells = [_collapse(_inline_text(cell)) for cell in row.iter("cell")]
            yield "row", " | ".join(c for c in cells if c)
    elif tag in ("p", "head", "code", "item") or not any(child.tag in _BLOCK_TAGS for child in el):
        yield tag, _collapse(_inline_text(el))
    else:  # body, div, quote holding paragraphs
        if el.text and el.text.strip():
            yield tag, _collapse(el.text)
        for child in el:
            yield from _blocks(child)
            if child.tail and child.tail.strip():
                yield tag, _collapse(child.tail)


# Page furniture that trafilatura keeps inside the body: copyright lines, "Read more: <link title>" and
# "Follow us on <network>" promos. Only short paragraphs: a sentence of the story may mention "copyright".
_FURNITURE_RE = re.compile(
    r"^(?:copyright\b|©|\(c\)\s)|\ball rights reserved\b"
    r"|^(?:read (?:more|also|next)|see (?:also|more)|also read|related(?: articles?| stories| coverage)?)\s*[:：»>|]"
    r"|^follow\b.{0,80}\bon (?:facebook|twitter|instagram|x|linkedin|youtube|tiktok|threads|bluesky)\b",
    re.IGNORECASE,
)
_MAX_FURNITURE_CHARS = 250
_HAS_WORD_RE = re.compile(r"\w")  # a block of only "\u200b", "***" or "—" is a spacer, not a paragraph


# Separators between a headline and the site or section in <title>/og:title ("Headline | Site").
_TITLE_SEP_RE = re.compile(r"\s+(?:[|–—·»:]{1,2}|-{1,2})\s+")


def _title_keys(title: str | None) -> set[str]:
    """Keys of the title and of its pieces around separators ("Title | Site", "Section - Title")."""
    if not title:
        return set()
    pieces = [p for p in _TITLE_SEP_RE.split(title) if p.strip()]
    keys = {_key(title)} | {_key(p) for p in pieces if len(_key(p)) >= 12}
    return {k for k in keys if k}


def _is_prefix_of(short: str, long: str) -> bool:
    """Whether the words of ``short`` start ``long`` (a truncated description ends in a cut word)."""
    a, b = short.split(), long.split()
    if len(a) < 4 or len(a) > len(b):
        return False
    return a[:-1] == b[: len(a) - 1] and b[len(a) - 1].startswith(a[-1])


_MAX_LABEL_WORDS = 3


def _main_paragraphs(
    body: Any, title: str | None, headings: list[str], description: str | None
) -> tuple[tuple[str, ...], str | None]:
    """Paragraphs of trafilatura's body without a leading title/dek and page furniture; the dek found."""
    blocks = [(kind, text) for kind, text in _blocks(body) if _HAS_WORD_RE.search(text)]
    titles = _title_keys(title) | {_key(h) for h in headings if len(_key(h)) >= 12}
    desc = _key(description)
    dek: str | None = None
    start = 0

    # Leading headings (and a paragraph that repeats the title) before the first paragraph of text; a short
    # label (section, kicker) right above the title or the dek goes with them.
    def is_title(k: str) -> bool:
        return bool(k) and k in titles

    def is_dek(kind: str, k: str) -> bool:
        # Only a heading: sites often reuse the first paragraph as the description, and that is the lede.
        if not desc or not k or kind != "head":
            return False
        return k == desc or _is_prefix_of(desc, k) or _is_prefix_of(k, desc)

    while start < len(blocks):
        kind, text = blocks[start]
        key = _key(text)
        if is_title(key):
            start += 1
        elif is_dek(kind, key) and start + 1 < len(blocks):
            dek = dek or text
            start += 1
        elif len(text.split()) <= _MAX_LABEL_WORDS and any(
            is_title(_key(t)) or is_dek(k, _key(t)) for k, t in blocks[start + 1 : start + 3]
        ):
            start += 1
        else:
            break
    kept = tuple(
        text
        for _, text in blocks[start:]
        if not (len(text) <= _MAX_FURNITURE_CHARS and _FURNITURE_RE.search(text))
    )
    return kept, dek


# -- metadata


def _clean_title(
    title: str | None, headings: list[str], site: str | None, sections: tuple[str, ...]
) -> str | None:
    """The headline without the site name or section the <title>/og:title wraps it in."""
    if not title:
        return next((h for h in headings if len(_key(h)) >= 8), None)
    title = " ".join(title.split())
    pieces = _TITLE_SEP_RE.split(title)
    if len(pieces) == 1:
        return title
    seps = _TITLE_SEP_RE.findall(title)
    heading_keys = {_key(h) for h in headings if _key(h)}
    # A contiguous run of pieces that is the page's <h1>: that is the headline.
    for i in range(len(pieces)):
        for j in range(len(pieces), i, -1):
            if (i, j) == (0, len(pieces)):
                continue
            joined = "".join(p + (seps[k] if k < j - 1 else "") for k, p in enumerate(pieces[i:j], start=i))
            if _key(joined) in heading_keys:
                return joined.strip()
    # Otherwise drop outer pieces that name the site or a section.
    names = {_key(n) for n in (site, *sections) if n}

    def names_site(piece: str) -> bool:
        k = _key(piece)
        return bool(k) and any(k == n or n.startswith(k + " ") or k.startswith(n + " ") for n in names)

    while len(pieces) > 1 and names_site(pieces[-1]):
        pieces, seps = pieces[:-1], seps[:-1]
    while len(pieces) > 1 and names_site(pieces[0]):
        pieces, seps = pieces[1:], seps[1:]
    return "".join(p + (seps[k] if k < len(seps) else "") for k, p in enumerate(pieces)).strip()


_BY_RE = re.compile(r"^(?:(?:written|posted|reported|words|text)\s+)?by\b[:\s]*", re.IGNORECASE)
_EMAIL_URL_RE = re.compile(r"\S+@\S+\.\w+|https?://\S+|www\.\S+|@\w+")
_ROLE_RE = re.compile(
    r"(?:(?:^|\s+)(?:senior|chief|staff|news|political|business|sports?|deputy|associate|contributing|special|"
    r"foreign|managing|executive|digital|science|health|tech|technology|investigative|data))*"
    r"(?:^|\s+)(?:reporter|correspondent|editor|writer|columnist|contributor|producer|journalist|analyst)s?$",
    re.IGNORECASE,
)
# A byline glued to its date line ("JERUSALEM POST STAFF NOVEMBER"): a trailing month name, whole word only.
_TRAILING_MONTH_RE = re.compile(
    r"\s+(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?$",
    re.IGNORECASE,
)
# "JILL LAWLESS Associated Press": a capitals byline name, then the affiliation in normal case.
_CAPS_NAME_THEN_ORG_RE = re.compile(r"^((?:[A-Z][A-Z.'’-]+\s+){1,3}[A-Z][A-Z.'’-]+)\s+[A-Z][a-z].*$")
_NAME_PARTICLES = frozenset(
    {"van", "von", "de", "da", "di", "du", "del", "der", "den", "le", "la", "bin", "al", "ten", "ter", "y"}
)
# CMS account names published as the author ("admin", "siteadmin", "user12").
_USERNAME_RE = re.compile(r"\badmin\w*|\w*admin\b|^user\d*$|^editor$|^staff$", re.IGNORECASE)


def _without_lowercase_tail(name: str) -> str:
    """ "Anna Novak anna novak org" -> "Anna Novak": after two capitalised words a name does not go on in
    lower case (name particles aside); such tails are e-mail addresses trafilatura stripped of punctuation."""
    words = name.split()
    for i in range(2, len(words)):
        if words[i][0].islower() and words[i] not in _NAME_PARTICLES and words[i - 1][0].isupper():
            return " ".join(words[:i])
    return name


def _author_names(raw: str | None, site: str | None) -> tuple[str, ...]:
    """Individual author names from trafilatura's "A; B" string, without prefixes, roles or the site."""
    if not raw:
        return ()
    site_key = _key(site)
    names: list[str] = []
    for part in re.split(r";|\|", raw):
        if is_role(part):
            continue  # "Community Reporter" on its own is the author's job, not a second author
        name = _EMAIL_URL_RE.sub(" ", _BY_RE.sub("", part.strip()))
        name = _TRAILING_MONTH_RE.sub("", _ROLE_RE.sub("", " ".join(name.split()))).strip(" ,.-–—")
        name = _without_lowercase_tail(_CAPS_NAME_THEN_ORG_RE.sub(r"\1", name))
        letters = [c for c in name if c.isalpha()]
        if (
            not letters
            or any(c.isdigit() for c in name)
            or len(name.split()) > 6
            or _USERNAME_RE.search(name)
        ):
            continue
        if len(letters) > 3 and all(c.isupper() for c in letters):
            name = " ".join(w.capitalize() if w.isalpha() else w.title() for w in name.split())
        key = _key(name)
        if site_key and (key == site_key or key.startswith(site_key + " ") or site_key.startswith(key + " ")):
            continue  # the publication, not a person ("CNN Business" on CNN)
        if key and key not in {_key(n) for n in names}:
            names.append(name)
    return tuple(names)


def _split_list(values: list[str] | None) -> tuple[str, ...]:
    """Categories/tags: trafilatura sometimes returns one comma-separated keywords string."""
    out: list[str] = []
    for value in values or ():
        for item in re.split(r"\s*[,;]\s*", value):
            item = " ".join(item.split())
            if len(item) > 1 and item not in out:
                out.append(item)
    return tuple(out)


_DECLARED_TITLE_META = frozenset({"og:title", "twitter:title", "headline", "dc.title", "title"})


def _untrimmed_title(tree: HtmlElement, objects: list[dict[str, Any]], title: str | None) -> str | None:
    """The whole <title> text where trafilatura kept only one piece of it and the page declares no title.

    For "A - B - C" trafilatura keeps "A - B" (its rule assumes "Headline | Site"), which loses the headline
    of "Section | Headline" titles; ``_clean_title`` decides from the page's <h1> and site name instead. A
    declared og:title or JSON-LD headline is kept as trafilatura read it.
    """
    declared = {
        " ".join((meta.get("content") or "").split())
        for meta in tree.iter("meta")
        if (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        in _DECLARED_TITLE_META
    }
    declared |= {" ".join(o["headline"].split()) for o in objects if isinstance(o.get("headline"), str)}
    element = tree.find(".//title")
    raw = " ".join(element.text_content().split()) if element is not None else ""
    if title and title not in declared and raw != title and (raw.startswith(title) or raw.endswith(title)):
        return raw
    return title


def _headings(tree: HtmlElement) -> list[str]:
    out = []
    for h in tree.iter("h1"):
        text = " ".join(h.text_content().split())
        if text:
            out.append(text)
    return out


def _language(tree: HtmlElement) -> str | None:
    candidates = [tree.get("lang"), tree.get("xml:lang")]
    for meta in tree.iter("meta"):
        name = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if name in ("content-language", "og:locale", "language", "dc.language"):
            candidates.append(meta.get("content"))
    for value in candidates:
        m = re.match(r"\s*([A-Za-z]{2,3})(?![A-Za-z])", value or "")
        if m:
            return m.group(1).lower()
    return None


# -- dates

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "article.published",
    "published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "publication_date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "date",
)
_UPDATED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "article:modified",
    "article.updated",
    "og:updated_time",
    "modified_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
)
# JSON-LD types of a story: NewsArticle, BlogPosting, LiveBlogPosting, ClaimReview, Report, ...
_ARTICLE_TYPE_ENDINGS = ("article", "posting", "review", "report")


def _stamp(value: Any) -> PageTime | None:
    """A metadata date value, machine format first, then as a human line ("November 19, 2019")."""
    if not isinstance(value, str) or not value.strip():
        return None
    found = parse_iso_timestamp(value) or find_timestamp(value[:80])
    if found is None or not 1900 <= found.date.year <= 2100:
        return None  # CMS placeholders such as 0001-01-01
    return found


_LD_DATE_FIELD_RE = re.compile(r'"(datePublished|dateCreated|dateModified)"\s*:\s*"([^"]{8,40})"')


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except (ValueError, RecursionError):
            # Broken JSON-LD (trailing commas, raw quotes) is common; its date fields are still worth reading.
            fields = {m.group(1): m.group(2) for m in _LD_DATE_FIELD_RE.finditer(script.text)}
            data = {"@type": "Article", **fields} if fields else None
        stack: list[tuple[Any, int]] = [(data, 0)]
        while stack:
            item, depth = stack.pop(0)
            if isinstance(item, list):
                stack.extend((x, depth + 1) for x in item[:50])
            elif isinstance(item, dict):
                yield item
                if depth < 3:
                    stack.extend((v, depth + 1) for k, v in item.items() if k in ("@graph", "mainEntity"))


def _ld_types(obj: dict[str, Any]) -> list[str]:
    raw = obj.get("@type")
    types = raw if isinstance(raw, list) else [raw]
    return [t.lower() for t in types if isinstance(t, str)]


def _is_article(obj: dict[str, Any]) -> bool:
    return any(t.endswith(_ARTICLE_TYPE_ENDINGS) for t in _ld_types(obj))


@dataclass(frozen=True)
class _Candidate:
    source: str
    stamp: PageTime


def _date_candidates(
    tree: HtmlElement, objects: list[dict[str, Any]]
) -> tuple[list[_Candidate], list[_Candidate]]:
    """Published and updated candidates in order of trust: JSON-LD, <meta>, microdata, <time>."""
    published: list[_Candidate] = []
    updated: list[_Candidate] = []

    def add(target: list[_Candidate], source: str, value: Any) -> None:
        if stamp := _stamp(value):
            target.append(_Candidate(source, stamp))

    for obj in [o for o in objects if _is_article(o)] + [o for o in objects if "webpage" in _ld_types(o)]:
        add(published, "json-ld", obj.get("datePublished") or obj.get("dateCreated"))
        add(updated, "json-ld", obj.get("dateModified"))
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if name and content and name not in metas:
            metas[name] = content
    for name in _PUBLISHED_META:
        add(published, "meta", metas.get(name))
    for name in _UPDATED_META:
        add(updated, "meta", metas.get(name))
    for el in tree.xpath('//*[@itemprop="datePublished" or @itemprop="dateModified"][not(self::meta)]'):
        target = published if el.get("itemprop") == "datePublished" else updated
        add(target, "microdata", el.get("datetime") or el.get("content") or el.text_content())
    for el in tree.iter("time"):
        marks = " ".join(
            filter(
                None,
                (el.get("class"), el.get("itemprop"), "pubdate" if el.get("pubdate") is not None else ""),
            )
        )
        marks = marks.lower()
        if re.search(r"publish|pubdate|posted|entry-date|created", marks):
            add(published, "time-element", el.get("datetime"))
        elif re.search(r"updated|modified", marks):
            add(updated, "time-element", el.get("datetime"))
    return published, updated


def _best(candidates: list[_Candidate]) -> _Candidate | None:
    """The most trusted candidate, with the time and zone of a less trusted one that dates the same day."""
    if not candidates:
        return None
    best = candidates[0]
    for precise in (lambda s: s.utc_offset_minutes is not None, lambda s: s.time is not None):
        if precise(best.stamp):
            return best
        same_day = next(
            (c for c in candidates[1:] if c.stamp.date == best.stamp.date and precise(c.stamp)), None
        )
        if same_day is not None:
            return same_day
    return best


def _page_times(
    tree: HtmlElement, objects: list[dict[str, Any]], htmldate_day: str | None
) -> tuple[PageTime | None, PageTime | None, str | None]:
    published, updated = _date_candidates(tree, objects)
    pub, upd = _best(published), _best(updated)
    if pub is None and (day := parse_iso_timestamp(htmldate_day or "")) and 1900 <= day.date.year <= 2100:
        pub = _Candidate("htmldate", day)
    upd_stamp = upd.stamp if upd else None
    if pub and upd_stamp and upd_stamp.date < pub.stamp.date:
        upd_stamp = None  # "modified" before "published": a template default, not an edit
    return (pub.stamp if pub else None), upd_stamp, (pub.source if pub else None)


# -- the reader


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
