"""The openai extractor and verifier end to end against a local chat-completions server."""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_openai import FakeOpenAI, RecordedRequest, Reply, claimcheck_responder, schema_name
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.config import Settings
from claimcheck.errors import ConfigError, ModelHTTPError
from claimcheck.extract.base import ClaimExtractor
from claimcheck.extract.llm import LLMExtractor, chunk_article
from claimcheck.llm import build_openai_engines
from claimcheck.models import Claim, Label, Passage, Span
from claimcheck.verify.base import Verifier
from claimcheck.verify.llm import LLMVerifier, verification_calls

KEY = "sk-test-engines-0123456789"

ARTICLE = """Facts about bridges

The Golden Gate Bridge opened in 1937. It is painted a colour called International Orange.

Its main span is 1,280 metres long. Some think it is the most beautiful bridge in the world.

The Akashi Kaikyo Bridge in Japan opened in 1998 with a main span of 1,991 metres.
"""

DOC = (
    "Bridge records.\n\nThe Golden Gate Bridge in San Francisco opened to traffic in 1937. "
    "Its main span measures 1,280 metres. The Akashi Kaikyo Bridge opened in 1998; its central "
    "span of 1,991 metres was the longest in the world for 24 years."
)


def doc_passage(number: int, first: str, last: str) -> Passage:
    start = DOC.index(first)
    end = DOC.index(last) + len(last)
    return Passage(
        passage_id=f"bridges#{number}",
        doc_id="bridges",
        text=DOC[start:end],
        start=start,
        end=end,
        title="Bridge records",
        url="https://example.org/bridges",
    )


P_GG = doc_passage(0, "The Golden Gate", "1,280 metres.")
P_AK = doc_passage(1, "The Akashi", "24 years.")


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(claimcheck_responder) as fake:
        yield fake


def engines(
    server: FakeOpenAI, cache_dir: Path | None = None, **overrides: Any
) -> tuple[LLMExtractor, LLMVerifier]:
    values: dict[str, Any] = {
        "openai_api_key": KEY,
        "openai_base_url": server.base_url,
        "max_retries": 1,
        "timeout_s": 10.0,
    }
    values.update(overrides)
    extractor, verifier = build_openai_engines(Settings(**values), cache_dir=cache_dir)
    extractor.client.sleep = verifier.client.sleep = lambda _: None
    return extractor, verifier


def claim(n: int, text: str) -> Claim:
    return Claim(id=f"c{n}", text=text, span=Span(start=0, end=len(text)))


# ---------------------------------------------------------------------------- protocols


def test_engines_implement_the_protocols(server: FakeOpenAI) -> None:
    extractor, verifier = engines(server)
    assert isinstance(extractor, ClaimExtractor) and isinstance(verifier, Verifier)
    assert extractor.name == verifier.name == "openai"
    assert verifier.prompts == {"verify_claims": "1", "repair_output": "1"}


# ---------------------------------------------------------------------------- extraction


def test_end_to_end_against_the_local_server(server: FakeOpenAI) -> None:
    extractor, verifier = engines(server)
    claims = extractor.extract(ARTICLE)
    assert [ARTICLE[c.span.start : c.span.end] for c in claims] == [
        "The Golden Gate Bridge opened in 1937.",
        "Its main span is 1,280 metres long.",
        "The Akashi Kaikyo Bridge in Japan opened in 1998 with a main span of 1,991 metres.",
    ]
    results = verifier.verify_many([(c, [P_GG, P_AK]) for c in claims])
    assert [r.id for r in results] == ["c1", "c2", "c3"]
    for result in results:
        assert result.status == "ok" and result.verdict is not None
        for citation in result.citations:
            assert DOC[citation.start : citation.end] == citation.quote
    assert results[0].verdict and results[0].verdict.label == Label.SUPPORTED
    requests = server.chat_requests()
    assert [schema_name(r) for r in requests] == ["ExtractionOutput", "VerificationOutput"]
    assert requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_long_articles_are_chunked_and_ids_follow_article_order(server: FakeOpenAI) -> None:
    paragraphs = [
        f"Paragraph {i} says the value was {i * 11} units in 20{i:02d}." for i in range(12)
    ]
    article = "\n\n".join(paragraphs)
    extractor, _ = engines(server)
    extractor.max_chunk_chars = 130
    claims = extractor.extract(article)
    chunks = chunk_article(article, 130)
    assert len(chunks) > 3 and len(server.chat_requests()) == len(chunks)
    assert [c.id for c in claims] == [f"c{i}" for i in range(1, 13)]
    assert [article[c.span.start : c.span.end] for c in claims] == paragraphs


def _answer_extraction(claims: list[dict[str, Any]]) -> Reply:
    return Reply.chat({"claims": claims})


