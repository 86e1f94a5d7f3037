"""The search half of the evidence store: BM25 and vectors, fused by reciprocal rank fusion.

``search_many`` batches everything: one analysis of all queries, BM25 scoring per query from the
in-memory index, one Chroma read of the feedback passages' vectors, one Chroma vector query for
all queries, one Chroma read of the passages returned. See :mod:`claimcheck.store.fusion`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from ..models import Passage
from . import _chroma
from ._base import StoreBase
from .analysis import Analyzed, analyze
from .embeddings import HashEmbedder, embedder_name
from .fusion import FusionWeights, fuse
from .lexical import LexicalIndex
from .records import passage_from_record

__all__ = ["SearchMixin", "SearchMode"]

SearchMode = Literal["hybrid", "bm25", "vector"]

_CANDIDATES = 100  # passages each retriever contributes to the fusion (at least 4 x k)


class SearchMixin(StoreBase):
    """``search`` and ``search_many`` of :class:`~claimcheck.store.EvidenceStore`."""

    def search(self, query: str, k: int = 8) -> list[Passage]:
        """The ``k`` best passages for ``query`` (BM25 + vectors, fused by RRF), best first.

        Raises:
            StoreNotReadyError: missing or empty store, or built with another embedder.
        """
        return self.search_many([query], k)[0]

    def search_many(
        self, queries: Sequence[str], k: int = 8, *, mode: SearchMode = "hybrid"
    ) -> list[list[Passage]]:
        """:meth:`search` for many queries at once (embeddings and BM25 batched).

        Args:
            queries: the queries; an empty one gets ``[]``.
            k: passages per query.
            mode: ``hybrid`` (default), or ``bm25`` / ``vector`` alone (for evaluation).
        """
        if mode not in ("hybrid", "bm25", "vector"):
            raise ValueError(f"unknown search mode {mode!r}")
        results: list[list[Passage]] = [[] for _ in queries]
        live = [i for i, q in enumerate(queries) if q and q.strip()]
        if not live or k <= 0:
            return results
        collection = self._read_collection()
        index = self._fresh_lexical(collection)
        texts = [queries[i] for i in live]
        count = collection.count()
        depth = min(max(_CANDIDATES, 4 * k), count)
        batch = analyze(texts)
        terms = batch.terms()
        empty: list[list[tuple[int, float]]] = [[] for _ in texts]
        lexical = index.search_many(terms, depth) if mode != "vector" else empty
        found: dict[str, Any] = {"ids": [[] for _ in texts], "distances": [[] for _ in texts]}
        if mode != "bm25":
            vectors = self._query_vectors(texts, batch, index)
            if mode == "hybrid":
                vectors = self._feedback(collection, vectors, lexical, index)
            exact = self._fresh_vectors(collection, int(vectors.shape[1]))
            if exact is not None:  # reproducible: exact cosine, ties by passage id
                found["ids"], found["distances"] = exact.query(vectors, depth)
            else:
                try:
                    found = collection.query(
                        query_embeddings=vectors, n_results=depth, include=["distances"]
                    )
                except _chroma.chroma_errors() as exc:
                    raise self._read_failed("the vector search", exc) from exc
        weights = self.fusion
        if mode != "hybrid":
            weights = FusionWeights(
                bm25=float(mode == "bm25"), vector=float(mode == "vector"), k=self.fusion.k
            )
        fused_all = []
        for j in range(len(live)):
            lex = [(index.ids[row], score) for row, score in lexical[j]]
            vec = [
                (pid, 1.0 - float(dist))
                for pid, dist in zip(found["ids"][j], (found["distances"] or [[]])[j], strict=False)
            ]
            fused_all.append(fuse(lex, vec, k, weights))
        wanted = sorted({f.passage_id for fused in fused_all for f in fused})
        records = self._records(collection, wanted)
        for j, i in enumerate(live):
            out = []
            for item in fused_all[j]:
                record = records.get(item.passage_id)
                if record is None:  # deleted since the index was read; skip it
                    continue
                text, meta = record
                out.append(
                    passage_from_record(
                        item.passage_id, text, meta, round(item.score, 6), item.scores()
                    )
                )
            results[i] = out
        return results

    def _query_vectors(self, texts: list[str], batch: Analyzed, index: LexicalIndex) -> np.ndarray:
        embedder = self.embedder
        if isinstance(embedder, HashEmbedder):
            stems = [batch.stems[s] for s in set(batch.stem_ids.tolist())]
            return embedder.embed_analyzed(batch, term_weights=index.idf(stems))
        if len(texts) > 1 and embedder_name(embedder).startswith("openai:"):
            return np.asarray(embedder.embed_documents(texts), dtype=np.float32)
        return np.asarray([embedder.embed_query(t) for t in texts], dtype=np.float32)

    def _feedback(
        self,
        collection: Any,
        vectors: np.ndarray,
        lexical: list[list[tuple[int, float]]],
        index: LexicalIndex,
    ) -> np.ndarray:
        """Rocchio feedback: add ``prf_weight`` x the mean vector of each query's top BM25
        passages to its (unit) query vector."""
        m, beta = self.fusion.prf_passages, self.fusion.prf_weight
        if m <= 0 or beta <= 0:
            return vectors
        seeds = [[index.ids[row] for row, _ in hits[:m]] for hits in lexical]
        wanted = sorted({pid for ids in seeds for pid in ids})
        if not wanted:
            return vectors
        stored: dict[str, np.ndarray] = {}
        try:
            for start in range(0, len(wanted), 1000):
                got = collection.get(ids=wanted[start : start + 1000], include=["embeddings"])
                for pid, vec in zip(got["ids"], got["embeddings"], strict=True):
                    stored[pid] = np.asarray(vec, dtype=np.float32)
        except _chroma.chroma_errors() as exc:
            raise self._read_failed("reading passage vectors from Chroma", exc) from exc
        out = np.array(vectors, dtype=np.float32, copy=True)
        for j, ids in enumerate(seeds):
            found = [stored[pid] for pid in ids if pid in stored]
            if found:
                norm = float(np.linalg.norm(out[j])) or 1.0
                out[j] = out[j] / norm + beta * np.mean(found, axis=0)
        return out

    def _records(self, collection: Any, ids: list[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        out: dict[str, tuple[str, dict[str, Any]]] = {}
        step = 1000
        try:
            for start in range(0, len(ids), step):
                got = collection.get(
                    ids=ids[start : start + step], include=["documents", "metadatas"]
                )
                for pid, text, meta in zip(
                    got["ids"], got["documents"], got["metadatas"], strict=True
                ):
                    out[pid] = (text or "", dict(meta or {}))
        except _chroma.chroma_errors() as exc:
            raise self._read_failed("reading passages from Chroma", exc) from exc
        return out
