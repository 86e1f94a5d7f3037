"""Building the OpenAI extractor and verifier from :class:`~claimcheck.config.Settings`."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from ..config import Settings
from ..extract.llm import ExtractionOutput, LLMExtractor
from ..verify.llm import LLMVerifier, VerificationOutput
from .cache import CACHE_FILE, SQLiteLLMCache
from .client import ChatClient, build_chat_model

__all__ = ["build_openai_engines", "cache_namespace"]

logger = logging.getLogger(__name__)


def cache_namespace() -> str:
    """A fingerprint of the output schemas: cached answers of another shape are never reused."""
    digest = hashlib.sha256(b"claimcheck-llm-cache-1")
    for schema in (ExtractionOutput, VerificationOutput):
        digest.update(json.dumps(schema.model_json_schema(), sort_keys=True).encode())
    return digest.hexdigest()[:16]


def build_openai_engines(
    settings: Settings, *, cache_dir: Path | None
) -> tuple[LLMExtractor, LLMVerifier]:
    """The ``openai`` extractor and verifier for ``settings``.

    Both share one ``ChatOpenAI`` (model, base URL, key, timeout from ``settings``) and, when
    ``settings.cache`` is on and ``cache_dir`` is given, one SQLite cache at
    ``cache_dir/llm-cache.sqlite``. Each engine counts its own usage.

    Raises:
        ConfigError: no API key and no base URL of a local server is configured.
    """
    cache = None
    if settings.cache and cache_dir is not None:
        cache = SQLiteLLMCache(Path(cache_dir) / CACHE_FILE, namespace=cache_namespace())
    chat_model = build_chat_model(settings, cache=cache)
    logger.debug("openai engines: model %s, cache %s", settings.model, cache)
    extractor = LLMExtractor(
        ChatClient.from_settings(settings, chat_model=chat_model),
        concurrency=settings.concurrency,
    )
    verifier = LLMVerifier(
        ChatClient.from_settings(settings, chat_model=chat_model),
        top_k=settings.top_k,
        max_citations=settings.max_citations,
        concurrency=settings.concurrency,
    )
    return extractor, verifier
