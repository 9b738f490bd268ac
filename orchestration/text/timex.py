"""Temporal expressions (TIMEX3) in news text: find them, normalise them, and date the sentence they sit in.

Approach: a rule set of our own in the style of HeidelTime (one regular expression per expression class, each
with a small normalisation function), over the standard library calendar (``timex_calendar``).

Why not a library? Measured on shared/bench/timebank (183 docs, 1,243 TIMEX3), TempEval-3 scoring, line 1
(the dateline) ignored:

- ``dateparser`` 1.5 ``search_dates`` (RELATIVE_BASE = page date, PREFER_DATES_FROM = past, values cut to the
  granularity written): DATE value F1 0.18, DATE relaxed extraction F1 0.50, strict 0.21, ~14k words/s. It
  normalises absolute dates well but returns whole datetimes (a month becomes a day: it invents days), drops
  "last", has no TIMEX3 types, durations, sets or quarters, and matches junk (bare numbers, "may").
- ``recognizers-text-date-time`` resolves ranges well but is a 2019 alpha pinned to ``emoji<1.0``: not worth
  a dependency of the warehouse. HeidelTime (Java) is not installable; its rule design is what we follow.
- These rules: DATE value F1 0.82 (P 0.81 / R 0.84), DATE strict extraction F1 0.90, relaxed 0.94; all types
  value F1 0.82; ~88k words/s on one core (prefiltered rules); standard library only. (HeidelTime: 0.78 on TempEval-3.)
  Reproduce with ``python -m orchestration.eval.timex ../shared/bench/timebank``.

Pipeline (pure, near-linear): every rule's regex proposes candidates; overlaps are settled longest-first
(ties: the earlier rule); the survivors are normalised in text order so a few discourse rules can look back
("a year ago" after a quarter is that quarter a year before, TimeBank style); each gets its sentence.

Resolution: relative expressions resolve against ``published_date`` if given, else ``page_date``; with neither
the unknown parts stay ``X`` (``2 November`` -> ``XXXX-11-02``, anchor ``unanchored``). Undated month, day and
weekday mentions take the nearest occurrence, past preferred (news reports what happened) unless the sentence
before the mention has a future cue ("will", "scheduled", "slated for" ...).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

from orchestration.text.regex_start import with_start_check
from orchestration.text.timex_calendar import (
    MONTHS,
    NUMBER_RE,
    ORDINALS,
    WEEKDAYS,
    parse_number,
    quarter_of,
    safe_date,
    shift_months,
    shift_years,
    value_range,
    week_value,
)

__all__ = ["Timex", "extract_timexes"]


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    timex_type: str  # DATE | TIME | DURATION | SET
    value: str
    date_start: date | None
    date_end: date | None
    granularity: str | None
    anchor: str  # absolute | published_date | page_date | unanchored | none
    sentence_start: int
    sentence_end: int


# --- internal types --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Seen:
    """What earlier expressions in the document established (for "that year", "a year ago", "the quarter")."""

    last_year: int | None = None
    last_quarter: tuple[int, int] | None = None
    last_granularity: str | None = None


@dataclass(frozen=True)
class _Env:
    text: str
    ref: date | None
    future: bool  # the sentence before the mention looks ahead
    seen: _Seen


@dataclass(frozen=True)
class _Val:
    timex_type: str
    value: str
    relative: bool = True  # False: fully specified in the text (or needs no anchor: durations, sets, refs)


_Handler = Callable[[re.Match[str], _Env], _Val | None]


def _has_needed_words(folded: str, needs: tuple[tuple[str, ...], ...]) -> bool:
    return all(any(word in folded for word in group) for group in needs)


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: _Handler
    # Words no match can do without (lower case; one word of every group): a page lacking them skips the regex,
    # which tries its alternatives at every word of the page (most of the extraction time). Sound only while
    # each group lists every way the pattern can be satisfied: tests/unit/test_timex.py checks them.
    needs: tuple[tuple[str, ...], ...] = ()
    prefilter: bool = True  # False: no word gate, no start check (the reference the tests compare against)

    @cached_property
    def scanner(self) -> re.Pattern[str]:
        """The pattern, behind a check of the characters a match can start with when prefiltering."""
        return with_start_check(self.pattern) if self.prefilter else self.pattern

    def may_match(self, folded_text: str) -> bool:
        return not self.prefilter or _has_needed_words(folded_text, self.needs)


# --- regex building blocks -------------------------------------------------------------------------------------

_MON_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MON = rf"(?:{_MON_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_ANY = rf"(?:{_WD}|(?:Mon|Tues|Tue|Wed|Thurs|Thu|Fri|Sat|Sun)\.?)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%]|[:.,]\d)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)(?![\d%]|[,.]\d|-\d|'?s\b|\w)"
_UNIT = r"(?:seconds|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|century|centuries)"
_PART = r"(?:morning|afternoon|evening|night)"
_REL_YEAR = r"(?:this|last|next|the|that|the\s+same|the\s+previous|the\s+following|the\s+current)\s+year"
_I = re.IGNORECASE
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_UNIT_STEMS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year", "decade", "centur")
# re.IGNORECASE also matches these to ASCII letters, str.lower() does not map them there.
_IGNORECASE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def _fold_case(text: str) -> str:
    """Lower case as re.IGNORECASE sees ASCII letters: what the rules' needed words are looked up in."""
    return text.translate(_IGNORECASE_FOLDS).lower()


def _c(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags | re.VERBOSE)


# --- small helpers ---------------------------------------------------------------------------------------------

_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|going\s+to|plans?\s+to|planned|scheduled|slated|set\s+to|due\s+to|expected\s+to"
    r"|expects?\s+to|to\s+be\s+held|upcoming)\b|'ll\b",
    _I,
)
_AMOUNT_AFTER = re.compile(
    r"\s*(?:million|billion|trillion|thousand|hundred|percent|per\s+cent|points?|people|shares|troops|soldiers"
    r"|employees|workers|jobs|units|cars|vehicles|homes|tons|tonnes|barrels|acres|miles|km|kilometers|feet|meters"
    r"|metres|dollars|yen|euros|won|yuan|votes|members|students|copies|hours\s+GMT|GMT|UTC|hrs|GMT\b)\b",
    _I,
)
_NUMBER_BEFORE = re.compile(r"(?:\bNo\.?|\bnumber|\bNos?\.|#|\bpage|\bp\.|\broom|\bflight|\broute)\s*$", _I)
# A count before "a week"/"a year" makes it a rate: "$5 million a year", "four flights a week".
_RATE_BEFORE = re.compile(
    r"(?:\d|million|billion|percent|%|cents?|dollars?|times|once|twice|two|three|four|five|six|seven|eight|nine"
    r"|ten|dozen|hundred|thousand)(?:\s+[a-z]+){0,2}\s*$",
    _I,
)

