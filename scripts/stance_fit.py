"""Fitting the stance heads and the verdict model (used by ``scripts/train_stance.py``).

scikit-learn fits; the results are exported to the numpy-only classes the package loads
(:class:`~claimcheck.verify.learned.LogisticHead`,
:class:`~claimcheck.verify.verdict.VerdictModel`). Training-time predictions use the same
math as the package (:func:`head_logits` = :meth:`LogisticHead.logits` on precomputed inputs).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from claimcheck.verify.features import FEATURE_NAMES, RELATIVE_FEATURES
from claimcheck.verify.learned import DERIVED, LogisticHead, dense_row
from claimcheck.verify.pairwords import hashed_features
from claimcheck.verify.verdict import CLAIM_FEATURES, LABELS, VerdictModel

__all__ = [
    "HEAD_DENSE",
    "RELEVANCE_DENSE",
    "RETRIEVAL",
    "LABEL_INDEX",
    "HeadConfig",
    "Inputs",
    "choose_offsets",
    "fit_head",
    "fit_platt",
    "fit_temperature",
    "platt",
    "fit_verdict",
    "fold_of",
    "head_logits",
    "inputs",
    "sigmoid",
    "verdict_logits",
]

RETRIEVAL = ("retrieval_score", "retrieval_rank")
CLAIM_ONLY = ("entity_claim", "qty_claim", "date_claim", "hedge_claim", "attribution")
BACKING_ONLY = ("deed_unsaid", "deed_unnamed", "coverage_idf_plain", "date_elsewhere",
                "qty_overstated", "deed_coverage")
"""Pair features only the backing rule (:func:`~claimcheck.verify.verdict.lean`) and the
rules of ``deed_taken`` read."""
RELEVANCE_DENSE: tuple[str, ...] = (*(n for n in FEATURE_NAMES if n not in BACKING_ONLY), *DERIVED)
"""Dense inputs of the relevance head: every pair feature and the rules' output (it learns
only from candidates our own retrieval produced)."""
_NOT_POLARITY = frozenset((*RETRIEVAL, *CLAIM_ONLY, *RELATIVE_FEATURES))
HEAD_DENSE: tuple[str, ...] = tuple(n for n in RELEVANCE_DENSE if n not in _NOT_POLARITY)
"""Dense inputs of the polarity head: no retrieval features and no comparison with the other
candidates (it also learns from pairs no retrieval produced), and no property of the claim
alone (which way a claim points must come from comparing it with the evidence, not from how a
benchmark's false claims were worded)."""


LABEL_INDEX: dict[str, int] = {lab.value: i for i, lab in enumerate(LABELS)}
"""Column of each verdict label in :data:`~claimcheck.verify.verdict.LABELS` order."""


@dataclass(frozen=True)
class HeadConfig:
    """What one head reads and how strongly it is regularised."""

    dense: tuple[str, ...] = HEAD_DENSE
    groups: tuple[str, ...] = ("diff", "cross", "polar")
    bits: int = 18
    c: float = 0.1
    positive_share: float = 0.5
    """Share of the total sample weight given to the positive class (0.5 = balanced)."""


@dataclass
class Inputs:
    """Precomputed inputs of one head for a list of pairs."""

    dense: np.ndarray
    hashed: sparse.csr_matrix


def inputs(
    rows: Sequence[tuple[str, str, dict[str, float]]], config: HeadConfig
) -> Inputs:
    """Dense values and hashed features of (claim, sentence, features) rows."""
    dense = np.array([dense_row(config.dense, f) for _, _, f in rows], dtype=np.float64)
    dense = dense.reshape(len(rows), len(config.dense))
    r_idx: list[int] = []
    c_idx: list[int] = []
    vals: list[float] = []
    if config.groups:
        for i, (claim, sentence, _) in enumerate(rows):
            for key, value in hashed_features(
                claim, sentence, groups=config.groups, bits=config.bits
            ).items():
                r_idx.append(i)
                c_idx.append(key)
                vals.append(value)
    width = 1 << config.bits if config.groups else 0
    hashed = sparse.csr_matrix((vals, (r_idx, c_idx)), shape=(len(rows), width))
    return Inputs(dense, hashed)


def _stack(parts: Sequence[Inputs]) -> Inputs:
    return Inputs(
        np.vstack([p.dense for p in parts]),
        sparse.vstack([p.hashed for p in parts]).tocsr(),
    )


def _select(x: Inputs, mask: np.ndarray) -> Inputs:
    return Inputs(x.dense[mask], x.hashed[mask])


def fit_head(
    parts: Sequence[tuple[Inputs, np.ndarray, np.ndarray]],
    config: HeadConfig,
    *,
    seed: int = 0,
) -> LogisticHead:
    """An L2 logistic head on stacked ``(inputs, y in {0,1}, sample weights)`` parts; the
    positive class gets ``config.positive_share`` of the total weight; dense inputs
    standardised by their weighted mean and deviation."""
    x = _stack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts]).astype(int)
    w = np.concatenate([p[2] for p in parts]).astype(np.float64)
    pos = w[y == 1].sum()
    neg = w[y == 0].sum()
    share = config.positive_share
    w = np.where(y == 1, w * (pos + neg) * share / pos, w * (pos + neg) * (1 - share) / neg)
    mean = np.average(x.dense, axis=0, weights=w)
    scale = np.sqrt(np.average((x.dense - mean) ** 2, axis=0, weights=w))
    scale = np.where(scale < 1e-6, 1.0, scale)
    design = sparse.hstack([sparse.csr_matrix((x.dense - mean) / scale), x.hashed]).tocsr()
    model = LogisticRegression(
        C=config.c, solver="liblinear", max_iter=5000, random_state=seed
    )
    model.fit(design, y, sample_weight=w)
    coef = model.coef_[0]
    n = len(config.dense)
    return LogisticHead(
        dense_names=config.dense,
        mean=mean,
        scale=scale,
        dense=coef[:n].astype(np.float64),
        hashed=coef[n:].astype(np.float32) if config.groups else np.zeros(0, np.float32),
        bias=float(model.intercept_[0]),
        groups=config.groups,
        bits=config.bits,
    )


