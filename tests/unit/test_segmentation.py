"""Page segmentation: the sample-page gold, hand-written pages of other shapes, and robustness."""

from __future__ import annotations

import datetime
import json
import random
import re
import time
from pathlib import Path

import pytest

from orchestration.text.page_reader import read_page
from orchestration.text.segmentation import Article, Page, _segment, parse_dateline, segment_page

FIXTURES = Path(__file__).parents[1] / "fixtures"
PAGES = FIXTURES / "pages"
RAW = Path(__file__).parents[2] / "raw"
GOLD = json.loads((FIXTURES / "seeds_gold.json").read_text(encoding="utf-8"))["documents"]


def page_of(name: str) -> Page:
    # newline="" keeps CRLF / CR line ends exactly as stored, so the fixture tests them.
    with open(PAGES / name, encoding="utf-8", newline="") as handle:
        return segment_page(handle.read())


def only_article(page: Page) -> Article:
    assert len(page.articles) == 1
    return page.articles[0]


# ---------------------------------------------------------------------------------------------------------
# The three sample pages against tests/fixtures/seeds_gold.json
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_page_matches_gold(name: str) -> None:
    gold = GOLD[name]
    page = segment_page((RAW / name).read_text(encoding="utf-8"))

    expected_date = datetime.date.fromisoformat(gold["page_date"]) if gold["page_date"] else None
    assert page.page_date == expected_date
    assert page.page_kind == gold["page_kind"]
    if "section" in gold:
        assert page.section == gold["section"]
    assert list(page.boilerplate) == gold["boilerplate"]

    assert len(page.headlines) == len(gold["headlines"])
    for got, want in zip(page.headlines, gold["headlines"], strict=True):
        assert got.position == want["position"]
        assert got.role == want["role"]
        assert got.text == want["text"]
        if "summary" in want:
            assert got.summary == want["summary"]
        if "summary_starts" in want:
            assert got.summary is not None and got.summary.startswith(want["summary_starts"])
        assert got.summary_truncated is want["summary_truncated"]
        if "photo_caption_starts" in want:
            assert got.photo_caption is not None and got.photo_caption.startswith(
                want["photo_caption_starts"]
            )
        else:
            assert got.photo_caption is None
        assert got.article_index == (0 if want["role"] == "main" else None)

    assert len(page.articles) == len(gold["articles"])
    for got_article, want_article in zip(page.articles, gold["articles"], strict=True):
        assert got_article.title == want_article["title"]
        assert got_article.section == want_article["section"]
        assert list(got_article.photo_captions) == want_article["photo_captions"]
        assert list(got_article.photo_credits) == want_article["photo_credits"]
        assert len(got_article.paragraphs) == want_article["paragraph_count"]
        assert got_article.paragraphs[0].startswith(want_article["first_paragraph_starts"])
        assert got_article.paragraphs[-1].startswith(want_article["last_paragraph_starts"])


def test_seed_article_details_beyond_gold() -> None:
    page = segment_page((RAW / "000_f0842f86b759e843.txt").read_text(encoding="utf-8"))
    article = only_article(page)
    assert page.section == "North Korea"
    # The page dateline is the page's date, not the article's: the text never says when it ran.
    assert article.published_date is None
    assert article.byline is None
    assert article.dateline_place is None
    assert all("\\" not in p for p in article.paragraphs)


# ---------------------------------------------------------------------------------------------------------
# Hand-written pages of other shapes (tests/fixtures/pages)
# ---------------------------------------------------------------------------------------------------------


def headline_rows(page: Page) -> list[tuple[int, str, str, str | None, bool]]:
    return [(h.position, h.role, h.text, h.summary, h.summary_truncated) for h in page.headlines]


