"""The interface every verifier implements (offline rules/learned stance, or LLM)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from ..models import Claim, ClaimResult, Passage, Usage

__all__ = ["Verifier"]


@runtime_checkable
class Verifier(Protocol):
    """Decides a verdict for a claim from retrieved passages and cites verbatim evidence.

    Invariants every implementation keeps: each citation's ``quote`` is a verbatim slice of the
    cited passage's document, ``start``/``end`` are offsets into the *document* text
    (``passage.start + offset in passage``); a failure on one claim gives that claim
    ``status="error"`` (see :meth:`ClaimResult.failed`) instead of raising.
    """

    name: str

    def verify(self, claim: Claim, passages: Sequence[Passage]) -> ClaimResult:
        """Verdict and citations for one claim, given its retrieved passages (best first)."""
        ...

    def verify_many(
        self, items: Sequence[tuple[Claim, Sequence[Passage]]]
    ) -> list[ClaimResult]:
        """Verdicts for several claims, in input order (engines may batch model calls)."""
        ...

    @property
    def prompts(self) -> dict[str, str]:
        """``{prompt_id: version}`` of the prompts used (empty for offline engines)."""
        ...

    @property
    def usage(self) -> Usage:
        """Model usage accumulated so far (zeros for offline engines)."""
        ...
