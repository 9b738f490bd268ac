import random

import pytest

from orchestration.text import main_text
from orchestration.text.main_text import best_region, stoplist_for, stopword_density, words_of

# --- best_region -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([], None),
        ([None, None], None),
        ([-1.0, 0.0, -3.0], None),  # no positive line: no region
        ([0.0, 0.0], None),
        ([5.0], (0, 0, 5.0)),
        ([-2.0, 4.0, 3.0, -1.0], (1, 2, 7.0)),
        ([3.0, -5.0, 3.0], (0, 0, 3.0)),  # a tie between two regions: the earliest
        ([3.0, -1.0, 3.0], (0, 2, 5.0)),  # prose on both sides carries the negative line
        ([3.0, None, 3.0], (0, 0, 3.0)),  # a break splits regions; the tie goes to the first
        ([3.0, None, -1.0, 4.0], (3, 3, 4.0)),
        ([4.0, 4.0, None, 5.0], (0, 1, 8.0)),  # never summed across the break
        ([2.0, -2.0, 3.0], (2, 2, 3.0)),  # a zero-sum lead is not included
        ([1.0, 0.0], (0, 0, 1.0)),  # nor a zero-weight tail
        ([0.0, 1.0], (1, 1, 1.0)),
    ],
)
def test_best_region(weights: list[float | None], expected: tuple[int, int, float] | None) -> None:
    assert best_region(weights) == expected


def test_best_region_carries_short_lines_inside_an_article_but_not_a_menu() -> None:
    menu = [-2.0] * 40
    article = [14.0, 11.0, -1.0, 16.0, -2.0, 12.0]  # a subhead (-1) and a one-line quote (-2) inside
    footer = [-15.0, 3.0, -2.0]
    weights = [*menu, *article, *footer]
    assert best_region(weights) == (40, 45, 50.0)


def _brute_force(weights: list[float | None]) -> tuple[int, int, float] | None:
    """The maximum over every contiguous segment without a None; ties: the one ending first, then shortest."""
    best: tuple[int, int, float] | None = None
    for first in range(len(weights)):
        total = 0.0
        for last in range(first, len(weights)):
            weight = weights[last]
            if weight is None:
                break
            total += weight
            if total <= 0:
                continue
            if best is None or (-total, last, -first) < (-best[2], best[1], -best[0]):
                best = (first, last, total)
    return best


def _random_weights(rng: random.Random, n: int) -> list[float | None]:
    # Small integers: sums are exact in floating point, and ties (the hard part) are frequent.
    return [None if rng.random() < 0.1 else float(rng.randint(-6, 6)) for _ in range(n)]


def test_best_region_matches_brute_force_on_random_weights() -> None:
    rng = random.Random(20260103)
    seen_none_break = seen_negative_inside = seen_no_region = 0
    for _ in range(3000):
        weights = _random_weights(rng, rng.randint(0, 24))
        expected = _brute_force(weights)
        assert best_region(weights) == expected, weights
        if expected is None:
            seen_no_region += 1
            continue
        first, last, _ = expected
        inside = weights[first : last + 1]
        seen_negative_inside += any(w is not None and w < 0 for w in inside)
        seen_none_break += None in weights
    # The sample exercises the cases the property is about.
    assert min(seen_none_break, seen_negative_inside, seen_no_region) > 50


def test_best_region_total_is_the_sum_of_its_lines_on_random_floats() -> None:
    rng = random.Random(7)
    for _ in range(500):
        weights = [None if rng.random() < 0.1 else rng.uniform(-10, 10) for _ in range(rng.randint(1, 30))]
        region = best_region(weights)
        expected = _brute_force(weights)
        if expected is None:
            assert region is None
            continue
        assert region is not None
        first, last, total = region
        assert None not in weights[first : last + 1]
        assert total == pytest.approx(sum(weights[first : last + 1]))
        assert total == pytest.approx(expected[2])


# --- words_of and stopword_density -------------------------------------------------------------------------


def test_words_of_lowercases_letters_and_skips_numbers_and_punctuation() -> None:
    assert words_of("The Ferry's 2 Crossings — well-known, 10:31 GMT!") == [
        "the",
        "ferry's",
        "crossings",
        "well-known",
        "gmt",
    ]
    assert words_of("Die Fähre fährt um 5.30 Uhr") == ["die", "fähre", "fährt", "um", "uhr"]
    assert words_of("12 34 — 3.4% | 2025") == []


def test_stopword_density() -> None:
    stoplist = frozenset({"the", "of", "a"})
    assert stopword_density(["the", "end", "of", "a", "year"], stoplist) == pytest.approx(0.6)
    assert stopword_density(["bridge", "ferry"], stoplist) == 0.0
    assert stopword_density([], stoplist) == 0.0
    assert stopword_density(["the"], frozenset()) == 0.0


