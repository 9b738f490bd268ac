"""Span merging and document consistency.

``merge_spans`` joins the model's spans and the rules' spans by priority (layout rules > gazetteer > shape
rules > model > gap fillers, see ``SpanSource``). ``consistency`` then makes a document agree with itself:
the majority label of a surface wins (case-insensitive), a person's surname (or, for Korean/Chinese
names, the family name written first) is PERSON throughout, and untagged repeats of tagged names are added.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from orchestration.text import gazetteer as gz
from orchestration.text.entities.spans import (
    CONNECTORS,
    Span,
    SpanSource,
    Token,
    capitalised,
    dedupe,
    sentence_initial,
    span_surface,
)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


_WEAK = (SpanSource.CITY, SpanSource.ACRONYM)  # fill gaps only
# labels read off the page layout: right where they stand, whatever the document says elsewhere
_LAYOUT = (SpanSource.CREDIT, SpanSource.DATELINE, SpanSource.TABLE)
_OVERRIDING = (*_LAYOUT, SpanSource.EVENT)  # replace whatever model spans they touch


def _overlapping(result: list[Span], starts: list[int], r: Span) -> list[Span]:
    """Spans of ``result`` (non-overlapping, sorted; ``starts`` their starts) that overlap ``r``."""
    k = max(0, bisect.bisect_right(starts, r.start) - 1)
    out = []
    while k < len(result) and result[k].start < r.end:
        if _overlaps(result[k], r):
            out.append(result[k])
        k += 1
    return out


def merge_spans(
    model: Sequence[Span],
    rules: Sequence[Span],
    text: str = "",
    protect: frozenset[str] = frozenset(),
    sports: bool = False,
) -> list[Span]:
    """Model spans first; then rule spans by priority: an exact match is relabelled, a rule span that covers
    shorter spans replaces them, weak rules (cities, acronyms) only fill gaps.

    ``protect``: surnames of people named in full in this document - a gazetteer place never relabels
    a one-word PERSON with that name (``Jordan`` after ``Michael Jordan``). In sports stories a place may
    relabel a one-word PERSON (``Surrey`` the county side, which the model takes for a person)."""
    result = dedupe(model)
    starts = [m.start for m in result]

    def remove(m: Span) -> None:
        k = bisect.bisect_left(starts, m.start)
        while result[k] != m:
            k += 1
        del result[k], starts[k]

    def add(m: Span) -> None:
        k = bisect.bisect_left(starts, m.start)
        result.insert(k, m)
        starts.insert(k, m.start)

    for r in sorted(rules, key=lambda s: (-s.source.priority, s.start, -(s.end - s.start))):
        hits = _overlapping(result, starts, r)
        if not hits:
            add(r)
            continue
        exact = [m for m in hits if m.start == r.start and m.end == r.end]
        if exact:
            m = exact[0]
            single = " " not in text[m.start : m.end]
            sports_place = sports and r.source == SpanSource.CITY and m.label == "PERSON" and single
            if r.source in _WEAK and m.label not in ("ORG", "NORP") and not sports_place:
                continue
            if (
                m.label == "PERSON"
                and m.source == SpanSource.MODEL
                and single
                and text[m.start : m.end] in protect
            ):
                continue
            if m.source != SpanSource.MODEL and m.source.priority >= r.source.priority:
                continue
            remove(m)
            add(r)
            continue
        size = r.end - r.start
        covers = all(r.start <= m.start and m.end <= r.end and m.end - m.start < size for m in hits)
        replaceable = all(m.source in (SpanSource.MODEL, SpanSource.GAZ, *_WEAK) for m in hits)
        if (covers and r.source not in _WEAK and replaceable) or (
            r.source in _OVERRIDING
            and all(m.source in (SpanSource.MODEL, SpanSource.GAZ, SpanSource.PATTERN) for m in hits)
        ):
            for m in hits:
                remove(m)
            add(r)
    return result


# Company forms a full name sheds to leave the short name the document goes on to use (``Magna`` after
# ``Magna International Inc``), matched on words without their final dot. Not every form: this list was
# tuned on its own (it adds group words like "International" and leaves out "Cos", "plc", "BV", "LP",
# "Holding"), and changing it changes which short names are found.
_COMPANY_SUFFIXES: frozenset[str] = (gz.COMPANY_FORMS - {"Cos", "plc", "BV", "LP", "Holding"}) | {
    "S.A",
    "N.V",
    "International",
    "Bancshares",
}


def _company_short_names(
    spans: Sequence[Span], text: str, gaz: gz.Gazetteer, english: frozenset[str]
) -> set[str]:
    """Short forms of companies named in full in the document: ``Magna`` after ``Magna International Inc``."""
    out: set[str] = set()
    for s in spans:
        words = [w.rstrip(".") for w in span_surface(text, s).split()]
        if s.label != "ORG" or len(words) < 2 or words[-1] not in _COMPANY_SUFFIXES:
            continue
        first = words[0].removesuffix("'s")
        if first.lower() in english or first in gaz.labels or not first[:1].isupper() or len(first) < 3:
            continue
        out.add(first)
        while len(words) > 2 and words[-1] in _COMPANY_SUFFIXES:
            words = words[:-1]
            out.add(" ".join(words))
    return out


def consistency(spans: Sequence[Span], text: str, tokens: Sequence[Token], gaz: gz.Gazetteer,
                english: frozenset[str]) -> list[Span]:  # fmt: skip
    """Majority label per surface, person surnames, and untagged repeats of tagged names."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for s in spans:
        votes[span_surface(text, s).casefold()][s.label] += s.source.weight  # TAVILDARA == Tavildara
    person_words: set[str] = set()
    for s in spans:
        if s.label == "PERSON":
            parts = span_surface(text, s).split()
            if len(parts) >= 2:
                person_words.add(parts[-1])
                if parts[0] in gz.EAST_ASIAN_SURNAMES:
                    person_words.add(parts[0])
    major = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    org_short = _company_short_names(spans, text, gaz, english) - person_words
    out: list[Span] = []
    for s in spans:
        surf = span_surface(text, s)
        label = s.label if s.source in _OVERRIDING else major[surf.casefold()]
        if " " not in surf and surf in person_words and s.source not in _LAYOUT:
            label = "PERSON"
        elif surf in org_short and s.source not in _LAYOUT:
            label = "ORG"
        out.append(s if label == s.label else replace(s, label=label))
    # add untagged repeats: multi-word names, and single words that are not ordinary English words
    known: dict[tuple[str, ...], str] = {}
    for surf in {span_surface(text, s) for s in spans}:
        lab = major[surf.casefold()]
        words = tuple(surf.split())
        if words and words[0][:1].isdigit():
            continue
        if words and all(w[:1].isupper() or w in CONNECTORS for w in words):
            known[words] = lab
    for w in person_words:
        known[(w,)] = "PERSON"
    for name in org_short:
        known[tuple(name.split())] = "ORG"
    if not known:
        return out
    max_n = max(len(k) for k in known)
    starts = sorted((s.start, s.end) for s in out)
    covered_starts = [a for a, _ in starts]

    def is_covered(a: int, b: int) -> bool:
        k = bisect.bisect_right(covered_starts, b) - 1
        while k >= 0 and starts[k][1] > a - 200:
            if starts[k][0] < b and a < starts[k][1]:
                return True
            k -= 1
        return False

    added: list[Span] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if not capitalised(t):
            i += 1
            continue
        step = 1
        for n in range(min(max_n, len(tokens) - i), 0, -1):
            words = tuple(x.text for x in tokens[i : i + n])
            lab = known.get(words)
            if not lab:
                continue
            a, b = t.start, tokens[i + n - 1].end
            if "\n" in text[a:b]:
                continue  # a name never runs over a line break
            if " ".join(text[a:b].split()) != " ".join(words) or is_covered(a, b):
                break
            ordinary = (
                words[0].lower() in english and sentence_initial(text, a) and words[0] not in person_words
            )
            if n == 1 and (ordinary or len(words[0]) < 2):
                break  # "Such" opening a sentence is not Peter Such, unless Such is a surname seen here
            added.append(Span(a, b, lab, SpanSource.CONSISTENCY))
            step = n
            break
        i += step
    return sorted(out + added, key=lambda s: s.start)
