"""Headline recasing (length-preserving): ALL-CAPS and Title Case lines rewritten in running-text case.

ALL-CAPS lines (wire headlines, sports tables, datelines) and Title Case lines (headlines, teasers,
captions: most words capitalised, at least three of them ordinary English words) are rewritten in the
casing the same words have elsewhere in the document, gazetteer names capitalised and ordinary English
words in lower case, because the model relies on case. On Title Case lines a word keeps its capital when
the document writes it so mid-sentence, when it is a gazetteer name, nationality, weekday or month, when it
is not an English word, after a given name (``Tim Cook``) and inside an organisation name that ends in a
company or club word (``Homegate Hospitality Inc``); verbs and common nouns (``Soars``, ``Gains``) are
lowered.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from orchestration.text import gazetteer as gz
from orchestration.text.entities.spans import LINE_RE, MONTHS_DAYS, SENT_END_BEFORE_RE

_WORD_RE = re.compile(r"[^\W\d_]+(?:['.][^\W\d_]+)*")


def is_caps_line(line: str) -> bool:
    upper = sum(map(str.isupper, line))
    return upper >= 4 and upper > 4 * sum(map(str.islower, line))


def _same_length_lower(word: str) -> str:
    low = word.lower()
    return low if len(low) == len(word) else word


def _same_length_title(word: str) -> str:
    t = word[:1] + _same_length_lower(word[1:])
    # keep inner capitals after apostrophes/hyphens/dots: O'NEILL -> O'Neill, JEAN-PAUL -> Jean-Paul
    return re.sub(r"(?<=['.\-])([^\W\d_])", lambda m: m.group(1).upper(), t)


_SMALL_WORDS: frozenset[str] = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "nor",
        "with",
        "by",
        "from",
        "as",
        "vs",
        "via",
        "per",
        "into",
        "over",
        "up",
        "off",
    ]
)


def is_title_line(line: str, english: frozenset[str]) -> bool:
    """A Title Case headline (``Chinese Electric Cars Make Big Gains``): nearly every content word is
    capitalised and several of them are ordinary English words (so it is not just a list of names)."""
    words = [
        w for w in _WORD_RE.findall(line) if (w.lower() not in _SMALL_WORDS or w[:1].isupper()) and len(w) > 1
    ]
    if len(words) < 4 or is_caps_line(line):
        return False
    caps = [w for w in words if w[:1].isupper()]
    common = sum(w.lower() in english and w not in gz.PERSON_TITLES for w in caps[1:])
    digits = sum(map(str.isdigit, line))
    return len(caps) >= 0.85 * len(words) and common >= 3 and common >= 0.35 * len(caps) and digits <= 4


def document_casing(text: str, english: frozenset[str] = frozenset()) -> dict[str, str]:
    """lower-case word -> its most frequent non-initial spelling in the document's running-text lines."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in LINE_RE.finditer(text):
        if is_caps_line(line.group(0)) or is_title_line(line.group(0), english):
            continue
        for m in _WORD_RE.finditer(line.group(0)):
            w = m.group(0)
            if m.start() == 0 or (w.isupper() and len(w) > 1 and not _looks_acronym(w)):
                continue  # line-initial words and shouted words say nothing about casing
            if SENT_END_BEFORE_RE.search(line.group(0)[max(0, m.start() - 3) : m.start()]):
                continue  # nor do sentence-initial ones
            counts[w.lower()][w] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def _looks_acronym(word: str) -> bool:
    return len(word) <= 5 and not any(v in word for v in "AEIOUY") or "." in word


@dataclass(frozen=True)
class CasingResources:
    gazetteer_title: frozenset[str]  # title-cased multi/single word gazetteer names (casefolded key)
    gazetteer_upper: frozenset[str]  # acronyms in the gazetteer written upper-case (NATO, U.S.)
    english: frozenset[str]  # lower-case English words
    max_tokens: int
    first_names: frozenset[str] = frozenset()  # lower-case given names that are not ordinary words


