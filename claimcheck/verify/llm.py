"""Claim verification by a chat model with structured output (prompt ``verify_claims``).

Claims go to the model in batches of up to :data:`BATCH_SIZE` (an article of ``n`` claims costs
at most ``⌈n/5⌉`` verification calls), each claim with its retrieved passages (deduplicated
within a batch and numbered ``P1, P2, …``). The model returns, per claim, a label, a confidence,
a rationale and citations ``{passage_id, quote, stance}``. We keep a citation only when its
passage was given for that claim and its quote is verbatim in the passage (located with
:func:`claimcheck.text.locate`: exact, then ignoring case, quote style, dashes and whitespace);
its ``start``/``end`` are then offsets into the *document* (``passage.start`` + offset), and its
``quote`` is the passage's own text at that place. Dropped citations are counted in
``usage.invalid_citations``. A supported/refuted/conflicting label left with no verified citation
becomes ``not_enough_evidence``: we never pass on a verdict whose evidence we could not check.

Batches run concurrently (``concurrency`` at once). A batch whose answer stays invalid after the
repair request, or whose call fails after retries, gives its claims ``status="error"``; the other
claims are still reported. A rejected key (:class:`~claimcheck.errors.ConfigError`) stops the run.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ConfigError, ModelError, ModelOutputError
from ..llm.client import ChatClient
from ..models import Citation, Claim, ClaimKind, ClaimResult, Label, Passage, Stance, Usage, Verdict
from ..prompts import Prompt, load_prompt
from ..text import content_terms, locate, words
from .base import unchecked

__all__ = [
    "BATCH_SIZE",
    "ClaimAssessment",
    "LLMVerifier",
    "QuotedEvidence",
    "VerificationOutput",
    "verification_calls",
]

logger = logging.getLogger(__name__)

BATCH_SIZE = 5
"""Claims per verification call."""
_MIN_QUOTE_WORDS = 2
_TAG_RE = re.compile(r"<(/?\s*(?:passages?|claims?))", re.IGNORECASE)
_DOWNGRADE_NOTE = (
    " (None of the model's quotes could be found verbatim in the passages, so the verdict is "
    "not_enough_evidence.)"
)


class QuotedEvidence(BaseModel):
    """A citation as the model returns it."""

    model_config = ConfigDict(extra="forbid")

    passage_id: str = Field(description="Id of a passage listed for this claim, e.g. P2.")
    quote: str = Field(description="An exact, contiguous excerpt of that passage.")
    stance: Literal["supports", "refutes", "neutral"]


class ClaimAssessment(BaseModel):
    """The model's verdict on one claim."""

    model_config = ConfigDict(extra="forbid")

    claim_id: str
    label: Literal["supported", "refuted", "conflicting", "not_enough_evidence"]
    confidence: float = Field(description="From 0 to 1.")
    rationale: str
    citations: list[QuotedEvidence]


class VerificationOutput(BaseModel):
    """The model's answer for one batch of claims."""

    model_config = ConfigDict(extra="forbid")

    results: list[ClaimAssessment]


def verification_calls(n_claims: int, batch_size: int = BATCH_SIZE) -> int:
    """Upper bound of verification calls for ``n_claims`` claims (before repair requests)."""
    return math.ceil(n_claims / batch_size) if n_claims > 0 else 0


def _as_data(text: str) -> str:
    return _TAG_RE.sub(r"‹\1", text)


def _attr(value: str) -> str:
    return " ".join(value.replace('"', "'").replace("<", "‹").split())


