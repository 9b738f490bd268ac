"""A raw folder mixing text and HTML pages, and a site folder whose pages repeat their template, built for real."""

import shutil

import duckdb
import pytest

from orchestration.serving import serving_path
from tests.integration.conftest import REPO_ROOT, TempWarehouse

pytestmark = pytest.mark.integration

SHAPES = REPO_ROOT / "tests" / "fixtures" / "pages" / "shapes"
HTML_PAGE = "html_jsonld.html"
HTML_SAVED_AS_TXT = "html_comments_subhead.html"  # the same reader must take it whatever the name says
PROMO = "This report is part of our coverage of the river towns, supported by the Lantern Trust."
SITE_PAGES = 6


def site_page(k: int) -> str:
    """A page of one invented site: the same menu, promotion line and footer, a different story each time."""
    story = (
        f"Ferry crossing number {k} reopens after repairs",
        f"The crossing at pier {k} reopened on Monday after three weeks of repairs to its landing stage, the "
        f"harbour office said, and the first boat left at {6 + k} in the morning.",
        f"Repair crews replaced {k + 2} timber piles and the ramp that carries cars onto the deck, work that "
        "had been planned for the spring but was brought forward after a storm.",
        f"Passengers on the {k}th sailing said the wait had been worth it, though several asked why the "
        "timetable had not been published before the reopening.",
    )
    return "\n".join(
        [
            "Riverside Courier",
            "Home",
            "News",
            "Sport",
            "Weather",
            "",
            story[0],
            "",
            f"By Staff Reporter {chr(65 + k)}. Writer",
            f"March {k + 1}, 2026",
            "",
            story[1],
            "",
            PROMO,
            "",
            story[2],
            "",
            story[3],
            "",
            "Most Read",
            "Contact us",
            "Copyright 2026 Riverside Courier",
            "",
        ]
    )


@pytest.fixture
def mixed_warehouse(temp_warehouse: TempWarehouse) -> TempWarehouse:
    shutil.copy2(SHAPES / HTML_PAGE, temp_warehouse.raw_dir / HTML_PAGE)
    shutil.copy2(SHAPES / HTML_SAVED_AS_TXT, temp_warehouse.raw_dir / "saved page.txt")
    site = temp_warehouse.raw_dir / "riverside"
    site.mkdir()
    for k in range(1, SITE_PAGES + 1):
        (site / f"story_{k}.txt").write_text(site_page(k), encoding="utf-8")
    temp_warehouse.build()
    return temp_warehouse


def test_html_pages_are_read_as_html_whatever_their_name(mixed_warehouse: TempWarehouse) -> None:
    wh = mixed_warehouse
    rows = dict(
        wh.query(
            "select source_file, content_type from documents where source_file in (?, ?)",
            [HTML_PAGE, "saved page.txt"],
        )
    )
    assert rows == {HTML_PAGE: "text/html", "saved page.txt": "text/html"}
    # documents.text is the visible text (what offsets point into); the markup stays in raw.documents
    for name in (HTML_PAGE, "saved page.txt"):
        (text,) = wh.query("select text from documents where source_file = ?", [name])[0]
        assert "<p" not in text and "</" not in text and text.strip()
        (raw,) = wh.query("select text from raw.documents where source_file = ?", [name])[0]
        assert raw.lstrip().lower().startswith("<!doctype html")
    title, subtitle, authors, published, source, at_utc, body = wh.query(
        "select title, subtitle, authors, published_date, published_date_source, published_at_utc, body "
        "from articles where source_file = ?",
        [HTML_PAGE],
    )[0]
    assert title == "Ferry operator adds winter sailings to the outer islands"
    assert authors == ["Oriane Delacroix", "Pieter Jansen"]
    assert source == "html_metadata" and published is not None and at_utc is not None
    assert body.startswith("The ferry company serving the outer islands will run a second daily sailing")
    assert subtitle is not None and subtitle not in body
    # every mention of an HTML page points into its visible text
    mismatches = wh.query(
        "select count(*) from entity_mentions as m join documents as d using (document_id) "
        "where d.content_type = 'text/html' and substring(d.text, m.start_char + 1, m.end_char - m.start_char) <> m.text"
    )
    assert mismatches == [(0,)]
    assert (
        wh.query(
            "select count(*) from entity_mentions m join documents d using (document_id) "
            "where d.content_type = 'text/html'"
        )[0][0]
        > 0
    )


