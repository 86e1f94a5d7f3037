"""Recorded model calls for ``--backend openai`` evals: replay, record, missing interactions, secrets."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import yaml
from fake_openai import FakeOpenAI, Reply

from claimcheck.errors import ConfigError
from claimcheck.evaluation.cassettes import model_cassette, readable_serializer

BODY = {"model": "gpt-4.1-mini", "messages": [{"role": "user", "content": "Is the sky blue?"}]}
ANSWER = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "choices": [],
    "usage": {"prompt_tokens": 3},
}


def _write_cassette(path: Path) -> None:
    """A tiny hand-made cassette (what a reviewer reads: parsed JSON bodies)."""
    cassette = {
        "version": 1,
        "interactions": [
            {
                "request": {
                    "method": "POST",
                    "uri": "https://api.openai.com/v1/chat/completions",
                    "body": {"json": BODY, "_plain": True},
                    "headers": {"content-type": ["application/json"]},
                },
                "response": {
                    "status": {"code": 200, "message": "OK"},
                    "headers": {"content-type": ["application/json"]},
                    "body": {"json": ANSWER},
                },
            }
        ],
    }
    path.write_text(yaml.safe_dump(cassette, sort_keys=False))


def test_serializer_round_trip_keeps_json_bodies_readable() -> None:
    data = {"interactions": [{"request": {"body": json.dumps(BODY)},
                              "response": {"body": {"string": json.dumps(ANSWER)}}}], "version": 1}  # fmt: skip
    text = readable_serializer.serialize(data)
    assert "Is the sky blue?" in text and '\\"' not in text  # parsed, not an escaped string
    back = readable_serializer.deserialize(text)
    assert json.loads(back["interactions"][0]["request"]["body"]) == BODY
    assert json.loads(back["interactions"][0]["response"]["body"]["string"]) == ANSWER


def test_replay_answers_from_the_cassette_whatever_the_host(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    _write_cassette(path)
    with model_cassette(path, record=False) as session, httpx.Client() as client:
        # another host and key order: matching is on method, path, query and the parsed body
        reply = client.post("http://127.0.0.1:9/v1/chat/completions",
                            content=json.dumps(dict(reversed(list(BODY.items())))),
                            headers={"content-type": "application/json"})  # fmt: skip
    assert reply.json() == ANSWER
    assert session.misses == [] and session.played == 1


def test_a_request_missing_from_the_cassette_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    _write_cassette(path)
    with (
        model_cassette(path, record=False) as session,
        httpx.Client() as client,
        pytest.raises(Exception, match="Can't play back this request"),
    ):
        client.post("https://api.openai.com/v1/chat/completions", json={"model": "other"})
    assert session.misses == ["POST /v1/chat/completions"]
    assert "--record" in str(session.miss_error())


def test_replay_without_a_cassette_is_a_config_error(tmp_path: Path) -> None:
    with (
        pytest.raises(ConfigError, match="--record"),
        model_cassette(tmp_path / "none.yaml", record=False),
    ):
        pass


def test_record_writes_a_cassette_without_secrets(tmp_path: Path) -> None:
    path = tmp_path / "rec" / "c.yaml"
    with FakeOpenAI(expected_key="sk-secret-key") as server:  # 401 unless the key is still sent
        server.enqueue(Reply.chat({"answer": "yes"}))
        with model_cassette(path, record=True) as session, httpx.Client() as client:
            reply = client.post(f"{server.base_url}/chat/completions", json=BODY,
                                headers={"authorization": "Bearer sk-secret-key",
                                         "openai-organization": "org-secret"})  # fmt: skip
        assert reply.status_code == 200
    assert session.recorded == 1
    text = path.read_text()
    assert "sk-secret-key" not in text and "org-secret" not in text
    assert "Is the sky blue?" in text
    # and it replays
    with model_cassette(path, record=False) as again, httpx.Client() as client:
        assert (
            client.post("https://api.openai.com/v1/chat/completions", json=BODY).status_code == 200
        )
    assert again.played == 1
