"""The ingest half of the evidence store (see :mod:`claimcheck.store.evidence` for the steps
and :mod:`claimcheck.store._pipeline` for how embedding overlaps the Chroma writes)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..models import Document, IngestStats
from . import _chroma
from ._base import ProgressCallback, StoreBase
from ._pipeline import IndexPlan, embed_and_index
from .chunking import chunk_document
from .embeddings import embedder_dimension
from .lexical import LexicalIndex
from .loaders import check_paths, load_paths
from .records import StoredDoc, doc_sha256, index_text, passage_metadata, scan_metadata

__all__ = ["IngestMixin"]

_WRITE_CHUNK = 4096  # passages embedded and written per round (bounded by Chroma's batch size)


class IngestMixin(StoreBase):
    """``ingest`` and ``ingest_documents`` of :class:`~claimcheck.store.EvidenceStore`."""

    def ingest(
        self, paths: Sequence[str | Path], *, progress: ProgressCallback | None = None
    ) -> IngestStats:
        """Ingest files and folders (``.jsonl``, ``.txt``, ``.md``, ``.html``/``.htm``).

        Bad documents and JSONL lines are reported in ``errors`` and counted in ``failed``; the
        others are ingested (see :mod:`claimcheck.store.loaders`).

        Raises:
            InputError: a path does not exist (nothing is written).
            LockTimeoutError: another process kept the store locked for too long.
        """
        started = time.perf_counter()
        check_paths(paths)
        loaded = load_paths(paths, progress=progress)
        stats = self._ingest(loaded.documents, progress, prior_failed=loaded.failed)
        stats.errors = loaded.errors + stats.errors
        stats.seconds = round(time.perf_counter() - started, 3)
        return stats

    def ingest_documents(
        self, docs: Iterable[Document], *, progress: ProgressCallback | None = None
    ) -> IngestStats:
        """Ingest documents given as objects (same rules as :meth:`ingest`)."""
        started = time.perf_counter()
        stats = self._ingest(list(docs), progress)
        stats.seconds = round(time.perf_counter() - started, 3)
        return stats

    def _ingest(
        self,
        docs: list[Document],
        progress: ProgressCallback | None,
        prior_failed: int = 0,
    ) -> IngestStats:
        stats = IngestStats(failed=prior_failed)
        valid: list[Document] = []
        seen: set[str] = set()
        for doc in docs:
            if not doc.text.strip():
                stats.failed += 1
                stats.errors.append(f"{doc.id}: empty document")
            elif doc.id in seen:
                stats.failed += 1
                stats.errors.append(f"{doc.id}: duplicate document id in this ingest")
            else:
                seen.add(doc.id)
                valid.append(doc)
        if not valid:
            return stats
        with self._write_lock(progress):
            collection = self._write_collection()
            count_before = collection.count()
            epoch_before = str(_chroma.collection_meta(collection).get("epoch", ""))
            stored: dict[str, StoredDoc] = {}
            if count_before:
                pages = []
                for page in _chroma.paged_get(collection, ["metadatas"]):
                    pages.append(page)
                    if progress is not None:
                        progress("scan", sum(len(p["ids"]) for p in pages), count_before)
                stored = scan_metadata(pages)
            todo: list[tuple[Document, str]] = []
            for doc in valid:
                sha = doc_sha256(doc.text)
                old = stored.get(doc.id)
                if old is None:
                    stats.added += 1
                    todo.append((doc, sha))
                elif old.is_complete(sha):
                    stats.unchanged += 1
                else:
                    stats.updated += 1
                    todo.append((doc, sha))
            if not todo:
                if epoch_before.startswith("w-"):  # killed after its last write: now complete
                    _chroma.set_meta(collection, epoch=_chroma.new_epoch(), documents=len(stored))
                self._refresh_lexical_after_noop(collection)
                return stats
            stats.passages = self._write(
                collection, todo, stored, epoch_before, count_before, progress
            )
        return stats

    def _write(
        self,
        collection: Any,
        todo: list[tuple[Document, str]],
        stored: dict[str, StoredDoc],
        epoch_before: str,
        count_before: int,
        progress: ProgressCallback | None,
    ) -> int:
        """Embed and upsert the passages of ``todo``, delete the passages they no longer have,
        set the final epoch and update the lexical index. Returns the passages written."""
        ids: list[str] = []
        texts: list[str] = []
        metas: list[dict[str, Any]] = []
        keys: list[str] = []
        for doc, sha in todo:
            passages = chunk_document(doc)
            for n, passage in enumerate(passages):
                ids.append(passage.passage_id)
                texts.append(passage.text)
                metas.append(passage_metadata(doc, passage, n, len(passages), sha))
                keys.append(index_text(doc.title, passage.text))
        old_ids = {pid for doc, _ in todo if doc.id in stored for pid in stored[doc.id].ids}
        stale = sorted(old_ids - set(ids))
        final = _chroma.new_epoch()
        plan: IndexPlan | None = IndexPlan(
            root=self.lexical_dir,
            epoch=final,
            collection_id=str(collection.id),
            incremental=count_before > 0,
            removed=frozenset(old_ids),
        )
        if count_before > 0 and not self._index_matches(epoch_before, count_before, collection):
            plan = None  # the saved index is not of the state we start from: rebuild at the end
        _chroma.set_meta(
            collection,
            epoch=_chroma.new_epoch(writing=True),
            embedder=self.embedder_name,
            schema=_chroma.STORE_SCHEMA,
        )
        step = max(1, min(_WRITE_CHUNK, self._get_client().get_max_batch_size()))
        job = embed_and_index(self.embedder, ids, keys, step, plan)
        index: LexicalIndex | None = None
        try:
            for start, end, vectors in job.batches():
                if progress is not None:
                    progress("embed", end, len(ids))
                with _chroma.writing("writing passages"):
                    collection.upsert(
                        ids=ids[start:end],
                        embeddings=vectors,
                        documents=texts[start:end],
                        metadatas=metas[start:end],
                    )
                if progress is not None:
                    progress("write", end, len(ids))
            with _chroma.writing("deleting old passages"):
                for start in range(0, len(stale), step):
                    collection.delete(ids=stale[start : start + step])
                _chroma.set_meta(
                    collection,
                    epoch=final,
                    documents=len(set(stored) | {doc.id for doc, _ in todo}),
                    dimension=embedder_dimension(self.embedder),
                )
            if progress is not None:
                progress("index", 0, 1)
            index = job.finish()
        finally:
            job.close()
        if index is None or len(index) != collection.count():
            index = self._rebuild_lexical(collection, progress)
        self._lexical = index
        if progress is not None:
            progress("index", 1, 1)
        return len(ids)
