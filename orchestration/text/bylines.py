"""Bylines and date lines under a headline: who wrote the story, and when it was published or updated.

Pages print these in many shapes: ``By Ana Reyes and Tom Okafor``, ``Chris Davies - Nov 19, 2019, 10:31 pm
CST``, ``Posted by Jane Roe on May 2, 2024``, ``Reporter Min Seo-yeon``, ``By JANE ROE, Staff Writer``,
``Published 4 March 2025, 08:30 GMT | Updated 5 March 2025``. The functions here are total (scraped input)
and know no outlet: names are what is left of a byline once its label, roles, dates, handles and addresses
are taken away.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from orchestration.text.dates import DATE_SEARCH_RE
from orchestration.text.timestamps import PageTime, find_timestamp

__all__ = ["BylineTimes", "authors_of", "is_role", "times_of"]

_LABEL_RE = re.compile(
    r"^\s*(?:(?:written|reported|posted|published|compiled|edited|words|story|text|photos?|reporting)\s+)?"
    r"(?:by|von|por|par|door|di|de)\b\s*:?\s*|^\s*(?:reporter|correspondent|author|writer)s?\s*:?\s+",
    re.IGNORECASE,
)
# Where the names end: a date, a number (a clock time, a numeric date), " on <date>", or a separator.
_CUT_RE = re.compile(
    r"\s+(?:on|am|le|el|il)\s+(?=\S*\d)|\s+[-–—|•·/]\s+|\s*[|•·]\s*|\s+(?=\d)|,?\s+(?:updated|published)\b",
    re.IGNORECASE,
)
# The word left before a date once the date is cut off ("Posted by Jane Roe on November 19, 2019").
# Lower case only: "Minh Le" is a name, "le 19 novembre" is not.
_TRAILING_CONNECTOR_RE = re.compile(r"\s+(?:on|am|le|el|il)\s*$")
# A role is a short phrase ending in one of these ("Staff Writer", "Community Reporter", "Senior Editor").
_ROLE_NOUNS = frozenset(
    [
        "writer",
        "writers",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "editor",
        "editors",
        "contributor",
        "contributors",
        "columnist",
        "columnists",
        "analyst",
        "photographer",
        "photographers",
        "photojournalist",
        "intern",
        "author",
        "producer",
        "anchor",
        "host",
        "critic",
        "staff",
        "desk",
        "bureau",
        "team",
    ]
)
_MAX_ROLE_WORDS = 3
# Words that qualify a role printed after a name without a comma ("Anna Novak News reporter").
_ROLE_MODIFIERS = frozenset(
    [
        "senior",
        "chief",
        "staff",
        "news",
        "community",
        "political",
        "business",
        "sport",
        "sports",
        "deputy",
        "associate",
        "assistant",
        "contributing",
        "special",
        "foreign",
        "managing",
        "executive",
        "digital",
        "science",
        "health",
        "tech",
        "technology",
        "investigative",
        "data",
    ]
)
_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\by\b|\bet\b|\be\b)\s*", re.IGNORECASE)
_HANDLE_RE = re.compile(r"@\w+|\S+@\S+|https?://\S+|www\.\S+")
_NAME_TOKEN_RE = re.compile(r"^[^\W\d_][\w.'’-]*$")
_MAX_NAME_WORDS = 5


def is_role(part: str) -> bool:
    """Whether a byline part is a job title ("Staff Writer", "Community Reporter"), not a name."""
    words = [w.lower().strip(".") for w in part.split()]
    return bool(words) and len(words) <= _MAX_ROLE_WORDS and words[-1] in _ROLE_NOUNS


def _without_trailing_role(tokens: list[str]) -> list[str]:
    """ "Anna Novak News reporter" -> Anna Novak: a role printed after the name with no comma between.

    Only where the role is recognisable as one: qualified ("Senior Staff Writer") or in lower case
    ("staff", "reporter"); a capitalised role noun on its own may be a surname. Two words of name remain.
    """
    words = [t.lower().strip(".") for t in tokens]
    if words[-1] not in _ROLE_NOUNS:
        return tokens
    start = len(words) - 1
    while start > 2 and words[start - 1] in _ROLE_MODIFIERS:
        start -= 1
    if start >= 2 and (start < len(words) - 1 or tokens[-1][0].islower()):
        return tokens[:start]
    return tokens


def _clean_name(part: str) -> str | None:
    """A person's (or desk's) name as printed, or None when the part is a role, a date or noise."""
    part = _HANDLE_RE.sub(" ", part).strip(" .,:;-–—()[]")
    if not part.split() or is_role(part):
        return None
    tokens = _without_trailing_role(part.split())
    part = " ".join(tokens)
    if len(tokens) > _MAX_NAME_WORDS:
        return None
    if not all(_NAME_TOKEN_RE.match(t) for t in tokens) or not tokens[0][0].isupper():
        return None
    if part.isupper() and len(part) > 3:
        part = part.title()  # "JANE ROE" -> "Jane Roe"; short all-caps desks ("AP", "AFP") stay as printed
    return part


def authors_of(byline: str) -> tuple[str, ...]:
    """The names in a byline, in order, without duplicates ("By A and B, Staff Writers" -> (A, B))."""
    text = _LABEL_RE.sub("", byline.strip(), count=1)
    date = DATE_SEARCH_RE.search(text)
    if date:
        text = _TRAILING_CONNECTOR_RE.sub("", text[: date.start()])
    text = _CUT_RE.split(text, maxsplit=1)[0]
    names: list[str] = []
    for part in _SPLIT_RE.split(text):
        name = _clean_name(part)
        if name and name not in names:
            names.append(name)
    return tuple(names)


_UPDATED_LABEL_RE = re.compile(
    r"\b(?:updated|modified|last (?:modified|updated)|edited|aktualisiert|actualizado)\b", re.IGNORECASE
)
_PART_SPLIT_RE = re.compile(r"\s+[|•·]\s+|\s*\|\s*")


def _parts(line: str) -> list[str]:
    """The line cut at its separators and before each "Updated" label ("Published X, updated Y")."""
    pieces = _PART_SPLIT_RE.split(line) if "|" in line or "•" in line or "·" in line else [line]
    parts = []
    for piece in pieces:
        cuts = [m.start() for m in _UPDATED_LABEL_RE.finditer(piece) if m.start() > 0]
        parts.extend(piece[a:b] for a, b in zip([0, *cuts], [*cuts, len(piece)], strict=True))
    return parts


@dataclass(frozen=True)
class BylineTimes:
    published: PageTime | None
    updated: PageTime | None


def times_of(line: str, anchor: datetime.date | None) -> BylineTimes:
    """Published and updated times on one byline or date line; a part labelled "Updated" is the update.

    ``anchor`` supplies the year where the line omits it (the page's own date).
    """
    published: PageTime | None = None
    updated: PageTime | None = None
    for part in _parts(line):
        found = find_timestamp(part, anchor)
        if found is None:
            continue
        label = _UPDATED_LABEL_RE.search(part)
        if label and (
            DATE_SEARCH_RE.search(part) is None or label.start() < DATE_SEARCH_RE.search(part).start()
        ):
            updated = updated or found
        else:
            published = published or found
    return BylineTimes(published, updated)
