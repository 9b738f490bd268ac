"""Timex rules for periods: quarters, halves, "this/last/next <unit>", "<n> <units> ago", year-ago
adjectives and the year end.

Each rule's pattern follows its handler; ``engine`` runs them (its ``_RULES`` sets their precedence).
"""

from __future__ import annotations

import re
from datetime import timedelta

from orchestration.text.timex.resolve import (
    SEASONS,
    nearest,
    quarter_value,
    relative_year,
    season_value,
    shift_unit,
    year_of,
)
from orchestration.text.timex.rule import (
    IGNORE_CASE,
    MOD_WORDS,
    UNIT,
    UNIT_STEMS,
    YEAR_DIGITS,
    Env,
    Rule,
    Val,
    verbose,
)
from orchestration.text.timex_calendar import NUMBER_RE, ORDINALS, parse_number, shift_years, week_value

__all__ = [
    "AGO", "HALF", "QUARTER_CODE", "QUARTER_WORDS", "RELATIVE_UNIT", "YEAR_AGO_ADJ", "YEAR_END", "YEAR_PERIOD",
]  # fmt: skip


def _h_quarter_code(m: re.Match[str], env: Env) -> Val | None:
    q = int(m["q"] or m["q2"] or m["q3"])
    y = m["y"] or m["y0"]
    return quarter_value(q, env, year_of(y) if y else None)


QUARTER_CODE = Rule(
    "quarter_code",
    verbose(
        rf"""(?<![\w-])(?:(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s*(?:of\s+)?(?:FY\s?)?(?P<y>{YEAR_DIGITS}|'\d\d\b))?
        |(?P<y0>(?:1[6-9]|20)\d\d)\s*-?\s*Q(?P<q3>[1-4]))(?![\w-])"""
    ),
    _h_quarter_code,
    needs=(("q1", "q2", "q3", "q4", "1q", "2q", "3q", "4q"),),
)


def _h_quarter_words(m: re.Match[str], env: Env) -> Val | None:
    q = ORDINALS.get(m["ord"].lower())
    if q is None or q > 4:
        return None
    if m["y"] or m["y2"]:
        return quarter_value(q, env, int(m["y"] or m["y2"]))
    rel = m["rely"] or m["rely2"]
    if rel:
        y = relative_year(rel.replace("'s", "").replace("’s", ""), env)
        return Val("DATE", f"XXXX-Q{q}") if y is None else Val("DATE", f"{y:04d}-Q{q}")
    return quarter_value(q, env, None, fiscal="fiscal" in m[0].lower())


QUARTER_WORDS = Rule(
    "quarter_words",
    verbose(
        rf"""\b(?:(?:the|this|a)\s+)?(?:(?:(?P<y>{YEAR_DIGITS})|(?P<rely>this\s+year['’]s|last\s+year['’]s
        |next\s+year['’]s|the\s+year['’]s)|fiscal|latest|current|same)\s+){{0,3}}(?P<ord>first|second|third|fourth
        |1st|2nd|3rd|4th|final)[\s-]+(?:fiscal[\s-]+)?quarter\b(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?
        (?:(?:the\s+)?(?P<y2>{YEAR_DIGITS})|(?P<rely2>this\s+year|last\s+year|next\s+year|the\s+year)))?""",
        IGNORE_CASE,
    ),
    _h_quarter_words,
    needs=(("quarter",),),
)


def _h_year_period(m: re.Match[str], env: Env) -> Val | None:
    """ "The 1988 period" is a quarter when the text is about quarters, else the year."""
    y = int(m["y"])
    if m["ord"]:
        return Val("DATE", f"{y:04d}-Q{ORDINALS[m['ord'].lower()]}", relative=False)
    if m["noun"].lower() in ("period", "quarter") and env.seen.last_quarter is not None:
        return Val("DATE", f"{y:04d}-Q{env.seen.last_quarter[1]}")
    return Val("DATE", f"{y:04d}", relative=False)


