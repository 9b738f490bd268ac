"""Span rules for names the model misses: gazetteer names, organisation shapes, photo credits, wire
datelines, unknown acronyms and numbered events. Each rule reads the recased text and returns spans."""

from __future__ import annotations

import re
from collections.abc import Sequence

from orchestration.text import gazetteer as gz
from orchestration.text.entities.recasing import is_caps_line
from orchestration.text.entities.spans import CONNECTORS, LINE_RE, Span, SpanSource, Token, capitalised


def _no_newline(text: str, start: int, end: int) -> bool:
    return "\n" not in text[start:end]


def gazetteer_spans(text: str, tokens: Sequence[Token], gaz: gz.Gazetteer) -> list[Span]:
    """Longest-first gazetteer matches starting at capitalised tokens, never across a line break."""
    out: list[Span] = []
    i = 0
    while i < len(tokens):
        if not capitalised(tokens[i]):
            i += 1
            continue
        hit = 0
        for n in range(min(gaz.max_tokens, len(tokens) - i), 0, -1):
            s, e = tokens[i].start, tokens[i + n - 1].end
            if n > 1 and not _no_newline(text, s, e):
                continue
            surface = " ".join(text[s:e].split())
            label = gaz.labels.get(surface)
            if not label and n > 1:  # "Korean peninsula", "Yellow sea": places with a lower-case head noun
                first, _, tail = surface.partition(" ")
                titled = f"{first} {tail.title()}"
                label = gaz.labels.get(titled) if gaz.labels.get(titled) == "LOC" and tail.islower() else None
            if label:
                src = SpanSource.GAZ if label != "GPE" or surface in gaz.countries else SpanSource.CITY
                out.append(Span(s, e, label, src))
                hit = n
                break
        i += hit or 1
    return out


def _cap_run_end(tokens: Sequence[Token], i: int, text: str) -> int:
    """Index after the run of capitalised tokens starting at i (allowing 'of', '&' inside)."""
    j = i
    while j < len(tokens):
        t = tokens[j]
        if j > i and not _no_newline(text, tokens[j - 1].end, t.start):
            break
        if j > i and text[tokens[j - 1].end : t.start].strip() not in ("", "'", "&", "-"):
            break
        if (
            capitalised(t)
            or t.text in CONNECTORS
            and j + 1 < len(tokens)
            and capitalised(tokens[j + 1])
            and j > i
        ):
            j += 1
        else:
            break
    while j > i and tokens[j - 1].text in CONNECTORS:
        j -= 1
    return j


def pattern_spans(
    text: str, tokens: Sequence[Token], gaz: gz.Gazetteer, english: frozenset[str] = frozenset()
) -> list[Span]:
    """Organisation-shaped capitalised runs: ``... Corp``, ``Ministry of ...``, ``FC ...``, ``... United``."""
    out: list[Span] = []
    i = 0
    while i < len(tokens):
        if not capitalised(tokens[i]):
            i += 1
            continue
        j = _cap_run_end(tokens, i, text)
        run = list(tokens[i:j])
        # drop ordinary capitalised openers: "The", "Shares of", "Analysts at"
        while len(run) >= 3 and run[0].text not in gz.ORG_HEADS_OF and run[1].text in CONNECTORS:
            if run[0].text.lower() not in english:
                break
            run = run[2:]
        if len(run) >= 2 and run[0].text in {"The", "A", "An"}:
            run = run[1:]
        if len(run) >= 2:
            words = [t.text for t in run]
            is_org = (
                words[-1] in gz.ORG_SUFFIXES
                or words[-1].rstrip(".") in gz.ORG_SUFFIXES
                or (words[0] in gz.ORG_HEADS_OF and len(words) >= 3 and words[1] in {"of", "for"})
                or (words[0] in gz.CLUB_PREFIXES and words[0] not in {"Red", "Austria", "Standard", "Inter"})
                or words[-1] in gz.CLUB_SUFFIXES
            )
            if is_org and " ".join(words) not in gaz.labels:
                out.append(Span(run[0].start, run[-1].end, "ORG", SpanSource.PATTERN))
        i = max(j, i + 1)
    return out


