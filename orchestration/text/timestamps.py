"""Publication timestamps as pages print or declare them: a date, and the clock time and zone where given.

Two entry points, both total (they return None instead of raising, because the input is scraped text):

- ``parse_iso_timestamp`` reads one machine-written value from page metadata (JSON-LD ``datePublished``,
  ``article:published_time``, ``<time datetime>``): ISO 8601 in its extended and basic forms, and RFC 2822
  (``Tue, 19 Nov 2019 22:31:00 GMT``). The whole value must parse; a half-valid value is not trusted.
- ``find_timestamp`` finds the first date in a human line (a byline, a "Published"/"Updated" line, a page
  dateline) and the clock time and zone printed next to it, before or after the date
  (``Chris Davies - Nov 19, 2019, 10:31 pm CST``, ``Updated 10:31 a.m. ET Nov. 19, 2019``). The date
  part reuses ``orchestration.text.dates`` (``DATE_SEARCH_RE``, ``find_date``, ``find_month_day``), so the
  forms it reads date the same here as in the page segmenter; this module adds day-first numeric dates
  and ISO timestamps inside a line. A clock time is only read next to a date: a score (``10:31``), a
  duration (``3:45 min``) or a version number never makes a timestamp; a digit-free line returns
  at once.

Choices, made explicit because they change what a query sees:

- Zone abbreviations map to UTC offsets only through ``_FIXED_ZONES``, a short table of common ones whose
  meaning in news pages is settled (CST is US Central, BST British Summer Time and MST US Mountain, as in
  US/UK news pages; a Chinese or Malaysian page would use CST/MST for UTC+8, so those pages get a wrong
  offset, which is the price of reading the common case). Abbreviations with several common meanings
  (IST: India, Israel or Ireland; AST: Atlantic or Arabia; ...) keep ``zone`` with ``utc_offset_minutes``
  None. A printed abbreviation is trusted as printed: "EST" in July is still UTC-5.
- The generic US zones ET/CT/MT/PT take standard or daylight time from the date (and time, on the switch
  days) by the US rule of that year: second Sunday of March to first Sunday of November since 2007, first
  Sunday of April to last Sunday of October 1987-2006; before 1987 the offset is left None.
- Numeric dates: year-first (``2019-11-19``, ``2019.11.19``) always; day-first with dots
  (``28.12.2025``, the European form); with slashes or hyphens only when one part exceeds 12 (``13/06/2014``
  is day-first, ``11/19/2019`` month-first), because ``06/07/2019`` means June 7 in the US and 6 July
  elsewhere.
- Times are kept to the second (fractions dropped: metadata writes ``.000``); an impossible time
  (``25:61``, ``13:05 pm``) drops the time but keeps the date.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from orchestration.text.dates import DATE_SEARCH_RE, find_date, find_month_day
from orchestration.text.vocabulary import MONTH_ABBREVIATIONS, MONTHS

__all__ = ["PageTime", "find_timestamp", "parse_iso_timestamp"]


@dataclass(frozen=True)
class PageTime:
    date: datetime.date
    time: datetime.time | None = None  # clock time as printed/declared (local to the zone), no tzinfo
    utc_offset_minutes: int | None = None  # where the zone is printed/declared and unambiguous
    zone: str | None = None  # as printed, normalised: "CST", "ET", "KST", "UTC", "+09:00"

    def aware(self) -> datetime.datetime | None:
        """The moment as a tz-aware datetime, when both the time and the offset are known."""
        if self.time is None or self.utc_offset_minutes is None:
            return None
        tz = datetime.timezone(datetime.timedelta(minutes=self.utc_offset_minutes))
        return datetime.datetime.combine(self.date, self.time, tzinfo=tz)


# Offsets in minutes east of UTC.
_FIXED_ZONES: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 60,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "EST": -300,
    "EDT": -240,
    "CST": -360,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "AKST": -540,
    "AKDT": -480,
    "HST": -600,
    "KST": 540,
    "JST": 540,
    "HKT": 480,
    "SGT": 480,
    "AWST": 480,
    "ACST": 570,
    "ACDT": 630,
    "AEST": 600,
    "AEDT": 660,
    "NZST": 720,
    "NZDT": 780,
}
# US generic zones: (standard, daylight) offsets, chosen by the date.
_US_GENERIC_ZONES: dict[str, tuple[int, int]] = {
    "ET": (-300, -240),
    "CT": (-360, -300),
    "MT": (-420, -360),
    "PT": (-480, -420),
}
# Printed often enough to recognise as a zone, but with more than one common meaning: no offset.
_AMBIGUOUS_ZONES = frozenset({"IST", "AST", "SST", "ADT", "ECT", "CAT", "EAT", "WAT", "PHT", "ICT", "WIB"})

_ZONE_NAMES = sorted({*_FIXED_ZONES, *_US_GENERIC_ZONES, *_AMBIGUOUS_ZONES} - {"Z"}, key=len, reverse=True)
# "GMT+9", "UTC+05:30", "GMT -0500" (U+2212 minus too: typeset pages use it); a bare "+09:00" / "-0600"
# only after a space, so that a time range ("10:00-11:30") is not read as a zone.
_NAMED_ZONE = (
    rf"(?:(?:GMT|UTC)\s?[+\-−]\d{{1,2}}(?::?\d{{2}})?|(?:{'|'.join(_ZONE_NAMES)})(?![A-Za-z])|Z(?![A-Za-z]))"
)
_BARE_OFFSET = r"[+\-−]\d{2}:?\d{2}(?![\d:])"
_NUMERIC_ZONE_RE = re.compile(r"(?:(?:GMT|UTC)\s?)?([+\-−])(\d{1,2})(?::?(\d{2}))?")

_MON3 = {m: i for i, m in enumerate(MONTH_ABBREVIATIONS, start=1)}

# --- machine formats -----------------------------------------------------------------------------------

_ISO_RE = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-/]?)(?P<mo>\d{2})(?P=sep)(?P<d>\d{2})"
    r"(?:[T ]\s?(?P<h>\d{2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,]\d+)?)?)?"
    r"\s?(?P<zone>Z|UTC|GMT|[+\-−]\d{2}(?::?\d{2})?)?"
)
_RFC2822_RE = re.compile(
    r"(?:[A-Za-z]{3},?\s+)?(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3})\s+(?P<y>\d{4})\s+"
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<zone>[+\-]\d{4}|[A-Z]{1,5})?"
)


def _make_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _make_time(hour: int, minute: int, second: int = 0) -> datetime.time | None:
    if 0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59:
        return datetime.time(hour, minute, second)
    return None


def _numeric_offset(text: str) -> tuple[int, str] | None:
    """(minutes east of UTC, "+hh:mm") for "+09:00", "-0600", "GMT+9", "UTC+05:30"; None if impossible."""
    m = _NUMERIC_ZONE_RE.fullmatch(text.replace(" ", ""))
    if not m:
        return None
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    sign = -1 if m.group(1) in "-−" else 1
    offset = sign * (hours * 60 + minutes)
    sign_char = "-" if offset < 0 else "+"
    return offset, f"{sign_char}{hours:02d}:{minutes:02d}"


def _nth_sunday(year: int, month: int, n: int) -> datetime.date:
    """The n-th Sunday of a month (n=-1: the last one)."""
    if n > 0:
        first = datetime.date(year, month, 1)
        return first + datetime.timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))
    nxt = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = nxt - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - 6) % 7)


def _us_daylight(date: datetime.date, time: datetime.time | None) -> bool | None:
    """Whether US daylight time applies at this local date (and time); None before the 1987 rule."""
    if date.year >= 2007:
        start, end = _nth_sunday(date.year, 3, 2), _nth_sunday(date.year, 11, 1)
    elif date.year >= 1987:
        start, end = _nth_sunday(date.year, 4, 1), _nth_sunday(date.year, 10, -1)
    else:
        return None
    # Clocks change at 02:00 local; the repeated hour on the end day is taken as its first (daylight) pass.
    two = datetime.time(2, 0)
    if date == start:
        return time is not None and time >= two
    if date == end:
        return time is not None and time < two
    return start < date < end


def _zone_offset(zone: str, date: datetime.date, time: datetime.time | None) -> tuple[int | None, str]:
    """(offset or None, normalised zone name) for a zone token as matched by ``_CLOCK`` or ``_ISO_RE``."""
    token = zone.strip().replace("−", "-")
    if token[0] in "+-" or (token[:3] in ("GMT", "UTC") and len(token) > 3):
        parsed = _numeric_offset(token)
        return (parsed[0], parsed[1]) if parsed else (None, token)
    if token == "Z":
        return 0, "UTC"
    if token in _FIXED_ZONES:
        return _FIXED_ZONES[token], token
    if token in _US_GENERIC_ZONES:
        daylight = _us_daylight(date, time)
        if daylight is None:
            return None, token
        standard, summer = _US_GENERIC_ZONES[token]
        return (summer if daylight else standard), token
    return None, token


def _page_time(date: datetime.date, time: datetime.time, zone: str | None) -> PageTime:
    if zone is None:
        return PageTime(date=date, time=time)
    offset, name = _zone_offset(zone, date, time)
    return PageTime(date=date, time=time, utc_offset_minutes=offset, zone=name)


def _parse_iso(text: str) -> PageTime | None:
    m = _ISO_RE.fullmatch(text)
    if not m:
        return None
    date = _make_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    if date is None:
        return None
    if m["h"] is None:
        return PageTime(date=date)  # a zone on a bare date ("2019-11-19+01:00") says nothing more
    time = _make_time(int(m["h"]), int(m["mi"]), int(m["s"] or 0))
    if time is None:
        return None
    if m["zone"] is None:
        return PageTime(date=date, time=time)
    offset, name = _zone_offset(m["zone"], date, time)
    if offset is None:
        return None
    return PageTime(date=date, time=time, utc_offset_minutes=offset, zone=name)


def _parse_rfc2822(text: str) -> PageTime | None:
    m = _RFC2822_RE.fullmatch(text)
    if not m or m["mon"].lower() not in _MON3:
        return None
    date = _make_date(int(m["y"]), _MON3[m["mon"].lower()], int(m["d"]))
    time = _make_time(int(m["h"]), int(m["mi"]), int(m["s"] or 0))
    if date is None or time is None:
        return None
    zone = m["zone"]
    if zone is None or (zone[0] not in "+-" and zone not in _FIXED_ZONES):
        return PageTime(date=date, time=time)  # RFC 2822 obsolete military zones etc.: time without zone
    offset, name = _zone_offset(zone, date, time)
    return PageTime(date=date, time=time, utc_offset_minutes=offset, zone=name)


def parse_iso_timestamp(text: str) -> PageTime | None:
    """A machine-written date or timestamp from metadata, or None if ``text`` is not one in full.

    ``2019-11-19``, ``20191119``, ``2019-11-19T22:31:00-06:00``, ``...Z``, ``2019-11-19 22:31:00``,
    ``20191119T223100Z``, ``Tue, 19 Nov 2019 22:31:00 GMT``.
    """
    if not isinstance(text, str):
        return None
    value = text.strip()
    if not 8 <= len(value) <= 48 or not value[:1].isalnum():
        return None
    return _parse_iso(value) or _parse_rfc2822(value)


# --- human lines ----------------------------------------------------------------------------------------

_DIGIT_RE = re.compile(r"\d")
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
# Every English spelling of a month, by month, the longer spelling first ("september|sept|sep").
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=lambda name: (MONTHS[name], -len(name)))) + ")"
# Year-less "Dec. 28" / "28 December": only with an anchor date to take the year from.
_MONTH_DAY_RE = re.compile(
    rf"(?<![\w-])(?:{_MONTH}\.?\s+[0-3]?\d(?:st|nd|rd|th)?|[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?)(?!\w)",
    re.IGNORECASE,
)
# Day-first or month-first numeric dates that dates.py does not read ("28.12.2025", "13/06/2014").
_NUMERIC_DATE_RE = re.compile(r"(?<![\w.\-/])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\w\-/]|\.\d)")
# An ISO timestamp written into a line ("2019-11-19T22:31:00-06:00"): dates.py stops at the "T".
# With a space instead of the "T" only when an offset is attached; else the line reader handles it, zone
# abbreviation included ("2019-11-19 22:31 KST").
_ISO_IN_TEXT_RE = re.compile(
    r"(?<![\w-])\d{4}-\d{2}-\d{2}"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+\-]\d{2}:?\d{2})?"
    r"| \d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+\-]\d{2}:?\d{2}))(?![\w:+\-])"
)

_AMPM = r"(?P<ampm>[ap]\.?\s?m\b\.?)"
# "10:31", "10:31:05", "10.31 pm", "14h05", "10 p.m."; optional zone. The duration guard rejects "3:45 min".
_CLOCK = (
    rf"(?<![\d:.])(?P<h>\d{{1,2}})(?:(?P<sep>[:.h])(?P<mi>\d{{2}})(?::(?P<s>\d{{2}}))?)?(?![\d])"
    rf"(?:\s?{_AMPM})?"
    rf"(?:\s*\(?(?P<zone>{_NAMED_ZONE})\)?|\s+\(?(?P<offset>{_BARE_OFFSET})\)?)?"
)
_NOT_DURATION = r"(?!\s*(?:min|mins|minutes?|sec|secs|seconds?|hrs?|hours?|h\b|'|′|\"))"
_SEP = r"[\s,|•·@/–—\-]*"
_TIME_AFTER_RE = re.compile(
    rf"{_SEP}(?:(?:at|um|à|às|a las|alle|om|kl\.?)\s+)?{_CLOCK}{_NOT_DURATION}", re.IGNORECASE
)
_TIME_BEFORE_RE = re.compile(rf"{_CLOCK}{_NOT_DURATION}{_SEP}(?:on\s+)?(?:{_WEEKDAY},?\s+)?\Z", re.IGNORECASE)
_NO_ZONE_CASE = re.compile(r"[a-z]")  # zones are printed in capitals; "et" in a sentence is not ET


@dataclass(frozen=True)
class _DateSpan:
    start: int
    end: int
    date: datetime.date
    stamp: PageTime | None = None  # set when the span is a whole ISO timestamp


def _date_spans(head: str, anchor: datetime.date | None) -> list[_DateSpan]:
    spans: list[_DateSpan] = []
    m = _ISO_IN_TEXT_RE.search(head)
    if m and (stamp := parse_iso_timestamp(m.group(0))):
        spans.append(_DateSpan(m.start(), m.end(), stamp.date, stamp))
    for m in DATE_SEARCH_RE.finditer(head):
        if found := find_date(m.group(0)):
            spans.append(_DateSpan(m.start(), m.end(), found))
            break
    for m in _NUMERIC_DATE_RE.finditer(head):
        a, sep, b, year = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        if sep == "." or a > 12:
            found = _make_date(year, b, a)
        elif b > 12:
            found = _make_date(year, a, b)
        else:
            found = _make_date(year, a, b) if a == b else None  # 06/07/2019: June 7 or 6 July
        if found:
            spans.append(_DateSpan(m.start(), m.end(), found))
            break
    if anchor is not None:
        for m in _MONTH_DAY_RE.finditer(head):
            if found := find_month_day(m.group(0), anchor):
                spans.append(_DateSpan(m.start(), m.end(), found))
                break
    return spans


def _clock(m: re.Match[str]) -> datetime.time | None:
    hour = int(m["h"])
    minute = int(m["mi"]) if m["mi"] else None
    ampm = m["ampm"]
    if minute is None and not ampm:
        return None  # a bare number is not a time
    if m["sep"] == "." and not ampm and not (m["zone"] or m["offset"]):
        return None  # "3.50" next to a date is more often an amount than a time
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm[0].lower() == "p" else 0)
    return _make_time(hour, minute or 0, int(m["s"] or 0))


def _with_clock(span: _DateSpan, m: re.Match[str]) -> PageTime | None:
    time = _clock(m)
    if time is None:
        return None
    zone = m["zone"] or m["offset"]
    if zone and _NO_ZONE_CASE.search(zone):
        zone = None
    return _page_time(span.date, time, zone)


def find_timestamp(text: str, anchor: datetime.date | None = None) -> PageTime | None:
    """The first date in a human line, with the clock time and zone printed next to it.

    A date without a year ("Dec. 28") takes its year from ``anchor`` (the latest such date not after it),
    as ``orchestration.text.dates.find_month_day`` does; without an anchor it is not read.
    """
    if not isinstance(text, str) or not _DIGIT_RE.search(text):
        return None
    head = text[:2000]
    spans = _date_spans(head, anchor)
    if not spans:
        return None
    # The first date in the line; at one position the longest reading ("Nov 19, 2019" over "Nov 19").
    span = min(spans, key=lambda s: (s.start, -(s.end - s.start)))
    if span.stamp is not None:
        return span.stamp
    after = _TIME_AFTER_RE.match(head, span.end)
    if after and (stamp := _with_clock(span, after)):
        return stamp
    before = _TIME_BEFORE_RE.search(head, max(0, span.start - 48), span.start)
    if before and (stamp := _with_clock(span, before)):
        return stamp
    return PageTime(date=span.date)
