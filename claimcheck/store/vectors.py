"""Exact vector search over a local copy of the collection's vectors, for reproducible results.

Chroma's HNSW index is approximate: the same query on the same store can return a different top
list from one process to the next (on the Climate-FEVER eval store, 20 of 300 claims got another
top 8 between two runs), and every fresh build differs again. For stores up to
:data:`EXACT_MAX_VALUES` vector values (about 15,000 passages of 1,024 dimensions: 32 MB on
disk as float16, 64 MB in memory as float32 while searching), claimcheck keeps the vectors
beside the lexical index and ranks passages by exact cosine similarity, ties broken by passage
id, so a query always gets the same passages. Larger stores use Chroma's index.

On disk, under ``{store}/vectors/{collection}/``::

    manifest.json   {"format", "epoch", "collection_id", "count", "dim", "dir"}
    v-<token>/      ids.json (passage ids, sorted), matrix.npy (unit rows, float16)

Like the lexical index, the copy is derived data: it is *fresh* when its manifest's epoch,
collection id and count equal the collection's, rebuilt from the collection otherwise, and
written to a new version folder before the manifest is replaced atomically.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["EXACT_MAX_VALUES", "ExactVectors"]

log = logging.getLogger(__name__)

FORMAT = 1
EXACT_MAX_VALUES = 16_000_000
"""Largest ``passages × dimensions`` searched exactly (beyond it, Chroma's HNSW index)."""
_STALE_S = 120.0


class ExactVectors:
    """Unit-length passage vectors in id order, searched by exact cosine similarity.

    Attributes:
        ids: passage ids, sorted (row ``i`` of the matrix is ``ids[i]``).
        epoch: the collection epoch the copy was made from.
        collection_id: the Chroma collection id it was made from.
    """

    def __init__(
        self, ids: list[str], matrix: npt.NDArray[Any], *, epoch: str, collection_id: str
    ) -> None:
        if matrix.ndim != 2 or matrix.shape[0] != len(ids):
            raise ValueError("one vector per id expected")
        self.ids = ids
        self._matrix = np.asarray(matrix, dtype=np.float32)  # unit rows, float32 to search
        self.epoch = epoch
        self.collection_id = collection_id

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        pages: Iterable[tuple[Sequence[str], npt.ArrayLike]],
        *,
        epoch: str,
        collection_id: str,
    ) -> ExactVectors:
        """The copy of ``(passage ids, their vectors)`` pages (any order), rows sorted by id
        and scaled to unit length (as float16 values, the precision saved on disk)."""
        ids: list[str] = []
        blocks: list[npt.NDArray[np.float32]] = []
        for page_ids, page_vectors in pages:
            block = np.asarray(page_vectors, dtype=np.float32)
            if len(page_ids) == 0:
                continue
            if block.ndim != 2 or block.shape[0] != len(page_ids):
                raise ValueError("one vector per id expected")
            ids.extend(page_ids)
            blocks.append(block)
        if not ids:
            empty = np.zeros((0, 0), dtype=np.float32)
            return cls([], empty, epoch=epoch, collection_id=collection_id)
        matrix = np.concatenate(blocks)
        del blocks
        order = sorted(range(len(ids)), key=ids.__getitem__)
        matrix = matrix[order]
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix /= np.where(norms > 0, norms, 1.0)
        # round to what the disk copy holds, so a loaded copy ranks exactly like this one
        matrix = matrix.astype(np.float16).astype(np.float32)
        return cls([ids[i] for i in order], matrix, epoch=epoch, collection_id=collection_id)

    def query(
        self, vectors: npt.NDArray[Any], k: int
    ) -> tuple[list[list[str]], list[list[float]]]:
        """Top ``k`` passage ids and cosine distances (``1 - cos``) per query, best first; equal
        similarities in passage id order. Same shape as Chroma's ``query`` result."""
        out_ids: list[list[str]] = []
        out_dist: list[list[float]] = []
        n = len(self.ids)
        queries = np.asarray(vectors, dtype=np.float32)
        if queries.ndim == 1:
            queries = queries[None, :]
        if n == 0 or k <= 0:
            return [[] for _ in queries], [[] for _ in queries]
        if queries.shape[1] != self._matrix.shape[1]:
            got, want = queries.shape[1], self._matrix.shape[1]
            raise ValueError(f"query vectors have {got} dimensions, the store {want}")
        norms = np.linalg.norm(queries, axis=1, keepdims=True)
        queries = (queries / np.where(norms > 0, norms, 1.0)).astype(np.float32)
        top = min(k, n)
        rows_all = np.arange(n)
        for start in range(0, len(queries), 64):
            sims = queries[start : start + 64] @ self._matrix.T
            for row in sims:
                best = np.argpartition(-row, top - 1)[:top]
                # ties at the cut: take every row as similar as the k-th, then order by id
                cut = row[best].min()
                best = rows_all[row >= cut]
                best = best[np.lexsort((best, -row[best]))][:top]
                out_ids.append([self.ids[i] for i in best])
                out_dist.append([float(1.0 - row[i]) for i in best])
        return out_ids, out_dist

    # ------------------------------------------------------------------ persistence

    def save(self, root: Path) -> None:
        """Write the copy under ``root`` (a new version folder, then the manifest, atomically)."""
        root.mkdir(parents=True, exist_ok=True)
        version = f"v-{uuid.uuid4().hex[:12]}"
        folder = root / version
        folder.mkdir()
        try:
            np.save(folder / "matrix.npy", self._matrix.astype(np.float16), allow_pickle=False)
            (folder / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")
            manifest = {
                "format": FORMAT,
                "epoch": self.epoch,
                "collection_id": self.collection_id,
                "count": len(self.ids),
                "dim": int(self._matrix.shape[1]),
                "dir": version,
            }
            tmp = root / f"manifest.{version}.tmp"
            tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            os.replace(tmp, root / "manifest.json")
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _remove_old_versions(root, keep=version)

    @classmethod
    def load(cls, root: Path) -> ExactVectors | None:
        """The copy saved under ``root``, or ``None`` when missing, outdated or unreadable."""
        try:
            manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                return None
            folder = root / str(manifest.get("dir", ""))
            ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
            matrix = np.load(folder / "matrix.npy", allow_pickle=False)
        except (OSError, ValueError) as exc:
            log.info("vector copy at %s unreadable (%s); it will be rebuilt", root, exc)
            return None
        if (
            not isinstance(ids, list)
            or len(ids) != int(manifest.get("count", -1))
            or matrix.ndim != 2
            or matrix.shape[0] != len(ids)
        ):
            return None
        return cls(
            ids,
            matrix,
            epoch=str(manifest.get("epoch", "")),
            collection_id=str(manifest.get("collection_id", "")),
        )


def _remove_old_versions(root: Path, keep: str) -> None:
    """Best effort: delete version folders and temp files older than a couple of minutes that
    the manifest does not name (younger ones may be another process's save in progress)."""
    try:
        current = str(json.loads((root / "manifest.json").read_text(encoding="utf-8"))["dir"])
    except (OSError, ValueError, KeyError, TypeError):
        current = ""
    now = time.time()
    for old in root.iterdir():
        if old.name in (keep, current) or not (old.name.startswith("v-") or old.suffix == ".tmp"):
            continue
        try:
            if now - old.stat().st_mtime < _STALE_S:
                continue
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
        except OSError:
            continue