_CREDIT_SLASH_RE = re.compile(r"\s/\s+([A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})\s*$", re.M)
_CREDIT_PAREN_RE = re.compile(r"\(([^()\n]{2,120})\)")
_CREDIT_PREFIX_RE = re.compile(r"\b(?:Courtesy of|Photo:|Photo by|Illustration:|Cartoon:|Credit:)\s+", re.I)
_CREDIT_SKIP: frozenset[str] = frozenset(
    {
        "Pool",
        "Handout",
        "File",
        "File Photo",
        "Photo",
        "Illustration",
        "Screenshot",
        "Yonhap Photo",
        "Getty Images",
    }
)
_CREDIT_PART_RE = re.compile(r"\s*/\s*|\s+via\s+")


def credit_spans(text: str, gaz: gz.Gazetteer) -> list[Span]:
    """Photo credits: ``... / News1`` at line end and ``(Photographer/Agency/Pool via Reuters)``."""
    out: list[Span] = []
    for m in _CREDIT_SLASH_RE.finditer(text):
        out.append(Span(m.start(1), m.end(1), "ORG", SpanSource.CREDIT))
    for m in _CREDIT_PAREN_RE.finditer(text):
        inner = m.group(1)
        if "/" not in inner and " via " not in inner and gaz.labels.get(inner.strip()) != "ORG":
            continue
        pos = m.start(1)
        for part in _CREDIT_PART_RE.split(inner):
            p_start = text.find(part, pos, m.end(1)) if part else -1
            if p_start < 0:
                continue
            pos = p_start + len(part)
            name = part.strip()
            if name.startswith("The "):
                p_start += 4
                name = name[4:]
            if not name or name in _CREDIT_SKIP or not name[:1].isupper():
                continue
            n_words = len(name.split())
            if gaz.labels.get(name) == "ORG" or (n_words == 1 and name[:1].isupper()):
                label = "ORG"
            elif 2 <= n_words <= 4 and all(w[:1].isupper() for w in name.split()):
                label = "PERSON" if not any(w in gz.ORG_SUFFIXES for w in name.split()) else "ORG"
            else:
                continue
            out.append(Span(p_start, p_start + len(name), label, SpanSource.CREDIT))
    for m in _CREDIT_PREFIX_RE.finditer(text):
        rest = text[m.end() : text.find("\n", m.end()) if "\n" in text[m.end() :] else len(text)]
        mm = re.match(r"[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3}", rest)
        if mm:
            name = mm.group(0)
            words = name.split()
            if gaz.labels.get(name) == "ORG" or len(words) == 1 or words[-1] in gz.ORG_SUFFIXES:
                label = "ORG"
            else:
                label = "PERSON"
            out.append(Span(m.end(), m.end() + len(name), label, SpanSource.CREDIT))
    return out


_DATELINE_RE = re.compile(
    r"^((?:THE )?[A-Z][A-Za-z.'\-]*(?: (?:(?:de|da|do|del|la|le|el|al|es|of) )?[A-Z][A-Za-z.'\-]*){0,3})(?:, ([A-Z][A-Za-z.\-]*(?: [A-Z][A-Za-z.\-]*){0,2}))?"
    r"(?= \d{4}-\d\d-\d\d\b| \(\w[\w ]*\)\s*[-–—]|,? [A-Z][a-z]{2,8}\.? \d{1,2} \()",
    re.M,
)


