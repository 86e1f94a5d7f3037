"""The interface every verifier implements (offline rules/learned stance, or LLM)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from ..models import Claim, ClaimResult, Label, Passage, Usage, Verdict
from .analysis import nothing_to_check

__all__ = ["Verifier", "unchecked"]


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


def unchecked(claim: Claim) -> ClaimResult | None:
    """``not_enough_evidence`` for a claim that states nothing to check (see
    :func:`~claimcheck.verify.analysis.nothing_to_check`: "NATO NATO NATO", "Ukraine", "?"),
    else ``None``. Every engine answers such input this way, without a model call."""
    reason = nothing_to_check(claim.content or claim.text)
    if reason is None:
        return None
    return ClaimResult(
        id=claim.id, text=claim.text, span=claim.span, kind=claim.kind,
        speaker=claim.speaker, content=claim.content, citations=[],
        verdict=Verdict(
            label=Label.NOT_ENOUGH_EVIDENCE, confidence=0.95,
            rationale=f"Nothing to check: {reason}. State it as a sentence "
            "(who did what, when, how much).",
        ),
    )  # fmt: skip
