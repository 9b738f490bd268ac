"""TempEval-3 style scoring of temporal expressions, plus a direct runner over a bench folder.

Records (gold and predicted) are dicts ``{"doc", "start", "end", "text", "type", "value"}``.

- strict extraction: a prediction matches a gold span with the same doc, start and end;
- relaxed extraction: the spans overlap; gold and predictions are paired one-to-one (largest overlap first),
  so one long prediction cannot be counted as matching several gold spans;
- value: P = relaxed pairs with equal ``value`` / predictions, R = the same / gold (TempEval-3 attribute F1).
  A gold record may carry ``real_value`` (seeds gold); either value counts.

Spans starting on line 1 of a document (the synthetic dateline) are ignored on both sides when the caller passes
``first_line_ends`` (doc -> offset of the first newline).

Scoring is kept apart from running so a warehouse-backed eval can reuse :func:`score_timexes` on rows it reads.

Direct runner: ``python -m orchestration.eval.timex DATASET_DIR`` runs ``extract_timexes`` over
``DATASET_DIR/raw/*.txt`` (page date from the first line) and scores against ``DATASET_DIR/gold.jsonl``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from orchestration.eval.scoring import PRF

Record = Mapping[str, Any]


@dataclass(frozen=True)
class TimexScores:
    strict: PRF
    relaxed: PRF
    value: PRF


def drop_dateline(records: Iterable[Record], first_line_ends: Mapping[str, int]) -> list[Record]:
    """Records that do not start on line 1 of their document (unknown docs are kept)."""
    return [r for r in records if int(r["start"]) >= first_line_ends.get(str(r["doc"]), -1)]


def _gold_values(g: Record) -> set[str]:
    vals = {str(g.get("value"))}
    if g.get("real_value"):
        vals.add(str(g["real_value"]))
    return vals


def _relaxed_pairs(gold: Sequence[Record], pred: Sequence[Record]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) of overlapping spans, largest overlap first."""
    by_doc: dict[str, list[int]] = {}
    for j, p in enumerate(pred):
        by_doc.setdefault(str(p["doc"]), []).append(j)
    candidates: list[tuple[int, int, int]] = []
    for i, g in enumerate(gold):
        gs, ge = int(g["start"]), int(g["end"])
        for j in by_doc.get(str(g["doc"]), []):
            ps, pe = int(pred[j]["start"]), int(pred[j]["end"])
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0:
                candidates.append((-overlap, i, j))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def score_timexes(
    gold: Iterable[Record],
    pred: Iterable[Record],
    *,
    only_type: str | None = None,
    first_line_ends: Mapping[str, int] | None = None,
) -> TimexScores:
    """Strict, relaxed and value P/R/F1; ``only_type`` keeps records of that type on both sides."""
    gold_l = list(gold)
    pred_l = list(pred)
    if first_line_ends is not None:
        gold_l = drop_dateline(gold_l, first_line_ends)
        pred_l = drop_dateline(pred_l, first_line_ends)
    if only_type is not None:
        gold_l = [g for g in gold_l if g.get("type") == only_type]
        pred_l = [p for p in pred_l if p.get("type") == only_type]
    n_g, n_p = len(gold_l), len(pred_l)

    gold_spans = {(str(g["doc"]), int(g["start"]), int(g["end"])) for g in gold_l}
    pred_spans = {(str(p["doc"]), int(p["start"]), int(p["end"])) for p in pred_l}
    strict_p = sum((str(p["doc"]), int(p["start"]), int(p["end"])) in gold_spans for p in pred_l)
    strict_g = sum((str(g["doc"]), int(g["start"]), int(g["end"])) in pred_spans for g in gold_l)

    pairs = _relaxed_pairs(gold_l, pred_l)
    value_ok = sum(str(pred_l[j].get("value")) in _gold_values(gold_l[i]) for i, j in pairs)
    return TimexScores(
        strict=PRF(pred_correct=strict_p, pred_total=n_p, gold_found=strict_g, gold_total=n_g),
        relaxed=PRF(pred_correct=len(pairs), pred_total=n_p, gold_found=len(pairs), gold_total=n_g),
        value=PRF(pred_correct=value_ok, pred_total=n_p, gold_found=value_ok, gold_total=n_g),
    )


def format_table(rows: Mapping[str, TimexScores]) -> str:
    """A plain-text table: one row per label, strict / relaxed / value P R F1."""
    head = f"{'set':<8}{'n_gold':>7}{'n_pred':>7} | {'strict P/R/F1':^20} | {'relaxed P/R/F1':^20} | {'value P/R/F1':^20}"
    lines = [head, "-" * len(head)]
    for name, s in rows.items():
        cells = [f"{m.precision:6.3f}{m.recall:7.3f}{m.f1:7.3f}" for m in (s.strict, s.relaxed, s.value)]
        lines.append(f"{name:<8}{s.strict.gold_total:>7}{s.strict.pred_total:>7} | " + " | ".join(cells))
    return "\n".join(lines)


# --- direct runner -------------------------------------------------------------------------------------------


def parse_page_date_line(line: str) -> date | None:
    """The page date a bench document's first line gives (``Friday, December 5, 2025``); None when it is none.

    Only the three fixed forms the bench files are written with (strptime), unlike
    ``orchestration.text.dates.parse_dateline``, which reads the many forms news pages print.
    """
    for fmt in ("%A, %B %d, %Y", "%B %d, %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(line.strip(), fmt).date()
        except ValueError:
            continue
    return None


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def predict_dir(raw_dir: Path) -> tuple[list[dict[str, Any]], dict[str, int], int, float]:
    """Predictions over raw_dir/*.txt, first-line ends per doc, word count and extraction seconds."""
    from orchestration.text.timex import extract_timexes

    preds: list[dict[str, Any]] = []
    first_line_ends: dict[str, int] = {}
    words = 0
    seconds = 0.0
    for path in sorted(raw_dir.glob("*.txt")):
        with path.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        nl = text.find("\n")
        first_line_ends[path.name] = nl if nl >= 0 else len(text)
        page_date = parse_page_date_line(text[: first_line_ends[path.name]])
        words += len(text.split())
        t0 = time.perf_counter()
        found = extract_timexes(text, page_date)
        seconds += time.perf_counter() - t0
        preds.extend(
            {
                "doc": path.name,
                "start": t.start,
                "end": t.end,
                "text": t.text,
                "type": t.timex_type,
                "value": t.value,
            }
            for t in found
        )
    return preds, first_line_ends, words, seconds


def run(dataset_dir: Path) -> str:
    preds, first_line_ends, words, seconds = predict_dir(dataset_dir / "raw")
    gold = load_jsonl(dataset_dir / "gold.jsonl")
    rows = {
        "ALL": score_timexes(gold, preds, first_line_ends=first_line_ends),
        "DATE": score_timexes(gold, preds, only_type="DATE", first_line_ends=first_line_ends),
    }
    speed = words / seconds if seconds else float("inf")
    return f"{format_table(rows)}\n\n{len(first_line_ends)} docs, {words} words, {seconds:.2f} s, {speed:,.0f} words/s"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m orchestration.eval.timex DATASET_DIR", file=sys.stderr)
        return 2
    print(run(Path(args[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
