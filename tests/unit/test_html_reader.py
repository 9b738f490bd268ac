import datetime as dt
from pathlib import Path

import pytest

from orchestration.text.html_reader import HtmlArticle, looks_like_html, read_html, visible_text
from orchestration.text.timestamps import PageTime

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HTML = FIXTURES / "html"


def page(name: str) -> str:
    return (HTML / name).read_text(encoding="utf-8")


def read(name: str) -> HtmlArticle:
    return read_html(page(name))


# --- looks_like_html ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "jsonld_newsarticle.html",
        "opengraph_only.html",
        "no_metadata.html",
        "malformed.html",
        "empty.html",
        "html_saved_as.txt",
    ],
)
def test_html_fixtures_are_html(name: str) -> None:
    assert looks_like_html(page(name))


@pytest.mark.parametrize(
    "content",
    [
        '<?xml version="1.0"?>\n<!-- saved page -->\n<HTML><BODY>x</BODY></HTML>',
        "\n\n  <body><p>fragment with a body tag</p></body>",
        "<div><p>One</p><p>Two</p><ul><li>a</li><li>b</li></ul><p>Three</p></div>",  # no document tags
    ],
)
def test_html_shapes(content: str) -> None:
    assert looks_like_html(content)


@pytest.mark.parametrize(
    "content",
    [
        "",
        "Friday, December 5, 2025\n\nA plain page with one <b>bold</b> word in it.",
        "Readers wrote that 3 < 4 and 5 > 2, which is true.",
        "Use the <p> tag for paragraphs and <br> for line breaks.",
        "Title\n\n" + "A long plain paragraph. " * 2000 + "<html>",  # a tag far down is not the start
    ],
)
def test_plain_text_is_not_html(content: str) -> None:
    assert not looks_like_html(content)


def test_project_sample_pages_are_not_html() -> None:
    plain = [p for p in (FIXTURES / "pages").rglob("*.txt") if p.name != "html_page.txt"]
    assert plain
    assert not any(looks_like_html(p.read_text(encoding="utf-8")) for p in plain)


# --- visible_text -------------------------------------------------------------------------------------


def test_visible_text_renders_blocks_as_lines_like_a_saved_page() -> None:
    # First-level bullets are dropped, deeper ones kept, blank runs collapsed, one final newline: the shape of
    # a page saved as text by the same renderer.
    assert visible_text(page("html_saved_as.txt")) == (
        "Museum reopens its east wing\n"
        "\n"
        "Exhibitions\n"
        "Visit\n"
        "+ Tickets\n"
        "+ Opening hours\n"
        "\n"
        "The museum reopened its east wing on Saturday after a two-year restoration of the painted ceilings.\n"
        "\n"
        "Entry to the wing is free for the first month.\n"
    )


def test_visible_text_has_no_link_targets_scripts_or_crlf() -> None:
    html = (
        "<html><head><title>T</title><style>p{color:red}</style><script>var x = 1;</script></head>\r\n"
        '<body><p>Read <a href="https://example.org/x">the report</a> here.</p>\r\n'
        '<p><img src="a.jpg" alt="A photo">Second   paragraph\twith  spaces.</p></body></html>'
    )
    text = visible_text(html)
    assert text == "Read the report here.\n\nSecond paragraph with spaces.\n"


def test_visible_text_keeps_the_headline_and_body_of_a_fixture() -> None:
    text = visible_text(page("jsonld_newsarticle.html"))
    assert "River Port Expansion Wins Final Approval\n" in text
    assert "By Maria Lindqvist and Tomas Berg" in text
    assert "\r" not in text and "\n\n\n" not in text
    assert not text.startswith("\n") and text.endswith(".\n")
    assert "ld+json" not in text and "datePublished" not in text  # scripts are not visible


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n",
        "<html></html>",
        "<html><head><script>var a = '<p>x</p>';</script></head><body></body></html>",
    ],
)
def test_visible_text_of_empty_pages(html: str) -> None:
    assert visible_text(html) == ""


