"""``claimcheck store repair``: check a store's invariants and fix what can be fixed in place.

What is checked, in order (``check_only`` reports without changing anything):

1. **The database file** (local stores): SQLite's ``quick_check`` of ``chroma/chroma.sqlite3``.
   A corrupt database cannot be fixed here: repair moves the ``chroma/`` folder aside
   (``chroma.corrupt-<time>``, never deleted) and drops the derived lexical index, so the
   next ``claimcheck ingest`` starts a clean store.
2. **The vectors**: every passage's vector can be read back. A damaged or missing vector index
   (e.g. a deleted segment folder) is rebuilt from the passages' stored texts: they are
   embedded again into a new collection that then replaces the old one (crash-safe: a repair
   interrupted half-way is finished by the next one). A vector index Chroma cannot even open is
   moved aside first (local stores).
3. **The documents**: each stored document must be one complete copy (``n_passages`` passages
   ``0…n-1`` of one SHA-256, ids ``"{doc_id}#{n}"``; see :mod:`claimcheck.store.records`).
   Incomplete or mixed copies (an interrupted ingest that was never re-run) and records without
   document metadata are deleted; the report names the documents to ingest again.
4. **The lexical index** is rebuilt from the collection, and its ids checked against it.

Repair holds the store's write lock, so it waits for a running ingest (and vice versa).
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..errors import StoreError
from . import _chroma
from ._base import ProgressCallback
from ._pipeline import analyze_embed
from .embeddings import embedder_dimension
from .evidence import EvidenceStore
from .lexical import LexicalIndex
from .records import StoredDoc, index_text, scan_metadata

__all__ = ["RepairReport", "repair_store"]

log = logging.getLogger(__name__)

_BATCH = 1000
_SUFFIX = ".repair"


class RepairReport(BaseModel):
    """What ``store repair`` found and did.

    Attributes:
        store: the store folder or Chroma URL.
        collection: the collection checked.
        check_only: nothing was changed.
        database: ``ok``, ``corrupt`` or ``moved aside to PATH``.
        vectors: ``ok``, ``damaged`` or ``rebuilt``.
        documents: complete documents after the repair.
        passages: passages after the repair.
        incomplete_documents: ids of documents whose stored copy was incomplete or mixed
            (deleted unless ``check_only``: ingest them again).
        orphan_passages: records without valid document metadata.
        removed_passages: records deleted.
        interrupted_write: the last ingest never finished.
        lexical_index: state before (``fresh``/``stale``/``missing``), then ``rebuilt``.
        problems: one line per problem found.
        actions: one line per change made.
    """

    store: str
    collection: str
    check_only: bool = False
    database: str = "ok"
    vectors: str = "ok"
    documents: int = 0
    passages: int = 0
    incomplete_documents: list[str] = Field(default_factory=list)
    orphan_passages: int = 0
    removed_passages: int = 0
    interrupted_write: bool = False
    lexical_index: str = ""
    problems: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No problem was found."""
        return not self.problems


def repair_store(
    store: EvidenceStore, *, check_only: bool = False, progress: ProgressCallback | None = None
) -> RepairReport:
    """Check ``store`` and repair it (see the module docstring).

    Raises:
        StoreNotReadyError: there is no store or no collection to repair.
        EmbedderMismatchError: the store was built with another embedder (pass ``--embedder``).
        LockTimeoutError: an ingest kept the store locked for too long.
    """
    report = RepairReport(
        store=store.chroma_url or str(store.path),
        collection=store.collection_name,
        check_only=check_only,
    )
    with store._write_lock(progress):
        if not store.chroma_url and not _database_ok(store, report):
            return report
        _finish_interrupted_repair(store, report)
        collection = _open(store, report)
        if collection is None:
            return report
        records = _read_records(store, collection, report)
        _check_documents(store, collection, records, report)
        if report.vectors == "damaged" and not check_only:
            collection = _rebuild_vectors(store, collection, records, report, progress)
        _check_lexical(store, collection, report, progress)
        report.passages = collection.count()
    return report


# ---------------------------------------------------------------------------- database


def _database_ok(store: EvidenceStore, report: RepairReport) -> bool:
    """Run SQLite's quick_check; move a corrupt ``chroma/`` aside (unless checking only)."""
    db = store.path / "chroma" / "chroma.sqlite3"
    if not db.is_file():
        raise store._not_ready(f"no evidence store at {store.path}")
    try:
        with _readonly(db) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()
        problem = None if result and result[0] == "ok" else str(result[0] if result else "?")
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    if problem is None:
        return True
    report.database = "corrupt"
    report.problems.append(f"the Chroma database {db} is corrupt ({problem})")
    if report.check_only:
        return False
    store.close()
    aside = store.path / f"chroma.corrupt-{time.strftime('%Y%m%d-%H%M%S')}"
    (store.path / "chroma").rename(aside)
    _chroma.forget_client(store.path)
    shutil.rmtree(store.lexical_dir, ignore_errors=True)
    report.database = f"moved aside to {aside}"
    report.actions.append(
        f"moved the corrupt database to {aside}; ingest your documents again "
        f"(`claimcheck ingest PATH --store {store.path}`)"
    )
    return False


