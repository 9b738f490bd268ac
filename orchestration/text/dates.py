"""Calendar dates as news pages write them: page datelines, wire datelines and "Published ..." lines.

Only the standard library; every function is total (returns None instead of raising) because the input is
scraped text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from orchestration.text.vocabulary import FOREIGN_MONTHS, MONTHS

# Longest names first so "Sept" wins over "Sep" and "June" over "Jun" (names of one length in table order).
# Other languages' month names (vocabulary.FOREIGN_MONTHS) are read only with a day and a year around them.
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_FOREIGN_MONTH = "(?:" + "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2\d\d\d)"

# A date with an explicit year, in the common English orders and ISO-like numeric forms.
_DATE_BODY = (
    rf"(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>{_DAY}),?\s+(?P<y1>{_YEAR})"
    rf"|(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>{_YEAR})"
    rf"|(?P<y3>{_YEAR})[-/.](?P<m3>[01]?\d)[-/.](?P<d3>[0-3]?\d)"
    rf"|(?P<d4>[0-3]?\d)(?:\.|º|er)?\s+(?:de\s+)?(?P<m4>{_FOREIGN_MONTH})\.?,?\s+(?:de\s+)?(?P<y4>{_YEAR}))"
)
# Trailing clock time / zone that some datelines carry ("10:30 AM KST", "T09:00:00Z", "| 14:05").
_TIME_TAIL = (
    r"(?:\s*[|,·-]?\s*(?:at\s+)?T?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:Z|[A-Z]{2,5}|[+-]\d{2}:?\d{2})?)?"
)
_FULL_DATELINE_RE = re.compile(rf"(?:{_WEEKDAY},?\s+)?{_DATE_BODY}{_TIME_TAIL}\s*\.?", re.IGNORECASE)
DATE_SEARCH_RE = re.compile(rf"(?<![\w-]){_DATE_BODY}(?![\w-])", re.IGNORECASE)
_MONTH_DAY_RE = re.compile(rf"(?<!\w)(?P<m>{_MONTH})\.?\s+(?P<d>{_DAY})(?!\w|\s*,?\s*{_YEAR})", re.IGNORECASE)
_DAY_MONTH_RE = re.compile(
    rf"(?<!\w)(?P<d>{_DAY})\s+(?P<m>{_MONTH})\.?(?![\w.]|\s*,?\s*{_YEAR})", re.IGNORECASE
)

# "SEOUL, Dec. 28 (Yonhap) --", "NEW YORK (AP) —", "PARIS, France, Jan. 5, 2026 (AFP) -":
# an all-caps place, optional region, optional date, optional agency, then a dash.
_WIRE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\- ]{0,38}[A-Z.])"
    r"(?:,\s+[A-Z][A-Za-z.'’\- ]{1,30}?)?"
    rf"(?:,\s+(?P<date>(?i:{_MONTH})\.?\s+{_DAY}(?:,\s+{_YEAR})?))?"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?\s*(?:--|—|–|-)\s"
)


def _make_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _day_number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _from_match(m: re.Match[str]) -> datetime.date | None:
    if m.group("m1"):
        return _make_date(int(m.group("y1")), MONTHS[m.group("m1").lower()], _day_number(m.group("d1")))
    if m.group("m2"):
        return _make_date(int(m.group("y2")), MONTHS[m.group("m2").lower()], _day_number(m.group("d2")))
    if m.group("m4"):
        return _make_date(int(m.group("y4")), FOREIGN_MONTHS[m.group("m4").lower()], int(m.group("d4")))
    return _make_date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))


def parse_dateline(line: str) -> datetime.date | None:
    """The date if the whole line is a date ("Friday, December 5, 2025", "5 December 2025", "2025-12-05")."""
    text = line.strip()
    if not text or len(text) > 80:
        return None
    m = _FULL_DATELINE_RE.fullmatch(text)
    return _from_match(m) if m else None


def find_date(text: str) -> datetime.date | None:
    """The first full date (with a year) anywhere in ``text``."""
    for m in DATE_SEARCH_RE.finditer(text[:2000]):
        found = _from_match(m)
        if found:
            return found
    return None


def latest_on_or_before(month: int, day: int, anchor: datetime.date) -> datetime.date | None:
    """The latest date with this month and day that is not after ``anchor`` (year inference)."""
    for year in range(anchor.year, anchor.year - 9, -1):
        candidate = _make_date(year, month, day)
        if candidate and candidate <= anchor:
            return candidate
    return None


def find_month_day(text: str, anchor: datetime.date | None) -> datetime.date | None:
    """A full date in ``text``, else a month-day one whose year is inferred from ``anchor``."""
    full = find_date(text)
    if full or anchor is None:
        return full
    head = text[:2000]
    m = _MONTH_DAY_RE.search(head) or _DAY_MONTH_RE.search(head)
    if not m:
        return None
    return latest_on_or_before(MONTHS[m.group("m").lower()], _day_number(m.group("d")), anchor)


@dataclass(frozen=True)
class WireDateline:
    place: str
    date: datetime.date | None


# Where a wire dateline may start inside a paragraph: an all-caps word right after lower-case text or
# punctuation, as when a photo caption and its credit are glued in front of it.
_WIRE_START_RE = re.compile(r"(?<=[a-z0-9.)\]])\s?(?=[A-Z]{2}[A-Z.'’\- ]{0,37},?\s)")


def find_wire_dateline(paragraph: str, anchor: datetime.date | None, within: int = 600) -> int | None:
    """The offset of a wire dateline glued inside the first ``within`` characters of ``paragraph``, else None."""
    for m in _WIRE_START_RE.finditer(paragraph, 1, within):
        start = m.end()
        if parse_wire_dateline(paragraph[start:], anchor):
            return start
    return None


def parse_wire_dateline(paragraph: str, anchor: datetime.date | None) -> WireDateline | None:
    """The place and date of a wire-style dateline opening ``paragraph``, if it has one."""
    m = _WIRE_RE.match(paragraph[:200])
    if not m:
        return None
    place = m.group("place").strip(" .-")
    # A dateline needs a date or an agency; a lone capitalised word before a dash is more likely a quote.
    if len(re.sub(r"[^A-Z]", "", place)) < 2 or not (m.group("date") or m.group("agency")):
        return None
    date_text = m.group("date")
    return WireDateline(place=place, date=find_month_day(date_text, anchor) if date_text else None)