def recase_caps(text: str, res: CasingResources) -> str:
    """Rewrite ALL-CAPS lines and Title Case headlines in plausible running-text case (the casing the
    document uses elsewhere, gazetteer names capitalised, ordinary words lower-case). Length-preserving:
    every offset stays valid."""
    modes = []
    for line in LINE_RE.finditer(text):
        s = line.group(0)
        mode = "caps" if is_caps_line(s) else "title" if is_title_line(s, res.english) else ""
        if mode:
            modes.append((line, mode))
    if not modes:
        return text
    casing = document_casing(text, res.english)
    out = list(text)
    for line, mode in modes:
        words = list(_WORD_RE.finditer(line.group(0)))
        base = line.start()
        if mode == "title":
            for m, new in zip(words, _recase_title_words(line.group(0), words, casing, res), strict=True):
                if len(new) == len(m.group(0)) and new != m.group(0):
                    _put(out, base + m.start(), new)
            continue
        i = 0
        while i < len(words):
            taken = _gazetteer_phrase(line.group(0), words, i, res)
            if taken:
                if mode == "caps":
                    for k in range(i, i + taken):
                        wk = words[k].group(0)
                        small = k > i and wk.lower() in _SMALL_WORDS | {"de"}
                        _put(
                            out,
                            base + words[k].start(),
                            _same_length_lower(wk) if small else _same_length_title(wk),
                        )
                i += taken
                continue
            w = words[i].group(0)
            new = _recase_word(w, casing, res, mode)
            if i == 0 and new[:1].islower():
                new = new[:1].upper() + new[1:]
            if len(new) == len(w) and new != w:
                _put(out, base + words[i].start(), new)
            i += 1
    return "".join(out)


def _gazetteer_phrase(line: str, words: Sequence[re.Match[str]], i: int, res: CasingResources) -> int:
    """Number of words (>= 2) of the longest gazetteer name starting at word i (NEW YORK), else 0."""
    for n in range(min(res.max_tokens, len(words) - i), 1, -1):
        seg = line[words[i].start() : words[i + n - 1].end()]
        if " ".join(seg.split()).lower() in res.gazetteer_title:
            return n
    return 0


def _recase_title_words(
    line: str, words: Sequence[re.Match[str]], casing: dict[str, str], res: CasingResources
) -> list[str]:
    """New spelling of each word of a Title Case headline (same lengths).

    A capitalised word keeps its capital when it is part of a gazetteer name, when the document writes
    it capitalised in running text (``Moon`` after ``Moon Sang Ho``), when it is not an ordinary English
    word (``Yeo``, ``Nio``), or when it stands next to a given name (``Tim Cook``); the document's
    lower-case spelling or the English word list lowers the rest (``Soars``, ``Hits``, ``Gains``).
    Acronyms and words already in lower case are left alone; the first word keeps its capital."""
    new = [m.group(0) for m in words]
    name = [False] * len(words)  # capitalised and kept because it looks like (part of) a name
    lowered = [False] * len(words)  # lowered by the English word list only (no evidence in the document)
    anchor = [False] * len(words)  # a known name (gazetteer, the document's own capitals): may head an ORG
    i = 0
    while i < len(words):
        taken = _gazetteer_phrase(line, words, i, res)
        if taken:
            i += taken
            continue
        w = words[i].group(0)
        a, b = words[i].start(), words[i].end()
        if (
            w.isupper()
            or not w[:1].isupper()
            or len(w) < 2
            or line[b : b + 1].isdigit()
            or line[a - 1 : a].isdigit()
        ):
            i += 1  # acronyms, one letter, and letters of an alphanumeric name ("News1", "G7") are left alone
            continue
        stem = w[:-2] if w.lower().endswith("'s") and w.lower() not in casing else w
        low = stem.lower()
        if low in casing:
            new[i] = casing[low] + w[len(stem) :]
            name[i] = anchor[i] = new[i][:1].isupper()
        elif low in res.gazetteer_title or stem in res.gazetteer_upper:
            name[i] = anchor[i] = True
        elif stem in gz.DEMONYMS or low in MONTHS_DAYS and low not in ("may", "march"):
            pass  # capitalised in running text too ("Fed May Raise Rates" still lowers the verb "May")
        elif low in res.english and low not in res.first_names:
            new[i] = _same_length_lower(w)
            lowered[i] = True
        else:
            name[i] = low in res.first_names or low not in res.gazetteer_title
        i += 1
    for i in range(len(words)):
        if not (new[i][:1].islower() and words[i].group(0)[:1].isupper()):
            continue
        gap_before = i > 0 and line[words[i - 1].end() : words[i].start()] == " "
        gap_after = i + 1 < len(words) and line[words[i].end() : words[i + 1].start()] == " "
        prev = new[i - 1] if i > 0 else ""
        given_before = (
            gap_before
            and prev[:1].isupper()
            and not prev.isupper()
            and prev.lower() in res.first_names
            and prev.lower() not in res.gazetteer_title  # "India Seeks ..."
            and not _verb_like(words[i].group(0), res.english)  # "Powell Signals ..."
        )
        surname_first = gap_after and name[i + 1] and words[i].group(0) in gz.EAST_ASIAN_SURNAMES
        if given_before or surname_first:  # "Tim Cook", "Moon Jae-in"
            new[i] = words[i].group(0)
    _restore_org_names(line, words, new, anchor, lowered)
    if new and new[0][:1].islower() and words[0].start() == 0:
        new[0] = words[0].group(0)
    return new