@contextmanager
def _readonly(db: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30.0)
    try:
        yield conn
    finally:
        conn.close()


def _vector_segment_dirs(store: EvidenceStore) -> list[Path]:
    """The folders of the collection's vector index (from Chroma's own tables)."""
    db = store.path / "chroma" / "chroma.sqlite3"
    with _readonly(db) as conn:
        rows = conn.execute(
            "SELECT s.id FROM segments s JOIN collections c ON s.collection = c.id "
            "WHERE c.name = ? AND s.scope = 'VECTOR'",
            (store.collection_name,),
        ).fetchall()
    return [store.path / "chroma" / str(row[0]) for row in rows]


# ---------------------------------------------------------------------------- collection


def _finish_interrupted_repair(store: EvidenceStore, report: RepairReport) -> None:
    """Complete or undo a vector rebuild that was interrupted (see :func:`_rebuild_vectors`)."""
    client = store._get_client()
    names = {getattr(c, "name", c) for c in client.list_collections()}
    temp = store.collection_name + _SUFFIX
    if temp not in names:
        return
    if store.collection_name in names:  # interrupted while filling the new collection
        report.problems.append("an interrupted repair left a partial collection")
        if not report.check_only:
            client.delete_collection(temp)
            report.actions.append(f"deleted the partial collection {temp}")
    else:  # interrupted between deleting the old collection and renaming the new one
        report.problems.append("an interrupted repair left the collection under a temporary name")
        if not report.check_only:
            client.get_collection(temp, embedding_function=None).modify(name=store.collection_name)
            report.actions.append(f"renamed {temp} to {store.collection_name}")


