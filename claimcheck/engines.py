"""Choosing the extractor and verifier for a backend (``local`` or ``openai``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings
from .errors import ConfigError

if TYPE_CHECKING:
    from .extract.base import ClaimExtractor
    from .verify.base import Verifier

__all__ = ["build_engines"]


def build_engines(
    settings: Settings, *, cache_dir: Path | None = None
) -> tuple[ClaimExtractor, Verifier]:
    """The extractor and verifier ``settings.resolved_backend`` stands for.

    Raises:
        ConfigError: ``openai`` was asked for without an API key.
    """
    if settings.resolved_backend == "openai":
        if not settings.has_openai_key:
            raise ConfigError(
                "--backend openai needs an API key: set OPENAI_API_KEY (any non-empty value for "
                "a local OpenAI-compatible server), or use --backend local"
            )
        from .llm import build_openai_engines

        return build_openai_engines(settings, cache_dir=cache_dir)
    from .extract.rules import RuleExtractor
    from .verify.local import LocalVerifier

    return RuleExtractor(), LocalVerifier(max_citations=settings.max_citations)
