"""What an HTML page declares about its article besides the dates: the headline without the site name or
section around it, the authors' names, categories and tags, and the language."""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from orchestration.text.bylines import is_role

_WORD_RE = re.compile(r"\w+")


def _key(text: str | None) -> str:
    """Comparison key: lower-case words only, so quotes, dashes and spacing do not matter."""
    return " ".join(_WORD_RE.findall((text or "").lower()))


# Separators between a headline and the site or section in <title>/og:title ("Headline | Site").
_TITLE_SEP_RE = re.compile(r"\s+(?:[|–—·»:]{1,2}|-{1,2})\s+")


def _clean_title(
    title: str | None, headings: list[str], site: str | None, sections: tuple[str, ...]
) -> str | None:
    """The headline without the site name or section the <title>/og:title wraps it in."""
    if not title:
        return next((h for h in headings if len(_key(h)) >= 8), None)
    title = " ".join(title.split())
    pieces = _TITLE_SEP_RE.split(title)
    if len(pieces) == 1:
        return title
    seps = _TITLE_SEP_RE.findall(title)
    heading_keys = {_key(h) for h in headings if _key(h)}
    # A contiguous run of pieces that is the page's <h1>: that is the headline.
    for i in range(len(pieces)):
        for j in range(len(pieces), i, -1):
            if (i, j) == (0, len(pieces)):
                continue
            joined = "".join(p + (seps[k] if k < j - 1 else "") for k, p in enumerate(pieces[i:j], start=i))
            if _key(joined) in heading_keys:
                return joined.strip()
    # Otherwise drop outer pieces that name the site or a section.
    names = {_key(n) for n in (site, *sections) if n}

    def names_site(piece: str) -> bool:
        k = _key(piece)
        return bool(k) and any(k == n or n.startswith(k + " ") or k.startswith(n + " ") for n in names)

    while len(pieces) > 1 and names_site(pieces[-1]):
        pieces, seps = pieces[:-1], seps[:-1]
    while len(pieces) > 1 and names_site(pieces[0]):
        pieces, seps = pieces[1:], seps[1:]
    return "".join(p + (seps[k] if k < len(seps) else "") for k, p in enumerate(pieces)).strip()


_BY_RE = re.compile(r"^(?:(?:written|posted|reported|words|text)\s+)?by\b[:\s]*", re.IGNORECASE)
_EMAIL_URL_RE = re.compile(r"\S+@\S+\.\w+|https?://\S+|www\.\S+|@\w+")
_ROLE_RE = re.compile(
    r"(?:(?:^|\s+)(?:senior|chief|staff|news|political|business|sports?|deputy|associate|contributing|special|"
    r"foreign|managing|executive|digital|science|health|tech|technology|investigative|data))*"
    r"(?:^|\s+)(?:reporter|correspondent|editor|writer|columnist|contributor|producer|journalist|analyst)s?$",
    re.IGNORECASE,
)
# A byline glued to its date line ("JERUSALEM POST STAFF NOVEMBER"): a trailing month name, whole word only.
_TRAILING_MONTH_RE = re.compile(
    r"\s+(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?$",
    re.IGNORECASE,
)
# "JILL LAWLESS Associated Press": a capitals byline name, then the affiliation in normal case.
_CAPS_NAME_THEN_ORG_RE = re.compile(r"^((?:[A-Z][A-Z.'’-]+\s+){1,3}[A-Z][A-Z.'’-]+)\s+[A-Z][a-z].*$")
_NAME_PARTICLES = frozenset(
    {"van", "von", "de", "da", "di", "du", "del", "der", "den", "le", "la", "bin", "al", "ten", "ter", "y"}
)
# CMS account names published as the author ("admin", "siteadmin", "user12").
_USERNAME_RE = re.compile(r"\badmin\w*|\w*admin\b|^user\d*$|^editor$|^staff$", re.IGNORECASE)


