"""The HTML reader's parts one module at a time: metadata, dates and body clean-up on small trees."""

from __future__ import annotations

import datetime

from lxml.html import fromstring

from orchestration.text.html_body import _collapse, _is_prefix_of, _title_keys
from orchestration.text.html_dates import (
    _best,
    _Candidate,
    _date_candidates,
    _json_ld_objects,
    _page_times,
    _stamp,
)
from orchestration.text.html_metadata import (
    _author_names,
    _clean_title,
    _key,
    _language,
    _split_list,
    _untrimmed_title,
)
from orchestration.text.timestamps import PageTime

# --- html_metadata -----------------------------------------------------------------------------------------


def test_key_is_lower_case_words() -> None:
    assert _key("Hello, “World” — again") == "hello world again"
    assert _key(None) == ""


def test_clean_title_keeps_the_h1_piece() -> None:
    assert _clean_title("World | Seoul unveils plan | Example News", ["Seoul unveils plan"], None, ()) == (
        "Seoul unveils plan"
    )


def test_clean_title_drops_site_and_section_pieces() -> None:
    assert _clean_title("Seoul unveils plan - Example News", [], "Example News", ()) == "Seoul unveils plan"
    assert _clean_title("Politics | Seoul unveils plan", [], None, ("Politics",)) == "Seoul unveils plan"


def test_clean_title_without_title_takes_a_heading() -> None:
    assert _clean_title(None, ["Hi", "Seoul unveils plan"], None, ()) == "Seoul unveils plan"


def test_author_names_without_prefixes_roles_and_the_site() -> None:
    assert _author_names("By Jane Doe; John Roe, Staff Reporter", None) == ("Jane Doe", "John Roe")
    assert _author_names("Example News; admin", "Example News") == ()
    assert _author_names("JILL LAWLESS Associated Press", None) == ("Jill Lawless",)


def test_split_list() -> None:
    assert _split_list(["World, Asia", "Asia", "x"]) == ("World", "Asia")
    assert _split_list(None) == ()


def test_language_from_html_or_meta() -> None:
    assert _language(fromstring('<html lang="pt-BR"><body><p>x</p></body></html>')) == "pt"
    tree = fromstring('<html><head><meta property="og:locale" content="de_DE"></head><body>x</body></html>')
    assert _language(tree) == "de"


def test_untrimmed_title_restores_the_whole_title_tag() -> None:
    tree = fromstring(
        "<html><head><title>Politics - Seoul unveils plan - Example</title></head><body/></html>"
    )
    assert (
        _untrimmed_title(tree, [], "Politics - Seoul unveils plan")
        == "Politics - Seoul unveils plan - Example"
    )


def test_untrimmed_title_keeps_a_declared_title() -> None:
    tree = fromstring(
        '<html><head><title>A - B - C</title><meta property="og:title" content="A - B"></head><body/></html>'
    )
    assert _untrimmed_title(tree, [], "A - B") == "A - B"


# --- html_dates --------------------------------------------------------------------------------------------


def test_stamp_rejects_placeholders_and_non_strings() -> None:
    assert _stamp("2025-12-05T10:31:00+09:00").date == datetime.date(2025, 12, 5)
    assert _stamp("0001-01-01") is None
    assert _stamp(None) is None


def test_json_ld_objects_walk_graphs_and_broken_json() -> None:
    tree = fromstring(
        '<html><head><script type="application/ld+json">{"@graph": [{"@type": "NewsArticle"}]}</script>'
        '<script type="application/ld+json">{"datePublished": "2025-12-05", oops}</script></head><body/></html>'
    )
    objects = list(_json_ld_objects(tree))
    assert {"@type": "NewsArticle"} in objects
    assert {"@type": "Article", "datePublished": "2025-12-05"} in objects


def test_date_candidates_in_order_of_trust() -> None:
    tree = fromstring(
        "<html><head>"
        '<meta property="article:published_time" content="2025-12-05T10:31:00+09:00">'
        "</head><body>"
        '<time class="published" datetime="2025-12-04">Dec 4</time>'
        '<time class="updated" datetime="2025-12-06">Dec 6</time>'
        "</body></html>"
    )
    objects = [{"@type": "NewsArticle", "datePublished": "2025-12-05"}]
    published, updated = _date_candidates(tree, objects)
    assert [c.source for c in published] == ["json-ld", "meta", "time-element"]
    assert [c.source for c in updated] == ["time-element"]


def test_best_takes_the_time_of_a_less_trusted_same_day_candidate() -> None:
    day_only = _Candidate("json-ld", PageTime(datetime.date(2025, 12, 5)))
    timed = _Candidate("meta", _stamp("2025-12-05T10:31:00+09:00"))
    assert _best([day_only, timed]) is timed
    assert _best([]) is None


def test_page_times_drop_an_update_before_publication() -> None:
    tree = fromstring(
        '<html><head><meta property="article:published_time" content="2025-12-05">'
        '<meta property="article:modified_time" content="2020-01-01"></head><body/></html>'
    )
    published, updated, source = _page_times(tree, [], None)
    assert published.date == datetime.date(2025, 12, 5) and updated is None and source == "meta"


def test_page_times_fall_back_to_htmldate() -> None:
    tree = fromstring("<html><body><p>x</p></body></html>")
    published, _updated, source = _page_times(tree, [], "2025-12-05")
    assert published.date == datetime.date(2025, 12, 5) and source == "htmldate"


# --- html_body ---------------------------------------------------------------------------------------------


def test_collapse_keeps_line_breaks_drops_blank_lines() -> None:
    assert _collapse("  a   b \n\n  c ") == "a b\nc"


def test_title_keys_include_long_pieces() -> None:
    assert _title_keys("Seoul unveils emissions plan | Example") == {
        "seoul unveils emissions plan example",
        "seoul unveils emissions plan",
    }


def test_is_prefix_of_a_truncated_description() -> None:
    assert _is_prefix_of("seoul unveils emissions pl", "seoul unveils emissions plan today")
    assert not _is_prefix_of("seoul unveils", "seoul unveils emissions plan")  # too short to tell