def _item(sentence: str, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "sentence": sentence,
        "claim": text,
        "kind": "fact",
        "speaker": None,
        "content": None,
        **extra,
    }


def test_spans_are_located_never_invented() -> None:
    article = "Prices rose 4% in May.\n\nThe mayor said “we will build 3 schools”. Rain fell."
    with FakeOpenAI() as fake:
        fake.enqueue(
            _answer_extraction(
                [
                    # listed out of order; straight quotes where the article has curly ones
                    _item(
                        'The mayor said "we will build 3 schools".',
                        "The mayor said the city will build 3 schools.",
                        kind="attribution",
                        speaker="the mayor",
                        content="The city will build 3 schools.",
                    ),
                    _item("prices rose 4% in may.", "Prices rose 4% in May."),  # case differs
                    _item("Inflation hit 9% in June.", "Inflation hit 9% in June."),  # not there
                ]
            )
        )
        extractor, _ = engines(fake)
        claims = extractor.extract(article)
    assert [c.id for c in claims] == ["c1", "c2"]
    assert article[claims[0].span.start : claims[0].span.end] == "Prices rose 4% in May."
    assert (
        article[claims[1].span.start : claims[1].span.end]
        == "The mayor said “we will build 3 schools”."
    )
    assert claims[1].kind == "attribution" and claims[1].speaker == "the mayor"
    assert claims[1].content == "The city will build 3 schools."
    assert claims[1].sentence is not None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("abc xyz.\n"), min_size=0, max_size=60), max_size=8
    ).map("\n\n".join),
    st.integers(min_value=5, max_value=80),
)
def test_chunks_are_exact_slices_covering_every_paragraph(text: str, max_chars: int) -> None:
    from claimcheck.text import paragraphs

    chunks = chunk_article(text, max_chars)
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
    for first, second in zip(chunks, chunks[1:], strict=False):
        assert first.end <= second.start
    for para in paragraphs(text):
        assert (
            any(c.start <= para.start and para.end <= c.end for c in chunks)
            or len(para.text) > max_chars
        )


# ---------------------------------------------------------------------------- verification


def test_batches_of_five_run_concurrently_and_keep_input_order() -> None:
    active = 0
    peak = 0
    lock = threading.Lock()
    barrier_hits: list[int] = []

    def responder(request: RecordedRequest) -> Reply:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
            barrier_hits.append(1)
        try:
            reply = claimcheck_responder(request)
            # the first batch answers last, so completion order differs from input order
            user = request.json["messages"][1]["content"]
            reply.delay = 0.4 if "claim number 0 " in user else 0.05
            return reply
        finally:
            with lock:
                active -= 1

    with FakeOpenAI(responder) as fake:
        _, verifier = engines(fake, concurrency=3)
        claims = [
            claim(i + 1, f"The Golden Gate Bridge opened in 1937, claim number {i} here.")
            for i in range(12)
        ]
        results = verifier.verify_many([(c, [P_GG]) for c in claims])
        requests = fake.chat_requests()
    assert [r.id for r in results] == [c.id for c in claims]
    assert len(requests) == verification_calls(12) == math.ceil(12 / 5) == 3
    assert verifier.usage.llm_calls == 3
    claims_per_call = sorted(
        len(re.findall(r"<claim ", r.json["messages"][1]["content"])) for r in requests
    )
    assert claims_per_call == [2, 5, 5]


def test_passages_are_shared_within_a_batch(server: FakeOpenAI) -> None:
    _, verifier = engines(server)
    verifier.verify_many(
        [
            (claim(1, "The bridge opened in 1937."), [P_GG, P_AK]),
            (claim(2, "It is 1,280 metres."), [P_GG]),
        ]
    )
    user = server.chat_requests()[0].json["messages"][1]["content"]
    assert user.count("<passage ") == 2
    assert 'evidence="P1 P2"' in user and 'evidence="P1"' in user


def test_a_claim_without_passages_costs_no_call(server: FakeOpenAI) -> None:
    _, verifier = engines(server)
    result = verifier.verify(claim(1, "Something nobody wrote about."), [])
    assert result.verdict is not None and result.verdict.label == Label.NOT_ENOUGH_EVIDENCE
    assert server.chat_requests() == [] and verifier.usage.llm_calls == 0


def test_a_claim_that_states_nothing_costs_no_call(server: FakeOpenAI) -> None:
    _, verifier = engines(server)
    texts = ["Bridge Bridge Bridge", "?", "The Golden Gate Bridge opened in 1937."]
    results = verifier.verify_many([(claim(i, t), [P_GG]) for i, t in enumerate(texts, 1)])
    assert [r.id for r in results] == ["c1", "c2", "c3"]
    for r in results[:2]:
        assert r.verdict is not None and r.verdict.label == Label.NOT_ENOUGH_EVIDENCE
        assert r.verdict.rationale.startswith("Nothing to check") and r.citations == []
    assert len(server.chat_requests()) == 1 and verifier.usage.llm_calls == 1  # the third only
    assert b"Bridge Bridge Bridge" not in server.chat_requests()[0].body


