"""The MCP server: claimcheck's tools for any MCP-capable assistant (official ``mcp`` SDK).

Tools (input and output JSON schemas come from the pydantic models of :mod:`claimcheck.models`;
results are structured content plus the same JSON as text):

* ``check_article(text, source?)`` → :class:`~claimcheck.models.Report`
* ``verify_claim(claim)`` → :class:`~claimcheck.models.ClaimResult`
* ``search_evidence(query, k?)`` → :class:`EvidenceSearch` (passages with offsets and scores)
* ``ingest_documents(documents?, paths?)`` → :class:`~claimcheck.models.IngestStats`

Every failure comes back as a tool error (``isError: true`` with a one-line message saying what
to do); the server keeps serving. Ingesting by *path* reads files on the server's machine, so it
is allowed only below the folders given with ``--allow-dir``; inline documents are always
accepted. The checker (and its store) is opened on the first tool call, so a missing store is a
tool error, not a server that fails to start.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field

from ..errors import ClaimcheckError, InputError
from ..models import ClaimResult, Document, IngestStats, Passage, Report

if TYPE_CHECKING:
    from ..pipeline import ClaimChecker

__all__ = ["EvidenceSearch", "build_server"]

log = logging.getLogger(__name__)

T = TypeVar("T")

INSTRUCTIONS = (
    "claimcheck fact-checks text against the user's own evidence documents (a local store). "
    "Use check_article for an article or paragraph (every claim is extracted and judged), "
    "verify_claim for one sentence, search_evidence to read the evidence itself, and "
    "ingest_documents to add documents to the store. Verdicts are supported, refuted, "
    "conflicting or not_enough_evidence; citations quote the evidence verbatim."
)


class EvidenceSearch(BaseModel):
    """Result of ``search_evidence``: the best passages for a query, best first."""

    model_config = ConfigDict(extra="forbid")

    query: str
    passages: list[Passage]


class _Runner:
    """Opens the checker on first use and runs one call at a time, mapping errors to tool errors."""

    def __init__(self, factory: Callable[[], ClaimChecker]) -> None:
        self._factory = factory
        self._checker: ClaimChecker | None = None
        self._lock = threading.Lock()

    def __call__(self, what: str, work: Callable[[ClaimChecker], T]) -> T:
        with self._lock:
            try:
                if self._checker is None:
                    self._checker = self._factory()
                return work(self._checker)
            except ClaimcheckError as exc:
                log.info("%s failed: %s", what, exc)
                raise ToolError(str(exc)) from exc
            except Exception as exc:  # a bug must not kill the server: report it, keep serving
                log.exception("%s failed unexpectedly", what)
                message = " ".join(str(exc).split())[:300]
                raise ToolError(
                    f"unexpected {type(exc).__name__} in {what}: {message} (please report it)"
                ) from exc


def _allowed(path: Path, roots: list[Path]) -> bool:
    resolved = path.expanduser().resolve()
    return any(resolved == root or resolved.is_relative_to(root) for root in roots)


def build_server(
    factory: Callable[[], ClaimChecker], *, allow_dirs: list[Path] | None = None
) -> MCPServer[Any]:
    """An :class:`~mcp.server.mcpserver.MCPServer` exposing the four claimcheck tools.

    Args:
        factory: builds the :class:`~claimcheck.ClaimChecker` (called on the first tool call).
        allow_dirs: folders below which ``ingest_documents`` may read files by path.

    Returns:
        The server; run it with ``server.run("stdio")``.
    """
    from .. import __version__

    roots = [p.expanduser().resolve() for p in allow_dirs or []]
    run = _Runner(factory)
    server: MCPServer[Any] = MCPServer(
        "claimcheck",
        title="claimcheck",
        description="Check claims against your own documents, with verified citations.",
        instructions=INSTRUCTIONS,
        version=__version__,
        log_level="WARNING",
    )
    read_only = ToolAnnotations(read_only_hint=True, open_world_hint=False)

    @server.tool(title="Check an article", annotations=read_only)
    def check_article(
        text: Annotated[str, Field(min_length=1, description="The article or paragraph to check.")],
        source: Annotated[
            str, Field(description="A label for where the text came from (kept in the report).")
        ] = "mcp",
    ) -> Report:
        """Extract the factual claims of an article and judge each against the evidence store.

        Returns the full report: each claim with its span in the text, a verdict (supported,
        refuted, conflicting, not_enough_evidence), confidence, rationale and verbatim citations.
        """
        return run("check_article", lambda c: c.check(text, source=source))

    @server.tool(title="Verify one claim", annotations=read_only)
    def verify_claim(
        claim: Annotated[str, Field(min_length=1, description="One factual claim, as a sentence.")],
    ) -> ClaimResult:
        """Judge one claim against the evidence store: verdict, confidence, rationale, citations."""
        return run("verify_claim", lambda c: c.verify(claim))

    @server.tool(title="Search the evidence", annotations=read_only)
    def search_evidence(
        query: Annotated[str, Field(min_length=1, description="What to look for.")],
        k: Annotated[int, Field(ge=1, le=50, description="How many passages to return.")] = 5,
    ) -> EvidenceSearch:
        """Hybrid (vector + BM25) search of the evidence store; passages come with their
        document id, title, url, character offsets and score."""
        return run(
            "search_evidence", lambda c: EvidenceSearch(query=query, passages=c.retrieve(query, k))
        )

    @server.tool(
        title="Add documents to the evidence store",
        annotations=ToolAnnotations(
            read_only_hint=False,
            destructive_hint=False,
            idempotent_hint=True,
            open_world_hint=False,
        ),
    )
    def ingest_documents(
        documents: Annotated[
            list[Document] | None,
            Field(description="Documents given inline: id and text required; title, url optional."),
        ] = None,
        paths: Annotated[
            list[str] | None,
            Field(
                description="Files or folders on the server's machine (.jsonl .txt .md .html); "
                "only below the folders the server was started with (--allow-dir)."
            ),
        ] = None,
    ) -> IngestStats:
        """Add documents to the evidence store (idempotent: unchanged documents are skipped,
        changed ones replaced). Returns added / updated / unchanged / failed counts."""

        def work(checker: ClaimChecker) -> IngestStats:
            if not documents and not paths:
                raise InputError("nothing to ingest: give documents (id, text) or paths")
            for raw in paths or []:
                if not roots:
                    raise InputError(
                        "ingesting by path is off: start the server with --allow-dir FOLDER, "
                        "or send the documents inline"
                    )
                if not _allowed(Path(raw), roots):
                    allowed = ", ".join(str(r) for r in roots)
                    raise InputError(f"{raw} is outside the allowed folders ({allowed})")
            total = IngestStats()
            parts = []
            if documents:
                parts.append(checker.ingest_documents(documents))
            if paths:
                parts.append(checker.ingest([Path(p).expanduser() for p in paths]))
            for part in parts:
                total.added += part.added
                total.updated += part.updated
                total.unchanged += part.unchanged
                total.failed += part.failed
                total.passages += part.passages
                total.errors += part.errors
                total.seconds = round(total.seconds + part.seconds, 4)
            return total

        return run("ingest_documents", work)

    return server
