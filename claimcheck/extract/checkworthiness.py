"""Check-worthiness: how much a candidate claim is a checkable statement of fact.

The extractor asks a :class:`CheckWorthinessScorer` for a score in ``[0, 1]`` per candidate and
keeps those above its threshold. :class:`RuleCheckWorthiness` is the offline default: a
hand-weighted logistic score over a few transparent features (numbers, dates, names, reported
speech raise it; evaluative words, hedges and predictions, the author's first person, vague
subjects lower it). A learned model only has to implement the same one-method protocol.

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
from typing import Protocol, runtime_checkable

from ..text import Segment, words
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

__all__ = ["CheckWorthinessScorer", "RuleCheckWorthiness"]


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
    return 1.0 / (1.0 + math.exp(-x))


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
        outside = [t.text for t in segs if not any(a <= t.start < b for a, b in quoted)]
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

    def score(self, sentence: str, context: str = "") -> float:
        """Check-worthiness of ``sentence`` in ``[0, 1]``; ``context`` is not used by the rules."""
        if not sentence.strip():
            return 0.0
        feats = self.features(sentence)
        total = sum(self.weights.get(name, 0.0) * value for name, value in feats.items())
        return round(_sigmoid(total), 4)