def test_visible_text_is_total_on_broken_input() -> None:
    assert visible_text("<html><body><p>Hel\x00lo wor\x07ld</p></body></html>") == "Hello world\n"
    deep = "<html><body>" + "<div>" * 20_000 + "deep text" + "</div>" * 20_000 + "</body></html>"
    assert "deep text" in visible_text(deep)
    assert visible_text(None) == ""  # type: ignore[arg-type]
    malformed = visible_text(page("malformed.html"))
    assert "Drivers were advised" in malformed and "higher valleys." in malformed


# --- read_html: fixtures ------------------------------------------------------------------------------


def test_json_ld_news_article() -> None:
    article = read("jsonld_newsarticle.html")
    assert article.title == "River Port Expansion Wins Final Approval"  # "| Lakeside Courier" dropped
    assert article.authors == ("Maria Lindqvist", "Tomas Berg")
    assert article.site_name == "Lakeside Courier"
    assert article.categories == ("Business",)
    assert article.page_type == "article"
    assert article.url == "https://courier.example.org/news/2019/river-port-expansion"
    assert article.language == "en"
    assert article.subtitle == (
        "Dock workers and shipping firms expect the new berths to double cargo traffic within five years."
    )
    assert article.published == PageTime(dt.date(2019, 11, 19), dt.time(22, 31), -360, "-06:00")
    assert article.published_source == "json-ld"
    assert article.updated == PageTime(dt.date(2019, 11, 20), dt.time(8, 15), -360, "-06:00")
    assert article.published is not None
    assert article.published.aware() == dt.datetime(2019, 11, 20, 4, 31, tzinfo=dt.UTC)
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("The regional council voted nine to two")
    assert article.paragraphs[-1].endswith("the port's director said after the vote.")
    body = "\n".join(article.paragraphs)
    assert "Copyright" not in body and "By Maria" not in body and "Home" not in body
    assert "River Port Expansion Wins Final Approval" not in body  # the headline is not body


def test_open_graph_only() -> None:
    article = read("opengraph_only.html")
    assert article.title == "Night trains return to the northern line"
    assert article.authors == ("Kenji Arakawa",)  # "By" removed
    assert article.site_name == "Northern Review"
    assert article.categories == ("Travel",)
    assert article.url == "https://review.example.net/travel/night-trains"
    assert article.subtitle is not None and article.subtitle.startswith("A sleeper service abandoned")
    assert article.published == PageTime(dt.date(2025, 12, 28), dt.time(14, 5), 540, "+09:00")
    assert article.published_source == "meta"
    assert article.updated == PageTime(dt.date(2025, 12, 29), dt.time(9, 0), 540, "+09:00")
    assert len(article.paragraphs) == 4


def test_time_element_only() -> None:
    article = read("time_element_only.html")
    assert article.title == "Harbour festival draws record crowds"
    assert article.published == PageTime(dt.date(2024, 7, 4), dt.time(18, 30), 60, "+01:00")
    assert article.published_source == "time-element"
    assert article.updated is None
    assert [p[:20] for p in article.paragraphs] == [
        "More visitors than e",
        "The rowing regatta o",
        "Local restaurants re",
    ]


def test_no_metadata_at_all() -> None:
    article = read("no_metadata.html")
    assert article.title == "Community garden opens on former car park"
    assert article.published is None and article.updated is None and article.published_source is None
    assert article.authors == () and article.site_name is None and article.subtitle is None
    assert len(article.paragraphs) == 3


def test_listing_page() -> None:
    article = read("listing_tag_page.html")
    assert article.title == "Tag: Elections"
    assert article.page_type == "website"
    assert article.site_name == "Valley Times"
    assert article.published is None
    body = "\n".join(article.paragraphs)
    assert "Next page" not in body and "Politics" not in body


def test_empty_html() -> None:
    article = read("empty.html")
    assert article.paragraphs == () and article.title is None and article.published is None


def test_malformed_html_with_broken_json_ld() -> None:
    article = read("malformed.html")
    assert article.title == "Storm closes mountain pass"
    # The JSON-LD has a trailing comma (invalid JSON); its date is still read.
    assert article.published == PageTime(dt.date(2023, 2, 14), dt.time(6, 45), 0, "UTC")
    assert article.paragraphs[0].startswith("Heavy snow closed the mountain pass overnight")
    assert article.paragraphs[0].endswith("at the valley towns.")  # unclosed <b> closed


