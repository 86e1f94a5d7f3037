"""The interface every claim extractor implements (offline rules, learned, or LLM)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from ..models import Claim, Usage

__all__ = ["ClaimExtractor"]


@runtime_checkable
class ClaimExtractor(Protocol):
    """Turns an article into atomic, self-contained claims with spans into the article.

    Invariants every implementation keeps: ``text[claim.span.start:claim.span.end]`` is the
    claim's source text in the article; claim ids are ``c1, c2, …`` in article order.
    """

    name: str
    """Short engine name, e.g. ``rules`` or ``openai``."""

    def extract(self, text: str) -> list[Claim]:
        """Claims of ``text`` in article order."""
        ...

    @property
    def prompts(self) -> dict[str, str]:
        """``{prompt_id: version}`` of the prompts used (empty for offline engines)."""
        ...

    @property
    def usage(self) -> Usage:
        """Model usage accumulated so far (zeros for offline engines)."""
        ...
