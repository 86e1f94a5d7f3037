"""``ClaimChecker``: extract → retrieve → verify, the one object behind every surface.

The Python API, the CLI, the eval harness and the plugin surfaces all call this class; the
steps meet only through the models of :mod:`claimcheck.models`. Each step is also available as
a LangChain Runnable (:meth:`ClaimChecker.as_runnable`, :meth:`ClaimChecker.steps`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings
from .engines import build_engines
from .errors import InputError
from .inputs import article_title, validate_article_text
from .models import (
    ArticleInfo,
    BackendInfo,
    Claim,
    ClaimResult,
    Document,
    IngestStats,
    Passage,
    Report,
    Span,
    StoreInfo,
    Summary,
    Timings,
    Usage,
)

if TYPE_CHECKING:
    from langchain_core.runnables import Runnable

    from .extract.base import ClaimExtractor
    from .store import EvidenceStore, ProgressCallback
    from .verify.base import Verifier

__all__ = ["ClaimChecker"]

log = logging.getLogger(__name__)


class ClaimChecker:
    """Check articles and claims against an evidence store.

    Args:
        store: an :class:`~claimcheck.store.EvidenceStore`, a store folder, or ``None`` for
            ``settings.store``.
        settings: all knobs; default :meth:`Settings.load` (environment, ``.env``).
        backend: ``auto`` | ``local`` | ``openai``; overrides ``settings.backend``.
        extractor: a custom claim extractor (otherwise chosen by the backend).
        verifier: a custom verifier (otherwise chosen by the backend).

    Example:
        >>> checker = ClaimChecker(store="./my-store", backend="local")  # doctest: +SKIP
        >>> checker.ingest(["docs/"])                                     # doctest: +SKIP
        >>> report = checker.check("The border is about 2,000 km long.")  # doctest: +SKIP
        >>> report.claims[0].verdict.label                                 # doctest: +SKIP
        'supported'
    """

    def __init__(
        self,
        store: EvidenceStore | str | Path | None = None,
        *,
        settings: Settings | None = None,
        backend: str | None = None,
        extractor: ClaimExtractor | None = None,
        verifier: Verifier | None = None,
    ) -> None:
        from .store import EvidenceStore

        overrides: dict[str, Any] = {}
        if backend is not None:
            overrides["backend"] = backend
        if isinstance(store, str | Path):
            overrides["store"] = Path(store)
        if settings is None:
            settings = Settings.load(**overrides)
        elif overrides:
            settings = settings.model_copy(update=overrides)
        self.settings = settings
        self.store = (
            store if isinstance(store, EvidenceStore) else EvidenceStore.from_settings(settings)
        )
        self._extractor = extractor
        self._verifier = verifier

    # ------------------------------------------------------------------ engines

    def _engines(self) -> tuple[ClaimExtractor, Verifier]:
        if self._extractor is None or self._verifier is None:
            extractor, verifier = build_engines(self.settings, cache_dir=self._cache_dir())
            self._extractor = self._extractor or extractor
            self._verifier = self._verifier or verifier
        return self._extractor, self._verifier

    def _cache_dir(self) -> Path | None:
        return Path(self.settings.store) / "cache" if self.settings.cache else None

    @property
    def extractor(self) -> ClaimExtractor:
        """The claim extractor in use (built on first use)."""
        return self._engines()[0]

    @property
    def verifier(self) -> Verifier:
        """The verifier in use (built on first use)."""
        return self._engines()[1]

    @property
    def backend_name(self) -> str:
        """``local`` or ``openai``: what a check with these settings runs."""
        return self.settings.resolved_backend

    # ------------------------------------------------------------------ store

    def ingest(
        self, paths: Sequence[str | Path], *, progress: ProgressCallback | None = None
    ) -> IngestStats:
        """Ingest files and folders (``.jsonl``, ``.txt``, ``.md``, ``.html``) into the store."""
        return self.store.ingest(paths, progress=progress)

    def ingest_documents(
        self, docs: Iterable[Document], *, progress: ProgressCallback | None = None
    ) -> IngestStats:
        """Ingest :class:`Document` objects directly."""
        return self.store.ingest_documents(docs, progress=progress)

    def info(self) -> StoreInfo:
        """What the store holds."""
        return self.store.info()

    def retrieve(self, query: str, k: int | None = None) -> list[Passage]:
        """Hybrid search of the store (best first)."""
        self.store.ensure_ready()
        return self.store.search(query, k or self.settings.top_k)

    # ------------------------------------------------------------------ steps

    def extract(self, text: str) -> list[Claim]:
        """Atomic claims of ``text`` with their spans (no retrieval, no verification)."""
        validate_article_text(text, max_chars=self.settings.max_article_chars)
        return self.extractor.extract(text)

    def verify(self, claim: str | Claim, *, claim_id: str | None = None) -> ClaimResult:
        """Verify one claim against the store."""
        return self.verify_many([claim], ids=[claim_id] if claim_id else None)[0]

    def verify_many(
        self, claims: Sequence[str | Claim], *, ids: Sequence[str | None] | None = None
    ) -> list[ClaimResult]:
        """Verify several claims (in input order); ids echo ``ids`` when given."""
        self.store.ensure_ready()
        items = [
            self._as_claim(c, (ids[i] if ids else None) or f"c{i + 1}")
            for i, c in enumerate(claims)
        ]
        passages = self.store.search_many([self._query(c) for c in items], self.settings.top_k)
        return self.verifier.verify_many(list(zip(items, passages, strict=True)))

    def check(self, text: str, *, source: str = "-", title: str | None = None) -> Report:
        """Check an article: extract its claims, retrieve evidence, verify each claim."""
        validate_article_text(text, source=source, max_chars=self.settings.max_article_chars)
        self.store.ensure_ready()
        extractor, verifier = self._engines()
        usage_before = _usage_snapshot(extractor, verifier)
        t0 = time.perf_counter()
        claims = extractor.extract(text)
        t1 = time.perf_counter()
        passages = self.store.search_many([self._query(c) for c in claims], self.settings.top_k)
        t2 = time.perf_counter()
        results = verifier.verify_many(list(zip(claims, passages, strict=True))) if claims else []
        t3 = time.perf_counter()
        return Report(
            article=ArticleInfo(
                source=source,
                title=title if title is not None else article_title(text),
                sha256=_sha256(text),
                chars=len(text),
            ),
            backend=self._backend_info(extractor, verifier),
            claims=results,
            summary=Summary.of(results),
            usage=_usage_snapshot(extractor, verifier).minus(usage_before),
            timings=Timings(
                extract_s=round(t1 - t0, 4),
                retrieve_s=round(t2 - t1, 4),
                verify_s=round(t3 - t2, 4),
                total_s=round(t3 - t0, 4),
            ),
        )

    # ------------------------------------------------------------------ LangChain

    def as_runnable(self) -> Runnable[str, Report]:
        """The whole check as a LangChain Runnable: ``str`` (article text) → :class:`Report`.

        Supports ``invoke``, ``batch``, ``ainvoke`` and composition with ``|``.
        """
        from langchain_core.runnables import RunnableLambda

        def _check(text: str) -> Report:
            return self.check(text)

        return RunnableLambda(_check, name="claimcheck")

    def as_tool(self, **kwargs: Any) -> Any:
        """A LangChain tool (``ClaimCheckTool``) an agent can call to check text or a claim."""
        from .integrations import as_tool

        return as_tool(self, **kwargs)

    def as_retriever(self, k: int = 4, **kwargs: Any) -> Any:
        """The evidence store as a LangChain ``BaseRetriever`` (query → Documents)."""
        from .integrations import as_retriever

        return as_retriever(self, k=k, **kwargs)

    def steps(self) -> dict[str, Runnable[Any, Any]]:
        """Each step as a Runnable: ``extract`` (str → claims), ``retrieve`` (str → passages),
        ``verify`` (str | Claim → ClaimResult)."""
        from langchain_core.runnables import RunnableLambda

        return {
            "extract": RunnableLambda(self.extract, name="claimcheck.extract"),
            "retrieve": RunnableLambda(self.retrieve, name="claimcheck.retrieve"),
            "verify": RunnableLambda(self.verify, name="claimcheck.verify"),
        }

    # ------------------------------------------------------------------ helpers

    def _as_claim(self, claim: str | Claim, claim_id: str) -> Claim:
        if isinstance(claim, Claim):
            return claim
        text = claim.strip() if isinstance(claim, str) else ""
        if not text:
            raise InputError(f"claim {claim_id} is empty: give the sentence to verify")
        parsed = _single_claim_structure(text)
        return Claim(
            id=claim_id,
            text=text,
            span=Span(start=0, end=len(claim)),
            kind=parsed.kind if parsed else Claim.model_fields["kind"].default,
            speaker=parsed.speaker if parsed else None,
            content=parsed.content if parsed else None,
        )

    @staticmethod
    def _query(claim: Claim) -> str:
        return claim.text

    @property
    def backend_info(self) -> BackendInfo:
        """What a report of this checker names as its backend: engine, models, embedder, prompts."""
        return self._backend_info(*self._engines())

    def _backend_info(self, extractor: ClaimExtractor, verifier: Verifier) -> BackendInfo:
        prompts = {**extractor.prompts, **verifier.prompts}
        model = (
            self.settings.model
            if self.backend_name == "openai"
            else f"{_engine_label(extractor)}+{_engine_label(verifier)}"
        )
        return BackendInfo(
            name=self.backend_name,
            model=model,
            embedder=self.store.embedder_name,
            prompts=prompts,
        )


def _engine_label(engine: object) -> str:
    """An offline engine's name with the versions of the learned models it uses, e.g.
    ``rules[checkworthiness-v1]`` or ``local[stance-v1,verdict-v1]``."""
    models = []
    for attr in ("scorer", "stance_model", "verdict_model"):
        model = getattr(engine, attr, None)
        label = getattr(model, "name", None) or getattr(model, "version", None)
        if isinstance(label, str) and label:
            models.append(label)
    name = str(getattr(engine, "name", type(engine).__name__))
    return f"{name}[{','.join(models)}]" if models else name


def _single_claim_structure(text: str) -> Claim | None:
    """Attribution structure of a single claim ("Peskov said that …"), found by the rules."""
    try:
        from .extract.rules import RuleExtractor
    except ImportError:  # pragma: no cover - extractor always shipped
        return None
    found = RuleExtractor(min_checkworthiness=0.0).extract(text)
    if len(found) == 1 and found[0].kind != "fact":
        return found[0]
    return None


def _sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _usage_snapshot(*engines: ClaimExtractor | Verifier) -> Usage:
    total = Usage()
    seen: set[int] = set()
    for engine in engines:
        usage = engine.usage
        if id(usage) in seen:
            continue
        seen.add(id(usage))
        total.add(usage)
    return total

