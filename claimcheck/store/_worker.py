"""The embedding worker process of a large ingest: ``python -m claimcheck.store._worker``.

Started by :mod:`claimcheck.store._pipeline` as a plain subprocess (so the parent's
``__main__`` is never re-imported, unlike ``multiprocessing``'s spawn). Nothing is pickled:

* stdin: three JSON lines — the job (embedder config, batch bounds, index plan, parent pid),
  the texts to embed and index, the passage ids;
* stdout: frames of ``kind (1 byte) + length (8 bytes, little-endian) + payload``:
  ``V`` float32 vectors of the next batch (batch 0 excluded: the parent embeds it), then ``I``
  (JSON ``{"ok": bool}``: the lexical index was built and saved) or ``E`` (an error message).

The worker exits when its parent is gone.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from pathlib import Path
from typing import Any, BinaryIO

__all__ = ["frame", "main"]


def frame(kind: bytes, payload: bytes) -> bytes:
    """One message: kind, payload length, payload."""
    return kind + struct.pack("<Q", len(payload)) + payload


def _serve(job: dict[str, Any], texts: list[str], ids: list[str], out: BinaryIO) -> None:
    from ._pipeline import IndexPlan, analyze_embed, build_index
    from .embeddings import HashEmbedder

    dimension, weights, ngrams = job["embedder"]
    embedder = HashEmbedder(int(dimension), tuple(weights), tuple(ngrams))
    parent = int(job["parent"])
    raw_plan = job.get("plan")
    plan = None
    if isinstance(raw_plan, dict):
        plan = IndexPlan(
            root=Path(raw_plan["root"]),
            epoch=str(raw_plan["epoch"]),
            collection_id=str(raw_plan["collection_id"]),
            incremental=bool(raw_plan["incremental"]),
            removed=frozenset(raw_plan["removed"]),
        )
    terms: list[list[str]] = []
    for i, (start, end) in enumerate(job["bounds"]):
        if os.getppid() != parent:
            return
        vectors, batch_terms = analyze_embed(embedder, texts[start:end], embed=i > 0)
        terms.extend(batch_terms)
        if vectors is not None:
            out.write(frame(b"V", vectors.astype("<f4", copy=False).tobytes()))
            out.flush()
    ok = os.getppid() == parent and build_index(plan, ids, terms) is not None
    out.write(frame(b"I", json.dumps({"ok": ok}).encode()))
    out.flush()


def main() -> int:
    """Read the job from stdin, stream results to stdout (see the module docstring)."""
    out = os.fdopen(os.dup(1), "wb")
    try:
        os.nice(5)  # the parent's Chroma writes are the critical path: let them have the CPU
    except (AttributeError, OSError):
        pass
    os.dup2(2, 1)  # anything printed by accident goes to stderr, never into the frames
    try:
        job = json.loads(sys.stdin.readline())
        texts = json.loads(sys.stdin.readline())
        ids = json.loads(sys.stdin.readline())
        _serve(job, texts, ids, out)
    except BrokenPipeError:
        return 1  # the parent is gone
    except Exception as exc:  # reported to the parent, which falls back to embedding inline
        try:
            out.write(frame(b"E", f"{type(exc).__name__}: {exc}".encode()))
            out.flush()
        except OSError:
            pass
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