def test_wire_story_with_byline_infers_the_year_from_the_page_date() -> None:
    page = page_of("wire_byline.txt")
    assert page.page_date == datetime.date(2026, 1, 3)
    assert page.page_kind == "article"
    assert headline_rows(page) == [
        (
            1,
            "teaser",
            "Port Authority Opens Bids for Third Container Terminal",
            "Bidding for the new terminal closes at the end of the month, officials said.",
            False,
        ),
        (
            2,
            "teaser",
            "Coastal Rail Line Delayed Again Over Tunnel Costs",
            "The opening of the coastal line has been pushed back to...",
            True,
        ),
        (3, "main", "Defense Ministry Says Drone Incursion Was a Navigation Error", None, False),
    ]
    assert page.headlines[2].article_index == 0
    article = only_article(page)
    assert article.title == "Defense Ministry Says Drone Incursion Was a Navigation Error"
    assert article.byline == "By Kim Soo-yeon"
    assert article.dateline_place == "SEOUL"
    # "Dec. 28" has no year: the latest Dec. 28 not after the page date (2026-01-03) is in 2025.
    assert article.published_date == datetime.date(2025, 12, 28)
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("SEOUL, Dec. 28 (Yonhap) -- The defense ministry said Sunday")
    assert article.paragraphs[-1].startswith("Opposition lawmakers called for a fuller account")
    # A caption between paragraphs, ending with a bare agency credit, is not a paragraph.
    assert article.photo_captions == ("Soldiers on Baengnyeong Island inspect a radar post on Dec. 27.",)
    assert article.photo_credits == ("Yonhap",)
    assert page.boilerplate == ("Copyright (c) 2026 Example News Agency. All rights reserved.",)


def test_crlf_page_segments_like_lf() -> None:
    with open(PAGES / "crlf.txt", encoding="utf-8", newline="") as handle:
        raw = handle.read()
    assert "\r\n" in raw
    page = segment_page(raw)
    assert page == segment_page(raw.replace("\r\n", "\n"))
    assert page == segment_page(raw.replace("\r\n", "\r"))  # old Mac line ends
    assert page.page_date == datetime.date(2025, 10, 8)
    assert page.section == "Agriculture"
    assert headline_rows(page) == [
        (
            1,
            "teaser",
            "Museum Night Draws Record Crowds",
            "Forty museums stayed open until midnight for the annual event.",
            False,
        ),
        (
            2,
            "teaser",
            "Water Rates to Rise 4% Next Year",
            "The utility said the increase would fund pipe replacement in older districts...",
            True,
        ),
        (3, "main", "Farmers Report Early Rice Harvest After Dry Summer", None, False),
    ]
    article = only_article(page)
    # The title glued to its one-word tag gives the section.
    assert article.section == "Agriculture"
    assert article.photo_captions == ("A farmer drives a harvester through a paddy field near the river.",)
    assert article.photo_credits == ("Example Photo",)
    assert len(article.paragraphs) == 3
    assert all("\r" not in p for p in article.paragraphs)
    assert page.boilerplate == ("Most Read",)


def test_page_without_dateline_has_no_page_date() -> None:
    page = page_of("no_dateline.txt")
    assert page.page_date is None
    assert page.page_kind == "article"
    assert headline_rows(page) == [(1, "main", "Harbour City Votes to Keep Night Ferry Service", None, False)]
    article = only_article(page)
    assert article.published_date is None
    assert article.section is None
    assert len(article.paragraphs) == 4
    assert article.paragraphs[2].startswith('"People told us very clearly')
    assert page.boilerplate == ()


def test_article_only_page_keeps_subheads_in_the_text() -> None:
    page = page_of("article_only.txt")
    assert page.page_date == datetime.date(2025, 3, 3)
    assert headline_rows(page) == [
        (1, "main", "Small Bakeries Turn to Shared Ovens as Energy Bills Climb", None, False)
    ]
    article = only_article(page)
    assert article.byline is None
    assert article.photo_captions == ()
    assert article.photo_credits == ()
    # "How the rota works" is a subhead between paragraphs: part of the article's text, in its place.
    assert [p.split()[0] for p in article.paragraphs] == ["Several", "The", "How", "Each", "Owners"]
    assert page.boilerplate == ()


