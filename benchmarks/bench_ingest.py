"""Ingest speed: ``EvidenceStore.ingest_documents`` vs a raw Chroma ``collection.add``.

Both sides store the same SciFact corpus (5,183 abstracts; a document is the title plus the
abstract sentences joined by spaces) in a fresh folder, in the same process:

* **store**: ``EvidenceStore.ingest_documents(docs)`` — everything an ingest does: validation,
  reading the existing metadata, chunking, embedding, Chroma writes, the BM25 index (built and
  saved), the collection epochs and the lock.
* **raw**: the very same ids, passage texts, metadata and vectors, computed *before* the clock
  starts, written with ``collection.add`` in batches of ``client.get_max_batch_size()`` into a
  collection created the same way (cosine space), client creation included.

The ratio store/raw is the overhead of everything that is not Chroma's own write (target
≤ 1.3). A warm-up ingest into a third folder runs first so neither side pays the imports.

Usage::

    .venv/bin/python benchmarks/bench_ingest.py [--repeat 3] [--limit N] [--embedder hash]

Data: ``../shared/datasets/scifact/corpus.jsonl`` (read in place; skipped when absent).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from claimcheck.models import Document
from claimcheck.store import EvidenceStore
from claimcheck.store.chunking import chunk_document
from claimcheck.store.embeddings import embed_array
from claimcheck.store.records import doc_sha256, index_text, passage_metadata

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "datasets" / "scifact" / "corpus.jsonl"


def load_corpus(path: Path, limit: int | None) -> list[Document]:
    """SciFact abstracts as documents: id = doc_id, text = the sentences joined by spaces."""
    docs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            docs.append(
                Document(id=str(row["doc_id"]), title=row["title"], text=" ".join(row["abstract"]))
            )
            if limit and len(docs) >= limit:
                break
    return docs


def prepared(store: EvidenceStore, docs: list[Document]) -> dict[str, Any]:
    """Exactly what the store writes: ids, passage texts, metadata and vectors."""
    ids, texts, metas, keys = [], [], [], []
    for doc in docs:
        passages = chunk_document(doc)
        sha = doc_sha256(doc.text)
        for n, passage in enumerate(passages):
            ids.append(passage.passage_id)
            texts.append(passage.text)
            metas.append(passage_metadata(doc, passage, n, len(passages), sha))
            keys.append(index_text(doc.title, passage.text))
    return {
        "ids": ids,
        "documents": texts,
        "metadatas": metas,
        "embeddings": embed_array(store.embedder, keys),
    }


def cpu_seconds() -> float:
    """CPU time of this process (all threads) plus its finished child processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def raw_add(folder: Path, data: dict[str, Any], embedder: str) -> tuple[float, float]:
    """Wall and CPU seconds to create a client + collection and ``add`` everything in
    max-size batches."""
    import chromadb
    from chromadb.config import Settings

    started, cpu = time.perf_counter(), cpu_seconds()
    client = chromadb.PersistentClient(
        path=str(folder / "chroma"), settings=Settings(anonymized_telemetry=False)
    )
    collection = client.get_or_create_collection(
        "raw", metadata={"hnsw:space": "cosine", "embedder": embedder}, embedding_function=None
    )
    step = client.get_max_batch_size()
    n = len(data["ids"])
    for start in range(0, n, step):
        end = start + step
        collection.add(
            ids=data["ids"][start:end],
            documents=data["documents"][start:end],
            metadatas=data["metadatas"][start:end],
            embeddings=data["embeddings"][start:end],
        )
    assert collection.count() == n
    return time.perf_counter() - started, cpu_seconds() - cpu


def store_ingest(folder: Path, docs: list[Document], embedder: str) -> tuple[float, float, int]:
    """Wall and CPU seconds (the embedding worker included) of ``ingest_documents``."""
    started, cpu = time.perf_counter(), cpu_seconds()
    store = EvidenceStore(folder, collection="bench", embedder=embedder)
    stats = store.ingest_documents(docs)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    assert stats.added == len(docs) and not stats.failed, stats
    assert store.info().lexical_index == "fresh"
    store.close()
    return seconds, cpu, stats.passages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (median)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N abstracts")
    parser.add_argument("--embedder", default="hash")
    args = parser.parse_args(argv)
    if not CORPUS.is_file():
        print(f"skipped: SciFact corpus not found at {CORPUS}")
        return 0
    docs = load_corpus(CORPUS, args.limit)
    load = os.getloadavg()[0]
    chars = sum(len(d.text) for d in docs)
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        root = Path(tmp)
        # warm-up: imports, Chroma's first client, the stemmer
        store_ingest(root / "warmup", docs[:50], args.embedder)
        probe = EvidenceStore(root / "probe", embedder=args.embedder)
        data = prepared(probe, docs)
        raw_times, store_times, raw_cpu, store_cpu = [], [], [], []
        passages = 0
        for i in range(args.repeat):  # alternate which side runs first
            for side in ("raw", "store") if i % 2 == 0 else ("store", "raw"):
                if side == "raw":
                    wall, cpu = raw_add(root / f"raw-{i}", data, probe.embedder_name)
                    raw_times.append(wall)
                    raw_cpu.append(cpu)
                else:
                    wall, cpu, passages = store_ingest(root / f"store-{i}", docs, args.embedder)
                    store_times.append(wall)
                    store_cpu.append(cpu)
        raw, ours = statistics.median(raw_times), statistics.median(store_times)
        pair_ratio = statistics.median(s / r for s, r in zip(store_times, raw_times, strict=True))
        cpu_raw, cpu_ours = statistics.median(raw_cpu), statistics.median(store_cpu)
    assert passages == len(data["ids"]), (passages, len(data["ids"]))
    print(
        f"SciFact corpus: {len(docs)} abstracts, {chars / 1e6:.1f}M chars -> {passages} passages; "
        f"embedder {probe.embedder_name}; {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    print(f"raw collection.add (precomputed vectors): {raw:6.2f} s  runs {_fmt(raw_times)}")
    print(f"EvidenceStore.ingest_documents:           {ours:6.2f} s  runs {_fmt(store_times)}")
    print(
        f"ratio store/raw: {ours / raw:.2f} (medians; median of per-run ratios {pair_ratio:.2f}; "
        f"target <= 1.3); {len(docs) / ours:.0f} docs/s"
    )
    print(
        f"CPU seconds (all threads and processes): raw {cpu_raw:.1f}, store {cpu_ours:.1f} "
        f"(ratio {cpu_ours / cpu_raw:.2f}); load average before: {load:.2f}"
    )
    return 0


def _fmt(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:.2f}" for v in values) + "]"


if __name__ == "__main__":
    sys.exit(main())