def _open(store: EvidenceStore, report: RepairReport) -> Any:
    """The collection, moving an unopenable vector index aside (local stores)."""
    try:
        collection = store._read_collection()
        return collection
    except StoreError as exc:
        if store.chroma_url:
            raise
        first = exc
    report.vectors = "damaged"
    report.problems.append(f"the vector index cannot be opened ({_chroma.one_line(first)})")
    if report.check_only:
        return None
    store.close()
    _chroma.forget_client(store.path)
    for folder in _vector_segment_dirs(store):
        if folder.exists():
            aside = folder.with_name(f"{folder.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            folder.rename(aside)
            report.actions.append(f"moved the unreadable vector index to {aside}")
    return store._read_collection()


def _read_records(store: EvidenceStore, collection: Any, report: RepairReport) -> dict[str, Any]:
    """Every record's text and metadata; marks the vectors damaged when they cannot be read."""
    records: dict[str, Any] = {"ids": [], "documents": [], "metadatas": []}
    try:
        for page in _chroma.paged_get(collection, ["documents", "metadatas"]):
            for key in records:
                records[key].extend(page[key] or [])
    except _chroma.chroma_errors() as exc:
        raise StoreError(
            f"the passages cannot be read ({_chroma.one_line(exc)}): ingest your documents "
            f"into a fresh --store"
        ) from exc
    if report.vectors == "ok":
        try:
            seen = sum(len(p["ids"]) for p in _chroma.paged_get(collection, ["embeddings"]))
            if seen != len(records["ids"]):
                raise ValueError(f"{seen} vectors for {len(records['ids'])} passages")
        except _chroma.chroma_errors() as exc:  # includes ValueError
            report.vectors = "damaged"
            report.problems.append(f"the vectors cannot be read ({_chroma.one_line(exc)})")
    return records


def _check_documents(
    store: EvidenceStore, collection: Any, records: dict[str, Any], report: RepairReport
) -> None:
    meta = _chroma.collection_meta(collection)
    report.interrupted_write = str(meta.get("epoch", "")).startswith("w-")
    if report.interrupted_write:
        report.problems.append("the last ingest into this store never finished")
    ids: list[str] = records["ids"]
    metas = [dict(m or {}) for m in records["metadatas"]]
    page = {"ids": ids, "metadatas": metas}
    docs: dict[str, StoredDoc] = scan_metadata([page])
    orphans = [
        pid
        for pid, m in zip(ids, metas, strict=True)
        if "doc_id" not in m or pid != f"{m.get('doc_id')}#{m.get('n')}"
    ]
    incomplete = sorted(d for d, s in docs.items() if not _complete(s))
    report.orphan_passages = len(orphans)
    report.incomplete_documents = incomplete
    if orphans:
        report.problems.append(f"{len(orphans)} passage(s) without valid document metadata")
    if incomplete:
        shown = ", ".join(incomplete[:5]) + (" …" if len(incomplete) > 5 else "")
        report.problems.append(f"{len(incomplete)} incomplete document(s): {shown}")
    report.documents = len(docs) - len(incomplete)
    if report.check_only or not (orphans or incomplete or report.interrupted_write):
        return
    drop = set(orphans) | {pid for d in incomplete for pid in docs[d].ids}
    _chroma.set_meta(collection, epoch=_chroma.new_epoch(writing=True))
    doomed = sorted(drop)
    with _chroma.writing("deleting incomplete documents"):
        for start in range(0, len(doomed), _BATCH):
            collection.delete(ids=doomed[start : start + _BATCH])
        _chroma.set_meta(collection, epoch=_chroma.new_epoch(), documents=report.documents)
    keep = [i for i, pid in enumerate(ids) if pid not in drop]
    for key in ("ids", "documents", "metadatas"):
        records[key] = [records[key][i] for i in keep]
    report.removed_passages = len(doomed)
    if doomed:
        report.actions.append(
            f"deleted {len(doomed)} passage(s) of incomplete documents and orphans; ingest "
            "the documents listed again"
        )
    report.actions.append("marked the collection consistent (new epoch)")


def _complete(stored: StoredDoc) -> bool:
    return len(stored.shas) == 1 and stored.is_complete(next(iter(stored.shas)))


# ---------------------------------------------------------------------------- vectors


def _rebuild_vectors(
    store: EvidenceStore,
    collection: Any,
    records: dict[str, Any],
    report: RepairReport,
    progress: ProgressCallback | None,
) -> Any:
    """Embed the stored passages into ``{name}.repair``, then swap it in for the collection."""
    client = store._get_client()
    name = store.collection_name
    temp = name + _SUFFIX
    meta = {k: v for k, v in _chroma.collection_meta(collection).items() if k != "hnsw:space"}
    meta.update(
        {"hnsw:space": "cosine", "epoch": _chroma.new_epoch(), "documents": report.documents}
    )
    dim = embedder_dimension(store.embedder)
    if dim:
        meta["dimension"] = dim
    fresh = client.create_collection(temp, metadata=meta, embedding_function=None)
    ids: list[str] = records["ids"]
    texts = [t or "" for t in records["documents"]]
    metas = [dict(m or {}) for m in records["metadatas"]]
    keys = [index_text(str(m.get("title", "") or ""), t) for m, t in zip(metas, texts, strict=True)]
    step = max(1, min(_BATCH, client.get_max_batch_size()))
    with _chroma.writing("rebuilding the vectors"):
        for start in range(0, len(ids), step):
            end = min(start + step, len(ids))
            vectors, _ = analyze_embed(store.embedder, keys[start:end])
            fresh.add(
                ids=ids[start:end],
                embeddings=vectors,
                documents=texts[start:end],
                metadatas=metas[start:end],
            )
            if progress is not None:
                progress("embed", end, len(ids))
        if fresh.count() != len(ids):
            raise StoreError("rebuilding the vectors lost passages; run the repair again")
        client.delete_collection(name)
        fresh.modify(name=name)
    report.vectors = "rebuilt"
    report.actions.append(f"rebuilt the vectors of {len(ids)} passage(s) from their stored text")
    if not store.chroma_url:
        _remove_unreferenced_segments(store)
    return client.get_collection(name, embedding_function=None)


def _remove_unreferenced_segments(store: EvidenceStore) -> None:
    """Delete segment folders of the replaced collection that Chroma left behind."""
    root = store.path / "chroma"
    with _readonly(root / "chroma.sqlite3") as conn:
        known = {str(row[0]) for row in conn.execute("SELECT id FROM segments")}
    for folder in root.iterdir():
        name = folder.name
        looks_like_segment = len(name) == 36 and name.count("-") == 4
        if folder.is_dir() and looks_like_segment and name not in known:
            shutil.rmtree(folder, ignore_errors=True)


def _check_lexical(
    store: EvidenceStore, collection: Any, report: RepairReport, progress: ProgressCallback | None
) -> None:
    state = store._lexical_state(collection)
    if state == "fresh" and LexicalIndex.load(store.lexical_dir) is None:
        state = "unreadable"
        report.problems.append("the lexical index files are unreadable")
    report.lexical_index = state  # a stale or missing index is no damage: readers rebuild it
    if report.check_only:
        return
    index = store._rebuild_lexical(collection, progress)
    stored = {pid for page in _chroma.paged_get(collection, []) for pid in page["ids"]}
    if set(index.ids) != stored or len(index.ids) != len(stored):
        raise StoreError("the rebuilt lexical index does not match the collection")
    store._lexical = index
    report.lexical_index = "rebuilt"
    report.actions.append(f"rebuilt the lexical index ({len(index.ids)} passages)")