_MOD_WORDS = (
    r"early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+turn\s+of"
    r"|the\s+rest\s+of|the\s+remainder\s+of|the\s+close\s+of"
)


def _rel_year_offset(phrase: str | None) -> int | None:
    if not phrase:
        return None
    p = phrase.lower()
    if p.startswith("last") or "previous" in p:
        return -1
    if p.startswith("next") or "following" in p:
        return 1
    return 0


def _nearest(index_now: int, index_target_mod: int, period: int, future: bool, bias: float = 2.0) -> int:
    """Offset (in periods) to the nearest occurrence of a cyclic target; past preferred unless future.

    A future occurrence costs ``bias`` times its distance when no future cue is present (the past, with one):
    October said in January is last October; December 15 said on October 27 is this December.
    """
    back = (index_now - index_target_mod) % period
    ahead = (index_target_mod - index_now) % period
    if back == 0:
        return 0
    if future:
        return ahead if ahead <= back * bias else -back
    return -back if back <= ahead * bias else ahead


def _month_num(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _year_of(y: str) -> int:
    if y.startswith("'") or y.startswith("’") or len(y) == 2:
        n = int(y.lstrip("'’"))
        return 1900 + n if n > 30 else 2000 + n
    return int(y)


def _month_value(mon: int, env: _Env, rel: str | None = None) -> _Val:
    """A month named without a year: last/next/this or the nearest occurrence."""
    if env.ref is None:
        return _Val("DATE", f"XXXX-{mon:02d}")
    r = (rel or "").lower()
    now = env.ref.year * 12 + env.ref.month - 1
    target_mod = mon - 1
    if r.startswith("last") or r == "this past":
        back = (env.ref.month - mon) % 12 or 12
        delta = -back
    elif r.startswith("next") or r == "this coming":
        delta = (mon - env.ref.month) % 12 or 12
    elif r == "this":
        delta = mon - env.ref.month
    else:
        delta = _nearest(now % 12, target_mod, 12, env.future)
    y, m = shift_months(env.ref.year, env.ref.month, delta)
    return _Val("DATE", f"{y:04d}-{m:02d}")


def _day_value(mon: int, day: int, env: _Env) -> _Val | None:
    """A month and day without a year: the nearest such date, past preferred."""
    if safe_date(2000, mon, day) is None:  # 2000 is a leap year, so 29 February passes
        return None
    if env.ref is None:
        return _Val("DATE", f"XXXX-{mon:02d}-{day:02d}")
    best: tuple[float, date] | None = None
    for y in (env.ref.year - 1, env.ref.year, env.ref.year + 1):
        d = safe_date(y, mon, day)
        if d is None:
            continue
        diff = (d - env.ref).days
        cost = abs(diff) * (2.0 if (diff > 0) != env.future and diff != 0 else 1.0)
        if best is None or cost < best[0]:
            best = (cost, d)
    return _Val("DATE", best[1].isoformat()) if best else None


def _weekday_date(wd: int, env: _Env, rel: str | None) -> date | None:
    if env.ref is None:
        return None
    r = (rel or "").lower()
    back = (env.ref.weekday() - wd) % 7
    ahead = (wd - env.ref.weekday()) % 7
    if r in ("last", "this past", "past"):
        return env.ref - timedelta(days=back or 7)
    if r in ("next", "this coming", "coming"):
        return env.ref + timedelta(days=ahead or 7)
    if env.future:
        return env.ref + timedelta(days=ahead)
    return env.ref - timedelta(days=back)


def _quarter_value(q: int, env: _Env, year: int | None, fiscal: bool = False) -> _Val:
    if year is not None:
        return _Val("DATE", f"{year:04d}-Q{q}", relative=False)
    if env.ref is None:
        return _Val("DATE", f"XXXX-Q{q}")
    # A quarter named without a year is the page year's (TimeBank), unless it is more than one quarter
    # ahead with nothing pointing forward: "the fourth quarter" said in January is last year's.
    year = env.ref.year
    if q > quarter_of(env.ref) + 1 and not env.future and not fiscal:
        year -= 1
    return _Val("DATE", f"{year:04d}-Q{q}")


def _relative_year(phrase: str | None, env: _Env) -> int | None:
    off = _rel_year_offset(phrase)
    if off is None:
        return None
    p = (phrase or "").lower()
    if p.startswith(("that", "the same")):
        return env.seen.last_year
    if env.ref is None:
        return None
    return env.ref.year + off


def _shift_unit(ref: date, unit: str, n: int) -> str | None:
    """The TIMEX3 value of the unit containing ``ref`` shifted by n units."""
    u = unit.lower().rstrip("s")
    if u == "day":
        return (ref + timedelta(days=n)).isoformat()
    if u in ("week", "weekend"):
        wv = week_value(ref + timedelta(weeks=n))
        return wv + "-WE" if u == "weekend" else wv
    if u == "month":
        y, m = shift_months(ref.year, ref.month, n)
        return f"{y:04d}-{m:02d}"
    if u == "quarter":
        idx = ref.year * 4 + quarter_of(ref) - 1 + n
        return f"{idx // 4:04d}-Q{idx % 4 + 1}"
    if u == "year":
        return f"{ref.year + n:04d}"
    if u == "decade":
        return f"{ref.year // 10 + n:03d}"
    if u in ("century", "centurie"):
        return f"{ref.year // 100 + n:02d}"
    return None


_UNIT_CODE = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "M", "second": "S"}


def _duration_value(n: float | None, unit: str) -> str:
    u = unit.lower()
    u = "century" if u.startswith("centur") else u.rstrip("s")
    if u == "decade":
        return "PXDE" if n is None else _fmt_duration(n * 10, "year")
    if u == "century":
        return "PXC" if n is None else f"P{_num(n)}C"
    if u == "quarter":
        return "PXQ" if n is None else _fmt_duration(n * 3, "month")
    code = _UNIT_CODE.get(u, "X")
    if n is None:
        return f"PTX{code}" if u in ("hour", "minute", "second") else f"PX{code}"
    return _fmt_duration(n, u)


def _num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _fmt_duration(n: float, unit: str) -> str:
    whole, half = int(n), n - int(n) == 0.5
    if unit == "year":
        return f"P{whole}Y6M" if half else f"P{_num(n)}Y"
    if unit == "day":
        return f"P{whole}DT12H" if half else f"P{_num(n)}D"
    if unit == "hour":
        return f"PT{whole}H30M" if half else f"PT{_num(n)}H"
    if unit == "minute":
        return f"PT{whole}M30S" if half else f"PT{_num(n)}M"
    if unit == "second":
        return f"PT{_num(n)}S"
    return f"P{_num(n)}{_UNIT_CODE.get(unit, 'X')}"


