"""The timex engine: run every rule over a page, settle overlaps, normalise the survivors in text order and
give each its sentence.

Pipeline (pure, near-linear): every rule's regex proposes candidates; overlaps are settled longest-first
(ties: the earlier rule in ``_RULES``); the survivors are normalised in text order so a few discourse rules can
look back ("a year ago" after a quarter is that quarter a year before, TimeBank style); each gets its sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date

from orchestration.text.timex import calendar_dates, days, durations, periods
from orchestration.text.timex.rule import IGNORE_CASE, MONTH_SHORT, Env, Rule, Seen, Val, fold_case
from orchestration.text.timex_calendar import value_range

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


# --- rules ---------------------------------------------------------------------------------------------------

# Every rule, in precedence order: of two overlapping candidates of the same length, the earlier rule's wins.
_RULES: tuple[Rule, ...] = (
    calendar_dates.FULL_DATE_MDY,
    calendar_dates.FULL_DATE_DMY,
    calendar_dates.NUMERIC_DATE,
    calendar_dates.MONTH_YEAR,
    calendar_dates.MONTH,
    calendar_dates.YEAR,
    calendar_dates.SPOKEN_YEAR,
    calendar_dates.DECADE,
    calendar_dates.CENTURY,
    periods.QUARTER_CODE,
    periods.QUARTER_WORDS,
    periods.YEAR_PERIOD,
    periods.HALF,
    periods.RELATIVE_UNIT,
    periods.AGO,
    periods.YEAR_AGO_ADJ,
    days.DAY_WORD,
    days.PART_OF_DAY,
    days.WEEKDAY,
    days.CLOCK,
    durations.REFS,
    durations.DURATION,
    periods.YEAR_END,
    durations.VAGUE_DURATION,
    durations.SET,
)


# --- sentences ---------------------------------------------------------------------------------------------

_SENT_BREAK = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n[ \t]*\n\s*")
_ABBREV_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|St|Jr|Sr|Inc|Corp|Co|Ltd|No|Nos|vs|etc"
    + "".join(f"|{short.capitalize()}" for short in MONTH_SHORT)
    + r"|Mt|Ft|U\.S|U\.N|U\.K|a\.m|p\.m)|\b[A-Z])\.[\"'”’)\]]*$"
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


# --- pipeline --------------------------------------------------------------------------------------------

_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|going\s+to|plans?\s+to|planned|scheduled|slated|set\s+to|due\s+to|expected\s+to"
    r"|expects?\s+to|to\s+be\s+held|upcoming)\b|'ll\b",
    IGNORE_CASE,
)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: int
    match: re.Match[str]


# TimeBank leaves the article out of hyphenated modifiers: "a third-quarter loss", "the 23-year rule".
_DET_BEFORE_COMPOUND = re.compile(r"(?:an?|the)\s+(?=(?:fiscal[\s-]+)?[\w']+-[\w-]+$)", IGNORE_CASE)


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    folded = fold_case(text)
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


def _update_seen(seen: Seen, value: str, granularity: str | None, rule: str) -> Seen:
    if (m := re.fullmatch(r"(\d{4})-Q([1-4])", value)) and rule in _QUARTER_RULES:
        return Seen(int(m[1]), (int(m[1]), int(m[2])), "quarter")
    if re.match(r"\d{4}(?:-|$)", value):
        return replace(seen, last_year=int(value[:4]), last_granularity=granularity)
    if granularity:
        return replace(seen, last_granularity=granularity)
    return seen


def _anchor_for(val: Val, ref_anchor: str) -> str:
    if val.timex_type in ("DURATION", "SET") or val.value.endswith("_REF"):
        return "none"
    if not val.relative:
        return "absolute"
    return ref_anchor


def extract_timexes(text: str, page_date: date | None, published_date: date | None = None) -> list[Timex]:
    """All temporal expressions in ``text``, in order, normalised against published_date or page_date."""
    try:
        return _extract(text, page_date, published_date)
    except Exception:  # a warehouse load must never fail on one odd page
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
    seen = Seen()
    out: list[Timex] = []
    for c in _select(_candidates(text)):
        s_start, s_end = _sentence_of(bounds, starts, c.start)
        env = Env(text, ref, _future_cue(text, s_start, c.start), seen)
        try:
            val = _RULES[c.rule].handler(c.match, env)
        except (ValueError, KeyError, TypeError, IndexError, OverflowError, AttributeError):
            val = None
        if val is None:
            continue
        d_start, d_end, gran = value_range(val.value)
        if val.range_end is not None:
            d_end = value_range(val.range_end)[1] or d_end
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
