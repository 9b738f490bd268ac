"""Segment the text of a scraped news page into page date, headlines, an article and boilerplate.

Pure functions over lines; no rule names an outlet. The approach:

1. Normalise: CRLF / lone CR line ends, control characters, HTML saved as text (block tags become blank
   lines, scripts and <head> are dropped). Every non-blank line keeps its *block* number (blank-line
   separated), because a blank line is the scraper's trace of an HTML block boundary.
2. Classify each line on its own shape (``classify``):
   FOOTER / INLINE boilerplate (generic phrases such as "Most Popular", "Copyright", "Share this", menus of
   ``|``), DATE (the whole line is a date), META (byline, "Published ...", "5 hours ago", a timestamp),
   CREDIT ("Courtesy of X", "Photo: X"), CAPTION (a description ending with its credit, ``... / Agency`` or
   ``(Name/Agency)``), TITLE (short, no sentence end), PARA (sentence-like), JUNK (not text).
3. Find the parts from structure:
   - page date: a DATE line (or a dated META line without a byline/"Published" label) among the first
     lines, before any headline or prose;
   - body: a *run*, i.e. a paragraph followed (captions and metadata aside) by another paragraph; a byline
     or date between the two makes the first one a dek instead;
   - main title: a title-like line copied within the next few lines, verbatim or glued to a section tag
     (``NorthKoreaTitle``; ``…`` equals ``...``; the glued prefix, split at case changes, is the section);
     the repeat closest above a run wins. Without a copy, the nearest headline-length line in the
     metadata zone above the body;
   - between title and body: lines in the glued copy's block are captions; credits, byline, published
     date and a dek (the main headline's summary) are picked up there too;
   - headlines outside the body (``_parse_items``): a title-like line and the next line as its summary
     (a sentence, or on listings a clause cut off without punctuation); where a page starts items with a
     caption, lines between a summary and the next headline are that next item's caption;
   - listing: no run, or headlines interleaved with one or two paragraphs each and no repeated title; a
     short first line is the section;
   - boilerplate: phrase-matched lines anywhere, unused short labels, and what follows the footer except
     lists of further headlines (kept as teasers).
4. Repair text: stray ``\\'`` escapes, HTML entities, a wire ``(END)`` mark, sentences glued without a space
   (``Monday.The`` -> ``Monday. The``; paragraphs are not split there). Duplicate paragraphs, captions and
   credits are kept once; of two copies of a caption the one that needed no escape repair wins.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import html
import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from enum import Enum

from orchestration.text.bylines import authors_of, times_of
from orchestration.text.dates import DATE_SEARCH_RE as _DATE_SEARCH_RE
from orchestration.text.dates import (
    WireDateline,
    find_date,
    find_month_day,
    find_wire_dateline,
    parse_dateline,
    parse_wire_dateline,
)
from orchestration.text.main_text import (
    STOPWORDS_HIGH,
    best_region,
    stoplist_for_words,
    stopword_density,
    tokens_of,
)
from orchestration.text.timestamps import PageTime

__all__ = ["Article", "Headline", "Page", "parse_dateline", "segment_page"]


@dataclass(frozen=True)
class Headline:
    position: int  # 1-based, page order
    text: str
    summary: str | None
    role: str  # "main" | "teaser" | "listing"
    summary_truncated: bool  # summary cut off with "..." or "…"
    photo_caption: str | None  # caption belonging to this item (listing pages), else None
    article_index: int | None  # index into Page.articles for a "main" headline, else None


@dataclass(frozen=True)
class Article:
    title: str
    section: str | None
    byline: str | None
    dateline_place: str | None
    published_date: datetime.date | None
    paragraphs: tuple[str, ...]
    photo_captions: tuple[str, ...]
    photo_credits: tuple[str, ...]
    subtitle: str | None = None  # the dek under the title
    authors: tuple[str, ...] = ()
    published: PageTime | None = None  # with the clock time and zone where printed
    updated: PageTime | None = None
    # Where published_date comes from: "byline" (a byline/date line under the title), "wire_dateline",
    # "html_metadata"; None when the page does not say.
    published_date_source: str | None = None


@dataclass(frozen=True)
class Page:
    page_date: datetime.date | None
    page_kind: str  # "article" | "listing" | "empty"
    section: str | None
    headlines: tuple[Headline, ...]
    articles: tuple[Article, ...]
    boilerplate: tuple[str, ...]
    page_kind_reason: str | None = None  # why a page is a listing or empty, in words a person can check
    text: str | None = None  # the visible text an HTML page was read into (None: the content is the text)
    reader: str = "text"  # "text" or "html"
    site_name: str | None = None
    categories: tuple[str, ...] = ()


class Kind(Enum):
    FOOTER = "footer"  # boilerplate that ends an article body ("Most Popular", "Copyright ...")
    INLINE = "inline"  # boilerplate that may sit anywhere ("Advertisement", menus)
    DATE = "date"  # a line that is only a date
    META = "meta"  # byline, "Published ...", "5 hours ago", "3 min read"
    CREDIT = "credit"  # a line that only names a photo's source
    CAPTION = "caption"  # a photo caption ending with its credit
    TITLE = "title"  # short, no sentence end: headline, section label, subhead
    PARA = "para"  # sentence-like text
    JUNK = "junk"  # not text (binary, base64, symbols)


@dataclass(frozen=True)
class _Line:
    index: int  # position among the page's non-blank lines
    block: int  # blank-line separated block number
    raw: str  # stripped original text
    text: str  # escapes repaired, whitespace collapsed
    kind: Kind


@dataclass(frozen=True)
class _Item:
    text: str
    summary: str | None
    caption: str | None


# ---------------------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------------------


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


@functools.lru_cache(maxsize=16384)  # pure, and asked of the same line by several rules
def _word_count(text: str) -> int:
    """Words; Chinese and Japanese are written without spaces, so two of their characters count as one."""
    words = len(text.split())
    if not text.isascii():
        words += len(_CJK_RE.findall(text[:5000])) // 2
    return words


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b]")
_LINE_BREAKS_RE = re.compile(r"\r\n|\r|[\u2028\u2029\x85]")
_END_MARK_RE = re.compile(r"(?<=\S)\s*[(\[]END[)\]]$")
_ESCAPE_RE = re.compile(r"\\+(['\"])")
_ENTITY_RE = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_ABBREVIATIONS = _wordset(
    "mr mrs ms dr st jr sr vs etc gen lt col sgt rep sen gov prof inc co corp ltd no vol fig approx"
)
# "said on Monday.The ministry" -- a lowercase word, sentence end, then a capitalised word without a space.
_GLUED_RE = re.compile(r"\b([A-Za-z]*[a-z]|\d+)([.!?][\"”’)]?)(?=[A-Z][a-z])")


def _normalise(text: str) -> str:
    # HTML never gets here: the page reader (page_reader.py) renders it to its visible text first.
    text = _LINE_BREAKS_RE.sub("\n", text)
    return _CONTROL_RE.sub("", text).replace("\t", " ")


def _fix_glued(match: re.Match[str]) -> str:
    word = match.group(1)
    if word.lower() in _ABBREVIATIONS:
        return match.group(0)
    return f"{word}{match.group(2)} "


def repair(text: str) -> str:
    """Collapse whitespace, undo stray backslash escapes and HTML entities, drop a wire "(END)" mark."""
    text = _END_MARK_RE.sub("", " ".join(text.split()))
    if "\\" in text:
        text = _ESCAPE_RE.sub(r"\1", text)
    if "&" in text and _ENTITY_RE.search(text):
        text = html.unescape(text)
    return text


def repair_prose(text: str) -> str:
    """``repair`` plus a space after a sentence end glued to the next sentence."""
    return _GLUED_RE.sub(_fix_glued, repair(text))


@functools.lru_cache(maxsize=16384)  # pure, and asked of the same line by several rules
def _key(text: str) -> str:
    """Comparison key: quotes, ellipses, escapes and spacing do not distinguish two copies of a line."""
    text = text.replace("\\", "").replace("…", "...")
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "}))
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------------------
# Line classification
# ---------------------------------------------------------------------------------------------------------

# Section headers of page furniture: a phrase at the start of a short line ("Most Popular Articles") ...
_FOOTER_RE = re.compile(
    r"^(?:check out\b|most (?:popular|read|viewed|shared|commented|recent|liked|emailed|watched)\b"
    r"|related (?:articles?|stories|news|posts|content|coverage|topics|links|reading|videos|tags)\b"
    r"|read (?:more|next|also)\b|more (?:from|stories|news|on|in|articles|headlines)\b"
    r"|you (?:may|might) (?:also )?like\b|recommended (?:for you|stories|articles|reading)\b"
    r"|top (?:stories|news|headlines)\b|latest (?:news|stories|articles|headlines)\b"
    r"|editor'?s'? picks?\b|popular (?:articles|stories|news|now|posts)\b|privacy policy\b"
    r"|terms (?:of|and) (?:use|service|conditions)\b|about us\b|contact us\b|back to top\b"
    r"|(?:tags?|topics?|keywords?)\s*:|leave a (?:comment|reply)\b|follow us\b|sign up\b"
    r"|other tags\b|our standards\b|see (?:also|more)\b|don'?t miss\b|what to read next\b"
    # the same boxes in the other languages pages come in most often (de, es, fr, pt, it, nl)
    r"|mehr zum thema\b|lesen sie auch\b|meistgelesen|das könnte sie auch interessieren\b"
    r"|te puede interesar\b|lee también\b|más leíd[oa]s\b|noticias relacionadas\b|(?:à )?lire aussi\b"
    r"|les plus lus\b|sur le même sujet\b|leia também\b|mais lidas\b|veja também\b|leggi anche\b"
    r"|i più letti\b|lees ook\b|meest gelezen\b)",
    re.IGNORECASE,
)
# The header of a comment thread: comments come after the article, so the article has ended there.
_COMMENTS_RE = re.compile(
    r"^(?:\d[\d,.]*k?\s+(?:comments?|responses?|replies|reactions|thoughts)\b"
    r"|(?:reader |user )?comments?\s*(?:\(\d+\))?\s*:?$|discussion\s*:?$|comments are closed\b"
    r"|join the (?:conversation|discussion)\b|(?:leave|post|add|write) a (?:comment|reply|response)\b"
    r"|(?:show|view|read|see) (?:all )?(?:\d+ )?comments\b|what do you think\?$)",
    re.IGNORECASE,
)
# Page furniture written in full sentences: consent notices, newsletter and subscription pitches, paywall
# and "continue reading" prompts. One cue is any sentence's right; two in one line are a notice.
_NOTICE_CUES_RE = re.compile(
    r"\bcookies?\b|\bconsent\b|\bpersonali[sz]ed?\b|\b(?:our|trusted|advertising) partners\b"
    r"|\bprivacy (?:policy|settings|notice|preferences)\b|\baccept (?:all|cookies)\b|\bmanage (?:your )?"
    r"(?:preferences|settings|choices)\b|\bby continuing to (?:browse|use)\b|\bnewsletters?\b|\bsign(?:ing)? up\b"
    r"|\bsubscri(?:be|ption|bers?)\b|\b(?:your|the) inbox\b|\bemail address\b|\bcontinue reading\b"
    r"|\benjoyed this (?:story|article|post)\b|\bunsubscribe\b|\bad ?blocker\b|\bterms of (?:use|service)\b"
    r"|\bdatenschutz|\beinwilligung|\bprivacidad\b|\bconfidentialit[ée]\b|\bpublicidad\b|\bwerbung\b"
    r"|\bpublicité\b|\bpubblicità\b|\bpublicidade\b",
    re.IGNORECASE,
)
_MIN_NOTICE_CUES = 2
_LINK_LINE_RE = re.compile(
    r"^(?:related(?: articles?| stories| news| links?)?|read (?:more|also|next)|see also|also read"
    r"|recommended(?: articles?| stories)?|click here)\s*[:：>»|]\s*\S",
    re.IGNORECASE,
)
# ... or a single header word that is the whole line ("Related", "Comments (3)").
_FOOTER_WORD_RE = re.compile(
    r"^(?:related|trending(?: now)?|recommended|comments?|tags|topics|keywords|newsletters?|more)"
    r"\s*(?:\(\d+\))?\s*:?$",
    re.IGNORECASE,
)
_PAGE_END_RE = re.compile(
    r"©|\ball rights reserved\b|\bcopyright\b|^(?:privacy policy|terms (?:of|and)|about us|contact us|back to top)",
    re.IGNORECASE,
)
_COPYRIGHT_RE = re.compile(r"©|\ball rights reserved\b|\bcopyright\s*(?:©|\(c\)|\d{4})", re.IGNORECASE)
_INLINE_RE = re.compile(
    r"^(?:advertisement|advertising|ad|sponsored(?: content)?|share(?: this(?: article| story| page)?"
    r"| on \w+| via \w+)?|print(?: this)?|email|e-mail|subscribe(?: now| today| here)?"
    r"|skip to(?: main)? content"
    r"|skip navigation|menu|search|home|log ?in|sign in|log ?out|listen(?: to this article)?|save|bookmark"
    r"|close|loading|click here.*|continue reading\b.*|page \d+(?: of \d+)?|load more|show more|(?:story|article) continues below.*|facebook|twitter|linkedin|whatsapp|reddit|telegram"
    r"|copy link|font size|a\+? ?a-?|text size|next|previous|prev|back|open menu|toggle navigation"
    r"|\(end\)|\[end\]|-?\s*end\s*-?)[\s:.!…]*$",
    re.IGNORECASE,
)
_NAV_SPLIT_RE = re.compile(r"\s*[|•·»›>]\s*")
_HAS_SEPARATOR_RE = re.compile(r"[|•·»›>]")
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
_TERMINAL_RE = re.compile(r"[.!?;:。！？；：][\"'”’)\]»」』]*$")
_SENTENCE_FINAL_RE = re.compile(r"[.!?。！？][\"'”’)\]»」』]*$")
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)\]]*\s|[。！？]")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ODD_CHAR_RE = re.compile(r"[^\w\s.,;:!?'\"’‘“”()\-–—…/%&$#@\[\]]|_")
_LETTER_RE = re.compile(r"[^\W\d_]")
_WEEKDAY_RE = re.compile(
    r"(?:mon|tue|tues|wed|wednes|thu|thurs|fri|sat|satur|sun)(?:day)?\.?"
    # the languages of dates.py's month names: "segunda-feira, 22 de janeiro de 2018", "Montag, 3. März 2025"
    r"|(?:segunda|terça|terca|quarta|quinta|sexta)(?:-feira)?|sábado|sabado|domingo|lunes|martes|miércoles"
    r"|miercoles|jueves|viernes|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi"
    r"|mercredi|jeudi|vendredi|samedi|dimanche|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica"
    r"|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag",
    re.IGNORECASE,
)
_MAX_SENTENCE_CASE_TITLE = 16
_INITIALS_RE = re.compile(r"\b(?:[A-Z]\.)+")
# A final full stop that belongs to an abbreviation or initials ("U.S.", "Nov.", "Inc.") ends no sentence.
_ABBREVIATION_END_RE = re.compile(
    r"\b(?:(?:[A-Z]\.){1,3}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Inc|Co|Corp|Ltd|Jr|Sr|St|No|vs)\.)$"
)
_SMALL_WORDS = _wordset(
    "a an the and or nor but of in on at to for with by as vs via per up from into over is are be"
)


def _is_textual(text: str) -> bool:
    sample = text[:2000]
    if len(sample) >= 60 and " " not in sample and sample.isascii():
        return False  # base64, hashes, minified code (CJK prose has no spaces either, but is not ASCII)
    odd = len(_ODD_CHAR_RE.findall(sample))
    has_letter = _LETTER_RE.search(sample) is not None
    return has_letter and odd <= 0.2 * len(sample) and sample.count("\ufffd") < max(1, len(sample) // 20)


def _split_parts(text: str) -> list[str]:
    """The parts of a line joined by separators ("Home | World", "By X · 5 min read")."""
    if not _HAS_SEPARATOR_RE.search(text):
        return [text]
    return [p for p in _NAV_SPLIT_RE.split(text) if p]


def _is_nav_menu(text: str) -> bool:
    parts = _split_parts(text)
    return len(parts) >= 3 and all(_word_count(p) <= 3 and not _TERMINAL_RE.search(p) for p in parts)


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


def is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w.lower() not in _SMALL_WORDS]
    if len(words) < 2:
        return False
    return sum(1 for w in words if w[0].isupper()) >= 0.8 * len(words)


def _is_title_like(text: str) -> bool:
    words = _word_count(text)
    # Headlines are short; a long line in sentence case without a full stop is a cut-off sentence.
    if (
        not 1 <= words <= 25
        or len(text) > 250
        or (words > _MAX_SENTENCE_CASE_TITLE and not is_title_case(text))
    ):
        return False
    if text.endswith(("...", "…")):
        return False  # a cut-off summary
    if _TERMINAL_RE.search(text.rstrip("?!")) and not (
        _ABBREVIATION_END_RE.search(text[-12:]) and not _SENTENCE_END_RE.search(_INITIALS_RE.sub("X", text))
    ):
        return False  # a sentence, or a lead-in ending with a colon ("... in the U.S." is still a headline)
    if text.rstrip("\"'”’)]»").endswith(("?", "!")):
        # A short question can be a headline; a question after another sentence is prose.
        return words <= 20 and not _SENTENCE_END_RE.search(text)
    return True


# Every cue of _NOTICE_CUES_RE contains one of these: most lines contain none, and a substring test is cheap.
_NOTICE_STEMS = (
    "cookie", "consent", "personali", "partners", "privacy", "accept", "manage", "continu", "newsletter",
    "sign", "subscri", "inbox", "email address", "enjoyed", "blocker", "terms of", "datenschutz",
    "einwilligung", "privacidad", "confidentialit", "publicidad", "werbung", "publicit", "pubblicit",
)  # fmt: skip


_MIN_NOTICE_CHARS = 40  # a notice is written in sentences; a short "Subscribe" line is a label (INLINE)


def _notice_cues(text: str) -> int:
    if len(text) < _MIN_NOTICE_CHARS:
        return 0
    low = text.lower()
    if not any(stem in low for stem in _NOTICE_STEMS):
        return 0
    return len({m.group(0).lower() for m in _NOTICE_CUES_RE.finditer(text)})


def classify(text: str) -> Kind:
    """The kind of one non-empty, repaired line, from its shape alone."""
    if not _is_textual(text):
        return Kind.JUNK
    short = len(text) <= 80 and _word_count(text) <= 7
    if short and not text.endswith(".") and (_FOOTER_RE.match(text) or _FOOTER_WORD_RE.match(text)):
        return Kind.FOOTER
    if len(text) <= 200 and _COMMENTS_RE.match(text):
        return Kind.FOOTER
    if len(text) <= 250 and _LINK_LINE_RE.match(text):
        return Kind.INLINE  # "Related: <another story>" link inside the article
    if text.startswith("#") and (text.count("#") >= 2 or short):
        return Kind.INLINE  # hashtag / keyword list
    if len(text) <= 300 and _COPYRIGHT_RE.search(text):
        return Kind.FOOTER
    if (short and _INLINE_RE.match(text)) or (len(text) <= 200 and _is_nav_menu(text)):
        return Kind.INLINE
    if parse_dateline(text):
        return Kind.DATE
    if _is_meta(text):
        return Kind.META
    if credit_only(text):
        return Kind.CREDIT
    if split_caption_credit(text):
        return Kind.CAPTION
    if _is_title_like(text):
        return Kind.TITLE
    if len(text) <= 600 and _notice_cues(text) >= _MIN_NOTICE_CUES:
        return Kind.INLINE  # a consent notice or a newsletter pitch, however well written
    return Kind.PARA


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    block = 0
    previous_blank = True
    for raw_line in _normalise(text).split("\n"):
        raw = raw_line.strip()
        if not raw:
            if not previous_blank:
                block += 1
            previous_blank = True
            continue
        previous_blank = False
        fixed = repair(raw)
        if fixed:
            lines.append(_Line(index=len(lines), block=block, raw=raw, text=fixed, kind=classify(fixed)))
    return lines


# ---------------------------------------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------------------------------------

_SKIPPED = frozenset({Kind.DATE, Kind.META, Kind.INLINE, Kind.JUNK, Kind.CAPTION, Kind.CREDIT})
_NAME_RE = re.compile(r"^[A-Z][\w'’.-]+(?: (?:[A-Z][\w'’.-]+|de|van|von|bin|al)){1,3}$")
_DATELINE_SCAN = 20  # the page dateline is among the first lines
_MAX_REPEATS = 50  # bound the work on pathological pages full of repeated lines
_MAX_COPY_CHARS = 400
_MIN_BRIEF_WORDS = 30
_TITLE_REPEAT_WINDOW = 6  # the repeated title sits right after the standalone one
_TITLE_ZONE = 12  # lines above the body searched for its title
_STRONG_TITLE_WORDS = 4
_MIN_CUT_SUMMARY_WORDS = 5  # a summary cut off without any punctuation is still a clause, not a label
_MIN_TITLE_KEY = 15  # shorter lines repeat by chance
_TAG_SEPARATORS = "|-–—:»›>/"
_MAX_TAG_WORDS = 5
_MAX_TAG_CHARS = 80  # a slug or section tag glued in front of a copy of the title


def _is_truncated(summary: str, strict_punctuation: bool) -> bool:
    if summary.endswith(("...", "…")):
        return True
    return strict_punctuation and not _SENTENCE_FINAL_RE.search(summary)


def _split_tag(tag: str) -> str | None:
    """'NorthKorea' -> 'North Korea'; None when the prefix is not a short tag."""
    tag = tag.strip(" |-–—:»›>/")
    if not tag or _word_count(tag) > _MAX_TAG_WORDS or len(tag) > 60:
        return None
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", tag)
    return " ".join(spaced.split())


@dataclass(frozen=True)
class _TitleRepeat:
    title: int  # index of the standalone title line
    repeat: int  # index of its copy
    section: str | None


def _find_title_repeats(lines: list[_Line], offset: int) -> list[_TitleRepeat]:
    """Title-like lines copied within the next few lines (``offset`` is the index of ``lines[0]``)."""
    # Only lines short enough to be a title plus a tag can be a copy; long ones get an empty key.
    keys = [_key(ln.text) if len(ln.text) <= _MAX_COPY_CHARS else "" for ln in lines]
    found: list[_TitleRepeat] = []
    for i, line in enumerate(lines):
        key = keys[i]
        if line.kind is not Kind.TITLE or _word_count(line.text) < 3 or len(key) < _MIN_TITLE_KEY:
            continue
        for j in range(i + 1, min(len(lines), i + 1 + _TITLE_REPEAT_WINDOW)):
            other = keys[j]
            if other == key:
                found.append(_TitleRepeat(offset + i, offset + j, None))
                break
            if other.endswith(key) and _is_tag(other[: len(other) - len(key)]):
                found.append(_TitleRepeat(offset + i, offset + j, _split_tag(other[: len(other) - len(key)])))
                break
            # The glued copy may come first ("NorthKoreaTitle", then "Title").
            if key.endswith(other) and len(other) >= _MIN_TITLE_KEY and _is_tag(key[: len(key) - len(other)]):
                if lines[j].kind is Kind.TITLE:
                    found.append(
                        _TitleRepeat(offset + j, offset + i, _split_tag(key[: len(key) - len(other)]))
                    )
                break
        if len(found) >= _MAX_REPEATS:
            break
    return found


def _is_tag(prefix: str) -> bool:
    """A section tag glued to (or set off by a separator from) a copy of the title."""
    if not prefix or len(prefix) > 60:
        return False
    return not prefix[-1].isspace() or prefix.rstrip()[-1:] in _TAG_SEPARATORS


def _next_content(lines: list[_Line], start: int, stop: int) -> int | None:
    for j in range(start, stop):
        if lines[j].kind not in _SKIPPED:
            return j
    return None


def _is_run_start(lines: list[_Line], i: int, stop: int) -> bool:
    """A paragraph followed (captions and metadata aside) by another paragraph: the body begins."""
    if lines[i].kind is not Kind.PARA or _word_count(lines[i].text) < 6:
        return False
    j = _next_content(lines, i + 1, stop)
    if j is None or lines[j].kind is not Kind.PARA or _word_count(lines[j].text) < 6:
        return False
    # A byline or date between them means line i is a dek above the article, not its first paragraph.
    return not any(lines[k].kind in (Kind.META, Kind.DATE) for k in range(i + 1, j))


@dataclass(frozen=True)
class _Runs:
    """Where bodies may start, precomputed once so that trying several titles stays linear."""

    starts: list[int]  # indices of lines that open a run of paragraphs
    headlines: list[int]  # indices of headline-length title-like lines
    page_ends: list[int]  # indices of copyright / legal footer lines


def _runs(lines: list[_Line]) -> _Runs:
    n = len(lines)
    return _Runs(
        starts=[i for i in range(n) if _is_run_start(lines, i, n)],
        headlines=[i for i, ln in enumerate(lines) if ln.kind is Kind.TITLE and _word_count(ln.text) >= 3],
        page_ends=[
            i for i, ln in enumerate(lines) if ln.kind is Kind.FOOTER and _PAGE_END_RE.search(ln.text)
        ],
    )


def _after(indices: list[int], start: int) -> int | None:
    k = bisect.bisect_left(indices, start)
    return indices[k] if k < len(indices) else None


def _first_run(runs: _Runs, start: int) -> int | None:
    """The first run of paragraphs at or after ``start``, unless the page has ended before it.

    After some content, a copyright/legal line ends the page; "Most read" lists may sit above the article.
    """
    run = _after(runs.starts, start)
    if run is None:
        return None
    headline = _after(runs.headlines, start)
    end = _after(runs.page_ends, headline) if headline is not None else None
    return None if end is not None and end < run else run


def _is_author_line(lines: list[_Line], k: int) -> bool:
    """A bare name ("Jane Doe") next to a date or byline line is the author."""
    if not _NAME_RE.match(lines[k].text):
        return False
    neighbours = [lines[j].kind for j in (k - 1, k + 1) if 0 <= j < len(lines)]
    return Kind.DATE in neighbours or Kind.META in neighbours


# What error pages, paywalls and sign-in forms say instead of an article.
_UNAVAILABLE_RE = re.compile(
    r"\b(?:page (?:was )?not found|404\b|(?:could ?n[o']t|cannot|can'?t) (?:be )?f(?:ou|i)nd (?:that|this|the) page"
    r"|page you (?:were|are) looking for|no longer (?:available|exists)|(?:has been|was) (?:removed|deleted)"
    r"|(?:sign|log) ?in to (?:continue|read|keep reading)|subscribe to (?:continue|read|keep reading)"
    r"|forgot(?:ten)? your password|already a subscriber|not a subscriber|create (?:a free |an )?account to"
    r"|access (?:denied|forbidden))",
    re.IGNORECASE,
)
_MAX_NOTICE_WORDS = 150


def _unavailable_notice(lines: list[_Line], title: int | None, body: int, end: int) -> str | None:
    """Why a short "article" is really an error page or a sign-in wall (the phrase that says so), else None."""
    text_lines = [ln for ln in lines[body:end] if ln.kind is Kind.PARA]
    if sum(_word_count(ln.text) for ln in text_lines) > _MAX_NOTICE_WORDS:
        return None
    near = [lines[k].text for k in range(max(0, (title if title is not None else body) - 3), body)]
    for text in [*near, *(ln.text for ln in text_lines[:3])]:
        m = _UNAVAILABLE_RE.search(text)
        if m:
            return f"no main text: an error, paywall or sign-in page (it says {m.group(0)!r})"
    return None


def _is_single_story(lines: list[_Line], located: _Located) -> bool:
    """A headline with its own byline or timestamp over text whose parts carry none (a results roundup, a
    list of short items): one story with subheads, where a listing's items are dated or signed each."""
    if located.title is None or not _has_byline_below(
        lines, located.title + 1, min(located.body, located.title + 8)
    ):
        return False
    return not any(ln.kind in (Kind.META, Kind.DATE) for ln in lines[located.body : located.end])


