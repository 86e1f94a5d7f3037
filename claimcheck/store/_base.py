"""Shared state of :class:`~claimcheck.store.EvidenceStore`: settings, the Chroma client and
collection, the embedder, the write lock, and the lexical index kept in step with the collection.

The ingest and search halves of the store live in :mod:`claimcheck.store._ingest` and
:mod:`claimcheck.store._search`; both build on :class:`StoreBase`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import numpy as np
from langchain_core.embeddings import Embeddings

from ..errors import (
    ConfigError,
    EmbedderMismatchError,
    LockTimeoutError,
    StoreError,
    StoreNotReadyError,
)
from . import _chroma
from .analysis import analyze
from .embeddings import embedder_dimension, embedder_name, get_embedder
from .fusion import FusionWeights
from .lexical import LexicalIndex, read_manifest
from .records import index_text
from .vectors import EXACT_MAX_VALUES, ExactVectors

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["ProgressCallback", "StoreBase"]

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int, "int | None"], None]
"""``progress(stage, done, total)``; stages: ``lock`` (waiting for another writer), ``load``,
``scan``, ``embed``, ``write``, ``index``. ``total`` is ``None`` when unknown."""


def _valid_collection(name: str) -> str:
    ok = (
        3 <= len(name) <= 512
        and name[0].isalnum()
        and name[-1].isalnum()
        and all(c.isascii() and (c.isalnum() or c in "._-") for c in name)
    )
    if not ok:
        raise ConfigError(
            f"invalid collection name {name!r}: use 3-512 characters from a-z A-Z 0-9 . _ -, "
            "starting and ending with a letter or digit (--collection)"
        )
    return name


class StoreBase:
    """What every part of the store needs (see :class:`~claimcheck.store.EvidenceStore` for
    the arguments)."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        collection: str = "evidence",
        embedder: str | Embeddings = "hash",
        chroma_url: str | None = None,
        settings: Settings | None = None,
        lock_timeout: float | None = None,
        fusion: FusionWeights | None = None,
    ) -> None:
        if path is None:
            if settings is None:
                from ..config import Settings

                settings = Settings.load()
            path = settings.store
        self.path = Path(path).expanduser()
        self.collection_name = _valid_collection(collection)
        self.chroma_url = chroma_url or (settings.chroma_url if settings is not None else None)
        if self.chroma_url:
            _chroma.parse_chroma_url(self.chroma_url)  # fail early on a malformed URL
        self._settings = settings
        self._embedder_spec = embedder
        self._embedder: Embeddings | None = None if isinstance(embedder, str) else embedder
        if lock_timeout is None:
            lock_timeout = settings.lock_timeout_s if settings is not None else 60.0
        self.lock_timeout = float(lock_timeout)
        self.fusion = fusion or FusionWeights()
        self._client: Any = None
        self._lexical: LexicalIndex | None = None
        self._lexical_lock = threading.RLock()
        self._vectors: ExactVectors | None = None

    def __repr__(self) -> str:
        where = self.chroma_url or str(self.path)
        return f"{type(self).__name__}({where!r}, collection={self.collection_name!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the Chroma client and the in-memory indexes (reopened on next use)."""
        self._client = None
        self._lexical = None
        self._vectors = None

    @property
    def embedder(self) -> Embeddings:
        """The embedder (built on first use; an unknown name raises :class:`ConfigError`)."""
        if self._embedder is None:
            assert isinstance(self._embedder_spec, str)
            self._embedder = get_embedder(self._embedder_spec, self._settings)
        return self._embedder

    @property
    def embedder_name(self) -> str:
        """Name of the embedder this store object uses (recorded on the collection)."""
        return embedder_name(self.embedder)

    def _safe_embedder_name(self) -> str:
        try:
            return self.embedder_name
        except ConfigError:
            return str(self._embedder_spec)

    @property
    def lexical_dir(self) -> Path:
        """Where the lexical index of this collection lives: ``{store}/lexical/{collection}``,
        or ``{store}/lexical/{collection}@{host}-{port}`` for a collection on a Chroma server (a
        local cache; its manifest names the collection id, epoch and count it was built from)."""
        name = self.collection_name
        if self.chroma_url:
            host, port, _ = _chroma.parse_chroma_url(self.chroma_url)
            name += "@" + "".join(c if c.isalnum() or c in ".-" else "_" for c in host) + f"-{port}"
        return self.path / "lexical" / name

    @property
    def vectors_dir(self) -> Path:
        """Where the exact-search copy of the vectors lives: beside the lexical index, under
        ``{store}/vectors/`` (see :mod:`claimcheck.store.vectors`)."""
        return self.path / "vectors" / self.lexical_dir.name

    def repair_hint(self) -> str:
        """What to run when the store is damaged (appended to :class:`StoreError` messages)."""
        return f"run `claimcheck store repair {self._target()}`, or re-ingest into a fresh --store"

    def _target(self) -> str:
        """The CLI options that name this store."""
        target = (
            f"--store {self.path}" if not self.chroma_url else f"--chroma-url {self.chroma_url}"
        )
        if self.collection_name != "evidence":
            target += f" --collection {self.collection_name}"
        return target

    def _read_failed(self, what: str, exc: BaseException) -> StoreError:
        """A :class:`StoreError` for a failed Chroma read, suggesting ``store repair``."""
        return StoreError(f"{what} failed: {_chroma.one_line(exc)}; {self.repair_hint()}")

    def _exists_locally(self) -> bool:
        return (self.path / "chroma" / "chroma.sqlite3").is_file()

    def _not_ready(self, what: str) -> StoreNotReadyError:
        return StoreNotReadyError(f"{what}: run `claimcheck ingest PATH {self._target()}` first")

    def _get_client(self) -> Any:
        if self._client is None:
            self._client = _chroma.connect(self.path, self.chroma_url)
        return self._client

    def _read_collection(self) -> Any:
        """The collection for reading, with fresh metadata.

        Raises:
            StoreNotReadyError: no store, no collection, or no passages.
            EmbedderMismatchError: built with another embedder.
        """
        if not self.chroma_url and not self._exists_locally():
            raise self._not_ready(f"no evidence store at {self.path}")
        client = self._get_client()
        try:
            collection = client.get_collection(self.collection_name, embedding_function=None)
        except _chroma.chroma_errors() as exc:
            if "does not exist" in str(exc).lower() or type(exc).__name__ == "NotFoundError":
                raise self._not_ready(
                    f"the store has no collection {self.collection_name!r}"
                ) from None
            raise self._read_failed("reading the Chroma collection", exc) from exc
        self._check_embedder(collection)
        try:
            count = collection.count()
        except _chroma.chroma_errors() as exc:
            raise self._read_failed("reading the Chroma collection", exc) from exc
        if count == 0:
            raise self._not_ready(f"the evidence store at {self.chroma_url or self.path} is empty")
        return collection

    def _check_embedder(self, collection: Any) -> None:
        meta = _chroma.collection_meta(collection)
        stored = meta.get("embedder")
        requested = self.embedder_name
        if stored and stored != requested:
            raise EmbedderMismatchError(
                f"the store {self.chroma_url or self.path} (collection {self.collection_name}) was "
                f"built with the embedder {stored!r}, not {requested!r}: use --embedder {stored} "
                "(CLAIMCHECK_EMBEDDER), or ingest into a new --store/--collection",
                stored=str(stored),
                requested=requested,
            )

    @contextmanager
    def _write_lock(self, progress: ProgressCallback | None) -> Iterator[None]:
        from filelock import FileLock, Timeout

        self.path.mkdir(parents=True, exist_ok=True)
        lock_path = self.path / ".lock"
        lock = FileLock(str(lock_path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            log.info(
                "waiting up to %gs for another process writing to %s", self.lock_timeout, self.path
            )
            if progress is not None:
                progress("lock", 0, None)
            try:
                lock.acquire(timeout=self.lock_timeout)
            except Timeout:
                raise LockTimeoutError(
                    f"another process is writing to the store {self.path} (lock {lock_path} held "
                    f"for more than {self.lock_timeout:g}s): wait for it to finish, or raise "
                    "CLAIMCHECK_LOCK_TIMEOUT_S"
                ) from None
        try:
            yield
        finally:
            lock.release()

    def _write_collection(self) -> Any:
        client = self._get_client()
        name = self.embedder_name
        dim = embedder_dimension(self.embedder)
        metadata: dict[str, Any] = {
            "hnsw:space": "cosine",
            "embedder": name,
            "schema": _chroma.STORE_SCHEMA,
            "epoch": _chroma.new_epoch(),
            "documents": 0,
        }
        if dim:
            metadata["dimension"] = dim
        try:
            collection = client.get_or_create_collection(
                self.collection_name, metadata=metadata, embedding_function=None
            )
        except _chroma.chroma_errors() as exc:
            raise StoreError(f"cannot open or create the Chroma collection: {exc}") from exc
        self._check_embedder(collection)
        return collection

    def _index_matches(self, epoch: str, count: int, collection: Any) -> bool:
        """Whether the saved lexical index is of the collection state ``(epoch, count)``."""
        manifest = read_manifest(self.lexical_dir)
        return (
            manifest is not None
            and manifest.get("epoch") == epoch
            and manifest.get("collection_id") == str(collection.id)
            and manifest.get("count") == count
        )

    def _save_lexical(self, index: LexicalIndex) -> None:
        try:
            index.save(self.lexical_dir)
        except OSError as exc:  # a read-only cache folder must not break searching
            log.warning("could not save the lexical index under %s: %s", self.lexical_dir, exc)

    def _rebuild_lexical(
        self, collection: Any, progress: ProgressCallback | None = None
    ) -> LexicalIndex:
        """Build the lexical index from the collection's passages and save it."""
        epoch = str(_chroma.collection_meta(collection).get("epoch", ""))
        total = collection.count()
        ids: list[str] = []
        keys: list[str] = []
        try:
            for page in _chroma.paged_get(collection, ["documents", "metadatas"]):
                for pid, text, meta in zip(
                    page["ids"], page["documents"], page["metadatas"], strict=True
                ):
                    ids.append(pid)
                    keys.append(index_text(str((meta or {}).get("title", "") or ""), text or ""))
                if progress is not None:
                    progress("index", len(ids), total)
        except _chroma.chroma_errors() as exc:
            raise self._read_failed("reading the Chroma collection", exc) from exc
        log.info("rebuilding the lexical index of %s (%d passages)", self.collection_name, len(ids))
        index = LexicalIndex.build(
            ids, analyze(keys).terms(), epoch=epoch, collection_id=str(collection.id)
        )
        self._save_lexical(index)
        return index

    def _refresh_lexical_after_noop(self, collection: Any) -> None:
        """After an ingest that changed nothing, make sure the lexical index exists."""
        if self._lexical_state(collection) != "fresh":
            self._lexical = self._rebuild_lexical(collection)

    def _lexical_state(self, collection: Any) -> str:
        manifest = read_manifest(self.lexical_dir)
        if manifest is None:
            return "missing"
        meta = _chroma.collection_meta(collection)
        fresh = (
            manifest.get("epoch") == meta.get("epoch")
            and manifest.get("collection_id") == str(collection.id)
            and manifest.get("count") == collection.count()
        )
        return "fresh" if fresh else "stale"

    def _vector_state(self, collection: Any, dim: int | None) -> str:
        """How searches rank by vector (:attr:`StoreInfo.vector_search`)."""
        count = collection.count()
        if count * max(dim or 1, 1) > EXACT_MAX_VALUES:
            return "approximate"
        copy = self._vectors
        if copy is None or copy.epoch != str(_chroma.collection_meta(collection).get("epoch", "")):
            copy = ExactVectors.load(self.vectors_dir)
        fresh = (
            copy is not None
            and copy.epoch == str(_chroma.collection_meta(collection).get("epoch", ""))
            and copy.collection_id == str(collection.id)
            and len(copy) == count
        )
        return "exact" if fresh else "exact after copy"

    def _fresh_vectors(self, collection: Any, dim: int) -> ExactVectors | None:
        """The exact-search copy of the collection's vectors, loaded or rebuilt so that it
        matches the collection; ``None`` for a store too large to search exactly."""
        with self._lexical_lock:
            epoch = str(_chroma.collection_meta(collection).get("epoch", ""))
            count = collection.count()
            if count * max(dim, 1) > EXACT_MAX_VALUES:
                return None

            def matches(copy: ExactVectors | None) -> bool:
                return (
                    copy is not None
                    and copy.epoch == epoch
                    and copy.collection_id == str(collection.id)
                    and len(copy) == count
                )

            if matches(self._vectors):
                return self._vectors
            copy = ExactVectors.load(self.vectors_dir)
            if not matches(copy):
                copy = self._rebuild_vectors(collection, epoch)
            self._vectors = copy
            return copy

    def _rebuild_vectors(self, collection: Any, epoch: str) -> ExactVectors:
        try:
            pages = [
                (page["ids"], np.asarray(page["embeddings"], dtype=np.float32))
                for page in _chroma.paged_get(collection, ["embeddings"], page=1000)
            ]
        except _chroma.chroma_errors() as exc:
            raise self._read_failed("reading passage vectors from Chroma", exc) from exc
        copy = ExactVectors.build(pages, epoch=epoch, collection_id=str(collection.id))
        log.info("copied %d vectors of %s for exact search", len(copy), self.collection_name)
        try:
            copy.save(self.vectors_dir)
        except OSError as exc:  # a read-only cache folder must not break searching
            log.warning("could not save the vector copy under %s: %s", self.vectors_dir, exc)
        return copy

    def _fresh_lexical(self, collection: Any) -> LexicalIndex:
        """The lexical index, loaded or rebuilt so that it matches the collection."""
        with self._lexical_lock:  # one load/rebuild at a time when threads search together
            return self._fresh_lexical_locked(collection)

    def _fresh_lexical_locked(self, collection: Any) -> LexicalIndex:
        epoch = str(_chroma.collection_meta(collection).get("epoch", ""))
        count = collection.count()

        def matches(index: LexicalIndex | None) -> bool:
            return (
                index is not None
                and index.epoch == epoch
                and index.collection_id == str(collection.id)
                and len(index) == count
            )

        if matches(self._lexical):
            assert self._lexical is not None
            return self._lexical
        loaded = LexicalIndex.load(self.lexical_dir)
        index = (
            loaded if loaded is not None and matches(loaded) else self._rebuild_lexical(collection)
        )
        self._lexical = index
        return index
