"""``claimcheck check --backend openai`` end to end: CLI → store → a local OpenAI-compatible
server (``tests/fake_openai.py``) → JSON report, as a user runs it."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, Reply, claimcheck_responder

KEY = "sk-test-cli-0123456789abcdef"

ARTICLE = """Facts about bridges

The Golden Gate Bridge opened in 1937. It is painted a colour called International Orange.

The Akashi Kaikyo Bridge in Japan opened in 1998 with a main span of 1,991 metres.
"""

DOCS = [
    {
        "id": "golden-gate",
        "title": "Golden Gate Bridge",
        "url": "https://example.org/golden-gate",
        "text": "The Golden Gate Bridge in San Francisco opened to traffic in 1937. Its main span "
        "measures 1,280 metres, and it is painted International Orange.",
    },
    {
        "id": "akashi",
        "title": "Akashi Kaikyo Bridge",
        "url": "https://example.org/akashi",
        "text": "The Akashi Kaikyo Bridge links Kobe and Awaji Island in Japan. It opened in 1998 "
        "with a main span of 1,991 metres, then the longest in the world.",
    },
    {
        "id": "tea",
        "title": "Tea",
        "url": "https://example.org/tea",
        "text": "Tea is made by pouring hot water over cured leaves of the tea plant.",
    },
]


@pytest.fixture
def main() -> object:
    cli = pytest.importorskip("claimcheck.cli")
    return cli.main


@pytest.fixture
def store(tmp_path: Path, main: object, capsys: pytest.CaptureFixture[str]) -> Path:
    corpus = tmp_path / "docs.jsonl"
    corpus.write_text("\n".join(json.dumps(d) for d in DOCS) + "\n", encoding="utf-8")
    folder = tmp_path / "store"
    assert main(["ingest", str(corpus), "--store", str(folder)]) == 0  # type: ignore[operator]
    capsys.readouterr()
    return folder


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI(claimcheck_responder, expected_key=KEY) as fake:
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        yield fake


def check(main: object, article: Path, store: Path, *extra: str) -> list[str]:
    args = ["check", str(article), "--backend", "openai", "--store", str(store), "--format", "json"]
    return [*args, *extra]


def test_check_with_the_openai_backend_against_a_local_server(
    main: object,
    store: Path,
    article: Path,
    server: FakeOpenAI,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(check(main, article, store))  # type: ignore[operator]
    out = capsys.readouterr()
    assert code == 0, out.err
    report = json.loads(out.out)
    assert report["backend"]["name"] == "openai"
    assert report["backend"]["prompts"] == {
        "extract_claims": "1",
        "repair_output": "1",
        "verify_claims": "1",
    }
    claims = report["claims"]
    assert len(claims) == 2
    for item in claims:
        assert ARTICLE[item["span"]["start"] : item["span"]["end"]] == item["text"]
        assert item["status"] == "ok"
    texts = {d["id"]: d["text"] for d in DOCS}
    cited = [c for item in claims for c in item["citations"]]
    assert cited, "the naive model quotes the best-matching sentence of a retrieved passage"
    for citation in cited:
        assert texts[citation["doc_id"]][citation["start"] : citation["end"]] == citation["quote"]
    # one extraction call + one verification batch: 1 + ceil(2 / 5)
    assert report["usage"]["llm_calls"] == 2 == len(server.chat_requests())
    assert report["usage"]["prompt_tokens"] > 0 and report["usage"]["cache_hits"] == 0
    assert KEY not in out.out and KEY not in out.err

    # the same run again: answered by the cache under the store folder, no HTTP call
    assert main(check(main, article, store)) == 0  # type: ignore[operator]
    again = json.loads(capsys.readouterr().out)
    assert len(server.chat_requests()) == 2
    assert again["usage"]["llm_calls"] == 0 and again["usage"]["cache_hits"] == 2
    assert again["claims"] == claims

    # --no-cache calls the server again
    assert main(check(main, article, store, "--no-cache")) == 0  # type: ignore[operator]
    capsys.readouterr()
    assert len(server.chat_requests()) == 4


def test_a_rejected_key_is_one_line_naming_the_variable(
    main: object,
    store: Path,
    article: Path,
    server: FakeOpenAI,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-wrong-key-000000")
    code = main(check(main, article, store))  # type: ignore[operator]
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "OPENAI_API_KEY" in err and "401" in err
    assert "sk-test-wrong-key" not in err
    assert len(server.chat_requests()) == 1  # no retry


def test_an_unreachable_server_fails_within_the_timeout(
    main: object,
    store: Path,
    article: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("CLAIMCHECK_TIMEOUT_S", "2")
    started = time.monotonic()
    code = main(check(main, article, store))  # type: ignore[operator]
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 1 and elapsed < 4.0, (elapsed, err)
    assert err.count("\n") == 1 and "could not reach the model server" in err


def test_server_errors_are_retried_transparently(
    main: object,
    store: Path,
    article: Path,
    server: FakeOpenAI,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("claimcheck.llm.client.time.sleep", lambda _: None)
    server.enqueue(Reply.error(502, "bad gateway"), Reply.error(429, retry_after=0.01))
    code = main(check(main, article, store, "--no-cache"))  # type: ignore[operator]
    out = capsys.readouterr()
    assert code == 0, out.err
    report = json.loads(out.out)
    assert report["summary"]["errors"] == 0
    assert len(server.chat_requests()) == 4  # 2 failures, then extraction and verification