_OPENING_RUN = 3  # paragraphs in a row at the top of a text: an article, whatever lists follow it


def _opens_with_prose(lines: list[_Line], body: int, end: int) -> bool:
    """Whether the text starts with a run of paragraphs (captions, adverts and timestamps aside)."""
    run = 0
    for line in lines[body:end]:
        if line.kind in _SKIPPED:
            continue
        if line.kind is not Kind.PARA or _word_count(line.text) < _PARA_BASE_WORDS:
            break
        run += 1
    return run >= _OPENING_RUN


def _looks_like_listing(lines: list[_Line], start: int, footer: int) -> bool:
    """Headlines each over a summary, more of them than paragraphs that follow paragraphs: a listing.

    An article has runs of prose (a paragraph after a paragraph); a listing alternates headline and summary,
    even where a summary runs over two lines.
    """
    content = [ln for ln in lines[start:footer] if ln.kind in (Kind.TITLE, Kind.PARA)]
    items = runs = 0
    for previous, line in itertools.pairwise(content):
        if line.kind is not Kind.PARA:
            continue
        if previous.kind is Kind.TITLE and _word_count(previous.text) >= 3:
            items += 1
        elif previous.kind is Kind.PARA and _word_count(line.text) >= 6:
            runs += 1
    return items >= 3 and runs < items


