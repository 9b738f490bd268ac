"""Timex rules for durations, sets ("every week", "twice a year") and the present/past/future references.

Each rule's pattern follows its handler; ``engine`` runs them (its ``_RULES`` sets their precedence).
"""

from __future__ import annotations

import re

from orchestration.text.timex.resolve import PART_CODE, SEASONS, duration_value
from orchestration.text.timex.rule import IGNORE_CASE, MON_FULL, UNIT, UNIT_STEMS, WD, Env, Rule, Val, verbose
from orchestration.text.timex_calendar import NUMBER_RE, parse_number
from orchestration.text.vocabulary import MONTHS, WEEKDAYS

__all__ = ["DURATION", "REFS", "SET", "VAGUE_DURATION"]


def _h_refs(m: re.Match[str], env: Env) -> Val | None:
    w = re.sub(r"\s+", " ", m[0].lower())
    if w in ("now", "currently", "nowadays", "these days", "at present", "presently"):
        return Val("DATE", "PRESENT_REF", relative=False)
    if "coming" in w or "future" in w or "term" in w or w.startswith("the years ahead"):
        return Val("DATE", "FUTURE_REF", relative=False)
    return Val("DATE", "PAST_REF", relative=False)


REFS = Rule(
    "refs",
    verbose(
        r"""\b(?:now|currently|nowadays|these\s+days|at\s+present|presently|(?:more\s+)?recently
        |lately|recent\s+(?:years|decades|months|weeks|days|times)|the\s+past|the\s+(?:near\s+|foreseeable\s+)?future
        |the\s+(?:near|short)\s+term|(?:the\s+)?coming\s+(?:years|months|weeks|days|decades|quarters)
        |the\s+years\s+ahead)\b(?!-)""",
        IGNORE_CASE,
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
)


# A count before "a week"/"a year" makes it a rate: "$5 million a year", "four flights a week".
_RATE_BEFORE = re.compile(
    r"(?:\d|million|billion|percent|%|cents?|dollars?|times|once|twice|two|three|four|five|six|seven|eight|nine"
    r"|ten|dozen|hundred|thousand)(?:\s+[a-z]+){0,2}\s*$",
    IGNORE_CASE,
)


def _h_duration(m: re.Match[str], env: Env) -> Val | None:
    unit = m["unit"]
    if m["half"] and not m["n"]:  # "half a year", "half an hour"
        return Val("DURATION", duration_value(0.5, unit), relative=False)
    n_s = m["n"]
    if m["n2"]:  # "12 to 18 months", "two or three years": a range
        return Val("DURATION", duration_value(None, unit), relative=False)
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
    if unit_l.startswith("quarter") and (
        re.match(r"\s+of\b", rest) or re.search(r"\w-quarters", m[0], IGNORE_CASE)
    ):
        return None  # a fraction ("a quarter of the market", "three-quarters")
    # "$5 million a year", "four flights a week": a rate, not annotated as a timex in TimeBank
    if (
        n_s.lower() in ("a", "an", "one", "per", "1")
        and not m["mod"]
        and not m["adj"]
        and _RATE_BEFORE.search(env.text[max(0, m.start() - 20) : m.start()])
    ):
        return None
    return Val("DURATION", duration_value(n, unit), relative=False)


DURATION = Rule(
    "duration",
    verbose(
        rf"""\b(?P<mod>(?:(?:about|almost|nearly|roughly|approximately|around|some|more\s+than|less\s+than
        |fewer\s+than|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|just
        |another|an\s+additional|an\s+extra|the\s+first|the\s+last|the\s+past|the\s+next|the\s+previous
        |the\s+coming|the\s+following|the\s+latest|the\s+final|the\s+remaining|the\s+entire|the\s+full
        |the\s+whole|the)\s+){{1,3}})?
        (?:(?P<half>half\s+an?)\s+|(?P<n>{NUMBER_RE})(?:\s+(?:to|or|and)\s+(?P<n2>{NUMBER_RE}))?
        (?:\s+(?:more|additional|straight|consecutive|full))?[\s-]+)
        (?P<unit>{UNIT})\b(?P<andhalf>\s+and\s+a\s+half)?(?P<adj>-(?:old|long))?(?![-'’]\w)""",
        IGNORE_CASE,
    ),
    _h_duration,
    needs=(UNIT_STEMS,),
)


VAGUE_DURATION = Rule(
    "vague_duration",
    verbose(
        r"""(?:(?<=\bfor\s)|(?<=\bwithin\s)|(?<=\bin\s)|(?<=\bafter\s))(?P<unit>years|months|weeks|days
        |decades|centuries|hours|minutes)\b(?:\s+or\s+(?:years|months|weeks|days|decades|hours))?
        (?!\s+(?:ago|of|old|earlier|later|before|after)\b)""",
        IGNORE_CASE,
    ),
    lambda m, env: Val("DURATION", duration_value(None, m["unit"]), relative=False),
    needs=(("years", "months", "weeks", "days", "decades", "centuries", "hours", "minutes"),),
)


def _h_set(m: re.Match[str], env: Env) -> Val | None:
    if m["adv"]:
        a = m["adv"].lower()
        unit = {"annually": "year", "yearly": "year", "hourly": "hour", "nightly": "day", "weekly": "week",
                "monthly": "month", "daily": "day", "quarterly": "quarter"}.get(a.split()[-1])  # fmt: skip
        if unit is None:
            unit = a.split()[-1]
        return Val("SET", duration_value(1, unit), relative=False)
    what = m["what"].lower()
    if what.rstrip("s") in WEEKDAYS:
        return Val("SET", f"XXXX-WXX-{WEEKDAYS[what.rstrip('s')] + 1}", relative=False)
    if what in MONTHS:
        return Val("SET", f"XXXX-{MONTHS[what]:02d}", relative=False)
    if what in SEASONS:
        return Val("SET", f"XXXX-{SEASONS[what]}", relative=False)
    if what in PART_CODE:
        return Val("SET", f"XXXX-XX-XXT{PART_CODE[what]}", relative=False)
    n = parse_number(m["n"]) if m["n"] else 1.0
    return Val("SET", duration_value(n, what), relative=False)


SET = Rule(
    "set",
    verbose(
        rf"""\b(?:(?:every|each|per)\s+(?:other\s+)?(?:(?P<n>{NUMBER_RE})\s+)?(?P<what>{UNIT}|{WD}|{MON_FULL}
        |morning|afternoon|evening|night|summer|winter|spring|fall|autumn)
        |(?P<adv>(?:once|twice)\s+(?:a|per)\s+(?:year|month|week|day)))\b""",
        IGNORE_CASE,
    ),
    _h_set,
    needs=(("every", "each", "per", "once", "twice"),),
)
