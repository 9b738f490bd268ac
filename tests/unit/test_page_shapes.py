"""Hand-written pages of real-world shapes, read by ``read_page``, against what a careful annotator says they hold.

Every page in tests/fixtures/pages/shapes/ (invented outlets, people and prose) has an entry in ``expected.json``:
page kind, title, dek, section, authors, published/updated time, where the body starts and ends, phrases the
body must and must not contain, and for listings the headlines. A field missing from an entry is one a reader
could argue about, so it is not asserted; a field set to ``null`` asserts that the page has no such thing.
Each test collects every mismatch of one page, so a failure lists all wrong fields of that page at once.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from orchestration.text import page_reader

SHAPES = Path(__file__).parents[1] / "fixtures" / "pages" / "shapes"
EXPECTED: dict[str, dict[str, Any]] = json.loads((SHAPES / "expected.json").read_text(encoding="utf-8"))
ARTICLE_PAGES = sorted(name for name, want in EXPECTED.items() if want["page_kind"] == "article")
LISTING_PAGES = sorted(name for name, want in EXPECTED.items() if want["page_kind"] == "listing")
EMPTY_PAGES = sorted(name for name, want in EXPECTED.items() if want["page_kind"] == "empty")


def _ws(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


@functools.cache
def _page(name: str) -> Any:
    # newline="" keeps line ends exactly as stored.
    with open(SHAPES / name, encoding="utf-8", newline="") as handle:
        return page_reader.read_page(handle.read())


def _body(article: Any) -> str:
    return "\n\n".join(article.paragraphs)


def _check_time(problems: list[str], name: str, field: str, got: Any, want: dict[str, Any] | None) -> None:
    """Compare a PageTime with an expectation; only the keys present in the expectation are asserted."""
    if want is None:
        if got is not None:
            problems.append(f"{name}: {field}: expected none, got {got!r}")
        return
    if got is None:
        problems.append(f"{name}: {field}: expected {want}, got None")
        return
    if "date" in want and got.date.isoformat() != want["date"]:
        problems.append(f"{name}: {field}.date: expected {want['date']}, got {got.date}")
    if "time" in want:
        got_time = None if got.time is None else got.time.strftime("%H:%M")
        if got_time != want["time"]:
            problems.append(f"{name}: {field}.time: expected {want['time']}, got {got_time}")
    for key in ("zone", "utc_offset_minutes"):
        if key in want and getattr(got, key) != want[key]:
            problems.append(f"{name}: {field}.{key}: expected {want[key]!r}, got {getattr(got, key)!r}")


def _check_page_date(problems: list[str], name: str, page: Any, want: dict[str, Any]) -> None:
    if "page_date" in want:
        got = None if page.page_date is None else page.page_date.isoformat()
        if got != want["page_date"]:
            problems.append(f"{name}: page_date: expected {want['page_date']}, got {got}")


def _fail_if(problems: list[str]) -> None:
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_every_shape_page_has_an_expectation() -> None:
    pages = sorted(p.name for p in SHAPES.iterdir() if p.suffix in {".txt", ".html"})
    assert pages == sorted(EXPECTED), "pages and expected.json entries differ"
    assert len(pages) >= 14
    assert LISTING_PAGES and EMPTY_PAGES and ARTICLE_PAGES


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_kind(name: str) -> None:
    page = _page(name)
    want = EXPECTED[name]["page_kind"]
    assert page.page_kind == want, f"{name}: page_kind: expected {want!r}, got {page.page_kind!r}"


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_article_page(name: str) -> None:
    want = EXPECTED[name]
    page = _page(name)
    problems: list[str] = []
    if page.page_kind != "article":
        problems.append(f"{name}: page_kind: expected 'article', got {page.page_kind!r}")
    if len(page.articles) != 1:
        pytest.fail(f"{name}: articles: expected exactly 1, got {len(page.articles)}", pytrace=False)
    article = page.articles[0]
    _check_page_date(problems, name, page, want)

    for field in ("title", "subtitle"):
        if field in want and _ws(getattr(article, field)) != _ws(want[field]):
            problems.append(f"{name}: {field}: expected {want[field]!r}, got {getattr(article, field)!r}")
    if "section" in want and article.section != want["section"]:
        problems.append(f"{name}: section: expected {want['section']!r}, got {article.section!r}")
    if "title" in want:
        mains = [_ws(h.text) for h in page.headlines if h.role == "main"]
        if mains != [_ws(want["title"])]:
            problems.append(f"{name}: main headline: expected [{want['title']!r}], got {mains!r}")
    if "authors" in want and list(article.authors) != want["authors"]:
        problems.append(f"{name}: authors: expected {want['authors']!r}, got {list(article.authors)!r}")

    if "published" in want:
        published = want["published"]
        _check_time(problems, name, "published", article.published, published)
        if (
            published is not None
            and "source" in published
            and article.published_date_source != published["source"]
        ):
            problems.append(
                f"{name}: published_date_source: expected {published['source']!r}, "
                f"got {article.published_date_source!r}"
            )
        if published is None and article.published_date_source is not None:
            problems.append(
                f"{name}: published_date_source: expected None, got {article.published_date_source!r}"
            )
        expected_date = None if published is None else published.get("date")
        got_date = None if article.published_date is None else article.published_date.isoformat()
        if (published is None or "date" in published) and got_date != expected_date:
            problems.append(f"{name}: published_date: expected {expected_date}, got {got_date}")
    if "updated" in want:
        # Article carries one date source (for published); the updated entry's "source" is documentation only.
        _check_time(problems, name, "updated", article.updated, want["updated"])

    paragraphs = [_ws(p) or "" for p in article.paragraphs]
    if not paragraphs:
        problems.append(f"{name}: paragraphs: expected a body, got none")
    else:
        for field, got in (
            ("first_paragraph_starts", paragraphs[0]),
            ("last_paragraph_starts", paragraphs[-1]),
        ):
            if field in want and not got.startswith(_ws(want[field]) or ""):
                problems.append(f"{name}: {field}: expected {want[field]!r}..., got {got[:120]!r}")
    if want.get("paragraph_count") is not None and len(paragraphs) != want["paragraph_count"]:
        problems.append(f"{name}: paragraph_count: expected {want['paragraph_count']}, got {len(paragraphs)}")
    # The title and the dek are not paragraphs of the body.
    for field in ("title", "subtitle"):
        if want.get(field) and _ws(want[field]) in paragraphs:
            problems.append(f"{name}: paragraphs: the {field} {want[field]!r} is also a body paragraph")

    body = _ws(_body(article)) or ""
    for phrase in want.get("body_must_contain", []):
        if _ws(phrase) not in body:
            problems.append(f"{name}: body_must_contain: {phrase!r} is missing from the body")
    for phrase in want.get("body_must_not_contain", []):
        if _ws(phrase) in body:
            problems.append(f"{name}: body_must_not_contain: boilerplate {phrase!r} is in the body")

    teasers = {_ws(h.text) for h in page.headlines if h.role == "teaser"}
    for text in want.get("teaser_headlines", []):
        if _ws(text) not in teasers:
            problems.append(
                f"{name}: teaser_headlines: {text!r} is not a teaser headline (teasers: {teasers})"
            )
    if want.get("headline_count") is not None and len(page.headlines) != want["headline_count"]:
        problems.append(
            f"{name}: headline_count: expected {want['headline_count']}, got {len(page.headlines)}"
        )
    _fail_if(problems)


@pytest.mark.parametrize("name", LISTING_PAGES)
def test_listing_page(name: str) -> None:
    want = EXPECTED[name]
    page = _page(name)
    problems: list[str] = []
    if page.page_kind != "listing":
        problems.append(f"{name}: page_kind: expected 'listing', got {page.page_kind!r}")
    if page.articles:
        problems.append(
            f"{name}: articles: a listing has no article, got titles {[a.title for a in page.articles]}"
        )
    _check_page_date(problems, name, page, want)
    if "section" in want and page.section != want["section"]:
        problems.append(f"{name}: section: expected {want['section']!r}, got {page.section!r}")

    by_text = {_ws(h.text): h for h in page.headlines}
    for text in want.get("listing_headlines", []):
        headline = by_text.get(_ws(text))
        if headline is None:
            problems.append(f"{name}: listing_headlines: {text!r} not among the headlines {sorted(by_text)}")
        elif headline.role != "listing":
            problems.append(f"{name}: listing_headlines: {text!r} has role {headline.role!r}, not 'listing'")
    truncated = set(want.get("truncated_summaries", []))
    for text, summary_start in want.get("listing_summaries", {}).items():
        headline = by_text.get(_ws(text))
        if headline is None:
            problems.append(f"{name}: listing_summaries: no headline {text!r}")
            continue
        summary = _ws(headline.summary) or ""
        if not summary.startswith(_ws(summary_start) or ""):
            problems.append(
                f"{name}: listing_summaries: {text!r}: expected {summary_start!r}..., got {summary!r}"
            )
        if headline.summary_truncated is not (text in truncated):
            problems.append(
                f"{name}: summary_truncated: {text!r}: expected {text in truncated}, got {headline.summary_truncated}"
            )
    if want.get("headline_count") is not None and len(page.headlines) != want["headline_count"]:
        problems.append(
            f"{name}: headline_count: expected {want['headline_count']}, got {len(page.headlines)}: {sorted(by_text)}"
        )
    if any(h.role == "main" for h in page.headlines):
        problems.append(f"{name}: headlines: a listing has no main headline")
    _fail_if(problems)


@pytest.mark.parametrize("name", EMPTY_PAGES)
def test_empty_page(name: str) -> None:
    page = _page(name)
    problems: list[str] = []
    if page.page_kind != "empty":
        problems.append(f"{name}: page_kind: expected 'empty', got {page.page_kind!r}")
    if page.articles:
        problems.append(f"{name}: articles: expected none, got titles {[a.title for a in page.articles]}")
    if page.headlines:
        problems.append(f"{name}: headlines: expected none, got {[h.text for h in page.headlines]}")
    _fail_if(problems)
