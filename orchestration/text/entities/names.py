"""Person-name rules: initials + surname, given name + surname, Korean/Chinese family name + syllables."""

from __future__ import annotations

import re
from collections.abc import Sequence

from orchestration.text import gazetteer as gz
from orchestration.text.entities.spans import MONTHS_DAYS, Span, SpanSource, Token

_INITIALS_RE = re.compile(
    r"\b((?:[A-Z]\.[ ]?){1,3})((?:Mc|Mac|O'|D')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]+)?)\b(?![.]?\w)"
)


def initials_spans(text: str, gaz: gz.Gazetteer) -> list[Span]:
    """``P. Simmons``, ``J.R. Smith``: initials before a capitalised surname are a person."""
    out = []
    for m in _INITIALS_RE.finditer(text):
        initials = m.group(1).strip()
        words = m.group(2).split()
        if initials.replace(" ", "") in gaz.labels or words[-1] in gz.ORG_SUFFIXES or words[0] in gaz.labels:
            continue
        out.append(Span(m.start(), m.end(), "PERSON", SpanSource.INITIALS))
    return out


_PARTICLES: frozenset[str] = frozenset({"van", "der", "den", "de", "da", "von", "le", "la", "del", "di", "du", "dos", "bin", "ben", "al", "el", "ter", "ten"})  # fmt: skip
_PLACE_WORDS: frozenset[str] = frozenset(
    (
        "Road", "Street", "St", "Avenue", "Ave", "Park", "Stadium", "Arena", "Square", "Bridge", "Bay", "River",
        "Hill", "Hills", "Lake", "Island", "Islands", "Valley", "Beach", "Airport", "Station", "Hall", "Centre",
        "Center", "Hospital", "Church", "Cathedral", "Palace", "Castle", "Gardens", "Field", "Ground", "Oval",
        "Lane", "Way", "Drive", "Boulevard", "Mountain", "Mountains", "Falls", "Harbour", "Harbor", "Port",
        "Cup", "Prix", "Open", "Trophy", "Award", "Day",
    )
)  # fmt: skip


def first_name_spans(text: str, tokens: Sequence[Token], first_names: frozenset[str], gaz: gz.Gazetteer,
                     english: frozenset[str]) -> list[Span]:  # fmt: skip
    """``Cosmin Contra``: a capitalised run of 2-4 words that starts with a known given name is a person."""
    out = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        low = t.text.lower()
        if (
            not (t.text[:1].isupper() and low in first_names and t.text not in gaz.labels)
            or t.text.isupper()
            or low in _PARTICLES
        ):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and j - i < 5:
            gap = text[tokens[j - 1].end : tokens[j].start]
            if gap not in (" ",):
                break
            w = tokens[j].text
            if re.search(r"-[a-z]", w):
                break  # "Hong Kong-based" is an adjective
            if w[:1].isupper() and not w.isupper() or (w in _PARTICLES and j + 1 < len(tokens)):
                j += 1
            else:
                break
        while j > i + 1 and tokens[j - 1].text in _PARTICLES:
            j -= 1
        words = [x.text for x in tokens[i:j]]
        if (
            2 <= len(words) <= 4
            and words[-1] not in gz.ORG_SUFFIXES
            and words[-1] not in _PLACE_WORDS
            and words[-1] not in gz.CLUB_SUFFIXES
            and " ".join(words) not in gaz.labels
            and " ".join(words[:2]) not in gaz.labels
            and words[-1] not in gaz.countries
            and not any(w.lower() in MONTHS_DAYS for w in words)
        ):
            out.append(Span(tokens[i].start, tokens[j - 1].end, "PERSON", SpanSource.FIRSTNAME))
            i = j
        else:
            i += 1
    return out


_SYLLABLES_RE = re.compile(
    r"^(?:(?:[bcdfghjklmnpqrstwxyz]{0,3}[aeiouy]{1,3}(?:ng|n|m|r|k|p|t|l)?)-?){1,3}$", re.IGNORECASE
)


def east_asian_name_spans(
    text: str, tokens: Sequence[Token], gaz: gz.Gazetteer, english: frozenset[str]
) -> list[Span]:
    """``Xing Haiming``, ``Yeo In Hyeong``: a Korean/Chinese family name followed by romanised given-name
    syllables (not ordinary English words, not places) is a person the model may not know."""
    out = []
    for i, t in enumerate(tokens[:-1]):
        if t.text not in gz.EAST_ASIAN_SURNAMES:
            continue
        given: list[Token] = []
        for nxt in tokens[i + 1 : i + 3]:
            prev = given[-1] if given else t
            if text[prev.end : nxt.start] != " " or not nxt.text[:1].isupper() or nxt.text.isupper():
                break
            if not _SYLLABLES_RE.match(nxt.text) or nxt.text in gaz.labels:
                break
            given.append(nxt)
        while given and given[-1].text.lower() in english:
            given.pop()
        if given and any(g.text.lower() not in english for g in given):
            out.append(Span(t.start, given[-1].end, "PERSON", SpanSource.FIRSTNAME))
    return out