class _Batch:
    """Claims of one call, with batch-local ids ``C1…`` and passage ids ``P1…``."""

    def __init__(self, items: Sequence[tuple[int, Claim, Sequence[Passage]]], top_k: int) -> None:
        self.items = list(items)
        self.claim_ids = [f"C{i + 1}" for i in range(len(self.items))]
        self.passages: dict[str, Passage] = {}
        self.allowed: dict[str, list[str]] = {}
        by_passage_id: dict[str, str] = {}
        for claim_id, (_, _, passages) in zip(self.claim_ids, self.items, strict=True):
            local_ids: list[str] = []
            for passage in list(passages)[:top_k]:
                local = by_passage_id.get(passage.passage_id)
                if local is None:
                    local = f"P{len(self.passages) + 1}"
                    by_passage_id[passage.passage_id] = local
                    self.passages[local] = passage
                if local not in local_ids:
                    local_ids.append(local)
            self.allowed[claim_id] = local_ids

    def render(self) -> tuple[str, str]:
        passages = "\n".join(
            f'<passage id="{pid}" source="{_attr(p.doc_id)}" title="{_attr(p.title)}">\n'
            f"{_as_data(p.text)}\n</passage>"
            for pid, p in self.passages.items()
        )
        claims = []
        for claim_id, (_, claim, _) in zip(self.claim_ids, self.items, strict=True):
            attrs = f'id="{claim_id}" evidence="{" ".join(self.allowed[claim_id])}"'
            attrs += f' kind="{ClaimKind(claim.kind).value}"'
            if claim.speaker:
                attrs += f' speaker="{_attr(claim.speaker)}"'
            claims.append(f"<claim {attrs}>{_as_data(claim.text)}</claim>")
        return passages, "\n".join(claims)

    def check(self, output: VerificationOutput) -> None:
        """Raise ``ValueError`` (sent back in the repair request) when claims are missing."""
        returned = {r.claim_id.strip() for r in output.results}
        missing = [cid for cid in self.claim_ids if cid not in returned]
        unknown = sorted(returned - set(self.claim_ids))
        if missing or unknown:
            raise ValueError(
                f"give exactly one result for each of the claims {self.claim_ids}; "
                f"missing: {missing}; unknown claim ids: {unknown}"
            )