def test_listing_page_of_another_layout() -> None:
    page = page_of("listing_other.txt")
    assert page.page_kind == "listing"
    assert page.page_date is None
    assert page.section == "World"
    assert page.articles == ()
    assert headline_rows(page) == [
        (
            1,
            "listing",
            "Flood waters recede in river delta as rebuilding begins",
            "Residents returned to damaged homes on Sunday as water levels fell below the warning mark for "
            "the first time in ten days.",
            False,
        ),
        (
            2,
            "listing",
            "Central Bank Holds Rates Steady for Third Month",
            "Policymakers kept the benchmark rate unchanged, citing slowing inflation and weak export "
            "orders…",
            True,
        ),
        # A headline with no summary: the next title-like line has a summary of its own.
        (3, "listing", "Election Officials Finish Recount in Northern District", None, False),
        (
            4,
            "listing",
            "Trade talks stall over farm subsidies",
            "Negotiators left the capital without a date for the next round, leaving tariffs on grain in "
            "place until at least the spring",
            True,  # a listing summary without a sentence end is cut off
        ),
    ]
    # Times ("5 hours ago") and author lines are item metadata: neither captions nor boilerplate.
    assert all(h.photo_caption is None for h in page.headlines)
    assert page.boilerplate == ("Subscribe", "Copyright © 2025 Example Media Group")


def test_glued_sentences_get_their_space_back() -> None:
    article = only_article(page_of("glued_sentences.txt"))
    # Decision: a sentence end glued to the next sentence is repaired in place; the paragraph is not split.
    assert article.paragraphs == (
        "The transport ministry said on Monday. The ministry added that the subsidy for rural bus routes "
        "would be extended until the end of next year.",
        "Officials said the U.S. model of demand-responsive buses had been studied but rejected. Operators "
        "had warned that the fares would rise by a third without public support.",
        "Mr. Park, a driver on the mountain route, said passengers were relieved.",
    )


def test_published_line_dek_navigation_and_related_teasers() -> None:
    page = page_of("published_line.txt")
    assert page.page_date == datetime.date(2025, 12, 2)  # the menu above the dateline does not hide it
    assert page.section == "Economy"  # the short label right above the title
    assert headline_rows(page) == [
        (
            1,
            "main",
            "Chip Exporters Brace for Slower Quarter as Orders Cool",
            "Exporters expect shipments to fall for the first time in two years.",
            False,
        ),
        (2, "teaser", "Battery Makers Seek Tax Credit Extension Before Year End", None, False),
        (
            3,
            "teaser",
            "Shipping Rates Fall as Holiday Season Demand Fades",
            "Freight costs on the main Pacific routes dropped for a fourth straight week.",
            False,
        ),
    ]
    article = only_article(page)
    assert article.section == "Economy"
    assert article.byline == "By Lee Min-ji, Staff Reporter"
    # "Published: Nov. 30" wins over "Updated: Dec. 1"; the year comes from the page date.
    assert article.published_date == datetime.date(2025, 11, 30)
    assert article.photo_captions == ("Workers check wafers at a plant south of the capital.",)
    assert article.photo_credits == ("Example Press",)
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("Semiconductor exporters are preparing")
    assert page.boilerplate == (
        "Home | World | Business | Tech | Sport",
        "Advertisement",
        "Related Stories",
        "Share this article",
        "© 2025 Example Daily. All rights reserved.",
    )


def test_html_saved_as_text_is_read_as_html() -> None:
    with open(PAGES / "html_page.txt", encoding="utf-8", newline="") as handle:
        page = read_page(handle.read())
    assert page.page_kind == "article"
    assert page.page_date is None
    # The <title> (with the outlet's name) and scripts/styles are not content.
    assert headline_rows(page) == [(1, "main", "City Library Reopens After Two-Year Renovation", None, False)]
    article = only_article(page)
    assert article.byline == "By Anna Novak"
    assert len(article.paragraphs) == 3
    assert "children’s wing" in article.paragraphs[0]  # entity decoded
    assert not any("<" in p or "gtag" in p for p in article.paragraphs)
    assert page.boilerplate == (
        "Home | Local | Arts",
        "Copyright © 2025 Example Times. All rights reserved.",
    )


