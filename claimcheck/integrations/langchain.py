"""LangChain surfaces: a tool for agents and a retriever over the evidence store.

* :class:`ClaimCheckTool` — a :class:`~langchain_core.tools.BaseTool` (name ``claimcheck``) with
  a pydantic args schema (``text``, ``mode`` = ``check`` | ``verify``). Its message content is
  compact JSON an LLM can read; the full :class:`~claimcheck.models.Report` /
  :class:`~claimcheck.models.ClaimResult` rides along as the ``ToolMessage.artifact``. A
  claimcheck error (empty store, empty text …) comes back as an error ``ToolMessage`` carrying
  the one-line fix instead of raising into the agent loop.
* :class:`ClaimCheckRetriever` — a :class:`~langchain_core.retrievers.BaseRetriever` returning
  :class:`~langchain_core.documents.Document` passages from the hybrid search, with their
  ``doc_id``, ``passage_id``, ``title``, ``url``, ``start``, ``end`` and ``score`` as metadata.

``as_tool(checker)`` and ``as_retriever(checker)`` build them (``ClaimChecker.as_tool()`` and
``ClaimChecker.as_retriever()`` delegate here).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.tools import BaseTool, ToolException
from pydantic import BaseModel, ConfigDict, Field, SkipValidation, ValidationError

from ..errors import ClaimcheckError
from ..models import ClaimResult, Report

if TYPE_CHECKING:
    from ..pipeline import ClaimChecker

__all__ = [
    "ClaimCheckInput",
    "ClaimCheckRetriever",
    "ClaimCheckTool",
    "as_retriever",
    "as_tool",
    "compact_report",
    "compact_result",
]

TOOL_DESCRIPTION = (
    "Fact-check text against the user's own evidence documents. "
    "mode='check' (default): give an article or paragraph; every factual claim in it is "
    "extracted and judged. mode='verify': give one claim; it is judged as a whole. "
    "Each verdict is supported, refuted, conflicting or not_enough_evidence, with a "
    "confidence, a rationale and verbatim quotes from the evidence (title, url). Returns JSON."
)


class ClaimCheckInput(BaseModel):
    """Arguments of :class:`ClaimCheckTool`."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        min_length=1,
        description="The article or paragraph to check (mode='check'), "
        "or one claim (mode='verify').",
    )
    mode: Literal["check", "verify"] = Field(
        default="check",
        description="'check' extracts and judges every claim of the text; "
        "'verify' judges the text as one claim.",
    )


def compact_result(
    result: ClaimResult, *, max_citations: int = 2, quote_chars: int = 300
) -> dict[str, Any]:
    """A claim result trimmed for an LLM: verdict, confidence, rationale, a few quotes."""
    out: dict[str, Any] = {"id": result.id, "claim": result.text}
    if result.kind == "attribution" and result.speaker:
        out["speaker"] = result.speaker
    if result.status == "error" or result.verdict is None:
        out |= {"verdict": "error", "error": result.error or "checking failed"}
        return out
    out |= {
        "verdict": result.verdict.label.value,
        "confidence": round(result.verdict.confidence, 2),
        "rationale": result.verdict.rationale,
    }
    evidence = []
    for citation in result.citations[:max_citations]:
        quote = citation.quote
        if len(quote) > quote_chars:
            quote = quote[: quote_chars - 1].rstrip() + "…"
        item = {
            "quote": quote,
            "stance": citation.stance.value,
            "source": citation.title or citation.doc_id,
        }
        if citation.url:
            item["url"] = citation.url
        evidence.append(item)
    out["evidence"] = evidence
    return out


def compact_report(report: Report, *, max_citations: int = 2) -> dict[str, Any]:
    """A report trimmed for an LLM: the counts, then each claim (see :func:`compact_result`)."""
    summary = report.summary.model_dump()
    return {
        "claims_checked": len(report.claims),
        "summary": {key: value for key, value in summary.items() if value},
        "claims": [compact_result(r, max_citations=max_citations) for r in report.claims],
    }