_ORG_TAILS: frozenset[str] = gz.ORG_SUFFIXES | gz.CLUB_SUFFIXES
# tails that make a name even of ordinary words (company forms, club names), unlike "Party" or "Bank"
_NAME_TAILS: frozenset[str] = gz.CLUB_SUFFIXES | gz.ENGLISH_COMPANY_FORMS


def _verb_like(word: str, english: frozenset[str]) -> bool:
    """``Signals``, ``Warned``, ``Seeking``: an English word with an inflection ending."""
    low = word.lower()
    return any(low.endswith(e) and low[: -len(e)] in english for e in ("s", "es", "ed", "d", "ing"))


def _restore_org_names(
    line: str, words: Sequence[re.Match[str]], new: list[str], anchor: Sequence[bool], lowered: Sequence[bool]
) -> None:
    """Give back the capitals of an organisation name in a headline: a run of capitalised words ending in
    an organisation word (``Homegate Hospitality Inc``, ``Michigan National Bank``, ``Queens Park
    Rangers``). The run starts at its first known name among the two words before the tail, else (company
    forms and club tails only) takes at most two words before the tail. Only words lowered for being in
    the English word list are restored, never ones the document itself writes in lower case."""
    for k, m in enumerate(words):
        if m.group(0) not in _ORG_TAILS or not (lowered[k] or new[k] == m.group(0)):
            continue
        j = k
        while j > 0 and line[words[j - 1].end() : words[j].start()] in (" ", " & "):
            prev = words[j - 1].group(0)
            if not prev[:1].isupper() or not (lowered[j - 1] or new[j - 1] == prev) or prev.isupper():
                break
            j -= 1
        if j == k:
            continue
        anchors = [x for x in range(max(j, k - 2), k) if anchor[x]]
        if anchors:
            first = anchors[0]
        elif m.group(0) in _NAME_TAILS:  # "General Motors Corp", "Queens Park Rangers"
            first = max(j, k - 2)
        else:
            continue  # "Key Party", "Training Highlights Alliance": nothing names an organisation
        for x in range(first, k + 1):
            new[x] = words[x].group(0)


def _recase_word(w: str, casing: dict[str, str], res: CasingResources, mode: str) -> str:
    low = w.lower()
    if low.endswith("'s") and low not in casing:
        return _recase_word(w[:-2], casing, res, mode) + w[-2:]
    if w in res.gazetteer_upper:
        return w
    if low in casing:
        return casing[low]
    if low in res.gazetteer_title:
        return _same_length_title(w)
    if low in res.english or (len(w) == 1 and mode == "caps"):
        return _same_length_lower(w)
    return _same_length_title(w) if mode == "caps" else w


def _put(out: list[str], pos: int, word: str) -> None:
    out[pos : pos + len(word)] = list(word)
