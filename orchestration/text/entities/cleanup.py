"""Span shaping: cut spans at separators, trim titles, possessives, "the", numbers and glued page labels
(``NorthKoreaNorth Korea``), carve gazetteer names out of model spans, extend spans the model cut short,
and drop headline capitals that name nothing (``drop_headline_words``)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS

from orchestration.text import gazetteer as gz
from orchestration.text.entities.recasing import is_title_line
from orchestration.text.entities.rules import NOT_ORG_ACRONYMS
from orchestration.text.entities.spans import (
    CONNECTORS,
    LINE_RE,
    MONTHS_DAYS,
    Span,
    SpanSource,
    sentence_initial,
    span_surface,
)

_LEADING_THE_RE = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING_RE = re.compile(r"(?:\s*['’]s|\s*['’]|[\s.,;:!?\-]+)$")


_STOP_WORDS: frozenset[str] = frozenset(SPACY_STOP_WORDS) | {"amid", "despite", "although", "meanwhile"}
_ORDINAL_RE = re.compile(r"^\d+(?:st|nd|rd|th)$")
# table headers and generic words the model sometimes tags on their own
_GENERIC_WORDS: frozenset[str] = frozenset(
    ("attendance", "extras", "total", "totals", "scorer", "scorers", "standings", "women", "men", "avg",
     "winner", "winners", "results", "result", "note", "notes", "penalties", "automakers", "eyewitnesses")
)  # fmt: skip


_PLACE_LABELS: frozenset[str] = frozenset({"GPE", "LOC", "FAC"})
_GLUED_PREFIX_RE = re.compile(r"[^\W\d_]*[a-z](?=[A-Z])")  # up to the last lower->upper joint of a word

_LEADING_TITLE_RE = re.compile(
    r"^(?:"
    + "|".join(sorted((re.escape(t) for t in gz.PERSON_TITLES if t[:1].isupper()), key=len, reverse=True))
    + r")\.?\s+(?=[A-Z])"
)


def clean_span(
    s: Span,
    text: str,
    keep: Mapping[str, str] | frozenset[str] = frozenset(),
    english: frozenset[str] = frozenset(),
) -> Span | None:
    """Trim "the", possessives and stray punctuation; drop spans with no capitalised word."""
    start, end = s.start, s.end
    seg = text[start:end]
    m = _LEADING_THE_RE.match(seg)
    if m and s.label != "PERSON" and end - start - m.end() > 1:
        start += m.end()
    seg = text[start:end]
    if s.label == "PERSON":  # titles are not part of a name: "King Norodom Sihanouk", "Judge Olga Ivanova"
        while (t := _LEADING_TITLE_RE.match(seg)) and len(seg) > t.end() + 1:
            start += t.end()
            seg = text[start:end]
    while seg not in keep:  # "Lord's" (a gazetteer name) keeps its apostrophe
        m2 = _TRAILING_RE.search(seg)
        if not m2 or m2.start() == 0:
            break
        if seg.endswith(".") and re.search(r"(?:\b[A-Z]\.){2,}$|\b(?:Inc|Corp|Co|Ltd|Jr|Sr|Bros)\.$", seg):
            break  # keep the dot of "U.S." or "Corp."
        end = start + m2.start()
        seg = text[start:end]
    while seg[:1] in "\"'([-" and len(seg) > 1:
        start += 1
        seg = text[start:end]
    glued = _GLUED_PREFIX_RE.match(seg)
    if glued and seg[glued.end() :] in keep:  # "NorthKoreaNorth Korea": a page label glued to a name
        start += glued.end()
        seg = text[start:end]
    if not seg or not any(c.isupper() or c.isdigit() for c in seg[:1]) or not any(c.isalpha() for c in seg):
        return None
    if len(seg) < 2 or _ORDINAL_RE.match(seg) or seg.lower() in _GENERIC_WORDS:
        return None
    if seg in NOT_ORG_ACRONYMS and (
        s.label == "ORG" or s.source == SpanSource.MODEL and s.label in _PLACE_LABELS
    ):
        return None  # "AI", "GDP": an acronym of a common noun (the model sometimes calls it a place)
    if s.source == SpanSource.MODEL and seg.lower() in _STOP_WORDS:
        return None  # "Amid", "Although": a capitalised function word, not a name
    if (
        s.source == SpanSource.MODEL
        and s.label in ("ORG", "GPE", "LOC", "FAC")
        and seg.lower() in english
        and seg not in keep
        and sentence_initial(text, start)
    ):
        return None  # "Kidnappers seized ...": an ordinary word that starts a sentence
    return Span(start, end, s.label, s.source)


_SPLIT_RE = re.compile(r"\s+[-/]+\s+|[()\n\"]|,\s+|\s{2,}|\t")
_NAME_HYPHEN_RE = re.compile(r"(?<=[a-z])-(?=[A-Z][a-z]+ [A-Z])")  # "Xi Jinping-Joe Biden"
_EDGE_JUNK_RE = re.compile(r"^[a-z][\w']*$|^[\d.,:/\-+%]+$|^[^\w]+$|^\d+(?:st|nd|rd|th)$")


def _split_name_pair(seg: str, a: int, b: int) -> list[tuple[int, int]]:
    m = _NAME_HYPHEN_RE.search(seg, a, b)
    if m and " " in seg[a : m.start()]:
        return [(a, m.start()), (m.end(), b)]
    return [(a, b)]


def split_span(s: Span, text: str, english: frozenset[str], gaz: gz.Gazetteer) -> list[Span]:
    """Cut a span at separators that never occur inside a name (`` - ``, parentheses, commas, line breaks)
    and trim lower-case words and numbers off its edges (``Interfax news agency``, ``Kent 108-3``)."""
    seg = text[s.start : s.end]
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in _SPLIT_RE.finditer(seg):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(seg)))
    if s.label == "PERSON":  # two full names joined by a hyphen
        pieces = [piece for a, b in pieces for piece in _split_name_pair(seg, a, b)]
    was_split = len(pieces) > 1
    out = []
    for a, b in pieces:
        toks = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", seg[a:b])]
        while toks and _EDGE_JUNK_RE.match(toks[-1][2]):
            toks.pop()
        while toks and _EDGE_JUNK_RE.match(toks[0][2]) and toks[0][2] != "de":
            toks.pop(0)
        if not toks:
            continue
        start, end = s.start + a + toks[0][0], s.start + a + toks[-1][1]
        surface = text[start:end]
        if was_split and " " not in surface and surface.lower() in english and surface not in gaz.labels:
            continue  # "Cricket" left over from "Cricket - Leicestershire"
        out.append(Span(start, end, s.label, s.source))
    return out


_ORG_WORDS: frozenset[str] = gz.ORG_SUFFIXES | gz.ORG_HEADS_OF | gz.CLUB_SUFFIXES


def carve_gazetteer(
    model: Sequence[Span], gazetteer: Sequence[Span], text: str, english: frozenset[str]
) -> list[Span]:
    """Replace a model span by the gazetteer names inside it when the rest is ordinary words:
    ``U.S. Stock Market`` (a title-case headline) -> ``U.S.``; ``U.S.-North Korea`` -> both countries."""
    out: list[Span] = []
    gaz_sorted = sorted(gazetteer, key=lambda g: g.start)
    gaz_starts = [g.start for g in gaz_sorted]
    for m in model:
        lo, hi = bisect.bisect_left(gaz_starts, m.start), bisect.bisect_left(gaz_starts, m.end)
        inner = [g for g in gaz_sorted[lo:hi] if g.end <= m.end and (g.start, g.end) != (m.start, m.end)]
        if not inner or m.label not in ("ORG", "GPE", "LOC", "FAC"):
            out.append(m)
            continue
        rest, pos = [], m.start
        for g in sorted(inner, key=lambda x: x.start):
            rest.append(text[pos : g.start])
            pos = max(pos, g.end)
        rest.append(text[pos : m.end])
        words = re.findall(r"[^\W\d_][\w']*", " ".join(rest))
        if all(w.lower() in english and w not in _ORG_WORDS for w in words):
            out.extend(replace(g, source=SpanSource.GAZ) for g in inner)
        else:
            out.append(m)
    return out


_REGION_TAIL_RE = re.compile(r"^ (?:region|oblast|krai|prefecture)\b")


def extend_spans(spans: Sequence[Span], text: str, gaz: gz.Gazetteer) -> list[Span]:
    """``Amur`` + `` region``; Korean three-part names the model cut short (``Moon Sang`` + ``Ho``)."""
    out = []
    for s in spans:
        after = text[s.end : s.end + 20]
        if s.label in ("GPE", "LOC") and (m := _REGION_TAIL_RE.match(after)):
            s = replace(s, end=s.end + m.end(), label="GPE")
        elif s.label == "PERSON":
            words = text[s.start : s.end].split()
            nxt = re.match(r" ([A-Z][a-z]{1,6})\b(?![-'])", after)
            if (
                len(words) == 2
                and words[0] in gz.EAST_ASIAN_SURNAMES
                and "-" not in words[1]
                and nxt
                and nxt.group(1) not in gaz.labels
                and nxt.group(1).lower() not in MONTHS_DAYS
            ):
                s = replace(s, end=s.end + nxt.end())
        out.append(s)
    return out


def drop_headline_words(
    spans: Sequence[Span],
    folded: str,
    text: str,
    english: frozenset[str],
    names: Iterable[str] = (),
    gazetteer_names: Mapping[str, str] | frozenset[str] = frozenset(),
) -> list[Span]:
    """Drop model and shape-rule spans on Title Case lines made only of ordinary English words
    (``Party Congress``, ``Soars``) unless they are gazetteer names, the document tags the same words
    outside such lines, or names a person with them: a headline capital says nothing about a name."""
    title_lines = [
        (m.start(), m.end()) for m in LINE_RE.finditer(folded) if is_title_line(m.group(0), english)
    ]
    if not title_lines:
        return list(spans)
    line_starts = [a for a, _ in title_lines]

    def on_title_line(s: Span) -> bool:
        k = bisect.bisect_right(line_starts, s.start) - 1
        return k >= 0 and s.end <= title_lines[k][1]

    flags = [on_title_line(s) for s in spans]
    known = {span_surface(text, s) for s, f in zip(spans, flags, strict=True) if not f} | set(names)
    out = []
    for s, flag in zip(spans, flags, strict=True):
        surface = span_surface(text, s)
        words = re.findall(r"[^\W\d_][\w']*", surface)
        if not flag or surface in known or surface in gazetteer_names or not words:
            out.append(s)
            continue
        if s.source == SpanSource.MODEL and all(
            w.lower().removesuffix("'s") in english and not w.isupper() for w in words
        ):
            continue
        if s.source == SpanSource.PATTERN and all(w in _ORG_WORDS or w in CONNECTORS for w in words):
            continue  # "Party Congress": organisation words and nothing that names one
        out.append(s)
    return out