def test_a_failing_batch_marks_only_its_claims_as_errors() -> None:
    def responder(request: RecordedRequest) -> Reply:
        if "Akashi" in request.json["messages"][1]["content"]:
            return Reply.error(503, "overloaded")
        return claimcheck_responder(request)

    with FakeOpenAI(responder) as fake:
        _, verifier = engines(fake, max_retries=1)
        verifier.batch_size = 1
        results = verifier.verify_many(
            [
                (claim(1, "The Golden Gate Bridge opened in 1937."), [P_GG]),
                (claim(2, "The Akashi Kaikyo Bridge opened in 1998."), [P_AK]),
            ]
        )
    assert results[0].status == "ok"
    assert results[1].status == "error" and results[1].verdict is None
    assert results[1].error and "503" in results[1].error


def test_a_missing_verdict_is_repaired_then_reported_per_claim() -> None:
    partial = {"results": [{"claim_id": "C1", "label": "supported", "confidence": 0.9,
                            "rationale": "Stated.", "citations": [
                                {"passage_id": "P1", "quote": "The Golden Gate Bridge in San Francisco opened to traffic in 1937.",
                                 "stance": "supports"}]}]}  # fmt: skip
    with FakeOpenAI() as fake:
        fake.enqueue(Reply.chat(partial), Reply.chat(partial))
        _, verifier = engines(fake)
        results = verifier.verify_many(
            [
                (claim(1, "The bridge opened in 1937."), [P_GG]),
                (claim(2, "Its span is 1,280 m."), [P_GG]),
            ]
        )
        repair = fake.chat_requests()[1].json["messages"][-1]["content"]
    assert "missing: ['C2']" in repair
    assert results[0].status == "ok" and results[0].citations[0].start == P_GG.start
    assert results[1].status == "error" and "no verdict" in (results[1].error or "")


def test_a_rejected_key_stops_verification() -> None:
    with FakeOpenAI() as fake:
        fake.enqueue(*[Reply.error(401, "bad key") for _ in range(3)])
        _, verifier = engines(fake, concurrency=2)
        with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
            verifier.verify_many(
                [(claim(i, f"Claim {i} about 1937."), [P_GG]) for i in range(1, 12)]
            )


def test_extraction_failure_raises_a_model_error() -> None:
    with FakeOpenAI() as fake:
        fake.enqueue(Reply.error(500), Reply.error(500))
        extractor, _ = engines(fake, max_retries=1)
        with pytest.raises(ModelHTTPError):
            extractor.extract(ARTICLE)


# ---------------------------------------------------------------------------- cache


def test_a_second_identical_run_makes_no_http_call(server: FakeOpenAI, tmp_path: Path) -> None:
    def run() -> tuple[list[Any], Any, Any]:
        extractor, verifier = engines(server, cache_dir=tmp_path)
        claims = extractor.extract(ARTICLE)
        results = verifier.verify_many([(c, [P_GG, P_AK]) for c in claims])
        return results, extractor.usage, verifier.usage

    first, ex1, ve1 = run()
    calls = len(server.requests)
    assert calls == 2 and ex1.llm_calls == ve1.llm_calls == 1
    second, ex2, ve2 = run()
    assert len(server.requests) == calls  # 0 HTTP calls
    assert (ex2.llm_calls, ex2.cache_hits, ve2.llm_calls, ve2.cache_hits) == (0, 1, 0, 1)
    assert second == first
    assert (tmp_path / "llm-cache.sqlite").exists()


def test_cache_disabled_by_settings(server: FakeOpenAI, tmp_path: Path) -> None:
    for _ in range(2):
        extractor, _ = engines(server, cache_dir=tmp_path, cache=False)
        extractor.extract(ARTICLE)
    assert len(server.requests) == 2 and not (tmp_path / "llm-cache.sqlite").exists()


# ---------------------------------------------------------------------------- embeddings


def test_openai_embeddings_through_the_store_helper(server: FakeOpenAI) -> None:
    embeddings = pytest.importorskip("claimcheck.store.embeddings")
    settings = Settings(openai_api_key=KEY, openai_base_url=server.base_url)
    embedder = embeddings.get_embedder("openai", settings)
    # otherwise tiktoken fetches its encoding file from the internet before the first call
    assert embedder.inner.check_embedding_ctx_length is False
    vectors = embedder.embed_documents(["The Golden Gate Bridge opened in 1937."])
    assert len(vectors) == 1 and len(vectors[0]) > 0
    request = server.requests[-1]
    assert request.path.endswith("/embeddings")
    assert json.loads(request.body)["model"] == "text-embedding-3-small"