# ---------------------------------------------------------------------------------------------------------
# Datelines
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Friday, December 5, 2025", datetime.date(2025, 12, 5)),
        ("December 5, 2025", datetime.date(2025, 12, 5)),
        ("5 December 2025", datetime.date(2025, 12, 5)),
        ("2025-12-05", datetime.date(2025, 12, 5)),
        ("  Fri, Dec. 5, 2025 10:30 AM KST ", datetime.date(2025, 12, 5)),
        ("Tuesday 2nd of September 2025", datetime.date(2025, 9, 2)),
        ("Sept. 30, 2025", datetime.date(2025, 9, 30)),
        ("2025/01/31", datetime.date(2025, 1, 31)),
        ("December 5", None),  # no year: not a page date
        ("February 30, 2025", None),  # not a calendar date
        ("North Korea", None),
        ("Published December 5, 2025", None),  # a sentence mentioning a date is not a dateline
        ("", None),
    ],
)
def test_parse_dateline(line: str, expected: datetime.date | None) -> None:
    assert parse_dateline(line) == expected


# ---------------------------------------------------------------------------------------------------------
# Robustness: any string gives a Page, never an exception
# ---------------------------------------------------------------------------------------------------------

EMPTY = Page(
    page_date=None,
    page_kind="empty",
    section=None,
    headlines=(),
    articles=(),
    boilerplate=(),
    page_kind_reason="no text: the page is blank",
)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\r\n\t \n", "\x00\x01\x02", "\ufeff"])
def test_blank_input_is_an_empty_page(text: str) -> None:
    assert segment_page(text) == EMPTY


def test_single_line_and_dateline_only() -> None:
    assert segment_page("Hello").page_kind == "empty"
    page = segment_page("Friday, December 5, 2025\n")
    assert page.page_date == datetime.date(2025, 12, 5)
    assert page.page_kind == "empty"
    assert page.headlines == ()


def test_garbage_input_never_raises() -> None:
    rng = random.Random(20251205)
    alphabet = "ab .,\n\r\t\\'\"…<>/|()-–:;?!0123456789ÀСž\x00\x7f\ufffd\u2028"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        page = _segment(text)  # the unguarded parser: segment_page's safety net must not be what passes
        assert isinstance(page, Page)
        assert page.page_kind in {"article", "listing", "empty"}
    binary = bytes(range(256)).decode("latin-1") * 50
    assert _segment(binary).page_kind == "empty"
    sample = (RAW / "003_269699ac34f6ec17.txt").read_text(encoding="utf-8").split("\n")
    for _ in range(200):  # shuffled, truncated and glued lines of a real page
        lines = list(sample)
        rng.shuffle(lines)
        cut = rng.randrange(len(lines) + 1)
        assert isinstance(_segment("\n".join(lines[:cut]) + "".join(lines[cut:])), Page)


def test_huge_page_is_linear_time() -> None:
    sample = (RAW / "000_f0842f86b759e843.txt").read_text(encoding="utf-8")
    huge = sample + "\n\n" + (sample.split("\n\n", 10)[-1] + "\n\n") * 600 + "x" * 2_500_000
    assert len(huge) > 4_000_000
    started = time.perf_counter()
    page = segment_page(huge)
    assert time.perf_counter() - started < 20
    assert page.page_kind == "article"
    assert page.articles[0].title.startswith("Report: North Korea Strengthens Ties")


def test_headlines_positions_are_dense_and_main_points_at_the_article() -> None:
    for name in sorted(GOLD):
        page = segment_page((RAW / name).read_text(encoding="utf-8"))
        assert [h.position for h in page.headlines] == list(range(1, len(page.headlines) + 1))
        for headline in page.headlines:
            if headline.role == "main":
                assert headline.article_index is not None
                assert page.articles[headline.article_index].title == headline.text
            else:
                assert headline.article_index is None


