"""Check-worthiness: how much a candidate claim is a checkable statement of fact.

The extractor asks a :class:`CheckWorthinessScorer` for a score in ``[0, 1]`` per candidate and
keeps those above its threshold. Two scorers ship:

* :class:`LearnedCheckWorthiness`, the default: a logistic regression over hashed word/bigram
  features and the rule features, trained on ClaimBuster, CheckThat! 2019 and PoliClaim
  (``scripts/train_checkworthiness.py``; weights in ``claimcheck/weights/``), its logit blended
  with the rule scorer's so that news articles keep the rules' behaviour
  (``MODEL_CARD.md``);
* :class:`RuleCheckWorthiness`: a hand-weighted logistic score over a few transparent features
  (numbers, dates, names, reported speech raise it; evaluative words, hedges and predictions,
  the author's first person, vague subjects lower it).

Example:
    >>> scorer = RuleCheckWorthiness()
    >>> scorer.score("The border between Ukraine and Russia is about 2,000 km long.") > 0.5
    True
    >>> scorer.score("Biden is proposing obviously unacceptable demands.") < 0.5
    True
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from operator import mul
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from ..errors import ConfigError
from ..text import Segment, words
from ._cw_features import DENSE_NAMES, FEATURE_VERSION, model_inputs
from ._lexicon import (
    FIRST_PERSON,
    HEDGES,
    MONTHS,
    NAME_STOPWORDS,
    OPINION_PHRASES,
    OPINION_WORDS,
    SPEECH_VERBS,
    WEEKDAYS,
    wordset,
)

__all__ = [
    "DEFAULT_MODEL",
    "WEIGHTS_DIR",
    "CheckWorthinessScorer",
    "LearnedCheckWorthiness",
    "RuleCheckWorthiness",
]


@runtime_checkable
class CheckWorthinessScorer(Protocol):
    """Scores how check-worthy a candidate claim is."""

    def score(self, sentence: str, context: str = "") -> float:
        """Check-worthiness of ``sentence`` in ``[0, 1]`` (higher = more worth checking).

        Args:
            sentence: The candidate claim, already self-contained (pronouns resolved).
            context: The paragraph it comes from (may be empty).
        """
        ...


_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_NUMBER_RE = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|trillion|dozens?|percent|half|double|"
    r"twice|triple)\b",
    re.IGNORECASE,
)
# the frame of reported speech (a reporting verb, then "that" or a colon and a quote, or
# "according to X,"); what follows it is the reported content
_AFTER_VERB_RE = re.compile(r"[^.“\"]{0,80}?(?:\bthat\b|:\s*[“\"])")
_ACCORDING_RE = re.compile(r"\b[Aa]ccording to [^,]{1,60},")
_VAGUE_START_RE = re.compile(
    r"^(?:it\b(?!\s+(?:is|was)\s+(?:\w+\s+){0,3}?(?:to|that)\b)|this|that|these|those|they|"
    r"such|here|some|everyone|nobody|each of|the world)\b",
    re.IGNORECASE,
)
_VAGUE_REF_RE = re.compile(
    r"\b(?:this|these|those)\s+(?:is|was|would|will|are|were|has|had|makes|made|means)\b"
    r"|\bthat(?:'s|’s| is)\s+the\s+case\b|\bit(?:'s|’s)\s+such\b",
    re.IGNORECASE,
)
_GENERIC_RE = re.compile(
    r"\b(?:some part|one another|each other|someone|something|everyone|everybody|"
    r"anything|some kind of|in this case|at this point|in general|one way or another|"
    r"from one to the other|all of this|all this)\b",
    re.IGNORECASE,
)
_INTERPRETIVE_RE = re.compile(
    r"(?<!\bby )\b(?:means|implies|signifies|explains?(?!\s+(?:that|how|why)))\b", re.IGNORECASE
)
_EXISTENTIAL_RE = re.compile(r"(?:there\s+(?:is|are|was|were)|there['’]s)\b", re.IGNORECASE)
_WILL = wordset("will shall i'll we'll he'll she'll it'll they'll")
_YEAR_RE = re.compile(r"\b(?:1[89]|20)\d\d\b")
_FUTURE_WORDS = wordset("will would shall going i'll we'll he'll she'll it'll they'll")


def _report_end(sentence: str, segs: list[Segment]) -> int | None:
    """Where the reported content starts when ``sentence`` reports speech, else ``None``."""
    according = _ACCORDING_RE.search(sentence)
    for tok in segs:
        if according is not None and tok.start >= according.start():
            return according.end()
        low = tok.text.lower()
        if low in SPEECH_VERBS or (low == "made" and sentence.startswith(" it clear", tok.end)):
            m = _AFTER_VERB_RE.match(sentence, tok.end)
            if m:
                return m.end()
    return according.end() if according is not None else None


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


def _names(toks: list[str]) -> int:
    """Distinct capitalised words after the first: a rough count of named things."""
    return len(
        {
            t
            for i, t in enumerate(toks)
            if i > 0 and t[:1].isupper() and t.lower() not in NAME_STOPWORDS
        }
    )


class RuleCheckWorthiness:
    """Hand-weighted, explainable check-worthiness (the offline default).

    Args:
        weights: Override some feature weights (names as in :meth:`features`); the rest keep
            their defaults.
    """

    DEFAULT_WEIGHTS: dict[str, float] = {
        "bias": 0.3,
        "number": 1.1,
        "date": 0.7,
        "names": 0.5,
        "report": 0.6,
        "opinion": -2.2,
        "interpretive": -1.5,
        "hedge": -0.8,
        "future": -0.6,
        "prediction": -1.4,
        "first_person": -2.5,
        "vague_start": -1.2,
        "vague_ref": -1.2,
        "generic": -1.0,
        "nested_report": -1.0,
        "nonspecific": -0.6,
        "existential": -0.8,
        "short": -1.2,
        "long": -0.4,
    }

    def __init__(self, weights: dict[str, float] | None = None) -> None:
        self.weights = {**self.DEFAULT_WEIGHTS, **(weights or {})}

    def features(self, sentence: str) -> dict[str, float]:
        """The feature values behind :meth:`score` (each in ``[0, 1]`` or a small count)."""
        segs = words(sentence)
        cut = _report_end(sentence, segs)
        report = cut is not None
        content = sentence[cut:] if cut is not None else sentence
        content = content.strip(" “”\"'’")
        toks = [t.text for t in segs]
        lows = [t.lower().replace("’", "'") for t in toks]
        content_toks = [t.text for t in segs if cut is None or t.start >= cut]
        content_lows = [t.lower().replace("’", "'") for t in content_toks]
        quoted = [m.span() for m in _QUOTED_RE.finditer(sentence)]
        outside = (
            [t.text for t in segs if not any(a <= t.start < b for a, b in quoted)]
            if quoted
            else toks
        )
        low_text = sentence.lower().replace("’", "'")
        opinion = sum(1 for t in lows if t in OPINION_WORDS)
        opinion += sum(1 for p in OPINION_PHRASES if p in low_text)
        hedges = sum(1 for t in lows if t in HEDGES and t not in _FUTURE_WORDS)
        future = any(t in _FUTURE_WORDS for t in content_lows)
        # in reported speech "would" is often a backshifted "will", not the author's guess
        tense = 1.0 if any(t in _WILL for t in content_lows) else (0.6 if report else 1.0)
        dates = (
            any(t in MONTHS and t.capitalize() in toks for t in lows if len(t) > 3)
            or any(t in WEEKDAYS for t in lows)
            or bool(_YEAR_RE.search(sentence))
        )
        names = _names(content_toks)
        number = bool(_NUMBER_RE.search(sentence))
        content_number = bool(_NUMBER_RE.search(content)) if report else number
        specific = bool(names or dates or content_number)
        factor = 0.6 if report else 1.0
        first_person = any(
            t.lower().replace("’", "'") in FIRST_PERSON and (t == "I" or not t.isupper())
            for t in outside
        )
        return {
            "bias": 1.0,
            "number": 1.0 if number else 0.0,
            "date": 1.0 if dates else 0.0,
            "names": min(names + (1 if report else 0), 4) / 2,
            "report": 1.0 if report else 0.0,
            "opinion": min(opinion, 2) * factor,
            "interpretive": 1.0 if _INTERPRETIVE_RE.search(sentence) else 0.0,
            "hedge": min(hedges, 2) * factor,
            "future": tense if future else 0.0,
            "prediction": tense if future and not content_number else 0.0,
            "first_person": 1.0 if first_person else 0.0,
            "vague_start": 1.0 if _VAGUE_START_RE.match(content) else 0.0,
            "vague_ref": 1.0 if _VAGUE_REF_RE.search(sentence) else 0.0,
            "generic": 1.0 if _GENERIC_RE.search(sentence) else 0.0,
            "nested_report": 1.0
            if report and any(t in SPEECH_VERBS for t in content_toks[:4])
            else 0.0,
            "nonspecific": 0.0 if specific else 1.0,
            "existential": 1.0
            if _EXISTENTIAL_RE.match(content) and not (names or content_number)
            else 0.0,
            "short": 1.0 if len(toks) < 4 else 0.0,
            "long": 1.0 if len(toks) > 45 else 0.0,
        }

    def logit(self, sentence: str, features: Mapping[str, float] | None = None) -> float:
        """The weighted feature sum behind :meth:`score` (before the sigmoid).

        Args:
            sentence: The candidate claim.
            features: Its :meth:`features`, when already computed.
        """
        feats = self.features(sentence) if features is None else features
        return sum(self.weights.get(name, 0.0) * value for name, value in feats.items())

    def score(self, sentence: str, context: str = "") -> float:
        """Check-worthiness of ``sentence`` in ``[0, 1]``; ``context`` is not used by the rules."""
        if not sentence.strip():
            return 0.0
        return round(_sigmoid(self.logit(sentence)), 4)


WEIGHTS_DIR = Path(__file__).resolve().parent.parent / "weights"
"""Where the shipped model files live (``claimcheck/weights/``)."""

DEFAULT_MODEL = WEIGHTS_DIR / "checkworthiness-v1.npz"
"""The shipped learned model (its card: ``checkworthiness-v1.json`` beside it)."""

_ARRAYS = ("version", "feature_version", "dense_names", "hashed", "dense", "intercept", "blend",
           "threshold", "learned_threshold")  # fmt: skip


@dataclass(frozen=True)
class _Model:
    version: str
    hashed: list[float]
    dense: tuple[float, ...]
    intercept: float
    blend: float
    threshold: float
    learned_threshold: float


def _scalar(value: np.ndarray) -> float:
    return float(value.reshape(-1)[0])


@lru_cache(maxsize=8)
def _load(path: str) -> _Model:
    """Read and check a model file written by ``scripts/train_checkworthiness.py``."""
    fix = "pass a file written by scripts/train_checkworthiness.py, or reinstall claimcheck"
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except FileNotFoundError:
        raise ConfigError(f"check-worthiness weights not found at {path}: {fix}") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read check-worthiness weights {path} ({exc}): {fix}") from None
    missing = sorted(set(_ARRAYS) - set(arrays))
    if missing:
        raise ConfigError(f"{path} lacks the arrays {', '.join(missing)}: {fix}")
    names = tuple(str(n) for n in arrays["dense_names"])
    if str(arrays["feature_version"]) != FEATURE_VERSION or names != DENSE_NAMES:
        raise ConfigError(
            f"{path} was trained on features {arrays['feature_version']}, this claimcheck "
            f"computes {FEATURE_VERSION}: {fix}"
        )
    if arrays["dense"].shape != (len(DENSE_NAMES),) or arrays["hashed"].ndim != 1:
        raise ConfigError(f"{path} holds weight arrays of the wrong shape: {fix}")
    return _Model(
        version=str(arrays["version"]),
        hashed=arrays["hashed"].astype(np.float64).tolist(),
        dense=tuple(arrays["dense"].astype(np.float64).tolist()),
        intercept=_scalar(arrays["intercept"]),
        blend=_scalar(arrays["blend"]),
        threshold=_scalar(arrays["threshold"]),
        learned_threshold=_scalar(arrays["learned_threshold"]),
    )


class LearnedCheckWorthiness:
    """Learned check-worthiness, blended with the rule scorer (the offline default).

    A logistic regression over hashed word/bigram features and the rule features
    (:mod:`claimcheck.extract._cw_features`), trained by ``scripts/train_checkworthiness.py``
    on ClaimBuster, CheckThat! 2019 and PoliClaim training sentences (debates and speeches).
    Its logit is blended with the rule scorer's, ``blend * learned + (1 - blend) * rules``,
    because the debate-trained model alone loses short factual news sentences that the rules
    keep (see ``MODEL_CARD.md``). The weights are plain numpy arrays
    (``claimcheck/weights/checkworthiness-v1.npz``, read without pickle); inference needs no
    scikit-learn.

    Args:
        weights: A model file written by the training script; defaults to the shipped one.
        learned_only: Score with the logistic regression alone (no rule blend) and use its own
            validation-chosen threshold. Much better on debate and speech transcripts (the
            training domain), worse on news articles; see the card.

    Raises:
        ConfigError: The file is missing, unreadable, or made for other features.

    Example:
        >>> scorer = LearnedCheckWorthiness()
        >>> scorer.score("Exports rose by 12% in 2023, the statistics office said.") > 0.5
        True
        >>> scorer.score("I think we all deserve a better future.") < scorer.threshold
        True
    """

    def __init__(self, weights: str | Path | None = None, *, learned_only: bool = False) -> None:
        self.path = Path(weights) if weights is not None else DEFAULT_MODEL
        self._model = _load(str(self.path.resolve()))
        self._rules = RuleCheckWorthiness()
        self._dim = len(self._model.hashed)
        self._blend = 1.0 if learned_only else self._model.blend
        self._threshold = self._model.learned_threshold if learned_only else self._model.threshold

    @property
    def version(self) -> str:
        """The model's version, e.g. ``checkworthiness-v1``."""
        return self._model.version

    @property
    def threshold(self) -> float:
        """The cut-off chosen on validation data (the extractor's default cut-off)."""
        return self._threshold

    @property
    def blend(self) -> float:
        """Weight of the learned logit in the score (the rule logit gets ``1 - blend``)."""
        return self._blend

    def features(self, sentence: str) -> dict[str, float]:
        """The dense (interpretable) inputs of ``sentence``, by name."""
        inputs = model_inputs(sentence, self._dim, self._rules)
        return dict(zip(DENSE_NAMES, inputs.dense, strict=True))

    def contributions(self, sentence: str) -> dict[str, float]:
        """What each input adds to :meth:`logit`: dense features by name, ``ngrams``,
        ``bias`` (all scaled by :attr:`blend`) and ``rules`` (the rule logit's share)."""
        inputs = model_inputs(sentence, self._dim, self._rules)
        m, w, b = self._model, self._model.hashed, self._blend
        out = {n: b * a * x for n, a, x in zip(DENSE_NAMES, m.dense, inputs.dense, strict=True)}
        out["ngrams"] = b * sum(w[i] * v for i, v in inputs.hashed.items())
        out["bias"] = b * m.intercept
        out["rules"] = (1.0 - b) * inputs.rule_logit
        return out

    def learned_logit(self, sentence: str) -> float:
        """The logistic regression's own log-odds, before blending with the rules."""
        return self._logits(sentence)[0]

    def logit(self, sentence: str) -> float:
        """The blended log-odds behind :meth:`score`."""
        learned, rules = self._logits(sentence)
        return self._blend * learned + (1.0 - self._blend) * rules

    def _logits(self, sentence: str) -> tuple[float, float]:
        inputs = model_inputs(sentence, self._dim, self._rules)
        m, hashed = self._model, inputs.hashed
        learned = m.intercept + sum(map(mul, map(m.hashed.__getitem__, hashed), hashed.values()))
        learned += sum(map(mul, m.dense, inputs.dense))
        return learned, inputs.rule_logit

    def score(self, sentence: str, context: str = "") -> float:
        """Check-worthiness of ``sentence`` in ``[0, 1]``; ``context`` is not used."""
        if not sentence.strip():
            return 0.0
        return round(_sigmoid(self.logit(sentence)), 4)
