"""Timex rules for calendar dates: full dates, numeric dates, months, years, decades and centuries.

Each rule's pattern follows its handler; ``engine`` runs them (its ``_RULES`` sets their precedence).
"""

from __future__ import annotations

import re
from dataclasses import replace

from orchestration.text.timex.resolve import (
    day_value,
    month_num,
    month_value,
    relative_year,
    season_code,
    year_of,
)
from orchestration.text.timex.rule import (
    DAY,
    IGNORE_CASE,
    MOD_WORDS,
    MON,
    MON_FULL,
    REL_YEAR,
    WD_ANY,
    YEAR_DIGITS,
    Env,
    Rule,
    Val,
    verbose,
)
from orchestration.text.timex_calendar import ORDINALS, safe_date
from orchestration.text.vocabulary import MONTH_ABBREVIATIONS, MONTH_NAMES

__all__ = [
    "CENTURY", "DECADE", "FULL_DATE_DMY", "FULL_DATE_MDY", "MONTH", "MONTH_YEAR", "NUMERIC_DATE", "SPOKEN_YEAR",
    "YEAR",
]  # fmt: skip


def _h_full_date(m: re.Match[str], env: Env) -> Val | None:
    mon = month_num(m["mon"])
    day_s = m["d"]
    day = int(re.sub(r"\D", "", day_s)) if day_s[0].isdigit() else ORDINALS.get(day_s.lower(), 0)
    if m["y"]:
        d = safe_date(year_of(m["y"]), mon, day)
        return Val("DATE", d.isoformat(), relative=False) if d else None
    if m["ry"]:
        y = relative_year(m["ry"], env)
        if y is None:
            return Val("DATE", f"XXXX-{mon:02d}-{day:02d}") if safe_date(2000, mon, day) else None
        d = safe_date(y, mon, day)
        return Val("DATE", d.isoformat()) if d else None
    return day_value(mon, day, env)


FULL_DATE_MDY = Rule(
    "full_date_mdy",
    verbose(
        rf"""\b(?:(?P<wd>{WD_ANY}),?\s+)?(?P<mon>{MON})\s+(?P<d>{DAY})\b
        (?:(?:,\s*|\s+)(?P<y>{YEAR_DIGITS}|'\d\d\b)|,?\s+(?P<ry>(?i:{REL_YEAR})))?"""
    ),
    _h_full_date,
    needs=(MONTH_ABBREVIATIONS,),
)


FULL_DATE_DMY = Rule(
    "full_date_dmy",
    verbose(
        rf"""(?<![\d.,/])(?:(?P<wd>{WD_ANY}),?\s+)?(?:(?i:the)\s+)?(?P<d>{DAY})(?:\s+(?i:of))?\s+
        (?P<mon>{MON})(?:,?\s+(?P<y>{YEAR_DIGITS})|,?\s+(?P<ry>(?i:{REL_YEAR})))?(?!\w)"""
    ),
    _h_full_date,
    needs=(MONTH_ABBREVIATIONS,),
)


def _h_numeric_date(m: re.Match[str], env: Env) -> Val | None:
    a, b, y = int(m["a"]), int(m["b"]), year_of(m["y"])
    # ISO is year-month-day; slashes are US order unless the first number cannot be a month
    d = safe_date(y, a, b) if m["iso"] or a <= 12 else safe_date(y, b, a)
    return Val("DATE", d.isoformat(), relative=False) if d else None


class _NumMatch:
    """Adapts the numeric-date match so one handler reads ISO and US forms alike."""

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def __getitem__(self, key: str) -> str | None:
        m = self._m
        if m["a"] is not None:
            return {"a": m["a"], "b": m["b"], "y": m["y"], "iso": "1"}.get(key)
        return {"a": m["a2"], "b": m["b2"], "y": m["y2"], "iso": None}.get(key)


NUMERIC_DATE = Rule(
    "numeric_date",
    verbose(
        r"""(?<![\d/.-])(?:(?P<y>(?:1[6-9]|20)\d\d)(?P<sep>[-./])(?P<a>0?[1-9]|1[0-2])(?P=sep)(?P<b>[0-3]?\d)(?P<iso>)
        |(?P<a2>\d{1,2})/(?P<b2>\d{1,2})/(?P<y2>(?:1[6-9]|20)\d\d))(?![\d/-]|\.\d)"""
    ),
    lambda m, env: _h_numeric_date(_NumMatch(m), env),
)


def _h_month_year(m: re.Match[str], env: Env) -> Val | None:
    mon = month_num(m["mon"])
    return Val("DATE", f"{year_of(m['y']):04d}-{mon:02d}", relative=False)


MONTH_YEAR = Rule(
    "month_year",
    verbose(
        rf"""(?:(?P<mod>(?i:{MOD_WORDS}))[\s-]+(?:(?i:of)\s+)?)?(?<![\w])(?P<mon>{MON}),?\s+(?:(?i:of)\s+)?
        (?P<y>{YEAR_DIGITS})"""
    ),
    _h_month_year,
    needs=(MONTH_ABBREVIATIONS,),
)


_PREP_BEFORE_MAY = re.compile(
    r"\b(?:in|of|since|until|till|by|through|from|before|after|during|early|late|mid|last|next|this|or|and|to"
    r"|between|on|for)[\s-]+$",
    IGNORE_CASE,
)


def _h_month(m: re.Match[str], env: Env) -> Val | None:
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
    mon = month_num(mon_s)
    if m["ry"]:
        y = relative_year(m["ry"], env)
        return Val("DATE", f"XXXX-{mon:02d}" if y is None else f"{y:04d}-{mon:02d}")
    r = (rel or "").lower().replace("-", " ").strip()
    r = r if r in ("last", "next", "this", "this past", "this coming") else None
    first = month_value(mon, env, r)
    if not m["alt"]:
        return first
    return replace(first, range_end=alternative_month(first.value, month_num(m["alt"])))


