"""Evidence stores built for eval corpora, cached so repeated runs do not re-ingest.

A benchmark corpus is ingested once into ``CACHE/stores/<suite>-<corpus key>-<embedder>/``
(the embedder's full name, e.g. ``hash-v1-1024``)
(a local Chroma store + lexical index, like any ``--store`` folder). The corpus key hashes the
dataset files and :data:`~claimcheck.evaluation.datasets.DOC_FORMAT_VERSION`, so a changed file,
a changed conversion or another embedder gives a new folder; stale folders can be deleted at any
time. A ``complete.json`` marker is written only after a full ingest: an interrupted build is
detected and rebuilt from scratch on the next run.

The cache folder is ``--cache-dir``, else ``$CLAIMCHECK_EVAL_CACHE``, else
``$XDG_CACHE_HOME/claimcheck/eval`` (``~/.cache/claimcheck/eval``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from ..models import Document

if TYPE_CHECKING:
    from ..store import EvidenceStore

__all__ = ["MARKER", "ProgressCallback", "default_cache_dir", "open_corpus_store", "store_settings"]

log = logging.getLogger(__name__)

MARKER = "complete.json"
ProgressCallback = Callable[[str, int, "int | None"], None]
"""``progress(stage, done, total)``: what the CLI turns into a progress bar."""


def default_cache_dir() -> Path:
    """Where eval stores and downloads are cached (see the module docstring)."""
    explicit = os.environ.get("CLAIMCHECK_EVAL_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimcheck" / "eval"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:60] or "x"


def store_settings(settings: Settings, path: Path, collection: str) -> Settings:
    """``settings`` pointed at a local store folder (never a Chroma server) and collection."""
    return settings.model_copy(update={"store": path, "collection": collection, "chroma_url": None})


def open_corpus_store(
    name: str,
    corpus_key: str,
    documents: Sequence[Document],
    settings: Settings,
    cache_dir: Path,
    *,
    progress: ProgressCallback | None = None,
) -> tuple[EvidenceStore, Settings]:
    """The cached store of a corpus, ingesting ``documents`` first when it is not built yet.

    Returns:
        The store and the settings that point at it (for a :class:`ClaimChecker`).
    """
    from ..errors import StoreError, StoreNotReadyError
    from ..store import EvidenceStore, _chroma
    from ..store.embeddings import embedder_name, get_embedder

    embedder = embedder_name(get_embedder(settings.embedder, settings))  # e.g. hash-v1-1024
    folder = cache_dir / "stores" / f"{_slug(name)}-{corpus_key}-{_slug(embedder)}"
    scoped = store_settings(settings, folder, collection=_slug(name))
    marker = folder / MARKER
    expected = {"corpus_key": corpus_key, "embedder": embedder, "documents": len(documents)}
    if marker.is_file():
        try:
            if json.loads(marker.read_text(encoding="utf-8")) == expected:
                store = EvidenceStore.from_settings(scoped)
                store.ensure_ready()
                log.info("reusing the cached %s store at %s", name, folder)
                return store, scoped
        except (OSError, ValueError, StoreNotReadyError, StoreError):
            log.info("the cached %s store at %s cannot be used: rebuilding it", name, folder)
    if folder.exists():
        log.info("rebuilding the incomplete or outdated %s store at %s", name, folder)
        # a client of the old files may be cached in this process: drop it, or the new store
        # would reuse it and fail on the deleted database ("unable to open database file")
        _chroma.forget_client(folder)
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    store = EvidenceStore.from_settings(scoped)
    stats = store.ingest_documents(documents, progress=progress)
    if stats.failed:
        log.warning("%d documents of %s failed to ingest: %s", stats.failed, name, stats.errors[:3])
    marker.write_text(json.dumps(expected), encoding="utf-8")
    return store, scoped
