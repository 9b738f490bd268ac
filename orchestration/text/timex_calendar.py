"""Calendar helpers for TIMEX3 values: number words, unit shifts, and the date range a value covers.

Pure functions; no state. ``value_range`` is the single place that turns a TIMEX3 value into
``(date_start, date_end, granularity)`` so the extractor never computes ranges twice.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": 4, "last": 4,
}  # fmt: skip
_UNITS_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "couple": 2, "a couple of": 2,
    "a dozen": 12, "dozen": 12, "half a dozen": 6,
}  # fmt: skip
_TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
VAGUE_NUMBERS = frozenset({"few", "a few", "several", "many", "some", "a number of", "numerous"})

# A number written in words or digits, as it appears before a time unit.
NUMBER_RE = (
    r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:\.\d+)?(?:\s+1/2)?(?![\d.,])"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:a\s+)?hundred"
    r"|a\s+couple\s+of|couple\s+of|a\s+dozen|half\s+a\s+dozen|a\s+few|few|several|many|a\s+number\s+of|an?)"
)


def parse_number(words: str) -> float | None:
    """Number words or digits -> value; None when vague ("several", "a few") or unreadable."""
    s = re.sub(r"\s+", " ", words.strip().lower())
    if s in VAGUE_NUMBERS:
        return None
    if s.endswith(" of") and s not in _UNITS_WORDS:
        s = s[:-3]
    if s in _UNITS_WORDS:
        return float(_UNITS_WORDS[s])
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: 1/2)?", s.replace(",", ""))
    if m:
        return float(m.group(1)) + (0.5 if s.endswith("1/2") else 0.0)
    if s in ("hundred", "a hundred"):
        return 100.0
    parts = re.split(r"[- ]", s)
    if parts and parts[0] in _TENS_WORDS:
        tail = _UNITS_WORDS.get(parts[1], -1) if len(parts) == 2 else 0
        return float(_TENS_WORDS[parts[0]] + tail) if 0 <= tail < 10 else None
    return None


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    # Plain arithmetic on (year, month), not relativedelta: it takes no date and never raises, also where the
    # year leaves 1..9999 (relativedelta on a date would raise there).
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def safe_date(year: int, month: int, day: int) -> date | None:
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def shift_years(d: date, years: int) -> date:
    """``d`` moved by whole years, the year clamped to 1..9999 and 29 February to 28 in a common year."""
    year = min(max(d.year + years, 1), 9999)
    return d + relativedelta(years=year - d.year)


def week_value(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def value_range(value: str) -> tuple[date | None, date | None, str | None]:
    """Inclusive calendar range and granularity of a TIMEX3 value; (None, None, gran) where unknown."""
    try:
        return _value_range(value)
    except (ValueError, OverflowError):
        return None, None, None


def _value_range(v: str) -> tuple[date | None, date | None, str | None]:
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T.*)?", v):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d, "time" if m[4] else "day"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), _month_end(y, mo), "month"
    if m := re.fullmatch(r"(\d{4})", v):
        return date(int(v), 1, 1), date(int(v), 12, 31), "year"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
        y, q = int(m[1]), int(m[2])
        return date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter"
    if m := re.fullmatch(r"(\d{4})-H([12])", v):
        y, h = int(m[1]), int(m[2])
        return date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "half"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", v):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + timedelta(days=5), monday + timedelta(days=6), "week"
        return monday, monday + timedelta(days=6), "week"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
        y, (a, b) = int(m[1]), _SEASON_MONTHS[m[2]]
        end_year = y + 1 if b < a else y
        return date(y, a, 1), _month_end(end_year, b), "season"
    if re.fullmatch(r"\d{3}", v):
        return date(int(v) * 10, 1, 1), date(int(v) * 10 + 9, 12, 31), "decade"
    if re.fullmatch(r"\d{2}", v):
        start = max(int(v) * 100, 1)
        return date(start, 1, 1), date(int(v) * 100 + 99, 12, 31), "century"
    return None, None, _granularity_of_unknown(v)


def _granularity_of_unknown(v: str) -> str | None:
    """Granularity of values with X's (``XXXX-11-02`` is still a day), None for durations and refs."""
    if v.startswith("P") or v.endswith("_REF"):
        return None
    if "T" in v:
        return "time"
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}", v) or re.fullmatch(r"[\dX]{4}-W[\dX]{2}-\d", v):
        return "day"
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}", v):
        return "month"
    if re.fullmatch(r"[\dX]{4}-W[\dX]{2}(-WE)?", v):
        return "week"
    if re.fullmatch(r"[\dX]{4}-Q[\dX]", v):
        return "quarter"
    if re.fullmatch(r"[\dX]{4}-(SP|SU|FA|WI)", v):
        return "season"
    if re.fullmatch(r"[\dX]{4}", v):
        return "year"
    if re.fullmatch(r"[\dX]{3}", v):
        return "decade"
    return None
