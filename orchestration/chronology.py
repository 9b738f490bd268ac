"""A per-entity chronology as a self-contained HTML page: what happened when, around one entity.

Rows come from the timeline mart (every dated sentence that mentions the entity, or every dated sentence
when no entity is given); the page has an SVG time axis with one mark per event and a table of the
sentences in date order. Only rows with a known calendar range are placed on the axis.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class ChronologyEvent:
    date_start: date
    date_end: date
    value: str
    expression: str
    sentence: str
    source_file: str


def find_entity(con: duckdb.DuckDBPyConnection, name: str) -> tuple[str, str] | None:
    """(entity_id, name) of the entity whose name or alias matches `name` (case-insensitive), most mentioned first."""
    rows = con.execute(
        """
        select entity_id, name from entities
        where lower(name) = lower($name) or list_contains(list_transform(aliases, lambda a: lower(a)), lower($name))
        order by mention_count desc, entity_id
        limit 1
        """,
        {"name": name},
    ).fetchall()
    return (rows[0][0], rows[0][1]) if rows else None


def chronology_events(con: duckdb.DuckDBPyConnection, entity_id: str | None) -> list[ChronologyEvent]:
    """Dated timeline rows (DATE/TIME with a calendar range), optionally only those naming entity_id."""
    rows = con.execute(
        """
        select date_start, date_end, value, text, sentence, source_file
        from timeline
        where date_start is not null
          and timex_type in ('DATE', 'TIME')
          and ($entity_id is null or list_contains(entity_ids, $entity_id))
        order by date_start, date_end, source_file, start_char
        """,
        {"entity_id": entity_id},
    ).fetchall()
    return [ChronologyEvent(*row) for row in rows]


def render_html(title: str, events: list[ChronologyEvent], width: int = 960) -> str:
    """The page: a heading, an SVG axis (one mark per event, ranges as bars), a table in date order."""
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}td{vertical-align:top;padding:4px 8px}"
        "tr:nth-child(even){background:#f4f4f4}.d{white-space:nowrap;font-family:monospace}</style>",
        f"</head><body><h1>{html.escape(title)}</h1>",
    ]
    if not events:
        parts.append("<p>No dated events.</p></body></html>")
        return "".join(parts)
    parts.append(_axis_svg(events, width))
    parts.append("<table><tr><th>when</th><th>expression</th><th>what happened</th><th>source</th></tr>")
    for event in events:
        parts.append(
            f"<tr><td class='d'>{html.escape(event.value)}</td><td>{html.escape(event.expression)}</td>"
            f"<td>{html.escape(event.sentence)}</td><td>{html.escape(event.source_file)}</td></tr>"
        )
    parts.append("</table></body></html>")
    return "".join(parts)


def _axis_svg(events: list[ChronologyEvent], width: int) -> str:
    first = min(e.date_start for e in events).toordinal()
    last = max(e.date_end for e in events).toordinal()
    span = max(last - first, 1)
    margin, height = 40, 90

    def x(day: int) -> float:
        return margin + (day - first) / span * (width - 2 * margin)

    marks = []
    for index, event in enumerate(events):
        y = 20 + (index % 4) * 10  # stagger so close events stay visible
        x0, x1 = x(event.date_start.toordinal()), x(event.date_end.toordinal())
        label = html.escape(f"{event.value}: {event.sentence[:120]}")
        marks.append(
            f"<rect x='{x0:.1f}' y='{y}' width='{max(x1 - x0, 3):.1f}' height='6' fill='#c0392b' opacity='0.7'>"
            f"<title>{label}</title></rect>"
        )
    first_year, last_year = date.fromordinal(first).year, date.fromordinal(last).year
    ticks = [
        f"<line x1='{x(date(year, 1, 1).toordinal()):.1f}' y1='70' x2='{x(date(year, 1, 1).toordinal()):.1f}' "
        f"y2='80' stroke='#333'/><text x='{x(date(year, 1, 1).toordinal()):.1f}' y='66' font-size='10' "
        f"text-anchor='middle'>{year}</text>"
        for year in range(first_year + 1, last_year + 1)
        if last_year - first_year <= 30
    ]
    return (
        f"<svg width='{width}' height='{height}' role='img'>"
        + "".join(ticks)
        + f"<line x1='{margin}' y1='75' x2='{width - margin}' y2='75' stroke='#333'/>"
        f"<text x='{margin}' y='88' font-size='11'>{date.fromordinal(first).isoformat()}</text>"
        f"<text x='{width - margin}' y='88' font-size='11' text-anchor='end'>{date.fromordinal(last).isoformat()}</text>"
        + "".join(marks)
        + "</svg>"
    )


def default_output_path(db_path: Path, entity_name: str | None) -> Path:
    """Where `dateline chronology` writes without --out: beside the warehouse file, one page per entity
    (`warehouse/chronology-kim-jong-un.html`, `warehouse/chronology-all.html`), never into the current
    directory (the repository root, for most)."""
    slug = "-".join(re.findall(r"\w+", (entity_name or "").lower())) or "all"
    return db_path.parent / f"chronology-{slug[:80]}.html"


def chronology_page(db_path: Path, entity_name: str | None) -> tuple[str, int]:
    """The page for entity_name (or all events) and how many events it shows; the warehouse read read-only."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        if entity_name:
            found = find_entity(con, entity_name)
            if found is None:
                raise LookupError(f"no entity named {entity_name!r} in {db_path}")
            entity_id, title = found
        else:
            entity_id, title = None, "All dated events"
        events = chronology_events(con, entity_id)
    finally:
        con.close()
    return render_html(f"Chronology: {title}", events), len(events)


def write_chronology(db_path: Path, entity_name: str | None, out_path: Path) -> int:
    """Write the page for entity_name (or all events); returns how many events it shows."""
    page, count = chronology_page(db_path, entity_name)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(page, encoding="utf-8")
    return count
