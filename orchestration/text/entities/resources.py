"""Word lists the recogniser loads once at start: English words, given names, currency codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS


def load_english_words(nlp: Any, proper_names: frozenset[str] = frozenset()) -> frozenset[str]:
    """Lower-case English words: the model's lemmatizer index (WordNet lemmas) with regular inflections
    (``share`` -> ``shares``), plus stop words. WordNet also lists proper nouns in lower case (``kent``,
    ``paris``), so a word that is only a noun and is also a place or given name is left out.
    Falls back to stop words alone."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        lists = [set(table[k]) for k in table]
    except Exception:
        return frozenset(STOP_WORDS)
    nouns = max(lists, key=len)  # the noun index is by far the largest
    others = set().union(*(lst for lst in lists if lst is not nouns))
    words: set[str] = set(STOP_WORDS)
    for w in (nouns - proper_names) | others:
        if not w.isalpha():
            continue
        words.add(w)
        words.update((w + "s", w + "ed", w + "ing", w + "d"))
        if w.endswith(("s", "x", "z", "ch", "sh")):
            words.add(w + "es")
        if w.endswith("y"):
            words.update((w[:-1] + "ies", w[:-1] + "ied"))
    return frozenset(words)


def load_currency_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


# given names that are also English words yet, capitalised, are nearly always names ("Mark", "Grace")
CONFIDENT_NAMES: frozenset[str] = frozenset(
    ("mark", "john", "peter", "paul", "michael", "james", "david", "robert", "thomas", "richard", "george",
     "william", "charles", "joseph", "daniel", "matthew", "andrew", "anthony", "steven", "kevin", "brian",
     "mary", "patricia", "linda", "barbara", "susan", "jessica", "sarah", "karen", "nancy", "lisa", "grace",
     "rose", "ivan", "boris", "jean", "pierre", "carlos", "juan", "jose", "luis", "ali", "mohammed", "ahmed")
)  # fmt: skip


def load_first_names() -> frozenset[str]:
    """Given names (lower case) from ``gender-guesser``'s list; an empty set when it is not installed.

    Reads the package's name list directly: its Detector builds per-country statistics for every line we do
    not need (0.6 s against 0.05 s). A "+" in a name joins parts ("Ann+Marie"); joined, it is one word."""
    try:
        import gender_guesser
    except ImportError:
        return frozenset()
    names: set[str] = set()
    with (Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            if line[:1] in "#=" or len(parts := line.split()) < 2:
                continue
            name = parts[1].lower().replace("+", "")
            if name.isalpha() and len(name) > 1:
                names.add(name)
    return frozenset(names)
