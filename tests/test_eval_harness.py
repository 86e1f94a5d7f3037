"""The eval harness on tiny hand-made datasets: loaders, BM25 baseline, reports, --check, Ctrl-C.

These run without ../shared and without a Chroma store (the BM25 baseline needs neither).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.cli import main
from claimcheck.errors import UserError
from claimcheck.evaluation import EvalInterrupted, run_suite
from claimcheck.evaluation.baselines import check_against_baseline, load_baselines, update_baseline
from claimcheck.evaluation.datasets import load_climate_fever, load_scifact

ABSTRACTS = {
    1: ["Aspirin lowers the risk of heart attacks in adults.", "The effect was large."],
    2: ["Vitamin C does not prevent the common cold.", "Trials found no effect on incidence."],
    3: ["Coffee consumption was not linked to liver cancer.", "The cohort had 5,000 members."],
    4: ["Zebrafish regenerate heart tissue after injury.", "Regeneration takes weeks."],
}
CLAIMS = [
    {"id": 1, "claim": "Aspirin lowers the risk of heart attacks.", "cited_doc_ids": [1],
     "evidence": {"1": [{"sentences": [0], "label": "SUPPORT"}]}},
    {"id": 2, "claim": "Vitamin C prevents the common cold.", "cited_doc_ids": [2],
     "evidence": {"2": [{"sentences": [0, 1], "label": "CONTRADICT"}]}},
    {"id": 3, "claim": "Mice can fly when fed sugar.", "cited_doc_ids": [3], "evidence": {}},
    {"id": 4, "claim": "Zebrafish regenerate heart tissue.", "cited_doc_ids": [4],
     "evidence": {"4": [{"sentences": [0], "label": "SUPPORT"}]}},
]  # fmt: skip


@pytest.fixture
def scifact_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "scifact"
    folder.mkdir()
    with (folder / "corpus.jsonl").open("w") as fh:
        for doc_id, sents in ABSTRACTS.items():
            fh.write(
                json.dumps({"doc_id": doc_id, "title": f"Paper {doc_id}", "abstract": sents}) + "\n"
            )
    with (folder / "claims_train.jsonl").open("w") as fh:
        for claim in CLAIMS:
            fh.write(json.dumps(claim) + "\n")
    return folder


def test_scifact_loader_maps_labels_and_rationale_offsets(scifact_dir: Path) -> None:
    data = load_scifact(scifact_dir, split="all")
    assert len(data.documents) == 4 and len(data.claims) == 4
    labels = {c.id: c.label for c in data.claims}
    assert labels == {
        "1": "supported",
        "2": "refuted",
        "3": "not_enough_evidence",
        "4": "supported",
    }
    doc2 = next(d for d in data.documents if d.id == "2")
    refuted = next(c for c in data.claims if c.id == "2")
    assert refuted.evidence_docs == {"2"}
    spans = refuted.rationales["2"]
    assert [doc2.text[a:b] for a, b in spans] == ABSTRACTS[2]
    assert all(len(v) == 64 for v in data.files.values())
    heldout = load_scifact(scifact_dir, split="heldout")
    train = load_scifact(scifact_dir, split="train")
    assert len(heldout.claims) + len(train.claims) == 4


def test_climate_fever_loader_pools_evidence_and_maps_disputed(tmp_path: Path) -> None:
    rows = [
        {"claim_id": "7", "claim": "Sea level is rising.", "claim_label": "DISPUTED", "evidences": [
            {"evidence_id": "Sea level:1", "evidence_label": "SUPPORTS", "article": "Sea level",
             "evidence": "Sea level rose 20 cm."},
            {"evidence_id": "Sea level:2", "evidence_label": "NOT_ENOUGH_INFO", "article": "Sea level",
             "evidence": "Tides vary."}]},
        {"claim_id": "8", "claim": "Tides vary.", "claim_label": "NOT_ENOUGH_INFO", "evidences": [
            {"evidence_id": "Sea level:2", "evidence_label": "REFUTES", "article": "Sea level",
             "evidence": "Tides vary."}]},
    ]  # fmt: skip
    (tmp_path / "climate-fever.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    data = load_climate_fever(tmp_path, split="all")
    assert sorted(d.id for d in data.documents) == ["Sea level:1", "Sea level:2"]
    first = next(c for c in data.claims if c.id == "7")
    assert first.label == "conflicting" and first.evidence_docs == {"Sea level:1"}
    assert "conflicting" in data.labels


def test_missing_data_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--data"):
        run_suite("scifact", backend="bm25-baseline", data=tmp_path, cache_dir=tmp_path)


def test_bm25_baseline_run_writes_reports(scifact_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_suite(
        "scifact",
        backend="bm25-baseline",
        split="all",
        data=scifact_dir,
        out=out,
        cache_dir=tmp_path,
    )
    assert not result.partial
    assert result.headline["refuted_f1"] == 0.0  # the baseline never refutes
    assert set(result.headline) >= {
        "accuracy",
        "macro_f1",
        "recall@5",
        "ndcg@10",
        "citation_precision",
    }
    data = json.loads(Path(result.files["json"]).read_text())
    assert list(data)[:4] == ["schema_version", "partial", "header", "headline"]
    header = data["header"]
    assert (
        header["suite"] == "scifact"
        and header["split"] == "all"
        and header["backend"] == "bm25-baseline"
    )
    assert len(header["datasets"]) == 2 and header["date"]
    assert (
        header["command"]
        == f"claimcheck eval scifact --backend bm25-baseline --split all --data {scifact_dir}"
    )
    assert "openai_api_key" in header["settings"] and header["settings"]["openai_api_key"] is None
    preds = data["predictions"]
    assert [p["id"] for p in preds] == ["1", "2", "3", "4"]
    assert {"gold_label", "predicted_label", "confidence", "rationale", "citations"} <= set(
        preds[0]
    )
    for p in preds:
        assert p["retrieved_docs"], "every claim gets a ranking"
    md = Path(result.files["markdown"]).read_text()
    assert "**refuted_f1**" in md and "Confusion matrix" in md


def test_check_fails_naming_the_metric(
    scifact_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baselines = tmp_path / "baselines.json"
    args = ["eval", "scifact", "--backend", "bm25-baseline", "--split", "all", "--data", str(scifact_dir),
            "--out", str(tmp_path / "o"), "--cache-dir", str(tmp_path / "c"), "--baselines", str(baselines)]  # fmt: skip
    assert main([*args, "--update-baseline"]) == 0
    stored = load_baselines(baselines)["suites"]["scifact"]["bm25-baseline"]
    assert stored["split"] == "all" and stored["limit"] is None
    assert "latency_s_per_claim" not in stored["metrics"] and "macro_f1" in stored["metrics"]
    capsys.readouterr()
    assert main([*args, "--check"]) == 0
    assert "baseline check passed" in capsys.readouterr().err
    data = json.loads(baselines.read_text())
    data["suites"]["scifact"]["bm25-baseline"]["metrics"]["macro_f1"] = 0.99
    baselines.write_text(json.dumps(data))
    assert main([*args, "--check"]) == 1
    err = capsys.readouterr().err
    assert "regression: macro_f1" in err and "refuted_f1" not in err


def test_check_without_baseline_or_with_other_limit_is_a_user_error(
    scifact_dir: Path, tmp_path: Path
) -> None:
    baselines = tmp_path / "b.json"
    result = run_suite(
        "scifact", backend="bm25-baseline", split="all", data=scifact_dir, cache_dir=tmp_path
    )
    with pytest.raises(UserError, match="--update-baseline"):
        check_against_baseline(result, baselines)
    update_baseline(result, baselines)
    limited = run_suite(
        "scifact",
        backend="bm25-baseline",
        split="all",
        limit=2,
        data=scifact_dir,
        cache_dir=tmp_path,
    )
    with pytest.raises(UserError, match="limit"):
        check_against_baseline(limited, baselines)


def test_ctrl_c_writes_a_partial_report(scifact_dir: Path, tmp_path: Path) -> None:
    def progress(stage: str, done: int, total: int | None) -> None:
        if stage == "verify" and done > 0:
            raise KeyboardInterrupt

    with pytest.raises(EvalInterrupted) as info:
        run_suite("scifact", backend="bm25-baseline", split="all", data=scifact_dir,
                  out=tmp_path / "out", cache_dir=tmp_path, progress=progress)  # fmt: skip
    result = info.value.result
    assert result.partial
    written = json.loads(Path(result.files["json"]).read_text())
    assert written["partial"] is True
    assert len(written["predictions"]) == 4  # the one batch that finished
    assert "Partial run" in Path(result.files["markdown"]).read_text()


def test_bad_arguments_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="unknown eval suite"):
        run_suite("nope")
    with pytest.raises(UserError, match="scifact and climate-fever"):
        run_suite("seed", backend="bm25-baseline")
    with pytest.raises(UserError, match="--split"):
        run_suite("seed", split="train")
    with pytest.raises(UserError, match="--record"):
        run_suite("seed", record=True)
    assert main(["eval", "seed", "--split", "train"]) == 1
    assert main(["eval", "nope"]) == 2


def test_ctrl_c_in_the_cli_exits_130_with_the_partial_report(
    scifact_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from claimcheck.evaluation.baseline import BM25Baseline

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(BM25Baseline, "verify", interrupted)
    out = tmp_path / "out"
    code = main(["eval", "scifact", "--backend", "bm25-baseline", "--split", "all", "--data", str(scifact_dir),
                 "--out", str(out), "--cache-dir", str(tmp_path)])  # fmt: skip
    assert code == 130
    assert "partial report written" in capsys.readouterr().err
    assert json.loads((out / "scifact-bm25-baseline-all.json").read_text())["partial"] is True


def test_download_fetches_and_caches_the_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import tarfile

    from claimcheck.evaluation import download

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name in ("data/corpus.jsonl", "data/claims_train.jsonl"):
            payload = b'{"x": 1}\n'
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    calls: list[str] = []

    class Response(io.BytesIO):
        headers = {"Content-Length": str(len(buf.getvalue()))}

        def __enter__(self) -> Response:
            return self

        def __exit__(self, *exc: object) -> None:
            self.close()

    def fake_urlopen(url: str, timeout: float) -> Response:
        calls.append(url)
        return Response(buf.getvalue())

    monkeypatch.setattr(download.urllib.request, "urlopen", fake_urlopen)
    folder = download.download_scifact(tmp_path)
    assert (folder / "corpus.jsonl").read_text() == '{"x": 1}\n'
    assert download.download_scifact(tmp_path) == folder  # cached: no second download
    assert calls == [download.SCIFACT_URL]


def test_corpus_stores_are_cached_per_corpus_and_embedder(tmp_path: Path) -> None:
    from claimcheck.config import Settings
    from claimcheck.evaluation.stores import MARKER, open_corpus_store
    from claimcheck.models import Document

    docs = [Document(id=str(i), text=" ".join(sents)) for i, sents in ABSTRACTS.items()]
    stages: list[str] = []

    def progress(stage: str, done: int, total: int | None) -> None:
        stages.append(stage)

    settings = Settings.load()
    store, scoped = open_corpus_store("tiny", "k1", docs, settings, tmp_path, progress=progress)
    assert stages, "the first call ingests"
    assert store.info().documents == 4 and scoped.store.parent == tmp_path / "stores"
    assert store.search("aspirin heart attacks", 1)[0].doc_id == "1"
    stages.clear()
    again, _ = open_corpus_store("tiny", "k1", docs, settings, tmp_path, progress=progress)
    assert stages == [] and again.info().documents == 4  # reused, not re-ingested
    (scoped.store / MARKER).write_text("{}")  # an interrupted build leaves no valid marker
    open_corpus_store("tiny", "k1", docs, settings, tmp_path, progress=progress)
    assert stages, "an incomplete store is rebuilt"
    other, other_settings = open_corpus_store(
        "tiny", "k1", docs, Settings.load(embedder="hash-256"), tmp_path
    )
    assert other_settings.store != scoped.store and "256" in other_settings.store.name
