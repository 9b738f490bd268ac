"""What a timex rule is, and the regex pieces the rules are written with.

A rule is a regular expression (``Rule.pattern``) and a handler that turns one match into a TIMEX3 type and
value (``Val``), given the page text, the reference date and what earlier expressions established (``Env``).
The rule modules (``calendar_dates``, ``periods``, ``days``, ``durations``) each define their rules, every
pattern next to its handler; ``engine`` runs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from orchestration.text.regex_start import with_start_check
from orchestration.text.vocabulary import MONTH_NAMES, MONTHS, WEEKDAY_NAMES, WEEKDAYS

__all__ = [
    "DAY", "IGNORE_CASE", "MOD_WORDS", "MON", "MON_FULL", "MONTH_SHORT", "PART", "REL_YEAR", "UNIT",
    "UNIT_STEMS", "WD", "WD_ANY", "YEAR_DIGITS", "Env", "Handler", "Rule", "Seen", "Val", "fold_case",
    "has_needed_words", "verbose",
]  # fmt: skip


@dataclass(frozen=True)
class Seen:
    """What earlier expressions in the document established (for "that year", "a year ago", "the quarter")."""

    last_year: int | None = None
    last_quarter: tuple[int, int] | None = None
    last_granularity: str | None = None


@dataclass(frozen=True)
class Env:
    text: str
    ref: date | None
    future: bool  # the sentence before the mention looks ahead
    seen: Seen


@dataclass(frozen=True)
class Val:
    timex_type: str
    value: str
    relative: bool = True  # False: fully specified in the text (or needs no anchor: durations, sets, refs)
    # a value whose range the expression's dates run to ("January or February": 2026-02), else its own
    range_end: str | None = None


Handler = Callable[[re.Match[str], Env], Val | None]


def has_needed_words(folded: str, needs: tuple[tuple[str, ...], ...]) -> bool:
    return all(any(word in folded for word in group) for group in needs)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler
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
        return not self.prefilter or has_needed_words(folded_text, self.needs)


# --- regex building blocks -------------------------------------------------------------------------------------

# Month abbreviations as the rules read them, a month's longest first ("Sept" before "Sep"); "May" has none.
MONTH_SHORT: tuple[str, ...] = tuple(
    sorted((s for s in MONTHS if s not in MONTH_NAMES), key=lambda s: (MONTHS[s], -len(s)))
)
# Weekday abbreviations, longest first; "Thur" is left out, as the rules have always read it.
_WEEKDAY_SHORT = sorted(
    (s for s in WEEKDAYS if s not in WEEKDAY_NAMES and s != "thur"), key=lambda s: (WEEKDAYS[s], -len(s))
)


def _alternatives(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(word.capitalize() for word in words)


MON_FULL = rf"(?:{_alternatives(MONTH_NAMES)})"
MON = rf"(?:{MON_FULL}|(?:{_alternatives(MONTH_SHORT)})\.?)"
WD = rf"(?:{_alternatives(WEEKDAY_NAMES)})"
WD_ANY = rf"(?:{WD}|(?:{_alternatives(_WEEKDAY_SHORT)})\.?)"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%]|[:.,]\d)"
YEAR_DIGITS = r"(?:1[6-9]\d\d|20\d\d)(?![\d%]|[,.]\d|-\d|'?s\b|\w)"
UNIT = r"(?:seconds|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|century|centuries)"
PART = r"(?:morning|afternoon|evening|night)"
REL_YEAR = r"(?:this|last|next|the|that|the\s+same|the\s+previous|the\s+following|the\s+current)\s+year"
MOD_WORDS = (
    r"early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+turn\s+of"
    r"|the\s+rest\s+of|the\s+remainder\s+of|the\s+close\s+of"
)
IGNORE_CASE = re.IGNORECASE
UNIT_STEMS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year", "decade", "centur")

# re.IGNORECASE also matches these to ASCII letters, str.lower() does not map them there.
_IGNORECASE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold_case(text: str) -> str:
    """Lower case as re.IGNORECASE sees ASCII letters: what the rules' needed words are looked up in."""
    return text.translate(_IGNORECASE_FOLDS).lower()


def verbose(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags | re.VERBOSE)