def test_author_line_dek_bracket_credit_and_end_mark() -> None:
    page = page_of("author_line.txt")
    assert page.page_date is None  # the date under the author is the article's, not the page's
    assert page.section == "North Korea"
    assert headline_rows(page) == [
        (
            1,
            "main",
            "Pyongyang Opens New Hospital Wing Ahead of Party Meeting",
            "State media showcased the facility as proof that the economy is recovering.",
            False,
        )
    ]
    article = only_article(page)
    assert article.byline == "Jane Doe"  # a bare name next to the date line
    assert article.published_date == datetime.date(2025, 12, 28)
    assert article.photo_captions == (
        "Workers prepare medical equipment in a ward of the hospital in this photo released by state media.",
    )
    assert article.photo_credits == ("YONHAP",)
    assert len(article.paragraphs) == 3
    # The wire "(END)" mark is not part of the last paragraph.
    assert article.paragraphs[-1].endswith("list of achievements before the meeting.")
    assert page.boilerplate == (
        "Skip to content",
        "(END)",
        "Newsletter",
        "Sign up to receive our weekly briefing",
    )


def test_single_newline_page_with_posted_line() -> None:
    page = page_of("single_newlines.txt")
    assert page.page_date is None
    assert headline_rows(page) == [
        (1, "main", "Seoul Subway Adds Late-Night Trains for Year-End Events", None, False)
    ]
    article = only_article(page)
    assert article.byline == "By Park Ji-won"
    # "Posted : 2025-12-28 14:05 | Updated : 2025-12-29 09:10": the posting date, not the update.
    assert article.published_date == datetime.date(2025, 12, 28)
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("The city will run extra subway trains until 2 a.m. on Dec. 31")
    assert article.paragraphs[-1].startswith("The city expects more than 100,000 people")


def test_listing_with_captions_without_credits() -> None:
    page = page_of("listing_captions.txt")
    # Summaries run into the next item's caption, and the captions carry no credit: still a listing.
    assert page.page_kind == "listing"
    assert page.page_date == datetime.date(2025, 11, 7)
    assert page.section == "Opinion"
    assert page.articles == ()
    assert [(h.position, h.role, h.text, h.photo_caption) for h in page.headlines] == [
        (
            1,
            "listing",
            "Why our city needs more public benches",
            "A woman walks past a mural in the old town.",
        ),
        (
            2,
            "listing",
            "Heat plans must start with the most exposed neighbourhoods",
            "A child plays in a fountain during a heat wave in July.",
        ),
        (
            3,
            "listing",
            "Rail reliability is a choice, not an accident",
            "Commuters wait for a delayed train at the central station.",
        ),
    ]
    assert [h.summary for h in page.headlines] == [
        "Benches are cheap, and they make streets usable for older people and parents.",
        "Cooling centres only work if people can reach them on foot.",
        "Years of postponed maintenance are now showing up in the timetable.",
    ]
    assert not any(h.summary_truncated for h in page.headlines)


def test_stacked_metadata_between_title_and_body() -> None:
    page = page_of("stacked_metadata.txt")
    # Time, share buttons, an author and an affiliation sit between the title and the body; the title is
    # the longest title-like line of that zone, not the nearest one.
    assert headline_rows(page) == [
        (1, "main", "Seoul braces for record cold snap as temperatures plunge", None, False),
        (2, "teaser", "Snow disrupts flights at Incheon airport", None, False),  # after "More on this story"
    ]
    article = only_article(page)
    assert len(article.paragraphs) == 3
    assert article.published_date is None  # "2 hours ago" has no date
    assert page.boilerplate == (
        "Share",
        "Save",
        "More on this story",
        "Related topics",
        "South Korea",
        "Weather",
    )


def test_glued_copy_before_the_standalone_title() -> None:
    page = page_of("glued_tag_first.txt")
    assert headline_rows(page) == [(1, "main", "Markets Rally as Inflation Eases", None, False)]
    article = only_article(page)
    assert article.section == "Economy"
    assert article.title == "Markets Rally as Inflation Eases"
    assert len(article.paragraphs) == 2


