import datetime as dt

import pytest

from orchestration.text.timestamps import PageTime, find_timestamp, parse_iso_timestamp

D = dt.date
T = dt.time


# --- machine formats ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-11-19", PageTime(D(2019, 11, 19))),
        ("20191119", PageTime(D(2019, 11, 19))),
        ("2019/11/19", PageTime(D(2019, 11, 19))),
        ("2019-11-19T22:31:00-06:00", PageTime(D(2019, 11, 19), T(22, 31), -360, "-06:00")),
        ("2019-11-19T22:31:00.000Z", PageTime(D(2019, 11, 19), T(22, 31), 0, "UTC")),
        ("2019-11-19T22:31Z", PageTime(D(2019, 11, 19), T(22, 31), 0, "UTC")),
        ("2019-11-19 22:31:00", PageTime(D(2019, 11, 19), T(22, 31))),
        ("2019-11-19 14:42:55Z", PageTime(D(2019, 11, 19), T(14, 42, 55), 0, "UTC")),
        ("2019-11-20 13:42:06+08:00", PageTime(D(2019, 11, 20), T(13, 42, 6), 480, "+08:00")),
        ("2019-11-19T13:16+0000", PageTime(D(2019, 11, 19), T(13, 16), 0, "+00:00")),
        ("2019-11-19T10:31:00+05:30", PageTime(D(2019, 11, 19), T(10, 31), 330, "+05:30")),
        ("20191119T223100Z", PageTime(D(2019, 11, 19), T(22, 31), 0, "UTC")),
        ("  2019-11-19T22:31:00-06:00\n", PageTime(D(2019, 11, 19), T(22, 31), -360, "-06:00")),
        ("Tue, 19 Nov 2019 22:31:00 GMT", PageTime(D(2019, 11, 19), T(22, 31), 0, "GMT")),
        ("Tue, 19 Nov 2019 22:31:00 -0600", PageTime(D(2019, 11, 19), T(22, 31), -360, "-06:00")),
        ("19 Nov 2019 22:31:00 +0900", PageTime(D(2019, 11, 19), T(22, 31), 540, "+09:00")),
        ("Tue, 19 Nov 2019 22:31:00 EST", PageTime(D(2019, 11, 19), T(22, 31), -300, "EST")),
    ],
)
def test_machine_formats(value: str, expected: PageTime) -> None:
    assert parse_iso_timestamp(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "2019-13-01",  # month 13
        "2019-02-30",
        "2019-11-19T25:00:00Z",  # hour 25
        "2019-11-19T22:61:00Z",
        "2019-11-19T22:31:00+25:00",  # offset beyond +14:00
        "2019-1119",  # mixed separators
        "November 19, 2019",  # a human date is find_timestamp's job
        "2019-11-19T22:31:00-06:00 and more",  # the whole value must parse
        "Tue, 19 Foo 2019 22:31:00 GMT",
        "1.2.3",
        "12345678901234567890123456789012345678901234567890",
    ],
)
def test_machine_format_rejects(value: str) -> None:
    assert parse_iso_timestamp(value) is None


def test_machine_formats_are_total_on_non_strings() -> None:
    assert parse_iso_timestamp(None) is None  # type: ignore[arg-type]
    assert parse_iso_timestamp(20191119) is None  # type: ignore[arg-type]


