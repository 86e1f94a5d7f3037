"""Eval metrics and the shared train/held-out split: definitions checked against hand-computed values."""

from __future__ import annotations

import math

import pytest

from claimcheck.evaluation.extraction import match_claims, token_f1
from claimcheck.evaluation.metrics import (
    average_precision,
    binary_metrics,
    classification_metrics,
    ndcg_at,
    recall_at,
    reliability_table,
)
from claimcheck.evaluation.splits import (
    climate_fever_splits,
    in_split,
    scifact_groups,
    scifact_splits,
    split_of,
)

LABELS = ("supported", "refuted", "not_enough_evidence")


def test_classification_metrics_by_hand() -> None:
    gold = [
        "supported",
        "supported",
        "refuted",
        "refuted",
        "not_enough_evidence",
        "not_enough_evidence",
    ]
    pred = ["supported", "refuted", "refuted", "supported", "not_enough_evidence", "conflicting"]
    m = classification_metrics(gold, pred, LABELS)
    assert m["n"] == 6
    assert m["accuracy"] == pytest.approx(3 / 6, abs=1e-4)
    # supported: P 1/2 R 1/2; refuted: P 1/2 R 1/2; nee: P 1/1 R 1/2 -> F1 2/3
    assert m["per_class"]["supported"]["f1"] == pytest.approx(0.5, abs=1e-4)
    assert m["per_class"]["refuted"]["f1"] == pytest.approx(0.5, abs=1e-4)
    assert m["per_class"]["not_enough_evidence"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    # a label outside the suite's set is shown but not averaged
    assert m["per_class"]["conflicting"]["predicted"] == 1
    assert m["macro_f1"] == pytest.approx((0.5 + 0.5 + 2 / 3) / 3, abs=1e-3)
    assert m["balanced_accuracy"] == pytest.approx(0.5, abs=1e-4)
    assert m["confusion"]["not_enough_evidence"]["conflicting"] == 1
    assert m["confusion"]["refuted"]["supported"] == 1


def test_a_never_predicted_class_counts_as_zero_f1() -> None:
    gold = ["supported", "refuted", "not_enough_evidence"]
    pred = ["supported", "supported", "not_enough_evidence"]
    m = classification_metrics(gold, pred, LABELS)
    assert m["per_class"]["refuted"]["f1"] == 0.0
    assert m["macro_f1"] == pytest.approx((2 / 3 + 0 + 1) / 3, abs=1e-3)


def test_classification_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError, match="2 labels"):
        classification_metrics(["a", "b"], ["a"], ["a", "b"])


def test_reliability_table_and_ece() -> None:
    conf = [0.95, 0.95, 0.55, 0.55, 1.0]
    correct = [True, False, True, True, True]
    table = reliability_table(conf, correct)
    assert len(table["bins"]) == 10
    top = table["bins"][9]
    assert top["n"] == 3  # 0.95, 0.95 and 1.0 (the last bin is closed)
    assert top["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    mid = table["bins"][5]
    assert (mid["n"], mid["accuracy"]) == (2, 1.0)
    expected = 3 / 5 * abs(2 / 3 - (0.95 + 0.95 + 1.0) / 3) + 2 / 5 * abs(1.0 - 0.55)
    assert table["ece"] == pytest.approx(expected, abs=1e-4)


def test_recall_and_ndcg_use_distinct_documents() -> None:
    ranked = ["a", "a", "b", "c", "d"]
    assert recall_at(ranked, {"b"}, 1) == 0.0
    assert recall_at(ranked, {"b"}, 2) == 1.0  # the repeated "a" counts once
    assert recall_at(ranked, {"b", "z"}, 10) == 0.5
    assert ndcg_at(ranked, {"a"}) == 1.0
    assert ndcg_at(ranked, {"b"}) == pytest.approx(1 / math.log2(3))
    assert ndcg_at(ranked, set()) == 0.0


def test_binary_metrics_and_average_precision() -> None:
    gold = [True, False, True, False]
    m = binary_metrics(gold, [True, True, False, False])
    assert (m["precision"], m["recall"], m["f1"], m["accuracy"]) == (0.5, 0.5, 0.5, 0.5)
    # ranking by score: pos, neg, pos, neg -> AP = (1/1 + 2/3) / 2
    assert average_precision(gold, [0.9, 0.1, 0.5, 0.8]) == pytest.approx((1 + 2 / 3) / 2, abs=1e-4)
    assert average_precision([False, False], [0.3, 0.2]) == 0.0


def test_token_f1_uses_stemmed_content_words() -> None:
    assert token_f1("The bands played gigs.", "A band plays a gig") == 1.0
    assert token_f1("Paris is in France.", "Berlin is in Germany.") == 0.0


def test_match_claims_is_greedy_one_to_one() -> None:
    gold = ["Logic signed with Visionary Music Group.", "Logic released two mixtapes."]
    predicted = [
        "Logic released two more mixtapes over two years.",
        "Logic would sign with Visionary Music Group.",
        "Logic signed with Visionary Music Group in 2010.",
    ]
    matches = match_claims(predicted, gold)
    # prediction 1 matches gold 0 exactly (F1 1.0), so prediction 2 (F1 < 1) finds it taken
    assert {(i, j) for i, j, _ in matches} == {(1, 0), (0, 1)}
    assert all(f >= 0.5 for _, _, f in matches)
    assert match_claims(["Something else entirely."], gold) == []


def test_split_is_a_stable_pure_function() -> None:
    assert split_of("climate-fever", "0") == "train"
    assert split_of("scifact", 4983) == split_of("scifact", "4983")
    shares = [split_of("x", i) for i in range(4000)].count("heldout") / 4000
    assert 0.27 < shares < 0.33
    assert (
        in_split("train", "all")
        and in_split("heldout", "heldout")
        and not in_split("train", "heldout")
    )


def test_scifact_claims_sharing_an_abstract_share_a_split() -> None:
    claims = [
        {"id": 10, "cited_doc_ids": [5], "evidence": {}},
        {"id": 11, "cited_doc_ids": [5], "evidence": {}},
        {"id": 12, "cited_doc_ids": [7, 9], "evidence": {}},
        {"id": 13, "cited_doc_ids": [9], "evidence": {"8": []}},
        {"id": 14, "cited_doc_ids": [], "evidence": {}},
    ]
    groups = scifact_groups(claims)
    assert groups[10] == groups[11] == 5
    assert groups[12] == groups[13] == 7  # 12-13 connected through doc 9 (13 also cites 8)
    assert groups[14] < 0
    splits = scifact_splits(claims)
    assert splits[10] == splits[11] and splits[12] == splits[13]
    assert climate_fever_splits([{"claim_id": "0"}]) == {"0": "train"}