def test_cookie_banner_and_comments_are_not_body() -> None:
    article = read("cookie_banner_comments.html")
    body = "\n".join(article.paragraphs)
    assert body.startswith("The city council has approved a plan")
    assert len(article.paragraphs) == 3
    assert "cookies" not in body.lower()
    assert "About time too" not in body and "traffic jams" not in body and "comments" not in body


def test_html_saved_as_txt_reads_like_html() -> None:
    article = read("html_saved_as.txt")
    assert article.title == "Museum reopens its east wing"
    assert article.paragraphs == (
        "The museum reopened its east wing on Saturday after a two-year restoration of the painted ceilings.",
        "Entry to the wing is free for the first month.",
    )


@pytest.mark.parametrize("html", ["", "   ", "\x89PNG\r\n\x1a\n\x00\x00", None, 42])
def test_read_html_is_total(html: str) -> None:
    article = read_html(html)
    assert isinstance(article, HtmlArticle)
    assert article.paragraphs == () and article.title is None


def test_read_html_survives_deep_nesting() -> None:
    deep = "<html><body>" + "<div>" * 20_000 + "<p>deep</p>" + "</div>" * 20_000 + "</body></html>"
    assert isinstance(read_html(deep), HtmlArticle)


# --- read_html: rules on small inline pages -----------------------------------------------------------

_BODY = "".join(
    f"<p>{s}</p>"
    for s in (
        "The ministry published its annual report on Monday, showing that exports grew for a third year.",
        "Most of the growth came from machinery and chemicals, the report said, while farm exports fell.",
        "Economists expect the trend to continue next year if the currency stays at its current level.",
    )
)


def _page(head: str, body: str = _BODY, before: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{before}<article>{body}</article></body></html>"


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Anna Novak; Peter Brandt", ("Anna Novak", "Peter Brandt")),
        ("By Anna Novak", ("Anna Novak",)),
        ("ANNA NOVAK", ("Anna Novak",)),
        ("ANNA NOVAK Associated Press", ("Anna Novak",)),  # capitals name, then the affiliation
        ("Anna Novak News reporter", ("Anna Novak",)),
        ("Anna Novak, Senior Correspondent", ("Anna Novak",)),
        ("Anna Novak anna.novak@example.org", ("Anna Novak",)),
        ("John Mayer", ("John Mayer",)),  # a surname that starts like a month stays
        ("siteadmin", ()),
        ("Harbour Herald", ()),  # the site itself
        ("Harbour Herald Business", ()),  # a desk of the site
    ],
)
def test_author_names(author: str, expected: tuple[str, ...]) -> None:
    head = f'<meta name="author" content="{author}"><meta property="og:site_name" content="Harbour Herald">'
    assert read_html(_page(head)).authors == expected


@pytest.mark.parametrize(
    ("title", "h1", "expected"),
    [
        ("Exports grow again | Harbour Herald", "Exports grow again", "Exports grow again"),
        ("Opinion | Exports grow again", "Exports grow again", "Exports grow again"),
        ("Exports grow again - Harbour Herald", "", "Exports grow again"),  # by the site name
        ("Exports: a third year of growth", "", "Exports: a third year of growth"),  # no separator
        (
            "Markets - Stocks - Exports grow again",
            "",
            "Markets - Stocks - Exports grow again",
        ),  # unknown pieces
    ],
)
def test_title_without_site_or_section(title: str, h1: str, expected: str) -> None:
    head = f'<title>{title}</title><meta property="og:site_name" content="Harbour Herald">'
    before = f"<h1>{h1}</h1>" if h1 else ""
    assert read_html(_page(head, before=before)).title == expected


def test_declared_og_title_is_kept_whole() -> None:
    # No site name is declared, so "| Harbour Herald" cannot be told from a headline piece: og:title decides.
    head = '<title>Exports grow again | Harbour Herald</title><meta property="og:title" content="Exports grow again">'
    assert read_html(_page(head)).title == "Exports grow again"


