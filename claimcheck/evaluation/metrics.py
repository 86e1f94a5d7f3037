"""Scores: label classification, calibration, retrieval ranking, binary detection.

Pure functions over plain lists (no numpy needed), each documented with its exact definition so
a number in a report can be re-derived by hand. Undefined ratios (0/0) are reported as 0.0.

Definitions:

* **per-class P/R/F1**: precision = TP/(TP+FP), recall = TP/(TP+FN), F1 their harmonic mean.
* **macro-F1**: mean F1 over the suite's label set (the classes the dataset can contain), so a
  class we never predict counts as F1 = 0, and a label outside the set (e.g. ``conflicting`` on
  SciFact) only costs as a wrong answer.
* **balanced accuracy**: mean recall over the classes that occur in the gold labels.
* **reliability table / ECE**: predictions binned by confidence into 10 equal-width bins; per
  bin the mean confidence and the accuracy; ECE = Σ (n_bin / n) · |accuracy − confidence|.
* **recall@k**: per query, the share of its gold docs among the first k distinct retrieved docs,
  averaged over queries that have gold docs. **nDCG@10**: binary relevance, log2 discount,
  normalised by the ideal ranking of that query's gold docs.
* **average precision** (detection): mean of precision@rank over the ranks of the positives
  when items are sorted by score (ties keep input order).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "average_precision",
    "binary_metrics",
    "classification_metrics",
    "dcg",
    "ndcg_at",
    "recall_at",
    "reliability_table",
    "safe_div",
]


def safe_div(num: float, den: float) -> float:
    """``num / den``, or 0.0 when ``den`` is 0."""
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return safe_div(2 * p * r, p + r)


def classification_metrics(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    """Accuracy, macro-F1, balanced accuracy, per-class P/R/F1 and the confusion matrix.

    Args:
        gold: gold label per item.
        pred: predicted label per item (same length; an error can be given as ``"error"``).
        labels: the suite's label set; macro-F1 averages over exactly these.

    Returns:
        ``{"n", "accuracy", "macro_f1", "balanced_accuracy", "per_class": {label: {"precision",
        "recall", "f1", "support", "predicted"}}, "confusion": {gold: {pred: count}}}``.
    """
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels but pred has {len(pred)}")
    n = len(gold)
    seen = list(labels) + sorted({*gold, *pred} - set(labels))
    per_class: dict[str, dict[str, float]] = {}
    for label in seen:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        support = sum(1 for g in gold if g == label)
        predicted = sum(1 for p in pred if p == label)
        precision, recall = safe_div(tp, predicted), safe_div(tp, support)
        per_class[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(_f1(precision, recall), 4),
            "support": support,
            "predicted": predicted,
        }
    confusion = {g: {p: 0 for p in seen} for g in seen}
    for g, p in zip(gold, pred, strict=True):
        confusion[g][p] += 1
    present = [label for label in seen if per_class[label]["support"] > 0]
    correct = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    return {
        "n": n,
        "accuracy": round(safe_div(correct, n), 4),
        "macro_f1": round(safe_div(sum(per_class[lb]["f1"] for lb in labels), len(labels)), 4),
        "balanced_accuracy": round(
            safe_div(sum(per_class[lb]["recall"] for lb in present), len(present)), 4
        ),
        "per_class": per_class,
        "confusion": confusion,
    }


def reliability_table(
    confidences: Sequence[float], correct: Sequence[bool], *, bins: int = 10
) -> dict[str, Any]:
    """Calibration: accuracy per confidence bin and the expected calibration error (ECE).

    Returns:
        ``{"ece": float, "bins": [{"low", "high", "n", "confidence", "accuracy"}, …]}`` with
        empty bins kept (``n == 0``) so tables of different runs line up.
    """
    if len(confidences) != len(correct):
        raise ValueError("confidences and correct differ in length")
    rows: list[dict[str, Any]] = []
    total = len(confidences)
    ece = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        idx = [
            i
            for i, c in enumerate(confidences)
            if (low <= c < high) or (b == bins - 1 and c == high)
        ]
        conf = safe_div(sum(confidences[i] for i in idx), len(idx))
        acc = safe_div(sum(1 for i in idx if correct[i]), len(idx))
        ece += safe_div(len(idx), total) * abs(acc - conf)
        rows.append(
            {
                "low": low,
                "high": high,
                "n": len(idx),
                "confidence": round(conf, 4),
                "accuracy": round(acc, 4),
            }
        )
    return {"ece": round(ece, 4), "bins": rows}


def _distinct(ranked: Iterable[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for doc in ranked:
        if doc not in seen:
            seen.add(doc)
            out.append(doc)
    return out


def recall_at(ranked: Sequence[str], gold: set[str], k: int) -> float:
    """Share of ``gold`` among the first ``k`` distinct ids of ``ranked`` (0.0 if no gold)."""
    top = set(_distinct(ranked)[:k])
    return safe_div(len(top & gold), len(gold))


def dcg(relevances: Sequence[float]) -> float:
    """Discounted cumulative gain with a log2(rank + 1) discount (rank from 1)."""
    return sum(rel / math.log2(i + 2) for i, rel in enumerate(relevances))


def ndcg_at(ranked: Sequence[str], gold: set[str], k: int = 10) -> float:
    """Binary-relevance nDCG@k of the distinct ids of ``ranked`` (0.0 if no gold)."""
    if not gold:
        return 0.0
    top = _distinct(ranked)[:k]
    ideal = dcg([1.0] * min(len(gold), k))
    return safe_div(dcg([1.0 if doc in gold else 0.0 for doc in top]), ideal)


def binary_metrics(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, float]:
    """Precision, recall, F1 and accuracy of the positive class; counts as ``n``, ``positives``."""
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g and p)
    predicted = sum(1 for p in pred if p)
    positives = sum(1 for g in gold if g)
    precision, recall = safe_div(tp, predicted), safe_div(tp, positives)
    correct = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    return {
        "n": len(gold),
        "positives": positives,
        "predicted_positive": predicted,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(_f1(precision, recall), 4),
        "accuracy": round(safe_div(correct, len(gold)), 4),
    }


def average_precision(gold: Sequence[bool], scores: Sequence[float]) -> float:
    """Average precision of ``scores`` ranking the positives of ``gold`` first."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(order, start=1):
        if gold[i]:
            hits += 1
            total += hits / rank
    return round(safe_div(total, sum(1 for g in gold if g)), 4)
