"""Chroma access: clients, the collection and its metadata, paged reads, error mapping.

Chroma never embeds anything here: collections are opened with ``embedding_function=None`` and
every write/query passes explicit vectors. Telemetry is off. ``chromadb`` is imported lazily
(it takes about a second), so commands that never touch the store stay fast.

Collection metadata written by claimcheck::

    embedder     name of the embedder the vectors come from (e.g. "hash-v1-1024")
    dimension    vector size
    schema       STORE_SCHEMA (layout of passage metadata)
    epoch        a fresh token before and after every write ("w-…" while writing), so an index
                 derived from the collection can tell it is stale
    documents    number of documents after the last complete ingest
    hnsw:space   "cosine" (set at creation; Chroma keeps it in the collection configuration
                 and does not allow it in later metadata updates)
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ..errors import ConfigError, StoreError

__all__ = [
    "STORE_SCHEMA",
    "chroma_errors",
    "one_line",
    "writing",
    "collection_meta",
    "connect",
    "forget_client",
    "new_epoch",
    "paged_get",
    "parse_chroma_url",
    "set_meta",
]

log = logging.getLogger(__name__)

STORE_SCHEMA = 1
_PAGE = 5000


def new_epoch(writing: bool = False) -> str:
    """A fresh epoch token; ``writing`` tokens mark a write in progress (or interrupted)."""
    token = uuid.uuid4().hex[:16]
    return f"w-{token}" if writing else token


def parse_chroma_url(url: str) -> tuple[str, int, bool]:
    """``(host, port, ssl)`` of ``http(s)://HOST[:PORT]``.

    Raises:
        ConfigError: not an http(s) URL with a host.
    """
    parsed = urlparse(url if "://" in url else f"http://{url}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(
            f"invalid Chroma URL {url!r}: use http://HOST:PORT "
            "(CLAIMCHECK_CHROMA_URL / --chroma-url)"
        )
    ssl = parsed.scheme == "https"
    port = parsed.port or (443 if ssl else 8000)
    return parsed.hostname, port, ssl


def chroma_errors() -> tuple[type[BaseException], ...]:
    """Exception types that mean Chroma failed (mapped to :class:`StoreError`)."""
    from chromadb.errors import ChromaError

    return (ChromaError, ValueError, RuntimeError, OSError, ConnectionError)


@contextmanager
def writing(what: str) -> Iterator[None]:
    """Map Chroma failures inside the block to :class:`StoreError` ("re-run the ingest")."""
    try:
        yield
    except chroma_errors() as exc:
        raise StoreError(
            f"Chroma failed while {what}: {one_line(exc)}; re-run the ingest to complete it"
        ) from exc


def connect(path: Path, chroma_url: str | None) -> Any:
    """A Chroma client: ``HttpClient`` when ``chroma_url`` is set, else ``PersistentClient``
    on ``path / "chroma"`` (which the caller must have decided may be created).

    Raises:
        StoreError: the store cannot be opened or the server cannot be reached.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if chroma_url:
            host, port, ssl = parse_chroma_url(chroma_url)
            client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
            client.heartbeat()
            return client
        return chromadb.PersistentClient(path=str(path / "chroma"), settings=settings)
    except ConfigError:
        raise
    except Exception as exc:  # chromadb raises many types here; all mean "cannot open"
        if not chroma_url:
            forget_client(path)  # Chroma caches the half-started client: the next try must retry
        where = chroma_url or str(path)
        hint = (
            "check that `chroma run` is serving there"
            if chroma_url
            else f"run `claimcheck store repair --store {path}`, or re-ingest into a fresh --store"
        )
        raise StoreError(
            f"cannot open the Chroma store at {where}: {one_line(exc)}; {hint}"
        ) from exc


def forget_client(path: Path) -> None:
    """Drop Chroma's in-process cached client of the store at ``path`` (after a failed open,
    or when its files were moved away), so that the next client opens the files again."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(str(path / "chroma"), None)
    except (ImportError, AttributeError):  # a Chroma version without this cache
        pass


def one_line(exc: BaseException) -> str:
    """``exc`` as one line of at most 300 characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:300]


def collection_meta(collection: Any) -> dict[str, Any]:
    """The collection's metadata as a plain dict (empty when none)."""
    return dict(collection.metadata or {})


def set_meta(collection: Any, **changes: Any) -> dict[str, Any]:
    """Update some metadata keys of ``collection`` (Chroma replaces the whole mapping)."""
    meta = {k: v for k, v in collection_meta(collection).items() if not k.startswith("hnsw:")}
    meta.update({k: v for k, v in changes.items() if v is not None})
    collection.modify(metadata=meta)
    return meta


def paged_get(
    collection: Any,
    include: Sequence[str],
    *,
    page: int = _PAGE,
    where: dict[str, Any] | None = None,
) -> Iterator[dict[str, Any]]:
    """Every record of ``collection`` (``ids`` plus ``include``), ``page`` records at a time."""
    offset = 0
    while True:
        batch = collection.get(include=list(include), limit=page, offset=offset, where=where)
        ids = batch.get("ids") or []
        if not ids:
            return
        yield batch
        if len(ids) < page:
            return
        offset += len(ids)
