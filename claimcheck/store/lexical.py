"""The lexical (BM25) index beside the Chroma collection, persisted and checked for staleness.

Built with ``bm25s`` (Lucene BM25, k1=1.5, b=0.75) over the stemmed content terms of
:mod:`claimcheck.store.analysis`. On disk, under ``{store}/lexical/{collection}/``::

    manifest.json        {"format", "epoch", "collection_id", "count", "dir", "analyzer"}
    v-<token>/           the bm25s arrays (numpy .npy, never pickled) and vocabulary (JSON),
                         ids.json (passage ids in index order), tokens.npy + offsets.npy
                         (every passage's term ids, so an ingest can update the index
                         without reading the collection back)

``manifest.json`` is replaced atomically and names the version folder, so a reader never sees a
half-written index. The index is *fresh* when the manifest's epoch, collection id and passage
count equal the collection's; otherwise it is rebuilt (see ``EvidenceStore``).
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import StoreError

__all__ = ["ANALYZER_ID", "LexicalIndex", "Manifest", "read_manifest"]

log = logging.getLogger(__name__)

ANALYZER_ID = "stem-en-v1"
"""Changes whenever the terms an index holds would change (forces a rebuild)."""
FORMAT = 1
Manifest = dict[str, Any]


def _bm25s() -> Any:
    os.environ.setdefault("DISABLE_TQDM", "1")  # bm25s reads it at import; no progress bars
    import bm25s

    bm25_log = logging.getLogger("bm25s")
    if bm25_log.level == logging.DEBUG:  # bm25s forces DEBUG on its logger at import
        bm25_log.setLevel(logging.WARNING)
    return bm25s


def read_manifest(root: Path) -> Manifest | None:
    """The manifest of the index under ``root``, or ``None`` when missing or unreadable."""
    try:
        data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("analyzer") != ANALYZER_ID:
        return None
    return data


class LexicalIndex:
    """A BM25 index over passages.

    Attributes:
        ids: passage ids, in index order (row ``i`` of the index is ``ids[i]``).
        epoch: the collection epoch the index was built from.
        collection_id: the Chroma collection id it was built from.
    """

    def __init__(
        self,
        ids: list[str],
        tokens: npt.NDArray[np.int32],
        offsets: npt.NDArray[np.int64],
        vocab: dict[str, int],
        retriever: Any,
        *,
        epoch: str,
        collection_id: str,
    ) -> None:
        self.ids = ids
        self._tokens = tokens
        self._offsets = offsets
        self.vocab = vocab
        self._bm25 = retriever
        self.epoch = epoch
        self.collection_id = collection_id
        scores = retriever.scores
        self._data = np.asarray(scores["data"], dtype=np.float32)
        self._indices = np.asarray(scores["indices"], dtype=np.int64)
        self._indptr = np.asarray(scores["indptr"], dtype=np.int64)
        self._idf: dict[str, float] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    # ------------------------------------------------------------------ build

    @classmethod
    def build(
        cls,
        ids: Sequence[str],
        terms: Sequence[Sequence[str]],
        *,
        epoch: str,
        collection_id: str,
    ) -> LexicalIndex:
        """Index passages ``ids`` whose stemmed terms are ``terms``."""
        if len(ids) != len(terms):
            raise ValueError("ids and terms differ in length")
        vocab: dict[str, int] = {"": 0}  # bm25s' empty token, so term-less passages are valid
        setdefault = vocab.setdefault
        token_lists = [[setdefault(t, len(vocab)) for t in doc] for doc in terms]
        lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(ids))
        offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        flat = np.fromiter(
            (t for doc in token_lists for t in doc), dtype=np.int32, count=int(offsets[-1])
        )
        return cls._from_tokens(list(ids), flat, offsets, vocab, epoch, collection_id, token_lists)

    @classmethod
    def _from_tokens(
        cls,
        ids: list[str],
        flat: npt.NDArray[np.int32],
        offsets: npt.NDArray[np.int64],
        vocab: dict[str, int],
        epoch: str,
        collection_id: str,
        token_lists: list[list[int]] | None = None,
    ) -> LexicalIndex:
        bm25s = _bm25s()
        if token_lists is None:
            bounds = offsets.tolist()
            as_list = flat.tolist()
            token_lists = [as_list[bounds[i] : bounds[i + 1]] for i in range(len(ids))]
        retriever = bm25s.BM25(method="lucene", k1=1.5, b=0.75)
        if len(flat):
            retriever.index((token_lists, vocab), create_empty_token=False, show_progress=False)
        else:  # no passage has a single term (bm25s would divide by a zero average length)
            retriever.scores = {
                "data": np.zeros(0, dtype=np.float32),
                "indices": np.zeros(0, dtype=np.int32),
                "indptr": np.zeros(len(vocab) + 1, dtype=np.int32),
                "num_docs": len(ids),
            }
            retriever.vocab_dict = vocab
            retriever.nonoccurrence_array = None
        return cls(ids, flat, offsets, vocab, retriever, epoch=epoch, collection_id=collection_id)

    def updated(
        self,
        remove_ids: set[str],
        add_ids: Sequence[str],
        add_terms: Sequence[Sequence[str]],
        *,
        epoch: str,
    ) -> LexicalIndex:
        """A new index without ``remove_ids`` (and any id being re-added) plus the new passages."""
        drop = remove_ids | set(add_ids)
        keep = [i for i, pid in enumerate(self.ids) if pid not in drop]
        inverse = {v: k for k, v in self.vocab.items()}
        terms: list[Sequence[str]] = []
        bounds = self._offsets
        for i in keep:
            row = self._tokens[bounds[i] : bounds[i + 1]].tolist()
            terms.append([inverse[t] for t in row])
        terms.extend(add_terms)
        ids = [self.ids[i] for i in keep] + list(add_ids)
        return LexicalIndex.build(ids, terms, epoch=epoch, collection_id=self.collection_id)

    # ------------------------------------------------------------------ persistence

    def save(self, root: Path) -> None:
        """Write the index under ``root`` (a new version folder, then the manifest, atomically)."""
        root.mkdir(parents=True, exist_ok=True)
        version = f"v-{uuid.uuid4().hex[:12]}"
        folder = root / version
        folder.mkdir()
        try:
            self._bm25.save(str(folder), allow_pickle=False, show_progress=False)
            np.save(folder / "tokens.npy", self._tokens, allow_pickle=False)
            np.save(folder / "offsets.npy", self._offsets, allow_pickle=False)
            (folder / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")
            manifest = {
                "format": FORMAT,
                "analyzer": ANALYZER_ID,
                "epoch": self.epoch,
                "collection_id": self.collection_id,
                "count": len(self.ids),
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
    def load(cls, root: Path) -> LexicalIndex | None:
        """The index saved under ``root``, or ``None`` when missing, outdated or unreadable."""
        manifest = read_manifest(root)
        if manifest is None:
            return None
        folder = root / str(manifest.get("dir", ""))
        try:
            retriever = _bm25s().BM25.load(str(folder), allow_pickle=False, show_progress=False)
            ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
            tokens = np.load(folder / "tokens.npy", allow_pickle=False)
            offsets = np.load(folder / "offsets.npy", allow_pickle=False)
        except (OSError, ValueError, KeyError) as exc:
            log.info("lexical index at %s unreadable (%s); it will be rebuilt", root, exc)
            return None
        if not isinstance(ids, list) or len(ids) != int(manifest.get("count", -1)):
            return None
        if len(offsets) != len(ids) + 1:
            return None
        _remove_old_versions(root, keep=folder.name)
        return cls(
            ids,
            tokens,
            offsets,
            dict(retriever.vocab_dict),
            retriever,
            epoch=str(manifest.get("epoch", "")),
            collection_id=str(manifest.get("collection_id", "")),
        )

    # ------------------------------------------------------------------ search

    def search_many(
        self, queries: Sequence[Sequence[str]], k: int
    ) -> list[list[tuple[int, float]]]:
        """Top ``k`` ``(row, bm25 score)`` per query of stemmed terms, best first (score > 0)."""
        out: list[list[tuple[int, float]]] = []
        n_docs = len(self.ids)
        for terms in queries:
            tids = [self.vocab[t] for t in terms if t in self.vocab and t]
            if not tids or n_docs == 0:
                out.append([])
                continue
            arr = np.asarray(tids, dtype=np.int64)
            starts, ends = self._indptr[arr], self._indptr[arr + 1]
            lengths = ends - starts
            total = int(lengths.sum())
            if total == 0:
                out.append([])
                continue
            pos = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
            scores = np.bincount(self._indices[pos], weights=self._data[pos], minlength=n_docs)
            top = min(k, int(np.count_nonzero(scores)))
            if top == 0:
                out.append([])
                continue
            rows = np.argpartition(-scores, top - 1)[:top]
            rows = rows[np.lexsort((rows, -scores[rows]))]
            out.append([(int(r), float(scores[r])) for r in rows])
        return out

    def idf(self, terms: Sequence[str] | None = None) -> Mapping[str, float]:
        """Inverse document frequency (Lucene form) of ``terms`` (all indexed terms if ``None``)."""
        n_docs = max(len(self.ids), 1)
        df = np.diff(self._indptr)

        def one(term: str) -> float:
            t = self.vocab.get(term)
            freq = int(df[t]) if t is not None and t < len(df) else 0
            return math.log(1.0 + (n_docs - freq + 0.5) / (freq + 0.5))

        if terms is None:
            return {term: one(term) for term in self.vocab if term}
        return {term: one(term) for term in set(terms) if term}

    def check(self) -> None:
        """Raise :class:`StoreError` if the arrays are inconsistent (a corrupt index)."""
        if len(self._indptr) < 1 or int(self._indptr[-1]) != len(self._indices):
            raise StoreError("the lexical index is corrupt: delete the store's lexical/ folder")


STALE_VERSION_S = 120.0
"""A version folder (or manifest temp file) not named by the manifest is deleted once it is this
old. Younger ones may be another process's save in progress, or the version a concurrent reader
just found in the manifest: several checkers may share one cache folder (e.g. in server mode)."""


def _remove_old_versions(root: Path, keep: str) -> None:
    """Best effort: delete versions nobody should read any more (see :data:`STALE_VERSION_S`)."""
    import time

    manifest = read_manifest(root)
    current = str(manifest.get("dir", "")) if manifest else ""
    now = time.time()
    for old in root.iterdir():
        if old.name in (keep, current) or not (old.name.startswith("v-") or old.suffix == ".tmp"):
            continue
        try:
            if now - old.stat().st_mtime < STALE_VERSION_S:
                continue
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
        except OSError:  # removed by another process meanwhile
            continue
