"""Folding, headline recasing and tokens, on small texts and hand-made word lists (no spaCy model)."""

from __future__ import annotations

from orchestration.text.entities.folding import fold_char, fold_surface, fold_text
from orchestration.text.entities.recasing import (
    CasingResources,
    document_casing,
    is_caps_line,
    is_title_line,
    recase_caps,
)
from orchestration.text.entities.spans import capitalised, sentence_initial, tokenize

ENGLISH = frozenset(
    {"electric", "cars", "make", "big", "gains", "soars", "market", "the", "in", "on", "says"}
)
RES = CasingResources(
    gazetteer_title=frozenset({"new york", "south korea"}),
    gazetteer_upper=frozenset({"NATO"}),
    english=ENGLISH,
    max_tokens=2,
    first_names=frozenset({"tim"}),
)


def test_fold_char_and_surface() -> None:
    assert fold_char("\u0421") == "C" and fold_char("’") == "'" and fold_char("x") == "x"
    assert fold_surface("Workers\\' Party") == "Workers' Party"


def test_fold_text_drops_escapes_and_maps_back() -> None:
    folded = fold_text("a \\'b\\' c")
    assert folded.text == "a 'b' c"
    assert folded.span_to_original(3, 4) == (4, 5)  # "b"


def test_caps_and_title_lines() -> None:
    assert is_caps_line("SEOUL SAYS NO")
    assert not is_caps_line("Seoul says no")
    assert is_title_line("Chinese Electric Cars Make Big Gains", ENGLISH)
    assert not is_title_line("Tim Cook and Kim Jong Un", ENGLISH)  # names, not ordinary words


def test_document_casing_reads_running_text_only() -> None:
    text = "MOON SAYS\nPresident Moon spoke in the market.\nThe market fell."
    casing = document_casing(text, ENGLISH)
    assert casing["moon"] == "Moon" and casing["market"] == "market"
    assert "says" not in casing  # only on the ALL-CAPS line


def test_recase_caps_caps_line_is_length_preserving() -> None:
    text = "NATO SAYS NEW YORK MARKET SOARS\nThe market in New York rose."
    recased = recase_caps(text, RES)
    assert len(recased) == len(text)
    assert recased.splitlines()[0] == "NATO says New York market soars"


def test_recase_caps_title_line_keeps_names() -> None:
    text = "Tim Cook Says Electric Cars Make Big Gains\nApple is here."
    assert recase_caps(text, RES).splitlines()[0] == "Tim Cook says electric cars make big gains"


def test_tokens_keep_abbreviations_and_drop_possessives() -> None:
    assert [t.text for t in tokenize("U.S. Kim Jong-un's AT&T O'Brien")] == [
        "U.S.",
        "Kim",
        "Jong-un",
        "s",
        "AT&T",
        "O'Brien",
    ]
    assert capitalised(tokenize("3M")[0]) and not capitalised(tokenize("rose")[0])


def test_sentence_initial() -> None:
    text = "It fell. Such is life\nSuch"
    assert sentence_initial(text, 9) and sentence_initial(text, 22) and not sentence_initial(text, 3)