def _title_before(lines: list[_Line], body: int, floor: int) -> int | None:
    """The title above the body: the nearest headline-length line in the metadata zone just above it.

    Walking up from the body, metadata, captions, author names, affiliations and one dek sentence may sit
    between the title and the body; a sentence above a title-like line (a teaser's summary) ends the zone.
    Lines of one to three words (names, places, labels) are taken only when nothing longer is there.
    """
    weak: int | None = None
    dek_seen = False
    for i in range(body - 1, max(floor, body - _TITLE_ZONE) - 1, -1):
        kind = lines[i].kind
        if kind is Kind.TITLE and not _is_author_line(lines, i):
            words = _word_count(lines[i].text)
            if words >= _STRONG_TITLE_WORDS:
                return i
            if words >= 2 and weak is None:
                weak = i
        elif kind is Kind.PARA:
            if weak is not None or dek_seen:
                break
            dek_seen = True
        elif kind is Kind.FOOTER:
            break
    return weak


def _is_summary_for(content: list[_Line], j: int, loose: bool, caption_first: bool) -> bool:
    """Whether content[j] is the summary of the headline right before it.

    ``loose`` also accepts a cut-off summary without a sentence end (listings, teasers); lists of
    related headlines after the footer are not read that way.
    """
    line = content[j]
    if line.kind is Kind.PARA:
        return True
    if not loose or line.kind is not Kind.TITLE or is_title_case(line.text):
        return False
    if _word_count(line.text) < _MIN_CUT_SUMMARY_WORDS:
        return False
    # A sentence-case title-like line is the next headline only if a summary of its own follows; where
    # captions precede headlines, a sentence followed by a headline is that headline's caption instead.
    follows = content[j + 1] if j + 1 < len(content) else None
    if follows is None or follows.kind is not Kind.PARA:
        return True
    after = content[j + 2] if j + 2 < len(content) else None
    return caption_first and after is not None and after.kind is Kind.TITLE