def test_a_sites_repeated_lines_are_counted_and_kept_out_of_article_bodies(
    mixed_warehouse: TempWarehouse,
) -> None:
    wh = mixed_warehouse
    repeated = {
        line: (count, total)
        for line, count, total in wh.query(
            "select line_text, page_count, site_page_count from repeated_lines where site = 'riverside'"
        )
    }
    assert repeated[PROMO] == (SITE_PAGES, SITE_PAGES)
    assert repeated["Riverside Courier"] == (SITE_PAGES, SITE_PAGES)
    # a story's own lines are on one page only
    assert not any(line.startswith("The crossing at pier") for line in repeated)
    # the pages outside the site folder are counted as their own site, not with it
    assert wh.query(
        "select count(*) from repeated_lines where site = 'riverside' and page_count > ?", [SITE_PAGES]
    ) == [(0,)]
    per_page = wh.query(
        "select a.body, b.body, b.repeated_paragraph_count from articles a join article_bodies b using (article_id) "
        "where a.source_file like 'riverside/%' order by a.source_file"
    )
    assert len(per_page) == SITE_PAGES
    for page_body, site_body, dropped in per_page:
        assert PROMO in page_body  # read from the page alone, the promotion looks like a paragraph
        assert PROMO not in site_body and dropped == 1
        assert site_body.startswith("The crossing at pier")


def test_bodies_are_cut_again_when_their_sites_repeated_lines_change(temp_warehouse: TempWarehouse) -> None:
    """Incremental article_bodies: pages that arrive later can make a line of older pages a repeated one;
    the older bodies then lose it, the other sites' bodies are left as they were, and the serving copy
    shows the new bodies."""
    wh = temp_warehouse
    site = wh.raw_dir / "riverside"
    site.mkdir()
    for k in range(1, 4 + 1):  # one page fewer than repeated_line_min_pages: nothing repeats yet
        (site / f"story_{k}.txt").write_text(site_page(k), encoding="utf-8")
    wh.build()
    bodies = "select b.source_file, b.body, b.updated_at from article_bodies as b"
    before = {file: (body, at) for file, body, at in wh.query(bodies)}
    assert all(PROMO in body for file, (body, _) in before.items() if file.startswith("riverside/"))
    lines = "select site, line_text, page_count, site_page_count from repeated_lines order by all"
    assert not [row for row in wh.query(lines) if row[0] == "riverside"]
    other_sites = [row for row in wh.query(lines) if row[0] != "riverside"]
    for k in range(5, SITE_PAGES + 1):
        (site / f"story_{k}.txt").write_text(site_page(k), encoding="utf-8")
    wh.build()
    after = {file: (body, at) for file, body, at in wh.query(bodies)}
    # the site's lines are counted again (as a build of all its pages at once counts them), the others not
    repeated = {line: (count, total) for site, line, count, total in wh.query(lines) if site == "riverside"}
    assert repeated[PROMO] == repeated["Riverside Courier"] == (SITE_PAGES, SITE_PAGES)
    assert [row for row in wh.query(lines) if row[0] != "riverside"] == other_sites
    assert sum(1 for file in after if file.startswith("riverside/")) == SITE_PAGES
    for file, (body, at) in after.items():
        if file.startswith("riverside/"):
            assert PROMO not in body and body.startswith("The crossing at pier")
            assert file not in before or at > before[file][1]  # cut again
        else:
            assert (body, at) == before[file]  # another site: not touched
    served = duckdb.connect(str(serving_path(wh.db_path)), read_only=True)
    try:
        served_bodies = {file: body for file, body, _ in served.execute(bodies).fetchall()}
    finally:
        served.close()
    assert served_bodies == {file: body for file, (body, _) in after.items()}
    # two of its pages deleted: too few pages for any line to repeat, so the site's rows go and its bodies
    # get the promotion back
    for k in (5, 6):
        (site / f"story_{k}.txt").unlink()
    wh.build()
    assert not [row for row in wh.query(lines) if row[0] == "riverside"]
    final = {file: body for file, body, _ in wh.query(bodies)}
    assert all(PROMO in final[f"riverside/story_{k}.txt"] for k in range(1, 5))
    assert len([f for f in final if f.startswith("riverside/")]) == 4
