"""A LangChain LLM cache on stdlib ``sqlite3``, kept under the store folder.

:class:`SQLiteLLMCache` implements :class:`langchain_core.caches.BaseCache`, so it plugs into
``ChatOpenAI(cache=...)``: a call whose messages, model settings and output schema were seen
before is answered from disk without an HTTP request. Entries are keyed by a SHA-256 of

* a *namespace* (claimcheck passes a fingerprint of its output schemas, so a schema change
  never replays answers shaped for the old one),
* LangChain's ``llm_string`` (model, base URL, temperature, bound ``response_format``, …) with
  settings that cannot change an answer removed (timeout, retries, the key reference),
* the serialized messages.

Values are plain JSON: each generation's message as :func:`langchain_core.messages.messages_to_dict`
writes it (content, parsed structured output, usage and response metadata), so reading an entry
never imports or instantiates anything else. The API key is never stored (LangChain's
``llm_string`` names it only by reference, and only a hash of the key goes to disk).

:func:`count_cache_hits` lets a caller learn whether the calls made inside a ``with`` block were
answered from the cache (LangChain runs the lookup in a worker thread of the same context).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.caches import BaseCache
from langchain_core.messages import messages_from_dict, messages_to_dict
from langchain_core.outputs import ChatGeneration, Generation

__all__ = ["CacheHits", "SQLiteLLMCache", "count_cache_hits"]

logger = logging.getLogger(__name__)

CACHE_FILE = "llm-cache.sqlite"
_IRRELEVANT_KWARGS = ("request_timeout", "max_retries", "openai_api_key", "timeout")


@dataclass
class CacheHits:
    """How many cache lookups hit inside a :func:`count_cache_hits` block."""

    count: int = 0


_CURRENT_HITS: ContextVar[CacheHits | None] = ContextVar("claimcheck_cache_hits", default=None)


@contextmanager
def count_cache_hits() -> Iterator[CacheHits]:
    """Count the :class:`SQLiteLLMCache` hits of the calls made inside the block."""
    hits = CacheHits()
    token = _CURRENT_HITS.set(hits)
    try:
        yield hits
    finally:
        _CURRENT_HITS.reset(token)


def _encode(generations: Sequence[Generation]) -> str:
    items: list[dict[str, Any]] = []
    for generation in generations:
        if not isinstance(generation, ChatGeneration):
            raise TypeError(f"only chat generations are cached, not {type(generation).__name__}")
        items.append(
            {
                "message": messages_to_dict([generation.message])[0],
                "generation_info": generation.generation_info,
            }
        )
    return json.dumps(items, ensure_ascii=False)


def _decode(value: str) -> list[Generation]:
    items = json.loads(value)
    if not isinstance(items, list) or not items:
        raise ValueError("not a list of generations")
    out: list[Generation] = []
    for item in items:
        message = messages_from_dict([item["message"]])[0]
        out.append(ChatGeneration(message=message, generation_info=item.get("generation_info")))
    return out


def _normalize_llm_string(llm_string: str) -> str:
    """Drop settings that do not change answers (timeouts, retries, key reference)."""
    head, sep, tail = llm_string.partition("---")
    try:
        data = json.loads(head)
    except ValueError:
        return llm_string
    kwargs = data.get("kwargs") if isinstance(data, dict) else None
    if isinstance(kwargs, dict):
        for name in _IRRELEVANT_KWARGS:
            kwargs.pop(name, None)
    return json.dumps(data, sort_keys=True) + sep + tail


class SQLiteLLMCache(BaseCache):
    """LangChain cache in one SQLite file (thread-safe; several processes may share it).

    Args:
        path: the database file (created with its folder when missing).
        namespace: mixed into every key; entries of another namespace are never returned.
    """

    def __init__(self, path: Path, *, namespace: str = "") -> None:
        self.path = Path(path)
        self.namespace = namespace
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._broken = False

    def __repr__(self) -> str:
        return f"SQLiteLLMCache(path={str(self.path)!r})"

    # ------------------------------------------------------------------ storage

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS generations ("
                " key TEXT PRIMARY KEY, created REAL NOT NULL, value TEXT NOT NULL)"
            )
            conn.commit()
            self._conn = conn
        return self._conn

    def _key(self, prompt: str, llm_string: str) -> str:
        digest = hashlib.sha256()
        for part in (self.namespace, _normalize_llm_string(llm_string), prompt):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()

    def _disable(self, exc: Exception) -> None:
        if not self._broken:
            logger.warning(
                "LLM cache %s is unusable (%s); continuing without it (delete the file to reset)",
                self.path,
                exc,
            )
        self._broken = True

    # ------------------------------------------------------------------ BaseCache

    def lookup(self, prompt: str, llm_string: str) -> Sequence[Generation] | None:
        """Cached generations for ``(prompt, llm_string)``, or ``None``."""
        if self._broken:
            return None
        key = self._key(prompt, llm_string)
        try:
            with self._lock:
                row = (
                    self._connection()
                    .execute("SELECT value FROM generations WHERE key = ?", (key,))
                    .fetchone()
                )
        except sqlite3.Error as exc:
            self._disable(exc)
            return None
        if row is None:
            return None
        try:
            value = _decode(row[0])
        except (ValueError, KeyError, TypeError) as exc:  # a stale or foreign entry: a miss
            logger.debug("ignoring unreadable cache entry %s: %s", key[:12], exc)
            return None
        hits = _CURRENT_HITS.get()
        if hits is not None:
            hits.count += 1
        return value

    def update(self, prompt: str, llm_string: str, return_val: Sequence[Generation]) -> None:
        """Store ``return_val`` for ``(prompt, llm_string)``."""
        if self._broken:
            return
        try:
            value = _encode(return_val)
        except (TypeError, ValueError) as exc:
            logger.debug("not caching an answer that cannot be encoded: %s", exc)
            return
        key = self._key(prompt, llm_string)
        try:
            with self._lock:
                conn = self._connection()
                conn.execute(
                    "INSERT OR REPLACE INTO generations (key, created, value) VALUES (?, ?, ?)",
                    (key, time.time(), value),
                )
                conn.commit()
        except sqlite3.Error as exc:
            self._disable(exc)

    def clear(self, **kwargs: Any) -> None:
        """Delete every entry."""
        with self._lock:
            conn = self._connection()
            conn.execute("DELETE FROM generations")
            conn.commit()

    def __len__(self) -> int:
        with self._lock:
            row = self._connection().execute("SELECT COUNT(*) FROM generations").fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the database connection (reopened on next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
