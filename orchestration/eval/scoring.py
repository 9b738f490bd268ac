"""Precision, recall and F1 from counts: the one score row every evaluation here reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    """Counts for one row; precision uses predicted counts, recall uses gold counts (overlap may differ)."""

    pred_correct: int
    pred_total: int
    gold_found: int
    gold_total: int

    @property
    def precision(self) -> float:
        return self.pred_correct / self.pred_total if self.pred_total else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold_total if self.gold_total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
