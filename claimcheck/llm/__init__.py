"""The OpenAI engine: claim extraction and verification by a chat model through LangChain.

Works with OpenAI and with any OpenAI-compatible server (vLLM, Ollama, llama.cpp, …) set by
``OPENAI_BASE_URL``. :func:`build_openai_engines` is the entry point the pipeline calls.

The extractor and verifier live beside their offline peers (``claimcheck.extract.llm``,
``claimcheck.verify.llm``); they are re-exported here lazily, because they import this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .cache import SQLiteLLMCache, count_cache_hits
from .client import DEFAULT_BASE_URL, ChatClient, build_chat_model
from .pricing import PRICES, PRICES_AS_OF, estimate_cost, price_for

if TYPE_CHECKING:
    from ..extract.llm import LLMExtractor
    from ..verify.llm import LLMVerifier
    from .engines import build_openai_engines

__all__ = [
    "DEFAULT_BASE_URL",
    "PRICES",
    "PRICES_AS_OF",
    "ChatClient",
    "LLMExtractor",
    "LLMVerifier",
    "SQLiteLLMCache",
    "build_chat_model",
    "build_openai_engines",
    "count_cache_hits",
    "estimate_cost",
    "price_for",
]


def __getattr__(name: str) -> Any:
    if name == "LLMExtractor":
        from ..extract.llm import LLMExtractor

        return LLMExtractor
    if name == "LLMVerifier":
        from ..verify.llm import LLMVerifier

        return LLMVerifier
    if name == "build_openai_engines":
        from .engines import build_openai_engines

        return build_openai_engines
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