# --- handlers --------------------------------------------------------------------------------------------------


def _h_full_date(m: re.Match[str], env: _Env) -> _Val | None:
    mon = _month_num(m["mon"])
    day_s = m["d"]
    day = int(re.sub(r"\D", "", day_s)) if day_s[0].isdigit() else ORDINALS.get(day_s.lower(), 0)
    if m["y"]:
        d = safe_date(_year_of(m["y"]), mon, day)
        return _Val("DATE", d.isoformat(), relative=False) if d else None
    if m["ry"]:
        y = _relative_year(m["ry"], env)
        if y is None:
            return _Val("DATE", f"XXXX-{mon:02d}-{day:02d}") if safe_date(2000, mon, day) else None
        d = safe_date(y, mon, day)
        return _Val("DATE", d.isoformat()) if d else None
    return _day_value(mon, day, env)


def _h_numeric_date(m: re.Match[str], env: _Env) -> _Val | None:
    a, b, y = int(m["a"]), int(m["b"]), _year_of(m["y"])
    # ISO is year-month-day; slashes are US order unless the first number cannot be a month
    d = safe_date(y, a, b) if m["iso"] or a <= 12 else safe_date(y, b, a)
    return _Val("DATE", d.isoformat(), relative=False) if d else None


def _h_month_year(m: re.Match[str], env: _Env) -> _Val | None:
    mon = _month_num(m["mon"])
    return _Val("DATE", f"{_year_of(m['y']):04d}-{mon:02d}", relative=False)


_PREP_BEFORE_MAY = re.compile(
    r"\b(?:in|of|since|until|till|by|through|from|before|after|during|early|late|mid|last|next|this|or|and|to"
    r"|between|on|for)[\s-]+$",
    _I,
)


def _h_month(m: re.Match[str], env: _Env) -> _Val | None:
    mon_s = m["mon"]
    rel = m["rel"]
    # "May" is also a verb: take it alone only after a preposition or as part of a disjunction.
    if (
        mon_s.lower() == "may"
        and not rel
        and not m["ry"]
        and not _PREP_BEFORE_MAY.search(env.text[max(0, m.start() - 12) : m.start()])
    ):
        return None
    mon = _month_num(mon_s)
    if m["ry"]:
        y = _relative_year(m["ry"], env)
        return _Val("DATE", f"XXXX-{mon:02d}" if y is None else f"{y:04d}-{mon:02d}")
    r = (rel or "").lower().replace("-", " ").strip()
    r = r if r in ("last", "next", "this", "this past", "this coming") else None
    return _month_value(mon, env, r)


def _h_year(m: re.Match[str], env: _Env) -> _Val | None:
    if m["mod"] is None:
        before = env.text[max(0, m.start() - 10) : m.start()]
        if _NUMBER_BEFORE.search(before) or _AMOUNT_AFTER.match(env.text, m.end()):
            return None
    y = int(m["y"])
    season = _season_code(m["season"]) if m["season"] else None
    return _Val("DATE", f"{y:04d}-{season}" if season else f"{y:04d}", relative=False)


_SPOKEN_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_SPOKEN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                "ninety": 90}  # fmt: skip


def _spoken_0_99(words: str) -> int | None:
    parts = [p for p in re.split(r"[\s-]+", words.lower()) if p and p != "and"]
    if not parts:
        return 0
    if len(parts) == 1 and parts[0] in _SPOKEN_UNITS:
        return _SPOKEN_UNITS[parts[0]]
    if parts[0] in _SPOKEN_TENS:
        tail = _SPOKEN_UNITS.get(parts[1], 99) if len(parts) == 2 else 0
        return _SPOKEN_TENS[parts[0]] + tail if tail < 10 else None
    return None


def _h_spoken_year(m: re.Match[str], env: _Env) -> _Val | None:
    if m["thousand"] is not None:
        rest = _spoken_0_99(m["rest2"] or "")
        return _Val("DATE", f"{2000 + rest:04d}", relative=False) if rest is not None else None
    century = _SPOKEN_UNITS.get(m["cent"].lower())
    rest = _spoken_0_99(m["rest"])
    if century is None or rest is None or rest < 10:
        return None
    return _Val("DATE", f"{century * 100 + rest:04d}", relative=False)


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}  # fmt: skip


def _h_decade(m: re.Match[str], env: _Env) -> _Val | None:
    if m["dec"]:
        return _Val("DATE", m["dec"][:3], relative=False)
    if m["d2"]:
        return _Val("DATE", f"19{m['d2'][0]}")
    return _Val("DATE", f"19{_DECADE_WORDS[m['dw'].lower()]}")


_CENTURY_ORD = {"first": 1, "second": 2, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21}  # fmt: skip


def _h_century(m: re.Match[str], env: _Env) -> _Val | None:
    c = m["c"].lower()
    n = int(re.sub(r"\D", "", c)) if c[0].isdigit() else _CENTURY_ORD.get(c)
    if not n or n > 22:
        return None
    return _Val("DATE", f"{n - 1:02d}", relative=False)


def _h_quarter_code(m: re.Match[str], env: _Env) -> _Val | None:
    q = int(m["q"] or m["q2"] or m["q3"])
    y = m["y"] or m["y0"]
    return _quarter_value(q, env, _year_of(y) if y else None)


def _h_quarter_words(m: re.Match[str], env: _Env) -> _Val | None:
    q = ORDINALS.get(m["ord"].lower())
    if q is None or q > 4:
        return None
    if m["y"] or m["y2"]:
        return _quarter_value(q, env, int(m["y"] or m["y2"]))
    rel = m["rely"] or m["rely2"]
    if rel:
        y = _relative_year(rel.replace("'s", "").replace("’s", ""), env)
        return _Val("DATE", f"XXXX-Q{q}") if y is None else _Val("DATE", f"{y:04d}-Q{q}")
    return _quarter_value(q, env, None, fiscal="fiscal" in m[0].lower())


def _h_year_period(m: re.Match[str], env: _Env) -> _Val | None:
    """ "The 1988 period" is a quarter when the text is about quarters, else the year."""
    y = int(m["y"])
    if m["ord"]:
        return _Val("DATE", f"{y:04d}-Q{ORDINALS[m['ord'].lower()]}", relative=False)
    if m["noun"].lower() in ("period", "quarter") and env.seen.last_quarter is not None:
        return _Val("DATE", f"{y:04d}-Q{env.seen.last_quarter[1]}")
    return _Val("DATE", f"{y:04d}", relative=False)