def _parse_items(lines: list[_Line], min_words: int, loose: bool = True) -> tuple[list[_Item], list[_Line]]:
    """Headline items (caption, headline, summary) in a region; also returns the unused lines."""
    content = [
        ln for ln in lines if ln.kind not in (Kind.DATE, Kind.META, Kind.INLINE, Kind.JUNK, Kind.FOOTER)
    ]
    first_title = next((k for k, ln in enumerate(content) if ln.kind is Kind.TITLE), None)
    # On a page whose first item starts with a caption-like sentence, sentences between items are captions.
    caption_first = first_title is not None and first_title > 0
    # A summary cut off without punctuation is believable only where sentence summaries are the norm;
    # in a plain list of headlines every title-like line is a headline.
    titles = [k for k, ln in enumerate(content) if ln.kind is Kind.TITLE]
    with_sentence = sum(1 for k in titles if k + 1 < len(content) and content[k + 1].kind is Kind.PARA)
    loose = loose and 3 * with_sentence >= len(titles)
    # Where blank lines separate headlines, a short line glued under a summary is not the next headline.
    blocky = 2 * len({ln.block for ln in content}) >= len(content)
    items: list[_Item] = []
    pending: list[str] = []
    leftovers: list[_Line] = []
    summary_block: int | None = None
    i = 0
    while i < len(content):
        line = content[i]
        glued = blocky and line.block == summary_block
        summary_block = None
        if line.kind in (Kind.CAPTION, Kind.CREDIT):
            pending.append(line.text)
            i += 1
            continue
        if line.kind is Kind.TITLE and not glued:
            has_summary = i + 1 < len(content) and _is_summary_for(content, i + 1, loose, caption_first)
            words = _word_count(line.text)
            if words >= 2 and (has_summary or words >= min_words):
                summary = repair_prose(content[i + 1].text) if has_summary else None
                items.append(_Item(line.text, summary, " ".join(pending) or None))
                pending = []
                if has_summary:
                    summary_block = content[i + 1].block
                i += 2 if has_summary else 1
                continue
            leftovers.append(line)
        elif caption_first:
            pending.append(line.text)
        else:
            leftovers.append(line)
        i += 1
    return items, leftovers


@dataclass
class _ArticleParts:
    """Accumulates an article's pieces while scanning (local to one call, never shared)."""

    captions: dict[str, tuple[str, tuple[bool, bool]]]
    credits: dict[str, str]
    paragraphs: dict[str, str]
    byline: str | None = None
    published: PageTime | None = None
    updated: PageTime | None = None

    def add_caption(self, line: _Line, text: str) -> None:
        # Prefer the copy that needed no escape repair, then the one with typographic quotes.
        score = ("\\" not in line.raw, any(ch in text for ch in "‘’“”"))
        key = _key(text).casefold()
        if key not in self.captions or score > self.captions[key][1]:
            self.captions[key] = (text, score)

    def add_credit(self, text: str) -> None:
        self.credits.setdefault(_key(text).casefold(), text)

    def add_meta(self, text: str, page_date: datetime.date | None) -> None:
        if self.byline is None:
            self.byline = byline_of(text)
        times = times_of(text, page_date)
        self.published = self.published or times.published
        self.updated = self.updated or times.updated

    def add_line(self, line: _Line, page_date: datetime.date | None) -> None:
        """Route a caption, credit or metadata line."""
        if line.kind is Kind.CREDIT:
            self.add_credit(credit_only(line.text) or line.text)
        elif line.kind is Kind.CAPTION:
            split = split_caption_credit(line.text)
            caption, credit = split if split else (line.text, None)
            self.add_caption(line, caption)
            if credit:
                self.add_credit(credit)
        elif line.kind in (Kind.META, Kind.DATE):
            self.add_meta(line.text, page_date)


def _page_date(lines: list[_Line]) -> tuple[datetime.date | None, int]:
    """The page date from a bare date line among the first lines, and the index after it."""
    seen = 0
    for i, line in enumerate(lines[:_DATELINE_SCAN]):
        if line.kind is Kind.DATE:
            return parse_dateline(line.text), i + 1
        if line.kind is Kind.META and not _PUBLISHED_RE.match(line.text) and not byline_of(line.text):
            found = find_date(line.text)  # "Friday, December 5, 2025 | Seoul", "Seoul, 5 December 2025"
            if found:
                return found, i + 1
        if line.kind in (Kind.FOOTER, Kind.INLINE, Kind.JUNK):
            continue  # navigation above the dateline
        seen += 1
        if seen >= 4 or line.kind is Kind.PARA or (line.kind is Kind.TITLE and _word_count(line.text) >= 4):
            break
    return None, 0


_FOOTER_WEIGHT = -15.0  # a "Related" / "Most read" header: a body resumes after it only if more prose follows
_PARA_BASE_WORDS = 6  # a line of prose shorter than this weighs nothing either way
_MIN_DEK_WORDS = 6
_MAX_DEK_WORDS = 45


