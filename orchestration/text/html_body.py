"""An HTML page's main text: paragraphs from trafilatura's body tree, without a leading title or dek (the
gold bodies have neither) and without short furniture paragraphs (copyright, "Read more: ...", "Follow ...
on Facebook") or spacers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from orchestration.text.html_metadata import _TITLE_SEP_RE, _key

_SPACE_RE = re.compile(r"[^\S\n]+")


def _collapse(text: str) -> str:
    lines = (_SPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_BLOCK_TAGS = frozenset({"p", "head", "quote", "code", "list", "table", "div", "item"})


def _inline_text(el: Any, skip: frozenset[str] = frozenset()) -> str:
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag in skip:
            parts.append(child.tail or "")
            continue
        parts.append("\n" if child.tag == "lb" else _inline_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks(el: Any) -> Iterator[tuple[str, str]]:
    """(kind, text) for each paragraph-like element, in order."""
    tag = el.tag
    if tag == "list":
        for item in el:
            yield "item", _collapse(_inline_text(item, skip=frozenset({"list"})))
            for nested in item.iterchildren("list"):
                yield from _blocks(nested)
    elif tag == "table":
        for row in el.iter("row"):
            cells = [_collapse(_inline_text(cell)) for cell in row.iter("cell")]
            yield "row", " | ".join(c for c in cells if c)
    elif tag in ("p", "head", "code", "item") or not any(child.tag in _BLOCK_TAGS for child in el):
        yield tag, _collapse(_inline_text(el))
    else:  # body, div, quote holding paragraphs
        if el.text and el.text.strip():
            yield tag, _collapse(el.text)
        for child in el:
            yield from _blocks(child)
            if child.tail and child.tail.strip():
                yield tag, _collapse(child.tail)


# Page furniture that trafilatura keeps inside the body: copyright lines, "Read more: <link title>" and
# "Follow us on <network>" promos. Only short paragraphs: a sentence of the story may mention "copyright".
_FURNITURE_RE = re.compile(
    r"^(?:copyright\b|©|\(c\)\s)|\ball rights reserved\b"
    r"|^(?:read (?:more|also|next)|see (?:also|more)|also read|related(?: articles?| stories| coverage)?)\s*[:：»>|]"
    r"|^follow\b.{0,80}\bon (?:facebook|twitter|instagram|x|linkedin|youtube|tiktok|threads|bluesky)\b",
    re.IGNORECASE,
)
_MAX_FURNITURE_CHARS = 250
_HAS_WORD_RE = re.compile(r"\w")  # a block of only "\u200b", "***" or "—" is a spacer, not a paragraph


def _title_keys(title: str | None) -> set[str]:
    """Keys of the title and of its pieces around separators ("Title | Site", "Section - Title")."""
    if not title:
        return set()
    pieces = [p for p in _TITLE_SEP_RE.split(title) if p.strip()]
    keys = {_key(title)} | {_key(p) for p in pieces if len(_key(p)) >= 12}
    return {k for k in keys if k}


def _is_prefix_of(short: str, long: str) -> bool:
    """Whether the words of ``short`` start ``long`` (a truncated description ends in a cut word)."""
    a, b = short.split(), long.split()
    if len(a) < 4 or len(a) > len(b):
        return False
    return a[:-1] == b[: len(a) - 1] and b[len(a) - 1].startswith(a[-1])


_MAX_LABEL_WORDS = 3


def _main_paragraphs(
    body: Any, title: str | None, headings: list[str], description: str | None
) -> tuple[tuple[str, ...], str | None]:
    """Paragraphs of trafilatura's body without a leading title/dek and page furniture; the dek found."""
    blocks = [(kind, text) for kind, text in _blocks(body) if _HAS_WORD_RE.search(text)]
    titles = _title_keys(title) | {_key(h) for h in headings if len(_key(h)) >= 12}
    desc = _key(description)
    dek: str | None = None
    start = 0

    # Leading headings (and a paragraph that repeats the title) before the first paragraph of text; a short
    # label (section, kicker) right above the title or the dek goes with them.
    def is_title(k: str) -> bool:
        return bool(k) and k in titles

    def is_dek(kind: str, k: str) -> bool:
        # Only a heading: sites often reuse the first paragraph as the description, and that is the lede.
        if not desc or not k or kind != "head":
            return False
        return k == desc or _is_prefix_of(desc, k) or _is_prefix_of(k, desc)

    while start < len(blocks):
        kind, text = blocks[start]
        key = _key(text)
        if is_title(key):
            start += 1
        elif is_dek(kind, key) and start + 1 < len(blocks):
            dek = dek or text
            start += 1
        elif len(text.split()) <= _MAX_LABEL_WORDS and any(
            is_title(_key(t)) or is_dek(k, _key(t)) for k, t in blocks[start + 1 : start + 3]
        ):
            start += 1
        else:
            break
    kept = tuple(
        text
        for _, text in blocks[start:]
        if not (len(text) <= _MAX_FURNITURE_CHARS and _FURNITURE_RE.search(text))
    )
    return kept, dek
