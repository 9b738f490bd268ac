"""Page furniture: the phrases of boilerplate lines (footers, "Related" boxes, menus, comment thread headers,
consent and newsletter notices), and the wording of error, paywall and sign-in pages."""

from __future__ import annotations

import re

from orchestration.text.segmentation.lines import _TERMINAL_RE, _split_parts, _word_count
from orchestration.text.segmentation.model import Kind, _Line

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


def _is_nav_menu(text: str) -> bool:
    parts = _split_parts(text)
    return len(parts) >= 3 and all(_word_count(p) <= 3 and not _TERMINAL_RE.search(p) for p in parts)


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


# Words of links and widgets: a line with one is no headline, subhead or list item of the story.
_FURNITURE_RE = re.compile(
    r"@\w|https?://|www\.|\.com\b|\b(?:share|follow|subscribe|newsletter|sign (?:in|up)|log ?in|click|view all"
    r"|read more|comments?|advertisement|cookies?)\b",
    re.IGNORECASE,
)
# "Image: ...", "Photo caption ...": the label of a picture or video, not a headline.
_LABEL_PREFIX_RE = re.compile(
    r"^(?:(?:image|photo|picture|video|watch|listen|caption|file)\s*:|(?:image|media|photo) caption\b)",
    re.IGNORECASE,
)
