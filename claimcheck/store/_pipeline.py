"""Embedding and lexical indexing during an ingest, overlapped with the Chroma writes.

Chroma's ``upsert`` holds the GIL for its whole call, so a thread cannot work beside it. For a
large ingest with the (CPU-bound) hash embedder, the analysis, the embedding and the BM25
index build therefore run in a worker *process* (:mod:`claimcheck.store._worker`), while the
main process writes::

    main:    embed batch 0 ─ upsert 0 ─ upsert 1 ─ upsert 2 ─ … ─ set epoch ─ wait for index
    worker:        (start) ─ embed 1 ─ embed 2 ─ … ─ build + save the lexical index

The worker saves the lexical index under the epoch the main process sets once all writes are
done; if the main process dies first, that index does not match the collection's epoch and the
next reader rebuilds it. If the worker cannot start or fails, the remaining batches and the
index are computed inline: slower, same result.

Small ingests and other embedders take the inline path (no process).
"""

from __future__ import annotations

import json
import logging
import os
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
from langchain_core.embeddings import Embeddings

from .analysis import analyze
from .embeddings import HashEmbedder
from .lexical import LexicalIndex

__all__ = [
    "PIPELINE_MIN_PASSAGES",
    "IndexPlan",
    "analyze_embed",
    "build_index",
    "embed_and_index",
]

log = logging.getLogger(__name__)

PIPELINE_MIN_PASSAGES = 3000
"""Below this many passages the worker's start-up (about half a second) costs more than it saves."""
WORKER_BATCH = 1024
FIRST_BATCH = 256


