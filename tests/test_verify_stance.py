"""Stance models: rules give proper probabilities; a linear model loads from .npz and plugs in."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.errors import ConfigError
from claimcheck.models import Claim, Label, Passage, Span, Stance
from claimcheck.verify import (
    FEATURE_NAMES,
    LinearStanceModel,
    LocalVerifier,
    RuleStanceModel,
    StanceModel,
)

_FEATURES = st.fixed_dictionaries({name: st.floats(0.0, 1.0) for name in FEATURE_NAMES})


@given(_FEATURES)
@settings(max_examples=300, deadline=None)
def test_rule_probabilities_are_a_distribution(features: dict[str, float]) -> None:
    probs = RuleStanceModel().predict(features)
    assert set(probs) == {Stance.SUPPORTS, Stance.REFUTES, Stance.NEUTRAL}
    assert all(0.0 <= p <= 1.0 for p in probs.values())
    assert sum(probs.values()) == pytest.approx(1.0)


def test_rules_need_relevance_before_taking_a_side() -> None:
    # the sentence covers the words around the claim's date (else a clash is about another event)
    base = dict.fromkeys(FEATURE_NAMES, 0.0) | {"entity_coverage": 1.0, "local_event_coverage": 1.0}
    irrelevant = RuleStanceModel().predict(
        base | {"coverage": 0.1, "date_claim": 1.0, "date_clash": 1.0}
    )
    assert irrelevant[Stance.NEUTRAL] == 1.0
    clash = RuleStanceModel().predict(
        base | {"coverage": 1.0, "date_claim": 1.0, "date_clash": 1.0}
    )
    assert clash[Stance.REFUTES] > 0.5
    agree = RuleStanceModel().predict(
        base | {"coverage": 1.0, "date_claim": 1.0, "date_agree": 1.0}
    )
    assert agree[Stance.SUPPORTS] > 0.5
    elsewhere = RuleStanceModel().predict(
        base | {"coverage": 1.0, "date_claim": 1.0, "date_clash": 1.0, "local_event_coverage": 0.0}
    )
    assert elsewhere[Stance.REFUTES] == 0.0


def _toy_model() -> LinearStanceModel:
    # supports grows with coverage, refutes with polarity_flip; neutral is the baseline.
    names = ["coverage", "polarity_flip"]
    weights = np.array([[4.0, -4.0], [2.0, 6.0], [0.0, 0.0]])
    return LinearStanceModel(
        names, ["supports", "refutes", "neutral"], weights, np.array([-2.0, -4.0, 0.0])
    )


def test_linear_model_round_trips_through_npz(tmp_path: Path) -> None:
    model = _toy_model()
    path = tmp_path / "stance.npz"
    model.save(path)
    loaded = LinearStanceModel.load(path)
    assert isinstance(loaded, StanceModel)
    row = {"coverage": 1.0, "polarity_flip": 0.0, "unused": 3.0}
    probs = loaded.predict(row)
    logits = np.array([4.0 - 2.0, 2.0 - 4.0, 0.0])
    expected = np.exp(logits) / np.exp(logits).sum()
    assert [probs[s] for s in (Stance.SUPPORTS, Stance.REFUTES, Stance.NEUTRAL)] == pytest.approx(
        expected
    )
    assert loaded.predict_many([row, row]) == [probs, probs]


def test_linear_model_errors_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="check the path"):
        LinearStanceModel.load(tmp_path / "missing.npz")
    with pytest.raises(ConfigError, match="retrain"):
        LinearStanceModel(["a"], ["supports", "refutes", "neutral"], np.zeros((3, 2)), np.zeros(3))


def test_a_linear_model_plugs_into_the_verifier() -> None:
    text = "The council rejected the plan."
    passage = Passage(passage_id="d#0", doc_id="d", text=text, start=0, end=len(text))
    claim = Claim(id="c1", text="The council approved the plan.", span=Span(start=0, end=30))
    result = LocalVerifier(stance_model=_toy_model()).verify(claim, [passage])
    assert result.verdict is not None and result.verdict.label == Label.REFUTED
    assert result.citations[0].stance == Stance.REFUTES


def test_a_sentence_silent_on_the_negated_word_cannot_back_a_refutation() -> None:
    from claimcheck.verify.verdict import silent_on_polarity

    silent = dict.fromkeys(FEATURE_NAMES, 0.0) | {"negated_missing": 1.0, "coverage": 0.7}
    assert silent_on_polarity(silent)
    assert not silent_on_polarity(silent | {"direction_opposite": 1.0})  # "X lowered Y"
    assert not silent_on_polarity(silent | {"date_clash": 1.0})
    assert not silent_on_polarity(silent | {"negated_missing": 0.0})
