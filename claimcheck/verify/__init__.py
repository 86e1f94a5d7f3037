"""Verification: evidence selection, stance per (claim, sentence), aggregation to a verdict.

``LocalVerifier`` is the offline engine; its stance model is swappable (rules by default, a
trained :class:`LinearStanceModel` later) through ``LocalVerifier(stance_model=...)``.
"""

from .aggregate import Thresholds
from .base import Verifier
from .features import FEATURE_NAMES
from .local import LocalVerifier
from .stance import LinearStanceModel, RuleStanceModel, StanceModel

__all__ = [
    "FEATURE_NAMES",
    "LinearStanceModel",
    "LocalVerifier",
    "RuleStanceModel",
    "StanceModel",
    "Thresholds",
    "Verifier",
]
