"""Entity-mention scoring against CoNLL-style gold, plus a direct runner.

Scoring is kept apart from running so the warehouse-backed eval can reuse it: every function here takes
plain lists of dicts and returns frozen dataclasses.

* Gold records: ``{"doc", "start", "end", "text", "label"}`` with label PERSON/ORG/LOC/MISC.
* Predicted records: the same keys with OntoNotes labels (PERSON, ORG, GPE, LOC, FAC, NORP, EVENT, ...).
* Mapping (CoNLL convention): PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC; any other predicted label
  (NORP, EVENT, PRODUCT, ...) counts as MISC, which is reported on its own row and never scored against
  PER/ORG/LOC. The headline number is the strict micro F1 over PER/ORG/LOC.
* Strict: same document, same span, same mapped label. Overlap: same document, same mapped label and the
  spans share at least one character (a prediction is correct if it overlaps some gold span of its label;
  a gold span is found if some prediction of its label overlaps it).
* Spans that start on line 1 (the synthetic dateline of bench documents) are dropped on both sides.

Runner: ``python -m orchestration.eval.entities DATASET_DIR [--baseline]`` recognises
``DATASET_DIR/raw/*.txt`` and prints the table and the words/second of the recognition step.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from orchestration.eval.scoring import PRF

SCORED_LABELS: tuple[str, ...] = ("PER", "ORG", "LOC")
ALL_ROWS: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")

_TO_CONLL: Mapping[str, str] = {
    "PERSON": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "MISC": "MISC",
}
_WORD_RE = re.compile(r"\w+")


def conll_label(label: str) -> str:
    """Map an OntoNotes (or gold) label to PER/ORG/LOC/MISC; everything unknown is MISC."""
    return _TO_CONLL.get(label.upper(), "MISC")


@dataclass(frozen=True)
class EntityScores:
    strict: Mapping[str, PRF]  # rows PER, ORG, LOC, MISC and "micro" (over PER/ORG/LOC)
    overlap: Mapping[str, PRF]

    @property
    def headline_f1(self) -> float:
        return self.strict["micro"].f1


@dataclass(frozen=True)
class _Span:
    doc: str
    start: int
    end: int
    label: str


def first_line_end(text: str) -> int:
    """Offset of the end of line 1 (the synthetic dateline in bench documents)."""
    cut = text.find("\n")
    return len(text) if cut < 0 else cut


def _spans(records: Iterable[Mapping[str, object]], line1_end: Mapping[str, int] | None) -> list[_Span]:
    out = []
    for r in records:
        doc, start, end = str(r["doc"]), int(r["start"]), int(r["end"])  # type: ignore[call-overload]
        if line1_end is not None and start < line1_end.get(doc, 0):
            continue
        out.append(_Span(doc, start, end, conll_label(str(r["label"]))))
    return out


def _row(gold: list[_Span], pred: list[_Span], overlap: bool) -> PRF:
    if not overlap:
        g, p = set(gold), set(pred)
        hit = len(g & p)
        return PRF(hit, len(pred), hit, len(gold))
    by_doc_g: dict[str, list[_Span]] = defaultdict(list)
    by_doc_p: dict[str, list[_Span]] = defaultdict(list)
    for s in gold:
        by_doc_g[s.doc].append(s)
    for s in pred:
        by_doc_p[s.doc].append(s)

    def hits(a: _Span, others: list[_Span]) -> bool:
        return any(o.start < a.end and a.start < o.end for o in others)

    pc = sum(hits(s, by_doc_g[s.doc]) for s in pred)
    gf = sum(hits(s, by_doc_p[s.doc]) for s in gold)
    return PRF(pc, len(pred), gf, len(gold))


def score_entities(
    gold: Sequence[Mapping[str, object]],
    predicted: Sequence[Mapping[str, object]],
    line1_end: Mapping[str, int] | None = None,
) -> EntityScores:
    """Strict and overlap P/R/F1 per CoNLL label and micro over PER/ORG/LOC.

    ``line1_end`` maps doc -> end offset of its first line; spans starting before it are ignored on both
    sides (pass None to keep everything).
    """
    g_all, p_all = _spans(gold, line1_end), _spans(predicted, line1_end)
    result: dict[str, dict[str, PRF]] = {"strict": {}, "overlap": {}}
    for mode in ("strict", "overlap"):
        for lab in ALL_ROWS:
            result[mode][lab] = _row(
                [s for s in g_all if s.label == lab], [s for s in p_all if s.label == lab], mode == "overlap"
            )
        rows = [result[mode][lab] for lab in SCORED_LABELS]
        result[mode]["micro"] = PRF(
            sum(r.pred_correct for r in rows),
            sum(r.pred_total for r in rows),
            sum(r.gold_found for r in rows),
            sum(r.gold_total for r in rows),
        )
    return EntityScores(strict=result["strict"], overlap=result["overlap"])


def format_scores(scores: EntityScores) -> str:
    """A plain-text table: one line per label, strict and overlap P/R/F1 side by side."""
    head = f"{'label':<6} {'gold':>5} {'pred':>5} | {'strict P':>8} {'R':>6} {'F1':>6} | {'overlap P':>9} {'R':>6} {'F1':>6}"
    lines = [head, "-" * len(head)]
    for lab in (*ALL_ROWS, "micro"):
        s, o = scores.strict[lab], scores.overlap[lab]
        name = "micro*" if lab == "micro" else lab
        lines.append(
            f"{name:<6} {s.gold_total:>5} {s.pred_total:>5} | {s.precision:>8.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
            f" | {o.precision:>9.3f} {o.recall:>6.3f} {o.f1:>6.3f}"
        )
    lines.append("* micro over PER/ORG/LOC (MISC is reported, not scored)")
    return "\n".join(lines)


def load_dataset(dataset_dir: Path) -> tuple[dict[str, str], list[dict[str, object]]]:
    """Texts by file name (read exactly as stored) and gold records."""
    texts = {}
    for path in sorted((dataset_dir / "raw").glob("*.txt")):
        with path.open(encoding="utf-8", newline="") as fh:
            texts[path.name] = fh.read()
    gold_path = dataset_dir / "gold.jsonl"
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts, gold


def word_count(texts: Iterable[str]) -> int:
    return sum(len(_WORD_RE.findall(t)) for t in texts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.eval.entities", description=__doc__)
    parser.add_argument("dataset_dir", type=Path)
    parser.add_argument("--baseline", action="store_true", help="score the bare spaCy model (no rules)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--dump", type=Path, help="write predictions as jsonl here")
    args = parser.parse_args(argv)

    from orchestration.text.entities import EntityRecognizer  # heavy import only for the runner

    texts, gold = load_dataset(args.dataset_dir)
    names = list(texts)
    recognizer = EntityRecognizer(batch_size=args.batch_size, rules=not args.baseline)
    t0 = time.perf_counter()
    results = recognizer.recognize([texts[n] for n in names])
    elapsed = time.perf_counter() - t0
    predicted = [
        {
            "doc": n,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "label": m.label,
            "entity_key": m.entity_key,
        }
        for n, ms in zip(names, results, strict=True)
        for m in ms
    ]
    if args.dump:
        args.dump.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predicted))
    scores = score_entities(gold, predicted, {n: first_line_end(t) for n, t in texts.items()})
    words = word_count(texts.values())
    mode = "spaCy alone (baseline)" if args.baseline else "spaCy + rules"
    print(f"{args.dataset_dir} - {len(names)} docs, {words} words - {mode}")
    print(format_scores(scores))
    print(f"recognition: {elapsed:.1f} s, {words / elapsed if elapsed else 0:.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
