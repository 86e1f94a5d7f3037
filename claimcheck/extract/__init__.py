"""Claim extraction: turn an article into atomic, self-contained claims with spans.

``RuleExtractor`` is the offline engine (rules + a pluggable check-worthiness scorer, by
default the shipped ``LearnedCheckWorthiness``);
``ClaimExtractor`` is the protocol every engine implements.
"""

from __future__ import annotations

from .base import ClaimExtractor
from .checkworthiness import CheckWorthinessScorer, LearnedCheckWorthiness, RuleCheckWorthiness
from .rules import RuleExtractor

__all__ = [
    "CheckWorthinessScorer",
    "ClaimExtractor",
    "LearnedCheckWorthiness",
    "RuleCheckWorthiness",
    "RuleExtractor",
]