def _h_half(m: re.Match[str], env: _Env) -> _Val | None:
    h = 1 if m["ord"].lower() in ("first", "1st") else 2  # second, 2nd, last, latter
    if m["y"] or m["y2"]:
        return _Val("DATE", f"{int(m['y'] or m['y2']):04d}-H{h}", relative=False)
    y = _relative_year(m["rely"], env) if m["rely"] else None
    if y is None and env.ref is not None and not m["rely"]:
        idx_now = env.ref.year * 2 + (env.ref.month - 1) // 6
        idx = idx_now + _nearest(idx_now % 2, h - 1, 2, env.future)
        return _Val("DATE", f"{idx // 2:04d}-H{idx % 2 + 1}")
    return _Val("DATE", f"XXXX-H{h}" if y is None else f"{y:04d}-H{h}")


_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season_code(word: str) -> str | None:
    return _SEASONS.get(word.lower())


def _season_value(code: str, det: str, env: _Env) -> _Val:
    if env.ref is None:
        return _Val("DATE", f"XXXX-{code}")
    y = env.ref.year
    started = env.ref.month >= _SEASON_START[code]
    if det in ("last", "this past", "the past", "the last", "the previous"):
        y = y if started and env.ref.month >= _SEASON_START[code] + 3 else y - 1
    elif det in ("next", "this coming", "the coming", "the next"):
        y = y + 1 if started else y
    return _Val("DATE", f"{y:04d}-{code}")


def _h_relative_unit(m: re.Match[str], env: _Env) -> _Val | None:
    if m["unit"][0].isupper() and not m[0].isupper():
        return None  # "This Week" (a programme), "The Year of ..." (a title)
    det = re.sub(r"\s+", " ", m["det"].lower())
    unit = re.sub(r"\s+", " ", m["unit"].lower())
    if unit in _SEASONS:
        if re.match(r"\s+of\b", env.text[m.end() : m.end() + 4]):
            return None  # "the fall of the Berlin Wall" ("the fall of 1994" is the year rule's)
        return _season_value(_SEASONS[unit], det, env)
    if unit == "fiscal year":
        unit = "year"
    if det in ("that", "the same"):
        if unit == "year" and env.seen.last_year is not None:
            return _Val("DATE", f"{env.seen.last_year:04d}")
        return None
    if unit == "period":
        # "the latest period", "the year-ago period" only mean something next to a quarter
        if env.seen.last_quarter is None or det not in (
            "the latest",
            "the most recent",
            "the current",
            "the",
        ):
            return None
        y, q = env.seen.last_quarter
        return _Val("DATE", f"{y:04d}-Q{q}")
    if unit == "quarter" and det in ("the", "the latest", "the most recent") and env.seen.last_quarter:
        y, q = env.seen.last_quarter
        return _Val("DATE", f"{y:04d}-Q{q}")
    offsets = {
        "this": 0, "the current": 0, "the": 0, "this past": -1, "last": -1, "the past": -1, "the last": -1,
        "the previous": -1, "the prior": -1, "next": 1, "the coming": 1, "this coming": 1, "the next": 1,
        "the following": 1, "the latest": -1, "the most recent": -1, "the full": 0, "the entire": 0,
    }  # fmt: skip
    if det not in offsets:
        return None
    n = offsets[det]
    if unit == "quarter" and det == "the":
        n = -1  # news reports results of the quarter just ended
    if unit == "weekend" and det == "the":
        n = 0 if env.future or (env.ref is not None and env.ref.weekday() >= 5) else -1
    if det == "the following" and unit == "year" and env.seen.last_year is not None:
        return _Val("DATE", f"{env.seen.last_year + 1:04d}")
    if env.ref is None:
        xs = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "quarter": "XXXX-QX",
              "year": "XXXX", "decade": "XXX", "century": "XX"}  # fmt: skip
        return _Val("DATE", xs.get(unit, "XXXX"))
    value = _shift_unit(env.ref, unit, n)
    return _Val("DATE", value) if value else None


def _h_ago(m: re.Match[str], env: _Env) -> _Val | None:
    direction = m["dir"].lower()
    back = direction in ("ago", "earlier", "back", "previously", "before")
    if m["n"] is None and not m["unit"].lower().endswith("s"):
        return None  # "year earlier" without a count is not a date
    n = parse_number(m["n"]) if m["n"] else None  # "years ago": some time ago
    unit = m["unit"].lower().rstrip("s")
    if unit.startswith("centur"):
        unit = "century"
    if n is None or n != int(n):
        return _Val("DATE", "PAST_REF" if back else "FUTURE_REF")
    if env.ref is None:
        return _Val("DATE", "PAST_REF" if back else "FUTURE_REF")
    k = int(n) * (-1 if back else 1)
    if unit == "year" and abs(k) == 1 and env.seen.last_granularity == "quarter" and env.seen.last_quarter:
        y, q = env.seen.last_quarter  # "a year ago" after a quarter: that quarter a year before
        return _Val("DATE", f"{y + k:04d}-Q{q}")
    if unit in ("hour", "minute", "second"):
        return _Val("DATE", env.ref.isoformat())
    if unit == "day":
        return _Val("DATE", (env.ref + timedelta(days=k)).isoformat())
    if unit == "week":
        return _Val("DATE", week_value(env.ref + timedelta(weeks=k)))
    if unit == "decade":
        return _Val("DATE", f"{(env.ref.year + 10 * k) // 10:03d}")
    if unit == "century":
        return _Val("DATE", f"{(env.ref.year + 100 * k) // 100:02d}")
    if unit == "year":
        return _Val("DATE", f"{shift_years(env.ref, k).year:04d}")
    value = _shift_unit(env.ref, unit, k)
    return _Val("DATE", value) if value else None


def _h_year_ago_adj(m: re.Match[str], env: _Env) -> _Val | None:
    if env.ref is None:
        return _Val("DATE", "XXXX")
    if m["ord"]:
        base = env.seen.last_quarter[0] if env.seen.last_quarter else env.ref.year
        return _Val("DATE", f"{base - 1:04d}-Q{ORDINALS[m['ord'].lower()]}")
    if env.seen.last_quarter is not None and (
        env.seen.last_granularity == "quarter" or (m["noun"] or "").lower() in ("quarter", "period")
    ):
        y, q = env.seen.last_quarter
        return _Val("DATE", f"{y - 1:04d}-Q{q}")
    return _Val("DATE", f"{env.ref.year - 1:04d}")


_PART_CODE = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}


