import codecs

import pytest

from orchestration.text.decoding import DecodedText, Rejection, decode_page


def test_utf8_is_kept_exactly() -> None:
    text = "Friday, December 5, 2025\n\nWorkers’ Party\r\nline"
    assert decode_page(text.encode("utf-8")) == DecodedText(text=text, encoding="utf-8")


def test_utf8_bom_is_stripped_and_named() -> None:
    assert decode_page(codecs.BOM_UTF8 + "Héllo".encode()) == DecodedText("Héllo", "utf-8 (BOM)")


def test_utf16_with_bom() -> None:
    result = decode_page("Kim Jong Un’s visit".encode("utf-16"))
    assert result == DecodedText("Kim Jong Un’s visit", "utf-16 (BOM)")


def test_windows_1252_curly_quotes_are_guessed() -> None:
    text = "The minister said \u201cwe will not back down\u201d on Tuesday, and the markets fell sharply."
    result = decode_page(text.encode("cp1252"))
    assert isinstance(result, DecodedText)
    assert result.text == text
    assert result.encoding != "utf-8"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"%PDF-1.7\n", "PDF"),
        (b"text with a NUL\x00 inside", "NUL"),
    ],
)
def test_rejections_say_why(data: bytes, fragment: str) -> None:
    result = decode_page(data)
    assert isinstance(result, Rejection)
    assert fragment in result.reason


def test_euc_kr_is_not_mistaken_for_windows_1252() -> None:
    text = "북한은 9차 당대회를 앞두고 러시아와의 관계를 강화하고 있다. 김정은 위원장은 월요일에 현장을 방문했다."
    result = decode_page(text.encode("euc-kr"))
    assert isinstance(result, DecodedText)
    assert result.text == text


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_crlf_and_lone_cr_are_kept_exactly(line_end: str) -> None:
    text = line_end.join(["Friday, December 5, 2025", "", "Headline", "", "Body text."]) + line_end
    assert decode_page(text.encode("utf-8")) == DecodedText(text=text, encoding="utf-8")


def test_utf16_without_bom_is_rejected_with_advice() -> None:
    result = decode_page("Friday, December 5, 2025\n\nA page saved as UTF-16.".encode("utf-16-le"))
    assert isinstance(result, Rejection)
    assert "UTF-16" in result.reason and "byte-order mark" in result.reason


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Ignored title</title></head>
<body><p>SEOUL, Dec. 5 (Yonhap) -- North Korean leader Kim <b>Jong</b> Un visited a factory.</p></body></html>"""


def test_html_is_decoded_as_it_is() -> None:
    # The page reader renders HTML later; the warehouse keeps the markup so a later reader can re-read it.
    assert decode_page(HTML_PAGE.encode("utf-8")) == DecodedText(text=HTML_PAGE, encoding="utf-8")


def test_text_that_mentions_tags_is_not_html() -> None:
    text = "Friday, December 5, 2025\n\nThe <html> tag and <b>bold</b> claims were debated."
    assert decode_page(text.encode()) == DecodedText(text=text, encoding="utf-8")


ENGLISH_PAGE = "Kim Jong-un’s visit to the border “went well”, officials said – café owners disagreed."


@pytest.mark.parametrize("cut", [1, 2])
def test_utf8_cut_off_inside_its_last_character_stays_utf8(cut: int) -> None:
    data = (ENGLISH_PAGE + " ’").encode("utf-8")[:-cut]  # ’ is three bytes
    result = decode_page(data)
    assert isinstance(result, DecodedText)
    assert result.text == ENGLISH_PAGE + " "  # a prefix of the file: offsets still hold
    assert result.encoding == f"utf-8 (cut off inside its last character: {3 - cut} bytes dropped)"


def test_utf8_with_a_stray_byte_is_utf8_with_the_repair_named() -> None:
    data = ENGLISH_PAGE.encode("utf-8").replace("“".encode(), b"\x93")  # one cp1252 quote in UTF-8
    result = decode_page(data)
    assert isinstance(result, DecodedText)
    assert "Kim Jong-un’s" in result.text and "\ufffdwent well”" in result.text
    assert result.encoding == "utf-8 (1 invalid bytes replaced by U+FFFD)"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Zoë and Chloë", "cp1252"),  # a statistical guess said cp1006 (Urdu)
        ("The café’s owner said “we’re open” — a naïve résumé. " * 4, "cp1252"),  # not cp1250's ď
        ("Президент России заявил сегодня в Москве, что переговоры продолжатся. " * 3, "cp1251"),
        ("Ο πρωθυπουργός δήλωσε σήμερα στην Αθήνα ότι οι διαπραγματεύσεις θα συνεχιστούν. " * 3, "cp1253"),
        ("東京で開かれた会議で首相は述べた。ニュースです。" * 5, "shift_jis"),
    ],
)
def test_legacy_encodings_need_evidence(text: str, encoding: str) -> None:
    result = decode_page(text.encode(encoding))
    assert isinstance(result, DecodedText)
    assert result.text == text
