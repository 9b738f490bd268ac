"""A one-character check of where a regex match can start, put in front of the regex.

Python's ``re`` tries a pattern at every position of the text. When a pattern opens with ``\\b`` or with
case-insensitive words, ``re`` has no fast scan for its first character and walks every alternative at every
position; the timex rules spent most of their time there. ``with_start_check`` computes the set of characters
a match can begin with (from the parsed pattern) and prepends a lookahead for that set: the same matches, with
most positions rejected after one character test. Patterns it cannot analyse are returned unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as sre  # the parser's opcodes: stable across 3.11-3.13, and only read here
from re import _parser as sre_parse

__all__ = ["with_start_check"]

_CLASS_OF_CATEGORY = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_SPACE: r"\s"}
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


class _CannotTell(Exception):
    """The pattern starts with something whose first character is not a small known set (., [^x], \\1 ...)."""


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _add_first(items: Iterable[tuple[object, object]], parts: set[str]) -> bool:
    """Adds to ``parts`` the class items a match of the sequence can begin with; True if it can match empty."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # \b, lookarounds: consume nothing, the next item decides
        if op is sre.LITERAL:
            parts.add(_char(av))
            return False
        if op is sre.CATEGORY and av in _CLASS_OF_CATEGORY:
            parts.add(_CLASS_OF_CATEGORY[av])
            return False
        if op is sre.IN:
            for item_op, item in av:
                if item_op is sre.LITERAL:
                    parts.add(_char(item))
                elif item_op is sre.RANGE:
                    parts.add(f"{_char(item[0])}-{_char(item[1])}")
                elif item_op is sre.CATEGORY and item in _CLASS_OF_CATEGORY:
                    parts.add(_CLASS_OF_CATEGORY[item])
                else:
                    raise _CannotTell(item_op)
            return False
        if op is sre.SUBPATTERN:
            if not _add_first(av[-1], parts):
                return False
        elif op is sre.ATOMIC_GROUP:
            if not _add_first(av, parts):
                return False
        elif op is sre.BRANCH:
            can_be_empty = False
            for alternative in av[1]:
                can_be_empty |= _add_first(alternative, parts)
            if not can_be_empty:
                return False
        elif op in _REPEATS:
            least, _most, item = av
            if not _add_first(item, parts) and least > 0:
                return False
        else:
            raise _CannotTell(op)
    return True


def with_start_check(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a lookahead for the characters its matches can start with (same matches, faster)."""
    parts: set[str] = set()
    try:
        can_be_empty = _add_first(sre_parse.parse(pattern.pattern, pattern.flags), parts)
    except (_CannotTell, re.error):
        return pattern
    if can_be_empty or not parts:
        return pattern
    # Case-insensitive class: a superset when the pattern is case-sensitive, never a loss.
    start_class = "".join(sorted(parts))
    end = "\n" if pattern.flags & re.VERBOSE else ""  # a trailing verbose comment must not swallow the ")"
    try:
        return re.compile(f"(?=(?i:[{start_class}]))(?:{pattern.pattern}{end})", pattern.flags)
    except re.error:
        return pattern
