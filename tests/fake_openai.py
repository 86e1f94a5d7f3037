"""A scriptable, local OpenAI-compatible HTTP server for tests (chat completions + embeddings).

It listens on ``127.0.0.1`` (allowed by the sealed test environment), speaks enough of the
OpenAI wire format for ``openai``/``langchain-openai`` clients, records every request, and
answers from a queue of scripted replies, falling back to a ``responder`` callable::

    with FakeOpenAI() as server:
        server.enqueue(Reply.error(429, retry_after=1))        # first request: rate limited
        server.enqueue(Reply.chat({"claims": []}))              # second: a structured answer
        settings = Settings(openai_api_key="sk-test", openai_base_url=server.base_url)
        ...
        assert len(server.requests) == 2

Fault injection (issue 7 reuses this): ``Reply(delay=…)`` sleeps before answering,
``Reply(drop=True)`` closes the connection without an answer, ``Reply.raw(…)`` sends any bytes
with any status and headers, ``Reply.error(status, retry_after=…)`` sends an OpenAI error body.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = [
    "FakeOpenAI",
    "RecordedRequest",
    "Reply",
    "chat_completion",
    "claimcheck_responder",
    "default_responder",
    "schema_name",
]


@dataclass
class Reply:
    """One scripted answer.

    Attributes:
        status: HTTP status code.
        body: a dict/list (sent as JSON) or ``str``/``bytes`` (sent as is).
        headers: extra response headers.
        delay: seconds to wait before answering (to provoke client timeouts).
        drop: close the connection without sending anything.
    """

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False

    @classmethod
    def chat(
        cls,
        content: str | dict[str, Any] | list[Any],
        *,
        prompt_tokens: int = 100,
        completion_tokens: int = 20,
        model: str = "gpt-4.1-mini-2025-04-14",
        delay: float = 0.0,
    ) -> Reply:
        """A successful chat completion whose message content is ``content`` (JSON-encoded
        when it is a dict or list, as structured output is)."""
        text = content if isinstance(content, str) else json.dumps(content)
        return cls(
            body=chat_completion(
                text, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens, model=model
            ),
            delay=delay,
        )

    @classmethod
    def error(
        cls,
        status: int,
        message: str = "scripted error",
        *,
        retry_after: float | None = None,
        code: str | None = None,
        delay: float = 0.0,
    ) -> Reply:
        """An OpenAI-style error answer (``{"error": {...}}``), with ``Retry-After`` if given."""
        headers = {} if retry_after is None else {"retry-after": f"{retry_after:g}"}
        error_type = {401: "invalid_request_error", 429: "rate_limit_exceeded"}.get(
            status, "server_error"
        )
        body = {"error": {"message": message, "type": error_type, "param": None, "code": code}}
        return cls(status=status, body=body, headers=headers, delay=delay)

    @classmethod
    def raw(
        cls, body: str | bytes, *, status: int = 200, content_type: str = "application/json"
    ) -> Reply:
        """Any bytes with any status (e.g. a truncated JSON document)."""
        return cls(status=status, body=body, headers={"content-type": content_type})


@dataclass
class RecordedRequest:
    """A request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


Responder = Callable[[RecordedRequest], Reply]


def chat_completion(
    content: str,
    *,
    prompt_tokens: int = 100,
    completion_tokens: int = 20,
    model: str = "gpt-4.1-mini-2025-04-14",
    completion_id: str = "chatcmpl-fake",
    created: int = 1_750_000_000,
) -> dict[str, Any]:
    """A chat-completions response object in the OpenAI wire format."""
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
        "system_fingerprint": "fp_fake",
    }


def schema_name(request: RecordedRequest) -> str | None:
    """Name of the structured-output schema a chat request asks for (json_schema or tool)."""
    body = request.json
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        return str(response_format["json_schema"]["name"])
    tools = body.get("tools") or []
    if tools:
        return str(tools[0]["function"]["name"])
    return None


def _fake_embedding(text: str, dimensions: int) -> list[float]:
    """A deterministic unit vector derived from the text's hash (no meaning, stable)."""
    raw = b""
    counter = 0
    while len(raw) < dimensions * 4:
        raw += hashlib.sha256(f"{counter}:{text}".encode()).digest()
        counter += 1
    values = [v / 2**31 - 1.0 for v in struct.unpack(f"<{dimensions}I", raw[: dimensions * 4])]
    norm = sum(v * v for v in values) ** 0.5 or 1.0
    return [v / norm for v in values]


def default_responder(request: RecordedRequest) -> Reply:
    """Answers embeddings requests with hash vectors; anything else is a 500 telling the test
    author that no reply was scripted."""
    if request.path.endswith("/embeddings"):
        body = request.json
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        dims = int(body.get("dimensions") or 16)
        data: list[dict[str, Any]] = []
        for i, text in enumerate(inputs):
            vector: Any = _fake_embedding(str(text), dims)
            if body.get("encoding_format") == "base64":  # what the openai SDK asks for
                vector = base64.b64encode(struct.pack(f"<{dims}f", *vector)).decode()
            data.append({"object": "embedding", "index": i, "embedding": vector})
        tokens = sum(len(str(t).split()) for t in inputs)
        return Reply(
            body={
                "object": "list",
                "data": data,
                "model": body.get("model", "text-embedding-3-small"),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )
    return Reply.error(500, f"fake_openai: no reply scripted for {request.method} {request.path}")


# ---------------------------------------------------------------------------- a naive "model"

_SENT_RE = re.compile(r"[^.!?\n]+[.!?]+[\"'”’)]*|[^.!?\n]+$")
_WORD_RE = re.compile(r"[A-Za-z0-9]+")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "is",
        "are",
        "was",
        "were",
        "be",
        "it",
        "that",
        "this",
        "as",
    ]
)


