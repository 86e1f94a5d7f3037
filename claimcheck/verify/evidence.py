"""Evidence selection: the sentences (or adjacent pairs) of retrieved passages worth judging.

Every passage is split into sentences with offsets into the passage; a :class:`Candidate`
keeps those offsets so that its quote and its document offsets (``passage.start + offset``)
always agree with the ingested text. Sentences are ranked by how much of the claim they cover
(plus a little for the passage's retrieval score and for stating numbers when the claim does);
two adjacent sentences become one candidate when together they cover clearly more than
either alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Passage
from ..quantities import Relation, compare
from ..text import sentences
from .analysis import analyse, sketch
from .features import ClaimView, term_coverage

__all__ = ["Candidate", "select_candidates", "split_passages"]


@dataclass(frozen=True, slots=True, eq=False)
class Candidate:
    """A quotable piece of a passage: ``passage.text[start:end]``.

    Attributes:
        passage: where it comes from.
        rank: the passage's position among the retrieved passages (0 = best).
        start: offset in ``passage.text``.
        end: end offset in ``passage.text``.
        pair: two adjacent sentences rather than one.

    Candidates compare by identity (passages are not hashable).
    """

    passage: Passage
    rank: int
    start: int
    end: int
    pair: bool = False

    @property
    def text(self) -> str:
        """The verbatim quote."""
        return self.passage.text[self.start : self.end]

    @property
    def doc_start(self) -> int:
        """Offset of the quote in the document text."""
        return self.passage.start + self.start

    @property
    def doc_end(self) -> int:
        """End offset of the quote in the document text."""
        return self.passage.start + self.end

    def overlaps(self, other: Candidate) -> bool:
        """Whether both quote overlapping text of the same document."""
        return (
            self.passage.doc_id == other.passage.doc_id
            and self.doc_start < other.doc_end
            and other.doc_start < self.doc_end
        )


_URL_RE = re.compile(r"(?:https?://|www\.)\S+")


def _is_links(text: str) -> bool:
    """A line that is mostly web addresses ("Source: https://...")."""
    links = sum(len(m.group(0)) for m in _URL_RE.finditer(text))
    return links > 0 and links >= 0.5 * len(text.strip())


def split_passages(passages: Sequence[Passage]) -> list[list[Candidate]]:
    """Sentences of each passage, in order; a sentence already seen in an earlier passage of
    the same document (overlapping chunks) is left out, and so are lines of web addresses."""
    seen: set[tuple[str, int, int]] = set()
    out: list[list[Candidate]] = []
    for rank, passage in enumerate(passages):
        row: list[Candidate] = []
        for seg in sentences(passage.text):
            if _is_links(seg.text):
                continue
            cand = Candidate(passage, rank, seg.start, seg.end)
            key = (passage.doc_id, cand.doc_start, cand.doc_end)
            if key not in seen:
                seen.add(key)
                row.append(cand)
        out.append(row)
    return out


def _score(view: ClaimView, cand: Candidate) -> tuple[float, float]:
    """(ranking score, coverage) of a candidate."""
    info = sketch(cand.text)
    coverage = term_coverage(view, info)
    bonus = 0.1 if view.info.quantities and info.numeric else 0.0
    score = coverage + bonus + 0.05 * min(max(cand.passage.score, 0.0), 1.0)
    return score, coverage


def _reach(view: ClaimView, text: str) -> float:
    """Coverage plus half the share of the claim's quantities and dates that ``text`` states
    comparably (agreeing or not): what a pair must improve on its halves."""
    reach = term_coverage(view, sketch(text))
    claim_qs = view.info.quantities
    if claim_qs:
        found = analyse(text).quantities
        comparable = sum(
            1 for q in claim_qs if any(compare(q, e) is not Relation.UNRELATED for e in found)
        )
        reach += 0.5 * comparable / len(claim_qs)
    return reach


def select_candidates(
    view: ClaimView,
    passages: Sequence[Passage],
    *,
    max_sentences: int = 12,
    pair_gain: float = 0.15,
) -> list[Candidate]:
    """The most promising sentences and sentence pairs for a claim, best first.

    Args:
        view: the prepared claim.
        passages: retrieved passages, best first.
        max_sentences: how many single sentences to keep (pairs come on top).
        pair_gain: how much more of the claim (terms, and quantities stated) a pair of adjacent
            sentences must cover than the better of the two.
    """
    rows = split_passages(passages)
    scored: dict[Candidate, tuple[float, float]] = {}
    for row in rows:
        for cand in row:
            scored[cand] = _score(view, cand)
    ranked = sorted(
        (c for c, (s, _) in scored.items() if s > 0),
        key=lambda c: (-scored[c][0], c.rank, c.start),
    )
    keep = ranked[:max_sentences]
    kept = set(keep)
    pairs: list[tuple[float, Candidate]] = []
    for row in rows:
        for a, b in zip(row, row[1:], strict=False):
            if (a not in kept and b not in kept) or scored[a][1] <= 0 or scored[b][1] <= 0:
                continue
            joined = Candidate(a.passage, a.rank, a.start, b.end, pair=True)
            reach = _reach(view, joined.text)
            if reach >= max(_reach(view, a.text), _reach(view, b.text)) + pair_gain:
                pairs.append((reach, joined))
    pairs.sort(key=lambda item: (-item[0], item[1].rank, item[1].start))
    return keep + [cand for _, cand in pairs[: max(2, max_sentences // 4)]]
