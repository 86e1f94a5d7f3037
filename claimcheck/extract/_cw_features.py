"""Features of the learned check-worthiness model (shared by training and inference).

Two groups, both computed from the candidate sentence alone:

* **hashed n-grams**: lower-cased word tokens (capitalised words after the first folded to
  ``<name>``, numbers to ``<num>`` / ``<year>``; a few symbols such as ``%``, ``$``, ``?`` kept
  as tokens), their unigrams and bigrams (with sentence start/end markers), each hashed with
  CRC-32 into ``dim`` buckets with a sign taken from the hash, then scaled by
  ``1/sqrt(number of n-grams)``. Folding names keeps the model from learning which countries or
  people the training debates happened to talk about;
* **dense features**: the interpretable features of the rule scorer
  (:meth:`~claimcheck.extract.checkworthiness.RuleCheckWorthiness.features`), the rule scorer's
  own logit, and a few surface cues (question, exclamation, quotation, length, digits).

CRC-32 is stable across processes and platforms (unlike Python's ``hash``), so the indices a
training run computes are the ones inference computes. Changing anything here changes what the
shipped weights mean: bump :data:`FEATURE_VERSION` and retrain
(``scripts/train_checkworthiness.py``).
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple, Protocol

__all__ = [
    "DENSE_NAMES",
    "FEATURE_VERSION",
    "ModelInputs",
    "RULE_NAMES",
    "RuleFeatures",
    "dense_features",
    "hashed_features",
    "model_inputs",
    "ngram_tokens",
]

FEATURE_VERSION = "cw-features-1"

RULE_NAMES: tuple[str, ...] = (
    "number",
    "date",
    "names",
    "report",
    "opinion",
    "interpretive",
    "hedge",
    "future",
    "prediction",
    "first_person",
    "vague_start",
    "vague_ref",
    "generic",
    "nested_report",
    "nonspecific",
    "existential",
    "short",
    "long",
)
"""Rule features used as model inputs, in weight order (the rule scorer's ``bias`` is not)."""

SURFACE_NAMES: tuple[str, ...] = (
    "rule_logit",
    "question",
    "exclamation",
    "quoted",
    "length",
    "digits",
)

DENSE_NAMES: tuple[str, ...] = RULE_NAMES + SURFACE_NAMES
"""Names of the dense feature vector, in order."""

_TOKEN_RE = re.compile(r"[^\W_]+(?:['’\-.,][^\W_]+)*|[%$€£?!:;\"“”]", re.UNICODE)
_DIGIT_RE = re.compile(r"\d")
_YEAR_RE = re.compile(r"(?:1[89]|20)\d\ds?")
_QUOTE_RE = re.compile(r"[\"“”«»]")


class RuleFeatures(Protocol):
    """What the dense features need from the rule scorer."""

    def features(self, sentence: str) -> dict[str, float]:
        """The rule features of ``sentence``."""
        ...

    def logit(self, sentence: str, features: Mapping[str, float] | None = None) -> float:
        """The rule scorer's weighted sum for ``sentence`` (``features`` if already computed)."""
        ...


def ngram_tokens(sentence: str) -> list[str]:
    """The normalised tokens the n-grams are built from.

    Example:
        >>> ngram_tokens("In 2021, GDP rose 3.5% in Chile — I’m sure!")
        ['in', '<year>', '<name>', 'rose', '<num>', '%', 'in', '<name>', "i'm", 'sure', '!']
    """
    out: list[str] = []
    for n, m in enumerate(_TOKEN_RE.finditer(sentence)):
        raw = m.group(0)
        tok = raw.lower().replace("’", "'").rstrip(".,")
        if not tok:
            continue
        if n > 0 and raw[:1].isupper() and tok != "i" and not tok.startswith("i'"):
            tok = "<name>"
        elif not tok.isalpha() and _DIGIT_RE.search(tok):
            tok = "<year>" if _YEAR_RE.fullmatch(tok) else "<num>"
        out.append(tok)
    return out


@lru_cache(maxsize=1 << 15)
def _bucket(feature: str, dim: int) -> tuple[int, int]:
    h = zlib.crc32(feature.encode("utf-8"))
    return h % dim, (1 if h & 0x80000000 == 0 else -1)


def hashed_features(sentence: str, dim: int) -> dict[int, float]:
    """Sparse hashed unigram+bigram vector of ``sentence``: ``{bucket: value}``.

    Each distinct n-gram counts once; its sign (+1 or -1) is added to its bucket, and the
    vector is scaled by ``1/sqrt(number of distinct n-grams)`` (exact and order-independent:
    the signs are summed as integers first).
    """
    toks = ngram_tokens(sentence)
    grams = {"u:" + t for t in toks}
    padded = ["<s>", *toks, "</s>"]
    grams.update(f"b:{a} {b}" for a, b in zip(padded, padded[1:], strict=False))
    counts: dict[int, int] = {}
    for gram in grams:
        idx, sign = _bucket(gram, dim)
        counts[idx] = counts.get(idx, 0) + sign
    scale = 1.0 / math.sqrt(len(grams))
    return {idx: n * scale for idx, n in counts.items() if n}


def dense_features(sentence: str, rules: Mapping[str, float], rule_logit: float) -> list[float]:
    """The dense feature vector (order :data:`DENSE_NAMES`).

    Args:
        sentence: The candidate sentence.
        rules: The rule scorer's features of ``sentence``.
        rule_logit: The rule scorer's weighted sum (before the sigmoid).
    """
    text = sentence.strip()
    n_words = len(text.split())
    return [
        *(float(rules.get(name, 0.0)) for name in RULE_NAMES),
        rule_logit / 4.0,
        1.0 if text.rstrip("\"”’') ").endswith("?") else 0.0,
        1.0 if "!" in text else 0.0,
        1.0 if _QUOTE_RE.search(text) else 0.0,
        min(n_words, 60) / 30.0,
        min(len(_DIGIT_RE.findall(text)), 6) / 6.0,
    ]


class ModelInputs(NamedTuple):
    """Everything the learned model reads from one sentence."""

    hashed: dict[int, float]
    """Sparse hashed n-gram vector ``{bucket: value}``."""
    dense: list[float]
    """Dense features, order :data:`DENSE_NAMES`."""
    rule_logit: float
    """The rule scorer's logit (also blended into the final score)."""


def model_inputs(sentence: str, dim: int, rules: RuleFeatures) -> ModelInputs:
    """Both feature groups of ``sentence`` and the rule scorer's logit."""
    feats = rules.features(sentence)
    logit = rules.logit(sentence, feats)
    return ModelInputs(
        hashed_features(sentence, dim), dense_features(sentence, feats, logit), logit
    )
