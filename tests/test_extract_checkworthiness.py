"""Check-worthiness: the pluggable interface and the rule-based default."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import CheckWorthinessScorer, RuleCheckWorthiness
from tests.conftest import shared_dataset

_SCORER = RuleCheckWorthiness()


def test_the_default_implements_the_protocol() -> None:
    assert isinstance(_SCORER, CheckWorthinessScorer)


@given(st.text(max_size=300), st.text(max_size=50))
@settings(max_examples=200, deadline=None)
def test_scores_are_probabilities(sentence: str, context: str) -> None:
    assert 0.0 <= _SCORER.score(sentence, context) <= 1.0


@pytest.mark.parametrize(
    ("checkable", "not_checkable"),
    [
        (
            "The border between the two countries is about 2,000 km long.",
            "The border is obviously a sensational problem.",
        ),
        (
            "The council approved the budget on March 3, 2021.",
            "In my opinion, the council should have waited.",
        ),
        (
            "Anna Berg said that exports rose by 12% in 2023.",
            "It is hard to imagine a better outcome.",
        ),
        (
            "NATO countries have trained Ukraine's army since 2015.",
            "The fighting will continue and nobody will win.",
        ),
        (
            "Canada ran Operation UNIFIER.",
            "There is a struggle for signs.",
        ),
        (
            "The Assembly adopted the resolution by 100 votes to 11.",
            "We know that the parties bring their positions closer.",
        ),
    ],
)
def test_facts_outscore_opinions_predictions_and_vague_sentences(
    checkable: str, not_checkable: str
) -> None:
    assert _SCORER.score(checkable) >= 0.5 > _SCORER.score(not_checkable)


def test_features_explain_the_score() -> None:
    feats = _SCORER.features("“I believe the war will end soon,” Anna Berg said.")
    assert feats["report"] == 0.0  # a quote then its tag: the frame is not "said that"
    feats = _SCORER.features("Anna Berg said that the war will definitely end soon.")
    assert feats["report"] == 1.0 and feats["prediction"] == 1.0 and feats["opinion"] > 0
    assert _SCORER.features("We know the answer.")["first_person"] == 1.0
    assert _SCORER.features("The US, the EU and the UK agreed.")["first_person"] == 0.0


def test_weights_can_be_overridden() -> None:
    sentence = "The bridge will open next year."
    harsh = RuleCheckWorthiness(weights={"prediction": -5.0})
    assert harsh.score(sentence) < _SCORER.score(sentence)
    assert harsh.weights["number"] == RuleCheckWorthiness.DEFAULT_WEIGHTS["number"]


@pytest.mark.shared_data
def test_rules_rank_claimbuster_checkworthy_sentences_first() -> None:
    """Held-out sanity check on ClaimBuster's test split (debate transcripts, not news;
    never used to set the weights). Measured ROC AUC: 0.715."""
    rows = json.loads(shared_dataset("claimbuster-checkthat", "two_class", "test.json").read_text())
    pos = [_SCORER.score(r["text"]) for r in rows if r["label"] == 1]
    neg = [_SCORER.score(r["text"]) for r in rows if r["label"] == 0]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    auc = wins / (len(pos) * len(neg))
    assert auc >= 0.68, auc