# --- human lines -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Chris Davies - Nov 19, 2019, 10:31 pm CST", PageTime(D(2019, 11, 19), T(22, 31), -360, "CST")),
        ("Updated 10:31 a.m. ET Nov. 19, 2019", PageTime(D(2019, 11, 19), T(10, 31), -300, "ET")),
        ("December 28, 2025 2:05 PM GMT+9", PageTime(D(2025, 12, 28), T(14, 5), 540, "+09:00")),
        ("19 November 2019 • 10:31 GMT", PageTime(D(2019, 11, 19), T(10, 31), 0, "GMT")),
        ("2019-11-19 22:31 KST", PageTime(D(2019, 11, 19), T(22, 31), 540, "KST")),
        ("Published: 28.12.2025 14:05", PageTime(D(2025, 12, 28), T(14, 5))),
        ("Nov. 18, 2019 7:04 pm ET", PageTime(D(2019, 11, 18), T(19, 4), -300, "ET")),
        (
            "Posted by A. Writer on November 19, 2019, 6:21 AM EST",
            PageTime(D(2019, 11, 19), T(6, 21), -300, "EST"),
        ),
        ("November 19, 2019 at 6:34 am", PageTime(D(2019, 11, 19), T(6, 34))),
        ("Nov 18, 2019, 11:47am EST", PageTime(D(2019, 11, 18), T(11, 47), -300, "EST")),
        ("PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05", PageTime(D(2019, 11, 19), T(10, 48))),
        ("Wed Nov 20 2019 08:00:58 GMT+0000", PageTime(D(2019, 11, 20), T(8, 0, 58), 0, "+00:00")),
        ("2019-11-19 22:31:00 +09:00", PageTime(D(2019, 11, 19), T(22, 31), 540, "+09:00")),
        (
            "Posted 2019-11-19T22:31:00-06:00 by the desk",
            PageTime(D(2019, 11, 19), T(22, 31), -360, "-06:00"),
        ),
        ("11/19/2019 10:00 AM EST", PageTime(D(2019, 11, 19), T(10, 0), -300, "EST")),
        ("13/06/2014 09:15", PageTime(D(2014, 6, 13), T(9, 15))),
        ("Published: 05.06.2025 14:05", PageTime(D(2025, 6, 5), T(14, 5))),  # dots: day first
        ("06/13/2014", PageTime(D(2014, 6, 13))),  # slashes: month first when the day shows it
        ("2025.12.28 14:05", PageTime(D(2025, 12, 28), T(14, 5))),
        ("Nov 19, 2019 at 10 p.m. PT", PageTime(D(2019, 11, 19), T(22, 0), -480, "PT")),
        ("Dec 1, 2025 12:00 AM UTC", PageTime(D(2025, 12, 1), T(0, 0), 0, "UTC")),
        ("Dec 1, 2025 12:30 PM (KST)", PageTime(D(2025, 12, 1), T(12, 30), 540, "KST")),
        ("Jan 5, 2026 09:00 UTC+05:30", PageTime(D(2026, 1, 5), T(9, 0), 330, "+05:30")),
        ("Jan 5, 2026 09:00 GMT−5", PageTime(D(2026, 1, 5), T(9, 0), -300, "-05:00")),  # U+2212 minus
        ("5 January 2026, 09:00 CET", PageTime(D(2026, 1, 5), T(9, 0), 60, "CET")),
        ("5 July 2025, 09:00 BST", PageTime(D(2025, 7, 5), T(9, 0), 60, "BST")),
        ("5 July 2025, 09:00 AEST", PageTime(D(2025, 7, 5), T(9, 0), 600, "AEST")),
        ("Jan 5, 2026 14h05", PageTime(D(2026, 1, 5), T(14, 5))),
    ],
)
def test_human_lines(line: str, expected: PageTime) -> None:
    assert find_timestamp(line) == expected


def test_ambiguous_zone_keeps_the_name_without_an_offset() -> None:
    found = find_timestamp("2019-11-19 10:31 IST")
    assert found == PageTime(D(2019, 11, 19), T(10, 31), None, "IST")
    assert found is not None and found.aware() is None


@pytest.mark.parametrize(
    ("line", "offset"),
    [
        ("Jul 4, 2019 10:00 ET", -240),  # summer: EDT
        ("Jan 4, 2019 10:00 ET", -300),  # winter: EST
        ("Mar 10, 2019 1:30 am ET", -300),  # switch day, before 02:00
        ("Mar 10, 2019 3:30 am ET", -240),  # switch day, after
        ("Nov 3, 2019 1:30 am PT", -420),  # end day: the repeated hour is taken as daylight time
        ("Nov 3, 2019 3:30 am PT", -480),
        ("Apr 2, 2006 3:00 pm CT", -300),  # 1987-2006 rule: first Sunday of April
        ("Mar 20, 2006 3:00 pm CT", -360),  # DST would have begun already under the 2007 rule
        ("Oct 30, 2006 3:00 pm MT", -420),  # after the last Sunday of October
    ],
)
def test_us_generic_zones_follow_the_dst_rule_of_the_year(line: str, offset: int) -> None:
    found = find_timestamp(line)
    assert found is not None and found.utc_offset_minutes == offset


def test_us_generic_zone_before_1987_has_no_offset() -> None:
    found = find_timestamp("Jul 4, 1976 10:00 ET")
    assert found == PageTime(D(1976, 7, 4), T(10, 0), None, "ET")


