"""Where a page's main text is, from the lines alone: the jusText idea applied to lines instead of HTML blocks.

A scraped page is a column of lines: menus, teasers, the article, share buttons, related links, comments and
footers. What tells the article apart on any site is not its position or markup but its shape: long lines of
running prose, dense in the language's function words ("the", "of", "und", "que"), ending in sentence
punctuation, one after another. jusText (Pomikálek 2011) classifies HTML paragraphs by length and stopword
density; boilerpipe adds that content comes in contiguous blocks. Here each line gets a weight (positive for
prose, negative for menus, labels, timestamps and furniture) and the main text is the contiguous stretch of
lines with the largest total weight (a maximum-sum segment, as in Finn et al.'s Body Text Extraction), so short
lines inside an article (subheads, one-sentence quotes) are carried by the prose around them while a menu of
forty short links never is.

The stopword lists are jusText's own (shipped with the ``justext`` package); a page's language is
the list that covers most of its words, so a German or Portuguese page is weighed by German or Portuguese
function words.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
# Below this share of the page's words found in any stoplist, the page is not in a language jusText knows
# (or has too little prose to tell): prose is then weighed by length alone.
_MIN_STOPWORD_SHARE = 0.08
# jusText's thresholds for "good" paragraphs: 30 % function words is typical of running prose in most
# languages; lists of names, figures and menus fall well below it.
STOPWORDS_HIGH = 0.30
# A page whose words are this often English function words is English (English prose runs at 40-50 %; the
# closest other languages reach a few per cent on it).
_CLEARLY_ENGLISH = 0.25
_LANGUAGE_SAMPLE_WORDS = 1500  # enough to tell languages apart; long pages need not be read whole


@functools.cache
def _stoplists() -> dict[str, frozenset[str]]:
    import justext  # imported here: loading the lists takes a moment, and only pages with prose need them

    return {lang: _in_own_script(justext.get_stoplist(lang)) for lang in sorted(justext.get_stoplists())}


@functools.cache
def _letter_script(letter: str) -> str:
    """The Unicode script of a character ("LATIN", "DEVANAGARI", "CYRILLIC", ...)."""
    return (
        "LATIN" if letter.isascii() and letter.isalpha() else unicodedata.name(letter, "UNKNOWN").split()[0]
    )


def _in_own_script(words: Iterable[str]) -> frozenset[str]:
    """A stoplist without the words in another script than most of its own.

    jusText's lists come from Wikipedia word counts, so some (Marathi, Hindi, ...) hold hundreds of English
    words: counted as they are, an English page would read as Marathi.
    """
    scripts = {word: _letter_script(word[0]) for word in words if word}
    counted = Counter(scripts.values())
    main = counted.most_common(1)[0][0] if counted else "UNKNOWN"
    return frozenset(word for word, script in scripts.items() if script == main)


@functools.cache
def _english() -> frozenset[str]:
    import justext  # imported here, as in _stoplists

    return _in_own_script(justext.get_stoplist("English"))


def tokens_of(text: str) -> list[str]:
    """The words of a line as printed (letters first; numbers and punctuation are not words here)."""
    return _WORD_RE.findall(text)


def words_of(text: str) -> list[str]:
    """Lower-cased words of a line."""
    return [w.lower() for w in _WORD_RE.findall(text)]


def stoplist_for(texts: Iterable[str]) -> frozenset[str]:
    """The stopword list of the language most of these texts' words belong to (see stoplist_for_words)."""
    return stoplist_for_words(_WORD_RE.findall(text) for text in texts)


def stoplist_for_words(token_lists: Iterable[Sequence[str]]) -> frozenset[str]:
    """The stopword list of the language most of these texts' words belong to (empty when none fits).

    Only words printed in lower case are looked up: the larger jusText lists (Estonian, Uzbek, ...) hold
    common first names and surnames ("anna", "michael", "park", "lee"), so a list of names or a menu would
    otherwise pass for prose in one of them. Words in scripts without case are all looked up.
    """
    seen: Counter[str] = Counter()
    total = 0
    for words in token_lists:
        total += len(words)
        seen.update(words)
        if total >= _LANGUAGE_SAMPLE_WORDS:
            break
    # Most pages are English: where English function words are as dense as in any English prose, the other
    # 99 lists (0.4 s to load into a process) are not needed to say so.
    # Only words printed in lower case count (a name, a heading or a sentence start is capitalised), each
    # distinct word once with its count: a page repeats its function words.
    lowered: Counter[str] = Counter()
    for word, times in seen.items():
        if not word[0].isupper():
            lowered[word.lower()] += times
    english = _english()
    words = set(lowered)  # a set & a frozenset walks the smaller of the two: the page's words
    if total and sum(lowered[w] for w in words & english) >= _CLEARLY_ENGLISH * total:
        return english
    counts: Counter[str] = Counter(
        {lang: sum(lowered[w] for w in words & stoplist) for lang, stoplist in _stoplists().items()}
    )
    top = counts.most_common(1)[0][1] if counts else 0
    if not top or top < _MIN_STOPWORD_SHARE * total:
        return frozenset()
    # Ties (e.g. English and Simple English) resolve by name, so the choice is deterministic.
    best = max(counts.items(), key=lambda item: (item[1], item[0]))[0]
    return _stoplists()[best]


def stopword_density(words: Sequence[str], stoplist: frozenset[str]) -> float:
    """The share of ``words`` (in any case) that are in ``stoplist`` (whose words are lower case)."""
    if not words:
        return 0.0
    return sum(1 for w in words if w.lower() in stoplist) / len(words)


def best_region(weights: Sequence[float | None]) -> tuple[int, int, float] | None:
    """(first, last, total) of the contiguous run of lines with the largest total weight.

    A weight of None is a hard break (a region never spans it). Kadane's algorithm: linear, and on ties the
    earliest region wins, so the result is deterministic: the one that ends first, and of those the shortest
    (lines before it that sum to zero are not included). None when no line has a positive weight.
    """
    best: tuple[int, int, float] | None = None
    total = 0.0
    start = 0
    for i, weight in enumerate(weights):
        if weight is None:
            total, start = 0.0, i + 1
            continue
        if total <= 0:
            total, start = 0.0, i
        total += weight
        if total > 0 and (best is None or total > best[2]):
            best = (start, i, total)
    return best
