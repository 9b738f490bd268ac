"""The start-character lookahead: same matches as the pattern it guards, or the pattern left alone."""

from __future__ import annotations

import random
import re

import pytest

from orchestration.text.regex_start import with_start_check

GUARDED = [
    r"\bMonday\b",
    r"(?:(?i:last|next)\s+)?\b(?:Monday|Friday)s?\b",
    r"\b(?:(?:about|nearly)\s+)?(?P<n>\d+|two|ten)[\s-]+(?:days?|years?)\s+ago\b",
    r"(?<![\d.])(?:the\s+)?(?P<d>3[01]|[12]\d|0?[1-9])\s+(?:Jan|May)",
    r"['’](?P<d2>[2-9]0)'?s\b|\b(?:sixties|nineties)\b",
    r"(?:early|late){0,2}[\s-]*(?:fiscal\s+)?Q[1-4]",
    r"""\b(?:the\s+)?   # optional article
        (?P<y>20\d\d)   # a year
        # a trailing comment must not swallow the closing parenthesis""",
]
FLAGS = [0, re.IGNORECASE, re.VERBOSE, re.IGNORECASE | re.VERBOSE]
ALPHABET = (
    "MondayFridays lastLASTnext 0123456789 aboutnearly two ten days years ago the Jan May Q '’-.,sixtiesſİK\n"
)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("source", GUARDED)
@pytest.mark.parametrize("flags", FLAGS)
def test_same_matches_as_the_pattern(source: str, flags: int) -> None:
    if "#" in source and not flags & re.VERBOSE:
        flags |= re.VERBOSE
    plain = re.compile(source, flags)
    guarded = with_start_check(plain)
    assert guarded.pattern.startswith("(?=(?i:[")
    assert guarded.groupindex == plain.groupindex
    rng = random.Random(f"{flags}|{source}")  # str seeds are stable across runs; hash() of a str is not
    words = ALPHABET.split(" ")
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        assert _spans(guarded, text) == _spans(plain, text), text
    for text in (
        "last Monday",
        "LAST Fridays",
        "about two days ago",
        "the 5 May",
        "'90s and the nineties",
        "earlylate fiscal Q3",
        "the 2024",
        "ſix K İ",
    ):
        assert _spans(guarded, text) == _spans(plain, text), text


def test_case_insensitive_start_class_keeps_a_case_sensitive_pattern_case_sensitive() -> None:
    guarded = with_start_check(re.compile(r"\b(?:Monday|Friday)"))
    assert guarded.search("monday, friday") is None
    assert guarded.search("Sunday, then Friday").span() == (13, 19)


@pytest.mark.parametrize(
    "source",
    [r".abc", r"[^a]bc", r"(a)?\1b", r"a?", r"(?:x|)y?", r"\Bfoo" + "|" + r"(?!x)."],
)
def test_patterns_it_cannot_bound_are_left_alone(source: str) -> None:
    plain = re.compile(source)
    assert with_start_check(plain) is plain
