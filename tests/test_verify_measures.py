"""Which number of a sentence a rationale names and which sentence is cited first: the number
about the same measured thing, only strict agreements called consistent, a precise figure
before a rounded one; and the training script's cascade as inference runs it."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from claimcheck.models import Label, Passage, Stance
from claimcheck.verify.aggregate import Judgement, Thresholds, decide
from claimcheck.verify.evidence import Candidate
from claimcheck.verify.features import claim_view, features

ROOT = Path(__file__).resolve().parents[1]

CLAIM = "The lagoon shore is 312 km long."
ROUNDED = "In round numbers, the shore is about 330 km long, and its lagoon part is just under 320 km."


def judged(claim: str, sentence: str, sup: float, ref: float, doc: str = "d0") -> Judgement:
    passage = Passage(passage_id=f"{doc}#0", doc_id=doc, text=sentence, start=0,
                      end=len(sentence), title=doc, url="", score=0.5)  # fmt: skip
    feats = features(claim_view(claim), sentence, passage=passage)
    probs = {Stance.SUPPORTS: sup, Stance.REFUTES: ref, Stance.NEUTRAL: 1.0 - sup - ref}
    return Judgement(Candidate(passage, 0, 0, len(sentence)), feats, probs)


def test_the_agreeing_number_named_is_the_one_about_the_same_thing() -> None:
    got = features(claim_view(CLAIM), ROUNDED)
    (agree,) = [f for f in got.findings if f.relation == "agree"]
    # both numbers agree within their slack; the one next to "lagoon" is named, not the first
    assert agree.evidence == "just under 320 km" and agree.on_subject and not agree.precise
    assert got.values["qty_agree"] == 1.0


def test_a_rationale_names_the_number_about_the_claims_measure() -> None:
    decision = decide([judged(CLAIM, ROUNDED, 0.7, 0.1)], Thresholds(), retrieved=1,
                      verdict=(Label.SUPPORTED, 0.7))  # fmt: skip
    why = decision.verdict.rationale
    assert '"just under 320 km", consistent with the claim\'s "312 km"' in why
    assert '"about 330 km", consistent' not in why


def test_a_loose_agreement_is_not_called_consistent() -> None:
    claim = "The lagoon shore is 3,470 km long."
    sentence = "The lagoon shore is about 4,100 km long."  # within the features' 15 %
    got = features(claim_view(claim), sentence)
    assert got.values["qty_agree"] == 1.0  # the trained features are unchanged
    (agree,) = [f for f in got.findings if f.relation == "agree"]
    assert not agree.close
    decision = decide([judged(claim, sentence, 0.7, 0.1)], Thresholds(), retrieved=1,
                      verdict=(Label.SUPPORTED, 0.7))  # fmt: skip
    assert "consistent" not in decision.verdict.rationale
    assert decision.verdict.rationale.startswith("d0 states it:")


def test_a_date_far_inside_a_bound_is_not_called_consistent() -> None:
    claim = "The treaty was signed before March 2019."
    far = features(claim_view(claim), "The treaty was signed in October 2018.")
    (agree,) = [f for f in far.findings if f.relation == "agree"]
    assert not agree.close
    near = features(claim_view(claim), "The treaty was signed on 12 February 2019.")
    (agree,) = [f for f in near.findings if f.relation == "agree"]
    assert agree.close


def test_the_words_around_a_number_stop_at_its_clause() -> None:
    claim = "The lagoon shore is 3,470 km long."
    sentence = "The coast is 4,100 km long, and the lagoon shore is just under 3,500 km."
    got = features(claim_view(claim), sentence)
    (agree,) = [f for f in got.findings if f.relation == "agree"]
    assert agree.evidence == "just under 3,500 km" and agree.close


def test_a_precise_figure_is_cited_before_a_rounded_one_as_strong() -> None:
    rounded = judged(CLAIM, ROUNDED, 0.70, 0.1, doc="a")
    precise = judged(CLAIM, "Of the whole shore, 312.4 km runs along the lagoon.", 0.6, 0.1,
                     doc="b")  # fmt: skip
    decision = decide([rounded, precise], Thresholds(), retrieved=2,
                      verdict=(Label.SUPPORTED, 0.7))  # fmt: skip
    assert decision.evidence[0][0] is precise
    assert '"312.4 km"' in decision.verdict.rationale
    # much weaker, it does not go first
    weaker = judged(CLAIM, "Of the whole shore, 312.4 km runs along the lagoon.", 0.3, 0.1,
                    doc="b")  # fmt: skip
    decision = decide([rounded, weaker], Thresholds(), retrieved=2,
                      verdict=(Label.SUPPORTED, 0.7))  # fmt: skip
    assert decision.evidence[0][0] is rounded


def test_cascade_labels_fall_back_to_the_rules_side_like_inference() -> None:
    pytest.importorskip("sklearn")
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_stance import LABEL_INDEX, cascade_labels

    sup, ref, nee = (LABEL_INDEX[x] for x in ("supported", "refuted", "not_enough_evidence"))
    # the verdict model's scores (supported, refuted, NEE, conflicting), offsets applied
    scores = np.array([[1.0, 2.0, 0.0, -30.0]] * 3 + [[2.0, 1.0, 0.0, -30.0],
                                                       [0.0, 1.0, 2.0, -30.0]])  # fmt: skip
    fixed = np.full(5, nee)
    mask = np.zeros(5, dtype=bool)
    no_refuter = np.array([True, True, True, False, True])
    no_supporter = np.array([False, True, False, False, True])
    unbacked = {sup: no_supporter, ref: no_refuter}
    rules_label = np.array([sup, sup, ref, ref, sup])
    rules_side = np.array([True, True, False, True, True])
    got = cascade_labels(scores, fixed, mask, unbacked, rules_label, rules_side)
    # 0: unbacked refutation, the rules' backed support; 1: the rules' side unbacked too,
    # and so is the model's next choice; 2: the rules took no side, the model's next choice
    # (supported) is backed; 3: backed, the model's; 4: NEE is never unbacked
    assert got.tolist() == [sup, nee, sup, sup, nee]
    assert cascade_labels(scores, fixed, mask, unbacked).tolist() == [sup, nee, sup, sup, nee]


def test_the_rules_cite_a_close_agreement_before_a_loose_one_as_strong() -> None:
    claim = "The lagoon shore is about 3,000 km long."
    loose = judged(claim, "The lagoon shore is 3,380 km long in all.", 0.75, 0.05, doc="a")
    close = judged(claim, "The lagoon shore is 3,050 km long.", 0.72, 0.05, doc="b")
    (agree,) = [f for f in loose.features.findings if f.relation == "agree"]
    assert not agree.close  # 12.7 %: within the features' slack only
    decision = decide([loose, close], Thresholds(), retrieved=2)
    assert decision.verdict.label == Label.SUPPORTED
    assert decision.evidence[0][0] is close and '"3,050 km"' in decision.verdict.rationale
    alone = decide([loose], Thresholds(), retrieved=1)
    assert decision.verdict.confidence == pytest.approx(alone.verdict.confidence + 0.04)


def test_a_clash_about_the_same_measure_explains_a_refutation_however_weaker() -> None:
    claim = "The two countries share roughly 900 km of sea border."
    # the strongest refuter clashes on a land border (another measured thing) …
    land = judged(claim, "Norland shares a land border of about 1,340 km with the two countries.",
                  0.02, 0.5, doc="norland")  # fmt: skip
    # … a much weaker one on the sea border itself
    sea = judged(claim, "Of that length, 1,974 km runs over land and 321 km runs through the sea.",
                 0.03, 0.1, doc="border")  # fmt: skip
    decision = decide([land, sea], Thresholds(), retrieved=2, verdict=(Label.REFUTED, 0.45))
    assert decision.verdict.label == Label.REFUTED
    first = next(j for j, stance, _ in decision.evidence if stance == Stance.REFUTES)
    assert first is sea
    assert '"321 km"' in decision.verdict.rationale and "1,340" not in decision.verdict.rationale


def test_a_rules_refutation_resting_on_a_heading_is_explained_by_a_statement() -> None:
    from claimcheck.verify.local import LocalVerifier
    from claimcheck.verify.verdict import rules_decision

    claim = "The harbour's reply came on Wednesday, May 3."
    head = judged(claim, "# Harbour council reply, 2 May 2023", 0.02, 0.6, doc="a")
    body = judged(claim, "On Tuesday, 2 May 2023, harbour master Erik Lind answered the ferry plan.",
                  0.02, 0.7, doc="a")  # fmt: skip
    rules = rules_decision([head, body], Thresholds(), 1)
    first = next(j for j, stance, _ in rules.evidence if stance == Stance.REFUTES)
    assert rules.verdict.label == Label.REFUTED
    assert first.candidate.text.startswith("# Harbour")  # the rules cite the title
    shown = LocalVerifier()._present(rules, [head, body], 1)
    assert (shown.verdict.label, shown.verdict.confidence) == (
        rules.verdict.label, rules.verdict.confidence,
    )  # fmt: skip
    first = next(j for j, stance, _ in shown.evidence if stance == Stance.REFUTES)
    assert first.candidate.text.startswith("On Tuesday")
    assert '"Tuesday, 2 May 2023"' in shown.verdict.rationale
