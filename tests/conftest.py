"""A sealed test environment: no ambient keys or settings, the store in a tmpdir, no network.

Sockets are blocked by pytest-recording (``--block-network`` in pyproject, loopback allowed for
the tests' own local servers); OpenAI traffic replays from cassettes with ``record_mode=none``,
so a missing cassette fails instead of going live.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATASETS = SHARED / "datasets"
SEED_ARTICLE = SHARED / "seed_article.txt"
EXAMPLES = ROOT / "examples"

_AMBIENT_PREFIXES = ("OPENAI_", "LANGCHAIN_", "LANGSMITH_", "CLAIMCHECK_", "CHROMA_")


@pytest.fixture(autouse=True)
def _sealed_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Clear ambient settings and point every user-state folder at a fresh tmpdir."""
    for name in list(os.environ):
        if name.startswith(_AMBIENT_PREFIXES):
            monkeypatch.delenv(name, raising=False)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CLAIMCHECK_STORE", str(home / "store"))
    monkeypatch.setenv("CLAIMCHECK_ENV_FILE", "")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.setenv("DISABLE_TQDM", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    return home


SECRET_HEADERS = (
    "authorization",
    "api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
)


def drop_secret_response_headers(response: dict[str, Any]) -> dict[str, Any]:
    """vcrpy hook: remove secret headers from a recorded response before it is written."""
    headers = response.get("headers") or {}
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


@pytest.fixture(scope="session")
def vcr_config(pytestconfig: pytest.Config) -> dict[str, object]:
    """One shared cassette configuration: secret headers dropped from requests and responses,
    matching on method + URL + body, and never live: the record mode is ``none`` (from
    ``addopts``) unless ``--record-mode=rewrite`` is given on the command line to re-record."""
    return {
        "filter_headers": [(name, None) for name in SECRET_HEADERS],
        "before_record_response": drop_secret_response_headers,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "record_mode": pytestconfig.getoption("--record-mode") or "none",
        "decode_compressed_response": True,
        "allow_playback_repeats": False,
    }


def shared_dataset(*parts: str) -> Path:
    """Path of a file under ../shared/datasets, or skip the test when it is absent."""
    path = DATASETS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared dataset not present: {path}")
    return path


@pytest.fixture
def seed_article() -> str:
    """The motivating article from ../shared (someone else's text: read, never copied)."""
    if not SEED_ARTICLE.exists():
        pytest.skip(f"seed article not present: {SEED_ARTICLE}")
    return SEED_ARTICLE.read_text(encoding="utf-8")
