"""Split a document into passages that tile its text exactly.

Passages are runs of whole sentences (:func:`claimcheck.text.sentences`) of about
``target`` characters, never more than ``max_chars`` unless one sentence is longer (then it is
cut at whitespace). They **tile** the document: passage 0 starts at offset 0, each passage ends
where the next starts and the last ends at ``len(text)``, so

* ``document.text[p.start:p.end] == p.text`` for every passage, and
* ``"".join(p.text for p in passages) == document.text`` — which is how
  :meth:`EvidenceStore.get_document` rebuilds a document from the collection alone.

Whitespace between two sentences belongs to the end of the earlier passage.
"""

from __future__ import annotations

import math

from ..models import Document, Passage
from ..text import sentences

__all__ = ["MAX_CHARS", "MIN_CHARS", "TARGET_CHARS", "chunk_document", "chunk_text", "passage_id"]

MIN_CHARS = 600
TARGET_CHARS = 900
MAX_CHARS = 1200


def passage_id(doc_id: str, n: int) -> str:
    """The id of passage ``n`` of document ``doc_id``: ``"{doc_id}#{n}"``."""
    return f"{doc_id}#{n}"


def _cut_points(text: str, max_chars: int) -> list[int]:
    """Offsets where a passage may start: every sentence start, plus whitespace cuts that keep
    over-long sentences under ``max_chars``."""
    points: list[int] = []
    for sent in sentences(text):
        points.append(sent.start)
        pos = sent.start
        while sent.end - pos > max_chars:
            # cut the long sentence at the last whitespace before pos + max_chars
            limit = pos + max_chars
            cut = text.rfind(" ", pos + max_chars // 2, limit)
            if cut < 0:
                cut = max(text.rfind(ch, pos + max_chars // 2, limit) for ch in "\n\t")
            cut = limit if cut < 0 else cut + 1
            points.append(cut)
            pos = cut
    return points


def chunk_text(
    text: str,
    *,
    target: int = TARGET_CHARS,
    min_chars: int = MIN_CHARS,
    max_chars: int = MAX_CHARS,
) -> list[tuple[int, int]]:
    """``(start, end)`` ranges of the passages of ``text``; they tile ``[0, len(text))``.

    The number of passages is ``round(len / target)`` (at least 1); boundaries are then placed
    at the sentence starts closest to even shares of the text, keeping each passage within
    ``max_chars`` whenever the sentences allow it.
    """
    length = len(text)
    if length == 0:
        return []
    if length <= max(max_chars, min_chars):
        return [(0, length)]
    points = sorted(set(p for p in _cut_points(text, max_chars) if 0 < p < length))
    count = max(1, math.ceil(length / max_chars), round(length / target))
    bounds = [0]
    i = 0  # index into points
    for part in range(1, count):
        remaining = count - part
        start = bounds[-1]
        ideal = start + (length - start) / (remaining + 1)
        best = None
        while i < len(points) and points[i] <= start:
            i += 1
        j = i
        while j < len(points) and points[j] - start <= max_chars:
            if best is None or abs(points[j] - ideal) < abs(best - ideal):
                best = points[j]
            j += 1
        if best is None:  # no cut within max_chars: take the next one
            if i >= len(points):
                break
            best = points[i]
        if length - best < min_chars // 2 and length - start <= max_chars:
            break  # the rest fits in this passage; avoid a tiny tail
        bounds.append(best)
    bounds.append(length)
    return [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1) if bounds[k + 1] > bounds[k]]


def chunk_document(doc: Document) -> list[Passage]:
    """The passages of ``doc`` (ids ``"{doc.id}#{n}"``, offsets into ``doc.text``)."""
    return [
        Passage(
            passage_id=passage_id(doc.id, n),
            doc_id=doc.id,
            text=doc.text[start:end],
            start=start,
            end=end,
            title=doc.title,
            url=doc.url,
        )
        for n, (start, end) in enumerate(chunk_text(doc.text))
    ]