def head_logits(head: LogisticHead, x: Inputs) -> np.ndarray:
    """:meth:`LogisticHead.logits` on precomputed inputs."""
    out = (x.dense - head.mean) / head.scale @ head.dense + head.bias
    if head.groups:
        out = out + x.hashed @ head.hashed.astype(np.float64)
    return np.asarray(out)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0))))


def fold_of(group: str, folds: int, seed: int) -> int:
    """The fold of a group key: a stable hash, so folds never depend on data order."""
    digest = hashlib.sha256(f"fold/{seed}/{group}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % folds


def fit_verdict(
    x: np.ndarray,
    y: Sequence[str],
    *,
    c: float,
    weights: np.ndarray | None = None,
    names: Sequence[str] = CLAIM_FEATURES,
) -> VerdictModel:
    """A multinomial logistic verdict model over rows of :data:`CLAIM_FEATURES`."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale = np.where(scale < 1e-6, 1.0, scale)
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit((x - mean) / scale, list(y), sample_weight=weights)
    coef = np.zeros((len(LABELS), x.shape[1]))
    bias = np.full(len(LABELS), -30.0)  # a label never seen in training is never chosen
    for row, label in enumerate(model.classes_):
        k = [lab.value for lab in LABELS].index(str(label))
        coef[k] = model.coef_[row] if len(model.classes_) > 2 else model.coef_[0] * (
            1 if row else -1
        )
        bias[k] = model.intercept_[row] if len(model.classes_) > 2 else 0.0
    return VerdictModel(names, [lab.value for lab in LABELS], coef, bias, mean, scale)


def verdict_logits(model: VerdictModel, x: np.ndarray) -> np.ndarray:
    """Raw logits of :class:`VerdictModel` for rows of claim features."""
    return np.asarray((x - model.mean) / model.scale @ model.weights.T + model.bias)


def choose_offsets(
    logits: np.ndarray,
    score: Callable[[np.ndarray], float],
    *,
    grid: Sequence[float] = tuple(np.round(np.arange(-1.5, 1.51, 0.25), 2)),
    conflicting: Sequence[float] = (-30.0, -1.0, -0.5, 0.0, 0.5),
    ranked: bool = False,
) -> tuple[np.ndarray, float]:
    """Per-label offsets (supported fixed at 0) maximising ``score(predicted label indices)``,
    or with ``ranked`` ``score(logits + offsets)`` (for a cascade that also needs the model's
    next choices)."""
    best: tuple[float, np.ndarray] | None = None
    for b_ref, b_nee, b_con in itertools.product(grid, grid, conflicting):
        offsets = np.array([0.0, b_ref, b_nee, b_con])
        adjusted = logits + offsets
        value = score(adjusted if ranked else np.argmax(adjusted, axis=1))
        if best is None or value > best[0] + 1e-12:
            best = (value, offsets)
    assert best is not None
    return best[1], best[0]


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising the log loss of ``softmax(logits / T)`` for labels ``y``."""
    best = (float("inf"), 1.0)
    for t in np.exp(np.linspace(np.log(0.3), np.log(5.0), 80)):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -float(logp[np.arange(len(y)), y].mean())
        if loss < best[0]:
            best = (loss, float(t))
    return best[1]



def fit_platt(conf: np.ndarray, correct: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    """``(a, b)`` of ``sigmoid(a * logit(conf) + b)`` fitted to ``correct`` (weighted
    logistic regression, nearly unregularised); ``(1, 0)`` (no change) when all or none are
    correct."""
    from sklearn.linear_model import LogisticRegression

    if len(conf) < 10 or correct.all() or not correct.any():
        return 1.0, 0.0
    p = np.clip(conf, 1e-4, 1 - 1e-4)
    x = np.log(p / (1 - p)).reshape(-1, 1)
    model = LogisticRegression(C=100.0).fit(x, correct.astype(int), sample_weight=weights)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def platt(conf: np.ndarray, ab: tuple[float, float]) -> np.ndarray:
    p = np.clip(conf, 1e-4, 1 - 1e-4)
    return np.asarray(1.0 / (1.0 + np.exp(-(ab[0] * np.log(p / (1 - p)) + ab[1]))))