@dataclass(frozen=True)
class IndexPlan:
    """How to produce the lexical index once the new passages are known.

    Attributes:
        root: the index folder (``{store}/lexical/{collection}``).
        epoch: the epoch the collection will have after the ingest.
        collection_id: the Chroma collection id.
        incremental: update the saved index (which the caller checked is of the state the
            ingest started from) instead of building one from the new passages alone.
        removed: passage ids the update drops (the old passages of updated documents).
    """

    root: Path
    epoch: str
    collection_id: str
    incremental: bool
    removed: frozenset[str]

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON data (for the worker)."""
        return {
            "root": str(self.root),
            "epoch": self.epoch,
            "collection_id": self.collection_id,
            "incremental": self.incremental,
            "removed": sorted(self.removed),
        }


def analyze_embed(
    embedder: Embeddings, texts: Sequence[str], embed: bool = True
) -> tuple[np.ndarray | None, list[list[str]]]:
    """Vectors (unless ``embed`` is false) and lexical terms of ``texts``, analysed once."""
    batch = analyze(texts)
    vectors: np.ndarray | None = None
    if embed:
        if isinstance(embedder, HashEmbedder):
            vectors = embedder.embed_analyzed(batch)
        else:
            vectors = np.asarray(embedder.embed_documents(list(texts)), dtype=np.float32)
    return vectors, batch.terms()


def build_index(
    plan: IndexPlan | None, ids: list[str], terms: list[list[str]]
) -> LexicalIndex | None:
    """The new lexical index, saved; ``None`` when there is no usable base (rebuild it)."""
    if plan is None:
        return None
    if plan.incremental:
        base = LexicalIndex.load(plan.root)
        if base is None or base.collection_id != plan.collection_id:
            return None
        index = base.updated(set(plan.removed), ids, terms, epoch=plan.epoch)
    else:
        index = LexicalIndex.build(ids, terms, epoch=plan.epoch, collection_id=plan.collection_id)
    try:
        index.save(plan.root)
    except OSError as exc:  # the index is valid in memory; readers rebuild the missing copy
        log.warning("could not save the lexical index under %s: %s", plan.root, exc)
    return index


def embed_and_index(
    embedder: Embeddings,
    ids: list[str],
    texts: list[str],
    step: int,
    plan: IndexPlan | None,
) -> Job:
    """A job that yields ``(start, end, vectors)`` batches in order, then builds the index.

    Args:
        embedder: the store's embedder.
        ids: passage ids to write.
        texts: what to embed and index for each passage (title + passage text).
        step: the largest batch Chroma accepts (and the inline batch size).
        plan: how to produce the lexical index (``None``: the caller rebuilds it).
    """
    if isinstance(embedder, HashEmbedder) and len(ids) >= PIPELINE_MIN_PASSAGES:
        try:
            return _WorkerJob(embedder, ids, texts, min(step, WORKER_BATCH), plan)
        except (OSError, ValueError) as exc:
            log.warning("embedding worker unavailable (%s); embedding inline", exc)
    return Job(embedder, ids, texts, step, plan)


class Job:
    """Inline embedding: each batch is computed when it is asked for."""

    def __init__(
        self,
        embedder: Embeddings,
        ids: list[str],
        texts: list[str],
        step: int,
        plan: IndexPlan | None,
    ) -> None:
        self.embedder, self.ids, self.texts, self.plan = embedder, ids, texts, plan
        self.bounds = [(s, min(s + step, len(ids))) for s in range(0, len(ids), step)]
        self.terms: list[list[str]] = []

    def batches(self) -> Iterator[tuple[int, int, np.ndarray]]:
        """``(start, end, vectors)`` of each batch, in order."""
        for start, end in self.bounds:
            vectors, terms = analyze_embed(self.embedder, self.texts[start:end])
            assert vectors is not None
            self.terms.extend(terms)
            yield start, end, vectors

    def finish(self) -> LexicalIndex | None:
        """Build and save the lexical index; ``None`` means "rebuild it from the collection"."""
        return build_index(self.plan, self.ids, self.terms)

    def close(self) -> None:
        """Release the worker, if any (idempotent)."""


class _WorkerJob(Job):
    """Batches 1.. are embedded by a worker process while the caller writes (see module doc)."""

    def __init__(
        self,
        embedder: HashEmbedder,
        ids: list[str],
        texts: list[str],
        step: int,
        plan: IndexPlan | None,
    ) -> None:
        super().__init__(embedder, ids, texts, step, plan)
        # a small first batch (embedded here) lets the first write start at once
        first = min(FIRST_BATCH, step, len(ids))
        self.bounds = [(0, first)] + [
            (s, min(s + step, len(ids))) for s in range(first, len(ids), step)
        ]
        self._failed = False
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        self._proc = subprocess.Popen(  # noqa: S603 - our own module, with our interpreter
            [sys.executable, "-m", "claimcheck.store._worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        job = {
            "embedder": [embedder.dimension, list(embedder.weights), list(embedder.ngram_sizes)],
            "bounds": self.bounds,
            "plan": plan.to_json() if plan is not None else None,
            "parent": os.getpid(),
        }
        payload = "\n".join(json.dumps(x) for x in (job, texts, ids)).encode() + b"\n"
        # written by a thread: the pipe only drains once the worker has started
        self._writer = threading.Thread(
            target=_feed,
            args=(self._proc.stdin, payload),
            name="claimcheck-embed-feed",
            daemon=True,
        )
        self._writer.start()

    def _read(self, kind: bytes) -> bytes | None:
        """The payload of the next frame (``None`` when the worker failed)."""
        stdout = self._proc.stdout
        assert stdout is not None
        head = _read_exact(stdout, 9)
        if head is None:
            log.warning("the embedding worker stopped early; embedding inline")
            return None
        got, (size,) = head[:1], struct.unpack("<Q", head[1:])
        payload = _read_exact(stdout, size)
        if payload is None:
            return None
        if got != kind:
            detail = payload.decode(errors="replace") if got == b"E" else f"frame {got!r}"
            log.warning("the embedding worker failed (%s); embedding inline", detail)
            return None
        return payload

    def batches(self) -> Iterator[tuple[int, int, np.ndarray]]:
        dim = self.embedder.dimension  # type: ignore[attr-defined]
        for i, (start, end) in enumerate(self.bounds):
            vectors: np.ndarray | None = None
            if i > 0 and not self._failed:
                payload = self._read(b"V")
                if payload is None:
                    self._failed = True
                else:
                    vectors = np.frombuffer(payload, dtype="<f4").reshape(end - start, dim)
            if vectors is None:
                vectors, _ = analyze_embed(self.embedder, self.texts[start:end])
                assert vectors is not None
            yield start, end, vectors

    def finish(self) -> LexicalIndex | None:
        if not self._failed and self.plan is not None:
            payload = self._read(b"I")
            if payload is not None and json.loads(payload).get("ok"):
                index = LexicalIndex.load(self.plan.root)
                if index is not None and index.epoch == self.plan.epoch:
                    return index
                return None
            if payload is not None:
                return None  # the worker found no usable base index: rebuild
        terms = analyze(self.texts).terms()
        return build_index(self.plan, self.ids, terms)

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        for stream in (self._proc.stdin, self._proc.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        self._writer.join(timeout=5)


def _feed(stream: IO[bytes] | None, payload: bytes) -> None:
    if stream is None:
        return
    try:
        stream.write(payload)
        stream.close()
    except OSError:  # the worker died; the reader notices and falls back
        pass


def _read_exact(stream: IO[bytes], size: int) -> bytes | None:
    data = stream.read(size)
    return data if data is not None and len(data) == size else None
