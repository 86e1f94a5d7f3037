"""ChatClient against a real local HTTP server: retries, errors, repair, usage, cache, secrets."""

from __future__ import annotations

import logging
import socket
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_openai import FakeOpenAI, Reply
from pydantic import BaseModel, ConfigDict

from claimcheck.config import Settings
from claimcheck.errors import (
    ConfigError,
    ModelHTTPError,
    ModelOutputError,
    ModelTimeoutError,
)
from claimcheck.llm import SQLiteLLMCache, build_chat_model, estimate_cost, price_for
from claimcheck.llm._errors import retry_after as _retry_after
from claimcheck.llm.cache import CACHE_FILE
from claimcheck.llm.client import ChatClient

KEY = "sk-proj-SECRETSECRET0123456789abcdef"


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    score: float


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


def make_client(
    server: FakeOpenAI | None = None,
    *,
    base_url: str | None = None,
    cache: SQLiteLLMCache | None = None,
    **overrides: Any,
) -> tuple[ChatClient, list[float]]:
    values: dict[str, Any] = {
        "openai_api_key": KEY,
        "openai_base_url": base_url or (server.base_url if server else None),
        "max_retries": 3,
        "timeout_s": 5.0,
    }
    values.update(overrides)
    settings = Settings(**values)
    client = ChatClient.from_settings(settings, cache=cache)
    sleeps: list[float] = []
    client.sleep = sleeps.append
    return client, sleeps


def ask(client: ChatClient, **kwargs: Any) -> Answer:
    return client.structured(Answer, "Answer in JSON.", "Is it true?", **kwargs)


OK = {"label": "yes", "score": 0.5}


# ---------------------------------------------------------------------------- retries


def test_retry_after_is_honoured_then_success(server: FakeOpenAI) -> None:
    server.enqueue(
        Reply.error(429, retry_after=1.5), Reply.error(429, retry_after=0), Reply.chat(OK)
    )
    client, sleeps = make_client(server)
    assert ask(client) == Answer(label="yes", score=0.5)
    assert sleeps == [1.5, 0.0]
    assert len(server.chat_requests()) == 3
    assert client.usage.llm_calls == 1


def test_retries_are_bounded_with_growing_backoff(server: FakeOpenAI) -> None:
    server.enqueue(*[Reply.error(503, "overloaded") for _ in range(4)])
    client, sleeps = make_client(server, max_retries=3)
    with pytest.raises(ModelHTTPError) as info:
        ask(client)
    assert info.value.status_code == 503 and info.value.is_retryable
    assert len(server.chat_requests()) == 4  # 1 + max_retries, then give up
    assert len(sleeps) == 3
    for attempt, delay in enumerate(sleeps):  # min(30, 2**n) s with jitter in [0.5, 1]
        assert 0.5 * 2**attempt <= delay <= 2**attempt
    assert "503" in str(info.value) and "overloaded" in str(info.value)


def test_sdk_retries_are_off(server: FakeOpenAI) -> None:
    server.enqueue(Reply.error(500), Reply.chat(OK))
    client, _ = make_client(server, max_retries=0)
    with pytest.raises(ModelHTTPError):
        ask(client)
    assert len(server.chat_requests()) == 1
    assert server.chat_requests()[0].headers["x-stainless-retry-count"] == "0"


def test_a_too_long_retry_after_is_not_waited_for(server: FakeOpenAI) -> None:
    server.enqueue(Reply.error(429, retry_after=3600))
    client, sleeps = make_client(server)
    with pytest.raises(ModelHTTPError) as info:
        ask(client)
    assert info.value.retry_after == 3600 and sleeps == []


def test_bad_request_is_not_retried(server: FakeOpenAI) -> None:
    server.enqueue(Reply.error(400, "context_length_exceeded"))
    client, sleeps = make_client(server)
    with pytest.raises(ModelHTTPError) as info:
        ask(client)
    assert info.value.status_code == 400 and not info.value.is_retryable
    assert sleeps == [] and len(server.chat_requests()) == 1


def test_dropped_connection_is_retried(server: FakeOpenAI) -> None:
    server.enqueue(Reply(drop=True), Reply.chat(OK))
    client, sleeps = make_client(server)
    assert ask(client).label == "yes"
    assert len(sleeps) == 1


def test_retry_after_header_forms() -> None:
    assert _retry_after({"retry-after": "7"}) == 7.0
    assert _retry_after({"retry-after-ms": "250"}) == 0.25
    assert _retry_after({}) is None
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 25 <= (_retry_after({"retry-after": later}) or 0) <= 31
    assert _retry_after({"retry-after": "soon"}) is None


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_key_stops_at_once_naming_the_variable(server: FakeOpenAI, status: int) -> None:
    server.enqueue(Reply.error(status, f"Incorrect API key provided: {KEY[:8]}***{KEY[-4:]}"))
    client, sleeps = make_client(server)
    with pytest.raises(ConfigError) as info:
        ask(client)
    message = str(info.value)
    assert "OPENAI_API_KEY" in message and str(status) in message
    assert KEY not in message and KEY[-4:] not in message
    assert sleeps == [] and len(server.chat_requests()) == 1


