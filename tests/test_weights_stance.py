"""The shipped stance, verdict and IDF weights: plain numpy, consistent, small, fixed predictions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from claimcheck.models import Claim, Label, Passage, Span, Stance
from claimcheck.verify import LocalVerifier
from claimcheck.verify.idf import IdfTable
from claimcheck.verify.learned import PRIORS, LearnedStanceModel
from claimcheck.verify.shipped import METADATA_FILE, STANCE_FILE, VERDICT_FILE, WEIGHTS_DIR
from claimcheck.verify.verdict import CLAIM_FEATURES, LABELS, VerdictModel

IDF_FILE = WEIGHTS_DIR / "idf-v1.npz"
ROOT = Path(__file__).resolve().parents[1]


def _arrays(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def test_weights_are_plain_numpy_and_small() -> None:
    total = sum(p.stat().st_size for p in WEIGHTS_DIR.iterdir() if p.is_file())
    assert total <= 5_000_000  # every shipped model together
    for path in (STANCE_FILE, VERDICT_FILE, IDF_FILE):
        arrays = _arrays(path)  # raises on any pickled object
        assert all(a.dtype.kind in "fiubU" for a in arrays.values()), path.name
        assert all(np.isfinite(a).all() for a in arrays.values() if a.dtype.kind == "f")


def test_stance_weights_fit_their_names_and_the_card() -> None:
    arrays = _arrays(STANCE_FILE)
    meta = json.loads(METADATA_FILE.read_text(encoding="utf-8"))
    assert str(arrays["version"]) == meta["version"] == "1"
    assert set(str(p) for p in arrays["priors"]) <= set(PRIORS)
    for head in ("relevance", "polarity"):
        names = tuple(str(x) for x in arrays[f"{head}.dense_names"])
        assert names == tuple(meta["dense_features"][head])
        for part in ("mean", "scale", "dense"):
            assert arrays[f"{head}.{part}"].shape == (len(names),)
        bits = int(arrays[f"{head}.bits"])
        assert arrays[f"{head}.hashed"].shape == (1 << bits,)
        assert bits == meta["settings"]["bits"]
    model = LearnedStanceModel.load(STANCE_FILE)
    assert model.name == "stance-v1" and model.version == "1"


def test_verdict_weights_fit_the_claim_features() -> None:
    model = VerdictModel.load(VERDICT_FILE)
    meta = json.loads(METADATA_FILE.read_text(encoding="utf-8"))
    assert model.feature_names == CLAIM_FEATURES == tuple(meta["claim_features"])
    assert model.classes == LABELS
    assert model.weights.shape == (len(LABELS), len(CLAIM_FEATURES))
    assert 0.1 < model.temperature < 10.0
    settings = meta["settings"]
    assert model.rules_threshold == settings["rules_threshold"]
    assert model.evidence_floor == settings["evidence_floor"]
    assert model.coverage_floor == settings["coverage_floor"]


def test_idf_table_loads() -> None:
    table = IdfTable.load(IDF_FILE)
    meta = json.loads(METADATA_FILE.read_text(encoding="utf-8"))
    assert len(table.values) == meta["counts"]["idf_stems"] > 1000


def _passage(text: str) -> Passage:
    return Passage(
        passage_id="d#0", doc_id="d", text=text, start=0, end=len(text), title="A source",
        score=0.6,
    )  # fmt: skip


def _stance(claim_text: str, sentence: str) -> dict[Stance, float]:
    claim = Claim(id="c", text=claim_text, span=Span(start=0, end=len(claim_text)))
    judged = LocalVerifier().judge(claim, [_passage(sentence)])
    assert judged and judged[0].candidate.text == sentence
    return judged[0].probs


# hand-written pairs: (claim, sentence, the stance the shipped model must give it)
PAIRS = [
    (
        "Vitamin D supplements reduce the risk of hip fractures in older women.",
        "In older women, vitamin D supplements reduced the risk of hip fractures.",
        Stance.SUPPORTS,
    ),
    (
        "The new bridge over the river is 19 km long.",
        "The new bridge over the river is 12 km long.",
        Stance.REFUTES,
    ),
    (
        "The city council approved the housing plan.",
        "The city council rejected the housing plan.",
        Stance.REFUTES,
    ),
    (
        "Vitamin D supplements reduce the risk of hip fractures in older women.",
        "The football club won the league in 2004 after a penalty shoot-out.",
        Stance.NEUTRAL,
    ),
]


@pytest.mark.parametrize(("claim", "sentence", "expected"), PAIRS)
def test_fixed_predictions_of_the_shipped_stance_model(
    claim: str, sentence: str, expected: Stance
) -> None:
    probs = _stance(claim, sentence)
    assert abs(sum(probs.values()) - 1.0) < 1e-9
    assert max(probs, key=lambda s: probs[s]) == expected, probs


def test_the_shipped_models_are_the_default_and_decide() -> None:
    verifier = LocalVerifier()
    assert verifier.stance_model.name == "stance-v1"
    assert verifier.verdict_model is not None and verifier.verdict_model.name == "verdict-v1"
    text = "The new bridge over the river is 19 km long."
    result = verifier.verify(
        Claim(id="c", text=text, span=Span(start=0, end=len(text))),
        [_passage("The new bridge over the river is 12 km long.")],
    )
    assert result.verdict is not None and result.verdict.label == Label.REFUTED


def test_head_fitting_is_deterministic() -> None:
    pytest.importorskip("sklearn")
    sys.path.insert(0, str(ROOT / "scripts"))
    from scipy import sparse
    from stance_fit import HeadConfig, Inputs, fit_head

    rng = np.random.default_rng(0)
    dense = rng.normal(size=(200, 3))
    y = (dense[:, 0] + 0.5 * rng.normal(size=200) > 0).astype(int)
    hashed = sparse.random(200, 1 << 8, density=0.02, random_state=1, format="csr")
    config = HeadConfig(("a", "b", "c"), ("diff",), 8, 0.3, 0.4)
    fits = [fit_head([(Inputs(dense, hashed), y, np.ones(200))], config) for _ in range(2)]
    assert np.array_equal(fits[0].dense, fits[1].dense)
    assert np.array_equal(fits[0].hashed, fits[1].hashed)
    assert fits[0].bias == fits[1].bias
    assert fits[0].dense[0] > 0  # it learned the signal


def test_cv_repeat_refuses_bad_seeds_and_summarises_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import cv_repeat

    assert cv_repeat.main(["--seeds", "a,b"]) == 2
    assert cv_repeat.main(["--seeds", ","]) == 2
    seen: list[tuple[int, list[str]]] = []

    def fake_run(seed: int, extra: list[str], scratch: Path) -> dict[str, float]:
        seen.append((seed, extra))
        return dict.fromkeys(cv_repeat.METRICS, 1.0 + seed / 100)

    monkeypatch.setattr(cv_repeat, "run_seed", fake_run)
    assert cv_repeat.main(["--seeds", "0,2", "--", "--drop", "idf"]) == 0
    assert sorted(seen) == [(0, ["--drop", "idf"]), (2, ["--drop", "idf"])]
    out = capsys.readouterr().out
    assert "objective                mean 1.0100  sd 0.0141  (n=2)" in out


def test_nested_holdout_keeps_whole_groups_apart_and_refuses_the_package_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("sklearn")
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_stance
    from stance_data import ClaimRun, Pair

    def run(group: str, n: int) -> ClaimRun:
        return ClaimRun("scifact", f"{group}-{n}", group, "c", "supported", [], [], [], [], [])

    runs = [run(f"scifact/{g}", n) for g in range(60) for n in range(2)]
    pairs = [Pair("c", "s", "supports", "scifact-gold", f"scifact/{g}", "train") for g in range(60)]
    pairs.append(Pair("c", "s", "refutes", "healthver", "healthver/1", "train"))
    train, apart, kept = train_stance.nested_split(runs, pairs, 0.3, seed=0)
    assert len(train) + len(apart) == len(runs)
    gone = {r.group for r in apart}
    assert 8 <= len(gone) <= 30  # about 30 % of 60 groups
    assert not gone & {r.group for r in train}  # a group is never on both sides
    assert {p.group for p in kept} == {r.group for r in train} | {"healthver/1"}
    again = train_stance.nested_split(runs, pairs, 0.3, seed=0)[1]
    assert [r.id for r in again] == [r.id for r in apart]  # stable
    assert {r.group for r in train_stance.nested_split(runs, pairs, 0.3, seed=1)[1]} != gone

    # diagnostics train on part of the data or on gold: never into the shipped folder (no
    # data given: were the refusal to fail, the run would stop before writing anything)
    nowhere = ["--data", "/nonexistent/datasets"]
    assert train_stance.main(["--nested-holdout", "0.3", *nowhere]) == 2
    assert train_stance.main(["--oracle", "polarity", "--out", str(WEIGHTS_DIR), *nowhere]) == 2
    assert "scratch folder" in capsys.readouterr().out
    assert train_stance.main(["--nested-holdout", "1.5", "--out", "/nonexistent/x"]) == 2
    # no datasets: one line, no traceback, nothing written
    capsys.readouterr()
    assert train_stance.main(["--out", "/nonexistent/x", *nowhere]) == 2
    assert "no training data at /nonexistent/datasets" in capsys.readouterr().out
