"""Structured chat calls through LangChain's ``ChatOpenAI``: retries, errors, repair, usage.

:class:`ChatClient` is the one place where claimcheck talks to a chat model. One call of
:meth:`ChatClient.structured` sends a system and a user message and returns an instance of a
pydantic schema (OpenAI structured output, ``method="json_schema"``, strict), and

* retries HTTP 429 (waiting what ``Retry-After`` asks), 5xx, dropped connections and timeouts
  with bounded exponential backoff and jitter — the SDK's own retries are off, the policy is
  ours;
* stops at once on 401/403 with a :class:`~claimcheck.errors.ConfigError` naming
  ``OPENAI_API_KEY``, and gives up on an unreachable server within ``timeout_s``;
* maps ``openai``/``httpx`` exceptions to :mod:`claimcheck.errors` with the key scrubbed
  (:mod:`claimcheck.llm._errors`);
* sends one *repair* request (the error quoted back, prompt ``repair_output``) when the answer
  is not valid JSON for the schema or fails the caller's ``check``; a second failure raises
  :class:`~claimcheck.errors.ModelOutputError` carrying the raw output;
* counts calls, tokens, estimated cost and cache hits in :attr:`ChatClient.usage`.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any, Literal, TypeVar

import openai
import pydantic
from langchain_core.caches import BaseCache
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.runnables import Runnable

from ..config import Settings
from ..errors import ClaimcheckError, ConfigError, ModelError, ModelHTTPError, ModelOutputError
from ..models import Usage
from ..prompts import Prompt, load_prompt
from ._errors import is_connect_failure, map_error, one_line, scrub
from .cache import count_cache_hits
from .pricing import estimate_cost

__all__ = ["DEFAULT_BASE_URL", "ChatClient", "build_chat_model"]

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
_BACKOFF_BASE_S = 1.0
_BACKOFF_CAP_S = 30.0
_MAX_RETRY_AFTER_S = 120.0
_REASONING_PREFIXES = ("o1", "o3", "o4", "gpt-5")

T = TypeVar("T", bound=pydantic.BaseModel)
StructuredMethod = Literal["json_schema", "function_calling"]


def build_chat_model(settings: Settings, *, cache: BaseCache | None = None) -> BaseChatModel:
    """A ``ChatOpenAI`` configured from ``settings`` (SDK retries off: :class:`ChatClient`
    retries), answering from ``cache`` when given, never from LangChain's global cache."""
    from langchain_openai import ChatOpenAI

    key = settings.openai_api_key
    if key is None or not key.get_secret_value().strip():
        if not settings.openai_base_url:
            raise ConfigError(
                "the openai backend needs an API key: set OPENAI_API_KEY, or use --backend local"
            )
        key = pydantic.SecretStr("no-key")  # local OpenAI-compatible servers ignore it
    options: dict[str, Any] = {}
    if not settings.model.lower().startswith(_REASONING_PREFIXES):
        options["temperature"] = 0.0  # reasoning models reject a temperature
    return ChatOpenAI(
        model=settings.model,
        api_key=key,
        base_url=settings.openai_base_url or DEFAULT_BASE_URL,
        timeout=settings.timeout_s,
        max_retries=0,
        use_responses_api=False,  # chat completions: what OpenAI-compatible servers speak
        cache=cache if cache is not None else False,
        **options,
    )


