"""Line text: page text normalised (line ends, control characters), each line repaired (whitespace, stray escapes, HTML
entities, a wire "(END)" mark, glued sentences), comparison keys, word counts, and the punctuation shapes the
rules share (a final stop, a sentence end)."""

from __future__ import annotations

import functools
import html
import re


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


_NAV_SPLIT_RE = re.compile(r"\s*[|•·»›>]\s*")
_HAS_SEPARATOR_RE = re.compile(r"[|•·»›>]")


_TERMINAL_RE = re.compile(r"[.!?;:。！？；：][\"'”’)\]»」』]*$")
_SENTENCE_FINAL_RE = re.compile(r"[.!?。！？][\"'”’)\]»」』]*$")
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)\]]*\s|[。！？]")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


_LETTER_RE = re.compile(r"[^\W\d_]")


def _split_parts(text: str) -> list[str]:
    """The parts of a line joined by separators ("Home | World", "By X · 5 min read")."""
    if not _HAS_SEPARATOR_RE.search(text):
        return [text]
    return [p for p in _NAV_SPLIT_RE.split(text) if p]
