"""Text folding: look-alike letters, typographic quotes and dashes, and the ``\\'`` escape repair.

``fold_text`` prepares a whole document for the model and the rules (an offset map takes positions back to
the original text); ``fold_surface`` and ``fold_char`` fold one mention for its display name and key.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# Cyrillic and Greek letters that look like Latin ones (scrapes and spam mix them into Latin words).
CONFUSABLES: Mapping[str, str] = MappingProxyType(
    {
        "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M", "О": "O",
        "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "а": "a", "с": "c", "е": "e", "і": "i", "ј": "j",
        "о": "o", "р": "p", "ѕ": "s", "х": "x", "у": "y", "ԁ": "d", "ո": "n",
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
        "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "κ": "k",
    }
)  # fmt: skip
QUOTE_FOLD: Mapping[str, str] = MappingProxyType(
    {"’": "'", "‘": "'", "ʼ": "'", "′": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
     "‐": "-", "‑": "-", "\u00a0": " "}
)  # fmt: skip

# A backslash before a quote is a scraper's escape, never text. The document fold also drops one before a
# curly apostrophe; the surface fold runs on original text and has always left that one alone (keys depend
# on it).
_ESCAPED_QUOTE_RE = re.compile(r"\\(?=['\"’])")
_ESCAPE_RE = re.compile(r"\\(?=['\"])")
_MIXED_WORD_RE = re.compile(r"[^\W\d_]+")
_HAS_LATIN_RE = re.compile(r"[A-Za-z]")
_FOLD_TABLE = str.maketrans(dict(QUOTE_FOLD))


def fold_char(ch: str) -> str:
    """Look-alike and typographic variants of one character, folded (never changes length)."""
    return CONFUSABLES.get(ch) or QUOTE_FOLD.get(ch) or ch


def fold_surface(text: str) -> str:
    """Display-safe folding: look-alikes, curly quotes, ``\\'`` escapes, NFC; keeps case and accents."""
    text = _ESCAPE_RE.sub("", text)
    return unicodedata.normalize("NFC", "".join(fold_char(c) for c in text))


@dataclass(frozen=True)
class FoldedText:
    text: str
    removed_keys: tuple[int, ...]  # for removed original index r_j (sorted): r_j - j

    def to_original(self, pos: int) -> int:
        """Original offset of folded position ``pos`` (start offsets)."""
        return pos + bisect.bisect_right(self.removed_keys, pos)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end - 1) + 1


def fold_text(text: str) -> FoldedText:
    """Typographic folding; only ``\\'`` escapes change the length (tracked in ``removed_keys``)."""
    removed = [m.start() for m in _ESCAPED_QUOTE_RE.finditer(text)]
    if removed:
        parts, prev = [], 0
        for r in removed:
            parts.append(text[prev:r])
            prev = r + 1
        parts.append(text[prev:])
        text = "".join(parts)
    text = text.translate(_FOLD_TABLE)
    if any(c in CONFUSABLES for c in text):
        text = _MIXED_WORD_RE.sub(_fold_mixed_word, text)
    return FoldedText(text, tuple(r - j for j, r in enumerate(removed)))


def _fold_mixed_word(m: re.Match[str]) -> str:
    word = m.group(0)
    # Only words that mix scripts: a genuine Russian or Greek word stays as written.
    if _HAS_LATIN_RE.search(word) and any(c in CONFUSABLES for c in word):
        return "".join(CONFUSABLES.get(c, c) for c in word)
    return word
