"""Settings: one object, explicit argument > environment (``CLAIMCHECK_*``) > ``.env`` > default.

Nothing here reads the environment at import time; :meth:`Settings.load` does, when called.
``OPENAI_API_KEY`` and ``OPENAI_BASE_URL`` are honoured under their usual names (a
``CLAIMCHECK_`` prefixed variant wins when both are set). Keys are :class:`~pydantic.SecretStr`
and never appear in ``str()``/``repr()``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import ConfigError

__all__ = ["Backend", "Settings", "default_store_dir"]

Backend = Literal["auto", "local", "openai"]


def default_store_dir() -> Path:
    """The per-user data folder used when neither ``--store`` nor ``CLAIMCHECK_STORE`` is set."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "claimcheck" / "store"


class Settings(BaseSettings):
    """Every knob of claimcheck, with its documented default.

    Build one with :meth:`load` (reads the environment and ``.env``) or directly with keyword
    arguments (reads the environment too, as pydantic-settings does).
    """

    model_config = SettingsConfigDict(
        env_prefix="CLAIMCHECK_",
        env_file=None,
        extra="ignore",
        validate_default=True,
        populate_by_name=True,
    )

    # -- where the evidence lives
    store: Path = Field(default_factory=default_store_dir)
    """Folder of the persistent Chroma store, the lexical index and caches."""
    collection: str = "evidence"
    """Chroma collection holding the passages."""
    chroma_url: str | None = None
    """``http://HOST:PORT`` of a Chroma server; when set, the store is remote."""
    embedder: str = "hash"
    """``hash`` (offline, no download), ``openai`` (text-embedding-3-small) or
    ``sentence-transformers``."""
    lock_timeout_s: float = Field(default=60.0, ge=0)
    """How long an ingest waits for another process's write lock on the store, in seconds."""

    # -- engine
    backend: Backend = "auto"
    """``auto`` = openai when an API key is configured, else local."""
    model: str = "gpt-4.1-mini"
    """Chat model for the openai backend."""
    openai_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "CLAIMCHECK_OPENAI_API_KEY", "OPENAI_API_KEY", "openai_api_key"
        ),
    )
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "CLAIMCHECK_OPENAI_BASE_URL", "OPENAI_BASE_URL", "openai_base_url"
        ),
    )
    structured_output: Literal["json_schema", "function_calling"] = "json_schema"
    """How structured answers are requested: OpenAI structured outputs (``json_schema``), or
    tool calls (``function_calling``) for compatible servers without JSON-schema support."""
    timeout_s: float = Field(default=60.0, gt=0)
    """Per-request timeout of model calls, in seconds."""
    max_retries: int = Field(default=4, ge=0, le=10)
    """Retries of a model call on 429, 5xx and timeouts (exponential backoff with jitter)."""
    concurrency: int = Field(default=4, ge=1, le=64)
    """How many claims are verified at once (and articles checked at once in batch mode)."""
    cache: bool = True
    """Cache model answers in SQLite under the store folder."""

    # -- retrieval and verification
    top_k: int = Field(default=8, ge=1, le=100)
    """Passages retrieved per claim."""
    max_citations: int = Field(default=3, ge=1, le=20)
    """Citations kept per claim."""
    max_article_chars: int = Field(default=1_000_000, ge=1)
    """Longer articles are refused with a clear message."""

    @field_validator("store", mode="before")
    @classmethod
    def _expand(cls, value: Any) -> Any:
        if isinstance(value, str):
            if not value.strip():
                return default_store_dir()
            return Path(value).expanduser()
        if isinstance(value, Path):
            return value.expanduser()
        return value

    @classmethod
    def load(cls, env_file: str | Path | None = None, **overrides: Any) -> Settings:
        """Read settings from the environment (and ``env_file``, default ``$CLAIMCHECK_ENV_FILE``
        or ``./.env`` when it exists); keyword arguments that are not ``None`` win.

        Raises:
            ConfigError: a value is invalid; the message names the variable.
        """
        if env_file is None:
            env_file = os.environ.get("CLAIMCHECK_ENV_FILE", ".env")
        env_path = Path(env_file) if env_file else None
        kwargs = {key: value for key, value in overrides.items() if value is not None}
        try:
            if env_path is not None and env_path.is_file():
                return cls(_env_file=env_path, **kwargs)
            return cls(**kwargs)
        except ValidationError as exc:
            first = exc.errors()[0]
            name = ".".join(str(part) for part in first.get("loc", ())) or "setting"
            raise ConfigError(
                f"invalid setting {name} (env CLAIMCHECK_{name.upper()}): {first.get('msg')}"
            ) from None

    @property
    def resolved_backend(self) -> Literal["local", "openai"]:
        """The backend ``auto`` stands for with the current key."""
        if self.backend == "auto":
            return "openai" if self.has_openai_key else "local"
        return self.backend

    @property
    def has_openai_key(self) -> bool:
        """Whether an OpenAI (or compatible server) key is configured."""
        return bool(self.openai_api_key and self.openai_api_key.get_secret_value().strip())