def test_wrong_key_against_a_server_that_checks_it() -> None:
    with FakeOpenAI(expected_key="sk-the-right-one") as fake:
        client, _ = make_client(fake)
        with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
            ask(client)
        assert fake.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_unknown_model_is_a_config_error(server: FakeOpenAI) -> None:
    server.enqueue(Reply.error(404, "The model `gpt-9` does not exist"))
    client, _ = make_client(server, model="gpt-9")
    with pytest.raises(ConfigError, match="CLAIMCHECK_MODEL"):
        ask(client)


def test_slow_server_times_out(server: FakeOpenAI) -> None:
    server.enqueue(Reply.chat(OK, delay=1.5), Reply.chat(OK, delay=1.5))
    client, sleeps = make_client(server, timeout_s=0.3, max_retries=1)
    with pytest.raises(ModelTimeoutError, match="within 0.3 s"):
        ask(client)
    assert len(sleeps) == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_server_fails_within_the_timeout() -> None:
    settings = Settings(
        openai_api_key=KEY,
        openai_base_url=f"http://127.0.0.1:{_closed_port()}/v1",
        timeout_s=2.0,
        max_retries=10,
    )
    client = ChatClient.from_settings(settings)  # real sleeps
    started = time.monotonic()
    with pytest.raises(ModelTimeoutError) as info:
        ask(client)
    elapsed = time.monotonic() - started
    assert elapsed <= settings.timeout_s + 0.5, elapsed
    assert "could not reach the model server" in str(info.value)
    assert "OPENAI_BASE_URL" in str(info.value)


# ---------------------------------------------------------------------------- repair


