"""How documents and passages are stored as Chroma records, and how to read them back.

Every passage record carries, in its metadata: ``doc_id``, ``doc_sha256`` (SHA-256 of the
document text), ``n`` (0-based position), ``n_passages``, ``start``/``end`` (offsets into the
document text), ``title``, ``url``, ``published`` (``""`` when unknown), and the document's own
metadata twice: exactly, as JSON in ``meta_json``, and its scalar values as ``meta.<key>`` (so
they can be used in Chroma ``where`` filters). The record's document is the passage text, so a
document is rebuilt by concatenating its passages in order.

A stored document is *complete* when it has exactly ``n_passages`` passages numbered
``0..n_passages-1``, all with the same ``doc_sha256``; anything else (an interrupted ingest,
left-over passages of an older version) is redone by the next ingest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models import Document, Passage

__all__ = [
    "StoredDoc",
    "doc_sha256",
    "document_from_records",
    "index_text",
    "passage_from_record",
    "passage_metadata",
    "scan_metadata",
]

_SCALARS = (str, int, float, bool)


def doc_sha256(text: str) -> str:
    """SHA-256 (hex) of a document's text, as stored in ``doc_sha256``."""
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def index_text(title: str, text: str) -> str:
    """What is embedded and indexed for a passage: its text, preceded by the document title
    unless the passage already starts with it (a heading line)."""
    if title and not text.lstrip("# \t\r\n").startswith(title):
        return f"{title}\n{text}"
    return text


def passage_metadata(
    doc: Document, passage: Passage, n: int, n_passages: int, sha: str
) -> dict[str, Any]:
    """The metadata stored with passage ``n`` of ``doc``."""
    meta: dict[str, Any] = {
        "doc_id": doc.id,
        "doc_sha256": sha,
        "n": n,
        "n_passages": n_passages,
        "start": passage.start,
        "end": passage.end,
        "title": doc.title,
        "url": doc.url,
        "published": doc.published or "",
    }
    if doc.metadata:
        meta["meta_json"] = json.dumps(
            doc.metadata, ensure_ascii=False, sort_keys=True, default=str
        )
        for key, value in doc.metadata.items():
            if isinstance(value, _SCALARS) and key:
                meta[f"meta.{key}"] = value
    return meta


@dataclass
class StoredDoc:
    """What the collection holds for one document id (from its passages' metadata)."""

    ids: set[str] = field(default_factory=set)
    shas: set[str] = field(default_factory=set)
    numbers: set[int] = field(default_factory=set)
    declared: set[int] = field(default_factory=set)

    def add(self, passage_id: str, meta: Mapping[str, Any]) -> None:
        """Account for one stored passage."""
        self.ids.add(passage_id)
        self.shas.add(str(meta.get("doc_sha256", "")))
        self.numbers.add(int(meta.get("n", -1)))
        self.declared.add(int(meta.get("n_passages", -1)))

    def is_complete(self, sha: str) -> bool:
        """Whether exactly one full copy of the text with hash ``sha`` is stored."""
        if self.shas != {sha} or len(self.declared) != 1:
            return False
        count = next(iter(self.declared))
        return self.numbers == set(range(count)) and len(self.ids) == count


def scan_metadata(pages: Sequence[Mapping[str, Any]] | Any) -> dict[str, StoredDoc]:
    """Group stored passages by document from pages of ``collection.get(include=["metadatas"])``."""
    docs: dict[str, StoredDoc] = {}
    for page in pages:
        for pid, meta in zip(page["ids"], page["metadatas"] or [], strict=False):
            if not meta or "doc_id" not in meta:
                continue
            docs.setdefault(str(meta["doc_id"]), StoredDoc()).add(pid, meta)
    return docs


def passage_from_record(
    passage_id: str,
    text: str,
    meta: Mapping[str, Any],
    score: float = 0.0,
    scores: dict[str, float] | None = None,
) -> Passage:
    """A :class:`Passage` from a stored record."""
    return Passage(
        passage_id=passage_id,
        doc_id=str(meta.get("doc_id", passage_id.rsplit("#", 1)[0])),
        text=text,
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", len(text))),
        title=str(meta.get("title", "") or ""),
        url=str(meta.get("url", "") or ""),
        score=score,
        scores=scores or {},
    )


def document_from_records(
    doc_id: str, texts: Sequence[str], metas: Sequence[Mapping[str, Any]]
) -> tuple[Document, bool]:
    """The document rebuilt from its passage records, and whether the copy is complete and
    matches its stored hash."""
    order = sorted(range(len(metas)), key=lambda i: int(metas[i].get("n", 0)))
    text = "".join(texts[i] for i in order)
    stored = StoredDoc()
    for i in order:
        stored.add(f"{doc_id}#{metas[i].get('n')}", metas[i])
    first = metas[order[0]]
    sha = str(first.get("doc_sha256", ""))
    ok = stored.is_complete(sha) and doc_sha256(text) == sha
    metadata: dict[str, Any] = {}
    raw = first.get("meta_json")
    if isinstance(raw, str) and raw:
        try:
            loaded = json.loads(raw)
            metadata = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            metadata = {}
    published = first.get("published") or None
    doc = Document(
        id=doc_id,
        text=text,
        title=str(first.get("title", "") or ""),
        url=str(first.get("url", "") or ""),
        published=None if published is None else str(published),
        metadata=metadata,
    )
    return doc, ok
