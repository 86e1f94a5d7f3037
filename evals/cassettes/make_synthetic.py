"""Write the synthetic cassettes of the ``seed`` suite (``evals/cassettes/seed/seed-n3.yaml``).

We have no OpenAI key, so the model's answers are not a real model's: they come from
``tests/fake_openai.py``'s ``claimcheck_responder``, a deterministic stand-in written by us
(every article sentence with a digit becomes a claim; a claim is ``supported`` when a passage
sentence shares half of its words, else ``not_enough_evidence``). The *requests* are real: the
eval runs the OpenAI engine against that local server and vcrpy records exactly what our client
sends. The cassette therefore tests the eval's LLM path (prompts, batching, quote checking,
usage accounting) offline in CI — its scores say nothing about OpenAI's quality.

Run it again after changing a prompt, an output schema, the client or the seed gold::

    .venv/bin/python evals/cassettes/make_synthetic.py

To record real answers instead (costs a few cents)::

    OPENAI_API_KEY=sk-... claimcheck eval seed --backend openai --limit 3 --record
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from fake_openai import FakeOpenAI, claimcheck_responder  # noqa: E402

from claimcheck.config import Settings  # noqa: E402
from claimcheck.evaluation import run_suite  # noqa: E402
from claimcheck.evaluation.suites import cassette_path  # noqa: E402

REAL_BASE = "https://api.openai.com/v1"
RUNS = [("seed", None, 3)]


def main() -> int:
    """Record every synthetic cassette, then point their URIs at the real API's address."""
    for suite, split, limit in RUNS:
        path = cassette_path(suite, split, limit)
        if path.exists():
            path.unlink()
        with FakeOpenAI(claimcheck_responder) as server, tempfile.TemporaryDirectory() as tmp:
            settings = Settings.load(
                env_file="", openai_api_key="sk-synthetic", openai_base_url=server.base_url,
                store=Path(tmp) / "store", concurrency=1,
            )  # fmt: skip
            result = run_suite(
                suite, backend="openai", split=split, limit=limit, record=True,
                settings=settings, cache_dir=Path(tmp) / "cache",
            )  # fmt: skip
            base = server.base_url.rstrip("/")
        text = path.read_text(encoding="utf-8").replace(base, REAL_BASE)
        header = (
            "# SYNTHETIC cassette (hand-made): answers from tests/fake_openai.py's\n"
            "# claimcheck_responder, not from a real model. Regenerate with\n"
            "#   .venv/bin/python evals/cassettes/make_synthetic.py\n"
        )
        path.write_text(header + text, encoding="utf-8")
        calls = result.metrics.get("cost", {}).get("llm_calls")
        print(f"wrote {path.relative_to(ROOT)} ({calls} model calls)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
