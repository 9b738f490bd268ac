"""Canonical entity keys: one key for every spelling of one entity, within and across documents.

A key is ``LABEL:normalised name`` and depends only on the document's own mentions plus the static alias
tables below, so it is stable when documents are processed incrementally.

Rules, in order (each is a small function and is unit-tested):
1. ``normalise_key``: NFKC, look-alike Cyrillic/Greek letters folded to Latin, curly quotes and ``\\'``
   escapes folded, accents dropped, apostrophes dropped, hyphens/dots/underscores -> spaces, lower case,
   leading "the" dropped. So ``Kim Jong-un`` == ``Kim Jong Un``, ``U.S.`` -> ``u s`` -> alias ``united states``.
2. PERSON: leading titles dropped (``President Lee`` -> ``Lee``), possessive ``'s`` dropped.
3. Aliases: explicit tables (``KEY_ALIASES``, country aliases from the gazetteer) map short forms to one name.
4. Within one document, a one-word PERSON reference (or a given name alone) is resolved to the full name
   (two or more words) that contains it as family name - the last word, or the first word for Korean/Chinese
   style names - preferring the nearest preceding full name, then the nearest following one. A one-word name
   with no such antecedent in its document keeps its own key: two documents that both say "Choi" are never
   merged into someone else's entity by surname alone.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from orchestration.text.entities.folding import fold_surface
from orchestration.text.gazetteer import COUNTRY_ALIASES, EAST_ASIAN_SURNAMES, PERSON_TITLES

# Normalised alias -> normalised canonical name. Countries come from the gazetteer; these are the rest.
KEY_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "un": "united nations",
        "u n": "united nations",
        "eu": "european union",
        "e u": "european union",
        "nyse": "new york stock exchange",
        "nato": "north atlantic treaty organization",
        "north atlantic treaty organisation": "north atlantic treaty organization",
        "imf": "international monetary fund",
        "wto": "world trade organization",
        "who": "world health organization",
        "ecb": "european central bank",
        "fed": "federal reserve",
        "us federal reserve": "federal reserve",
        "afp": "agence france presse",
        "ap": "associated press",
        "kcna": "korean central news agency",
        "dprk": "north korea",
        "rok": "south korea",
        "workers party": "workers party of korea",
        "wpk": "workers party of korea",
        "korea workers party": "workers party of korea",
        "cpc": "communist party of china",
        "ccp": "communist party of china",
        "chinese communist party": "communist party of china",
        "itar tass": "tass",
        "yonhap news agency": "yonhap",
        "korean peninsula": "korean peninsula",
        "ioc": "international olympic committee",
        "fbi": "federal bureau of investigation",
        "cia": "central intelligence agency",
        "sec": "securities and exchange commission",
    }
)
# Patterns over normalised names for families of aliases ("9th Workers' Party Congress" == "9th Party Congress").
_PATTERN_ALIASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d+(?:st|nd|rd|th)) (?:[a-z]+ )*party congress$"), r"\1 party congress"),
)

_SPACE_RE = re.compile(r"\s+")
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_SEPARATORS_RE = re.compile(r"[-_./]+")
_DROP_RE = re.compile(r"[^\w\s&+]")


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise_key(name: str) -> str:
    """The normalisation part of a key: case-, accent-, punctuation- and look-alike-insensitive."""
    text = _strip_accents(fold_surface(unicodedata.normalize("NFKC", name))).lower()
    text = text.replace("'", "")
    text = _SEPARATORS_RE.sub(" ", text)
    text = _DROP_RE.sub(" ", text)
    text = _SPACE_RE.sub(" ", text).strip()
    return text.removeprefix("the ")


def _country_aliases() -> dict[str, str]:
    return {normalise_key(k): normalise_key(v) for k, v in COUNTRY_ALIASES.items()}


@dataclass(frozen=True)
class AliasTable:
    """Normalised alias -> normalised canonical name (countries + ``KEY_ALIASES`` + extra)."""

    aliases: Mapping[str, str]

    @classmethod
    def default(cls, extra: Mapping[str, str] | None = None) -> AliasTable:
        table = _country_aliases()
        table.update(KEY_ALIASES)
        if extra:
            table.update({normalise_key(k): normalise_key(v) for k, v in extra.items()})
        return cls(MappingProxyType(table))

    def resolve(self, norm: str) -> str:
        norm = self.aliases.get(norm, norm)
        for pattern, repl in _PATTERN_ALIASES:
            norm = pattern.sub(repl, norm)
        return norm


_TITLE_WORDS: frozenset[str] = frozenset(w for t in PERSON_TITLES for w in t.replace(".", "").split())


def strip_titles(surface: str) -> str:
    """``President Lee Jae-myung`` -> ``Lee Jae-myung``; ``Gen. Smith's`` -> ``Smith``."""
    words = fold_surface(surface).split()
    while len(words) > 1 and words[0].rstrip(".") in _TITLE_WORDS:
        words = words[1:]
    out = " ".join(words)
    return _POSSESSIVE_RE.sub("", out) if out.endswith(("'s", "'")) and len(out) > 2 else out


