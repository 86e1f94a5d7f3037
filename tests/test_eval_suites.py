"""The eval suites end to end through ``claimcheck eval`` (``main([...])``): seed, scifact,
climate-fever, extraction, and the openai path replayed from the synthetic cassette."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from claimcheck.cli import main
from claimcheck.evaluation import run_suite
from claimcheck.evaluation.seed import _occurrences, key_terms_found, speaker_matches
from claimcheck.models import Claim, ClaimResult, Label, Passage, Usage, Verdict
from tests.conftest import DATASETS, ROOT, SEED_ARTICLE, shared_dataset


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One eval cache per module: a benchmark corpus is ingested once."""
    return tmp_path_factory.mktemp("eval-cache")


def _report(out: Path) -> dict:
    files = list(out.glob("*.json"))
    assert len(files) == 1, files
    return json.loads(files[0].read_text())


def test_importing_the_eval_command_is_light() -> None:
    code = "import sys, claimcheck.evaluation.command; print('chromadb' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_seed_matching_rules() -> None:
    assert key_terms_found(
        ["December 1, 2022", "macron"], "Biden met Macron.", "on December 1, 2022,"
    )
    assert key_terms_found(["Biden’s offer"], "Biden's offer was made")  # folded apostrophe
    assert not key_terms_found(["Macron", "Geneva"], "Biden met Macron.")
    assert speaker_matches("Joe Biden", "U.S. President Joe Biden")
    assert speaker_matches("Joe Biden", "Biden") and not speaker_matches(
        "Joe Biden", "the president"
    )
    article = "What comes next?\n\nWhat  comes NEXT is unclear."
    assert [article[a:b] for a, b in _occurrences(article, "what comes next")] == [
        "What comes next", "What  comes NEXT"]  # fmt: skip


def test_seed_check_passes_and_the_report_reads(tmp_path: Path, cache: Path) -> None:
    out = tmp_path / "out"
    assert main(["eval", "seed", "--check", "--out", str(out), "--cache-dir", str(cache)]) == 0
    report = _report(out)
    parts = {p["part"] for p in report["predictions"]}
    assert {"demo", "claims"} <= parts
    assert ("seed_article" in parts) == SEED_ARTICLE.exists()
    gold = [p for p in report["predictions"] if p["part"] == "demo" and p.get("gold_label")]
    assert len(gold) == 35
    found = [p for p in gold if p["found"]]
    assert all(p["claim"] and p["predicted_label"] != "missed" for p in found)
    assert report["headline"]["demo.extraction_recall"] == round(len(found) / 35, 4)
    assert report["header"]["embedder"] and report["header"]["model"] == "rules[checkworthiness-v1]+local[stance-v1,verdict-v1]"


def test_seed_openai_replays_the_synthetic_cassette(tmp_path: Path, cache: Path) -> None:
    out = tmp_path / "out"
    args = [
        "eval",
        "seed",
        "--backend",
        "openai",
        "--limit",
        "3",
        "--out",
        str(out),
        "--cache-dir",
        str(cache),
    ]
    assert main(args) == 0
    report = _report(out)
    assert report["header"]["cassette"] == "evals/cassettes/seed/seed-n3.yaml"
    assert report["header"]["prompts"]  # prompt_id@version recorded
    assert any("SYNTHETIC" in note for note in report["header"]["notes"])
    cost = report["metrics"]["cost"]
    assert cost["llm_calls"] >= 3 and cost["prompt_tokens"] > 0 and cost["cost_usd"] > 0
    claims = [p for p in report["predictions"] if p["part"] == "claims"]
    assert len(claims) == 3 and all(p["predicted_label"] != "error" for p in claims)