def test_leading_title_and_dek_headings_leave_the_body() -> None:
    dek = "Machinery and chemicals led a third year of growth, while farm exports fell back again."
    head = f'<title>Exports grow again</title><meta name="description" content="{dek}">'
    body = f"<h1>Exports grow again</h1><h2>{dek}</h2>" + _BODY
    article = read_html(_page(head, body=body))
    assert article.subtitle == dek
    assert article.paragraphs[0].startswith("The ministry published its annual report")
    assert len(article.paragraphs) == 3


def test_description_that_is_the_lede_is_not_a_subtitle() -> None:
    lede = "The ministry published its annual report on Monday, showing that exports grew for a third..."
    assert read_html(_page(f'<meta name="description" content="{lede}">')).subtitle is None


def test_page_furniture_inside_the_body_is_dropped() -> None:
    body = (
        _BODY
        + "<p>Read more: Exports fell sharply in the spring as demand slowed</p>"
        + "<p>Follow the Harbour Herald on Facebook and Instagram.</p>"
        + "<p>Copyright 2025 Harbour Herald. All rights reserved.</p>"
        + "<p>\u200b</p>"
    )
    article = read_html(_page("<title>Exports</title>", body=body))
    assert len(article.paragraphs) == 3
    assert article.paragraphs[-1].startswith("Economists expect")


def test_a_story_sentence_that_mentions_copyright_stays() -> None:
    sentence = (
        "Copyright lawyers said the ruling would change how publishers license archives to schools, " * 3
    )
    article = read_html(_page("<title>Exports</title>", body=_BODY + f"<p>{sentence.strip()}</p>"))
    assert article.paragraphs[-1].startswith("Copyright lawyers said")


def test_lists_and_tables_are_paragraphs() -> None:
    body = _BODY + (
        "<ul><li>Machinery rose by a fifth over the year</li><li>Chemicals rose by a tenth over the year</li></ul>"
        "<table><tr><td>Machinery</td><td>21%</td></tr><tr><td>Chemicals</td><td>10%</td></tr></table>"
    )
    paragraphs = read_html(_page("<title>Exports</title>", body=body)).paragraphs
    assert "Machinery rose by a fifth over the year" in paragraphs
    assert "Chemicals rose by a tenth over the year" in paragraphs
    assert "Machinery | 21%" in paragraphs


def test_metadata_date_gets_its_time_from_a_same_day_source() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2019-11-18"}</script>'
        '<meta property="article:published_time" content="2019-11-18T20:28:55+00:00">'
    )
    article = read_html(_page(head))
    assert article.published == PageTime(dt.date(2019, 11, 18), dt.time(20, 28, 55), 0, "+00:00")


def test_json_ld_placeholder_dates_are_ignored() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z",'
        ' "dateModified": "0001-01-01T00:00:00Z"}</script>'
        '<meta property="article:published_time" content="2024-03-02T10:00:00Z">'
    )
    article = read_html(_page(head))
    assert article.published == PageTime(dt.date(2024, 3, 2), dt.time(10, 0), 0, "UTC")
    assert article.published_source == "meta"
    assert article.updated is None


def test_json_ld_graph_and_human_date_values() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebSite", "name": "x"},'
        '{"@type": ["BlogPosting"], "datePublished": "20 Nov 2019 08:02 GMT"}]}</script>'
    )
    article = read_html(_page(head))
    assert article.published == PageTime(dt.date(2019, 11, 20), dt.time(8, 2), 0, "GMT")
    assert article.published_source == "json-ld"


def test_updated_before_published_is_dropped() -> None:
    head = (
        '<meta property="article:published_time" content="2024-03-02T10:00:00Z">'
        '<meta property="article:modified_time" content="2020-01-01T00:00:00Z">'
    )
    assert read_html(_page(head)).updated is None


def test_htmldate_is_the_fallback_for_the_day() -> None:
    head = '<link rel="canonical" href="https://news.example.com/2021/06/15/exports-grow-again/">'
    article = read_html(_page(head))
    assert article.published == PageTime(dt.date(2021, 6, 15))
    assert article.published_source == "htmldate"