def _h_day_word(m: re.Match[str], env: _Env) -> _Val | None:
    w = m["w"].lower()
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[w]
    if m["two"]:
        offset *= 2
    part = _PART_CODE.get((m["part"] or ("tonight" if w == "tonight" else "")).lower())
    ttype = "TIME" if part else "DATE"
    if env.ref is None:
        return _Val(ttype, f"XXXX-XX-XXT{part}" if part else "XXXX-XX-XX")
    d = (env.ref + timedelta(days=offset)).isoformat()
    return _Val(ttype, f"{d}T{part}" if part else d)


def _h_part_of_day(m: re.Match[str], env: _Env) -> _Val | None:
    det = (m["det"] or "this").lower()
    part = _PART_CODE[m["part"].lower()]
    offset = -1 if det == "last" else 0
    if det == "last" and part != "NI":
        return None  # "last evening" is rare; "last morning" is not a time
    if env.ref is None:
        return _Val("TIME", f"XXXX-XX-XXT{part}")
    return _Val("TIME", f"{(env.ref + timedelta(days=offset)).isoformat()}T{part}")


_PAREN_DATE_AFTER = re.compile(rf"\s*\(\s*(?P<mon>{_MON})\s+(?P<d>{_DAY})\s*\)")
_PAREN_DATE_BEFORE = re.compile(rf"(?P<mon>{_MON})\s+(?P<d>{_DAY})\s*\(\s*$")


def _h_weekday(m: re.Match[str], env: _Env) -> _Val | None:
    wd = WEEKDAYS[m["wd"].lower()]
    part = _PART_CODE.get((m["part"] or "").lower())
    if m["pl"]:  # "Mondays", "Tuesday nights": a set
        return _Val("SET", f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else ""))
    # "Friday (Dec. 5)", "Nov. 28 (Friday)": the weekday names the date beside it
    beside = _PAREN_DATE_AFTER.match(env.text, m.end()) or _PAREN_DATE_BEFORE.search(
        env.text, max(0, m.start() - 20), m.start()
    )
    if beside and not part:
        v = _day_value(_month_num(beside["mon"]), int(re.sub(r"\D", "", beside["d"])), env)
        if v is not None:
            return v
    rel = (m["rel"] or "").lower()
    rel = rel if rel in ("last", "next", "this past", "this coming", "coming", "past") else None
    d = _weekday_date(wd, env, rel)
    if d is None:
        return _Val("TIME" if part else "DATE", f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else ""))
    return _Val("TIME" if part else "DATE", d.isoformat() + (f"T{part}" if part else ""))


def _h_clock(m: re.Match[str], env: _Env) -> _Val | None:
    if m["word"]:
        hh, mm = (12, 0) if m["word"].lower() == "noon" else (24, 0)
    elif m["h24"]:  # a 24-hour clock ("at 14:30")
        hh, mm = int(m["h24"]), int(m["m24"])
    else:
        hh, mm = int(m["h"]), int(m["min"] or 0)
        ap = (m["ap"] or "").lower().replace(".", "")
        if hh > 24 or mm > 59 or (ap and not 1 <= hh <= 12):
            return None
        if ap == "pm" and hh != 12:
            hh += 12
        elif ap == "am" and hh == 12:
            hh = 0
    clock = f"T{hh:02d}:{mm:02d}" if mm or not m["word"] else f"T{hh:02d}"
    if m["word"] and m["word"].lower() == "noon":
        clock = "T12:00"
    day: str | None
    if m["wd"]:
        dd = _weekday_date(WEEKDAYS[m["wd"].lower()], env, None)
        day = dd.isoformat() if dd else f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}"
    elif m["mon"]:
        v = _day_value(_month_num(m["mon"]), int(re.sub(r"\D", "", m["d"])), env)
        day = v.value if v else None
    elif m["dw"]:
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m["dw"].lower()]
        day = (env.ref + timedelta(days=off)).isoformat() if env.ref else "XXXX-XX-XX"
    else:
        day = env.ref.isoformat() if env.ref else "XXXX-XX-XX"
    return _Val("TIME", f"{day}{clock}") if day else None


def _h_refs(m: re.Match[str], env: _Env) -> _Val | None:
    w = re.sub(r"\s+", " ", m[0].lower())
    if w in ("now", "currently", "nowadays", "these days", "at present", "presently"):
        return _Val("DATE", "PRESENT_REF", relative=False)
    if "coming" in w or "future" in w or "term" in w or w.startswith("the years ahead"):
        return _Val("DATE", "FUTURE_REF", relative=False)
    return _Val("DATE", "PAST_REF", relative=False)


def _h_duration(m: re.Match[str], env: _Env) -> _Val | None:
    unit = m["unit"]
    if m["half"] and not m["n"]:  # "half a year", "half an hour"
        return _Val("DURATION", _duration_value(0.5, unit), relative=False)
    n_s = m["n"]
    if m["n2"]:  # "12 to 18 months", "two or three years": a range
        return _Val("DURATION", _duration_value(None, unit), relative=False)
    n = parse_number(n_s)
    plural = unit.lower().endswith("s") or unit.lower() == "centuries"
    if n is not None and n == 1 and plural and n_s.lower() in ("a", "an"):
        return None
    if n is not None and m["andhalf"]:
        n += 0.5
    rest = env.text[m.end() : m.end() + 8]
    unit_l = unit.lower()
    if unit_l.startswith("year") and (re.match(r"\s+old\b", rest) or (m["adj"] or "").lower() == "-old"):
        return None  # an age ("52 years old"), not a period of time
    if unit_l.startswith("quarter") and (re.match(r"\s+of\b", rest) or re.search(r"\w-quarters", m[0], _I)):
        return None  # a fraction ("a quarter of the market", "three-quarters")
    # "$5 million a year", "four flights a week": a rate, not annotated as a timex in TimeBank
    if (
        n_s.lower() in ("a", "an", "one", "per", "1")
        and not m["mod"]
        and not m["adj"]
        and _RATE_BEFORE.search(env.text[max(0, m.start() - 20) : m.start()])
    ):
        return None
    return _Val("DURATION", _duration_value(n, unit), relative=False)


def _h_set(m: re.Match[str], env: _Env) -> _Val | None:
    if m["adv"]:
        a = m["adv"].lower()
        unit = {"annually": "year", "yearly": "year", "hourly": "hour", "nightly": "day", "weekly": "week",
                "monthly": "month", "daily": "day", "quarterly": "quarter"}.get(a.split()[-1])  # fmt: skip
        if unit is None:
            unit = a.split()[-1]
        return _Val("SET", _duration_value(1, unit), relative=False)
    what = m["what"].lower()
    if what.rstrip("s") in WEEKDAYS:
        return _Val("SET", f"XXXX-WXX-{WEEKDAYS[what.rstrip('s')] + 1}", relative=False)
    if what in MONTHS:
        return _Val("SET", f"XXXX-{MONTHS[what]:02d}", relative=False)
    if what in _SEASONS:
        return _Val("SET", f"XXXX-{_SEASONS[what]}", relative=False)
    if what in _PART_CODE:
        return _Val("SET", f"XXXX-XX-XXT{_PART_CODE[what]}", relative=False)
    n = parse_number(m["n"]) if m["n"] else 1.0
    return _Val("SET", _duration_value(n, what), relative=False)


