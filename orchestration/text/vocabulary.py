"""Word lists that several rule modules share: month and weekday names (English, and the other languages news
pages print dates in). One home, so that a spelling added here reaches the dateline reader, the timex rules,
the byline and timestamp readers and the entity rules at once. Order matters where a caller builds an
alternation from these tuples: callers sort longest-first themselves.
"""

from __future__ import annotations

from types import MappingProxyType

MONTH_NAMES: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# The three-letter stem of every month ("may" is both a stem and a name).
MONTH_ABBREVIATIONS: tuple[str, ...] = tuple(name[:3] for name in MONTH_NAMES)
# Every spelling of an English month in a date, full or abbreviated, to its number.
MONTHS: MappingProxyType[str, int] = MappingProxyType(
    {name: number for number, name in enumerate(MONTH_NAMES, start=1)}
    | {abbreviation: number for number, abbreviation in enumerate(MONTH_ABBREVIATIONS, start=1)}
    | {"sept": 9}
)

WEEKDAY_NAMES: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
# Every spelling of a weekday to its number (Monday 0, as datetime.weekday()).
WEEKDAYS: MappingProxyType[str, int] = MappingProxyType(
    {name: number for number, name in enumerate(WEEKDAY_NAMES)}
    | {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
)

# Full month names of the other languages news pages print dates in most (Spanish, Portuguese, French,
# German, Italian, Dutch): "27 de febrero de 2025", "12. Februar 2025", "3 mars 2024". Only full names: the
# callers accept them only with a day and a year around them ("mai" or "mars" alone is no date).
FOREIGN_MONTHS: MappingProxyType[str, int] = MappingProxyType(
    {
        name: number
        for number, names in enumerate(
            (
                "enero janeiro janvier januar jänner gennaio januari",
                "febrero fevereiro février fevrier februar febbraio februari",
                "marzo março marco mars märz maerz maart",
                "abril avril aprile",
                "mayo maio mai maggio mei",
                "junio junho juin juni giugno",
                "julio julho juillet juli luglio",
                "agosto août aout augustus",
                "septiembre setiembre setembro septembre settembre",
                "octubre outubro octobre oktober ottobre",
                "noviembre novembro novembre",
                "diciembre dezembro décembre decembre dezember dicembre",
            ),
            start=1,
        )
        for name in names.split()
    }
)