YEAR_PERIOD = Rule(
    "year_period",
    verbose(
        rf"""\bthe\s+(?P<y>{YEAR_DIGITS})\s+(?:(?P<ord>first|second|third|fourth)[\s-]+)?(?P<noun>period|quarter
        |nine\s+months|six\s+months)\b""",
        IGNORE_CASE,
    ),
    _h_year_period,
    needs=(("period", "quarter", "months"),),
)


def _h_half(m: re.Match[str], env: Env) -> Val | None:
    h = 1 if m["ord"].lower() in ("first", "1st") else 2  # second, 2nd, last, latter
    if m["y"] or m["y2"]:
        return Val("DATE", f"{int(m['y'] or m['y2']):04d}-H{h}", relative=False)
    y = relative_year(m["rely"], env) if m["rely"] else None
    if y is None and env.ref is not None and not m["rely"]:
        idx_now = env.ref.year * 2 + (env.ref.month - 1) // 6
        idx = idx_now + nearest(idx_now % 2, h - 1, 2, env.future)
        return Val("DATE", f"{idx // 2:04d}-H{idx % 2 + 1}")
    return Val("DATE", f"XXXX-H{h}" if y is None else f"{y:04d}-H{h}")


HALF = Rule(
    "half",
    verbose(
        rf"""\b(?:the\s+)?(?:(?P<y>{YEAR_DIGITS})\s+)?(?P<ord>first|second|1st|2nd|last|latter)[\s-]+half\b(?:\s+of\s+
        (?:(?:fiscal|calendar)\s+)?(?:(?P<y2>{YEAR_DIGITS})|(?P<rely>this\s+year|last\s+year|next\s+year
        |the\s+year)))?""",
        IGNORE_CASE,
    ),
    _h_half,
    needs=(("half",),),
)


def _h_relative_unit(m: re.Match[str], env: Env) -> Val | None:
    if m["unit"][0].isupper() and not m[0].isupper():
        return None  # "This Week" (a programme), "The Year of ..." (a title)
    det = re.sub(r"\s+", " ", m["det"].lower())
    unit = re.sub(r"\s+", " ", m["unit"].lower())
    if unit in SEASONS:
        if re.match(r"\s+of\b", env.text[m.end() : m.end() + 4]):
            return None  # "the fall of the Berlin Wall" ("the fall of 1994" is the year rule's)
        return season_value(SEASONS[unit], det, env)
    if unit == "fiscal year":
        unit = "year"
    if det in ("that", "the same"):
        if unit == "year" and env.seen.last_year is not None:
            return Val("DATE", f"{env.seen.last_year:04d}")
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
        return Val("DATE", f"{y:04d}-Q{q}")
    if unit == "quarter" and det in ("the", "the latest", "the most recent") and env.seen.last_quarter:
        y, q = env.seen.last_quarter
        return Val("DATE", f"{y:04d}-Q{q}")
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
        return Val("DATE", f"{env.seen.last_year + 1:04d}")
    if env.ref is None:
        xs = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "quarter": "XXXX-QX",
              "year": "XXXX", "decade": "XXX", "century": "XX"}  # fmt: skip
        return Val("DATE", xs.get(unit, "XXXX"))
    value = shift_unit(env.ref, unit, n)
    return Val("DATE", value) if value else None


