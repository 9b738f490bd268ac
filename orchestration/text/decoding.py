"""Bytes of a scraped file -> text, or a reason a person can act on.

UTF-8 is tried first and strictly, because that is what nearly every scraper writes and because then
`documents.text` is the file's content exactly (offsets into it are offsets into the file). BOMs name their
encoding. Only then is a legacy encoding guessed (charset-normalizer), and binary files are recognised by
their magic bytes or NUL bytes so that an image saved as .txt is rejected rather than decoded as nonsense.

Line ends are kept as they are (CRLF, lone CR): segmentation and extraction read all three, and keeping them
keeps offsets into `documents.text` equal to offsets into a UTF-8 file. HTML is decoded like any text and
kept as it is: the page reader (orchestration.text.page_reader) renders it and reads its structure, so a
better reader can re-read it later.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"%PDF-", "a PDF document"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


@dataclass(frozen=True)
class Rejection:
    reason: str


def decode_page(data: bytes) -> DecodedText | Rejection:
    """Decode one file's bytes, or say why it is not a text page."""
    if not data:
        return Rejection("empty file (0 bytes): nothing to load; re-fetch the page or delete the file")
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return Rejection(f"binary file ({kind}), not a text page; remove it from the raw folder")
    decoded = (
        _decode_with_bom(data)
        or _decode_utf8(data)
        or _decode_damaged_utf8(data)
        or _decode_western_cp1252(data)
        or _decode_guessed(data)
    )
    if decoded is None:
        return Rejection(
            "could not determine the text encoding (not UTF-8, no BOM, no legacy encoding the bytes give "
            "evidence for); re-save the page as UTF-8"
        )
    if "\x00" in decoded.text:
        if _looks_utf16_without_bom(data):
            return Rejection(
                "looks like UTF-16 text without a byte-order mark (every other byte is NUL); "
                "re-save the page as UTF-8 (or as UTF-16 with a BOM)"
            )
        return Rejection(
            f"contains NUL bytes (first at character {decoded.text.index(chr(0))}); "
            "looks binary or truncated, re-save the page as UTF-8 text"
        )
    if not decoded.text.strip():
        return Rejection("no text: the file holds only whitespace")
    return decoded


def _looks_utf16_without_bom(data: bytes) -> bool:
    """Mostly-Latin UTF-16 (LE or BE) without a BOM: one of every two bytes is NUL."""
    sample = data[:4096]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.7


def _decode_with_bom(data: bytes) -> DecodedText | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            # utf-16/utf-32 codecs consume the BOM themselves; utf-8-sig likewise.
            return DecodedText(text=text, encoding=encoding.replace("-sig", "") + " (BOM)")
    return None


def _decode_utf8(data: bytes) -> DecodedText | None:
    try:
        return DecodedText(text=data.decode("utf-8"), encoding="utf-8")
    except UnicodeDecodeError:
        return None


# A file whose non-ASCII bytes are nearly all well-formed UTF-8 sequences is UTF-8 that was damaged (a
# download cut off mid-character, a stray byte): no legacy encoding produces well-formed multi-byte UTF-8 by
# chance at that rate, so this is positive evidence, where a statistical guess would have none (a cut-off
# English page came out as mac_iceland, `Jong-un’s` as `Jong-un‚Äôs`).
_MIN_UTF8_SEQUENCE_SHARE = 0.8  # legacy CJK bytes reach about 0.25 by chance


def _utf8_damage(data: bytes) -> tuple[int, int]:
    """(well-formed multi-byte UTF-8 sequences, bytes that are not part of one) in data."""
    text = data.decode("utf-8", "surrogateescape")
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return good, bad


def _decode_damaged_utf8(data: bytes) -> DecodedText | None:
    """UTF-8 with a cut-off last character (dropped, so the text stays a prefix of the file) or with a few
    invalid bytes (each replaced by U+FFFD); the repair is named in the encoding."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(data):
            try:
                text = data[: error.start].decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                cut = len(data) - error.start
                return DecodedText(
                    text=text, encoding=f"utf-8 (cut off inside its last character: {cut} bytes dropped)"
                )
    good, bad = _utf8_damage(data)
    if good and good / (good + bad) >= _MIN_UTF8_SEQUENCE_SHARE:
        return DecodedText(
            text=data.decode("utf-8", "replace"),
            encoding=f"utf-8 ({bad} invalid bytes replaced by U+FFFD)",
        )
    return None


def _is_western_character(ch: str) -> bool:
    """A Latin letter or the typography of Western text (curly quotes, dashes, ellipsis, currency signs)."""
    if ch.isalpha():
        return "LATIN" in unicodedata.name(ch, "")
    return unicodedata.category(ch)[0] in "PSZ"


def _decode_western_cp1252(data: bytes) -> DecodedText | None:
    """Windows-1252 for Western text: mostly ASCII letters, the rest Latin letters and typography.

    Statistical detectors misjudge such texts (a quote pair reads as a DOS or Baltic code page, `ï` as
    cp1250's `ď`), while Korean, Cyrillic or Greek legacy bytes decode as cp1252 into runs of accented
    letters (`Ïðåçèäåíò`) and fail the letter test. (WHATWG decodes `latin-1` labels as windows-1252 too.)
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(1 for ch in text if ch.isalpha())
    non_ascii = [ch for ch in text if ord(ch) > 127]
    non_ascii_letters = sum(1 for ch in non_ascii if ch.isalpha())
    if not letters or non_ascii_letters / letters > _MAX_ACCENTED_LETTER_SHARE:
        return None
    if non_ascii and sum(map(_is_western_character, non_ascii)) / len(non_ascii) < _MIN_WESTERN_SHARE:
        return None
    return DecodedText(text=text, encoding="cp1252")


_MAX_ACCENTED_LETTER_SHARE = 0.5  # French or German text: under 10 %; Cyrillic read as cp1252: nearly all
_MIN_WESTERN_SHARE = 0.9
# A guess is taken only with evidence: its text fits a language's letter frequencies (charset-normalizer's
# coherence), or it is a multi-byte East Asian encoding that decoded without mess (its byte pairs are the
# evidence; charset-normalizer scores no coherence for them).
_MIN_COHERENCE = 0.2
_MAX_CHAOS = 0.1
_MULTIBYTE_ENCODINGS = frozenset(
    {"cp949", "euc_kr", "cp932", "shift_jis", "euc_jp", "iso2022_jp", "gb2312", "gbk", "gb18030", "big5"}
    | {"big5hkscs", "cp950", "johab", "iso2022_kr", "hz"}
)


def _decode_guessed(data: bytes) -> DecodedText | None:
    if b"\x00" in data:
        return None  # not UTF-16 (no BOM) and not a single-byte text encoding
    best = from_bytes(data).best()
    if best is None or best.encoding is None or best.chaos > _MAX_CHAOS:
        return None
    if best.coherence < _MIN_COHERENCE and best.encoding not in _MULTIBYTE_ENCODINGS:
        return None
    return DecodedText(text=str(best), encoding=best.encoding)
