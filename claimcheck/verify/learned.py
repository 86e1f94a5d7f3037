"""The learned stance model: is the sentence about the claim, and which way does it point.

Two logistic heads, trained by ``scripts/train_stance.py`` and evaluated with numpy only:

- **relevance**: P(the sentence supports or refutes the claim, rather than being neutral);
- **polarity**: P(it refutes, given that it takes a side).

``P(supports) = rel * (1 - pol)``, ``P(refutes) = rel * pol``, ``P(neutral) = 1 - rel``. The
factoring lets each head learn from the data that suits it: relevance from the candidates our
own retrieval finds (SciFact, Climate-FEVER), polarity from every labelled supporting or
refuting pair (also HealthVer and COVID-Fact, whose pairs are all on topic).

**Priors** (:data:`PRIORS`; :data:`DEFAULT_PRIORS` in the shipped model) impose meanings
the training data teaches too rarely. *numeric*: the training data states few dates and
amounts, so what they mean is imposed rather than learned, as the rules do it: a
sentence supports a claim that states a quantity or a date only in proportion to how many of
them it agrees on (``0.35 + 0.65 * share agreed``), and a clash of a quantity, a date or a
direction of change, with nothing agreeing, refutes the claim as strongly as the sentence is
relevant (``0.9 * rel``; ``0.55 * rel`` when a bare number is involved; halved when another
name stands in the claim's name's place), where relevance is also capped by how much of the
claim the words around the number cover (the rules' relevance), and the clash counts only as
far as the sentence says what happened then (:func:`~claimcheck.verify.stance.event_gate`): a
sentence about another event of another year refutes nothing. An ordinal or superlative of
the claim ("first", "largest") that the sentence does not state damps support like a missing
date. *substitution*: another name in the claim's name's place ("Britain launched …" for
"Canada launched …") damps support to 0.35 and, unless a number, date, direction or
negation clashes too, halves refutation: the sentence is likely about another subject.
*negation*: a sentence that states the claim's relation negated ("Ukraine is not a member of
NATO" for "Ukraine is a member of NATO") refutes it as strongly as it is relevant (``0.85 *``
the rules' relevance). *keyterm*: a sentence that lacks the word the claim negates ("applied
to join" for "is not a member") and states no direction of change or absence of an effect
gets half its refutation: it does not speak to that polarity.

Each head reads the named dense features of :data:`~claimcheck.verify.features.FEATURE_NAMES`
(standardised) plus two derived from the rules (:data:`DERIVED`), and the hashed word features
of :mod:`~claimcheck.verify.pairwords`. The weights live in one ``.npz`` (no pickle): for head
``h`` in ``relevance``, ``polarity``: ``h.dense_names``, ``h.mean``, ``h.scale``, ``h.dense``,
``h.hashed``, ``h.bias``, ``h.groups`` and ``h.bits``; plus ``version`` and ``priors`` (an old
file's ``numeric_prior`` flag still loads).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from ..models import Stance
from .pairwords import hashed_features
from .stance import RuleStanceModel, StanceProbs, event_gate

__all__ = ["DEFAULT_PRIORS", "DERIVED", "PRIORS", "LearnedStanceModel", "LogisticHead"]

DERIVED: tuple[str, ...] = ("rule_supports", "rule_refutes")
"""Dense inputs computed from the features: the rule model's probabilities."""

PRIORS: tuple[str, ...] = ("numeric", "substitution", "negation", "keyterm")
"""Meanings that can be imposed on the heads' output (see the module docstring)."""
DEFAULT_PRIORS: tuple[str, ...] = ("numeric", "substitution", "negation")
"""The priors of the shipped model (``keyterm`` lowered the train-side cross-validated
scores: SciFact refutes many negated claims in other words)."""

_RULES = RuleStanceModel()
_HEADS = ("relevance", "polarity")


def dense_row(names: Sequence[str], features: Mapping[str, float]) -> list[float]:
    """The values of ``names`` for one pair (derived ones computed, missing ones 0)."""
    derived: dict[str, float] = {}
    if any(n in DERIVED for n in names):
        probs = _RULES.predict(features)
        derived = {
            "rule_supports": probs[Stance.SUPPORTS],
            "rule_refutes": probs[Stance.REFUTES],
        }
    return [derived[n] if n in derived else float(features.get(n, 0.0)) for n in names]


