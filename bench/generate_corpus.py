"""Realistic synthetic news pages at any size, for benchmarks.

    python -m bench.generate_corpus --pages 1000 --out /tmp/corpus --seed 1 --shared ../shared

Pages are composed at run time from the development sets in ``../shared/bench`` (their paragraphs,
headlines and dates; research licence: their text is read from there and never stored in this repository)
and from the layout of the sample pages in ``raw/`` (datelines, teasers, glued section labels, doubled
photo captions with credits, footers). Three shapes, mixed:

- ``article``: a page dateline, two to four teasers (title + summary, some cut off with ``...``), a section
  label glued to the main title, a photo caption (twice, as scraped), the article's paragraphs, a footer;
- ``listing``: a section or tag page: a section name, then five to nine items (caption, title, summary);
- ``wire``: a page dateline, a headline, a wire dateline (``LONDON, Aug. 30 (Reuters) --``) and the story.

Every page is unique (a distinct combination of source documents plus a page-id line, so dedup by content
hash cannot cheat) and deterministic for (seed, page index): page ``i`` can be regenerated on its own, which is
how the benchmark adds "one more page" to a built warehouse. Pages are written one at a time (streaming).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

SHAPES: tuple[str, ...] = ("article", "listing", "wire")
SHAPE_WEIGHTS: tuple[float, ...] = (0.5, 0.2, 0.3)
BENCH_SETS: tuple[str, ...] = ("conll-dev", "timebank")
# per set: (first block is the headline, join the lines of a paragraph)
SET_LAYOUT: dict[str, tuple[bool | None, bool]] = {"conll-dev": (True, False), "timebank": (False, True)}

SECTIONS = ("North Korea", "Politics", "World", "Economy", "Business", "Sports", "Tech", "Opinion", "Asia")
CREDITS = (" / News1", " (Reuters)", " (Yonhap)", " (AP Photo)", " / Yonhap", " (AFP)")
WIRE_SERVICES = ("Reuters", "Yonhap", "AP", "AFP")
WIRE_CITIES = ("LONDON", "SEOUL", "WASHINGTON", "TOKYO", "BEIJING", "PARIS", "NEW YORK", "BERLIN", "MOSCOW")
FOOTERS = (
    ("Check Out Our Content", "Check Out Other Tags:", "Most Popular Articles"),
    ("Related Articles", "Most Read", "Subscribe to our newsletter"),
    ("Share this article", "More from this section"),
)
MONTHS_AP = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_WIRE_OPENING = re.compile(r"^[A-Z][A-Z .'-]+,? (\d{4}-\d{2}-\d{2}|[A-Z][a-z]+\.? \d{1,2} \()")
_DATELINE = re.compile(
    r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), [A-Z][a-z]+ \d{1,2}, \d{4}$"
)


@dataclass(frozen=True)
class SourceDoc:
    """One source document cut into parts: a title (may be empty), paragraphs, and its date if known."""

    name: str
    title: str
    paragraphs: tuple[str, ...]
    day: date | None = None


@dataclass(frozen=True)
class Sources:
    docs: tuple[SourceDoc, ...]
    footers: tuple[tuple[str, ...], ...] = FOOTERS
    sections: tuple[str, ...] = SECTIONS
    credits: tuple[str, ...] = CREDITS


@dataclass(frozen=True)
class Page:
    index: int
    name: str
    shape: str
    text: str
    sources: tuple[str, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------------------------- parsing


def parse_date_line(line: str) -> date | None:
    """`Friday, August 30, 1996` -> date(1996, 8, 30); anything else -> None."""
    line = line.strip()
    if not _DATELINE.match(line):
        return None
    try:
        return datetime.strptime(line, "%A, %B %d, %Y").date()
    except ValueError:
        return None


def parse_document(name: str, text: str, has_title: bool | None = None, join_lines: bool = True) -> SourceDoc:
    """A bench document (dateline, blank line, [headline, blank line], body) or a sample page, as parts.

    Paragraphs are the blank-line separated blocks. With `join_lines` the lines of a block are joined
    (TimeBank keeps mid-sentence line breaks); without, they stay lines (CoNLL: one sentence or table row a
    line). `has_title`: the first block is the headline (CoNLL); None guesses (short, single line, no stop).
    """
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    day = None
    if blocks and (day := parse_date_line(blocks[0].splitlines()[0])) is not None:
        first = blocks[0].splitlines()[1:]
        blocks = (["\n".join(first)] if first else []) + blocks[1:]
    title = ""
    if blocks and "\n" not in blocks[0] and len(blocks[0]) <= 200:
        guess = len(blocks[0]) <= 160 and not blocks[0].endswith((".", "?", "!"))
        if has_title or (has_title is None and guess):
            title = blocks.pop(0).rstrip(".")
    separator = " " if join_lines else "\n"
    paragraphs = tuple(
        separator.join(line.strip() for line in b.splitlines() if line.strip()) for b in blocks
    )
    return SourceDoc(name=name, title=title, paragraphs=tuple(p for p in paragraphs if p), day=day)


def load_sources(shared: Path, samples: Path | None = None) -> Sources:
    """Parse every `shared/bench/<set>/raw/*.txt` (and the sample pages' paragraphs, if given)."""
    bench = shared / "bench" if (shared / "bench").is_dir() else shared
    docs: list[SourceDoc] = []
    for set_name in BENCH_SETS:
        for path in sorted((bench / set_name / "raw").glob("*.txt")):
            has_title, join_lines = SET_LAYOUT[set_name]
            text = path.read_text(encoding="utf-8")
            docs.append(parse_document(f"{set_name}/{path.name}", text, has_title, join_lines))
    if samples is not None and samples.is_dir():
        for path in sorted(samples.glob("*.txt")):
            parsed = parse_document(f"sample/{path.name}", path.read_text(encoding="utf-8"))
            long_paragraphs = tuple(p for p in parsed.paragraphs if len(p) > 200)
            if long_paragraphs:
                docs.append(SourceDoc(parsed.name, "", long_paragraphs, parsed.day))
    docs = [d for d in docs if d.paragraphs]
    if not docs:
        raise SystemExit(f"no source documents found under {bench} (expected {', '.join(BENCH_SETS)})")
    return Sources(docs=tuple(docs))


# --------------------------------------------------------------------------------------------- pieces


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


def title_case(text: str) -> str:
    """`CRICKET - LEICESTERSHIRE TAKE OVER.` -> `Cricket - Leicestershire Take Over` (headline casing)."""
    small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
    shouting = text.isupper()
    words = text.strip().rstrip(".").split()
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if i and lower in small:
            out.append(lower)
        else:  # keep mixed-case words (`DPC`, `Kimberly-Clark`) unless the whole line shouts
            word = lower if shouting else word
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def headline(doc: SourceDoc, max_words: int = 14) -> str:
    """A doc's title in headline case, or its first sentence cut to a headline's length."""
    if doc.title:
        base = doc.title if not doc.title.isupper() else title_case(doc.title)
    else:
        first = " ".join(doc.paragraphs[0].split()[:max_words]) if doc.paragraphs else doc.name
        lead = sentences(first)[0] if sentences(first) else first
        base = title_case(lead if len(lead) >= 25 else first)
    return base.strip() or doc.name


def summary(doc: SourceDoc, rng: random.Random) -> str:
    """A teaser summary: the lead sentence, sometimes cut off with `...` as listing pages do."""
    body = [p for p in doc.paragraphs if len(p) > 40] or list(doc.paragraphs)
    lead = sentences(body[0])[0] if body else headline(doc)
    if rng.random() < 0.35 and len(lead.split()) > 8:
        return " ".join(lead.split()[: rng.randint(5, 8)]) + "..."
    return lead


def caption(doc: SourceDoc, rng: random.Random, credits: Sequence[str]) -> str:
    """A photo caption: a sentence of the story plus a credit, as the sample pages print them."""
    candidates = [s for p in doc.paragraphs for s in sentences(p) if 30 < len(s) < 220]
    text = rng.choice(candidates) if candidates else headline(doc)
    return text.rstrip(".") + rng.choice(credits)


def page_date(doc: SourceDoc, index: int) -> date:
    """The page's dateline: the source's date moved by a page-dependent number of days (so pages differ)."""
    base = doc.day or date(2025, 12, 5)
    return base + timedelta(days=index % 29)


def dateline(day: date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def page_id_line(seed: int, index: int) -> str:
    """The line that makes every page unique even if two pages drew the same documents."""
    return f"Page reference {seed}-{index:07d}."


# --------------------------------------------------------------------------------------------- shapes


def _article(sources: Sources, rng: random.Random, seed: int, index: int) -> tuple[str, tuple[str, ...]]:
    main = rng.choice(sources.docs)
    teasers = rng.sample(sources.docs, k=min(len(sources.docs), rng.randint(2, 4)))
    section = rng.choice(sources.sections)
    title = headline(main)
    lines = [dateline(page_date(main, index)), ""]
    for doc in teasers:
        lines += [headline(doc), "", summary(doc, rng), ""]
    cap = caption(main, rng, sources.credits)
    lines += [section, "", section.replace(" ", "") + title, cap, cap, ""]
    paragraphs = list(main.paragraphs)
    if len(paragraphs) > 12:  # long stories are paginated on the site: keep a page-sized prefix
        paragraphs = paragraphs[: rng.randint(8, 12)]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    lines += [page_id_line(seed, index), ""]
    for footer_line in rng.choice(sources.footers):
        lines += [footer_line, ""]
    return "\n".join(lines).rstrip() + "\n", (main.name, *(d.name for d in teasers))


def _listing(sources: Sources, rng: random.Random, seed: int, index: int) -> tuple[str, tuple[str, ...]]:
    items = rng.sample(sources.docs, k=min(len(sources.docs), rng.randint(5, 9)))
    section = rng.choice(sources.sections)
    lines = [section, ""]
    for doc in items:
        if rng.random() < 0.6:
            lines += [caption(doc, rng, sources.credits), ""]
        lines += [headline(doc), "", summary(doc, rng)]
        if rng.random() < 0.5 and len(doc.paragraphs) > 1:
            lines += [doc.paragraphs[1]]
        lines += [""]
    lines += [page_id_line(seed, index), ""]
    lines += [rng.choice(sources.footers)[0]]
    return "\n".join(lines).rstrip() + "\n", tuple(d.name for d in items)


def _wire(sources: Sources, rng: random.Random, seed: int, index: int) -> tuple[str, tuple[str, ...]]:
    main = rng.choice(sources.docs)
    day = page_date(main, index)
    city = rng.choice(WIRE_CITIES)
    service = rng.choice(WIRE_SERVICES)
    wire = f"{city}, {MONTHS_AP[day.month - 1]} {day.day} ({service}) --"
    paragraphs = list(main.paragraphs[:14])
    lines = [dateline(day), "", headline(main), ""]
    # a CoNLL story already opens on its Reuters dateline (`LONDON 1996-08-30`): keep it, else add one
    lead = paragraphs[0] if _WIRE_OPENING.match(paragraphs[0]) else f"{wire} {paragraphs[0]}"
    lines += [lead, ""]
    for paragraph in paragraphs[1:]:
        lines += [paragraph, ""]
    lines += [f"({service} page reference {seed}-{index:07d})"]
    return "\n".join(lines).rstrip() + "\n", (main.name,)


_BUILDERS = {"article": _article, "listing": _listing, "wire": _wire}


def compose_page(sources: Sources, seed: int, index: int) -> Page:
    """Page `index` of the corpus for `seed`: depends on nothing else, so any page can be rebuilt alone."""
    rng = random.Random(f"dateline-bench:{seed}:{index}")
    shape = rng.choices(SHAPES, weights=SHAPE_WEIGHTS)[0]
    text, used = _BUILDERS[shape](sources, rng, seed, index)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Page(index=index, name=f"{shape}_{index:07d}_{digest}.txt", shape=shape, text=text, sources=used)


def generate(sources: Sources, pages: int, seed: int, start: int = 0) -> Iterator[Page]:
    """Pages start .. start+pages-1, one at a time."""
    for index in range(start, start + pages):
        yield compose_page(sources, seed, index)


def write_corpus(sources: Sources, out: Path, pages: int, seed: int, start: int = 0) -> dict:
    """Write the pages into `out` (one file each, streaming) and return a small manifest (also written)."""
    out.mkdir(parents=True, exist_ok=True)
    shapes = dict.fromkeys(SHAPES, 0)
    total_bytes = 0
    for page in generate(sources, pages, seed, start):
        data = page.text.encode("utf-8")
        (out / page.name).write_bytes(data)
        shapes[page.shape] += 1
        total_bytes += len(data)
    manifest = {"pages": pages, "seed": seed, "start": start, "shapes": shapes, "bytes": total_bytes}
    return manifest


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="index of the first page (to add pages later)")
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="folder holding bench/")
    parser.add_argument("--samples", type=Path, default=Path("raw"), help="sample pages (optional)")
    args = parser.parse_args(argv)
    sources = load_sources(args.shared, args.samples)
    manifest = write_corpus(sources, args.out, args.pages, args.seed, args.start)
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