@functools.lru_cache(maxsize=4096)  # the page's language and its lines' weights read the same words
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(tokens_of(text))


def _line_weight(line: _Line, stoplist: frozenset[str]) -> float | None:
    """How much a line counts for or against being inside the main text (None: the page has ended)."""
    kind = line.kind
    if kind is Kind.FOOTER:
        return None if _PAGE_END_RE.search(line.text) or _COMMENTS_RE.match(line.text) else _FOOTER_WEIGHT
    if kind in (Kind.INLINE, Kind.JUNK):
        return -2.0
    if kind is Kind.CAPTION and _word_count(line.text) >= _MIN_BRIEF_WORDS:
        return _word_count(line.text) - _PARA_BASE_WORDS  # a photo story's text ends with its credit
    if kind in (Kind.META, Kind.DATE, Kind.CAPTION, Kind.CREDIT):
        return -1.0
    words = _tokens(line.text)
    count = max(len(words), _word_count(line.text) if not line.text.isascii() else 0)
    if kind is Kind.TITLE:
        return -1.0 - min(count, 12) / 4
    # Running prose is dense in function words; lists of names and figures less so: weigh it down, never out.
    factor = min(1.0, 0.4 + stopword_density(words, stoplist) / STOPWORDS_HIGH * 0.6) if stoplist else 1.0
    return (count - _PARA_BASE_WORDS) * factor


_MAX_SUMMARY_WORDS = 80
_MAX_HEADLINE_WORDS = 30


def _is_headline(line: _Line | None) -> bool:
    return line is not None and line.kind is Kind.TITLE and _word_count(line.text) >= 3


def _is_item_summary(lines: list[_Line], k: int) -> bool:
    """A paragraph between two headlines: a teaser's or a listing item's summary, not an article's text."""
    if _word_count(lines[k].text) > _MAX_SUMMARY_WORDS:
        return False  # a story of one long paragraph under its headline
    before = next((lines[j] for j in range(k - 1, -1, -1) if lines[j].kind not in _SKIPPED), None)
    after = next((lines[j] for j in range(k + 1, len(lines)) if lines[j].kind not in _SKIPPED), None)
    return _is_headline(before) and _is_headline(after)


def _region_start_anchor(lines: list[_Line], first: int, last: int) -> int | None:
    """The region's first substantial paragraph that is not a teaser's summary (a photo story's caption too)."""
    return next(
        (
            k
            for k in range(first, last + 1)
            if lines[k].kind in (Kind.PARA, Kind.CAPTION)
            and _word_count(lines[k].text) >= _PARA_BASE_WORDS
            and not _is_item_summary(lines, k)
            and not (k == first and _reads_like_headline(lines, k))
        ),
        None,
    )


_TITLE_WINDOW = 30  # lines above the body searched for its title
_CANDIDATE_REGIONS = 4
_TITLE_EVIDENCE = 10.0  # words of prose one point of headline evidence is worth
_REPEAT_SCORE = 5.0  # a title printed twice, as the headline evidence of the text below it
_FURNITURE_RE = re.compile(
    r"@\w|https?://|www\.|\.com\b|\b(?:share|follow|subscribe|newsletter|sign (?:in|up)|log ?in|click|view all"
    r"|read more|comments?|advertisement|cookies?)\b",
    re.IGNORECASE,
)
_LABEL_PREFIX_RE = re.compile(
    r"^(?:(?:image|photo|picture|video|watch|listen|caption|file)\s*:|(?:image|media|photo) caption\b)",
    re.IGNORECASE,
)


def _copies(lines: list[_Line]) -> Counter[str]:
    """How often each line's comparison key occurs on the page, whole or as a part set off by a separator.

    A page title ("Title | Site", "Section | Title") and a heading are two copies of one headline.
    """
    counts: Counter[str] = Counter()
    for line in lines:
        if len(line.text) > _MAX_COPY_CHARS or (line.kind is Kind.PARA and _TERMINAL_RE.search(line.text)):
            continue  # prose is no copy of a headline
        key = _key(line.text).casefold()
        parts = {key}
        parts.update(p.strip() for p in _TITLE_SEPARATOR_RE.split(key) if len(p.strip()) >= _MIN_TITLE_KEY)
        counts.update(parts)
    return counts


_TITLE_SEPARATOR_RE = re.compile(r"\s+[|•·–—-]\s+|\s*[|»›]\s*")


def _is_dek_after(lines: list[_Line], k: int, stop: int) -> bool:
    """Whether lines[k], right under a title, is its dek (subtitle) rather than the article's first paragraph.

    A dek sits between the title and the byline or date; a title-shaped line of sentence length (no final
    full stop) right above the text is one too.
    """
    line = lines[k]
    words = _word_count(line.text)
    if line.kind is Kind.TITLE:
        # A headline-shaped dek is in sentence case, under a headline that does not itself end a list of them.
        return (
            words >= _MIN_DEK_WORDS
            and not is_title_case(line.text)
            and not _is_author_line(lines, k)
            and not (k >= 2 and _is_headline(lines[k - 2]))
        )
    if line.kind is not Kind.PARA or words > _MAX_DEK_WORDS or line.text.endswith(("...", "…")):
        return False  # a summary cut off with an ellipsis is a teaser's
    for j in range(k + 1, stop):
        kind = lines[j].kind
        if kind in (Kind.META, Kind.DATE) or byline_of(lines[j].text):
            return True
        if kind is Kind.PARA and _word_count(lines[j].text) >= _PARA_BASE_WORDS:
            return False
    return False


def _has_byline_below(lines: list[_Line], first: int, stop: int) -> bool:
    """A byline or timestamp among lines[first:stop] before the next headline or paragraph."""
    for j in range(first, stop):
        line = lines[j]
        if line.kind in (Kind.META, Kind.DATE) or byline_of(line.text):
            return True
        words = _word_count(line.text)
        if line.kind is Kind.PARA and words >= _PARA_BASE_WORDS:
            return False
        if line.kind is Kind.TITLE and words >= 3 and not _is_author_line(lines, j):
            return False
    return False


def _title_score(lines: list[_Line], k: int, body: int, limit: int, copies: Counter[str]) -> float:
    """Evidence that lines[k] is the headline of the text starting at ``body`` (and ending before ``limit``)."""
    line = lines[k]
    words = _word_count(line.text)
    score = 0.0
    if 4 <= words <= 30:
        score += 1.0 + (0.5 if words >= 7 else 0.0)
    has_dek = k + 1 < limit and _is_dek_after(lines, k + 1, limit)
    if has_dek:
        score += 1.5
    if _has_byline_below(lines, k + (2 if has_dek else 1), min(limit, k + 8)):
        score += 2.0
    if copies[_key(line.text).casefold()] >= 2 and words >= 3:
        score += 1.5
    if _FURNITURE_RE.search(line.text) or _LABEL_PREFIX_RE.match(line.text) or line.text.endswith(":"):
        score -= 3.0
    if _is_author_line(lines, k) or _NAME_RE.match(line.text) and words <= 3:
        score -= 2.0
    return score - 0.03 * (body - k)


def _glued_into_next(lines: list[_Line], k: int) -> bool:
    """Whether the line's text recurs at the start of the next paragraph ("slugTitle SEOUL, Dec. 28 --")."""
    key = _key(lines[k].text).casefold()
    nxt = _first_content_after(lines, k)
    if len(key) < _MIN_TITLE_KEY // 2 or nxt is None or lines[nxt].kind is not Kind.PARA:
        return False
    return key in _key(lines[nxt].text[: len(lines[k].text) + _MAX_TAG_CHARS]).casefold()


def _is_title_candidate(line: _Line) -> bool:
    """Title-like, or a headline that reads like a label, a credit or a long clause ("(Copyright)", "Top
    headlines ...", "Firm offers vouchers, but users miffed as only a fifth is usable ..." without a full stop)."""
    if line.kind is Kind.TITLE:
        return True
    return (
        line.kind in (Kind.CREDIT, Kind.FOOTER, Kind.CAPTION, Kind.PARA)
        and _word_count(line.text) <= _MAX_HEADLINE_WORDS
        and not _TERMINAL_RE.search(line.text)
    )


def _reads_like_headline(lines: list[_Line], k: int) -> bool:
    """A line of prose without a final stop, standing over a paragraph: a long headline, not a paragraph."""
    line = lines[k]
    if (
        line.kind is not Kind.PARA
        or _word_count(line.text) > _MAX_HEADLINE_WORDS
        or _TERMINAL_RE.search(line.text)
    ):
        return False
    nxt = _first_content_after(lines, k)
    return (
        nxt is not None and lines[nxt].kind is Kind.PARA and _word_count(lines[nxt].text) >= _PARA_BASE_WORDS
    )


