"""Headline items outside an article's body (teasers, listing entries, related lists): a headline, its
summary and the photo caption above it, and the Headline records made from them."""

from __future__ import annotations

from dataclasses import replace

from orchestration.text.segmentation.classify import is_title_case
from orchestration.text.segmentation.lines import _SENTENCE_FINAL_RE, _word_count, repair_prose
from orchestration.text.segmentation.model import Headline, Kind, _Item, _Line

_MIN_CUT_SUMMARY_WORDS = 5  # a summary cut off without any punctuation is still a clause, not a label


def _is_truncated(summary: str, strict_punctuation: bool) -> bool:
    if summary.endswith(("...", "…")):
        return True
    return strict_punctuation and not _SENTENCE_FINAL_RE.search(summary)


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
