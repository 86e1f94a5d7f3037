"""The reported confidence: Platt maps per path (the rules' verdict stood, or the verdict
model's), fitted on the train side, saved with the verdict model and applied by
``LocalVerifier``; the training replay gives the confidence ``LocalVerifier`` reports."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from claimcheck.models import Claim, Label, Passage, Span
from claimcheck.verify.local import LocalVerifier
from claimcheck.verify.shipped import WEIGHTS_DIR
from claimcheck.verify.verdict import LABELS, VerdictModel, final_confidence


def _model(calibration: dict[str, tuple[float, float]] | None = None) -> VerdictModel:
    n = 3
    return VerdictModel(
        [f"f{i}" for i in range(n)], [lab.value for lab in LABELS],
        np.zeros((len(LABELS), n)), np.zeros(len(LABELS)), np.zeros(n), np.ones(n),
        calibration=calibration, version="test",
    )  # fmt: skip


def test_calibrated_applies_the_path_map_and_keeps_unmapped_paths() -> None:
    model = _model({"rules": (0.5, -0.2)})
    p = 0.9
    expected = 1 / (1 + math.exp(-(0.5 * math.log(p / (1 - p)) - 0.2)))
    assert model.calibrated(p, "rules") == pytest.approx(expected)
    assert model.calibrated(p, "model") == p  # no map for that path: unchanged
    # a positive slope keeps the order of confidences
    values = [model.calibrated(c, "rules") for c in (0.2, 0.5, 0.7, 0.95, 1.0)]
    assert values == sorted(values) and all(0.0 < v < 1.0 for v in values)


def test_calibration_survives_save_and_load_and_old_files_have_none(tmp_path: Path) -> None:
    model = _model({"rules": (0.5, -0.2), "model": (1.3, 0.1)})
    model.save(tmp_path / "v.npz")
    loaded = VerdictModel.load(tmp_path / "v.npz")
    assert loaded.calibration == {"rules": (0.5, -0.2), "model": (1.3, 0.1)}
    # a file written before calibration existed loads with none (confidences as they were)
    with np.load(tmp_path / "v.npz", allow_pickle=False) as data:
        old = {k: data[k] for k in data.files if not k.startswith("calibration")}
    np.savez(tmp_path / "old.npz", **old)
    assert VerdictModel.load(tmp_path / "old.npz").calibration == {}


def _passage(text: str) -> Passage:
    return Passage(passage_id="d#0", doc_id="d", text=text, start=0, end=len(text),
                   title="Bridge facts", url="", score=0.9)  # fmt: skip


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        (
            "The new bridge over the river is 19 km long.",
            "The new bridge over the river is 12 km long.",
        ),
        ("The harbour opened in 1990.", "The town library was renovated in 2004."),
    ],
)
def test_local_verifier_reports_the_calibrated_confidence(claim: str, evidence: str) -> None:
    shipped = VerdictModel.load(WEIGHTS_DIR / "verdict-v1.npz")
    flat = VerdictModel.load(WEIGHTS_DIR / "verdict-v1.npz")
    target = 0.3
    flat.calibration = {path: (0.0, math.log(target / (1 - target))) for path in ("rules", "model")}
    c = Claim(id="c", text=claim, span=Span(start=0, end=len(claim)))
    before = LocalVerifier(verdict_model=shipped).verify(c, [_passage(evidence)])
    after = LocalVerifier(verdict_model=flat).verify(c, [_passage(evidence)])
    assert before.verdict is not None and after.verdict is not None
    assert after.verdict.label == before.verdict.label  # the label never depends on the map
    assert after.verdict.confidence == pytest.approx(target, abs=1e-4)


def test_the_training_replay_gives_the_confidence_decide_backed_reports() -> None:
    sup, ref, nee, con = (LABELS.index(lab) for lab in LABELS)
    logits = np.array([[2.0, 0.5, 1.0, -3.0]] * 4)
    probs = np.exp(logits[0]) / np.exp(logits[0]).sum()
    pred = np.array([sup, nee, ref, sup])  # own label; fell to NEE; the rules' side; rules stood
    by_rules = np.array([False, False, False, True])
    got = final_confidence(logits, 1.0, np.zeros(4), pred, by_rules, np.full(4, 0.93), nee)
    # own label: its probability; fell to NEE unbacked: the model's own choice's; another
    # label reported: that label's; the rules' verdict: the rules' confidence
    assert got == pytest.approx([probs[sup], probs[sup], probs[ref], 0.93])
    assert con == LABELS.index(Label.CONFLICTING)


def test_the_shipped_verdict_model_has_the_maps_of_its_card() -> None:
    import json

    model = VerdictModel.load(WEIGHTS_DIR / "verdict-v1.npz")
    meta = json.loads((WEIGHTS_DIR / "stance-v1.json").read_text(encoding="utf-8"))
    maps = meta["validation"]["calibration"]["maps"]
    assert set(model.calibration) == set(maps) == {"rules", "model"}
    for path, (a, b) in model.calibration.items():
        assert [round(a, 4), round(b, 4)] == maps[path]
        assert a > 0  # the map keeps the order of confidences
