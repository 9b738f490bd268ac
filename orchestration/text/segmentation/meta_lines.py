"""Metadata lines recognised by their shape: bylines, timestamps ("Published ...", "5 hours ago", "3 min
read"), photo credits ("Courtesy of X", "AP Photo/X") and captions that end with their credit."""

from __future__ import annotations

import datetime
import functools
import re

from orchestration.text.dates import DATE_SEARCH_RE as _DATE_SEARCH_RE
from orchestration.text.dates import find_month_day, parse_dateline
from orchestration.text.segmentation.lines import _LETTER_RE, _TERMINAL_RE, _split_parts, _word_count
from orchestration.text.vocabulary import WEEKDAY_NAMES

_BYLINE_RE = re.compile(
    r"^(?:By|BY|by|Written by|Reported by|Reporting by|Words by|Story by)\s+(?=[A-Z\u00c0-\u024f])"
    r"|^(?:Reporter|Correspondent|Staff [Ww]riter|Staff [Rr]eporter)\b"
    r"|,\s*(?:[Ss]taff |[Ss]enior |[Cc]hief )?(?:[Rr]eporter|[Cc]orrespondent|[Ww]riter|[Ee]ditor)s?$"
)
# "Von Jana Brückner und Tobias Weiland", "Por Lucía Aranda y Martín Roldán": a label, then only names.
_NAME_WORD = r"[A-Z\u00c0-\u024f][\w'’.-]*"
_FOREIGN_BYLINE_RE = re.compile(
    rf"^(?:Von|Por|Par|Door|Di)\s+{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|da|del|van|von|der|y|e|und|et|en|,))"
    r"{0,8}\s*$"
)
_MAX_BYLINE_WORDS = 15
# A byline's label on a line of its own, the name on the next ("By" / "Jane Doe").
_BYLINE_LABEL_RE = re.compile(r"^(?:by|written by|reported by|von|por|par)\s*:?$", re.IGNORECASE)
_EMAIL_RE = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_PUBLISHED_RE = re.compile(
    r"^(?P<label>(?:first |last |originally )?(?:published|posted|updated|modified)|date|dated)\b"
    r"(?:\s+(?:on|at))?\s*[:：]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_RELATIVE_RE = re.compile(
    r"^(?:(?:updated|posted|published)\s*:?\s*)?(?:\d+|an?|one)\s*"
    r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|months?|y|yrs?|years?)"
    r"\s+ago$|^(?:just now|yesterday|today)$",
    re.IGNORECASE,
)
_MAX_TIMESTAMP_LABEL_WORDS = 4  # "All News 10:31 December 28, 2025"
_CLOCK_RE = re.compile(r"\d{1,2}:\d{2}\b")
# A clock time (and zone) after a date: "Nov 19, 2019, 10:31 pm CST", "... 2019 7:04 pm ET".
_CLOCK_TAIL_RE = re.compile(
    r"^[\s,|·•-]*(?:(?:at|às|à|um|a las|alle|om)\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?|uhr|h)?"
    r"\s*(?:[A-Z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})?\.?$",
    re.IGNORECASE,
)
_READ_TIME_RE = re.compile(r"^\d+\s*(?:-\s*)?min(?:ute)?s?\.?(?:\s+read)?$", re.IGNORECASE)
_CREDIT_RE = re.compile(
    r"^(?:photo courtesy of|courtesy of|courtesy|photos?(?: by| credit)?|photograph(?:s|ed)?(?: by)?"
    r"|images?(?: by| credit)?|credit|illustration(?: by)?|graphics?(?: by)?|cartoon(?: by)?|video(?: by)?"
    r"|source)\s*[:：]?\s+(?P<who>[^.!?]{2,80})$",
    re.IGNORECASE,
)
# "AP Photo/Jane Doe", "Agency Name/Photographer Name": the agency's photo credit convention.
_SLASH_CREDIT_RE = re.compile(
    r"^(?P<who>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})$"
)
_BRACKET_CREDIT_RE = re.compile(r"^[(\[](?P<who>[A-Z][\w.&' -]{1,40})[)\]]$")
_MIN_CAPTION_CHARS = 15
_CREDIT_WORDS_RE = re.compile(
    r"\b(?:photo|photos|photograph|illustration|image|file|handout|courtesy|credit|pool|graphic|via)\b",
    re.IGNORECASE,
)
_CAPTION_CUE_RE = re.compile(r"\b(?:photos?|pictured|shows?|seen|file photo|screenshot)\b", re.IGNORECASE)
_CREDIT_PREFIX_RE = re.compile(
    r"^(?:photo courtesy of|courtesy of|photos?(?: by)?|illustration(?: by)?|image(?: by)?|graphic(?: by)?"
    r"|credit)\s*[:：]?\s*",
    re.IGNORECASE,
)