# --- rules (earlier wins ties of equal length) -----------------------------------------------------------------

_RULES: tuple[_Rule, ...] = (
    _Rule(
        "full_date_mdy",
        _c(
            rf"""\b(?:(?P<wd>{_WD_ANY}),?\s+)?(?P<mon>{_MON})\s+(?P<d>{_DAY})\b
            (?:(?:,\s*|\s+)(?P<y>{_YEAR}|'\d\d\b)|,?\s+(?P<ry>(?i:{_REL_YEAR})))?"""
        ),
        _h_full_date,
        needs=(_MONTH_STEMS,),
    ),
    _Rule(
        "full_date_dmy",
        _c(
            rf"""(?<![\d.,/])(?:(?P<wd>{_WD_ANY}),?\s+)?(?:(?i:the)\s+)?(?P<d>{_DAY})(?:\s+(?i:of))?\s+
            (?P<mon>{_MON})(?:,?\s+(?P<y>{_YEAR})|,?\s+(?P<ry>(?i:{_REL_YEAR})))?(?!\w)"""
        ),
        _h_full_date,
        needs=(_MONTH_STEMS,),
    ),
    _Rule(
        "numeric_date",
        _c(
            r"""(?<![\d/.-])(?:(?P<y>(?:1[6-9]|20)\d\d)(?P<sep>[-./])(?P<a>0?[1-9]|1[0-2])(?P=sep)(?P<b>[0-3]?\d)(?P<iso>)
            |(?P<a2>\d{1,2})/(?P<b2>\d{1,2})/(?P<y2>(?:1[6-9]|20)\d\d))(?![\d/-]|\.\d)"""
        ),
        lambda m, env: _h_numeric_date(_NumMatch(m), env),
    ),
    _Rule(
        "month_year",
        _c(
            rf"""(?:(?P<mod>(?i:{_MOD_WORDS}))[\s-]+(?:(?i:of)\s+)?)?(?<![\w])(?P<mon>{_MON}),?\s+(?:(?i:of)\s+)?
            (?P<y>{_YEAR})"""
        ),
        _h_month_year,
        needs=(_MONTH_STEMS,),
    ),
    _Rule(
        "month",
        _c(
            rf"""(?:(?P<rel>(?i:last|next|this\s+past|this\s+coming|this|{_MOD_WORDS}|earlier|later))[\s-]+
            (?:(?i:of|in)\s+)?)?(?<![\w])(?P<mon>{_MON_FULL})\b(?!\s+\d)(?:,?\s+(?P<ry>(?i:{_REL_YEAR})))?
            (?:\s+(?i:or)\s+{_MON_FULL}\b)?"""
        ),
        _h_month,
        needs=(
            (
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ),
        ),
    ),
    _Rule(
        "year",
        _c(
            rf"""(?:(?P<mod>(?i:{_MOD_WORDS}|fiscal\s+year|fiscal|calendar\s+year|calendar|the\s+year|FY
            |(?:the\s+)?(?P<season>summer|winter|spring|fall|autumn)(?:\s+of)?))[\s-]*(?:(?i:of)\s+)?
            |(?<![\w$#£€¥.,/:+-]))(?P<y>{_YEAR})"""
        ),
        _h_year,
    ),
    _Rule(
        "spoken_year",
        _c(
            r"""\b(?:the\s+year\s+)?(?:(?P<cent>nineteen|eighteen)[\s-]+(?P<rest>(?:twenty|thirty|forty|fifty|sixty
            |seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve
            |thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)
            |(?P<thousand>two\s+thousand)(?:\s+(?:and\s+)?(?P<rest2>(?:twenty(?:[\s-]+(?:one|two|three|four|five
            |six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen
            |fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)))?)\b
            (?!\s+(?:years|people|dollars|miles|times|of|hundred|thousand|million|billion))""",
            _I,
        ),
        _h_spoken_year,
        needs=(("nineteen", "eighteen", "thousand"),),
    ),
    _Rule(
        "decade",
        _c(
            r"""(?:\b(?i:the)\s+)?(?:(?i:early|late|mid)[\s-]+)?(?:(?<![\w$])(?P<dec>(?:1[6-9]|20)\d0)'?s\b
            |['’](?P<d2>[2-9]0)'?s\b|\b(?P<dw>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties
            |nineties))\b)"""
        ),
        _h_decade,
        needs=(("0s", "0's", "ties"),),
    ),
    _Rule(
        "century",
        _c(
            r"""\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<c>\d{1,2}(?:st|nd|rd|th)|first|second|tenth|eleventh
            |twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth
            |twenty[\s-]first)[\s-]+century\b""",
            _I,
        ),
        _h_century,
        needs=(("century",),),
    ),
    _Rule(
        "quarter_code",
        _c(
            rf"""(?<![\w-])(?:(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s*(?:of\s+)?(?:FY\s?)?(?P<y>{_YEAR}|'\d\d\b))?
            |(?P<y0>(?:1[6-9]|20)\d\d)\s*-?\s*Q(?P<q3>[1-4]))(?![\w-])"""
        ),
        _h_quarter_code,
        needs=(("q1", "q2", "q3", "q4", "1q", "2q", "3q", "4q"),),
    ),
    _Rule(
        "quarter_words",
        _c(
            rf"""\b(?:(?:the|this|a)\s+)?(?:(?:(?P<y>{_YEAR})|(?P<rely>this\s+year['’]s|last\s+year['’]s
            |next\s+year['’]s|the\s+year['’]s)|fiscal|latest|current|same)\s+){{0,3}}(?P<ord>first|second|third|fourth
            |1st|2nd|3rd|4th|final)[\s-]+(?:fiscal[\s-]+)?quarter\b(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?
            (?:(?:the\s+)?(?P<y2>{_YEAR})|(?P<rely2>this\s+year|last\s+year|next\s+year|the\s+year)))?""",
            _I,
        ),
        _h_quarter_words,
        needs=(("quarter",),),
    ),
    _Rule(
        "year_period",
        _c(
            rf"""\bthe\s+(?P<y>{_YEAR})\s+(?:(?P<ord>first|second|third|fourth)[\s-]+)?(?P<noun>period|quarter
            |nine\s+months|six\s+months)\b""",
            _I,
        ),
        _h_year_period,
        needs=(("period", "quarter", "months"),),
    ),
    _Rule(
        "half",
        _c(
            rf"""\b(?:the\s+)?(?:(?P<y>{_YEAR})\s+)?(?P<ord>first|second|1st|2nd|last|latter)[\s-]+half\b(?:\s+of\s+
            (?:(?:fiscal|calendar)\s+)?(?:(?P<y2>{_YEAR})|(?P<rely>this\s+year|last\s+year|next\s+year
            |the\s+year)))?""",
            _I,
        ),
        _h_half,
        needs=(("half",),),
    ),
    _Rule(
        "relative_unit",
        _c(
            rf"""\b(?:(?:{_MOD_WORDS}|earlier|later)\s+)?(?P<det>this\s+past|this\s+coming|this|last|next
            |the\s+past|the\s+last|the\s+previous|the\s+prior|the\s+coming|the\s+current|the\s+following
            |the\s+same|the\s+latest|the\s+most\s+recent|the\s+next|the\s+full|the\s+entire|that|the)\s+
            (?P<unit>fiscal\s+year|week|weekend|month|quarter|year|decade|century|period|summer|winter|spring|fall
            |autumn)\b(?!-)""",
            _I,
        ),
        _h_relative_unit,
        needs=(
            (
                "week",
                "month",
                "quarter",
                "year",
                "decade",
                "century",
                "period",
                "summer",
                "winter",
                "spring",
                "fall",
                "autumn",
            ),
        ),
    ),
    _Rule(
        "ago",
        _c(
            rf"""\b(?:(?:about|almost|nearly|roughly|approximately|around|some|more\s+than|less\s+than|over|just
            |only|barely|at\s+least)\s+)?(?:(?P<n>{NUMBER_RE})[\s-]+)?(?P<unit>{_UNIT})(?:\s+or\s+so)?\s+
            (?P<dir>ago|earlier|from\s+now|hence|back)\b""",
            _I,
        ),
        _h_ago,
        needs=(("ago", "earlier", "now", "hence", "back"), _UNIT_STEMS),
    ),
    _Rule(
        "year_ago_adj",
        _c(
            r"""\b(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?(?:year-earlier|year-ago|year-before
            |prior-year|previous-year)(?:\s+(?:(?P<ord>first|second|third|fourth)[\s-]+)?(?P<noun>quarter
            |period))?\b""",
            _I,
        ),
        _h_year_ago_adj,
        needs=(("year-", "-year"),),
    ),
    _Rule(
        "day_word",
        _c(
            rf"""\b(?:(?:early|late|earlier|later)\s+)?(?:the\s+day\s+(?P<two>before|after)\s+)?
            (?P<w>today|yesterday|tomorrow|tonight)\b(?:\s+(?P<part>{_PART})\b)?""",
            _I,
        ),
        _h_day_word,
        needs=(("today", "yesterday", "tomorrow", "tonight"),),
    ),
    _Rule(
        "part_of_day",
        _c(
            rf"""\b(?:(?:early|late|later|earlier)\s+)?(?:(?P<det>this|last)\s+|mid[\s-])(?P<part>{_PART})\b""",
            _I,
        ),
        _h_part_of_day,
        needs=(("morning", "afternoon", "evening", "night"), ("this", "last", "mid")),
    ),
    _Rule(
        "weekday",
        _c(
            rf"""(?:(?P<rel>(?i:last|next|this\s+past|this\s+coming|this|coming|past|early|late|earlier|later))
            \s+)?\b(?P<wd>{_WD})(?P<pl>s)?\b(?!['’]s\s+(?:{_MON}))(?:\s+(?P<part>(?i:{_PART}))s?\b)?"""
        ),
        _h_weekday,
        needs=(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),),
    ),
    _Rule(
        "clock",
        _c(
            rf"""\b(?:(?:around|about|approximately|shortly\s+(?:before|after))\s+)?
            (?:(?P<h>[01]?\d|2[0-4])(?::(?P<min>[0-5]\d))?\s*(?P<ap>[ap]\.m\.|[ap]m\b|[ap]\.m\b)
            |(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bfrom\s))(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\d:])
            |(?P<word>noon|midnight))
            (?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|KST|JST|ET|PT|local\s+time))?
            (?:,?\s+(?:on\s+)?(?:(?P<wd>{_WD})|(?P<mon>{_MON})\s+(?P<d>{_DAY})|(?P<dw>today|yesterday|tomorrow
            |tonight)))?""",
            _I,
        ),
        _h_clock,
        needs=(("am", "pm", "a.m", "p.m", ":", "noon", "midnight"),),
    ),
    _Rule(
        "refs",
        _c(
            r"""\b(?:now|currently|nowadays|these\s+days|at\s+present|presently|(?:more\s+)?recently
            |lately|recent\s+(?:years|decades|months|weeks|days|times)|the\s+past|the\s+(?:near\s+|foreseeable\s+)?future
            |the\s+(?:near|short)\s+term|(?:the\s+)?coming\s+(?:years|months|weeks|days|decades|quarters)
            |the\s+years\s+ahead)\b(?!-)""",
            _I,
        ),
        _h_refs,
        needs=(
            (
                "now",
                "current",
                "these",
                "present",
                "recent",
                "lately",
                "past",
                "future",
                "term",
                "coming",
                "ahead",
            ),
        ),
    ),
    _Rule(
        "duration",
        _c(
            rf"""\b(?P<mod>(?:(?:about|almost|nearly|roughly|approximately|around|some|more\s+than|less\s+than
            |fewer\s+than|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|just
            |another|an\s+additional|an\s+extra|the\s+first|the\s+last|the\s+past|the\s+next|the\s+previous
            |the\s+coming|the\s+following|the\s+latest|the\s+final|the\s+remaining|the\s+entire|the\s+full
            |the\s+whole|the)\s+){{1,3}})?
            (?:(?P<half>half\s+an?)\s+|(?P<n>{NUMBER_RE})(?:\s+(?:to|or|and)\s+(?P<n2>{NUMBER_RE}))?
            (?:\s+(?:more|additional|straight|consecutive|full))?[\s-]+)
            (?P<unit>{_UNIT})\b(?P<andhalf>\s+and\s+a\s+half)?(?P<adj>-(?:old|long))?(?![-'’]\w)""",
            _I,
        ),
        _h_duration,
        needs=(_UNIT_STEMS,),
    ),
    _Rule(
        "year_end",
        _c(r"""\b(?:year-end|year\s+end|year['’]s\s+end)\b""", _I),
        lambda m, env: _Val("DATE", f"{env.ref.year:04d}" if env.ref else "XXXX"),
        needs=(("year",), ("end",)),
    ),
    _Rule(
        "vague_duration",
        _c(
            r"""(?:(?<=\bfor\s)|(?<=\bwithin\s)|(?<=\bin\s)|(?<=\bafter\s))(?P<unit>years|months|weeks|days
            |decades|centuries|hours|minutes)\b(?:\s+or\s+(?:years|months|weeks|days|decades|hours))?
            (?!\s+(?:ago|of|old|earlier|later|before|after)\b)""",
            _I,
        ),
        lambda m, env: _Val("DURATION", _duration_value(None, m["unit"]), relative=False),
        needs=(("years", "months", "weeks", "days", "decades", "centuries", "hours", "minutes"),),
    ),
    _Rule(
        "set",
        _c(
            rf"""\b(?:(?:every|each|per)\s+(?:other\s+)?(?:(?P<n>{NUMBER_RE})\s+)?(?P<what>{_UNIT}|{_WD}|{_MON_FULL}
            |morning|afternoon|evening|night|summer|winter|spring|fall|autumn)
            |(?P<adv>(?:once|twice)\s+(?:a|per)\s+(?:year|month|week|day)))\b""",
            _I,
        ),
        _h_set,
        needs=(("every", "each", "per", "once", "twice"),),
    ),
)


