"""Canonical entity keys: normalisation, aliases, titles, in-document surname resolution."""

from __future__ import annotations

import pytest

from orchestration.text.entity_linking import (
    AliasTable,
    entity_key,
    family_names,
    fold_surface,
    link_document,
    normalise_key,
    strip_titles,
)

ALIASES = AliasTable.default()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kim Jong-un", "Kim Jong Un"),
        ("Lee Jae Myung", "Lee Jae-myung"),
        ("Workers’ Party", "Workers' Party"),
        ("Workers\\' Party", "Workers' Party"),
        ("Vostochny \u0421osmodrome", "Vostochny Cosmodrome"),
        ("Nicolás Maduro", "Nicolas Maduro"),
        ("the Hague", "Hague"),
    ],
)
def test_normalise_key_folds_variants(a: str, b: str) -> None:
    assert normalise_key(a) == normalise_key(b)


def test_fold_surface_keeps_case_and_accents() -> None:
    assert fold_surface("Nicolás’ \u0421ar") == "Nicolás' Car"


@pytest.mark.parametrize("surface", ["U.S.", "US", "United States", "USA", "United States of America"])
def test_country_aliases_share_one_key(surface: str) -> None:
    assert entity_key(surface, "GPE", ALIASES) == "GPE:united states"


def test_organisation_aliases() -> None:
    assert entity_key("NYSE", "ORG", ALIASES) == entity_key("New York Stock Exchange", "ORG", ALIASES)
    assert entity_key("Workers’ Party", "ORG", ALIASES) == entity_key(
        "Workers' Party of Korea", "ORG", ALIASES
    )
    assert entity_key("9th Workers’ Party Congress", "EVENT", ALIASES) == entity_key(
        "9th Party Congress", "EVENT", ALIASES
    )


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("President Lee", "Lee"),
        ("Prime Minister Jane Doe", "Jane Doe"),
        ("Gen. Smith's", "Smith"),
        ("Lee", "Lee"),
    ],
)
def test_strip_titles(surface: str, expected: str) -> None:
    assert strip_titles(surface) == expected


def test_family_names_for_east_asian_and_western_order() -> None:
    assert family_names(["Xi", "Jinping"]) == {"Xi", "Jinping"}
    assert "Choi" in family_names(["Choi", "Eun-joo"])
    assert family_names(["Donald", "Trump"]) == {"Trump"}


def test_link_document_resolves_short_names_to_full_names() -> None:
    mentions = [
        ("Yeo", "PERSON"),  # before the full name: resolved forward
        ("Choi Eun-joo", "PERSON"),
        ("Choi", "PERSON"),
        ("President Xi Jinping", "PERSON"),
        ("Xi", "PERSON"),
        ("Yeo In Hyeong", "PERSON"),
        ("Donald Trump", "PERSON"),
        ("Trump", "PERSON"),
    ]
    keys = [ln.entity_key for ln in link_document(mentions, ALIASES)]
    assert keys[0] == keys[5] == "PERSON:yeo in hyeong"
    assert keys[1] == keys[2] == "PERSON:choi eun joo"
    assert keys[3] == keys[4] == "PERSON:xi jinping"
    assert keys[6] == keys[7] == "PERSON:donald trump"


def test_short_name_prefers_nearest_preceding_full_name() -> None:
    mentions = [("Kim Jong Un", "PERSON"), ("Kim", "PERSON"), ("Kim Yo-jong", "PERSON"), ("Kim", "PERSON")]
    keys = [ln.entity_key for ln in link_document(mentions, ALIASES)]
    assert keys[1] == "PERSON:kim jong un"
    assert keys[3] == "PERSON:kim yo jong"


def test_surname_without_antecedent_keeps_its_own_key() -> None:
    doc_a = link_document([("Choi Eun-joo", "PERSON"), ("Choi", "PERSON")], ALIASES)
    doc_b = link_document([("Choi", "PERSON"), ("Seoul", "GPE")], ALIASES)
    assert doc_a[1].entity_key == "PERSON:choi eun joo"
    assert doc_b[0].entity_key == "PERSON:choi"


def test_canonical_name_is_the_fullest_spelling() -> None:
    linked = link_document(
        [("U.S.", "GPE"), ("Lee", "PERSON"), ("President Lee Jae-myung", "PERSON")], ALIASES
    )
    assert linked[0].canonical_name == "United States"
    assert linked[1].canonical_name == linked[2].canonical_name == "Lee Jae-myung"


def test_keys_ignore_label_independent_noise() -> None:
    assert entity_key("The Kremlin", "ORG", ALIASES) == entity_key("Kremlin", "ORG", ALIASES)
    assert entity_key("Seoul", "GPE", ALIASES) != entity_key("Seoul", "ORG", ALIASES)