def _without_lowercase_tail(name: str) -> str:
    """ "Anna Novak anna novak org" -> "Anna Novak": after two capitalised words a name does not go on in
    lower case (name particles aside); such tails are e-mail addresses trafilatura stripped of punctuation."""
    words = name.split()
    for i in range(2, len(words)):
        if words[i][0].islower() and words[i] not in _NAME_PARTICLES and words[i - 1][0].isupper():
            return " ".join(words[:i])
    return name


def _author_names(raw: str | None, site: str | None) -> tuple[str, ...]:
    """Individual author names from trafilatura's "A; B" string, without prefixes, roles or the site."""
    if not raw:
        return ()
    site_key = _key(site)
    names: list[str] = []
    for part in re.split(r";|\|", raw):
        if is_role(part):
            continue  # "Community Reporter" on its own is the author's job, not a second author
        name = _EMAIL_URL_RE.sub(" ", _BY_RE.sub("", part.strip()))
        name = _TRAILING_MONTH_RE.sub("", _ROLE_RE.sub("", " ".join(name.split()))).strip(" ,.-–—")
        name = _without_lowercase_tail(_CAPS_NAME_THEN_ORG_RE.sub(r"\1", name))
        letters = [c for c in name if c.isalpha()]
        if (
            not letters
            or any(c.isdigit() for c in name)
            or len(name.split()) > 6
            or _USERNAME_RE.search(name)
        ):
            continue
        if len(letters) > 3 and all(c.isupper() for c in letters):
            name = " ".join(w.capitalize() if w.isalpha() else w.title() for w in name.split())
        key = _key(name)
        if site_key and (key == site_key or key.startswith(site_key + " ") or site_key.startswith(key + " ")):
            continue  # the publication, not a person ("CNN Business" on CNN)
        if key and key not in {_key(n) for n in names}:
            names.append(name)
    return tuple(names)


def _split_list(values: list[str] | None) -> tuple[str, ...]:
    """Categories/tags: trafilatura sometimes returns one comma-separated keywords string."""
    out: list[str] = []
    for value in values or ():
        for item in re.split(r"\s*[,;]\s*", value):
            item = " ".join(item.split())
            if len(item) > 1 and item not in out:
                out.append(item)
    return tuple(out)


_DECLARED_TITLE_META = frozenset({"og:title", "twitter:title", "headline", "dc.title", "title"})


def _untrimmed_title(tree: HtmlElement, objects: list[dict[str, Any]], title: str | None) -> str | None:
    """The whole <title> text where trafilatura kept only one piece of it and the page declares no title.

    For "A - B - C" trafilatura keeps "A - B" (its rule assumes "Headline | Site"), which loses the headline
    of "Section | Headline" titles; ``_clean_title`` decides from the page's <h1> and site name instead. A
    declared og:title or JSON-LD headline is kept as trafilatura read it.
    """
    declared = {
        " ".join((meta.get("content") or "").split())
        for meta in tree.iter("meta")
        if (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        in _DECLARED_TITLE_META
    }
    declared |= {" ".join(o["headline"].split()) for o in objects if isinstance(o.get("headline"), str)}
    element = tree.find(".//title")
    raw = " ".join(element.text_content().split()) if element is not None else ""
    if title and title not in declared and raw != title and (raw.startswith(title) or raw.endswith(title)):
        return raw
    return title


def _headings(tree: HtmlElement) -> list[str]:
    out = []
    for h in tree.iter("h1"):
        text = " ".join(h.text_content().split())
        if text:
            out.append(text)
    return out


def _language(tree: HtmlElement) -> str | None:
    candidates = [tree.get("lang"), tree.get("xml:lang")]
    for meta in tree.iter("meta"):
        name = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if name in ("content-language", "og:locale", "language", "dc.language"):
            candidates.append(meta.get("content"))
    for value in candidates:
        m = re.match(r"\s*([A-Za-z]{2,3})(?![A-Za-z])", value or "")
        if m:
            return m.group(1).lower()
    return None
