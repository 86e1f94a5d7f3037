"""The data contract: every step of the pipeline meets the others through these models.

The JSON shape of :class:`Report` and :class:`ClaimResult` is the public contract described in
``ARCHITECTURE.md`` (field names and label values are stable: add, never rename). Internal
hand-over models (:class:`Document`, :class:`Passage`, :class:`Claim`, :class:`Evidence`) live
here too so that ``extract/``, ``store/`` and ``verify/`` never import each other.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "SCHEMA_VERSION",
    "ArticleInfo",
    "BackendInfo",
    "Citation",
    "Claim",
    "ClaimKind",
    "ClaimResult",
    "Document",
    "Evidence",
    "IngestStats",
    "Label",
    "Passage",
    "Report",
    "Span",
    "Stance",
    "StoreInfo",
    "Summary",
    "Timings",
    "Usage",
    "Verdict",
]

SCHEMA_VERSION = "1"


class Label(StrEnum):
    """Verdict label of a claim."""

    SUPPORTED = "supported"
    REFUTED = "refuted"
    CONFLICTING = "conflicting"
    NOT_ENOUGH_EVIDENCE = "not_enough_evidence"


class Stance(StrEnum):
    """What one piece of evidence says about a claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    NEUTRAL = "neutral"


class ClaimKind(StrEnum):
    """``fact``: the article asserts it; ``attribution``: the article reports someone said it."""

    FACT = "fact"
    ATTRIBUTION = "attribution"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class Span(_Model):
    """Half-open character range ``[start, end)`` into a text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self


# --------------------------------------------------------------------------- documents in


class Document(_Model):
    """One evidence document as ingested. ``text`` is the exact text passage offsets index."""

    id: str = Field(min_length=1)
    text: str
    title: str = ""
    url: str = ""
    published: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


class Passage(_Model):
    """A retrievable piece of a document: ``document.text[start:end] == text``."""

    passage_id: str
    doc_id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    title: str = ""
    url: str = ""
    score: float = 0.0
    """Fused retrieval score (higher is better); 0 when the passage was not retrieved."""
    scores: dict[str, float] = Field(default_factory=dict)
    """Per-retriever scores and ranks, e.g. ``{"bm25": 7.1, "bm25_rank": 1, "vector": 0.42}``."""


class IngestStats(_Model):
    """What one ingest did (``claimcheck ingest`` prints it)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    passages: int = 0
    """Passages written (added or replaced) by this ingest."""
    errors: list[str] = Field(default_factory=list)
    """One line per failed document or bad input line, e.g. ``docs.jsonl:7: invalid JSON``."""
    seconds: float = 0.0


class StoreInfo(_Model):
    """What a store holds (``claimcheck store info --format json``)."""

    documents: int
    passages: int
    embedder: str
    collection: str
    dimension: int | None = None
    path: str = ""
    lexical_index: str = ""
    """``fresh``, ``stale`` (rebuilt at next search) or ``missing``."""
    vector_search: str = ""
    """``exact`` (a fresh copy of the vectors is searched exactly), ``exact after copy`` (the
    next search copies the vectors first), or ``approximate`` (too large: Chroma's index)."""


# --------------------------------------------------------------------------- claims


class Claim(_Model):
    """An atomic claim extracted from an article (or given directly to ``verify``)."""

    id: str
    text: str
    """Self-contained wording of the claim (pronouns resolved where the article allows)."""
    span: Span
    """Where the claim's source text sits in the article."""
    kind: ClaimKind = ClaimKind.FACT
    speaker: str | None = None
    """Who is reported to have said it, for ``kind == attribution``."""
    content: str | None = None
    """For attributions: the reported content on its own, checkable as a fact."""
    sentence: Span | None = None
    """Span of the whole sentence the claim came from (may equal ``span``)."""
    checkworthiness: float | None = None


class Evidence(_Model):
    """One evidence sentence chosen for a claim, located in its document."""

    passage: Passage
    quote: str
    start: int = Field(ge=0)
    """Offset of ``quote`` in the document text (not in the passage)."""
    end: int = Field(ge=0)
    stance: Stance = Stance.NEUTRAL
    score: float = 0.0
    """Relevance/strength of this sentence for the claim, in [0, 1]."""
    reason: str = ""


# --------------------------------------------------------------------------- results out


class Citation(_Model):
    """A verbatim quote from an ingested document, with its exact offsets in that document."""

    doc_id: str
    passage_id: str
    title: str = ""
    url: str = ""
    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    stance: Stance = Stance.NEUTRAL
    score: float = Field(default=0.0, ge=0.0, le=1.0)


