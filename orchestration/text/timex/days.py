"""Timex rules for days and times of day: today/yesterday/tomorrow, parts of the day, weekdays and clock times.

Each rule's pattern follows its handler; ``engine`` runs them (its ``_RULES`` sets their precedence).
"""

from __future__ import annotations

import re
from datetime import timedelta

from orchestration.text.timex.resolve import PART_CODE, day_value, month_num, weekday_date
from orchestration.text.timex.rule import DAY, IGNORE_CASE, MON, PART, WD, Env, Rule, Val, verbose
from orchestration.text.vocabulary import WEEKDAY_NAMES, WEEKDAYS

__all__ = ["CLOCK", "DAY_WORD", "PART_OF_DAY", "WEEKDAY"]


def _h_day_word(m: re.Match[str], env: Env) -> Val | None:
    w = m["w"].lower()
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[w]
    if m["two"]:
        offset *= 2
    part = PART_CODE.get((m["part"] or ("tonight" if w == "tonight" else "")).lower())
    ttype = "TIME" if part else "DATE"
    if env.ref is None:
        return Val(ttype, f"XXXX-XX-XXT{part}" if part else "XXXX-XX-XX")
    d = (env.ref + timedelta(days=offset)).isoformat()
    return Val(ttype, f"{d}T{part}" if part else d)


DAY_WORD = Rule(
    "day_word",
    verbose(
        rf"""\b(?:(?:early|late|earlier|later)\s+)?(?:the\s+day\s+(?P<two>before|after)\s+)?
        (?P<w>today|yesterday|tomorrow|tonight)\b(?:\s+(?P<part>{PART})\b)?""",
        IGNORE_CASE,
    ),
    _h_day_word,
    needs=(("today", "yesterday", "tomorrow", "tonight"),),
)


def _h_part_of_day(m: re.Match[str], env: Env) -> Val | None:
    det = (m["det"] or "this").lower()
    part = PART_CODE[m["part"].lower()]
    offset = -1 if det == "last" else 0
    if det == "last" and part != "NI":
        return None  # "last evening" is rare; "last morning" is not a time
    if env.ref is None:
        return Val("TIME", f"XXXX-XX-XXT{part}")
    return Val("TIME", f"{(env.ref + timedelta(days=offset)).isoformat()}T{part}")


PART_OF_DAY = Rule(
    "part_of_day",
    verbose(
        rf"""\b(?:(?:early|late|later|earlier)\s+)?(?:(?P<det>this|last)\s+|mid[\s-])(?P<part>{PART})\b""",
        IGNORE_CASE,
    ),
    _h_part_of_day,
    needs=(("morning", "afternoon", "evening", "night"), ("this", "last", "mid")),
)


_PAREN_DATE_AFTER = re.compile(rf"\s*\(\s*(?P<mon>{MON})\s+(?P<d>{DAY})\s*\)")
_PAREN_DATE_BEFORE = re.compile(rf"(?P<mon>{MON})\s+(?P<d>{DAY})\s*\(\s*$")


def _h_weekday(m: re.Match[str], env: Env) -> Val | None:
    wd = WEEKDAYS[m["wd"].lower()]
    part = PART_CODE.get((m["part"] or "").lower())
    if m["pl"]:  # "Mondays", "Tuesday nights": a set
        return Val("SET", f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else ""))
    # "Friday (Dec. 5)", "Nov. 28 (Friday)": the weekday names the date beside it
    beside = _PAREN_DATE_AFTER.match(env.text, m.end()) or _PAREN_DATE_BEFORE.search(
        env.text, max(0, m.start() - 20), m.start()
    )
    if beside and not part:
        v = day_value(month_num(beside["mon"]), int(re.sub(r"\D", "", beside["d"])), env)
        if v is not None:
            return v
    rel = (m["rel"] or "").lower()
    rel = rel if rel in ("last", "next", "this past", "this coming", "coming", "past") else None
    d = weekday_date(wd, env, rel)
    if d is None:
        return Val("TIME" if part else "DATE", f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else ""))
    return Val("TIME" if part else "DATE", d.isoformat() + (f"T{part}" if part else ""))


WEEKDAY = Rule(
    "weekday",
    verbose(
        rf"""(?:(?P<rel>(?i:last|next|this\s+past|this\s+coming|this|coming|past|early|late|earlier|later))
        \s+)?\b(?P<wd>{WD})(?P<pl>s)?\b(?!['’]s\s+(?:{MON}))(?:\s+(?P<part>(?i:{PART}))s?\b)?"""
    ),
    _h_weekday,
    needs=(WEEKDAY_NAMES,),
)


def _h_clock(m: re.Match[str], env: Env) -> Val | None:
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
        dd = weekday_date(WEEKDAYS[m["wd"].lower()], env, None)
        day = dd.isoformat() if dd else f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}"
    elif m["mon"]:
        v = day_value(month_num(m["mon"]), int(re.sub(r"\D", "", m["d"])), env)
        day = v.value if v else None
    elif m["dw"]:
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m["dw"].lower()]
        day = (env.ref + timedelta(days=off)).isoformat() if env.ref else "XXXX-XX-XX"
    else:
        day = env.ref.isoformat() if env.ref else "XXXX-XX-XX"
    return Val("TIME", f"{day}{clock}") if day else None


CLOCK = Rule(
    "clock",
    verbose(
        rf"""\b(?:(?:around|about|approximately|shortly\s+(?:before|after))\s+)?
        (?:(?P<h>[01]?\d|2[0-4])(?::(?P<min>[0-5]\d))?\s*(?P<ap>[ap]\.m\.|[ap]m\b|[ap]\.m\b)
        |(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bfrom\s))(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\d:])
        |(?P<word>noon|midnight))
        (?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|KST|JST|ET|PT|local\s+time))?
        (?:,?\s+(?:on\s+)?(?:(?P<wd>{WD})|(?P<mon>{MON})\s+(?P<d>{DAY})|(?P<dw>today|yesterday|tomorrow
        |tonight)))?""",
        IGNORE_CASE,
    ),
    _h_clock,
    needs=(("am", "pm", "a.m", "p.m", ":", "noon", "midnight"),),
)