class _InvalidOutput(Exception):
    def __init__(self, reason: str, raw_output: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.raw_output = raw_output


class ChatClient:
    """Structured calls to one chat model with claimcheck's retry, repair and usage policy.

    Args:
        chat_model: a LangChain chat model supporting ``with_structured_output`` (``ChatOpenAI``).
        model: the model name (for prices and messages).
        base_url: where the server is (for messages only).
        max_retries: retries after the first attempt on retryable failures.
        timeout_s: per-request timeout; also the time budget for reaching the server at all.
        secret: the API key, only to scrub it from any text we raise or log.
        method: ``json_schema`` (OpenAI structured outputs) or ``function_calling``.
        sleep: the sleep function (tests replace it).
    """

    def __init__(
        self,
        chat_model: BaseChatModel,
        *,
        model: str,
        base_url: str = DEFAULT_BASE_URL,
        max_retries: int = 4,
        timeout_s: float = 60.0,
        secret: str | None = None,
        method: StructuredMethod = "json_schema",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.chat_model = chat_model
        self.model = model
        self.base_url = base_url
        self.max_retries = max_retries
        self.timeout_s = timeout_s
        self.method: StructuredMethod = method
        self.sleep = sleep
        self._secret = secret
        self._usage = Usage()
        self._lock = threading.Lock()
        self._runnables: dict[type[pydantic.BaseModel], Runnable[Any, Any]] = {}
        self.repair_prompt: Prompt = load_prompt("repair_output")

    def __repr__(self) -> str:
        return f"ChatClient(model={self.model!r}, base_url={self.base_url!r})"

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        cache: BaseCache | None = None,
        chat_model: BaseChatModel | None = None,
    ) -> ChatClient:
        """A client for ``settings`` (sharing ``chat_model`` when given)."""
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        return cls(
            chat_model if chat_model is not None else build_chat_model(settings, cache=cache),
            model=settings.model,
            base_url=settings.openai_base_url or DEFAULT_BASE_URL,
            max_retries=settings.max_retries,
            timeout_s=settings.timeout_s,
            secret=key or None,
            method=settings.structured_output,
        )

    # ------------------------------------------------------------------ usage

    @property
    def usage(self) -> Usage:
        """A snapshot of the usage so far."""
        with self._lock:
            return self._usage.model_copy()

    def count_invalid_citations(self, n: int) -> None:
        """Add ``n`` dropped citations to the usage counters."""
        with self._lock:
            self._usage.invalid_citations += n

    def _record(self, usage: dict[str, Any] | None, model: str | None, *, cached: bool) -> None:
        with self._lock:
            if cached:
                self._usage.cache_hits += 1
                return
            self._usage.llm_calls += 1
            if not usage:
                return
            prompt_tokens = int(usage.get("input_tokens") or usage.get("prompt_tokens") or 0)
            completion_tokens = int(
                usage.get("output_tokens") or usage.get("completion_tokens") or 0
            )
            details = usage.get("input_token_details") or usage.get("prompt_tokens_details") or {}
            cached_tokens = int(details.get("cache_read") or details.get("cached_tokens") or 0)
            self._usage.prompt_tokens += prompt_tokens
            self._usage.completion_tokens += completion_tokens
            cost = estimate_cost(
                model or self.model, prompt_tokens, completion_tokens, cached_tokens
            )
            self._usage.cost_usd = round(self._usage.cost_usd + cost, 8)

    # ------------------------------------------------------------------ calls

    def structured(
        self,
        schema: type[T],
        system: str,
        user: str,
        *,
        check: Callable[[T], None] | None = None,
    ) -> T:
        """Ask the model for an instance of ``schema``.

        Args:
            schema: the pydantic output model (all fields required, ``extra="forbid"``).
            system: the system message.
            user: the user message.
            check: extra validation of the parsed answer; a ``ValueError`` it raises is sent
                back to the model in the repair request, like a schema error.

        Raises:
            ConfigError: the server rejected the key (401/403) or does not know the model.
            ModelOutputError: the answer was invalid twice (``raw_output`` holds the last one).
            ModelHTTPError: an HTTP error that retries did not cure.
            ModelTimeoutError: no answer in time, or the server could not be reached.
        """
        messages: list[BaseMessage] = [SystemMessage(content=system), HumanMessage(content=user)]
        try:
            return self._attempt(schema, messages, check)
        except _InvalidOutput as bad:
            logger.info(
                "model answer did not fit %s (%s); sending one repair request",
                schema.__name__,
                one_line(bad.reason, 200),
            )
            _, repair = self.repair_prompt.render(error=one_line(bad.reason, 1000))
            messages = [
                *messages,
                AIMessage(content=bad.raw_output or "(empty answer)"),
                HumanMessage(content=repair),
            ]
        try:
            return self._attempt(schema, messages, check)
        except _InvalidOutput as bad:
            raise ModelOutputError(
                f"the model's answer did not fit the {schema.__name__} schema, even after a "
                f"repair request: {scrub(one_line(bad.reason, 300), self._secret)}",
                raw_output=scrub(bad.raw_output, self._secret),
            ) from None

    def _runnable(self, schema: type[pydantic.BaseModel]) -> Runnable[Any, Any]:
        with self._lock:
            runnable = self._runnables.get(schema)
            if runnable is None:
                runnable = self.chat_model.with_structured_output(
                    schema, method=self.method, include_raw=True, strict=True
                )
                self._runnables[schema] = runnable
            return runnable

    def _attempt(
        self,
        schema: type[T],
        messages: list[BaseMessage],
        check: Callable[[T], None] | None,
    ) -> T:
        out = self._invoke(schema, messages)
        raw = out.get("raw")
        raw_text = raw.text if isinstance(raw, AIMessage) else ""
        if isinstance(raw, AIMessage) and not raw_text and raw.tool_calls:
            raw_text = str(raw.tool_calls[0].get("args", ""))
        parsed = out.get("parsed")
        error = out.get("parsing_error")
        if error is not None or not isinstance(parsed, schema):
            reason = one_line(str(error)) if error is not None else "no structured answer"
            raise _InvalidOutput(reason, raw_text)
        if check is not None:
            try:
                check(parsed)
            except ValueError as exc:
                raise _InvalidOutput(str(exc), raw_text) from None
        return parsed

    def _invoke(
        self, schema: type[pydantic.BaseModel], messages: list[BaseMessage]
    ) -> dict[str, Any]:
        """One logical call: retried on retryable failures, usage recorded."""
        runnable = self._runnable(schema)
        started = time.monotonic()
        attempt = 0
        while True:
            try:
                with count_cache_hits() as hits:
                    out = runnable.invoke(messages)
            except (
                pydantic.ValidationError,
                openai.LengthFinishReasonError,
                openai.ContentFilterFinishReasonError,
            ) as exc:
                # The SDK parsed the answer itself (json_schema) and it did not fit.
                raw_text, usage, model = _answer_of(exc)
                self._record(usage, model, cached=False)
                raise _InvalidOutput(
                    one_line(str(exc).split("\n  For further")[0]), raw_text
                ) from None
            except Exception as exc:
                error = self._map_error(exc)
                delay = self._retry_delay(error, attempt, started, exc)
                if delay is None:
                    raise error from None
                attempt += 1
                logger.info(
                    "model call failed (%s); retry %d/%d in %.1f s",
                    error,
                    attempt,
                    self.max_retries,
                    delay,
                )
                self.sleep(delay)
                continue
            raw = out.get("raw") if isinstance(out, dict) else None
            metadata = raw.response_metadata if isinstance(raw, AIMessage) else {}
            self._record(
                dict(raw.usage_metadata)
                if isinstance(raw, AIMessage) and raw.usage_metadata
                else None,
                metadata.get("model_name"),
                cached=hits.count > 0,
            )
            return out if isinstance(out, dict) else {"parsed": out}

    def _retry_delay(
        self, error: ClaimcheckError, attempt: int, started: float, exc: BaseException
    ) -> float | None:
        """Seconds to wait before retrying ``error``, or ``None`` to give up."""
        if not isinstance(error, ModelError) or not error.is_retryable:
            return None
        if attempt >= self.max_retries:
            return None
        if isinstance(error, ModelHTTPError) and error.retry_after is not None:
            if error.retry_after > _MAX_RETRY_AFTER_S:
                return None  # the server asks for a longer pause than a run should hang
            return error.retry_after
        delay = min(_BACKOFF_CAP_S, _BACKOFF_BASE_S * float(2**attempt)) * random.uniform(0.5, 1.0)
        if is_connect_failure(exc) and time.monotonic() - started + delay > self.timeout_s:
            return None  # an unreachable server: give up within the configured timeout
        return delay

    def _map_error(self, exc: Exception) -> ClaimcheckError:
        return map_error(
            exc,
            base_url=self.base_url,
            model=self.model,
            timeout_s=self.timeout_s,
            secret=self._secret,
        )


def _answer_of(exc: BaseException) -> tuple[str, dict[str, Any] | None, str | None]:
    """The raw message text, usage and model of the HTTP answer attached to ``exc``."""
    response = getattr(exc, "response", None)
    if response is None:
        return "", None, None
    try:
        data = response.json()
        message = data["choices"][0]["message"]
        text = message.get("content") or ""
        if not text and message.get("tool_calls"):
            text = message["tool_calls"][0]["function"]["arguments"]
        usage = data.get("usage")
        model = data.get("model")
        return (
            str(text),
            usage if isinstance(usage, dict) else None,
            str(model) if model else None,
        )
    except Exception:
        return "", None, None
