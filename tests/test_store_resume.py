"""Crash safety of ingest (an interrupted write is completed by the next ingest) and the
embedding worker process (same result as inline, falls back when it cannot run)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from claimcheck.models import Document
from claimcheck.store import EvidenceStore, HashEmbedder, _pipeline
from claimcheck.store import _ingest as ingest_module
from claimcheck.store.records import StoredDoc


def _docs(n: int, version: str = "v1") -> list[Document]:
    body = " ".join(
        f"Sentence {i} of the {version} report describes item {i} of the inventory in some detail."
        for i in range(20)
    )
    return [
        Document(id=f"doc-{k}", title=f"Report {k}", text=f"Report {k} ({version}). {body}")
        for k in range(n)
    ]


class _Crash(RuntimeError):
    pass


class FlakyEmbedder(HashEmbedder):
    """A hash embedder that fails on its n-th batch (as if the process died there)."""

    def __init__(self, fail_on: int) -> None:
        super().__init__()
        self.calls = 0
        self.fail_on = fail_on

    def embed_analyzed(self, batch, term_weights=None):  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.calls == self.fail_on:
            raise _Crash("killed")
        return super().embed_analyzed(batch, term_weights)


def _records(store: EvidenceStore) -> list[dict]:
    got = store._read_collection().get(include=["metadatas"])
    return [dict(m, id=pid) for pid, m in zip(got["ids"], got["metadatas"], strict=True)]


def test_interrupted_ingest_is_completed_by_the_next_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_module, "_WRITE_CHUNK", 3)  # small batches: crash mid-way
    docs = _docs(6)
    flaky = EvidenceStore(tmp_path, embedder=FlakyEmbedder(fail_on=2))
    with pytest.raises(_Crash):
        flaky.ingest_documents(docs)
    partial = _records(flaky)
    assert [r["id"] for r in partial] == ["doc-0#0", "doc-0#1", "doc-1#0"]  # doc-1 half written
    meta = flaky._read_collection().metadata
    assert str(meta["epoch"]).startswith("w-")  # the write never finished
    info = flaky.info()
    assert (info.lexical_index, info.documents, info.passages) == ("missing", 2, 3)

    store = EvidenceStore(tmp_path)
    stats = store.ingest_documents(docs)
    assert (stats.unchanged, stats.updated, stats.added, stats.failed) == (1, 1, 4, 0)
    records = _records(store)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) == len(_records_expected(docs))
    per_doc = Counter(r["doc_id"] for r in records)
    for doc in docs:
        got = store.get_document(doc.id)
        assert got is not None and got.text == doc.text
        assert (
            per_doc[doc.id] == records[[r["doc_id"] for r in records].index(doc.id)]["n_passages"]
        )
    assert store.info().lexical_index == "fresh"
    assert not str(store._read_collection().metadata["epoch"]).startswith("w-")
    assert store.search("Report 5 inventory item", k=1)[0].doc_id == "doc-5"


def _records_expected(docs: list[Document]) -> list[str]:
    from claimcheck.store.chunking import chunk_document

    return [p.passage_id for d in docs for p in chunk_document(d)]


def test_mixed_or_incomplete_copies_are_not_complete() -> None:
    doc = StoredDoc()
    doc.add("d#0", {"doc_sha256": "a", "n": 0, "n_passages": 2})
    assert not doc.is_complete("a")  # passage 1 missing
    doc.add("d#1", {"doc_sha256": "a", "n": 1, "n_passages": 2})
    assert doc.is_complete("a") and not doc.is_complete("b")
    doc.add("d#2", {"doc_sha256": "b", "n": 2, "n_passages": 3})  # left over from another version
    assert not doc.is_complete("a")


def test_worker_process_gives_the_same_store_as_inline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _docs(8)
    inline = EvidenceStore(tmp_path / "inline")
    inline.ingest_documents(docs)
    monkeypatch.setattr(_pipeline, "PIPELINE_MIN_PASSAGES", 1)
    monkeypatch.setattr(_pipeline, "WORKER_BATCH", 5)
    started: list[object] = []
    real = _pipeline._WorkerJob.__init__

    def spy(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(self)
        real(self, *args, **kwargs)

    monkeypatch.setattr(_pipeline._WorkerJob, "__init__", spy)
    piped = EvidenceStore(tmp_path / "piped")
    stats = piped.ingest_documents(docs)
    assert started and stats.added == 8
    a = inline._read_collection().get(include=["embeddings", "documents"])
    b = piped._read_collection().get(include=["embeddings", "documents"])
    order_a, order_b = np.argsort(a["ids"]), np.argsort(b["ids"])
    assert sorted(a["ids"]) == sorted(b["ids"])
    assert np.allclose(
        np.asarray(a["embeddings"])[order_a], np.asarray(b["embeddings"])[order_b], atol=1e-6
    )
    assert piped.info().lexical_index == "fresh"
    manifest = json.loads((piped.lexical_dir / "manifest.json").read_text())
    assert manifest["count"] == len(b["ids"])
    assert piped.search("Report 3 inventory", k=1)[0].doc_id == "doc-3"
    # an update through the worker is incremental and leaves one copy of each passage
    stats = piped.ingest_documents(_docs(8, version="v2")[:3])
    assert stats.updated == 3
    assert piped.info().lexical_index == "fresh"
    assert piped.get_document("doc-1").text == _docs(8, version="v2")[1].text  # type: ignore[union-attr]


def test_worker_that_cannot_start_falls_back_to_inline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_pipeline, "PIPELINE_MIN_PASSAGES", 1)
    monkeypatch.setattr(_pipeline.sys, "executable", str(tmp_path / "no-python"))
    store = EvidenceStore(tmp_path / "store")
    assert store.ingest_documents(_docs(3)).added == 3
    assert store.info().lexical_index == "fresh"
