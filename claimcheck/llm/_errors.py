"""Mapping ``openai``/``httpx`` failures to :mod:`claimcheck.errors`, without leaking the key.

Which error a failure becomes decides what :class:`~claimcheck.llm.client.ChatClient` does:

* HTTP 401/403 → :class:`~claimcheck.errors.ConfigError` naming ``OPENAI_API_KEY`` (no retry);
  HTTP 404 → :class:`~claimcheck.errors.ConfigError` naming ``CLAIMCHECK_MODEL``;
* other HTTP errors → :class:`~claimcheck.errors.ModelHTTPError` (``status_code``, ``body``,
  ``retry_after``; retryable for 429 and 5xx);
* timeouts and connection failures → :class:`~claimcheck.errors.ModelTimeoutError` (retryable;
  :func:`is_connect_failure` tells an unreachable server from a slow one);
* anything else from the SDK → :class:`~claimcheck.errors.ModelError`.

Every message is one line, and the key (or anything shaped like an OpenAI key) is scrubbed.
"""

from __future__ import annotations

import email.utils
import json
import re
import time
from typing import Any

import openai

from ..errors import ClaimcheckError, ConfigError, ModelError, ModelHTTPError, ModelTimeoutError

__all__ = ["is_connect_failure", "map_error", "one_line", "retry_after", "scrub"]

_KEY_RE = re.compile(r"\b(sk-[A-Za-z0-9_\-]{2})[A-Za-z0-9_\-*.]{6,}")


def scrub(text: str, secret: str | None) -> str:
    """``text`` without ``secret`` and without anything shaped like an OpenAI key."""
    if secret:
        text = text.replace(secret, "***")
    return _KEY_RE.sub(r"\1***", text)


def one_line(text: str, limit: int = 300) -> str:
    """``text`` on one line, at most ``limit`` characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def retry_after(headers: Any) -> float | None:
    """Seconds from ``retry-after-ms`` / ``retry-after`` (seconds or an HTTP date)."""
    if headers is None:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000.0)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _cause_chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def is_connect_failure(exc: BaseException) -> bool:
    """Whether the server could not be reached at all (as opposed to answering slowly)."""
    names = {type(e).__name__ for e in _cause_chain(exc)}
    return bool(names & {"ConnectError", "ConnectTimeout", "gaierror", "ConnectionRefusedError"})


def map_error(
    exc: Exception, *, base_url: str, model: str, timeout_s: float, secret: str | None
) -> ClaimcheckError:
    """The claimcheck error for an exception raised by the SDK or LangChain (key scrubbed).

    Raises:
        Exception: ``exc`` itself when it is not a model failure (a bug must surface).
    """
    if isinstance(exc, ClaimcheckError):
        return exc
    where = base_url
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return ConfigError(
            f"the model server at {where} rejected the API key (HTTP {exc.status_code}): "
            "set a valid OPENAI_API_KEY (or CLAIMCHECK_OPENAI_API_KEY)"
        )
    if isinstance(exc, openai.NotFoundError):
        return ConfigError(
            f"the model server at {where} answered HTTP 404 for model {model!r}: set "
            "CLAIMCHECK_MODEL to a model it serves and check OPENAI_BASE_URL (it often ends "
            "in /v1)"
        )
    if isinstance(exc, openai.APIStatusError):
        body = scrub(exc.response.text if exc.response is not None else "", secret)
        detail = scrub(one_line(getattr(exc, "message", "") or body, 200), secret)
        status = exc.status_code
        hint = {
            429: "rate limited; lower CLAIMCHECK_CONCURRENCY or try later",
            400: "the request was refused",
        }.get(status, "the server failed" if status >= 500 else "the request failed")
        return ModelHTTPError(
            f"model server at {where} answered HTTP {status} ({hint}): {detail}",
            status_code=status,
            body=body,
            retry_after=retry_after(exc.response.headers if exc.response is not None else None),
        )
    if isinstance(exc, openai.APITimeoutError):
        return ModelTimeoutError(
            f"no answer from the model server at {where} within {timeout_s:g} s: check "
            "the server, or raise CLAIMCHECK_TIMEOUT_S"
        )
    if isinstance(exc, openai.APIConnectionError):
        chain = _cause_chain(exc)
        root = chain[-1] if chain else exc
        reason = scrub(one_line(f"{type(root).__name__}: {root}", 200), secret)
        return ModelTimeoutError(
            f"could not reach the model server at {where} ({reason}): check OPENAI_BASE_URL "
            "and the network"
        )
    if isinstance(exc, openai.OpenAIError):
        return ModelError(f"model call to {where} failed: {scrub(one_line(str(exc), 200), secret)}")
    if isinstance(exc, json.JSONDecodeError):
        # a 2xx answer whose body is not JSON (cut off mid-document, a proxy's HTML page)
        error = ModelError(
            f"the model server at {where} sent a malformed response body "
            f"({scrub(one_line(exc.msg, 120), secret)} at character {exc.pos}): check the server "
            "or proxy at OPENAI_BASE_URL"
        )
        error.is_retryable = True
        return error
    raise exc  # not a model failure: a bug, let it surface