class Verdict(_Model):
    """The label of a claim, how sure we are, and why."""

    label: Label
    confidence: float = Field(ge=0.0, le=1.0)
    rationale: str = ""


class ClaimResult(_Model):
    """One checked claim: the claim, its verdict and the citations behind it."""

    id: str
    text: str
    span: Span
    kind: ClaimKind = ClaimKind.FACT
    speaker: str | None = None
    status: str = Field(default="ok", pattern="^(ok|error)$")
    error: str | None = None
    verdict: Verdict | None = None
    citations: list[Citation] = Field(default_factory=list)
    content: str | None = None
    """Additive field: for attributions, the reported content on its own."""

    @classmethod
    def of(cls, claim: Claim, verdict: Verdict, citations: list[Citation]) -> ClaimResult:
        """The result of a checked claim: the claim's fields, its verdict and citations."""
        return cls(
            id=claim.id,
            text=claim.text,
            span=claim.span,
            kind=claim.kind,
            speaker=claim.speaker,
            content=claim.content,
            verdict=verdict,
            citations=citations,
        )

    @classmethod
    def failed(cls, claim: Claim, message: str) -> ClaimResult:
        """A result for a claim whose checking failed; the rest of the report is unaffected."""
        return cls(
            id=claim.id,
            text=claim.text,
            span=claim.span,
            kind=claim.kind,
            speaker=claim.speaker,
            content=claim.content,
            status="error",
            error=message,
            verdict=None,
        )


class ArticleInfo(_Model):
    """What was checked."""

    source: str = "-"
    title: str = ""
    sha256: str = ""
    chars: int = 0
    id: str | None = None
    """Additive field: the input's id in batch mode (``check … --out``); ``None`` otherwise."""


class BackendInfo(_Model):
    """Which engine produced the report."""

    name: str = "local"
    model: str = ""
    embedder: str = ""
    prompts: dict[str, str] = Field(default_factory=dict)


class Summary(_Model):
    """Counts of verdict labels (``errors`` counts claims with ``status == "error"``)."""

    supported: int = 0
    refuted: int = 0
    conflicting: int = 0
    not_enough_evidence: int = 0
    errors: int = 0

    @classmethod
    def of(cls, claims: list[ClaimResult]) -> Summary:
        """Count the labels of ``claims``."""
        summary = cls()
        for claim in claims:
            if claim.status == "error" or claim.verdict is None:
                summary.errors += 1
            else:
                key = Label(claim.verdict.label).value
                setattr(summary, key, getattr(summary, key) + 1)
        return summary


class Usage(_Model):
    """Model usage of a run (all zero for the offline engine)."""

    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    cache_hits: int = 0
    invalid_citations: int = 0
    """Citations the model returned that were not verbatim in the cited passage (dropped)."""

    def minus(self, earlier: Usage) -> Usage:
        """The usage accumulated since ``earlier`` (``self - earlier``, field by field)."""
        return Usage(
            llm_calls=self.llm_calls - earlier.llm_calls,
            prompt_tokens=self.prompt_tokens - earlier.prompt_tokens,
            completion_tokens=self.completion_tokens - earlier.completion_tokens,
            cost_usd=round(self.cost_usd - earlier.cost_usd, 8),
            cache_hits=self.cache_hits - earlier.cache_hits,
            invalid_citations=self.invalid_citations - earlier.invalid_citations,
        )

    def add(self, other: Usage) -> None:
        """Accumulate ``other`` into this object."""
        self.llm_calls += other.llm_calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.cost_usd = round(self.cost_usd + other.cost_usd, 8)
        self.cache_hits += other.cache_hits
        self.invalid_citations += other.invalid_citations


class Timings(_Model):
    """Wall-clock seconds per stage."""

    extract_s: float = 0.0
    retrieve_s: float = 0.0
    verify_s: float = 0.0
    total_s: float = 0.0


class Report(_Model):
    """The result of checking one article."""

    schema_version: str = SCHEMA_VERSION
    article: ArticleInfo = Field(default_factory=ArticleInfo)
    backend: BackendInfo = Field(default_factory=BackendInfo)
    claims: list[ClaimResult] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)
    usage: Usage = Field(default_factory=Usage)
    timings: Timings = Field(default_factory=Timings)

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON text (the ``--format json`` output)."""
        return self.model_dump_json(indent=indent)