def _choose_title(
    lines: list[_Line], body: int, floor: int, limit: int, copies: Counter[str]
) -> tuple[int | None, float]:
    """The headline of the text starting at ``body``: the best-scored title-like line in the zone above it.

    The zone ends, going up, at a footer line or at a second sentence (a teaser's summary above a title-like
    line belongs to that teaser). A line that does not look like a headline on its own (a label, a credit)
    is taken only where the page backs it: a copy glued into the text below, or standing alone between the
    page dateline and the text.
    """
    best: tuple[float, int] | None = None
    prose_seen = 0
    for k in range(body - 1, max(floor, body - _TITLE_WINDOW) - 1, -1):
        line = lines[k]
        if (
            line.kind is Kind.PARA
            and _word_count(line.text) >= _PARA_BASE_WORDS
            and not _is_title_candidate(line)
        ):
            prose_seen += 1
            if prose_seen >= 2:
                break
            continue
        if not _is_title_candidate(line):
            if line.kind is Kind.FOOTER and not _COMMENTS_RE.match(line.text):
                break  # a "Related" / "Most read" header: what is above it is another block
            continue
        glued = _glued_into_next(lines, k)
        alone = k == floor and (k + 1 == body or _first_content_after(lines, k) == body)
        if line.kind is not Kind.TITLE and not (glued or alone):
            if line.kind is Kind.FOOTER and not _COMMENTS_RE.match(line.text):
                break
            continue
        score = (
            _title_score(lines, k, body, limit, copies) + (3.0 if glued else 0.0) + (1.0 if alone else 0.0)
        )
        if score > 0 and (best is None or score > best[0]):
            best = (score, k)
    return (best[1], best[0]) if best else (None, 0.0)


_MAX_CAPTION_WORDS = 45
_CREDIT_AFTER_RE = re.compile(
    r"^(?:photo(?:graph)?s?|pictures?|illustration|graphic|courtesy|credit)\b(?! (?:copyright|source)\b)",
    re.IGNORECASE,
)


def _is_photo_caption(lines: list[_Line], k: int) -> bool:
    """A short paragraph right above a credit line ("Photo: Jane Roe", "Jane Roe / Agency") is its caption."""
    line = lines[k]
    if line.kind is not Kind.PARA or _word_count(line.text) > _MAX_CAPTION_WORDS or k + 1 >= len(lines):
        return False
    below = lines[k + 1]
    if below.kind is Kind.CREDIT:
        # "Photograph: X" closes its caption; "Image copyright X" stands *before* its picture and caption,
        # and "Source: X" credits the whole story.
        return (
            _CREDIT_AFTER_RE.match(below.text) is not None or _SLASH_CREDIT_RE.match(below.text) is not None
        )
    split = split_caption_credit(below.text) if below.kind is Kind.CAPTION else None
    return split is not None and _NAME_RE.match(split[0]) is not None


def _body_start(lines: list[_Line], title: int | None, anchor: int, last: int) -> int:
    """The first paragraph below the title and its dek, byline and captions (else the anchor)."""
    if title is None:
        return anchor
    first_content = _first_content_after(lines, title)
    for k in range(title + 1, last + 1):
        line = lines[k]
        if line.kind not in (Kind.PARA, Kind.CAPTION) or _word_count(line.text) < _PARA_BASE_WORDS:
            continue
        if (line.kind is Kind.CAPTION and k != anchor) or _is_photo_caption(lines, k):
            continue
        if k == first_content and _is_dek_after(lines, k, last + 1):
            continue
        return k
    return anchor


def _first_content_after(lines: list[_Line], k: int) -> int | None:
    return next((j for j in range(k + 1, len(lines)) if lines[j].kind in (Kind.PARA, Kind.TITLE)), None)


@dataclass(frozen=True)
class _Located:
    title: int | None
    body: int
    end: int  # exclusive
    repeat: _TitleRepeat | None
    evidence: float  # the region's prose weight plus its headline's evidence
    region_start: int
    list_body: bool = False  # the text is a list of short lines, not paragraphs


def _candidate_regions(weights: list[float | None], count: int) -> list[tuple[int, int, float]]:
    """The best region, then the best one outside it, and so on: the page's main stretches of prose."""
    masked = list(weights)
    found = []
    for _ in range(count):
        region = best_region(masked)
        if region is None:
            break
        found.append(region)
        masked[region[0] : region[1] + 1] = [None] * (region[1] + 1 - region[0])
    return found


def _headed_region(
    lines: list[_Line],
    region: tuple[int, int, float],
    start: int,
    runs: _Runs,
    repeats: list[_TitleRepeat],
    copies: Counter[str],
) -> _Located | None:
    """The article a stretch of prose would be: its headline, where its text starts, and how sure that is."""
    first, last, total = region
    body = _region_start_anchor(lines, first, last)
    if body is None:
        return None
    floor = max(start, first - _TITLE_ZONE)
    # A repeated title is the strongest cue: the repeat closest above the body.
    above = [r for r in repeats if floor <= r.title < body and max(r.title, r.repeat) < body]
    if above:
        repeat = above[-1]
        after = max(repeat.repeat, repeat.title) + 1
        body = next((k for k in range(after, body + 1) if lines[k].kind is Kind.PARA), body)
        end = _end_at_box(lines, runs, body, last + 1)
        return _Located(repeat.title, body, end, repeat, total + _TITLE_EVIDENCE * _REPEAT_SCORE, first)
    title, score = _choose_title(lines, body, start, last + 1, copies)
    if body > first and not any(ln.kind in (Kind.META, Kind.DATE) for ln in lines[first : last + 1]):
        # Every paragraph of the region sits between two headlines, yet none of those is signed or dated:
        # subheads of one story (a results roundup) under a headline that is, right above the region.
        top, top_score = _choose_title(lines, first, start, last + 1, copies)
        if (
            top is not None
            and top_score > score
            and _has_byline_below(lines, top + 1, min(first + 1, top + 8))
        ):
            title, score, body = top, top_score, first
    start_at = _body_start(lines, title, body, last)
    end = _with_announced_list(lines, _end_at_box(lines, runs, start_at, last + 1))
    return _Located(title, start_at, end, None, total + _TITLE_EVIDENCE * score, first)


_MAX_ANNOUNCED_ITEMS = 60


def _announces_list(text: str) -> bool:
    """A paragraph that ends with a colon and is no "Related coverage:" or "Follow us on:" lead-in."""
    return text.endswith(":") and not (_FOOTER_RE.match(text) or _FURNITURE_RE.search(text))


def _with_announced_list(lines: list[_Line], end: int) -> int:
    """The text's end, past a list its last paragraph announces ("The tour dates:", "The plan includes:").

    Short lines weigh against prose, so a closing list is left out of the region; a colon at the end of the
    text's last paragraph says the lines below belong to it, up to the next header or footer.
    """
    if end < len(lines) and lines[end].kind is Kind.PARA and _announces_list(lines[end].text):
        end += 1  # a short "The tour dates:" weighs too little to be inside the region on its own
    last = next((k for k in range(end - 1, -1, -1) if lines[k].kind is Kind.PARA), None)
    if last is None or last != end - 1 or not _announces_list(lines[last].text):
        return end
    k = end
    while k < len(lines) and k - end < _MAX_ANNOUNCED_ITEMS:
        line = lines[k]
        if line.kind in (Kind.FOOTER, Kind.META, Kind.DATE) or _FURNITURE_RE.search(line.text):
            break
        if line.kind not in (Kind.TITLE, Kind.PARA, Kind.JUNK, Kind.INLINE):
            break
        k += 1
    return k


def _end_at_box(lines: list[_Line], runs: _Runs, body: int, end: int) -> int:
    """Where the text ends: at the first "Related" / "Most read" header after which no run of prose resumes.

    Teasers with one-sentence summaries under such a header can outweigh it; they never form a run.
    """
    for k in range(body + 1, end):
        if lines[k].kind is Kind.FOOTER:
            resumes = _after(runs.starts, k + 1)
            if resumes is None or resumes >= end:
                return k
    return end


def _locate_article(lines: list[_Line], start: int, runs: _Runs, stoplist: frozenset[str]) -> _Located | None:
    """Where the page's article is (its title, body, end and title repeat); None on a page without one.

    Of the page's main stretches of prose, the article is the one with the most prose *and* headline
    evidence above it (a repeated title, a byline or timestamp under a headline): a long paragraph of
    contact details in the footer outweighs a two-paragraph story on prose alone, not with its headline.
    """
    n = len(lines)
    weights = [None if k < start else _line_weight(ln, stoplist) for k, ln in enumerate(lines)]
    repeats = _find_title_repeats(lines[start:], start)
    copies = _copies(lines[start:])
    regions = _candidate_regions(weights, _CANDIDATE_REGIONS)
    # Below a comment thread's header that follows some prose, everything is comments.
    thread = next(
        (
            k
            for k, ln in enumerate(lines)
            if ln.kind is Kind.FOOTER
            and _COMMENTS_RE.match(ln.text)
            and any(last < k and total >= _MIN_BRIEF_WORDS for _first, last, total in regions)
        ),
        None,
    )
    located = [
        found
        for region in regions
        if (thread is None or region[0] < thread)
        and (found := _headed_region(lines, region, start, runs, repeats, copies)) is not None
    ]
    if located:
        best = max(located, key=lambda found: found.evidence)  # max keeps the first of equals: page order
        if best.title is None:  # prose without any headline over it: a headed list, if any, is the article
            return _headed_list(lines, start) or best
        return best
    if repeats:  # a repeated title over a one-paragraph story
        after = max(repeats[0].repeat, repeats[0].title) + 1
        body = next((k for k in range(after, n) if lines[k].kind is Kind.PARA), None)
        if body is not None:
            return _Located(
                repeats[0].title, body, _body_end(lines, body, runs), repeats[0], 0.0, repeats[0].title
            )
    headlines = [k for k in runs.headlines if k >= start]
    if len(headlines) == 1:  # a brief: one headline over one long paragraph
        body = next((k for k in range(headlines[0] + 1, n) if lines[k].kind is Kind.PARA), None)
        if body is not None and _word_count(lines[body].text) >= _MIN_BRIEF_WORDS:
            return _Located(headlines[0], body, _body_end(lines, body, runs), None, 0.0, headlines[0])
    return _headed_list(lines, start)