def test_openai_without_a_cassette_is_one_clear_error(
    tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["eval", "seed", "--backend", "openai", "--limit", "2", "--cassettes", str(tmp_path),
            "--out", str(tmp_path / "o"), "--cache-dir", str(cache)]  # fmt: skip
    assert main(args) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--record" in err[0] and "seed-n2.yaml" in err[0]


@pytest.mark.slow
@pytest.mark.shared_data
def test_scifact_limited_run_against_the_whole_corpus(tmp_path: Path, cache: Path) -> None:
    shared_dataset("scifact", "corpus.jsonl")
    out = tmp_path / "out"
    assert main(["eval", "scifact", "--check", "--out", str(out), "--cache-dir", str(cache)]) == 0
    report = _report(out)
    assert report["header"]["split"] == "heldout"
    preds = report["predictions"]
    assert preds and all(p["split"] == "heldout" for p in preds)
    assert report["headline"]["recall@5"] > 0.6  # retrieval over all 5,183 abstracts works
    assert set(report["metrics"]["classification"]["per_class"]) >= {"supported", "refuted"}
    cited = [c for p in preds for c in p["citations"]]
    assert cited and all(c["quote"] for c in cited)


@pytest.mark.slow
@pytest.mark.shared_data
def test_climate_fever_limited_run(tmp_path: Path, cache: Path) -> None:
    shared_dataset("climate-fever", "climate-fever.jsonl")
    out = tmp_path / "out"
    assert (
        main(["eval", "climate-fever", "--check", "--out", str(out), "--cache-dir", str(cache)])
        == 0
    )
    report = _report(out)
    assert "conflicting_f1" in report["headline"]
    assert report["metrics"]["classification"]["per_class"]["conflicting"]["support"] > 0


@pytest.mark.shared_data
def test_extraction_suite_on_a_few_items(tmp_path: Path, cache: Path) -> None:
    shared_dataset("feverfact", "validation.jsonl")
    result = run_suite("extraction", limit=25, data=DATASETS, out=tmp_path, cache_dir=cache)
    for name in ("feverfact.f1", "claimbuster.f1", "claimbuster.ap", "checkthat2019.map"):
        assert 0.0 <= result.headline[name] <= 1.0
    facts = [p for p in result.predictions if p["dataset"] == "feverfact"]
    assert len(facts) == 25 and all(p["gold_claims"] for p in facts)
    assert result.metrics["feverfact"]["predicted_claims"] > 0


class _AlwaysNotEnough:
    """A stub verifier (an "ablation") that never finds evidence."""

    name = "always-nee"
    prompts: dict[str, str] = {}

    @property
    def usage(self) -> Usage:
        return Usage()

    def verify(self, claim: Claim, passages: Sequence[Passage]) -> ClaimResult:
        return ClaimResult(
            id=claim.id, text=claim.text, span=claim.span,
            verdict=Verdict(label=Label.NOT_ENOUGH_EVIDENCE, confidence=0.9, rationale="stub"),
        )  # fmt: skip

    def verify_many(self, items: Sequence[tuple[Claim, Sequence[Passage]]]) -> list[ClaimResult]:
        return [self.verify(c, p) for c, p in items]


def test_a_custom_verifier_runs_as_a_named_variant(tmp_path: Path, cache: Path) -> None:
    result = run_suite(
        "seed", verifier=_AlwaysNotEnough(), variant="always-nee", out=tmp_path, cache_dir=cache
    )
    assert result.files["json"].endswith("seed-local-always-nee.json")
    assert (
        result.header.variant == "always-nee"
        and "verifier _AlwaysNotEnough" in result.header.notes[-1]
    )
    claims = [p for p in result.predictions if p["part"] == "claims"]
    assert {p["predicted_label"] for p in claims} == {"not_enough_evidence"}
    nee = sum(1 for p in claims if p["gold_label"] == "not_enough_evidence")
    assert result.headline["claims.accuracy"] == round(nee / len(claims), 4)


def test_a_stale_cassette_is_one_clear_error(
    tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = ROOT / "evals" / "cassettes" / "seed" / "seed-n3.yaml"
    stale = tmp_path / "cassettes" / "seed" / "seed-n3.yaml"
    stale.parent.mkdir(parents=True)
    text = shipped.read_text()
    assert "Extract the check-worthy claims" in text
    stale.write_text(text.replace("Extract the check-worthy claims", "An older prompt"))
    args = ["eval", "seed", "--backend", "openai", "--limit", "3", "--cassettes", str(tmp_path / "cassettes"),
            "--out", str(tmp_path / "o"), "--cache-dir", str(cache)]  # fmt: skip
    assert main(args) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if "DEBUG" not in line]
    assert len(err) == 1 and "not in the cassette" in err[0] and "--record" in err[0]
