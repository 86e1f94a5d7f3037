"""The evidence store: ingest (loaders, chunking, dedupe), embeddings, Chroma, BM25, hybrid search.

Modules, in pipeline order:

* :mod:`~claimcheck.store.loaders` — documents from files and folders
* :mod:`~claimcheck.store.chunking` — passages that tile each document exactly
* :mod:`~claimcheck.store.analysis` — tokens, stems and stable hashes shared by both retrievers
* :mod:`~claimcheck.store.embeddings` — the offline :class:`HashEmbedder` and :func:`get_embedder`
* :mod:`~claimcheck.store.records` — how passages are stored in Chroma and read back
* :mod:`~claimcheck.store.lexical` — the persisted BM25 index and its staleness check
* :mod:`~claimcheck.store.fusion` — reciprocal rank fusion
* :mod:`~claimcheck.store.evidence` — :class:`EvidenceStore`, which ties them together
  (its parts: ``_base``, ``_ingest`` with ``_pipeline``/``_worker``, ``_search``, ``_chroma``)
"""

from __future__ import annotations

from .chunking import chunk_document, chunk_text
from .embeddings import HashEmbedder, get_embedder
from .evidence import EvidenceStore, ProgressCallback, SearchMode
from .fusion import FusionWeights
from .loaders import LoadResult, load_paths

__all__ = [
    "EvidenceStore",
    "FusionWeights",
    "HashEmbedder",
    "LoadResult",
    "ProgressCallback",
    "SearchMode",
    "chunk_document",
    "chunk_text",
    "get_embedder",
    "load_paths",
]