# --- stoplist_for ------------------------------------------------------------------------------------------

_ENGLISH = [
    "The harbour board said on Tuesday that the night ferry would keep running until the end of next year.",
    "Most of the passengers are shift workers at the container port, and many of them have no other way home.",
    "A plan to close the service was dropped after more than two thousand people signed a petition against it.",
]
_GERMAN = [
    "Der Gemeinderat hat am Dienstag beschlossen, dass die alte Fähre noch bis zum Ende des Jahres fahren soll.",
    "Die meisten Fahrgäste arbeiten im Hafen, und viele von ihnen haben keinen anderen Weg nach Hause.",
    "Ein Plan, den Dienst einzustellen, wurde fallen gelassen, nachdem mehr als zweitausend Menschen unterschrieben.",
]
_NAMES_AND_NUMBERS = [
    "1. Marta Kowalczyk 2:31:04",
    "2. Ingrid Solberg 2:31:50",
    "3. Priya Raman 2:32:12",
    "Ana Reyes Tom Okafor Lena Hart",
    "Michael Park Anna Lee James Kim",  # names the larger jusText lists hold as words
    "12 34 56 2025 3.4% 17,000",
]


def test_english_prose_gets_a_stoplist_with_english_function_words() -> None:
    stoplist = stoplist_for(_ENGLISH)
    assert {"the", "of", "and"} <= stoplist
    assert "und" not in stoplist


def test_german_prose_gets_a_stoplist_with_german_function_words() -> None:
    stoplist = stoplist_for(_GERMAN)
    assert {"und", "der", "die"} <= stoplist
    assert stoplist != stoplist_for(_ENGLISH)


@pytest.mark.parametrize("texts", [_NAMES_AND_NUMBERS, [], [""], ["Home", "World", "Business", "Sport"]])
def test_pages_without_prose_get_no_stoplist(texts: list[str]) -> None:
    assert stoplist_for(texts) == frozenset()


def test_stoplist_for_is_deterministic_and_reads_the_texts_lazily() -> None:
    assert stoplist_for(_ENGLISH) == stoplist_for(list(_ENGLISH))
    assert stoplist_for(iter(_GERMAN)) == stoplist_for(_GERMAN)

    def texts():
        yield " ".join(_GERMAN * 120)  # more than the 3,000 words sampled
        raise AssertionError("read past the language sample")

    assert "und" in stoplist_for(texts())


@pytest.fixture
def tiny_lists(monkeypatch: pytest.MonkeyPatch):
    """Two languages sharing "the" and "of"; the larger list first, so insertion order does not decide."""

    def install(lists: dict[str, frozenset[str]]) -> None:
        monkeypatch.setattr(main_text, "_stoplists", lambda: lists)
        # the English shortcut reads the same lists
        monkeypatch.setattr(main_text, "_english", lambda: lists.get("English", frozenset()))

    return install


def test_a_tie_between_languages_resolves_by_name_not_by_order(tiny_lists) -> None:
    alpha = frozenset({"the", "of", "alpha"})
    beta = frozenset({"the", "of", "beta"})
    tiny_lists({"Beta": beta, "Alpha": alpha})
    first = stoplist_for(["the end of it"])
    tiny_lists({"Alpha": alpha, "Beta": beta})
    assert stoplist_for(["the end of it"]) == first
    assert first in (alpha, beta)


def test_the_language_with_most_hits_wins_and_capitalised_words_are_not_counted(tiny_lists) -> None:
    english = frozenset({"the", "of", "and"})
    names = frozenset({"the", "anna", "park", "lee"})  # a noisy list holding names
    tiny_lists({"English": english, "Noisy": names})
    assert stoplist_for(["the end of the pier and the park"]) == english
    assert stoplist_for(["Anna Park Lee Anna Park Lee"]) == frozenset()
    assert stoplist_for(["anna park lee"]) == names  # the same words in lower case do count


def test_too_few_stopwords_is_no_language(tiny_lists) -> None:
    tiny_lists({"English": frozenset({"the"})})
    # One stopword in twelve words is above the 8 % share, one in thirteen below it.
    assert stoplist_for(["the " + "x " * 11]) == frozenset({"the"})
    assert stoplist_for(["the " + "x " * 12]) == frozenset()


def test_a_clearly_english_page_needs_no_other_list(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_lists() -> dict[str, frozenset[str]]:
        raise AssertionError("the 100 lists were loaded for an English page")

    monkeypatch.setattr(main_text, "_stoplists", no_lists)
    english = stoplist_for(
        ["The council said on Monday that the new bridge would open to traffic in the spring."]
    )
    assert "the" in english and "that" in english
