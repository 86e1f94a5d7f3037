"""Stance models: from the features of a (claim, evidence) pair to stance probabilities.

A :class:`StanceModel` maps a feature mapping (names from
:data:`~claimcheck.verify.features.FEATURE_NAMES`) to probabilities of ``supports``,
``refutes`` and ``neutral`` that sum to 1. Two implementations:

- :class:`RuleStanceModel`: hand-written rules (the default until a learned model ships).
- :class:`LinearStanceModel`: multinomial logistic regression whose weights are loaded with
  numpy from an ``.npz`` file (no pickle), for a model trained on the same features.

Swap them with ``LocalVerifier(stance_model=...)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from ..errors import ConfigError
from ..models import Stance

__all__ = ["LinearStanceModel", "RuleStanceModel", "StanceModel", "StanceProbs", "event_gate"]

StanceProbs = dict[Stance, float]
"""Probabilities of :class:`~claimcheck.models.Stance` values, summing to 1."""


@runtime_checkable
class StanceModel(Protocol):
    """Anything that turns pair features into stance probabilities."""

    @property
    def name(self) -> str:
        """A short label for reports (``rules``, ``linear``, a model file's stem)."""
        ...

    def predict(self, features: Mapping[str, float]) -> StanceProbs:
        """Probabilities of supports / refutes / neutral for one pair."""
        ...


def _clip(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return min(max(x, lo), hi)


def event_gate(features: Mapping[str, float]) -> float:
    """How far a clash of dates or amounts may count: in full when the sentence covers at
    least half of the non-name words near the claim's numbers, not at all when it covers none
    ("the bridge opened in 2018" is not refuted by "Russia annexed Crimea in 2014")."""
    return _clip(features.get("local_event_coverage", 1.0) / 0.5)


@dataclass(frozen=True)
class RuleStanceModel:
    """Rules over the features: relevance from term coverage, refutation from clashes.

    A pair is relevant in proportion to how much of the claim it covers (between
    ``min_coverage`` and ``full_coverage``), discounted when the claim's names are missing. It
    refutes when it is relevant and a quantity, date or direction clashes, the polarity flips
    (negation or antonym); it supports when it is relevant, no clash was found, and the
    claim's quantities and dates agree. Support is discounted for hedged evidence, for claim
    terms that stand far apart or across two sentences, for headings, and when the word the
    claim negates (or its direction word) is missing. Another name in the place of the
    claim's name blocks support and damps number clashes: the sentence is likely about
    something else.

    Attributes:
        min_coverage: coverage at or below which a sentence is irrelevant.
        full_coverage: coverage at which a sentence is fully relevant.
        ceiling: the largest probability the rules ever give (they are never certain).
    """

    min_coverage: float = 0.3
    full_coverage: float = 0.8
    ceiling: float = 0.92
    name: str = "rules"

    def relevance(self, f: Mapping[str, float], coverage: float | None = None) -> float:
        """How much the evidence is about the claim, in [0, 1] (from ``coverage``, by default
        the feature of that name)."""
        span = max(self.full_coverage - self.min_coverage, 1e-6)
        cov = f["coverage"] if coverage is None else coverage
        rel = _clip((cov - self.min_coverage) / span)
        rel = _clip(rel + 0.15 * f["bigram_coverage"] * rel)
        if f["qty_agree"] > 0 or f["date_agree"] > 0:
            rel = _clip(rel + 0.15)
        return rel * (0.55 + 0.45 * f["entity_coverage"])

    def deed_relevance(self, f: Mapping[str, float]) -> float:
        """:meth:`relevance` of a sentence where another name does the claim's deed
        (``deed_taken``): the claim's doer is missing from it by the clash itself, so it is
        counted as covered (``deed_coverage``) and the names missing are not held against
        it."""
        coverage = f.get("deed_coverage", f["coverage"])
        return self.relevance({**f, "entity_coverage": 1.0}, coverage)

    def predict(self, features: Mapping[str, float]) -> StanceProbs:
        """Stance probabilities for one pair (see the class docstring for the rules)."""
        f = features
        rel = self.relevance(f)
        no_agree_qty = f["qty_agree"] == 0
        no_agree_date = f["date_agree"] == 0
        # numbers and dates of a sentence that names something else than the claim (another
        # resolution, another person) are likely about that other thing
        damp = 0.5 if f["entity_substitution"] else 1.0
        # a number or date is judged by the words around it in a long claim
        rel_num = max(rel, self.relevance(f, 0.9 * f.get("local_coverage", 0.0)))
        # … and only when the sentence says what happened then ("opened", not just "Crimea")
        damp *= event_gate(f)
        numeric = [
            0.9 if f["direction_clash"] else 0.0,
            0.9 * damp if f["qty_clash"] > 0 and no_agree_qty else 0.0,
            0.55 * damp if f["qty_clash_weak"] > 0 and no_agree_qty else 0.0,
            0.9 * damp if f["date_clash"] > 0 and no_agree_date else 0.0,
        ]
        signals = [
            # a sentence that negates the claim refutes it; a sentence that merely does not
            # negate what the claim denies refutes it only if it states the same relation
            0.85
            * (1.0 if f["negation_sentence"] or f["antonym_mismatch"] else f["bigram_coverage"])
            if f["polarity_flip"]
            else 0.0,
            # another name in the claim's name's place is often just another subject: it
            # blocks support but does not refute on its own
            0.45 if f["entity_substitution"] else 0.0,
            # another name does a deed only one can do to the claim's thing ("Russia annexed
            # Crimea" for "Ukraine annexed Crimea")
            0.85 if f.get("deed_taken", 0.0) else 0.0,
        ]
        clash = max(signals + numeric)
        refutes = max(max(signals) * rel, max(numeric) * rel_num)
        if f.get("deed_taken", 0.0):  # the claim's doer is missing by the clash itself:
            refutes = max(refutes, 0.85 * self.deed_relevance(f))  # do not count it against
        support = rel * (1.0 - clash)
        if f["qty_claim"]:
            support *= 0.35 + 0.65 * f["qty_agree"]
        if f["date_claim"]:
            dated = min(f["date_agree"] + 0.7 * f.get("date_context_agree", 0.0), 1.0)
            support *= 0.35 + 0.65 * dated
        if f.get("qualifier_missing", 0.0):
            support *= 0.35  # "the first state visit": the sentence does not say "first"
        if f.get("deed_other", 0.0):
            support *= 0.35  # "Russia annexed Crimea" does not back "Ukraine annexed Crimea"
        if f["hedge_sentence"] and not f["hedge_claim"]:
            support *= 0.7
        # claim terms that stand together in the evidence likely stand in the same relation
        support *= 0.7 + 0.3 * f["bigram_coverage"]
        if f["pair"]:
            support *= 0.85  # terms spread over two sentences are a looser match
        if f.get("heading", 0.0):
            support *= 0.3  # a title names a topic; it does not state the claim
        if f["key_term_missing"]:
            support *= 0.6  # the claim's point (what it denies, which way it goes) is not there
        refutes = min(refutes, self.ceiling)
        supports = min(support, self.ceiling) * (1.0 - refutes)
        neutral = max(1.0 - supports - refutes, 0.0)
        return {Stance.SUPPORTS: supports, Stance.REFUTES: refutes, Stance.NEUTRAL: neutral}


_CLASSES = (Stance.SUPPORTS, Stance.REFUTES, Stance.NEUTRAL)


class LinearStanceModel:
    """Multinomial logistic regression over named features, loaded from a numpy ``.npz``.

    The file holds ``feature_names`` (str array, F), ``classes`` (str array of stance values,
    C), ``weights`` (C x F), ``bias`` (C) and optionally ``mean`` and ``scale`` (F) for
    standardising inputs. Features missing from an input count as 0.

    Args:
        feature_names: input feature names, in weight-column order.
        classes: the stance of each weight row.
        weights: the C x F weight matrix.
        bias: the C biases.
        mean: per-feature means subtracted first (default 0).
        scale: per-feature scales divided by next (default 1).
        name: a label for reports.
    """

    def __init__(
        self,
        feature_names: Sequence[str],
        classes: Sequence[str],
        weights: np.ndarray,
        bias: np.ndarray,
        mean: np.ndarray | None = None,
        scale: np.ndarray | None = None,
        name: str = "linear",
    ) -> None:
        self.feature_names = tuple(feature_names)
        self.classes = tuple(Stance(c) for c in classes)
        self.weights = np.asarray(weights, dtype=np.float64)
        self.bias = np.asarray(bias, dtype=np.float64)
        n = len(self.feature_names)
        self.mean = np.zeros(n) if mean is None else np.asarray(mean, dtype=np.float64)
        self.scale = np.ones(n) if scale is None else np.asarray(scale, dtype=np.float64)
        if self.weights.shape != (len(self.classes), n) or self.bias.shape != (len(self.classes),):
            raise ConfigError(
                f"stance model {name}: weights {self.weights.shape} / bias {self.bias.shape} do "
                f"not fit {len(self.classes)} classes x {n} features; retrain or re-export it"
            )
        self.name = name

    @classmethod
    def load(cls, path: str | Path) -> LinearStanceModel:
        """Read a model saved by :meth:`save` (``numpy.load`` with ``allow_pickle=False``).

        Raises:
            ConfigError: the file is missing or does not hold a valid model.
        """
        try:
            with np.load(Path(path), allow_pickle=False) as data:
                return cls(
                    [str(x) for x in data["feature_names"]],
                    [str(x) for x in data["classes"]],
                    data["weights"],
                    data["bias"],
                    data.get("mean"),
                    data.get("scale"),
                    name=Path(path).stem,
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"cannot load stance model {path}: {exc}; check the path") from None

    def save(self, path: str | Path) -> None:
        """Write the model as an ``.npz`` that :meth:`load` reads."""
        np.savez(
            Path(path),
            feature_names=np.array(self.feature_names),
            classes=np.array([c.value for c in self.classes]),
            weights=self.weights,
            bias=self.bias,
            mean=self.mean,
            scale=self.scale,
        )

    def _matrix(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        x = np.array(
            [[row.get(n, 0.0) for n in self.feature_names] for row in rows], dtype=np.float64
        )
        return (x - self.mean) / np.where(self.scale == 0, 1.0, self.scale)

    def predict_many(self, rows: Sequence[Mapping[str, float]]) -> list[StanceProbs]:
        """Stance probabilities for several pairs at once."""
        if not rows:
            return []
        logits = self._matrix(rows) @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        out: list[StanceProbs] = []
        for row in probs:
            got = {stance: 0.0 for stance in _CLASSES}
            for stance, p in zip(self.classes, row, strict=True):
                got[stance] += float(p) if math.isfinite(p) else 0.0
            out.append(got)
        return out

    def predict(self, features: Mapping[str, float]) -> StanceProbs:
        """Stance probabilities for one pair."""
        return self.predict_many([features])[0]