def test_wire_page_with_timestamp_line_keywords_and_related_list() -> None:
    page = page_of("wire_keywords.txt")
    assert page.page_date is None  # "All News 10:31 December 28, 2025" is a timestamp under the title
    assert headline_rows(page) == [
        (1, "main", "(LEAD) N. Korea fires ballistic missile into East Sea: JCS", None, False),
        (2, "teaser", "Court rules against government in labor case", None, False),
        (3, "teaser", "Heavy snow advisory issued for Gangwon Province", None, False),
    ]
    article = only_article(page)
    assert article.byline == "By Kim Soo-yeon"
    assert article.dateline_place == "SEOUL"
    assert article.published_date == datetime.date(2025, 12, 28)
    assert article.photo_captions == (
        "This file photo shows a ballistic missile being launched from an undisclosed location in "
        "North Korea.",
    )
    assert article.photo_credits == ("Yonhap",)
    assert len(article.paragraphs) == 4  # the reporter's e-mail line is not a paragraph
    assert page.boilerplate == ("(END)", "Keywords", "#North Korea #missile", "Most Liked")


def test_sidebar_list_above_the_article() -> None:
    page = page_of("sidebar_first.txt")
    # A "Trending" list before the article is teasers, not the end of the page; the main title is the
    # nearest headline above the byline, even though a teaser above it is longer.
    assert page.page_kind == "article"
    assert headline_rows(page) == [
        (
            1,
            "teaser",
            "Opposition Party Names New Leader After Weeks of Infighting Over Strategy",
            None,
            False,
        ),
        (2, "teaser", "Heat Wave Warning Extended", None, False),
        (3, "main", "Port Strike Ends After Three Days", None, False),
    ]
    article = only_article(page)
    assert article.byline == "By Jane Doe"
    assert len(article.paragraphs) == 2
    assert page.boilerplate == ("Trending",)


def test_listing_structure_does_not_depend_on_caption_credits() -> None:
    # The tag page with every credit stripped from its captions: items are still found from the layout.
    text = (RAW / "003_269699ac34f6ec17.txt").read_text(encoding="utf-8")
    stripped = re.sub(r" \([^()]*(?:/|Illustration)[^()]*\)$", "", text, flags=re.MULTILINE)
    stripped = stripped.replace("Cartoon: Heng Kim Song", "Heng Kim Song at work")
    assert "/Reuters)" not in stripped
    page = segment_page(stripped)
    gold = GOLD["003_269699ac34f6ec17.txt"]["headlines"]
    assert page.page_kind == "listing"
    assert [h.text for h in page.headlines] == [g["text"] for g in gold]
    assert [h.summary_truncated for h in page.headlines] == [g["summary_truncated"] for g in gold]
    for got, want in zip(page.headlines, gold, strict=True):
        assert got.summary is not None and got.summary.startswith(want["summary_starts"])
        expected_caption = want["photo_caption_starts"].replace(
            "Cartoon: Heng Kim Song", "Heng Kim Song at work"
        )
        assert got.photo_caption is not None and got.photo_caption.startswith(expected_caption)


def test_article_structure_does_not_depend_on_the_glued_title() -> None:
    # Without the tag-glued copy of the title the page is still read the same way, minus the section.
    text = (RAW / "000_f0842f86b759e843.txt").read_text(encoding="utf-8")
    page = segment_page(re.sub(r"^NorthKorea.*\n", "", text, flags=re.MULTILINE))
    article = only_article(page)
    assert article.title == GOLD["000_f0842f86b759e843.txt"]["articles"][0]["title"]
    assert article.section is None
    assert [h.role for h in page.headlines] == ["teaser", "teaser", "teaser", "main"]
    assert len(article.paragraphs) == 9
    assert article.photo_credits == ("News1",)


STORY = "\n\nCouncil Approves New Budget for Parks\n\n" + "\n\n".join(
    [
        "The city council approved a larger parks budget on Tuesday after a long debate.",
        "The money will pay for new lighting and two more gardeners in each district.",
    ]
)