@dataclass(frozen=True)
class LogisticHead:
    """One binary logistic regression over dense and hashed features.

    Attributes:
        dense_names: names of the dense inputs, in column order.
        mean: per-dense-input means subtracted first.
        scale: per-dense-input scales divided by next.
        dense: weights of the standardised dense inputs.
        hashed: weights of the ``2**bits`` hashed buckets (empty when ``groups`` is empty).
        bias: the intercept.
        groups: hashed feature groups the head reads (see :mod:`.pairwords`).
        bits: log2 of the number of hashed buckets.
    """

    dense_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    dense: np.ndarray
    hashed: np.ndarray
    bias: float
    groups: tuple[str, ...]
    bits: int

    def __post_init__(self) -> None:
        n = len(self.dense_names)
        if not self.mean.shape == self.scale.shape == self.dense.shape == (n,):
            raise ConfigError(
                f"stance head: {n} dense names but weights of shape {self.dense.shape}; "
                "retrain with scripts/train_stance.py"
            )
        if self.groups and self.hashed.shape != (1 << self.bits,):
            raise ConfigError(
                f"stance head: {self.hashed.shape} hashed weights for {self.bits} bits; "
                "retrain with scripts/train_stance.py"
            )

    def logits(
        self, rows: Sequence[Mapping[str, float]], pairs: Sequence[tuple[str, str]]
    ) -> np.ndarray:
        """Logits for feature mappings ``rows`` of the (claim, sentence) ``pairs``."""
        x = np.array([dense_row(self.dense_names, r) for r in rows], dtype=np.float64)
        x = x.reshape(len(rows), len(self.dense_names))
        out: np.ndarray = (x - self.mean) / self.scale @ self.dense + self.bias
        if self.groups:
            for i, (claim, sentence) in enumerate(pairs):
                hashed = hashed_features(claim, sentence, groups=self.groups, bits=self.bits)
                if hashed:
                    keys = np.fromiter(hashed.keys(), dtype=np.int64, count=len(hashed))
                    vals = np.fromiter(hashed.values(), dtype=np.float64, count=len(hashed))
                    out[i] += float(vals @ self.hashed[keys])
        return out

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The head as named arrays for :func:`numpy.savez`."""
        return {
            f"{prefix}.dense_names": np.array(self.dense_names),
            f"{prefix}.mean": self.mean,
            f"{prefix}.scale": self.scale,
            f"{prefix}.dense": self.dense,
            f"{prefix}.hashed": self.hashed.astype(np.float16),
            f"{prefix}.bias": np.array(self.bias),
            f"{prefix}.groups": np.array(self.groups, dtype=str),
            f"{prefix}.bits": np.array(self.bits),
        }

    @classmethod
    def from_arrays(cls, data: Mapping[str, np.ndarray], prefix: str) -> LogisticHead:
        """The head stored under ``prefix`` by :meth:`to_arrays`."""
        return cls(
            dense_names=tuple(str(x) for x in data[f"{prefix}.dense_names"]),
            mean=np.asarray(data[f"{prefix}.mean"], dtype=np.float64),
            scale=np.asarray(data[f"{prefix}.scale"], dtype=np.float64),
            dense=np.asarray(data[f"{prefix}.dense"], dtype=np.float64),
            hashed=np.asarray(data[f"{prefix}.hashed"], dtype=np.float32),
            bias=float(data[f"{prefix}.bias"]),
            groups=tuple(str(x) for x in data[f"{prefix}.groups"]),
            bits=int(data[f"{prefix}.bits"]),
        )


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0))))


class LearnedStanceModel:
    """Stance probabilities = relevance x polarity, from two :class:`LogisticHead`.

    Args:
        relevance: P(supports or refutes) head.
        polarity: P(refutes | supports or refutes) head.
        name: a label for reports (the weights file's stem).
        version: the weights' version string.
    """

    def __init__(
        self,
        relevance: LogisticHead,
        polarity: LogisticHead,
        *,
        priors: Sequence[str] = DEFAULT_PRIORS,
        name: str = "learned",
        version: str = "",
    ) -> None:
        unknown = [p for p in priors if p not in PRIORS]
        if unknown:
            raise ConfigError(f"unknown stance prior(s) {unknown}: choose from {list(PRIORS)}")
        self.relevance = relevance
        self.polarity = polarity
        self.priors = tuple(priors)
        self.name = name
        self.version = version

    def predict(self, features: Mapping[str, float]) -> StanceProbs:
        """Stance probabilities from the dense features alone (no texts, so no hashed word
        features: use :meth:`predict_pairs` when the texts are at hand)."""
        return self.combine(
            float(_sigmoid(self.relevance.logits([features], [("", "")]))[0]),
            float(_sigmoid(self.polarity.logits([features], [("", "")]))[0]),
            features,
        )

    def predict_pairs(
        self, claim: str, sentences: Sequence[str], features: Sequence[Mapping[str, float]]
    ) -> list[StanceProbs]:
        """Stance probabilities of each (``claim``, sentence) pair with its feature mapping."""
        if not sentences:
            return []
        pairs = [(claim, s) for s in sentences]
        rel = _sigmoid(self.relevance.logits(features, pairs))
        pol = _sigmoid(self.polarity.logits(features, pairs))
        return [
            self.combine(float(r), float(p), f)
            for r, p, f in zip(rel, pol, features, strict=True)
        ]

    def combine(self, rel: float, pol: float, features: Mapping[str, float]) -> StanceProbs:
        """Stance probabilities from the two heads' probabilities (and the priors)."""
        sup, ref = rel * (1.0 - pol), rel * pol
        f = features.get
        clashed = bool(f("qty_clash", 0.0) or f("qty_clash_weak", 0.0) or f("date_clash", 0.0)
                       or f("direction_clash", 0.0) or f("polarity_flip", 0.0))  # fmt: skip
        if "numeric" in self.priors:
            if f("qty_claim", 0.0):
                sup *= 0.35 + 0.65 * f("qty_agree", 0.0)
            if f("date_claim", 0.0):
                dated = min(f("date_agree", 0.0) + 0.7 * f("date_context_agree", 0.0), 1.0)
                sup *= 0.35 + 0.65 * dated
            if f("qualifier_missing", 0.0):
                sup *= 0.35
            gate = event_gate(features)
            numbers_only = not (
                f("direction_clash", 0.0) or f("polarity_flip", 0.0)
                or f("negation_mismatch", 0.0) or f("antonym_mismatch", 0.0)
            )  # fmt: skip
            if numbers_only and (f("date_clash", 0.0) or f("qty_clash", 0.0)):
                # the heads learned that a clashing number refutes; about another event it
                # does not ("trained since 2015" is not refuted by "applied on 30 September 2022")
                ref *= 0.3 + 0.7 * gate
            damp = (0.5 if f("entity_substitution", 0.0) else 1.0) * gate
            clash = max(
                0.9 if f("direction_clash", 0.0) else 0.0,
                0.9 * damp if f("qty_clash", 0.0) and not f("qty_agree", 0.0) else 0.0,
                0.55 * damp if f("qty_clash_weak", 0.0) and not f("qty_agree", 0.0) else 0.0,
                0.9 * damp if f("date_clash", 0.0) and not f("date_agree", 0.0) else 0.0,
            )
            if clash:  # as relevant as the words around the number are covered, at most
                near = max(
                    _RULES.relevance(features),
                    _RULES.relevance(features, 0.9 * f("local_coverage", 0.0)),
                )
                numeric = clash * min(rel, near)
                sup *= 1.0 - numeric
                ref = max(ref, numeric)
        if "substitution" in self.priors and f("entity_substitution", 0.0):
            # another name in the claim's name's place: likely another subject, which neither
            # supports the claim nor, without a clash of its own, refutes it
            sup *= 0.35
            if not clashed:
                ref *= 0.5
        if "substitution" in self.priors and f("deed_other", 0.0):
            # another name does the claim's deed to the same name: no support; when only one
            # can do that deed ("Russia annexed Crimea" for "Ukraine annexed Crimea") it refutes
            sup *= 0.35
            if f("deed_taken", 0.0):
                taken = 0.85 * min(rel, _RULES.deed_relevance(features))
                sup *= 1.0 - taken
                ref = max(ref, taken)
        if "negation" in self.priors:
            explicit = f("negation_sentence", 0.0) or f("antonym_mismatch", 0.0)
            if f("polarity_flip", 0.0) and explicit:
                # the sentence states the claim's relation negated ("is not a member")
                flip = 0.85 * min(rel, _RULES.relevance(features))
                sup *= 1.0 - flip
                ref = max(ref, flip)
        if "keyterm" in self.priors and f("negated_missing", 0.0) and not clashed:
            directed = f("direction_same", 0.0) or f("direction_opposite", 0.0)
            if not (directed or f("null_sentence", 0.0)):
                ref *= 0.5  # the word the claim negates is absent, and no relation stated
        total = sup + ref
        if total > 1.0:
            sup, ref = sup / total, ref / total
        return {Stance.SUPPORTS: sup, Stance.REFUTES: ref, Stance.NEUTRAL: 1.0 - sup - ref}

    @classmethod
    def load(cls, path: str | Path) -> LearnedStanceModel:
        """Read weights saved by :meth:`save` (``allow_pickle=False``).

        Raises:
            ConfigError: the file is missing or not a valid model.
        """
        try:
            with np.load(Path(path), allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            heads = [LogisticHead.from_arrays(arrays, h) for h in _HEADS]
            version = str(arrays.get("version", ""))
            if "priors" in arrays:
                priors = tuple(str(x) for x in arrays["priors"])
            else:  # the first format: one flag for the numeric prior
                priors = ("numeric",) if bool(arrays.get("numeric_prior", False)) else ()
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"cannot load stance model {path}: {exc}; check the path") from None
        return cls(heads[0], heads[1], priors=priors, name=Path(path).stem, version=version)

    def save(self, path: str | Path) -> None:
        """Write the model as a compressed ``.npz`` that :meth:`load` reads."""
        arrays = {
            "version": np.array(self.version),
            "priors": np.array(self.priors, dtype=str),
            **self.relevance.to_arrays("relevance"),
            **self.polarity.to_arrays("polarity"),
        }
        np.savez_compressed(Path(path), allow_pickle=False, **arrays)
