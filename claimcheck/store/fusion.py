"""Reciprocal rank fusion of the lexical and the vector ranking.

``rrf(d) = Σ_r w_r / (k + rank_r(d))`` over the retrievers ``r`` that returned ``d`` (ranks
start at 1, ``k = 60`` as in Cormack et al. 2009). The fused score shown to users is
``rrf / Σ_r w_r/(k+1)``: 1.0 for a passage ranked first by every retriever, in ``(0, 1]``
otherwise. Ties are broken by the best single rank, then by the passage id (deterministic).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["RRF_K", "Fused", "FusionWeights", "fuse"]

RRF_K = 60


@dataclass(frozen=True)
class FusionWeights:
    """How the hybrid search combines its two retrievers.

    Attributes:
        bm25: RRF weight of the BM25 ranking.
        vector: RRF weight of the vector ranking.
        k: the RRF constant.
        prf_passages: the vector query is moved towards the mean vector of this many top BM25
            passages (Rocchio pseudo-relevance feedback; 0 turns it off) ...
        prf_weight: ... with this weight (the query vector itself has weight 1).

    The defaults were chosen on SciFact claims that are *not* used to report recall (the
    train claims without evidence, with their cited abstract as the target); see
    ``benchmarks/bench_retrieval.py``.
    """

    bm25: float = 1.0
    vector: float = 0.5
    k: int = RRF_K
    prf_passages: int = 3
    prf_weight: float = 0.5


@dataclass
class Fused:
    """One fused result: the passage id and its per-retriever evidence."""

    passage_id: str
    rrf: float
    score: float
    bm25: float = 0.0
    bm25_rank: int = 0
    vector: float = 0.0
    vector_rank: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    def scores(self) -> dict[str, float]:
        """The ``Passage.scores`` mapping (a rank of 0 means "not returned by that retriever")."""
        return {
            "bm25": round(self.bm25, 6),
            "bm25_rank": float(self.bm25_rank),
            "vector": round(self.vector, 6),
            "vector_rank": float(self.vector_rank),
            "rrf": round(self.rrf, 8),
            **self.extra,
        }


def fuse(
    lexical: Sequence[tuple[str, float]],
    vector: Sequence[tuple[str, float]],
    k: int,
    weights: FusionWeights | None = None,
) -> list[Fused]:
    """Fuse two best-first rankings of ``(passage_id, score)``; return the top ``k``."""
    w = weights or FusionWeights()
    found: dict[str, Fused] = {}
    for rank, (pid, score) in enumerate(lexical, start=1):
        item = found.setdefault(pid, Fused(pid, 0.0, 0.0))
        if item.bm25_rank == 0:
            item.bm25, item.bm25_rank = score, rank
            item.rrf += w.bm25 / (w.k + rank)
    for rank, (pid, score) in enumerate(vector, start=1):
        item = found.setdefault(pid, Fused(pid, 0.0, 0.0))
        if item.vector_rank == 0:
            item.vector, item.vector_rank = score, rank
            item.rrf += w.vector / (w.k + rank)
    best = (w.bm25 + w.vector) / (w.k + 1) or 1.0
    for item in found.values():
        item.score = min(1.0, item.rrf / best)

    def key(item: Fused) -> tuple[float, int, str]:
        ranks = [r for r in (item.bm25_rank, item.vector_rank) if r]
        return (-item.rrf, min(ranks) if ranks else 1 << 30, item.passage_id)

    return sorted(found.values(), key=key)[:k]