@pytest.mark.parametrize(
    ("first_line", "page_date", "published"),
    [
        ("Friday, December 5, 2025", datetime.date(2025, 12, 5), None),
        ("Friday, December 5, 2025 | Seoul", datetime.date(2025, 12, 5), None),
        ("Seoul, 5 December 2025", datetime.date(2025, 12, 5), None),
        # A byline or "Published" line above the title dates the article, not the page.
        ("By Jane Doe | December 5, 2025", None, datetime.date(2025, 12, 5)),
        ("Published: December 5, 2025", None, datetime.date(2025, 12, 5)),
        ("Home | News | Local", None, None),
    ],
)
def test_page_date_versus_article_date(
    first_line: str, page_date: datetime.date | None, published: datetime.date | None
) -> None:
    page = segment_page(first_line + STORY)
    assert page.page_date == page_date
    article = only_article(page)
    assert article.title == "Council Approves New Budget for Parks"
    assert article.published_date == published
    assert len(article.paragraphs) == 2


def test_captions_in_body_escaped_quotes_and_teaser_without_summary() -> None:
    page = page_of("captions_in_body.txt")
    assert page.page_date == datetime.date(2026, 2, 9)
    assert headline_rows(page) == [
        (
            1,
            "teaser",
            "Seoul Housing Prices Climb for Fifth Straight Week",
            "Apartment prices in Seoul rose 0.12 percent last week, led by districts south of the Han River.",
            False,
        ),
        (2, "teaser", "Exporters Ask for Help as Won Weakens", None, False),
        (
            3,
            "teaser",
            "Startups Flock to Pangyo as Rents Fall",
            "Small tech firms are moving to the southern satellite city, where office rents dropped...",
            True,
        ),
        (4, "main", "Government to Expand Child Care Subsidies in Rural Areas", None, False),
    ]
    article = only_article(page)
    assert article.section == "Society"
    assert article.photo_captions == (
        "Parents walk their children to a day care center in Jeonju on Feb. 3.",
        "A day care teacher reads to children in Gangwon Province.",
    )
    assert article.photo_credits == ("Yonhap", "News1")
    assert len(article.paragraphs) == 4
    assert "first year. The ministry will review" in article.paragraphs[2]
    assert article.paragraphs[3].startswith('"We want parents in small towns')
    assert page.boilerplate == ("Check Out Our Content", "Check Out Other Tags:", "Most Popular Articles")


def test_plain_list_of_sentence_case_headlines() -> None:
    page = page_of("headline_list.txt")
    assert page.page_kind == "listing"
    assert page.section == "Latest"
    # No item has a sentence summary, so no title-like line is read as a cut-off summary.
    assert headline_rows(page) == [
        (1, "listing", "Police arrest suspect in downtown jewellery store robbery", None, False),
        (2, "listing", "City council delays vote on new stadium financing plan", None, False),
        (3, "listing", "Heavy rain expected across the southern provinces this weekend", None, False),
        (4, "listing", "Local school wins national robotics competition for second year", None, False),
    ]


def test_brief_with_one_paragraph_is_an_article() -> None:
    text = (
        "Thursday, May 1, 2025\n\nFerry Service Suspended Due to High Winds\n\n"
        "All ferry services between the mainland and the islands were suspended on Thursday because of "
        "strong winds and high waves, the coast guard said, adding that services would resume once the "
        "weather improves.\n\nMost Read\n"
    )
    page = segment_page(text)
    assert page.page_kind == "article"
    assert headline_rows(page) == [(1, "main", "Ferry Service Suspended Due to High Winds", None, False)]
    assert len(only_article(page).paragraphs) == 1
    assert page.boilerplate == ("Most Read",)


def test_advertisement_lines_inside_the_body_are_boilerplate() -> None:
    text = (
        "Bridge Repairs to Close Riverside Road for a Month\n\n"
        "Advertisement\n\n"
        "The riverside road will close from Monday while engineers replace joints on the old bridge.\n\n"
        "Advertisement\n\n"
        "Buses will be diverted through the market district, adding about ten minutes to most trips.\n\n"
        "Share this article\n"
    )
    page = segment_page(text)
    article = only_article(page)
    assert article.title == "Bridge Repairs to Close Riverside Road for a Month"
    assert len(article.paragraphs) == 2
    assert page.boilerplate == ("Advertisement", "Advertisement", "Share this article")