def dateline_spans(original_caps: str, text: str) -> list[Span]:
    """Wire datelines: ``SEOUL 1996-08-30`` / ``TAVILDARA, Tajikistan 1996-08-30`` / ``LONDON (Reuters) -``.

    Matched on the recased text; ``original_caps`` is the folded text before recasing, used to require
    that the place was written in capitals (the wire convention).
    """
    out = []
    for m in _DATELINE_RE.finditer(text):
        place = original_caps[m.start(1) : m.end(1)]
        if not place.replace(" ", "").replace(".", "").replace("-", "").replace("'", "").isupper():
            continue
        out.append(Span(m.start(1), m.end(1), "GPE", SpanSource.DATELINE))
        if m.group(2):
            out.append(Span(m.start(2), m.end(2), "GPE", SpanSource.DATELINE))
    return out


_ACRONYM_RE = re.compile(r"(?<![\w.&])[A-Z][A-Z&]{1,5}(?![\w.&])")
NOT_ORG_ACRONYMS: frozenset[str] = frozenset(
    (
        "GMT", "UTC", "EST", "EDT", "CST", "CDT", "PST", "PDT", "CET", "CEST", "BST", "JST", "KST", "MLN",
        "BLN", "BN", "MN", "PCT", "PC", "CEO", "CFO", "COO", "CTO", "GDP", "GNP", "CPI", "PPI", "IPO", "NAV",
        "EPS", "AM", "PM", "TV", "OK", "VAT", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII",
        "XIV", "XV", "HIV", "AIDS", "DNA", "ID", "SUV", "VIP", "MP", "MPS", "QC", "PR", "PS", "NB", "FOB",
        "CIF", "YTD", "EBITDA", "ETF", "KM", "MPH", "RPM", "MW", "KW", "KG", "LB", "LBS", "OZ", "NOTE", "ET",
        "AD", "BC", "IT", "AI", "CD", "DVD", "PDF", "FAQ", "URL", "USB", "CNG", "LNG", "LPG", "ATM", "FX",
        "OTC", "REIT", "RBI", "ERA", "NL", "AL", "AFC", "NFC", "ACC", "OR", "AND", "THE", "OF",
        "TO", "IN", "ON", "AT", "FOR", "NO", "YES", "UP", "VS", "RE", "FT", "MT", "TD", "HR", "RBI", "PTS",
        "REB", "AST", "WL", "WDL", "GF", "GA", "GD", "PLD", "PTS", "DW", "NR", "SR", "JR", "MR", "MRS", "MS",
        "DR", "ST", "LT", "CO", "INC", "LTD", "PLC", "CORP", "USD", "EUR", "GBP", "JPY", "DM", "FFR",
    )
)  # fmt: skip


def acronym_spans(
    original: str, text: str, gaz: gz.Gazetteer, currencies: frozenset[str], english: frozenset[str]
) -> list[Span]:
    """Unknown all-caps acronyms in mixed-case lines (``KDP``, ``FOMC``) are usually organisations."""
    out = []
    for line in LINE_RE.finditer(original):
        if is_caps_line(line.group(0)):
            continue
        for m in _ACRONYM_RE.finditer(line.group(0)):
            w = m.group(0)
            if w in gaz.labels or w in NOT_ORG_ACRONYMS or w in currencies or len(w.strip("&")) < 2:
                continue
            if w.lower() in english:
                continue  # a shouted word ("FILING", "TAX"), not an acronym
            a = line.start() + m.start()
            out.append(Span(a, a + len(w), "ORG", SpanSource.ACRONYM))
    return out


_EVENT_RE = re.compile(
    r"\b\d{1,3}(?:st|nd|rd|th)\s+(?:[A-Z][\w'.\-]*\s+){0,4}?(?:Party\s+)?(?:Congress|Plenum|Plenary Session|"
    r"Summit|Games|Olympics|Conference|Festival|Session|Anniversary|Championships?|World Cup)\b"
)


def event_spans(text: str) -> list[Span]:
    """Numbered events: ``9th Party Congress``, ``8th Workers' Party Congress``, ``26th Summit``."""
    return [Span(m.start(), m.end(), "EVENT", SpanSource.EVENT) for m in _EVENT_RE.finditer(text)]
