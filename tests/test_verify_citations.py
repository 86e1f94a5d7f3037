"""Citation invariant: ``document_text[start:end] == quote`` for any documents and passages."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.models import Claim, Passage, Span
from claimcheck.verify import LocalVerifier
from tests.conftest import shared_dataset

_VOCAB = (
    "The museum opened in 1998 2004 about 2,000 km “quoted” U.S. Mr. Putin not a member "
    "rose by 12% December 2 approved rejected Ukraine NATO border — … ! ? . , \n \n\n é 中"
)
_WORDS = st.sampled_from(_VOCAB.split(" "))
_DOCS = st.lists(_WORDS, min_size=1, max_size=60).map(" ".join)


@st.composite
def _case(draw: st.DrawFn) -> tuple[dict[str, str], list[Passage], str]:
    docs = {f"d{i}": draw(_DOCS) for i in range(draw(st.integers(1, 3)))}
    passages = []
    for doc_id, text in docs.items():
        for n in range(draw(st.integers(1, 3))):
            a = draw(st.integers(0, len(text)))
            b = draw(st.integers(a, len(text)))
            passages.append(
                Passage(
                    passage_id=f"{doc_id}#{n}",
                    doc_id=doc_id,
                    text=text[a:b],
                    start=a,
                    end=b,
                    score=draw(st.floats(0, 1)),
                )
            )
    claim_text = draw(st.one_of(_DOCS, st.sampled_from(list(docs.values()))))
    return docs, passages, claim_text


@given(_case())
@settings(max_examples=150, deadline=None)
def test_citation_offsets_index_the_document(
    case: tuple[dict[str, str], list[Passage], str],
) -> None:
    docs, passages, claim_text = case
    result = LocalVerifier(max_citations=5).verify(
        Claim(id="c1", text=claim_text, span=Span(start=0, end=len(claim_text))), passages
    )
    assert result.status == "ok", result.error
    assert result.verdict is not None and 0.0 <= result.verdict.confidence <= 1.0
    assert len(result.citations) <= 5
    for cite in result.citations:
        assert docs[cite.doc_id][cite.start : cite.end] == cite.quote
        passage = next(p for p in passages if p.passage_id == cite.passage_id)
        assert cite.quote in passage.text and cite.quote == cite.quote.strip() and cite.quote
        assert 0.0 <= cite.score <= 1.0


@pytest.mark.shared_data
def test_real_abstracts_never_fail_and_citations_hold() -> None:
    """SciFact train claims against their cited abstracts: no errors, every citation verbatim."""
    corpus = {}
    for line in shared_dataset("scifact", "corpus.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        corpus[str(doc["doc_id"])] = doc
    lines = shared_dataset("scifact", "claims_train.jsonl").read_text(encoding="utf-8").splitlines()
    verifier = LocalVerifier()
    for line in lines[:60]:
        item = json.loads(line)
        docs = {
            d: " ".join(corpus[d]["abstract"])
            for d in map(str, item["cited_doc_ids"])
            if d in corpus
        }
        passages = [
            Passage(
                passage_id=f"{d}#0", doc_id=d, text=t, start=0, end=len(t), title=corpus[d]["title"]
            )
            for d, t in docs.items()
        ]
        text = item["claim"]
        result = verifier.verify(
            Claim(id=str(item["id"]), text=text, span=Span(start=0, end=len(text))), passages
        )
        assert result.status == "ok", result.error
        for cite in result.citations:
            assert docs[cite.doc_id][cite.start : cite.end] == cite.quote