def test_printed_standard_time_is_trusted_as_printed() -> None:
    # "EST" in July is a misprint for EDT more often than not, but the page says EST.
    found = find_timestamp("Jul 4, 2019 10:00 EST")
    assert found is not None and found.utc_offset_minutes == -300


@pytest.mark.parametrize(
    "line",
    [
        "10:31",  # a score or a clock alone
        "Final score 10:31 after extra time",
        "version 2.3.1 released",
        "Call 555-1234 or +1 202-555-0143",
        "3:45 min",
        "The 100m final: 9.58",
        "",
        "No digits in this line at all",
        "Updated 2 hours ago",
        "Dec. 28",  # no year and no anchor
        "06/07/2019",  # June 7 in the US, 6 July elsewhere
        "06-07-2019",
    ],
)
def test_lines_without_a_timestamp(line: str) -> None:
    assert find_timestamp(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Nov 19, 2019 3:45 min read", PageTime(D(2019, 11, 19))),  # a duration next to the date
        ("Nov 19, 2019 25:61", PageTime(D(2019, 11, 19))),  # impossible time: date only
        ("Nov 19, 2019 13:05 pm", PageTime(D(2019, 11, 19))),  # 13 pm
        ("Nov 19, 2019 3.50 million shares", PageTime(D(2019, 11, 19))),  # an amount, not 3:50
        ("Nov 19, 2019 10 people were hurt", PageTime(D(2019, 11, 19))),  # a bare number is not a time
        ("Nov 19, 2019 10:00-11:30", PageTime(D(2019, 11, 19), T(10, 0))),  # a range is not a zone
        ("Nov 19, 2019 1:00 pm et al.", PageTime(D(2019, 11, 19), T(13, 0))),  # zones are in capitals
    ],
)
def test_time_is_only_read_when_it_is_one(line: str, expected: PageTime) -> None:
    assert find_timestamp(line) == expected


def test_year_less_date_takes_the_year_from_the_anchor() -> None:
    anchor = D(2026, 1, 3)
    assert find_timestamp("Dec. 28", anchor) == PageTime(D(2025, 12, 28))
    assert find_timestamp("SEOUL, Jan. 2 (Yonhap) --", anchor) == PageTime(D(2026, 1, 2))
    assert find_timestamp("28 December 10:31 KST", anchor) == PageTime(D(2025, 12, 28), T(10, 31), 540, "KST")


def test_full_date_wins_over_anchor_inference() -> None:
    assert find_timestamp("Nov 4, 2025", D(2026, 1, 3)) == PageTime(D(2025, 11, 4))


def test_first_date_of_the_line_is_taken() -> None:
    found = find_timestamp("Updated Nov. 19, 2019 8:21 am ET / Original Nov. 19, 2019 8:02 am ET")
    assert found == PageTime(D(2019, 11, 19), T(8, 21), -300, "ET")
    found = find_timestamp("SEOUL, Dec. 28 (Yonhap) -- a deal signed on November 4, 2025", D(2025, 12, 30))
    assert found == PageTime(D(2025, 12, 28))


def test_aware_datetime() -> None:
    found = find_timestamp("Chris Davies - Nov 19, 2019, 10:31 pm CST")
    assert found is not None
    aware = found.aware()
    assert aware is not None
    assert aware.isoformat() == "2019-11-19T22:31:00-06:00"
    assert aware.astimezone(dt.UTC).isoformat() == "2019-11-20T04:31:00+00:00"
    assert PageTime(D(2019, 11, 19), T(22, 31)).aware() is None  # no zone
    assert PageTime(D(2019, 11, 19), None, 0, "UTC").aware() is None  # no time


def test_machine_and_human_readings_of_one_moment_agree() -> None:
    machine = parse_iso_timestamp("2019-11-19T00:04:00.000Z")
    human = find_timestamp("Nov. 18, 2019 7:04 pm ET")
    assert machine is not None and human is not None
    assert machine.aware() == human.aware()


def test_find_timestamp_is_total() -> None:
    assert find_timestamp(None) is None  # type: ignore[arg-type]
    assert find_timestamp("9" * 100_000) is None
    assert find_timestamp("Nov 19, 2019 " + "1" * 5000) == PageTime(D(2019, 11, 19))
