"""What a suite receives (:class:`SuiteContext`) and returns (:class:`SuiteOutput`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..config import Settings
from ..models import Usage
from .splits import SplitChoice
from .stores import ProgressCallback

if TYPE_CHECKING:
    from ..extract.base import ClaimExtractor
    from ..pipeline import ClaimChecker
    from ..verify.base import Verifier

__all__ = [
    "SuiteContext",
    "SuiteOutput",
    "batches",
    "cost_metrics",
    "describe_checker",
    "engine_usage",
    "usage_delta",
]

T = TypeVar("T")


@dataclass
class SuiteContext:
    """Inputs of a suite run (built by :func:`~claimcheck.evaluation.run_suite`)."""

    settings: Settings
    backend: str
    """``local`` | ``openai`` | ``bm25-baseline``."""
    root: Path
    """The checkout holding ``evals/`` and ``examples/``."""
    cache_dir: Path
    split: SplitChoice = "heldout"
    limit: int | None = None
    data_dir: Path | None = None
    progress: ProgressCallback | None = None
    extractor: ClaimExtractor | None = None
    """A custom extractor (e.g. an ablation); ``None`` = the backend's."""
    verifier: Verifier | None = None
    """A custom verifier (e.g. an ablation); ``None`` = the backend's."""

    def report(self, stage: str, done: int, total: int | None) -> None:
        """Forward progress to the callback, if any."""
        if self.progress is not None:
            self.progress(stage, done, total)


@dataclass
class SuiteOutput:
    """What a suite measured."""

    headline: dict[str, float]
    metrics: dict[str, Any]
    predictions: list[dict[str, Any]]
    datasets: dict[str, str] = field(default_factory=dict)
    partial: bool = False
    model: str = ""
    embedder: str = ""
    prompts: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of ``items`` of at most ``size`` elements."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def engine_usage(checker: ClaimChecker) -> Usage:
    """Model usage so far of the checker's extractor and verifier (each counted once)."""
    total = Usage()
    seen: set[int] = set()
    for engine in (checker.extractor, checker.verifier):
        usage = engine.usage
        if id(usage) not in seen:
            seen.add(id(usage))
            total.add(usage)
    return total


def describe_checker(checker: ClaimChecker) -> tuple[str, str, dict[str, str]]:
    """``(model, embedder, prompts)`` of a checker, as its reports name them."""
    info = checker.backend_info
    return info.model, info.embedder, dict(info.prompts)


def usage_delta(before: Usage, after: Usage) -> Usage:
    """``after - before``, field by field."""
    return after.minus(before)


def cost_metrics(usage: Usage, n_claims: int, seconds: float) -> dict[str, float]:
    """Latency and model usage per claim, plus the totals."""
    n = max(n_claims, 1)
    return {
        "claims": n_claims,
        "seconds_total": round(seconds, 3),
        "latency_s_per_claim": round(seconds / n, 5),
        "llm_calls": usage.llm_calls,
        "llm_calls_per_claim": round(usage.llm_calls / n, 4),
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "tokens_per_claim": round((usage.prompt_tokens + usage.completion_tokens) / n, 2),
        "cost_usd": round(usage.cost_usd, 6),
        "cost_usd_per_claim": round(usage.cost_usd / n, 8),
        "cache_hits": usage.cache_hits,
        "invalid_citations": usage.invalid_citations,
    }
