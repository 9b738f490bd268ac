"""What every rule shares: candidate spans and where they came from, tokens, and small text tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from orchestration.text.vocabulary import MONTH_NAMES, WEEKDAY_NAMES


class SpanSource(StrEnum):
    """Where a candidate span came from, with its merge priority and its vote weight.

    ``priority`` orders the rules in ``merge_spans`` (a higher one wins an overlap); ``weight`` is the
    span's vote for its label in ``consistency``. A dateline's label is read off the layout and almost
    never wrong, so it outvotes everything; the model's vote is the weakest of those that count.
    """

    def __new__(cls, value: str, priority: int, weight: int) -> SpanSource:
        member = str.__new__(cls, value)
        member._value_ = value
        member.priority = priority
        member.weight = weight
        return member

    priority: int
    weight: int

    MODEL = "model", 0, 1
    GAZ = "gaz", 3, 2  # a gazetteer name (a country, region, organisation...)
    CITY = "city", 1, 1  # a gazetteer place that is not a country (city, state): fills gaps only
    PATTERN = "pattern", 2, 2  # an organisation shape ("X Corp", "Ministry of X")
    CREDIT = "credit", 5, 5  # a photo credit
    DATELINE = "dateline", 5, 10
    TABLE = "table", 4, 3  # a sports table, fixture or result line
    EVENT = "event", 4, 1  # a numbered event ("9th Party Congress")
    INITIALS = "initials", 2, 2
    FIRSTNAME = "firstname", 2, 2  # a given name + surname, or a Korean/Chinese name
    ACRONYM = "acronym", 0, 1  # an unknown acronym: fills gaps only
    CONSISTENCY = "consistency", 0, 1  # an untagged repeat of a tagged name, added last


@dataclass(frozen=True)
class Span:
    """A candidate span in folded-text coordinates, with where it came from (for merging priorities)."""

    start: int
    end: int
    label: str
    source: SpanSource


LINE_RE = re.compile(r"[^\n]+")
# what comes before a sentence-initial word: the start, end punctuation and a space, or a line break
SENT_END_BEFORE_RE = re.compile(r"(?:^|[.!?:\"]\s+|\n)$")

# words, keeping "U.S.", "Jong-un", "O'Brien" and "AT&T" whole but not a possessive "'s"
_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:[&][^\W_]+|[-.][^\W_]+|'(?!s\b)[^\W_]+)*")
# lower-case words inside a name ("Bank of Korea", "Banco de Espana")
CONNECTORS: frozenset[str] = frozenset({"of", "for", "&", "de", "du", "des", "la", "le", "del", "der", "von"})
# a month or weekday is capitalised but names nothing
MONTHS_DAYS: frozenset[str] = frozenset(MONTH_NAMES + WEEKDAY_NAMES)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0)) for m in _TOKEN_RE.finditer(text)]


def capitalised(tok: Token) -> bool:
    """Starts with a capital, or is a number glued to letters (``3M``, ``7-Eleven``)."""
    c = tok.text[:1]
    return c.isupper() or (c.isdigit() and any(ch.isalpha() for ch in tok.text))


def span_surface(text: str, s: Span) -> str:
    """The span's text with its whitespace runs collapsed to single spaces."""
    return " ".join(text[s.start : s.end].split())


def sentence_initial(text: str, pos: int) -> bool:
    return bool(SENT_END_BEFORE_RE.search(text[max(0, pos - 3) : pos]))


def dedupe(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans in text order; of overlapping ones the earliest, then longest, wins."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda x: (x.start, -(x.end - x.start))):
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out