class _NumMatch:
    """Adapts the numeric-date match so one handler reads ISO and US forms alike."""

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def __getitem__(self, key: str) -> str | None:
        m = self._m
        if m["a"] is not None:
            return {"a": m["a"], "b": m["b"], "y": m["y"], "iso": "1"}.get(key)
        return {"a": m["a2"], "b": m["b2"], "y": m["y2"], "iso": None}.get(key)


# --- sentences -------------------------------------------------------------------------------------------------

_SENT_BREAK = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n[ \t]*\n\s*")
_ABBREV_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|St|Jr|Sr|Inc|Corp|Co|Ltd|No|Nos|vs|etc|Jan|Feb"
    r"|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft|U\.S|U\.N|U\.K|a\.m|p\.m)|\b[A-Z])\.[\"'”’)\]]*$"
)


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentence spans: breaks after . ! ? before a capital (not after an abbreviation), and at blank lines."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_BREAK.finditer(text):
        blank_line = "\n\n" in re.sub(r"[ \t]", "", m.group(0))
        if not blank_line and _ABBREV_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "Mr. Kim", "Dec. 5": not a sentence end
        end = m.start()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            bounds.append((start, end))
        start = m.end()
    end = len(text)
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        bounds.append((start, end))
    return bounds


def _sentence_of(bounds: list[tuple[int, int]], starts: list[int], pos: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0:
        return (0, 0)
    return bounds[i]


# --- pipeline --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: int
    match: re.Match[str]


# TimeBank leaves the article out of hyphenated modifiers: "a third-quarter loss", "the 23-year rule".
_DET_BEFORE_COMPOUND = re.compile(r"(?:an?|the)\s+(?=(?:fiscal[\s-]+)?[\w']+-[\w-]+$)", _I)


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    folded = _fold_case(text)
    for i, rule in enumerate(_RULES):
        if not rule.may_match(folded):
            continue
        for m in rule.scanner.finditer(text):
            s, e = m.span()
            while e > s and text[e - 1] in " \t\n,-":
                e -= 1
            if det := _DET_BEFORE_COMPOUND.match(text, s, e):
                s = det.end()
            if e > s:
                found.append(_Candidate(s, e, i, m))
    return found


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longest first (ties: earlier rule, then earlier start)."""
    chosen: list[_Candidate] = []
    taken_starts: list[int] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.rule, c.start)):
        i = bisect.bisect_left(taken_starts, c.start)
        left_ok = i == 0 or taken[i - 1][1] <= c.start
        right_ok = i == len(taken) or taken[i][0] >= c.end
        if left_ok and right_ok:
            taken_starts.insert(i, c.start)
            taken.insert(i, (c.start, c.end))
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _future_cue(text: str, sent_start: int, pos: int) -> bool:
    return bool(_FUTURE_CUE.search(text, max(sent_start, pos - 100), pos))


_QUARTER_RULES = frozenset({"quarter_code", "quarter_words", "year_period"})


def _update_seen(seen: _Seen, value: str, granularity: str | None, rule: str) -> _Seen:
    if (m := re.fullmatch(r"(\d{4})-Q([1-4])", value)) and rule in _QUARTER_RULES:
        return _Seen(int(m[1]), (int(m[1]), int(m[2])), "quarter")
    if re.match(r"\d{4}(?:-|$)", value):
        return replace(seen, last_year=int(value[:4]), last_granularity=granularity)
    if granularity:
        return replace(seen, last_granularity=granularity)
    return seen


def _anchor_for(val: _Val, ref_anchor: str) -> str:
    if val.timex_type in ("DURATION", "SET") or val.value.endswith("_REF"):
        return "none"
    if not val.relative:
        return "absolute"
    return ref_anchor


def extract_timexes(text: str, page_date: date | None, published_date: date | None = None) -> list[Timex]:
    """All temporal expressions in ``text``, in order, normalised against published_date or page_date."""
    try:
        return _extract(text, page_date, published_date)
    except Exception:  # noqa: BLE001 - a warehouse load must never fail on one odd page
        return []


def _extract(text: str, page_date: date | None, published_date: date | None) -> list[Timex]:
    if not isinstance(text, str) or not text:
        return []
    ref = published_date if isinstance(published_date, date) else None
    ref_anchor = "published_date"
    if ref is None:
        ref = page_date if isinstance(page_date, date) else None
        ref_anchor = "page_date" if ref is not None else "unanchored"
    bounds = _sentence_bounds(text)
    starts = [b[0] for b in bounds]
    seen = _Seen()
    out: list[Timex] = []
    for c in _select(_candidates(text)):
        s_start, s_end = _sentence_of(bounds, starts, c.start)
        env = _Env(text, ref, _future_cue(text, s_start, c.start), seen)
        try:
            val = _RULES[c.rule].handler(c.match, env)
        except (ValueError, KeyError, TypeError, IndexError, OverflowError, AttributeError):
            val = None
        if val is None:
            continue
        d_start, d_end, gran = value_range(val.value)
        anchor = _anchor_for(val, ref_anchor)
        if anchor == "unanchored" and "X" not in val.value and not val.value.endswith("_REF"):
            anchor = "absolute"
        seen = _update_seen(seen, val.value, gran, _RULES[c.rule].name)
        out.append(
            Timex(
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                timex_type=val.timex_type,
                value=val.value,
                date_start=d_start,
                date_end=d_end,
                granularity=gran,
                anchor=anchor,
                sentence_start=s_start,
                sentence_end=max(s_end, c.end),
            )
        )
    return out
