import datetime as dt

import pytest

from orchestration.text.bylines import BylineTimes, authors_of, is_role, times_of
from orchestration.text.timestamps import PageTime

D = dt.date
T = dt.time
ANCHOR = D(2026, 1, 3)


# --- authors_of --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Ana Reyes and Tom Okafor", ("Ana Reyes", "Tom Okafor")),
        ("By JANE ROE, Staff Writer", ("Jane Roe",)),  # capitals title-cased, the role dropped
        ("Chris Davies - Nov 19, 2019, 10:31 pm CST", ("Chris Davies",)),  # no label, the date cut off
        ("Posted by Michael Smith on November 19, 2019", ("Michael Smith",)),  # "on" goes with the date
        ("By Lena Hart on 2019-11-19", ("Lena Hart",)),
        ("By Tom Okafor 19.11.2019", ("Tom Okafor",)),  # a numeric date dates.py does not read
        ("By Ana Reyes 10:31 am", ("Ana Reyes",)),
        ("Von Jana Brückner und Tobias Weiland", ("Jana Brückner", "Tobias Weiland")),
        ("Por Lucía Aranda y Martín Roldán", ("Lucía Aranda", "Martín Roldán")),
        ("Par Claire Dubois et Marc Lefèvre", ("Claire Dubois", "Marc Lefèvre")),
        ("Reporter Min Seo-yeon", ("Min Seo-yeon",)),  # a role as the label; hyphenated given name
        ("Reporters: Ana Reyes and Tom Okafor", ("Ana Reyes", "Tom Okafor")),
        ("Written by Ana Reyes", ("Ana Reyes",)),
        ("By: Ana Reyes", ("Ana Reyes",)),
        ("By Anna Novak anna@example.org", ("Anna Novak",)),
        ("By Anna Novak https://example.org/anna", ("Anna Novak",)),
        ("By @handle", ()),
        ("By AP", ("AP",)),  # a short all-caps agency stays as printed
        ("By Ana Reyes, Tom Okafor and Lena Hart", ("Ana Reyes", "Tom Okafor", "Lena Hart")),
        ("By Ana Reyes, Tom Okafor, and Lena Hart", ("Ana Reyes", "Tom Okafor", "Lena Hart")),  # Oxford comma
        ("By Ana Reyes and Tom Okafor, Staff Writers", ("Ana Reyes", "Tom Okafor")),
        ("By Ana Reyes, Staff Writer, and Tom Okafor, Senior Editor", ("Ana Reyes", "Tom Okafor")),
        ("By Ana Reyes | Updated 10:31 a.m. ET Nov. 19, 2019", ("Ana Reyes",)),
        ("By Ana Reyes, Updated Nov 19", ("Ana Reyes",)),
        ("Door Jan de Vries", ("Jan de Vries",)),  # lower-case particles inside a name stay
        ("By Minh Le Nov 19, 2019", ("Minh Le",)),  # a surname spelled like a connector ("le 19 nov.")
        ("Staff Writer", ()),
        ("By Staff Writer", ()),
        ("Community Reporter", ()),
        ("Anna Novak News reporter", ("Anna Novak",)),  # a role after the name, no comma
        ("By Anna Novak, News reporter", ("Anna Novak",)),
        ("By Ana Reyes Senior Staff Writer", ("Ana Reyes",)),
        ("By Jan de Vries reporter", ("Jan de Vries",)),
        ("", ()),
        ("   ", ()),
    ],
)
def test_authors_of(byline: str, expected: tuple[str, ...]) -> None:
    assert authors_of(byline) == expected


def test_authors_of_drops_duplicates_keeping_first_order() -> None:
    assert authors_of("By Tom Okafor and Ana Reyes and Tom Okafor") == ("Tom Okafor", "Ana Reyes")
    # The same name in capitals is the same author once title-cased.
    assert authors_of("By ANA REYES and Ana Reyes") == ("Ana Reyes",)


# --- is_role -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("Staff Writer", True),
        ("Community Reporter", True),
        ("Senior Staff Writer", True),
        ("EDITOR", True),
        ("Correspondent.", True),
        ("Senior Political Staff Writer", False),  # longer than a role
        ("Anna Novak News reporter", False),  # a name before the role: not a role as a whole
        ("Anna Novak", False),
        ("Writer at large", False),  # the role noun must end the phrase
        ("", False),
    ],
)
def test_is_role(part: str, expected: bool) -> None:
    assert is_role(part) is expected


# --- times_of ----------------------------------------------------------------------------------------------


def test_published_with_time_and_zone_updated_date_only() -> None:
    times = times_of("Published 4 March 2025, 08:30 GMT | Updated 5 March 2025", ANCHOR)
    assert times == BylineTimes(
        published=PageTime(D(2025, 3, 4), T(8, 30), 0, "GMT"),
        updated=PageTime(D(2025, 3, 5)),
    )


def test_capitalised_labels_with_time_before_the_date() -> None:
    times = times_of("PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019", ANCHOR)
    assert times.published == PageTime(D(2019, 11, 19), T(10, 48))
    assert times.updated == PageTime(D(2019, 11, 19), T(11, 5))


def test_an_updated_line_alone_is_no_publication_time() -> None:
    times = times_of("Updated 10:31 a.m. ET Nov. 19, 2019", ANCHOR)
    # November 19, 2019 is after the switch back to standard time: ET is UTC-5.
    assert times == BylineTimes(published=None, updated=PageTime(D(2019, 11, 19), T(10, 31), -300, "ET"))


def test_byline_with_date_and_zone_is_the_publication_time() -> None:
    times = times_of("Chris Davies - Nov 19, 2019, 10:31 pm CST", ANCHOR)
    assert times == BylineTimes(published=PageTime(D(2019, 11, 19), T(22, 31), -360, "CST"), updated=None)


def test_year_less_date_takes_the_year_from_the_anchor() -> None:
    # The latest Dec. 28 not after 2026-01-03 is in 2025.
    assert times_of("Dec. 28", ANCHOR) == BylineTimes(published=PageTime(D(2025, 12, 28)), updated=None)
    assert times_of("Updated Dec. 28", ANCHOR).updated == PageTime(D(2025, 12, 28))
    # Without an anchor a year-less date is not read.
    assert times_of("Dec. 28", None) == BylineTimes(None, None)


@pytest.mark.parametrize(
    "line",
    [
        "Published Nov 19, 2019, updated Nov 20, 2019",  # no separator between the two
        "Nov 19, 2019 (Updated Nov 20, 2019)",
        "Last updated Nov 20, 2019 • Published Nov 19, 2019",  # the update first
    ],
)
def test_update_in_the_same_part_as_the_publication(line: str) -> None:
    times = times_of(line, ANCHOR)
    assert times.published == PageTime(D(2019, 11, 19))
    assert times.updated == PageTime(D(2019, 11, 20))


def test_first_published_time_wins() -> None:
    times = times_of("Published Dec. 28 · Updated Dec. 29 · Updated Dec. 30", ANCHOR)
    assert times.published == PageTime(D(2025, 12, 28))
    assert times.updated == PageTime(D(2025, 12, 29))


@pytest.mark.parametrize(
    "line",
    [
        "By Ana Reyes",
        "Staff Writer | Share",
        "Updated: just now",
        "Read time 5 min",
        "",
        "Score 10:31 | Home",
    ],
)
def test_lines_without_a_date_have_no_times(line: str) -> None:
    assert times_of(line, ANCHOR) == BylineTimes(published=None, updated=None)