RELATIVE_UNIT = Rule(
    "relative_unit",
    verbose(
        rf"""\b(?:(?:{MOD_WORDS}|earlier|later)\s+)?(?P<det>this\s+past|this\s+coming|this|last|next
        |the\s+past|the\s+last|the\s+previous|the\s+prior|the\s+coming|the\s+current|the\s+following
        |the\s+same|the\s+latest|the\s+most\s+recent|the\s+next|the\s+full|the\s+entire|that|the)\s+
        (?P<unit>fiscal\s+year|week|weekend|month|quarter|year|decade|century|period|summer|winter|spring|fall
        |autumn)\b(?!-)""",
        IGNORE_CASE,
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
)


def _h_ago(m: re.Match[str], env: Env) -> Val | None:
    direction = m["dir"].lower()
    back = direction in ("ago", "earlier", "back", "previously", "before")
    if m["n"] is None and not m["unit"].lower().endswith("s"):
        return None  # "year earlier" without a count is not a date
    n = parse_number(m["n"]) if m["n"] else None  # "years ago": some time ago
    unit = m["unit"].lower().rstrip("s")
    if unit.startswith("centur"):
        unit = "century"
    if n is None or n != int(n):
        return Val("DATE", "PAST_REF" if back else "FUTURE_REF")
    if env.ref is None:
        return Val("DATE", "PAST_REF" if back else "FUTURE_REF")
    k = int(n) * (-1 if back else 1)
    if unit == "year" and abs(k) == 1 and env.seen.last_granularity == "quarter" and env.seen.last_quarter:
        y, q = env.seen.last_quarter  # "a year ago" after a quarter: that quarter a year before
        return Val("DATE", f"{y + k:04d}-Q{q}")
    if unit in ("hour", "minute", "second"):
        return Val("DATE", env.ref.isoformat())
    if unit == "day":
        return Val("DATE", (env.ref + timedelta(days=k)).isoformat())
    if unit == "week":
        return Val("DATE", week_value(env.ref + timedelta(weeks=k)))
    if unit == "decade":
        return Val("DATE", f"{(env.ref.year + 10 * k) // 10:03d}")
    if unit == "century":
        return Val("DATE", f"{(env.ref.year + 100 * k) // 100:02d}")
    if unit == "year":
        return Val("DATE", f"{shift_years(env.ref, k).year:04d}")
    value = shift_unit(env.ref, unit, k)
    return Val("DATE", value) if value else None


AGO = Rule(
    "ago",
    verbose(
        rf"""\b(?:(?:about|almost|nearly|roughly|approximately|around|some|more\s+than|less\s+than|over|just
        |only|barely|at\s+least)\s+)?(?:(?P<n>{NUMBER_RE})[\s-]+)?(?P<unit>{UNIT})(?:\s+or\s+so)?\s+
        (?P<dir>ago|earlier|from\s+now|hence|back)\b""",
        IGNORE_CASE,
    ),
    _h_ago,
    needs=(("ago", "earlier", "now", "hence", "back"), UNIT_STEMS),
)


def _h_year_ago_adj(m: re.Match[str], env: Env) -> Val | None:
    if env.ref is None:
        return Val("DATE", "XXXX")
    if m["ord"]:
        base = env.seen.last_quarter[0] if env.seen.last_quarter else env.ref.year
        return Val("DATE", f"{base - 1:04d}-Q{ORDINALS[m['ord'].lower()]}")
    if env.seen.last_quarter is not None and (
        env.seen.last_granularity == "quarter" or (m["noun"] or "").lower() in ("quarter", "period")
    ):
        y, q = env.seen.last_quarter
        return Val("DATE", f"{y - 1:04d}-Q{q}")
    return Val("DATE", f"{env.ref.year - 1:04d}")


YEAR_AGO_ADJ = Rule(
    "year_ago_adj",
    verbose(
        r"""\b(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?(?:year-earlier|year-ago|year-before
        |prior-year|previous-year)(?:\s+(?:(?P<ord>first|second|third|fourth)[\s-]+)?(?P<noun>quarter
        |period))?\b""",
        IGNORE_CASE,
    ),
    _h_year_ago_adj,
    needs=(("year-", "-year"),),
)


YEAR_END = Rule(
    "year_end",
    verbose(r"""\b(?:year-end|year\s+end|year['’]s\s+end)\b""", IGNORE_CASE),
    lambda m, env: Val("DATE", f"{env.ref.year:04d}" if env.ref else "XXXX"),
    needs=(("year",), ("end",)),
)