def _terms(text: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(text) if w.lower() not in _STOP}


def _user_text(request: RecordedRequest) -> str:
    messages = request.json.get("messages") or []
    users = [m.get("content") for m in messages if m.get("role") == "user"]
    return str(users[0]) if users else ""


def claimcheck_responder(request: RecordedRequest) -> Reply:
    """A deterministic stand-in for a model, for end-to-end tests of claimcheck's openai backend.

    * ``ExtractionOutput``: every sentence of the ``<article>`` block that contains a digit
      becomes a ``fact`` claim, its sentence copied verbatim.
    * ``VerificationOutput``: for each ``<claim>``, the sentence of its listed passages sharing
      the most words with it is quoted verbatim; ``supported`` when it shares at least half of
      the claim's words, else ``not_enough_evidence`` with no citation.

    Anything else falls back to :func:`default_responder`. It knows nothing about truth: it
    exercises the wire protocol and the offset bookkeeping, not the quality of a real model.
    """
    name = schema_name(request) if request.path.endswith("/chat/completions") else None
    user = _user_text(request) if name else ""
    if name == "ExtractionOutput":
        match = re.search(r"<article>\n?(.*?)\n?</article>", user, re.S)
        article = match.group(1) if match else ""
        claims = []
        for piece in _SENT_RE.findall(article):
            sentence = piece.strip()
            if any(ch.isdigit() for ch in sentence):
                claims.append(
                    {
                        "sentence": sentence,
                        "claim": sentence,
                        "kind": "fact",
                        "speaker": None,
                        "content": None,
                    }
                )
        return Reply.chat({"claims": claims}, prompt_tokens=len(user) // 4, completion_tokens=50)
    if name == "VerificationOutput":
        passages = dict(re.findall(r'<passage id="(P\d+)"[^>]*>\n?(.*?)\n?</passage>', user, re.S))
        results = []
        for claim_id, evidence, text in re.findall(
            r'<claim id="(C\d+)" evidence="([^"]*)"[^>]*>(.*?)</claim>', user, re.S
        ):
            wanted = _terms(text)
            best = (0.0, "", "")
            for pid in evidence.split():
                for piece in _SENT_RE.findall(passages.get(pid, "")):
                    sentence = piece.strip()
                    score = len(wanted & _terms(sentence)) / (len(wanted) or 1)
                    if score > best[0]:
                        best = (score, pid, sentence)
            if best[0] >= 0.5:
                results.append(
                    {
                        "claim_id": claim_id,
                        "label": "supported",
                        "confidence": round(best[0], 2),
                        "rationale": "The passage states the claim.",
                        "citations": [
                            {"passage_id": best[1], "quote": best[2], "stance": "supports"}
                        ],
                    }
                )
            else:
                results.append(
                    {
                        "claim_id": claim_id,
                        "label": "not_enough_evidence",
                        "confidence": 0.5,
                        "rationale": "No passage states the claim.",
                        "citations": [],
                    }
                )
        return Reply.chat({"results": results}, prompt_tokens=len(user) // 4, completion_tokens=80)
    return default_responder(request)


class FakeOpenAI:
    """The server; use as a context manager (or call :meth:`start`/:meth:`stop`).

    Args:
        responder: answers requests when the queue is empty (default: embeddings, else 500).
        expected_key: when set, requests without ``Authorization: Bearer <key>`` get a 401.
    """

    def __init__(self, responder: Responder | None = None, *, expected_key: str | None = None):
        self.responder: Responder = responder or default_responder
        self.expected_key = expected_key
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ scripting

    def enqueue(self, *replies: Reply) -> None:
        """Answer the next requests with ``replies``, in order."""
        with self._lock:
            self._queue.extend(replies)

    @property
    def pending(self) -> int:
        """Scripted replies not used yet."""
        with self._lock:
            return len(self._queue)

    def chat_requests(self) -> list[RecordedRequest]:
        """Recorded requests to ``/chat/completions``."""
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self._queue:
                return self._queue.popleft()
        return self.responder(request)

    # ------------------------------------------------------------------ lifecycle

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v1``: what ``OPENAI_BASE_URL`` should be."""
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeOpenAI:
        """Start serving in a daemon thread."""
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return  # keep test output clean

            def do_GET(self) -> None:  # noqa: N802
                self._handle()

            def do_POST(self) -> None:  # noqa: N802
                self._handle()

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                request = RecordedRequest(
                    method=self.command,
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
                if (
                    server.expected_key is not None
                    and request.headers.get("authorization") != f"Bearer {server.expected_key}"
                ):
                    with server._lock:
                        server.requests.append(request)
                    reply = Reply.error(401, "Incorrect API key provided.", code="invalid_api_key")
                else:
                    reply = server._next_reply(request)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    try:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    return
                payload = reply.body
                if isinstance(payload, str):
                    data = payload.encode()
                elif isinstance(payload, bytes):
                    data = payload
                else:
                    data = json.dumps(payload).encode()
                headers = {"content-type": "application/json", **reply.headers}
                try:
                    self.send_response(reply.status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (e.g. its timeout fired first)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