def alternative_month(first: str, alt: int) -> str:
    """ "January or February": the expression's value is the first month (as TimeBank annotates a
    disjunction) and its date range runs to the end of the second, the first one after it."""
    year, mon = first[:4], int(first[5:7])
    if not year.isdigit():
        return f"XXXX-{alt:02d}"
    return f"{int(year) + (alt < mon):04d}-{alt:02d}"


MONTH = Rule(
    "month",
    verbose(
        rf"""(?:(?P<rel>(?i:last|next|this\s+past|this\s+coming|this|{MOD_WORDS}|earlier|later))[\s-]+
        (?:(?i:of|in)\s+)?)?(?<![\w])(?P<mon>{MON_FULL})\b(?!\s+\d)(?:,?\s+(?P<ry>(?i:{REL_YEAR})))?
        (?:\s+(?i:or)\s+(?P<alt>{MON_FULL})\b)?"""
    ),
    _h_month,
    needs=(MONTH_NAMES,),
)


_AMOUNT_AFTER = re.compile(
    r"\s*(?:million|billion|trillion|thousand|hundred|percent|per\s+cent|points?|people|shares|troops|soldiers"
    r"|employees|workers|jobs|units|cars|vehicles|homes|tons|tonnes|barrels|acres|miles|km|kilometers|feet|meters"
    r"|metres|dollars|yen|euros|won|yuan|votes|members|students|copies|hours\s+GMT|GMT|UTC|hrs|GMT\b)\b",
    IGNORE_CASE,
)
_NUMBER_BEFORE = re.compile(
    r"(?:\bNo\.?|\bnumber|\bNos?\.|#|\bpage|\bp\.|\broom|\bflight|\broute)\s*$", IGNORE_CASE
)


def _h_year(m: re.Match[str], env: Env) -> Val | None:
    if m["mod"] is None:
        before = env.text[max(0, m.start() - 10) : m.start()]
        if _NUMBER_BEFORE.search(before) or _AMOUNT_AFTER.match(env.text, m.end()):
            return None
    y = int(m["y"])
    season = season_code(m["season"]) if m["season"] else None
    return Val("DATE", f"{y:04d}-{season}" if season else f"{y:04d}", relative=False)


YEAR = Rule(
    "year",
    verbose(
        rf"""(?:(?P<mod>(?i:{MOD_WORDS}|fiscal\s+year|fiscal|calendar\s+year|calendar|the\s+year|FY
        |(?:the\s+)?(?P<season>summer|winter|spring|fall|autumn)(?:\s+of)?))[\s-]*(?:(?i:of)\s+)?
        |(?<![\w$#£€¥.,/:+-]))(?P<y>{YEAR_DIGITS})"""
    ),
    _h_year,
)


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


def _h_spoken_year(m: re.Match[str], env: Env) -> Val | None:
    if m["thousand"] is not None:
        rest = _spoken_0_99(m["rest2"] or "")
        return Val("DATE", f"{2000 + rest:04d}", relative=False) if rest is not None else None
    century = _SPOKEN_UNITS.get(m["cent"].lower())
    rest = _spoken_0_99(m["rest"])
    if century is None or rest is None or rest < 10:
        return None
    return Val("DATE", f"{century * 100 + rest:04d}", relative=False)


SPOKEN_YEAR = Rule(
    "spoken_year",
    verbose(
        r"""\b(?:the\s+year\s+)?(?:(?P<cent>nineteen|eighteen)[\s-]+(?P<rest>(?:twenty|thirty|forty|fifty|sixty
        |seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve
        |thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)
        |(?P<thousand>two\s+thousand)(?:\s+(?:and\s+)?(?P<rest2>(?:twenty(?:[\s-]+(?:one|two|three|four|five
        |six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen
        |fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)))?)\b
        (?!\s+(?:years|people|dollars|miles|times|of|hundred|thousand|million|billion))""",
        IGNORE_CASE,
    ),
    _h_spoken_year,
    needs=(("nineteen", "eighteen", "thousand"),),
)


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}  # fmt: skip


def _h_decade(m: re.Match[str], env: Env) -> Val | None:
    if m["dec"]:
        return Val("DATE", m["dec"][:3], relative=False)
    if m["d2"]:
        return Val("DATE", f"19{m['d2'][0]}")
    return Val("DATE", f"19{_DECADE_WORDS[m['dw'].lower()]}")


DECADE = Rule(
    "decade",
    verbose(
        r"""(?:\b(?i:the)\s+)?(?:(?i:early|late|mid)[\s-]+)?(?:(?<![\w$])(?P<dec>(?:1[6-9]|20)\d0)'?s\b
        |['’](?P<d2>[2-9]0)'?s\b|\b(?P<dw>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties
        |nineties))\b)"""
    ),
    _h_decade,
    needs=(("0s", "0's", "ties"),),
)


_CENTURY_ORD = {"first": 1, "second": 2, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21}  # fmt: skip


def _h_century(m: re.Match[str], env: Env) -> Val | None:
    c = m["c"].lower()
    n = int(re.sub(r"\D", "", c)) if c[0].isdigit() else _CENTURY_ORD.get(c)
    if not n or n > 22:
        return None
    return Val("DATE", f"{n - 1:02d}", relative=False)


CENTURY = Rule(
    "century",
    verbose(
        r"""\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<c>\d{1,2}(?:st|nd|rd|th)|first|second|tenth|eleventh
        |twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth
        |twenty[\s-]first)[\s-]+century\b""",
        IGNORE_CASE,
    ),
    _h_century,
    needs=(("century",),),
)
