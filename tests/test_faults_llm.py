"""Model faults end to end: ``claimcheck check --backend openai`` against a local
chat-completions server (``tests/fake_openai.py``) that rate-limits, fails, stalls, truncates
and talks nonsense. The report always comes back (or, when extraction itself fails, one clear
line), bad citations are dropped and counted, failing claims are ``status: "error"``, and the
key shows up nowhere: stdout, stderr, logs, report, cache file."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_openai import FakeOpenAI, RecordedRequest, Reply, claimcheck_responder, schema_name

from claimcheck.cli import main

KEY = "sk-test-FAULTS-5f3a9c0e7b214d6a"

ARTICLE = """Bridge facts

The Golden Gate Bridge opened in 1937. Its main span measures 1,280 metres.

The Akashi Kaikyo Bridge opened in 1998 with a main span of 1,991 metres.
"""

DOCS = [
    {"id": "golden-gate", "title": "Golden Gate Bridge", "url": "https://example.org/gg",
     "text": "The Golden Gate Bridge in San Francisco opened to traffic in 1937. Its main span "
             "measures 1,280 metres."},
    {"id": "akashi", "title": "Akashi Kaikyo Bridge", "url": "https://example.org/akashi",
     "text": "The Akashi Kaikyo Bridge links Kobe and Awaji Island. It opened in 1998 with a "
             "main span of 1,991 metres."},
]  # fmt: skip
N_CLAIMS = 3  # sentences with a digit: what the fake model extracts


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("llm-faults")
    corpus = folder / "docs.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    assert main(["ingest", str(corpus), "--store", str(folder / "store")]) == 0
    return folder / "store"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _on_verify(fault: Callable[[RecordedRequest], Reply]) -> Callable[[RecordedRequest], Reply]:
    """The naive model, except that verification requests get ``fault(request)``."""

    def respond(request: RecordedRequest) -> Reply:
        if request.path.endswith("/chat/completions") and schema_name(request) == (
            "VerificationOutput"
        ):
            return fault(request)
        return claimcheck_responder(request)

    return respond


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI(claimcheck_responder, expected_key=KEY) as fake:
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("CLAIMCHECK_MAX_RETRIES", "1")
        yield fake


def _check(
    capsys: pytest.CaptureFixture[str], article: Path, store: Path, *extra: str
) -> tuple[int, str, str]:
    code = main(["check", str(article), "--backend", "openai", "--store", str(store),
                 "--format", "json", "--no-cache", *extra])  # fmt: skip
    out = capsys.readouterr()
    for text in (out.out, out.err):
        assert KEY not in text
    return code, out.out, out.err


def _report(code: int, out: str, err: str) -> dict[str, Any]:
    assert code == 0, err
    report = json.loads(out)
    assert len(report["claims"]) == N_CLAIMS
    for claim in report["claims"]:
        assert ARTICLE[claim["span"]["start"] : claim["span"]["end"]] == claim["text"]
    return report


def test_429_with_retry_after_is_waited_for_then_the_report_is_complete(
    server: FakeOpenAI, store: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.enqueue(Reply.error(429, "slow down", retry_after=1))
    started = time.monotonic()
    report = _report(*_check(capsys, article, store))
    assert time.monotonic() - started >= 1.0
    assert report["summary"]["errors"] == 0 and report["summary"]["supported"] == N_CLAIMS
    assert len(server.chat_requests()) == 3  # 429, extraction, one verification batch


def test_persistent_500s_on_verification_mark_the_claims_as_errors(
    server: FakeOpenAI, store: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.responder = _on_verify(lambda _: Reply.error(500, "upstream exploded"))
    report = _report(*_check(capsys, article, store))
    assert report["summary"]["errors"] == N_CLAIMS
    for claim in report["claims"]:
        assert claim["status"] == "error" and claim["verdict"] is None
        assert "500" in claim["error"] and claim["citations"] == []
    assert len(server.chat_requests()) == 1 + 2  # extraction; verification and one retry


def test_answers_slower_than_the_timeout_become_claim_errors_in_bounded_time(
    server: FakeOpenAI,
    store: Path,
    article: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CLAIMCHECK_TIMEOUT_S", "1")
    server.responder = _on_verify(lambda r: Reply(delay=2.5, body=claimcheck_responder(r).body))
    started = time.monotonic()
    report = _report(*_check(capsys, article, store))
    elapsed = time.monotonic() - started
    assert report["summary"]["errors"] == N_CLAIMS
    for claim in report["claims"]:
        assert "no answer from the model server" in claim["error"], claim["error"]
        assert "within 1 s" in claim["error"] and "CLAIMCHECK_TIMEOUT_S" in claim["error"]
    assert elapsed < 8, elapsed  # 2 attempts x 1 s timeout + backoff, not 2 x 2.5 s


def test_truncated_json_is_repaired_once_then_the_claims_are_errors(
    server: FakeOpenAI, store: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.responder = _on_verify(
        lambda _: Reply.chat('{"results": [{"claim_id": "C1", "label": "supp')
    )
    report = _report(*_check(capsys, article, store))
    assert report["summary"]["errors"] == N_CLAIMS
    assert all("even after a repair request" in c["error"] for c in report["claims"])
    assert len(server.chat_requests()) == 1 + 2  # extraction; verification and its repair


def test_a_truncated_http_body_is_retried_then_reported(
    server: FakeOpenAI, store: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = json.dumps(claimcheck_responder_stub())[:60]  # the connection ends mid-document
    server.responder = _on_verify(lambda _: Reply.raw(body))
    report = _report(*_check(capsys, article, store))
    assert report["summary"]["errors"] == N_CLAIMS
    assert all(c["status"] == "error" and c["error"] for c in report["claims"])


def claimcheck_responder_stub() -> dict[str, Any]:
    from fake_openai import chat_completion

    return chat_completion('{"results": []}')


def _nonsense(request: RecordedRequest) -> Reply:
    """Schema-valid answers that cite passages nobody gave, quote what no passage says, and
    give confidences out of range."""
    user = next(m["content"] for m in request.json["messages"] if m["role"] == "user")
    results = []
    for claim_id in re.findall(r'<claim id="(C\d+)"', user):
        results.append(
            {
                "claim_id": claim_id,
                "label": "supported",
                "confidence": 7.5,
                "rationale": "Trust me.",
                "citations": [
                    {
                        "passage_id": "P99",
                        "quote": "The bridge opened in 1937.",
                        "stance": "supports",
                    },
                    {
                        "passage_id": "P1",
                        "quote": "The bridge is made of cheese entirely.",
                        "stance": "supports",
                    },
                ],  # fmt: skip
            }
        )
    return Reply.chat({"results": results})


def test_schema_valid_nonsense_is_dropped_and_counted(
    server: FakeOpenAI, store: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.responder = _on_verify(_nonsense)
    report = _report(*_check(capsys, article, store))
    assert report["usage"]["invalid_citations"] == 2 * N_CLAIMS
    for claim in report["claims"]:
        assert claim["status"] == "ok" and claim["citations"] == []
        # a verdict whose evidence could not be checked is never passed on
        assert claim["verdict"]["label"] == "not_enough_evidence"
        assert 0.0 <= claim["verdict"]["confidence"] <= 0.5


def test_labels_out_of_range_get_a_repair_request_then_an_error(
    server: FakeOpenAI, store: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def out_of_range(request: RecordedRequest) -> Reply:
        good = json.loads(claimcheck_responder(request).body["choices"][0]["message"]["content"])
        for item in good["results"]:
            item["label"] = "mostly_true"
        return Reply.chat(good)

    server.responder = _on_verify(out_of_range)
    report = _report(*_check(capsys, article, store))
    assert report["summary"]["errors"] == N_CLAIMS
    assert len(server.chat_requests()) == 1 + 2


def test_an_extraction_that_keeps_failing_is_one_line_and_exit_1(
    server: FakeOpenAI, store: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.responder = lambda _: Reply.error(503, "overloaded")
    code, out, err = _check(capsys, article, store)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and "503" in err


def test_the_key_is_nowhere_in_outputs_logs_or_the_cache(
    server: FakeOpenAI,
    store: Path,
    article: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    faults = iter([Reply.error(500, f"echo of the header: Bearer {KEY}"), None])

    def respond(request: RecordedRequest) -> Reply:
        fault = next(faults, None)
        return fault if fault is not None else _nonsense(request)

    server.responder = _on_verify(respond)
    own = tmp_path / "store"  # a private copy: its cache file is inspected below
    import shutil

    shutil.copytree(store, own)
    code = main(["check", str(article), "--backend", "openai", "--store", str(own),
                 "--format", "json", "--verbose", "-o", str(tmp_path / "report.json")])  # fmt: skip
    out = capsys.readouterr()
    assert code == 0, out.err
    assert server.chat_requests()[0].headers["authorization"] == f"Bearer {KEY}"  # it was used
    texts = {
        "stdout": out.out,
        "stderr": out.err,
        "logs": caplog.text + "".join(str(r.args) for r in caplog.records),
        "report": (tmp_path / "report.json").read_text(),
    }
    cache_files = list((own / "cache").rglob("*"))
    assert any(f.is_file() for f in cache_files), "the answers were cached"
    for file in cache_files:
        if file.is_file():
            texts[str(file)] = file.read_bytes().decode("latin-1")
    for where, text in texts.items():
        assert KEY not in text, where
        assert KEY[8:] not in text, where  # not even a partial copy
