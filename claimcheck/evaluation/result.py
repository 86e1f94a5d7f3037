"""What an eval run produces: :class:`EvalResult` (header, headline metrics, details, predictions).

The JSON report is ``EvalResult.model_dump_json()``; its keys come in reading order: the header
(suite, datasets with sha256, backend, embedder, prompt versions, git commit, date, settings),
then the headline metrics (flat ``name → number``, what baselines are checked on), then the
detailed metrics (per-class tables, confusion matrix, reliability table, …), then one entry per
prediction with the gold answer beside it.
"""

from __future__ import annotations

import datetime as _dt
import logging
import platform
import subprocess
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..config import Settings

__all__ = ["EVAL_SCHEMA_VERSION", "EvalHeader", "EvalResult", "git_commit", "safe_settings"]

log = logging.getLogger(__name__)

EVAL_SCHEMA_VERSION = "1"
_LEFT_OUT = {"openai_api_key", "store", "collection", "chroma_url"}


class EvalHeader(BaseModel):
    """Everything needed to know what was measured and to reproduce it."""

    model_config = ConfigDict(extra="forbid")

    suite: str
    split: str | None = None
    """``all`` | ``train`` | ``heldout`` for the public benchmarks; ``None`` for seed/extraction."""
    limit: int | None = None
    backend: str = "local"
    variant: str | None = None
    """Name of a run with a custom extractor/verifier (an ablation); ``None`` for the default."""
    model: str = ""
    embedder: str = ""
    prompts: dict[str, str] = Field(default_factory=dict)
    datasets: dict[str, str] = Field(default_factory=dict)
    """``{file path: sha256}`` of every data file read."""
    git_commit: str = ""
    date: str = ""
    claimcheck_version: str = ""
    python: str = Field(default_factory=platform.python_version)
    command: str = ""
    """The command line that reproduces this run."""
    settings: dict[str, Any] = Field(default_factory=dict)
    """Settings in effect (secrets left out)."""
    cassette: str | None = None
    """The cassette model calls were replayed from / recorded to (``--backend openai``)."""
    notes: list[str] = Field(default_factory=list)


class EvalResult(BaseModel):
    """The result of one eval run."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str = EVAL_SCHEMA_VERSION
    partial: bool = False
    """True when the run was interrupted: metrics cover only the predictions listed."""
    header: EvalHeader
    headline: dict[str, float] = Field(default_factory=dict)
    """Flat metrics; higher is better except latency, LLM calls, tokens, cost, ECE, errors."""
    metrics: dict[str, Any] = Field(default_factory=dict)
    predictions: list[dict[str, Any]] = Field(default_factory=list)
    files: dict[str, str] = Field(default_factory=dict)
    """Where the reports were written (``json``, ``markdown``); empty until written."""

    @property
    def suite(self) -> str:
        """The suite name."""
        return self.header.suite


def git_commit(root: Path) -> str:
    """``HEAD`` of the git checkout at ``root`` (``+dirty`` when files changed), or ``""``."""
    if not (root / ".git").exists():
        return ""
    try:
        head = subprocess.run(  # noqa: S603
            ["git", "-C", str(root), "rev-parse", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        log.debug("git commit unavailable", exc_info=True)
        return ""
    return head + ("+dirty" if dirty else "")


def safe_settings(settings: Settings) -> dict[str, Any]:
    """The settings as JSON-able data, without secrets (the key is reported as set or not) and
    without the store location (suites use their own stores)."""
    data = settings.model_dump(mode="json", exclude=_LEFT_OUT)
    data["openai_api_key"] = "set" if settings.has_openai_key else None
    return data


def now_iso() -> str:
    """The current UTC time, ISO 8601, seconds precision."""
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
