"""Temporal expressions (TIMEX3) in news text: find them, normalise them, and date the sentence they sit in.

Approach: a rule set of our own in the style of HeidelTime (one regular expression per expression class, each
with a small normalisation function), over the standard library calendar (``timex_calendar``). Why not a
library: ``dateparser`` returns whole datetimes (a month becomes a day), has no TIMEX3 types, durations, sets
or quarters and matches junk (bare numbers, "may"); ``recognizers-text-date-time`` is an old alpha pinned to
``emoji<1.0``; HeidelTime (Java) is not installable, and its rule design is what we follow. Measure the rules
with ``python -m orchestration.eval.timex ../shared/bench/timebank`` (TimeBank, TempEval-3 scoring).

Modules:

- ``engine``: ``extract_timexes`` and ``Timex``; runs the rules, settles overlaps, assigns sentences, and holds
  the rules' precedence (``_RULES``);
- ``rule``: what a rule is (``Rule``, ``Val``, ``Env``) and the regex pieces the rules are written with;
- ``resolve``: resolution against the reference date, shared by the handlers;
- the rules, each pattern next to its handler: ``calendar_dates`` (full and numeric dates, months, years,
  decades, centuries), ``periods`` (quarters, halves, relative units, "ago", year-ago), ``days`` (day words,
  parts of day, weekdays, clock times), ``durations`` (durations, sets, present/past/future references).

Resolution: relative expressions resolve against ``published_date`` if given, else ``page_date``; with neither
the unknown parts stay ``X`` (``2 November`` -> ``XXXX-11-02``, anchor ``unanchored``). Undated month, day and
weekday mentions take the nearest occurrence, past preferred (news reports what happened) unless the sentence
before the mention has a future cue ("will", "scheduled", "slated for" ...).
"""

from __future__ import annotations

from orchestration.text.timex.engine import Timex, extract_timexes

__all__ = ["Timex", "extract_timexes"]
