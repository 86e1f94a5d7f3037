"""Claim extraction: turn an article into atomic, self-contained claims with spans.

``RuleExtractor`` is the offline engine (rules + a pluggable check-worthiness scorer);
``ClaimExtractor`` is the protocol every engine implements.
"""

from __future__ import annotations

from .base import ClaimExtractor
from .checkworthiness import CheckWorthinessScorer, RuleCheckWorthiness
from .rules import RuleExtractor

__all__ = [
    "CheckWorthinessScorer",
    "ClaimExtractor",
    "RuleCheckWorthiness",
    "RuleExtractor",
]