# An English weekday whole or cut ("Tues", "Wed."): each name's three-letter stem and the stem before "day".
_WEEKDAY_STEMS = sorted(
    {name[:3] for name in WEEKDAY_NAMES} | {name.removesuffix("day") for name in WEEKDAY_NAMES},
    key=lambda stem: (-len(stem), stem),
)
# Only ever fullmatched: a name before a date is a weekday, not an author.
_WEEKDAY_RE = re.compile(
    rf"(?:{'|'.join(_WEEKDAY_STEMS)})(?:day)?\.?"
    # the languages of dates.py's month names: "segunda-feira, 22 de janeiro de 2018", "Montag, 3. März 2025"
    r"|(?:segunda|terça|terca|quarta|quinta|sexta)(?:-feira)?|sábado|sabado|domingo|lunes|martes|miércoles"
    r"|miercoles|jueves|viernes|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi"
    r"|mercredi|jeudi|vendredi|samedi|dimanche|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica"
    r"|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)  # pure; asked of the same lines for every title candidate above them
def byline_of(text: str) -> str | None:
    """The byline in a line ("By Jane Doe", "By Jane Doe | Dec 5, 2025", "Jane Doe - Dec 5, 2025"), else None."""
    for part in _split_parts(text):
        part = part.strip()
        if part and _word_count(part) <= 12 and (_BYLINE_RE.search(part) or _EMAIL_RE.match(part)):
            return part
        if _FOREIGN_BYLINE_RE.match(part):
            return part
    # A name, then the date it was filed: "Chris Davies - Nov 19, 2019, 10:31 pm CST".
    if _word_count(text) > _MAX_BYLINE_WORDS or not any(ch.isdigit() for ch in text):
        return None
    date = _DATE_SEARCH_RE.search(text[:200])
    if date:
        name = text[: date.start()].strip(" ,-–—|·•")
        if _NAME_RE.match(name) and not _WEEKDAY_RE.fullmatch(name):
            return name
    return None


def _is_meta_part(text: str) -> bool:
    if (
        _RELATIVE_RE.match(text)
        or _READ_TIME_RE.match(text)
        or parse_dateline(text)
        or _BYLINE_LABEL_RE.match(text)
    ):
        return True
    if _word_count(text) <= 12 and (
        _BYLINE_RE.search(text) or _EMAIL_RE.match(text) or _FOREIGN_BYLINE_RE.match(text)
    ):
        return True
    m = _PUBLISHED_RE.match(text)
    if m and _word_count(text) <= 15:
        rest = m.group("rest")
        return bool(
            find_month_day(rest, datetime.date.max) or _RELATIVE_RE.match(rest) or _CLOCK_RE.match(rest)
        )
    return False


def _is_meta(text: str) -> bool:
    if len(text) > 200:
        return False
    parts = _split_parts(text)
    if parts and all(_is_meta_part(p) for p in parts):
        return True
    # "December 28, 2025 2:05 PM GMT+9 Updated 2 hours ago", "All News 10:31 December 28, 2025":
    # a short line that opens or closes with a full date is a timestamp, not a headline.
    if _word_count(text) > 12:
        return False
    dates = list(_DATE_SEARCH_RE.finditer(text))
    if not dates:
        return False
    before = text[: dates[0].start()].strip(" ,")
    opens = not _LETTER_RE.search(before) or _WEEKDAY_RE.fullmatch(before) is not None
    after = text[dates[-1].end() :].strip(" .")
    closes = (not after or _CLOCK_TAIL_RE.match(after) is not None) and (
        _word_count(before) <= _MAX_TIMESTAMP_LABEL_WORDS
    )
    return opens or closes


def credit_only(text: str) -> str | None:
    """The source named by a credit-only line ("Courtesy of X", "Photo: X", "(Yonhap)"), else None."""
    if len(text) > 100:
        return None
    m = _CREDIT_RE.match(text) or _BRACKET_CREDIT_RE.match(text) or _SLASH_CREDIT_RE.match(text)
    if not m:
        return None
    who = m.group("who").strip(" :-")
    return who if who and _word_count(who) <= 8 else None


def split_caption_credit(text: str) -> tuple[str, str | None] | None:
    """(caption, credit) when the line is a photo caption ending with its credit, else None."""
    if len(text) > 1000:
        return None
    cut = text.rfind(" / ")
    if cut >= _MIN_CAPTION_CHARS:  # "... Kim Jong Un / News1"
        who = text[cut + 3 :].strip()
        if (
            2 <= len(who) <= 40
            and "/" not in who
            and _word_count(who) <= 4
            and not _TERMINAL_RE.search(who)
            and who[0].isupper()
        ):
            return text[:cut].strip(), who
    if not text.endswith((")", "]")):
        return None
    opening = text.rfind("(" if text.endswith(")") else "[")
    inner = text[opening + 1 : -1].strip()
    if opening <= 0 or not 2 <= len(inner) <= 120 or any(ch in inner for ch in "()[]"):
        return None
    caption = text[:opening].strip()
    words = _word_count(caption)
    if words >= 4 and ("/" in inner or _CREDIT_WORDS_RE.search(inner)):  # "(Name/Agency)", "(Photo: X)"
        return caption, _CREDIT_PREFIX_RE.sub("", inner).strip() or None
    # "... on Monday. (Yonhap)": a sentence (or a photo description), then a short capitalised source.
    inner_words = inner.split()
    if (
        words >= 4
        and (_TERMINAL_RE.search(caption) or _CAPTION_CUE_RE.search(caption))
        and len(inner_words) <= 3
        and all(w[0].isupper() for w in inner_words)
    ):
        return caption, inner
    return None


_NAME_RE = re.compile(r"^[A-Z][\w'’.-]+(?: (?:[A-Z][\w'’.-]+|de|van|von|bin|al)){1,3}$")
