"""An HTML page's published and updated times from its metadata, in order of trust: JSON-LD, ``<meta>``,
microdata, ``<time datetime>``; htmldate's day is the fallback. Also the page's JSON-LD objects."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

from orchestration.text.timestamps import PageTime, find_timestamp, parse_iso_timestamp

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
