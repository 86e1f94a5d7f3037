"""The naive baseline the README compares against: a BM25 top-1 score threshold.

For each claim, BM25 (bm25s, Snowball stemming, English stopwords) ranks the corpus documents;
the claim is ``supported`` when the top document's score reaches a threshold, else
``not_enough_evidence``. It never says ``refuted`` — which is the point of the comparison:
refuted-F1 is 0 by construction.

The threshold maximises macro-F1 over the **train split** of the same benchmark (every distinct
top-1 score is tried), so the held-out numbers are not tuned on the held-out claims. The baseline
cites the top document's sentence that shares the most content words with the claim.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ..models import Citation, ClaimResult, Document, Label, Span, Stance, Verdict
from ..text import content_terms, sentences
from .metrics import classification_metrics

__all__ = ["BASELINE_NAME", "BM25Baseline"]

BASELINE_NAME = "bm25-baseline"


class BM25Baseline:
    """BM25 ranking of a corpus plus a top-1 score threshold.

    Args:
        documents: the corpus.
        labels: the label set macro-F1 is computed over when fitting the threshold.
    """

    name = BASELINE_NAME

    def __init__(self, documents: Sequence[Document], labels: Sequence[str]) -> None:
        import bm25s
        import Stemmer

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import
        self._bm25s = bm25s
        self._stemmer = Stemmer.Stemmer("english")
        self.documents = list(documents)
        self.labels = list(labels)
        self.threshold = 0.0
        self.fitted_on = 0
        self._index = bm25s.BM25()
        corpus = bm25s.tokenize(
            [d.text for d in self.documents],
            stopwords="en",
            stemmer=self._stemmer,
            show_progress=False,
        )
        self._index.index(corpus, show_progress=False)

    def rank(self, queries: Sequence[str], k: int = 10) -> list[list[tuple[str, float]]]:
        """Top ``k`` ``(doc_id, score)`` per query, best first."""
        if not queries:
            return []
        k = min(k, len(self.documents))
        tokens = self._bm25s.tokenize(
            list(queries), stopwords="en", stemmer=self._stemmer, show_progress=False
        )
        docs, scores = self._index.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        return [
            [(self.documents[int(j)].id, float(s)) for j, s in zip(row, srow, strict=True)]
            for row, srow in zip(docs, scores, strict=True)
        ]

    def fit(self, claims: Sequence[str], gold: Sequence[str]) -> float:
        """Choose the threshold that maximises macro-F1 on ``claims``; returns it."""
        top = [hits[0][1] if hits else 0.0 for hits in self.rank(claims, k=1)]
        best, best_f1 = 0.0, -1.0
        for threshold in sorted(set(top)):
            pred = [self._label(s, threshold) for s in top]
            f1 = classification_metrics(gold, pred, self.labels)["macro_f1"]
            if f1 > best_f1:
                best, best_f1 = threshold, f1
        self.threshold = best
        self.fitted_on = len(claims)
        return best

    @staticmethod
    def _label(score: float, threshold: float) -> str:
        return (Label.SUPPORTED if score >= threshold else Label.NOT_ENOUGH_EVIDENCE).value

    def verify(self, claim_id: str, text: str, hits: Sequence[tuple[str, float]]) -> ClaimResult:
        """The baseline's verdict for one claim, given its ranking from :meth:`rank`."""
        top_score = hits[0][1] if hits else 0.0
        label = Label(self._label(top_score, self.threshold))
        citations: list[Citation] = []
        if hits and label is Label.SUPPORTED:
            doc = self._by_id()[hits[0][0]]
            citations.append(_best_sentence(doc, text))
        return ClaimResult(
            id=claim_id,
            text=text,
            span=Span(start=0, end=len(text)),
            verdict=Verdict(
                label=label,
                confidence=0.5,
                rationale=f"top BM25 score {top_score:.2f} "
                f"{'≥' if label is Label.SUPPORTED else '<'} threshold {self.threshold:.2f}",
            ),
            citations=citations,
        )

    _lookup: dict[str, Document] | None = None

    def _by_id(self) -> dict[str, Document]:
        if self._lookup is None:
            self._lookup = {d.id: d for d in self.documents}
        return self._lookup


def _best_sentence(doc: Document, claim: str) -> Citation:
    terms = set(content_terms(claim))
    best = max(
        sentences(doc.text) or [],
        key=lambda seg: len(terms & set(content_terms(seg.text))),
        default=None,
    )
    start, end = (best.start, best.end) if best else (0, len(doc.text))
    return Citation(
        doc_id=doc.id,
        passage_id=doc.id,
        title=doc.title,
        url=doc.url,
        quote=doc.text[start:end],
        start=start,
        end=end,
        stance=Stance.SUPPORTS,
        score=1.0,
    )
