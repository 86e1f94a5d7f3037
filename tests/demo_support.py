"""The demo store for end-to-end tests of the plugin surfaces (built once per test module).

The demo corpus (examples/corpus) is ingested into a fresh tmp store with the offline engine;
ambient settings are cleared while the checker is built, as the autouse fixture does per test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcheck import ClaimChecker, Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
ARTICLE = ROOT / "examples" / "article.txt"
_AMBIENT = ("OPENAI_", "LANGCHAIN_", "LANGSMITH_", "CLAIMCHECK_", "CHROMA_")


def build_demo_checker(store: Path) -> ClaimChecker:
    """A local-engine checker over a store holding the demo corpus."""
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith(_AMBIENT):
                mp.delenv(name)
        mp.setenv("ANONYMIZED_TELEMETRY", "False")
        settings = Settings.load(env_file="", store=store, backend="local", cache=False)
        checker = ClaimChecker(settings=settings)
        stats = checker.ingest([CORPUS])
    assert stats.failed == 0, stats.errors
    return checker


@pytest.fixture(scope="module")
def demo_checker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClaimChecker]:
    """A checker over the demo corpus (offline engine), shared by the tests of one module."""
    yield build_demo_checker(tmp_path_factory.mktemp("demo-store") / "store")


@pytest.fixture(scope="module")
def demo_article() -> str:
    """The demo article (our own text, examples/article.txt)."""
    return ARTICLE.read_text(encoding="utf-8")