def _validation_message(error: ValidationError | Any) -> str:
    errors: list[Any] = error.errors() if isinstance(error, ValidationError) else []
    if not errors:
        return f"invalid tool arguments ({error}); give text and mode"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "arguments"
    return f"invalid tool arguments ({where}: {first.get('msg')}); give text and mode"


class ClaimCheckTool(BaseTool):
    """A LangChain tool that fact-checks text against a :class:`~claimcheck.ClaimChecker`'s store.

    Example:
        >>> tool = ClaimCheckTool(checker=checker)  # doctest: +SKIP
        >>> tool.invoke({"text": "The border is 1,974 km.", "mode": "verify"})  # doctest: +SKIP
        '{"id": "c1", "claim": "The border is 1,974 km long.", "verdict": "supported", …}'
    """

    name: str = "claimcheck"
    description: str = TOOL_DESCRIPTION
    args_schema: type[BaseModel] = ClaimCheckInput
    response_format: Literal["content", "content_and_artifact"] = "content_and_artifact"
    handle_tool_error: bool = True
    handle_validation_error: Any = _validation_message
    checker: SkipValidation[ClaimChecker] = Field(exclude=True)
    """The checker that does the work."""
    max_citations: int = 2
    """Quotes per claim in the message content (the artifact keeps them all)."""

    def _run(self, text: str, mode: str = "check", **_: Any) -> tuple[str, Report | ClaimResult]:
        try:
            if mode == "verify":
                result = self.checker.verify(text)
                content: dict[str, Any] = compact_result(result, max_citations=self.max_citations)
                artifact: Report | ClaimResult = result
            else:
                report = self.checker.check(text, source="langchain-tool")
                content = compact_report(report, max_citations=self.max_citations)
                artifact = report
        except ClaimcheckError as exc:
            raise ToolException(f"claimcheck error: {exc}") from exc
        return json.dumps(content, ensure_ascii=False), artifact


class ClaimCheckRetriever(BaseRetriever):
    """The evidence store's hybrid search as a LangChain retriever.

    Example:
        >>> retriever = ClaimCheckRetriever(checker=checker, k=3)  # doctest: +SKIP
        >>> retriever.invoke("Russia Ukraine border length")[0].metadata["doc_id"]  # doctest: +SKIP
        'border-length'
    """

    checker: SkipValidation[ClaimChecker] = Field(exclude=True)
    """The checker whose store is searched."""
    k: int = Field(default=4, ge=1, le=100)
    """How many passages to return."""

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        passages = self.checker.retrieve(query, self.k)
        return [
            Document(
                id=p.passage_id,
                page_content=p.text,
                metadata={
                    "doc_id": p.doc_id,
                    "passage_id": p.passage_id,
                    "title": p.title,
                    "url": p.url,
                    "start": p.start,
                    "end": p.end,
                    "score": p.score,
                },
            )
            for p in passages
        ]


def as_tool(checker: ClaimChecker, **kwargs: Any) -> ClaimCheckTool:
    """A :class:`ClaimCheckTool` over ``checker`` (``kwargs`` set tool fields, e.g. ``name``)."""
    return ClaimCheckTool(checker=checker, **kwargs)


def as_retriever(checker: ClaimChecker, *, k: int = 4, **kwargs: Any) -> ClaimCheckRetriever:
    """A :class:`ClaimCheckRetriever` over ``checker``'s store returning ``k`` passages."""
    return ClaimCheckRetriever(checker=checker, k=k, **kwargs)


def _rebuild() -> None:
    from ..pipeline import ClaimChecker

    namespace = {"ClaimChecker": ClaimChecker}
    ClaimCheckTool.model_rebuild(_types_namespace=namespace)
    ClaimCheckRetriever.model_rebuild(_types_namespace=namespace)


_rebuild()
