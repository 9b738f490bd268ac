"""Sports stories: result and standings tables (teams are ORG, countries stay GPE), fixtures (``A at B``:
B is the venue), venues heading result lines, ``Name (Country)`` results, and a place acting as a side."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from orchestration.text import gazetteer as gz
from orchestration.text.entities.spans import LINE_RE, Span, SpanSource, span_surface
from orchestration.text.vocabulary import MONTHS, WEEKDAY_NAMES

_SPORT_SLUG_RE = re.compile(
    r"^(?:SOCCER|FOOTBALL|CRICKET|TENNIS|GOLF|BASEBALL|BASKETBALL|RUGBY|RUGBY UNION|RUGBY LEAGUE|CYCLING|"
    r"ATHLETICS|BOXING|HOCKEY|ICE HOCKEY|MOTOR RACING|MOTORCYCLING|MOTOR-RACING|FORMULA ONE|SWIMMING|"
    r"SKIING|ROWING|SAILING|YACHTING|HORSE RACING|EQUESTRIANISM|VOLLEYBALL|HANDBALL|BADMINTON|SQUASH|"
    r"NFL|NBA|NHL|OLYMPICS|SNOOKER|DARTS|TABLE TENNIS|WRESTLING|JUDO|ALPINE SKIING|AUSTRALIAN RULES)\b",
    re.M,
)
_SPORT_WORDS_RE = re.compile(
    r"\b(?:goals?|innings|wickets?|halftime|half-time|points|standings|league|championship|scored|"
    r"beat|drew|match|seeded|round|tournament|runs|cup)\b",
    re.I,
)
_SCORE_LINE_RE = re.compile(r"^(?P<name>[A-Z][^\d\n]*?)\s+\d+(?:[\s\-/.]+\d+)*(?:\s|$)", re.M)
_NAME_PAT = r"[A-Z][\w.'&\-]*(?: [A-Z][\w.'&\-]*){0,3}"
_VERSUS_LINE_RE = re.compile(rf"^(?P<a>{_NAME_PAT})\s+(?:at|vs\.?|v\.?)\s+(?P<b>{_NAME_PAT})\s*$", re.M)
_RESULT_VERB_RE = re.compile(
    r"^\s*(?:beat|beats|drew|draw|lost|lose|won|win|defeated|edged|routed|crushed|thrashed|trail|lead|leads|"
    r"led|held|hammered|downed|overcame|top|topped|v|vs|\d)\b"
)
_PLACE_PREP_RE = re.compile(
    r"\b(?:[Ii]n|[Aa]t|near|of|into|across|outside|around)\s+(?:[A-Z][\w'\-]*(?: [A-Z][\w'\-]*)*,\s+)?$"
)


def is_sports_document(text: str) -> bool:
    """Wire sports slug in the first lines, or a text dense with score lines and sports words."""
    head = text[:400]
    if _SPORT_SLUG_RE.search(head):
        return True
    words = max(1, len(text.split()))
    return len(_SPORT_WORDS_RE.findall(text)) / words > 0.02 and len(_SCORE_LINE_RE.findall(text)) >= 3


_TEAM_RE = re.compile(r"(?<![\w.'&\-])([A-Z][A-Za-z'&\-]*\.?(?: [A-Z][A-Za-z'&\-]*\.?){0,3})(?=\s+\d)")
_VENUE_RE = re.compile(r"^([A-Z][\w'\-]*(?:[ \-][A-Za-z][\w'\-]*){0,3})(?: \([^()]*\))?:\s")


def _paren_depths(line: str) -> list[int]:
    depth, out = 0, []
    for c in line:
        if c == "(":
            depth += 1
        out.append(depth)
        if c == ")":
            depth = max(0, depth - 1)
    return out


_PLAYER_LINE_RE = re.compile(r"\b\d+-\d+-\d+-\d+\b| (?:c|b|st|lbw|c&b) [A-Z]|\bnot out\b|\brun out\b")
_AT_PREFIX_RE = re.compile(r"^(?:At|In) ")


def table_spans(text: str, gaz: gz.Gazetteer) -> list[Span]:
    """Sports tables: team names before scores (``Pohang 3 Ulsan 2``, ``Durham 114 and 81-3``), fixture
    lines (``Lions at Bears``: the visitor is a team, the place after "at" is a location), and venues
    heading result lines (``Hove: Sussex 363``). Scorecard lines (bowling figures, "c X b Y") name
    players, not teams."""
    out: list[Span] = []
    for line in LINE_RE.finditer(text):
        s = line.group(0)
        base = line.start()
        digits = sum(map(str.isdigit, s))
        if digits < 2:
            vm = _VERSUS_LINE_RE.match(s)
            if vm:
                at = re.match(r"\s+at\s+", s[vm.end("a") :]) is not None
                out.append(_team(base + vm.start("a"), base + vm.end("a"), text, gaz))
                b = _team(base + vm.start("b"), base + vm.end("b"), text, gaz)
                out.append(replace(b, label="GPE") if at and b.end > b.start else b)
            continue
        if sum(map(str.isalpha, s)) > 3 * digits + 40:
            continue  # prose with a few numbers, not a table
        players = _PLAYER_LINE_RE.search(re.sub(r"\([^()]*\)", "", s)) is not None
        depth = _paren_depths(s)
        venue = _VENUE_RE.match(s)
        if venue and venue.group(1).split()[0].lower() not in _TABLE_WORDS:
            v_start = base + venue.start(1)
            if at_m := _AT_PREFIX_RE.match(venue.group(1)):
                v_start += at_m.end()
            out.append(Span(v_start, base + venue.end(1), "GPE", SpanSource.TABLE))
        for m in _TEAM_RE.finditer(s):
            if depth[m.start(1)] or re.match(r"[A-Z]\.", m.group(1)) or (venue and m.start(1) < venue.end()):
                continue  # players in brackets and initials are people, not teams
            team = _team(base + m.start(1), base + m.end(1), text, gaz)
            out.append(replace(team, label="PERSON") if players and team.label == "ORG" else team)
    return [sp for sp in out if sp.end > sp.start]


# first words of table headers and labels ("Attendance: 40,000", "Round 3", "Sept 14 results"), not teams
_TABLE_WORDS: frozenset[str] = frozenset(
    (
        "attendance", "extras", "total", "totals", "scorer", "scorers", "standings", "women", "men", "round",
        "group", "final", "finals", "avg", "average", "pct", "score", "scores", "result", "results", "halftime",
        "points", "note", "innings", "fall", "bowling", "batting", "division", "league", "table", "played",
        "won", "lost", "drawn", "team", "home", "away", "winner", "winners", "runner", "second", "third",
        "fourth", "fifth", "world", "rank", "ranking", "day", "week", "race", "stage", "overall", "position",
        "time", "leading", "leaders", "pool", "heat", "semifinal", "quarterfinal", "not", "out",
    )
) | frozenset(MONTHS) | frozenset(WEEKDAY_NAMES)  # fmt: skip


_POSSESSIVE_END_RE = re.compile(r"'s?$")


def _team(start: int, end: int, text: str, gaz: gz.Gazetteer) -> Span:
    name = _POSSESSIVE_END_RE.sub("", text[start:end].strip())
    end = start + len(name)
    if name.lower() in _TABLE_WORDS or name.split()[0].lower() in _TABLE_WORDS or len(name) < 2:
        return Span(start, start, "ORG", SpanSource.TABLE)  # a column header, dropped by the caller
    label = "GPE" if name in gaz.countries else "ORG"
    return Span(start, end, label, SpanSource.TABLE)


_NAME_COUNTRY_RE = re.compile(
    r"\b([A-Z][\w'\-]+(?: (?:van |de |der |von |da |del |le |la |al-|el-)?[A-Z][\w'\-]+){1,3}) \(([A-Z][\w.]*(?: [A-Z][\w.]*){0,2})\)"
)


def name_country_spans(text: str, gaz: gz.Gazetteer, english: frozenset[str] = frozenset()) -> list[Span]:
    """Sports results ``Natalia Karimova (Russia)``: a capitalised name followed by a country in brackets."""
    out = []
    for m in _NAME_COUNTRY_RE.finditer(text):
        country = m.group(2)
        if country not in gaz.countries and not (len(country) == 3 and country.isupper()):
            continue
        if m.group(1) in gaz.labels or all(w.lower() in english for w in m.group(1).split()):
            continue  # "Hong Kong (China)", "Red Star (Yugoslavia)"
        out.append(Span(m.start(1), m.end(1), "PERSON", SpanSource.TABLE))
        out.append(Span(m.start(2), m.end(2), "GPE", SpanSource.TABLE))
    return out


def sports_relabel(spans: Sequence[Span], text: str, gaz: gz.Gazetteer) -> list[Span]:
    """In sports stories a non-country place acting as a side (``Leicestershire beat Somerset``) is a team;
    one after "in"/"at" (also ``at Edgbaston, Birmingham``) or heading a line (``Leicester: ...``) stays a place."""
    out = []
    for s in spans:
        surface = span_surface(text, s)
        is_place = s.label == "GPE" or (s.label == "FAC" and " " not in surface)
        if (
            is_place
            and s.source not in (SpanSource.DATELINE, SpanSource.TABLE)
            and surface not in gaz.countries
        ):
            before = text[max(0, s.start - 40) : s.start]
            after = text[s.end : s.end + 14]
            venue = (s.start == 0 or text[s.start - 1] == "\n") and after.startswith(":")
            if not venue and (not _PLACE_PREP_RE.search(before) or _RESULT_VERB_RE.match(after)):
                s = replace(s, label="ORG")
        out.append(s)
    return out