class LLMVerifier:
    """:class:`~claimcheck.verify.base.Verifier` backed by a chat model.

    Args:
        client: the chat client (its usage is this verifier's usage).
        top_k: passages per claim sent to the model.
        max_citations: verified citations kept per claim.
        concurrency: batches verified at once.
        batch_size: claims per call.
    """

    name = "openai"

    def __init__(
        self,
        client: ChatClient,
        *,
        top_k: int = 8,
        max_citations: int = 3,
        concurrency: int = 4,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.client = client
        self.top_k = top_k
        self.max_citations = max_citations
        self.concurrency = max(1, concurrency)
        self.batch_size = max(1, batch_size)
        self.prompt: Prompt = load_prompt("verify_claims")

    def __repr__(self) -> str:
        return f"LLMVerifier(model={self.client.model!r})"

    @property
    def prompts(self) -> dict[str, str]:
        """``{prompt_id: version}`` of the prompts this verifier sends."""
        repair = self.client.repair_prompt
        return {self.prompt.id: self.prompt.version, repair.id: repair.version}

    @property
    def usage(self) -> Usage:
        """Model usage of this verifier so far (with ``invalid_citations``)."""
        return self.client.usage

    def verify(self, claim: Claim, passages: Sequence[Passage]) -> ClaimResult:
        """Verdict and verified citations for one claim (one model call)."""
        return self.verify_many([(claim, passages)])[0]

    def verify_many(self, items: Sequence[tuple[Claim, Sequence[Passage]]]) -> list[ClaimResult]:
        """Verdicts for ``items`` in input order, ``batch_size`` claims per model call.

        Raises:
            ConfigError: the server rejected the key (every other failure is per claim).
        """
        results: list[ClaimResult | None] = [None] * len(items)
        pending: list[tuple[int, Claim, Sequence[Passage]]] = []
        for index, (claim, passages) in enumerate(items):
            empty = unchecked(claim)
            if empty is not None:
                results[index] = empty
            elif passages:
                pending.append((index, claim, passages))
            else:
                results[index] = ClaimResult(
                    id=claim.id,
                    text=claim.text,
                    span=claim.span,
                    kind=claim.kind,
                    speaker=claim.speaker,
                    content=claim.content,
                    verdict=Verdict(
                        label=Label.NOT_ENOUGH_EVIDENCE,
                        confidence=1.0,
                        rationale="No evidence passage was retrieved for this claim.",
                    ),
                )
        batches = [
            _Batch(pending[i : i + self.batch_size], self.top_k)
            for i in range(0, len(pending), self.batch_size)
        ]
        if len(batches) == 1 or self.concurrency == 1:
            for batch in batches:
                self._store(results, batch, self._run(batch))
        elif batches:
            workers = min(self.concurrency, len(batches))
            pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="verify")
            try:
                futures: list[Future[list[ClaimResult]]] = [
                    pool.submit(self._run, batch) for batch in batches
                ]
                for batch, future in zip(batches, futures, strict=True):
                    self._store(results, batch, future.result())
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        return [result for result in results if result is not None]

    # ------------------------------------------------------------------ one batch

    @staticmethod
    def _store(results: list[ClaimResult | None], batch: _Batch, out: list[ClaimResult]) -> None:
        for (index, _, _), result in zip(batch.items, out, strict=True):
            results[index] = result

    def _run(self, batch: _Batch) -> list[ClaimResult]:
        passages, claims = batch.render()
        system, user = self.prompt.render(claims=claims, passages=passages)
        output: VerificationOutput | None = None
        try:
            output = self.client.structured(VerificationOutput, system, user, check=batch.check)
        except ConfigError:
            raise
        except ModelOutputError as exc:
            output = _partial(exc.raw_output)
            if output is None:
                return [
                    ClaimResult.failed(c, f"verification failed: {exc}") for _, c, _ in batch.items
                ]
            logger.info("verification answer incomplete after repair: %s", exc)
        except ModelError as exc:
            return [ClaimResult.failed(c, f"verification failed: {exc}") for _, c, _ in batch.items]
        by_id: dict[str, ClaimAssessment] = {}
        for item in output.results:
            by_id.setdefault(item.claim_id.strip(), item)
        results = []
        for claim_id, (_, claim, _) in zip(batch.claim_ids, batch.items, strict=True):
            assessment = by_id.get(claim_id)
            if assessment is None:
                results.append(
                    ClaimResult.failed(claim, "verification failed: the model gave no verdict")
                )
            else:
                results.append(self._result(claim, claim_id, assessment, batch))
        return results

    def _result(
        self, claim: Claim, claim_id: str, assessment: ClaimAssessment, batch: _Batch
    ) -> ClaimResult:
        citations: list[Citation] = []
        seen: set[tuple[str, int, int]] = set()
        invalid = 0
        allowed = set(batch.allowed.get(claim_id, []))
        for quoted in assessment.citations:
            citation = self._citation(claim, quoted, batch, allowed)
            if citation is None:
                invalid += 1
                continue
            key = (citation.passage_id, citation.start, citation.end)
            if key not in seen:
                seen.add(key)
                citations.append(citation)
        if invalid:
            logger.info(
                "dropped %d citation(s) of claim %s not verbatim in passages", invalid, claim.id
            )
            self.client.count_invalid_citations(invalid)
        label = Label(assessment.label)
        confidence = min(1.0, max(0.0, float(assessment.confidence)))
        rationale = " ".join(assessment.rationale.split())
        if label != Label.NOT_ENOUGH_EVIDENCE and not citations:
            label, confidence = Label.NOT_ENOUGH_EVIDENCE, min(confidence, 0.5)
            rationale += _DOWNGRADE_NOTE
        wanted = {Label.SUPPORTED: Stance.SUPPORTS, Label.REFUTED: Stance.REFUTES}.get(label)
        citations.sort(key=lambda c: 0 if wanted is None or c.stance == wanted else 1)
        verdict = Verdict(label=label, confidence=round(confidence, 4), rationale=rationale)
        return ClaimResult.of(claim, verdict, citations[: self.max_citations])

    @staticmethod
    def _citation(
        claim: Claim, quoted: QuotedEvidence, batch: _Batch, allowed: set[str]
    ) -> Citation | None:
        passage_id = quoted.passage_id.strip()
        passage = batch.passages.get(passage_id) if passage_id in allowed else None
        quote = quoted.quote.strip()
        if passage is None or len(words(quote)) < _MIN_QUOTE_WORDS:
            return None
        found = locate(quote, passage.text)
        if found is None:
            return None
        start, end = found
        exact = passage.text[start:end]
        return Citation(
            doc_id=passage.doc_id,
            passage_id=passage.passage_id,
            title=passage.title,
            url=passage.url,
            quote=exact,
            start=passage.start + start,
            end=passage.start + end,
            stance=Stance(quoted.stance),
            score=_coverage(claim.content or claim.text, exact),
        )


def _coverage(claim_text: str, quote: str) -> float:
    """Share of the claim's content words found in the quote (the citation's ``score``)."""
    terms = set(content_terms(claim_text))
    if not terms:
        return 0.0
    return round(len(terms & set(content_terms(quote))) / len(terms), 4)


def _partial(raw_output: str) -> VerificationOutput | None:
    """The answer, if it fits the schema even though some claims are missing from it."""
    try:
        return VerificationOutput.model_validate_json(raw_output)
    except (ValidationError, ValueError):
        return None
