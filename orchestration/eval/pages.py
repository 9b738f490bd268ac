"""Page-structure evaluation: article bodies against web-dev gold, article titles against kr-news-dev gold.

    dateline eval pages ../shared/bench/web-dev [--db-dir D] [--per-page]
    dateline eval titles ../shared/bench/kr-news-dev [--db D]

Bodies are scored with the metric of scrapinghub's article-extraction-benchmark: tokens are ``\\w+`` runs
(case kept), shingles are 4-grams of consecutive tokens (a text of 1-3 tokens is one shorter shingle, an empty
text has none); per page, true positives are the shingle counts both sides share, false positives the excess
of the prediction, false negatives the excess of the gold. Precision is averaged over the pages that predicted
something, recall over the pages whose gold has something, and F1 is taken of the two means.

Every figure is reported for all pages and for the two parts of the team's split (``is_holdout``), so that
tuning on one part can be checked on the other. Scoring is pure (plain strings in, frozen dataclasses out);
``evaluate_pages`` and ``evaluate_titles`` build the warehouses and read them.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

SPLITS: tuple[str, ...] = ("all", "tune", "holdout")
SHINGLE_SIZE = 4
_TOKEN_RE = re.compile(r"\w+")
_T = TypeVar("_T")


def is_holdout(doc_id: str) -> bool:
    """The team's held-out part of every dev set: a third of the documents, fixed by the id's hash."""
    return int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 3 == 0


def split_of(doc_id: str) -> str:
    return "holdout" if is_holdout(doc_id) else "tune"


def in_split(doc_id: str, split: str) -> bool:
    return split == "all" or split_of(doc_id) == split


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Counts of the 4-gram word shingles of text; 1-3 tokens give one shorter shingle, none give none."""
    tokens = _TOKEN_RE.findall(text)
    if len(tokens) < SHINGLE_SIZE:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + SHINGLE_SIZE]) for i in range(len(tokens) - SHINGLE_SIZE + 1))


