"""The offline claim extractor: rules for structure, a pluggable scorer for check-worthiness.

Pipeline for one article (linear in its length):

1. segment into paragraphs and sentences with exact offsets (:mod:`claimcheck.text`);
2. drop headings, boilerplate, questions, exclamations and verbless fragments;
3. find reported speech (direct quotations with their speaker tag, ``X said that …``,
   ``according to X``) and split compound sentences into clauses;
4. word each clause as a self-contained claim (names, roles, pronouns, ``this country`` and
   relative dates resolved where the article allows);
5. keep the candidates a :class:`~claimcheck.extract.checkworthiness.CheckWorthinessScorer`
   scores at or above ``min_checkworthiness``; number them ``c1, c2, …`` in article order.

Example:
    >>> extractor = RuleExtractor()
    >>> [c.text for c in extractor.extract("Peskov said on Friday that the talks had failed.")]
    ['Peskov said on Friday that the talks had failed.']
"""

from __future__ import annotations

import logging

from ..models import Claim, Span, Usage
from ..text import Segment
from ._clauses import clean_end, span_words, split_clauses, strip_prefixes
from ._dates import Dates
from ._discourse import Discourse
from ._facts import Candidate, FactBuilder
from ._filters import DATELINE_RE, Filters
from ._render import Rewriter
from ._reported import ReportBuilder
from ._speech import find_inline, find_quote_parts
from .checkworthiness import CheckWorthinessScorer, LearnedCheckWorthiness

__all__ = ["RuleExtractor"]

logger = logging.getLogger(__name__)


class RuleExtractor:
    """Extracts atomic, self-contained claims from news-style English without any model.

    Args:
        scorer: Check-worthiness scorer; defaults to the shipped learned model
            (:class:`~claimcheck.extract.checkworthiness.LearnedCheckWorthiness`);
            :class:`~claimcheck.extract.checkworthiness.RuleCheckWorthiness` is the
            hand-weighted alternative.
        min_checkworthiness: Candidates scoring below this are dropped (``0`` keeps all that
            pass the structural filters). Default: the scorer's ``threshold`` attribute when it
            has one (the learned model's was chosen on validation data), else ``0.5``.
        max_sentence_chars: Sentences longer than this are skipped (they are not prose: a
            table, a code block, a text without punctuation).

    Example:
        >>> RuleExtractor(min_checkworthiness=0.6).name
        'rules'
    """

    name = "rules"

    def __init__(
        self,
        *,
        scorer: CheckWorthinessScorer | None = None,
        min_checkworthiness: float | None = None,
        max_sentence_chars: int = 1500,
    ) -> None:
        self.scorer: CheckWorthinessScorer = scorer or LearnedCheckWorthiness()
        if min_checkworthiness is None:
            min_checkworthiness = float(getattr(self.scorer, "threshold", 0.5))
        self.min_checkworthiness: float = min_checkworthiness
        self.max_sentence_chars = max_sentence_chars

    @property
    def prompts(self) -> dict[str, str]:
        """No prompts: the rules use no model."""
        return {}

    @property
    def usage(self) -> Usage:
        """Always zero: the rules use no model."""
        return Usage()

    # ------------------------------------------------------------------ public

    def extract(self, text: str) -> list[Claim]:
        """Claims of ``text`` in article order, ids ``c1, c2, …``.

        Args:
            text: The article (any Unicode; empty text gives no claims).

        Returns:
            Claims whose ``span`` indexes ``text`` and whose ``text`` stands on its own.
        """
        if not text.strip():
            return []
        try:
            candidates = _Run(self, text).candidates()
        finally:
            span_words.cache_clear()
        claims: list[Claim] = []
        seen: set[str] = set()
        for cand in sorted(candidates, key=lambda c: (c.start, c.end)):
            key = cand.text.lower()
            if key in seen:
                continue
            score = self.scorer.score(cand.text, cand.context)
            logger.debug("candidate %.2f %s", score, cand.text)
            if score < self.min_checkworthiness:
                continue
            seen.add(key)
            claims.append(
                Claim(
                    id=f"c{len(claims) + 1}",
                    text=cand.text,
                    span=Span(start=cand.start, end=cand.end),
                    kind=cand.kind,
                    speaker=cand.speaker,
                    content=cand.content,
                    sentence=Span(start=cand.sentence.start, end=cand.sentence.end),
                    checkworthiness=max(0.0, min(1.0, float(score))),
                )
            )
        return claims


class _Run:
    """One extraction: the article's discourse model and the claim builders."""

    def __init__(self, owner: RuleExtractor, text: str) -> None:
        self.text = text
        self.topic: str | None = None
        """The name the last sentence of the paragraph was about (its subject), if any: a
        next sentence's initial "It" or "Its" stands for it ("The Channel Tunnel opened in
        May 1994. It is about 50 km long.")."""
        self.d = Discourse(text)
        self.filters = Filters(self.d, owner.max_sentence_chars)
        self.facts = FactBuilder(self.d, Rewriter(self.d, Dates(text)))
        self.reports = ReportBuilder(self.facts, self.filters)

    def candidates(self) -> list[Candidate]:
        """Every candidate claim of the article, before scoring."""
        d = self.d
        out: list[Candidate] = []
        k = 0
        for para in d.paragraphs:
            first_k = k
            while k < len(d.sentences) and d.sentences[k].start < para.end:
                k += 1
            if self.filters.is_heading(para) or self.filters.is_boilerplate(para):
                continue
            parts = find_quote_parts(d, para)
            self.topic = None  # what a sentence-initial "It" stands for, within a paragraph
            for idx in range(first_k, k):
                sent = d.sentences[idx]
                if idx in parts:
                    found = [c for p in parts[idx] for c in self.reports.quote_claims(sent, p)]
                    self.topic = None
                else:
                    found = self._sentence_claims(sent)
                if len(found) == 1:
                    found[0].start, found[0].end = sent.start, sent.end
                for cand in found:
                    cand.context = para.text
                out.extend(found)
        return out

    def _sentence_claims(self, sent: Segment) -> list[Candidate]:
        text = self.text
        start = strip_prefixes(text, sent.start, sent.end)
        dateline = DATELINE_RE.match(text, start, sent.end)
        if dateline:
            start = dateline.end()
        while start < sent.end and text[start] in "*•·":
            start = strip_prefixes(text, start + 1, sent.end)
        end = clean_end(text, start, sent.end)
        if end <= start or self.filters.skip_sentence(start, end):
            return []
        report = find_inline(self.d, start, end)
        if report is None:
            clauses = split_clauses(text, start, end)
            it_ref = (
                self.facts.proper_subject(clauses[0].start, clauses[0].end) if clauses else None
            )
            topic, self.topic = self.topic, it_ref or self.topic
            return [
                c
                for n, clause in enumerate(clauses)
                for c in self.facts.facts(sent, clause.start, clause.end, it_ref if n else topic)
            ]
        self.topic = None  # "Ukraine says it shot one down. It is …": not Ukraine
        return self.reports.report_claims(sent, start, end, report)
