"""Resolution helpers the rule handlers share: months, days, weekdays, quarters and seasons against the
reference date, unit shifts, and TIMEX3 duration values.
"""

from __future__ import annotations

from datetime import date, timedelta

from orchestration.text.timex.rule import Env, Val
from orchestration.text.timex_calendar import quarter_of, safe_date, shift_months, week_value
from orchestration.text.vocabulary import MONTHS


def _rel_year_offset(phrase: str | None) -> int | None:
    if not phrase:
        return None
    p = phrase.lower()
    if p.startswith("last") or "previous" in p:
        return -1
    if p.startswith("next") or "following" in p:
        return 1
    return 0


def nearest(index_now: int, index_target_mod: int, period: int, future: bool, bias: float = 2.0) -> int:
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


def month_num(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def year_of(y: str) -> int:
    if y.startswith("'") or y.startswith("’") or len(y) == 2:
        n = int(y.lstrip("'’"))
        return 1900 + n if n > 30 else 2000 + n
    return int(y)


def month_value(mon: int, env: Env, rel: str | None = None) -> Val:
    """A month named without a year: last/next/this or the nearest occurrence."""
    if env.ref is None:
        return Val("DATE", f"XXXX-{mon:02d}")
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
        delta = nearest(now % 12, target_mod, 12, env.future)
    y, m = shift_months(env.ref.year, env.ref.month, delta)
    return Val("DATE", f"{y:04d}-{m:02d}")


def day_value(mon: int, day: int, env: Env) -> Val | None:
    """A month and day without a year: the nearest such date, past preferred."""
    if safe_date(2000, mon, day) is None:  # 2000 is a leap year, so 29 February passes
        return None
    if env.ref is None:
        return Val("DATE", f"XXXX-{mon:02d}-{day:02d}")
    best: tuple[float, date] | None = None
    for y in (env.ref.year - 1, env.ref.year, env.ref.year + 1):
        d = safe_date(y, mon, day)
        if d is None:
            continue
        diff = (d - env.ref).days
        cost = abs(diff) * (2.0 if (diff > 0) != env.future and diff != 0 else 1.0)
        if best is None or cost < best[0]:
            best = (cost, d)
    return Val("DATE", best[1].isoformat()) if best else None


def weekday_date(wd: int, env: Env, rel: str | None) -> date | None:
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


def quarter_value(q: int, env: Env, year: int | None, fiscal: bool = False) -> Val:
    if year is not None:
        return Val("DATE", f"{year:04d}-Q{q}", relative=False)
    if env.ref is None:
        return Val("DATE", f"XXXX-Q{q}")
    # A quarter named without a year is the page year's (TimeBank), unless it is more than one quarter
    # ahead with nothing pointing forward: "the fourth quarter" said in January is last year's.
    year = env.ref.year
    if q > quarter_of(env.ref) + 1 and not env.future and not fiscal:
        year -= 1
    return Val("DATE", f"{year:04d}-Q{q}")


def relative_year(phrase: str | None, env: Env) -> int | None:
    off = _rel_year_offset(phrase)
    if off is None:
        return None
    p = (phrase or "").lower()
    if p.startswith(("that", "the same")):
        return env.seen.last_year
    if env.ref is None:
        return None
    return env.ref.year + off


def shift_unit(ref: date, unit: str, n: int) -> str | None:
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


def duration_value(n: float | None, unit: str) -> str:
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


SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season_code(word: str) -> str | None:
    return SEASONS.get(word.lower())


def season_value(code: str, det: str, env: Env) -> Val:
    if env.ref is None:
        return Val("DATE", f"XXXX-{code}")
    y = env.ref.year
    started = env.ref.month >= _SEASON_START[code]
    if det in ("last", "this past", "the past", "the last", "the previous"):
        y = y if started and env.ref.month >= _SEASON_START[code] + 3 else y - 1
    elif det in ("next", "this coming", "the coming", "the next"):
        y = y + 1 if started else y
    return Val("DATE", f"{y:04d}-{code}")


PART_CODE = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
