"""The evidence store: a Chroma collection of passages plus a BM25 index, searched hybridly.

Layout of a store folder (``--store DIR``)::

    DIR/chroma/                    Chroma PersistentClient data (absent in server mode)
    DIR/lexical/<collection>/      the lexical index (see :mod:`claimcheck.store.lexical`)
    DIR/.lock                      write lock (``filelock``), held while ingesting

Reads never create anything: searching, :meth:`EvidenceStore.get_document` or
:meth:`EvidenceStore.ensure_ready` on a missing or empty store raise
:class:`~claimcheck.errors.StoreNotReadyError`; :meth:`EvidenceStore.info` reports zeros.

Ingest is idempotent and crash-safe (see :mod:`claimcheck.store.records` and
:mod:`claimcheck.store._chroma` for the record layout and the collection ``epoch``):

1. load and validate every document, then take the write lock (waiting up to
   ``lock_timeout`` seconds for another writer);
2. read the stored passages' metadata once and classify each document as unchanged (same id,
   same SHA-256, one complete copy), updated (same id, anything else) or added;
3. set the epoch to a "writing" token, upsert the passages of added/updated documents
   (deterministic ids ⇒ no duplicates), delete passages an updated document no longer has,
   set a fresh epoch;
4. update the lexical index (incrementally when the saved one is of the state the ingest
   started from, else rebuilt from the collection), saved under the new epoch. For large
   ingests, embedding and indexing run in a worker process beside the Chroma writes
   (:mod:`claimcheck.store._pipeline`).

Killed at any point, the next ingest redoes the documents whose copy is incomplete or mixed
(and only those), and any reader sees the epoch/count mismatch and rebuilds the lexical index.
Searching is hybrid: BM25 and vectors fused by reciprocal rank fusion
(:mod:`claimcheck.store._search`, :mod:`claimcheck.store.fusion`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import StoreError
from ..models import Document, StoreInfo
from . import _chroma
from ._base import ProgressCallback
from ._ingest import IngestMixin
from ._search import SearchMixin, SearchMode
from .records import document_from_records, scan_metadata

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["EvidenceStore", "ProgressCallback", "SearchMode"]


class EvidenceStore(IngestMixin, SearchMixin):
    """Documents split into passages, in Chroma, with a BM25 index beside; hybrid search.

    Args:
        path: the store folder (default: ``settings.store``). In server mode it only holds the
            lexical index cache and the lock.
        collection: the Chroma collection (one per corpus).
        embedder: an embedder name for :func:`get_embedder` (``hash``, ``openai``,
            ``sentence-transformers``) or any LangChain ``Embeddings`` (give it a ``name``).
        chroma_url: ``http://HOST:PORT`` of a Chroma server (default ``settings.chroma_url``).
        settings: used for defaults, the OpenAI key and the lock timeout.
        lock_timeout: seconds an ingest waits for another writer (default
            ``settings.lock_timeout_s``, else 60).
        fusion: how the hybrid search fuses its retrievers (:class:`FusionWeights`).

    Example:
        >>> store = EvidenceStore("./store")                      # doctest: +SKIP
        >>> store.ingest(["docs/"]).added                          # doctest: +SKIP
        12
        >>> store.search("land border length", k=3)[0].doc_id     # doctest: +SKIP
        'border-length'
    """

    @classmethod
    def from_settings(cls, settings: Settings) -> EvidenceStore:
        """The store ``settings`` describe (store, collection, embedder, chroma_url)."""
        return cls(
            settings.store,
            collection=settings.collection,
            embedder=settings.embedder,
            chroma_url=settings.chroma_url,
            settings=settings,
        )

    def ensure_ready(self) -> None:
        """Check the store can be searched (one cheap Chroma read).

        Raises:
            StoreNotReadyError: missing or empty store ("run `claimcheck ingest …` first").
            EmbedderMismatchError: the store was built with another embedder.
        """
        self._read_collection()

    def get_document(self, doc_id: str) -> Document | None:
        """The document exactly as ingested (rebuilt from its passages), or ``None``.

        Raises:
            StoreNotReadyError: missing or empty store.
            StoreError: the stored copy is incomplete (an interrupted ingest: re-run it).
        """
        collection = self._read_collection()
        try:
            got = collection.get(where={"doc_id": doc_id}, include=["documents", "metadatas"])
        except _chroma.chroma_errors() as exc:
            raise self._read_failed(f"reading document {doc_id!r}", exc) from exc
        if not got["ids"]:
            return None
        doc, complete = document_from_records(
            doc_id, [t or "" for t in got["documents"]], [dict(m or {}) for m in got["metadatas"]]
        )
        if not complete:
            raise StoreError(
                f"document {doc_id!r} is incomplete in the store (an interrupted ingest?): "
                "re-run `claimcheck ingest` with its file"
            )
        return doc

    def info(self) -> StoreInfo:
        """Counts, embedder, dimension and lexical-index state; zeros for a missing store
        (nothing is created). ``documents`` is counted from the passages while a write is
        running or after an interrupted one."""
        empty = StoreInfo(
            documents=0,
            passages=0,
            embedder=self._safe_embedder_name(),
            collection=self.collection_name,
            path=self.chroma_url or str(self.path),
            lexical_index="missing",
        )
        if not self.chroma_url and not self._exists_locally():
            return empty
        client = self._get_client()
        try:
            collection = client.get_collection(self.collection_name, embedding_function=None)
        except _chroma.chroma_errors():
            return empty
        meta = _chroma.collection_meta(collection)
        dim = meta.get("dimension")
        documents = int(meta.get("documents", 0) or 0)
        if str(meta.get("epoch", "")).startswith("w-"):  # a write is running or was interrupted
            pages = _chroma.paged_get(collection, ["metadatas"])
            documents = len(scan_metadata(list(pages)))
        return StoreInfo(
            documents=documents,
            passages=collection.count(),
            embedder=str(meta.get("embedder") or empty.embedder),
            collection=self.collection_name,
            dimension=int(dim) if isinstance(dim, int | float) else None,
            path=empty.path,
            lexical_index=self._lexical_state(collection),
            vector_search=self._vector_state(
                collection, int(dim) if isinstance(dim, int | float) else None
            ),
        )
