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
        or _decode_mostly_ascii_cp1252(data)
        or _decode_guessed(data)
    )
    if decoded is None:
        return Rejection(
            "could not determine the text encoding (not UTF-8, no BOM, no confident guess); "
            "re-save the page as UTF-8"
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


def _decode_mostly_ascii_cp1252(data: bytes) -> DecodedText | None:
    """Windows-1252 for text that is mostly ASCII with a few curly quotes or accents.

    Statistical detectors misjudge such short Western texts (a quote pair reads as Baltic code pages), while
    Korean, Cyrillic or Greek legacy bytes decode as cp1252 into mostly non-ASCII letters and fail this test.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(1 for ch in text if ch.isalpha())
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if letters and non_ascii / letters <= 0.1:
        return DecodedText(text=text, encoding="cp1252")
    return None


def _decode_guessed(data: bytes) -> DecodedText | None:
    if b"\x00" in data:
        return None  # not UTF-16 (no BOM) and not a single-byte text encoding
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    return DecodedText(text=str(best), encoding=best.encoding)