def test_link_line_and_box_inside_the_body_do_not_end_it() -> None:
    page = page_of("box_inside_body.txt")
    assert headline_rows(page) == [
        (1, "main", "Bridge Repairs to Close Riverside Road for a Month", None, False)
    ]
    article = only_article(page)
    # The body resumes after the "Most Read" box, so the box does not end it; the copyright line does.
    assert [p.split()[0] for p in article.paragraphs] == ["The", "Buses", "Officials", "Shops"]
    assert page.boilerplate == (
        "Related Article: City plans second bridge by 2030",
        "Most Read",
        "Copyright 2026 Example Daily. All rights reserved.",
        "About Us",
    )


def test_text_without_spaces_between_words() -> None:
    # Chinese prose has no spaces: it must not be mistaken for binary junk or for one-word lines.
    text = (
        "北韩发射弹道导弹\n\n"
        "韩国联合参谋本部表示，北韩周日上午向东海方向发射了一枚弹道导弹，这是两个月来的首次发射。\n\n"
        "分析人士认为，此次发射的时机表明平壤希望在党的重要会议之前展示其军事能力。\n"
    )
    page = segment_page(text)
    assert page.page_kind == "article"
    assert headline_rows(page) == [(1, "main", "北韩发射弹道导弹", None, False)]
    assert len(only_article(page).paragraphs) == 2


# ---------------------------------------------------------------------------------------------------------
# Articles whose text is, or ends with, a list
# ---------------------------------------------------------------------------------------------------------

MENU = "\n".join(["Home", "News", "Sport", "Culture", "Weather", "Contact"])


def test_a_list_announced_by_the_last_paragraph_belongs_to_the_text() -> None:
    dates = [f"May {d} -- Riverside Hall, Town {d}" for d in range(3, 10)]
    text = (
        f"{MENU}\n\nChoir Announces Its First National Tour\n\nBy Lena Ortiz\n\n"
        "The chamber choir that formed in a church basement ten years ago will sing in seven cities this spring, "
        "its director said on Tuesday.\n\n"
        "Tickets go on sale next week, and the choir expects the smaller halls to sell out within days.\n\n"
        "The tour dates:\n\n"
        + "\n".join(dates)
        + "\n\nRelated coverage:\n\nChoirs in the region\n\n© 2026 Example\n"
    )
    article = only_article(segment_page(text))
    assert article.paragraphs[-len(dates) :] == tuple(dates)
    assert "Choirs in the region" not in article.paragraphs


def test_a_headline_with_its_timestamp_over_a_list_is_an_article() -> None:
    rounds = [f"Round {k}: {k} March, Northfield circuit" for k in range(1, 9)]
    text = (
        f"{MENU}\n\nRally Calendar 2026\n\nMonday, January 12, 2026 at 9:15\n\n"
        + "\n".join(rounds)
        + "\n\nTags\n\nrally, calendar\n\n© 2026 Example Motorsport\n"
    )
    page = segment_page(text)
    assert page.page_kind == "article"
    article = only_article(page)
    assert article.title == "Rally Calendar 2026"
    assert article.paragraphs == tuple(rounds)


def test_a_signed_roundup_of_undated_parts_is_one_story_not_a_listing() -> None:
    games = []
    for k in range(1, 6):
        games += [
            f"Eastfield d. Westbrook {60 + k}-{40 + k}",
            f"Eastfield (1-{k}): Jones {10 + k} points. Smith {k} points. Lee {k + 2} points and 4 rebounds.",
        ]
    text = (
        f"{MENU}\n\nSchool Roundup: Eastfield stays unbeaten\n\nBy Sam Reed\n\nPublished 9:40 PM EST Nov 20, 2025\n\n"
        + "\n\n".join(games)
        + "\n\nTerms of Service\n"
    )
    page = segment_page(text)
    assert page.page_kind == "article"
    assert only_article(page).title == "School Roundup: Eastfield stays unbeaten"