_MIN_LIST_LINES = 5


def _headed_list(lines: list[_Line], start: int) -> _Located | None:
    """An article whose text is a list (a calendar, results, a schedule): a headline with its byline or
    timestamp, then a run of lines without prose that carry no bylines or dates of their own (which would
    make them the items of a listing) up to the page's footer."""
    for k in range(start, len(lines)):
        if not (lines[k].kind is Kind.TITLE and _word_count(lines[k].text) >= 2):
            continue
        if not _has_byline_below(lines, k + 1, min(len(lines), k + 4)):
            continue
        first = next(
            (
                j
                for j in range(k + 1, len(lines))
                if lines[j].kind in (Kind.TITLE, Kind.PARA) and not _is_author_line(lines, j)
            ),
            None,
        )
        if first is None:
            return None
        end = next((j for j in range(first, len(lines)) if lines[j].kind is Kind.FOOTER), len(lines))
        body = [ln for ln in lines[first:end] if ln.kind in (Kind.TITLE, Kind.PARA)]
        if len(body) >= _MIN_LIST_LINES and not any(
            ln.kind in (Kind.META, Kind.DATE) for ln in lines[first:end]
        ):
            return _Located(k, first, end, None, 0.0, k, list_body=True)
        return None
    return None


def _body_end(lines: list[_Line], body: int, runs: _Runs) -> int:
    """The first footer line below the body after which no run of paragraphs resumes.

    A "Related: ..." or "Most read" box inside an article does not end it; the copyright line does.
    """
    n = len(lines)
    for k in range(body, n):
        if lines[k].kind is not Kind.FOOTER:
            continue
        if _PAGE_END_RE.search(lines[k].text):
            return k
        resumes = _after(runs.starts, k + 1)
        page_end = _after(runs.page_ends, k + 1)
        if resumes is None or (page_end is not None and page_end < resumes):
            return k
    return n


def _segment(text: str) -> Page:
    lines = _lines(text)
    page_date, start = _page_date(lines)
    # Dropped lines by line index, so the boilerplate comes out in page order.
    boilerplate = {ln.index: ln.text for ln in lines[:start] if ln.kind in (Kind.FOOTER, Kind.INLINE)}

    runs = _runs(lines)
    stoplist = stoplist_for_words(_tokens(ln.text) for ln in lines if ln.kind is Kind.PARA)
    located = _locate_article(lines, start, runs, stoplist)
    if located is None or (
        located.repeat is None
        and not located.list_body
        and not _opens_with_prose(lines, located.body, located.end)
        and not _is_single_story(lines, located)
        and _looks_like_listing(lines, max(start, located.region_start - 1), located.end)
    ):
        return _listing_page(lines, start, page_date, boilerplate, located)
    title_idx, body, footer, repeat = located.title, located.body, located.end, located.repeat
    unavailable = _unavailable_notice(lines, title_idx, body, footer)
    if unavailable:
        return Page(page_date, "empty", None, (), (), _ordered(boilerplate), unavailable)

    head_end = title_idx if title_idx is not None else body
    parts = _ArticleParts(captions={}, credits={}, paragraphs={})
    section = repeat.section if repeat else None

    # Before the title: teasers, navigation, a section label, metadata.
    pre = [ln for ln in lines[start:head_end] if not (repeat and ln.index == repeat.repeat)]
    # Metadata counts for the article only below the last teaser (a teaser may carry its own byline).
    zone = max((k for k, ln in enumerate(pre) if ln.kind in (Kind.PARA, Kind.TITLE)), default=-1)
    for k, line in enumerate(pre):
        if line.kind in (Kind.FOOTER, Kind.INLINE):
            boilerplate[line.index] = line.text
        elif line.kind is Kind.META and (k > zone or _word_count(pre[zone].text) < 3):
            parts.add_meta(line.text, page_date)
    teasers, labels = _parse_items(pre, min_words=3)
    if labels and section is None and pre[-1] is labels[-1] and _word_count(labels[-1].text) <= 4:
        section = labels.pop().text  # a short label right above the title is its section
    boilerplate.update((ln.index, ln.text) for ln in labels)

    # Between the title and the body: the glued copy, captions, credits, byline, dek.
    dek: str | None = None
    caption_blocks = {lines[repeat.repeat].block} if repeat else set()
    for line in lines[head_end + 1 if title_idx is not None else body : body]:
        if repeat and line.index == repeat.repeat:
            continue
        if line.kind in (Kind.FOOTER, Kind.INLINE):
            boilerplate[line.index] = line.text
        elif line.kind in (Kind.CREDIT, Kind.CAPTION, Kind.META, Kind.DATE):
            parts.add_line(line, page_date)
            if line.kind in (Kind.CREDIT, Kind.CAPTION):
                caption_blocks.add(line.block)
        elif line.block in caption_blocks and line.kind is not Kind.JUNK:
            parts.add_caption(line, line.text)  # text glued under the title copy is a caption
        elif _is_photo_caption(lines, line.index):
            parts.add_caption(line, line.text)
        elif line.kind is Kind.PARA and dek is None and parts.byline is None and not parts.captions:
            dek = repair_prose(line.text)
        elif (
            line.kind is Kind.TITLE
            and dek is None
            and title_idx is not None
            and line.index == _first_content_after(lines, title_idx)
            and _is_dek_after(lines, line.index, body + 1)
        ):
            dek = line.text
        elif line.kind is Kind.TITLE and parts.byline is None and _is_author_line(lines, line.index):
            parts.byline = line.text
        elif line.kind is Kind.PARA:
            parts.add_caption(line, line.text)

    # The body: paragraphs, and the subheads and short list items between them, until the footer.
    inner = _inner_headings(lines, body, footer)
    for line in lines[body:footer]:
        if line.kind is Kind.PARA and _is_photo_caption(lines, line.index):
            parts.add_caption(line, line.text)
        elif line.kind is Kind.PARA or line.index in inner or (located.list_body and line.kind is Kind.TITLE):
            paragraph = repair_prose(line.text)
            parts.paragraphs.setdefault(_key(paragraph).casefold(), paragraph)
        elif line.kind in (Kind.INLINE, Kind.FOOTER):
            boilerplate[line.index] = line.text
        elif line.kind is not Kind.TITLE:
            parts.add_line(line, page_date)

    # After the footer: boilerplate, and further headlines (related/popular lists).
    more = _tail(lines[footer:], boilerplate)

    _unglue_first_caption(parts, page_date)
    byline_names = authors_of(parts.byline) if parts.byline else ()
    paragraphs = _without_author_bio(tuple(parts.paragraphs.values()), byline_names)
    if len(paragraphs) < len(parts.paragraphs):  # the bio is boilerplate, in its place on the page
        bio = list(parts.paragraphs.values())[-1]
        where = next((ln.index for ln in lines[body:footer] if repair_prose(ln.text) == bio), footer)
        boilerplate[where] = bio
    if not paragraphs and lines[body].kind is Kind.CAPTION:
        # A photo story: its text is the caption (the credit stays a credit).
        paragraphs = tuple(text for text, _ in parts.captions.values())
    wire = parse_wire_dateline(paragraphs[0], page_date) if paragraphs else None
    title = lines[title_idx].text if title_idx is not None else ""
    published, source = _published(parts, wire)
    article = Article(
        title=title,
        section=section,
        byline=parts.byline,
        dateline_place=wire.place if wire else None,
        published_date=published.date if published else None,
        paragraphs=paragraphs,
        photo_captions=tuple(text for text, _ in parts.captions.values()),
        photo_credits=tuple(parts.credits.values()),
        subtitle=dek,
        authors=byline_names,
        published=published,
        updated=parts.updated,
        published_date_source=source,
    )
    headlines = [_headline(item, "teaser", strict=False) for item in teasers]
    if title:
        headlines.append(Headline(0, title, dek, "main", False, None, 0))
    headlines += [_headline(item, "teaser", strict=False) for item in more]
    return Page(page_date, "article", section, _numbered(headlines), (article,), _ordered(boilerplate))


_MAX_INNER_HEADING_WORDS = 15
_MAX_LIST_ITEMS = 12