def person_name_parts(name: str) -> tuple[str, ...]:
    """Words of a person name after title stripping (hyphenated given names stay one word)."""
    return tuple(strip_titles(name).split())


def family_names(parts: Sequence[str]) -> frozenset[str]:
    """Words a later one-word reference may use for a full name: the last word, and also the first word
    when it is a Korean/Chinese family name (those are written first: ``Xi Jinping``, ``Choi Eun-joo``)."""
    if not parts:
        return frozenset()
    out = {parts[-1]}
    if len(parts) >= 2 and parts[0] in EAST_ASIAN_SURNAMES:
        out.add(parts[0])
    return frozenset(out)


def display_name(surface: str, label: str) -> str:
    """Display form of one surface: folded, titles dropped for people."""
    name = fold_surface(surface).strip()
    if label == "PERSON":
        return strip_titles(name)
    return _POSSESSIVE_RE.sub("", name) if name.endswith("'s") else name


def entity_key(surface: str, label: str, aliases: AliasTable) -> str:
    """Document-independent key of one surface (no antecedent resolution)."""
    return f"{label}:{aliases.resolve(normalise_key(display_name(surface, label)))}"


@dataclass(frozen=True)
class LinkedName:
    entity_key: str
    canonical_name: str


def link_document(mentions: Sequence[tuple[str, str]], aliases: AliasTable) -> list[LinkedName]:
    """Keys and display names for one document's mentions, given as ``(surface, label)`` in text order."""
    names = [display_name(s, lab) for s, lab in mentions]
    # Full person names (two or more words) indexed by the one-word references they answer to.
    by_short: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, (_, lab) in enumerate(mentions):
        parts = tuple(names[i].split())
        if lab == "PERSON" and len(parts) >= 2:
            for short in short_references(parts):
                by_short[normalise_key(short)].append((i, names[i]))
    targets: list[str] = []  # the name each mention is keyed by
    for i, (_, lab) in enumerate(mentions):
        target = names[i]
        if lab == "PERSON" and " " not in target and by_short:
            target = _nearest(by_short.get(normalise_key(target), []), i) or target
        targets.append(target)
    keys = [
        f"{lab}:{aliases.resolve(normalise_key(t))}" for t, (_, lab) in zip(targets, mentions, strict=True)
    ]
    # Display name per key: the longest target (ties: first seen); aliases by their canonical spelling.
    best: dict[str, str] = {}
    for key, t in zip(keys, targets, strict=True):
        if key not in best or len(t) > len(best[key]):
            best[key] = t
    return [LinkedName(k, _pretty(best[k], k)) for k in keys]


def short_references(parts: Sequence[str]) -> frozenset[str]:
    """One-word references to a full name: its family name(s), and a hyphenated given name
    (``Ju-ae`` for ``Kim Ju-ae``)."""
    out = set(family_names(parts))
    if len(parts) == 2 and "-" in parts[1]:
        out.add(parts[1])
    return frozenset(out)


def _nearest(candidates: Sequence[tuple[int, str]], index: int) -> str | None:
    """The nearest preceding candidate, else the nearest following one (candidates sorted by position)."""
    if not candidates:
        return None
    k = bisect.bisect_left([i for i, _ in candidates], index)
    return candidates[k - 1][1] if k > 0 else candidates[k][1]


def _pretty(name: str, key: str) -> str:
    norm = key.split(":", 1)[1]
    if normalise_key(name) != norm and " " in norm and norm.replace(" ", "").isalpha():
        # an alias (``U.S.``) was resolved: show the canonical spelling
        return " ".join(w if w in {"of", "and", "the", "for"} else w.capitalize() for w in norm.split())
    return name