def _ratio_or_none(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class PageScore:
    doc: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def counts_for_precision(self) -> bool:
        """Only pages that predicted something enter the mean precision."""
        return self.tp + self.fp > 0

    @property
    def counts_for_recall(self) -> bool:
        """Only pages whose gold body has something enter the mean recall."""
        return self.tp + self.fn > 0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_page(doc: str, gold: str, predicted: str) -> PageScore:
    g, p = shingles(gold), shingles(predicted)
    tp = sum(min(count, p[s]) for s, count in g.items())
    return PageScore(doc=doc, tp=tp, fp=sum(p.values()) - tp, fn=sum(g.values()) - tp)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class BodyScores:
    pages: tuple[PageScore, ...]

    @property
    def precision(self) -> float | None:
        """Mean precision over pages that predicted something; None when there are none."""
        return _mean([s.precision for s in self.pages if s.counts_for_precision])

    @property
    def recall(self) -> float | None:
        return _mean([s.recall for s in self.pages if s.counts_for_recall])

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def only(self, split: str) -> BodyScores:
        return BodyScores(tuple(s for s in self.pages if in_split(s.doc, split)))


def score_bodies(gold: Mapping[str, str], predicted: Mapping[str, str]) -> BodyScores:
    """One PageScore per gold page, in gold order; a page missing from predicted predicted nothing."""
    return BodyScores(tuple(score_page(doc, body, predicted.get(doc, "")) for doc, body in gold.items()))


def join_article_bodies(rows: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """(source_file, body) rows in article order -> body per file stem (the gold doc id of web-dev)."""
    bodies: dict[str, list[str]] = {}
    for source_file, body in rows:
        bodies.setdefault(PurePosixPath(source_file).stem, []).append(body or "")
    return {stem: "\n\n".join(parts) for stem, parts in bodies.items()}


def _cell(value: float | None) -> str:
    return f"{value:6.3f}" if value is not None else f"{'-':>6}"


def format_body_table(rows: Mapping[str, BodyScores]) -> str:
    """One line per system: P, R and F1 of the means for all pages, the tune part and the holdout part."""
    any_scores = next(iter(rows.values()), BodyScores(()))
    counts = {split: len(any_scores.only(split).pages) for split in SPLITS}
    width = max([len(name) for name in rows] + [len("system")])
    head = f"{'system':<{width}}" + "".join(f" | {split + ' P':>9} {'R':>6} {'F1':>6}" for split in SPLITS)
    lines = [head, "-" * len(head)]
    for name, scores in rows.items():
        cells = []
        for split in SPLITS:
            part = scores.only(split)
            cells.append(f" | {_cell(part.precision):>9} {_cell(part.recall)} {_cell(part.f1)}")
        lines.append(f"{name:<{width}}" + "".join(cells))
    lines.append("pages: " + ", ".join(f"{split} {counts[split]}" for split in SPLITS))
    return "\n".join(lines)


def format_per_page(rows: Mapping[str, BodyScores]) -> str:
    """Each page's P/R per system, worst first by the first system's page F1."""
    names = list(rows)
    by_doc = {name: {s.doc: s for s in scores.pages} for name, scores in rows.items()}
    docs = sorted(by_doc[names[0]], key=lambda d: (by_doc[names[0]][d].f1, d)) if names else []

    def cell(s: PageScore) -> str:
        p = f"{s.precision:.2f}" if s.counts_for_precision else "-"
        r = f"{s.recall:.2f}" if s.counts_for_recall else "-"
        return f"{p:>5} {r:>5}"

    # "dateline raw_text" -> "raw_text", "trafilatura (HTML, defaults)" -> "trafilatura": columns stay narrow
    labels = [name.removeprefix("dateline ").split()[0][:11] for name in names]
    head = f"{'doc':<16} {'split':<7}" + "".join(f" | {label:>11}" for label in labels)
    units = f"{'':<24}" + f" | {'P':>5} {'R':>5}" * len(names)
    lines = [head, units, "-" * len(head)]
    for doc in docs:
        lines.append(
            f"{doc[:16]:<16} {split_of(doc):<7}" + "".join(f" | {cell(by_doc[n][doc])}" for n in names)
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class TitleGold:
    doc: str
    title: str
    outlet: str


@dataclass(frozen=True)
class TitleResult:
    doc: str
    outlet: str
    gold: str
    got: str | None  # None: the page has no article
    page_kind: str | None  # None: the file is not in documents (rejected)

    @property
    def correct(self) -> bool:
        return self.got is not None and collapse_spaces(self.got) == collapse_spaces(self.gold)


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def score_titles(
    gold: Sequence[TitleGold], titles: Mapping[str, str | None], page_kinds: Mapping[str, str]
) -> tuple[TitleResult, ...]:
    """Compare each gold doc's article title (titles[doc], missing = no article) with the gold title."""
    return tuple(
        TitleResult(g.doc, g.outlet, g.title, titles.get(g.doc), page_kinds.get(g.doc)) for g in gold
    )


def _accuracy(results: Sequence[TitleResult]) -> str:
    right = sum(r.correct for r in results)
    share = f"{right / len(results):.3f}" if results else "-"
    return f"{share:>6} ({right}/{len(results)})"


def format_titles(results: Sequence[TitleResult]) -> str:
    """Accuracy for all/tune/holdout and per outlet, then every miss."""
    lines = ["title accuracy (exact after collapsing whitespace)"]
    for split in SPLITS:
        lines.append(f"  {split:<40} {_accuracy([r for r in results if in_split(r.doc, split)])}")
    for outlet in sorted({r.outlet for r in results}):
        lines.append(f"  {outlet:<40} {_accuracy([r for r in results if r.outlet == outlet])}")
    misses = [r for r in results if not r.correct]
    lines.append(f"misses ({len(misses)}):")
    for r in misses:
        lines.append(f"  {r.doc} [{r.outlet}; {split_of(r.doc)}; page_kind {r.page_kind}]")
        lines.append(f"    gold: {r.gold}")
        lines.append(f"    got:  {'(no article)' if r.got is None else r.got or '(empty title)'}")
    return "\n".join(lines)


# ---- building and reading (DuckDB and the pipeline are imported only here) ----

_ARTICLES_IN_ORDER = (
    "select source_file, title, body from articles "
    "order by source_file, cast(regexp_extract(article_id, ':a(\\d+)$', 1) as integer)"
)


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


@dataclass(frozen=True)
class WarehouseBodies:
    name: str
    bodies: dict[str, str]  # gold doc id -> joined article bodies
    page_kinds: dict[str, str]  # gold doc id -> documents.page_kind
    rejected: int
    seconds: float


def _build_and_read_bodies(name: str, raw_dir: Path, db_path: Path) -> WarehouseBodies:
    from orchestration.eval.warehouse import build_warehouse, read_rows

    built = build_warehouse(raw_dir, db_path)
    articles = read_rows(db_path, _ARTICLES_IN_ORDER)
    kinds = read_rows(db_path, "select source_file, page_kind from documents")
    rejected = read_rows(db_path, "select count(*) as n from rejected_files")[0]["n"]
    return WarehouseBodies(
        name=name,
        bodies=join_article_bodies((r["source_file"], r["body"]) for r in articles),
        page_kinds={PurePosixPath(r["source_file"]).stem: r["page_kind"] for r in kinds},
        rejected=rejected,
        seconds=built.seconds,
    )


def _warehouse_line(wh: WarehouseBodies, gold_docs: Sequence[str]) -> str:
    kinds = Counter(wh.page_kinds.get(doc, "(not loaded)") for doc in gold_docs)
    without = sum(1 for doc in gold_docs if doc not in wh.bodies)
    kind_text = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
    return (
        f"{wh.name}: page_kind {kind_text}; {without} of {len(gold_docs)} gold pages without an article; "
        f"{wh.rejected} rejected files; build {wh.seconds:.1f} s"
    )


def _trafilatura_bodies(html_dir: Path, docs: Iterable[str]) -> dict[str, str]:
    import trafilatura

    bodies = {}
    for doc in docs:
        path = html_dir / f"{doc}.html"
        # bytes, so that trafilatura detects the page's encoding itself, as it would on a fetched page
        bodies[doc] = (trafilatura.extract(path.read_bytes()) or "") if path.is_file() else ""
    return bodies


def _timed(run: Callable[[], _T]) -> tuple[_T, float]:
    started = time.perf_counter()
    value = run()
    return value, time.perf_counter() - started


def evaluate_pages(dataset_dir: Path, db_dir: Path | None = None, per_page: bool = False) -> str:
    """Build over raw_text and raw_html, score bodies against gold.jsonl next to the whole text and trafilatura."""
    gold = {str(r["doc"]): str(r["body"]) for r in _read_jsonl(dataset_dir / "gold.jsonl")}
    with tempfile.TemporaryDirectory(prefix="dateline-eval-pages-") as scratch:
        target = db_dir or Path(scratch)
        target.mkdir(parents=True, exist_ok=True)
        built = [
            _build_and_read_bodies(f"dateline {kind}", dataset_dir / kind, target / f"{kind}.duckdb")
            for kind in ("raw_text", "raw_html")
        ]
    whole = {doc: _read_text(dataset_dir / "raw_text" / f"{doc}.txt") for doc in gold}
    extracted, trafilatura_seconds = _timed(lambda: _trafilatura_bodies(dataset_dir / "raw_html", gold))
    rows = {wh.name: score_bodies(gold, wh.bodies) for wh in built}
    rows["whole page text"] = score_bodies(gold, whole)
    rows["trafilatura (HTML, defaults)"] = score_bodies(gold, extracted)
    parts = [
        f"article body vs gold, shingle metric ({dataset_dir})",
        format_body_table(rows),
        "",
        *(_warehouse_line(wh, list(gold)) for wh in built),
        f"trafilatura: {trafilatura_seconds:.1f} s",
    ]
    if per_page:
        parts += ["", format_per_page(rows)]
    return "\n".join(parts)


def evaluate_titles(dataset_dir: Path, db_path: Path | None = None) -> str:
    """Build over raw/, compare each page's (first) article title with docs.jsonl's title."""
    from orchestration.eval.warehouse import build_warehouse, read_rows

    gold = [
        TitleGold(str(r["doc"]), str(r["title"]), str(r.get("outlet", "")))
        for r in _read_jsonl(dataset_dir / "docs.jsonl")
    ]
    with tempfile.TemporaryDirectory(prefix="dateline-eval-titles-") as scratch:
        target = db_path or Path(scratch) / "titles.duckdb"
        built = build_warehouse(dataset_dir / "raw", target)
        titles: dict[str, str | None] = {}
        for row in read_rows(target, _ARTICLES_IN_ORDER):
            titles.setdefault(row["source_file"], row["title"] or "")  # the page's first article
        kinds = {
            r["source_file"]: r["page_kind"]
            for r in read_rows(target, "select source_file, page_kind from documents")
        }
    results = score_titles(gold, titles, kinds)
    return f"{format_titles(results)}\n\n{len(results)} pages; build {built.seconds:.1f} s"