def _inner_headings(lines: list[_Line], body: int, end: int) -> set[int]:
    """Title-like lines inside the text that belong to it: subheads and list items between two paragraphs.

    A run of them counts when prose comes right before and after it (adverts and captions aside) and none
    reads like page furniture; a list of headlines after a "Related" header is not preceded by prose.
    """
    inner: set[int] = set()
    run: list[int] = []
    prose_before = False
    for k in range(body, end):
        line = lines[k]
        if line.kind in (Kind.INLINE, Kind.JUNK, Kind.CAPTION, Kind.CREDIT):
            continue
        if line.kind is Kind.TITLE and prose_before:
            run.append(k)
            continue
        if line.kind is Kind.PARA:
            if run and len(run) <= _MAX_LIST_ITEMS and all(_is_inner_heading(lines[j]) for j in run):
                inner.update(run)
            prose_before = True
        else:
            prose_before = False
        run = []
    # A list the text closes with, announced by its last paragraph ("The tour dates:").
    announcing = next((k for k in range(end - 1, body - 1, -1) if lines[k].kind is Kind.PARA), None)
    if run and announcing is not None and _announces_list(lines[announcing].text):
        inner.update(j for j in run if not _FURNITURE_RE.search(lines[j].text))
    return inner


def _is_inner_heading(line: _Line) -> bool:
    words = _word_count(line.text)
    return (
        2 <= words <= _MAX_INNER_HEADING_WORDS
        and not _FURNITURE_RE.search(line.text)
        and not _LABEL_PREFIX_RE.match(line.text)
    )


_MAX_BIO_WORDS = 70
# "...at a press conference on Dec. 22. (Agency Name)Korea's pharmaceutical industry is bracing ...":
# a caption and its credit glued to the first paragraph, no space after the credit.
_GLUED_CREDIT_RE = re.compile(r"\((?P<credit>[A-Z][^()]{1,80})\)(?=[A-Z“\"‘'])")
_MAX_GLUED_CAPTION_CHARS = 700
_MAX_CREDIT_WORDS = 10


def _glued_caption(paragraph: str, page_date: datetime.date | None) -> tuple[str, str | None, str] | None:
    """(caption, credit, text) when a photo caption is glued in front of a paragraph's own text."""
    wire = find_wire_dateline(paragraph, page_date, _MAX_GLUED_CAPTION_CHARS)
    if wire is not None:
        head, rest = paragraph[:wire].strip(), paragraph[wire:]
        if _word_count(head) < 4:
            return None
        # "... Dec. 30, 2024. Agency/Photographer": the tail after the last sentence is the credit.
        cut = head.rfind(". ")
        tail = head[cut + 2 :] if cut > 0 else ""
        if tail and _word_count(tail) <= _MAX_CREDIT_WORDS // 2 and not _TERMINAL_RE.search(tail):
            return head[: cut + 1], tail, rest
        return head, None, rest
    m = _GLUED_CREDIT_RE.search(paragraph, 0, _MAX_GLUED_CAPTION_CHARS)
    if m is None:
        return None
    credit = m.group("credit").strip()
    head = paragraph[: m.start()].strip()
    if _word_count(head) < 4 or _word_count(credit) > _MAX_CREDIT_WORDS or _SENTENCE_END_RE.search(credit):
        return None
    return head, credit, paragraph[m.end() :]


def _unglue_first_caption(parts: _ArticleParts, page_date: datetime.date | None) -> None:
    """Move a caption glued in front of the first paragraph to the captions (and its credit to the credits)."""
    if not parts.paragraphs:
        return
    key, first = next(iter(parts.paragraphs.items()))
    found = _glued_caption(first, page_date)
    if found is None:
        return
    caption, credit, rest = found
    parts.captions.setdefault(_key(caption).casefold(), (caption, (True, False)))
    if credit:
        parts.add_credit(credit)
    parts.paragraphs = {
        _key(rest).casefold(): rest,
        **{k: v for k, v in parts.paragraphs.items() if k != key},
    }


def _without_author_bio(paragraphs: tuple[str, ...], authors: tuple[str, ...]) -> tuple[str, ...]:
    """The text without a closing note about its author ("Jane Roe covers transport for the paper.")."""
    if len(paragraphs) < 2 or not authors:
        return paragraphs
    last = paragraphs[-1]
    if _word_count(last) <= _MAX_BIO_WORDS and any(last.startswith(name + " ") for name in authors):
        return paragraphs[:-1]
    return paragraphs


def _published(parts: _ArticleParts, wire: WireDateline | None) -> tuple[PageTime | None, str | None]:
    """When the story ran and what says so: a dated byline line, else the wire dateline, else its update."""
    if parts.published:
        return parts.published, "byline"
    if wire and wire.date:
        return PageTime(wire.date), "wire_dateline"
    if parts.updated:
        return parts.updated, "byline"
    return None, None


def _tail(tail: list[_Line], boilerplate: dict[int, str]) -> list[_Item]:
    """Lines after the footer: boilerplate, except lists of further headlines."""
    boilerplate.update((ln.index, ln.text) for ln in tail if ln.kind in (Kind.FOOTER, Kind.INLINE))
    items, leftovers = _parse_items(tail, min_words=5, loose=False)
    boilerplate.update((ln.index, ln.text) for ln in leftovers)
    return items


def _headline(item: _Item, role: str, strict: bool) -> Headline:
    truncated = item.summary is not None and _is_truncated(item.summary, strict)
    caption = item.caption if role == "listing" else None
    return Headline(0, item.text, item.summary, role, truncated, caption, None)


def _numbered(headlines: list[Headline]) -> tuple[Headline, ...]:
    return tuple(replace(h, position=k) for k, h in enumerate(headlines, start=1))


def _ordered(boilerplate: dict[int, str]) -> tuple[str, ...]:
    return tuple(text for _, text in sorted(boilerplate.items()))


_MAX_LISTING_LABELS = 2  # a section name (and a breadcrumb) right above a listing's items


def _listing_bounds(lines: list[_Line], start: int, located: _Located | None) -> tuple[int, int]:
    """(first, end) of a listing's items: the page's main stretch of prose (its summaries) with the
    headline and section labels right above it; without one, from the top to the first footer line below the
    first headline (a menu above it does not count)."""
    n = len(lines)
    if located is not None:
        first = located.region_start
        if first > start and _is_headline(lines[first - 1]):
            first -= 1
        pictures = 0  # the first item's photo caption and credit
        while (
            first > start
            and pictures < _MAX_LISTING_LABELS
            and lines[first - 1].kind in (Kind.CAPTION, Kind.CREDIT)
        ):
            first -= 1
            pictures += 1
        labels = 0
        while first > start and labels < _MAX_LISTING_LABELS:
            above = lines[first - 1]
            if above.kind in (Kind.INLINE, Kind.JUNK):  # pagination, "Advertisement"
                first -= 1
            elif above.kind is Kind.TITLE and _word_count(above.text) <= 3:
                first -= 1
                labels += 1
            else:
                break
        return first, located.end
    first_title = next(
        (k for k in range(start, n) if lines[k].kind is Kind.TITLE and _word_count(lines[k].text) >= 3), n
    )
    return start, next((k for k in range(first_title, n) if lines[k].kind is Kind.FOOTER), n)


def _listing_page(
    lines: list[_Line],
    start: int,
    page_date: datetime.date | None,
    boilerplate: dict[int, str],
    located: _Located | None = None,
) -> Page:
    first, footer = _listing_bounds(lines, start, located)
    boilerplate.update((ln.index, ln.text) for ln in lines[start:first])
    region = lines[first:footer]
    boilerplate.update((ln.index, ln.text) for ln in region if ln.kind in (Kind.FOOTER, Kind.INLINE))
    section: str | None = None
    content = [k for k, ln in enumerate(region) if ln.kind not in _SKIPPED or ln.kind is Kind.CAPTION]
    if content:
        first = region[content[0]]
        nxt = region[content[1]] if len(content) > 1 else None
        # A tag page opens with its section name: a label of a few words, or a short line without a summary.
        words = _word_count(first.text)
        if first.kind is Kind.TITLE and (
            words <= 3 or (words <= 5 and (nxt is None or nxt.kind is not Kind.PARA))
        ):
            section = first.text
            region = region[content[0] + 1 :]
    items, leftovers = _parse_items(region, min_words=3)
    boilerplate.update((ln.index, ln.text) for ln in leftovers)
    more = _tail(lines[footer:], boilerplate)
    headlines = [_headline(item, "listing", strict=True) for item in items]
    headlines += [_headline(item, "teaser", strict=False) for item in more]
    if headlines:
        kind, reason = "listing", _LISTING_REASON
    else:
        kind, reason = "empty", _NO_TEXT_REASON if not lines else _NO_MAIN_TEXT_REASON
    return Page(page_date, kind, section, _numbered(headlines), (), _ordered(boilerplate), reason)


_LISTING_REASON = "headlines (with or without summaries) and no article text"
_NO_MAIN_TEXT_REASON = (
    "no main text: no paragraphs of prose and no headlines, only menus, labels and short lines"
)
_NO_TEXT_REASON = "no text: the page is blank"


def segment_page(text: str) -> Page:
    """Segment one page's text; total: any string gives a Page."""
    try:
        return _segment(text if isinstance(text, str) else str(text))
    except Exception:  # a parser bug must not fail a whole load; an empty page is the honest answer
        return Page(None, "empty", None, (), (), (), "the page could not be read (a segmenter error)")