def test_invalid_json_gets_one_repair_request(server: FakeOpenAI) -> None:
    server.enqueue(Reply.chat('{"label": "yes", "sco'), Reply.chat(OK))
    client, _ = make_client(server)
    assert ask(client) == Answer(label="yes", score=0.5)
    first, second = server.chat_requests()
    messages = second.json["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[2]["content"] == '{"label": "yes", "sco'
    assert (
        "could not be used" in messages[3]["content"] and "Invalid JSON" in messages[3]["content"]
    )
    assert client.usage.llm_calls == 2  # the failed answer cost tokens too
    assert client.usage.prompt_tokens == 200


def test_schema_violation_twice_raises_with_the_raw_output(server: FakeOpenAI) -> None:
    server.enqueue(Reply.chat({"label": "yes"}), Reply.chat({"label": 3, "score": "x"}))
    client, _ = make_client(server)
    with pytest.raises(ModelOutputError) as info:
        ask(client)
    assert info.value.raw_output == '{"label": 3, "score": "x"}'
    assert "even after a repair request" in str(info.value)
    assert len(server.chat_requests()) == 2


def test_a_failed_check_is_repaired_like_a_schema_error(server: FakeOpenAI) -> None:
    server.enqueue(Reply.chat({"label": "maybe", "score": 0.1}), Reply.chat(OK))
    client, _ = make_client(server)

    def check(answer: Answer) -> None:
        if answer.label not in {"yes", "no"}:
            raise ValueError("label must be yes or no")

    assert ask(client, check=check).label == "yes"
    assert "label must be yes or no" in server.chat_requests()[1].json["messages"][3]["content"]


# ---------------------------------------------------------------------------- usage and cost


def test_usage_and_cost_from_the_response(server: FakeOpenAI) -> None:
    server.enqueue(Reply.chat(OK, prompt_tokens=1000, completion_tokens=200))
    client, _ = make_client(server)
    ask(client)
    usage = client.usage
    assert (usage.llm_calls, usage.prompt_tokens, usage.completion_tokens) == (1, 1000, 200)
    assert usage.cost_usd == pytest.approx(1000 * 0.40e-6 + 200 * 1.60e-6)


def test_price_table() -> None:
    assert price_for("gpt-4.1-mini-2025-04-14") == price_for("gpt-4.1-mini")
    assert price_for("gpt-4.1-2025-04-14") == price_for("gpt-4.1") != price_for("gpt-4.1-mini")
    assert price_for("llama3.1:8b") is None
    assert estimate_cost("llama3.1:8b", 10_000, 10_000) == 0.0
    assert estimate_cost("gpt-4o-mini", 1_000_000, 0, cached_prompt_tokens=1_000_000) == 0.075


# ---------------------------------------------------------------------------- cache


def test_second_identical_call_is_served_from_the_cache(server: FakeOpenAI, tmp_path: Path) -> None:
    server.enqueue(Reply.chat(OK))
    path = tmp_path / CACHE_FILE
    first, _ = make_client(server, cache=SQLiteLLMCache(path))
    assert ask(first) == Answer(**OK)
    # a new process-like client, another timeout: still a hit (timeouts do not change answers)
    second, _ = make_client(server, cache=SQLiteLLMCache(path), timeout_s=9.0, max_retries=1)
    assert ask(second) == Answer(**OK)
    assert len(server.chat_requests()) == 1
    assert (second.usage.llm_calls, second.usage.cache_hits, second.usage.cost_usd) == (0, 1, 0.0)
    assert KEY not in path.read_bytes().decode("utf-8", "replace")


def test_cache_misses_for_another_model_or_server(server: FakeOpenAI, tmp_path: Path) -> None:
    server.enqueue(Reply.chat(OK), Reply.chat(OK))
    path = tmp_path / CACHE_FILE
    ask(make_client(server, cache=SQLiteLLMCache(path))[0])
    ask(make_client(server, cache=SQLiteLLMCache(path), model="gpt-4.1-nano")[0])
    assert len(server.chat_requests()) == 2


def test_cache_off_calls_every_time(server: FakeOpenAI) -> None:
    server.enqueue(Reply.chat(OK), Reply.chat(OK))
    client, _ = make_client(server, cache=None)
    ask(client)
    ask(client)
    assert len(server.chat_requests()) == 2 and client.usage.cache_hits == 0


def test_invalid_answers_are_not_replayed_from_the_cache(
    server: FakeOpenAI, tmp_path: Path
) -> None:
    server.enqueue(Reply.chat("not json"), Reply.chat(OK), Reply.chat(OK))
    path = tmp_path / CACHE_FILE
    ask(make_client(server, cache=SQLiteLLMCache(path))[0])
    assert len(server.chat_requests()) == 2  # the invalid answer + the repair
    assert ask(make_client(server, cache=SQLiteLLMCache(path))[0]) == Answer(**OK)
    assert len(server.chat_requests()) == 3  # first request again (never cached), repair hit


def test_a_corrupt_cache_file_is_skipped_with_a_warning(
    server: FakeOpenAI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / CACHE_FILE
    path.write_bytes(b"this is not a database" * 100)
    server.enqueue(Reply.chat(OK))
    with caplog.at_level(logging.WARNING):
        assert ask(make_client(server, cache=SQLiteLLMCache(path))[0]).label == "yes"
    assert "unusable" in caplog.text


def test_cache_namespace_separates_entries(tmp_path: Path) -> None:
    from langchain_core.messages import AIMessage
    from langchain_core.outputs import ChatGeneration

    path = tmp_path / CACHE_FILE
    a = SQLiteLLMCache(path, namespace="a")
    a.update("prompt", "llm", [ChatGeneration(message=AIMessage(content="hi"))])
    assert a.lookup("prompt", "llm") is not None
    assert SQLiteLLMCache(path, namespace="b").lookup("prompt", "llm") is None
    assert len(a) == 1
    a.clear()
    assert len(a) == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# ---------------------------------------------------------------------------- secrets


def test_the_key_never_shows(server: FakeOpenAI, caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(openai_api_key=KEY, openai_base_url=server.base_url, max_retries=1)
    chat_model = build_chat_model(settings)
    client = ChatClient.from_settings(settings, chat_model=chat_model)
    client.sleep = lambda _: None
    for text in (repr(settings), str(settings), repr(client), repr(chat_model)):
        assert KEY not in text
    assert KEY not in settings.model_dump_json()
    server.enqueue(
        Reply.error(500, f"upstream said: {KEY}"),
        Reply.error(500, f"upstream said: {KEY}"),
    )
    with caplog.at_level(logging.DEBUG), pytest.raises(ModelHTTPError) as info:
        ask(client)
    assert KEY not in str(info.value) and KEY not in info.value.body
    assert KEY not in caplog.text
    server.enqueue(Reply.chat("{bad"), Reply.chat(f"{{bad {KEY}"))
    with caplog.at_level(logging.DEBUG), pytest.raises(ModelOutputError) as out:
        ask(client)
    assert KEY not in str(out.value) and KEY not in out.value.raw_output
    assert KEY not in caplog.text


def test_missing_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        build_chat_model(Settings())


def test_a_local_server_needs_no_key(server: FakeOpenAI) -> None:
    server.enqueue(Reply.chat(OK))
    settings = Settings(openai_base_url=server.base_url)
    client = ChatClient.from_settings(settings)
    assert ask(client).label == "yes"
