"""What a verdict may rest on, and what its rationale may name: undated off-event support, the
rules' side when the model's label has no sentence, the measured thing of a number clash,
identifiers that are not amounts."""

from __future__ import annotations

import numpy as np

from claimcheck.models import Label, Passage, Stance, Verdict
from claimcheck.quantities import find_quantities, identifier_like
from claimcheck.verify.aggregate import Decision, Judgement, Thresholds, decide
from claimcheck.verify.evidence import Candidate
from claimcheck.verify.features import claim_view, features
from claimcheck.verify.verdict import (
    LABELS,
    VerdictModel,
    antonym_only,
    can_back,
    dated_elsewhere,
    lean,
    undated_and_rare,
    unmeasured,
)


def judged(claim: str, sentence: str, sup: float, ref: float, doc: str = "d0") -> Judgement:
    """A judgement of ``sentence`` for ``claim`` with the given stance probabilities."""
    passage = Passage(passage_id=f"{doc}#0", doc_id=doc, text=sentence, start=0,
                      end=len(sentence), title=doc, url="", score=0.5)  # fmt: skip
    feats = features(claim_view(claim), sentence, passage=passage)
    probs = {Stance.SUPPORTS: sup, Stance.REFUTES: ref, Stance.NEUTRAL: 1.0 - sup - ref}
    return Judgement(Candidate(passage, 0, 0, len(sentence)), feats, probs)


def model(first: Label, second: Label = Label.NOT_ENOUGH_EVIDENCE) -> VerdictModel:
    """A verdict model that always ranks ``first`` highest and ``second`` next (no inputs
    matter)."""
    names = ("rel_max",)
    bias = np.array([2.0 if label == first else 1.0 if label == second else 0.0
                     for label in LABELS])  # fmt: skip
    return VerdictModel(names, [lab.value for lab in LABELS], np.zeros((4, 1)), bias,
                        np.zeros(1), np.ones(1), evidence_floor=0.1,
                        coverage_floor=0.15)  # fmt: skip


def rules_say(label: Label) -> Decision:
    return Decision(Verdict(label=label, confidence=0.6, rationale=""), [])


# ---------------------------------------------------------------- 1. undated, off-event support

CLAIM_DATED = "The two ministers last met in person at a summit in Reykjavik in March 2019."


def test_an_undated_or_otherwise_dated_sentence_missing_the_rare_terms_cannot_back_support() -> None:
    off = judged(CLAIM_DATED, "The spokesman said both ministers remained open to contacts.",
                 0.4, 0.05)  # fmt: skip
    values = off.features.values
    assert values["date_claim"] == 1.0 and values["date_missing"] == 1.0
    assert undated_and_rare(values)
    assert lean([off], 0.0)[0] == 0.0
    assert model(Label.SUPPORTED).backed(Label.SUPPORTED, [off]) == Label.NOT_ENOUGH_EVIDENCE
    # nor does a sentence about another date
    other = judged(CLAIM_DATED, "On 4 May 2021, the two ministers held a press conference.",
                   0.4, 0.05)  # fmt: skip
    assert other.features.values["date_clash"] == 1.0 and undated_and_rare(other.features.values)
    assert model(Label.SUPPORTED).backed(Label.SUPPORTED, [off, other]) == Label.NOT_ENOUGH_EVIDENCE
    # the same event, dated, backs it
    on = judged(CLAIM_DATED, "In March 2019 the two ministers met at a summit in Reykjavik.",
                0.6, 0.05)  # fmt: skip
    assert not undated_and_rare(on.features.values)
    assert model(Label.SUPPORTED).backed(Label.SUPPORTED, [off, on]) == Label.SUPPORTED



LIGHTHOUSE = "The Vessby lighthouse was completed in 1921."
BUILT = "It was built between 1867 and 1869 by a local shipyard as the centrepiece of the 1869 fair."


def test_a_sentence_dating_something_else_cannot_back_a_dated_claim() -> None:
    claim = LIGHTHOUSE
    built = judged(claim, BUILT, 0.4, 0.05)
    values = built.features.values
    assert values["date_missing"] == 1.0 and values["date_elsewhere"] == 1.0
    assert dated_elsewhere(values) and not can_back(values, Stance.SUPPORTS)
    assert model(Label.SUPPORTED).backed(Label.SUPPORTED, [built]) == Label.NOT_ENOUGH_EVIDENCE
    # a sentence with no date of its own is left to the other rules; one with the date backs it
    undated = judged(claim, "The Vessby lighthouse stands on a granite skerry.", 0.4, 0.05)
    assert undated.features.values["date_elsewhere"] == 0.0
    dated = judged(claim, "The Vessby lighthouse was completed in 1921.", 0.6, 0.05)
    assert not dated_elsewhere(dated.features.values)
    assert model(Label.SUPPORTED).backed(Label.SUPPORTED, [built, dated]) == Label.SUPPORTED


def test_an_undated_sentence_cannot_back_a_date_the_evidence_gives_otherwise() -> None:
    stands = judged(LIGHTHOUSE, "The Vessby lighthouse stands on a granite skerry near the "
                    "harbour.", 0.5, 0.05)  # fmt: skip
    supported = model(Label.SUPPORTED)
    assert can_back(stands.features.values, Stance.SUPPORTS)  # alone, it may
    assert supported.backed(Label.SUPPORTED, [stands]) == Label.SUPPORTED
    # next to a sentence that dates the lighthouse at other times, it may not …
    others = [judged(LIGHTHOUSE, BUILT, 0.2, 0.05), stands]
    assert supported.backed(Label.SUPPORTED, others) == Label.NOT_ENOUGH_EVIDENCE
    # … unless something dates the claim's own event
    lit = judged(LIGHTHOUSE, "The lamp of the Vessby lighthouse was lit in 1921.", 0.3, 0.05)
    assert lit.features.values["date_agree"] > 0
    assert supported.backed(Label.SUPPORTED, [*others, lit]) == Label.SUPPORTED


# ---------------------------------------------------------------- 1b. unmeasured refutations

CLAIM_COUNTED = "The Vessby tramway has three lines."


def test_a_sentence_silent_on_the_claims_number_cannot_back_a_refutation() -> None:
    opened = judged(CLAIM_COUNTED, "The Vessby tramway opened on 6 November 1960.", 0.05, 0.4)
    values = opened.features.values
    assert values["qty_claim"] == 1.0 and values["qty_missing"] == 1.0
    assert unmeasured(values) and not can_back(values, Stance.REFUTES)
    assert model(Label.REFUTED).backed(Label.REFUTED, [opened]) == Label.NOT_ENOUGH_EVIDENCE
    # another count refutes; so does a denial without a number
    seven = judged(CLAIM_COUNTED, "The Vessby tramway has seven lines.", 0.05, 0.6)
    assert not unmeasured(seven.features.values)
    assert model(Label.REFUTED).backed(Label.REFUTED, [opened, seven]) == Label.REFUTED
    denied = judged(CLAIM_COUNTED, "The Vessby tramway does not have lines of its own.", 0.05, 0.5)
    assert not unmeasured(denied.features.values)
    # a claim without a number is not concerned
    plain = judged("The Vessby tramway runs at night.", "The Vessby tramway opened on 6 "
                   "November 1960.", 0.05, 0.4)  # fmt: skip
    assert not unmeasured(plain.features.values)


def test_a_claim_whose_number_a_sentence_states_is_not_refuted_by_an_unrelated_one() -> None:
    label, rationale, _ = check_local(
        CLAIM_COUNTED,
        "The Vessby tramway, the light railway of the county town, opened on 6 November 1960.",
        "Today the network has three lines. Its depot is among the oldest in the country.",
    )
    assert label != Label.REFUTED, rationale


def check_local(claim_text: str, *texts: str) -> tuple[Label, str, list[Stance]]:
    from tests.test_verify_local import check

    return check(claim_text, *texts)


# ---------------------------------------------------------------- 2. the rules' side


def test_an_unbacked_label_gives_way_to_the_rules_side_when_a_sentence_backs_it() -> None:
    claim = "The mayor said the only sensible way to cut traffic was to expand the tram network."
    sentence = ("The mayor said the sensible way to cut traffic was to expand the tram network, "
                "and that the council was not ready to pay for it.")  # fmt: skip
    leaning_support = judged(claim, sentence, 0.49, 0.41)
    verdict = model(Label.REFUTED)
    assert verdict.backed(Label.REFUTED, [leaning_support]) == Label.NOT_ENOUGH_EVIDENCE
    label, confidence, probs = verdict.decide_backed(
        {}, [leaning_support], rules_say(Label.SUPPORTED)
    )
    assert label == Label.SUPPORTED and confidence == probs[Label.SUPPORTED]
    # without the rules on that side, nothing backs a verdict
    label, confidence, probs = verdict.decide_backed(
        {}, [leaning_support], rules_say(Label.NOT_ENOUGH_EVIDENCE)
    )
    assert label == Label.NOT_ENOUGH_EVIDENCE and confidence == probs[Label.REFUTED]
    # … unless the model's next choice, above not enough evidence, is one a sentence backs
    label, confidence, probs = model(Label.REFUTED, Label.SUPPORTED).decide_backed(
        {}, [leaning_support], rules_say(Label.NOT_ENOUGH_EVIDENCE)
    )
    assert label == Label.SUPPORTED and confidence == probs[Label.SUPPORTED]
    # the model's own label stands when a sentence backs it
    label, _, _ = model(Label.SUPPORTED).decide_backed(
        {}, [leaning_support], rules_say(Label.REFUTED)
    )
    assert label == Label.SUPPORTED


def test_the_rationale_leads_with_a_sentence_that_can_back_the_label() -> None:
    claim = "Westmark is not a member of the Varn Pact."
    silent = judged(claim, "Westmark applied to join the Varn Pact in 2022.", 0.05, 0.6)
    denies = judged(claim, "Westmark has been a member of the Varn Pact since 2023.", 0.1, 0.5,
                    doc="d1")  # fmt: skip
    assert not can_back(silent.features.values, Stance.REFUTES)
    assert can_back(denies.features.values, Stance.REFUTES)
    chosen = (Label.REFUTED, 0.7)
    plain = decide([silent, denies], Thresholds(), retrieved=2, verdict=chosen)
    assert plain.evidence[0][0] is silent  # the strongest first …
    backed = decide([silent, denies], Thresholds(), retrieved=2, verdict=chosen, backs=can_back)
    assert backed.evidence[0][0] is denies  # … unless it cannot back the label
    assert "since 2023" in backed.verdict.rationale
    assert backed.verdict.label == plain.verdict.label == Label.REFUTED


def test_an_antonym_alone_backs_a_refutation_only_about_the_claim() -> None:
    claim = "The council approved the harbour plan."
    same = judged(claim, "The council rejected the harbour plan.", 0.05, 0.6)
    other = judged(claim, "Voters in Kamm rejected a new tax on boats.", 0.05, 0.6)
    assert not antonym_only(same.features.values) and antonym_only(other.features.values)
    assert lean([same])[1] == 0.6 and lean([other])[1] == 0.0
    # the claim's own "not" cancels a "stop"/"start" antonym: no clash at all
    cancelled = judged("Westmark says it will not stop until it reaches the river.",
                       "The road starts in the north, where the borders of Westmark and Ostria "
                       "meet.", 0.05, 0.6)  # fmt: skip
    assert cancelled.features.values["polarity_flip"] == 0.0
    assert not can_back(cancelled.features.values, Stance.REFUTES)


# ---------------------------------------------------------------- 3. the measured thing

CLAIM_SHORE = "The towns also share roughly 300 km of lagoon shore."
OTHER = "Northtown shares a river shore of about 900 km with Southtown, the longest in the valley."
RIGHT = "Of that length, 2,100 km runs along the river and 150 km runs along the lagoon."


def test_a_number_clash_names_the_number_about_the_same_thing() -> None:
    other = judged(CLAIM_SHORE, OTHER, 0.02, 0.4)
    (clash,) = [f for f in other.features.findings if f.relation == "clash"]
    assert clash.evidence == "about 900 km" and not clash.on_subject
    right = judged(CLAIM_SHORE, RIGHT, 0.02, 0.2)
    (clash,) = [f for f in right.features.findings if f.relation == "clash"]
    assert clash.evidence == "150 km" and clash.on_subject  # not the first number, 2,100 km
    assert right.features.values["qty_clash"] == 1.0


def test_a_refutation_about_something_else_is_not_the_deciding_one() -> None:
    other = judged(CLAIM_SHORE, OTHER, 0.02, 0.4, doc="other")
    right = judged(CLAIM_SHORE, RIGHT, 0.02, 0.2, doc="right")
    decision = decide([other, right], Thresholds(), retrieved=2, verdict=(Label.REFUTED, 0.6))
    assert decision.verdict.label == Label.REFUTED
    assert '"150 km"' in decision.verdict.rationale and "900" not in decision.verdict.rationale
    assert decision.evidence[0][0] is right and decision.evidence[1][0] is other


# ---------------------------------------------------------------- 4. identifiers are not amounts


def test_identifiers_are_not_amounts() -> None:
    text = "It is bound by Article 7 of the charter and by Rule 12, not by 40 rules."
    found = {q.text: identifier_like(text, q) for q in find_quantities(text)}
    assert found == {"7": True, "12": True, "40 rules": False}
    assert not any(identifier_like("about 7 people", q) for q in find_quantities("about 7 people"))


def test_a_rationale_never_sets_an_identifier_against_a_year() -> None:
    claim = "The island has been a member of the league since the league's 1994 congress in Oslo."
    sentence = ("The island is not a member of the league. It is not covered by Article 9 of "
                "the league's charter.")  # fmt: skip
    refuter = judged(claim, sentence, 0.01, 0.7)
    clash = [f for f in refuter.features.findings if f.kind == "quantity"]
    assert clash and not clash[0].comparable  # "9" of "Article 9" is still found (feature)
    decision = decide([refuter], Thresholds(), retrieved=1, verdict=(Label.REFUTED, 0.6))
    why = decision.verdict.rationale
    assert '"9"' not in why and "not a member" in why


def test_another_name_in_the_claims_place_cannot_back_support() -> None:
    other = judged("Canada launched Operation UNIFIER in 2015.",
                   "Britain launched Operation ORBITAL in 2015 to train Ukrainian forces.",
                   0.6, 0.05)  # fmt: skip
    assert other.features.values["entity_substitution"] == 1.0
    assert lean([other])[0] == 0.0
    assert model(Label.SUPPORTED).backed(Label.SUPPORTED, [other]) == Label.NOT_ENOUGH_EVIDENCE


def test_a_sentence_that_does_not_say_the_claims_deed_cannot_back_support() -> None:
    claim = "Ostria invaded Norland on 4 May 1999."
    crossed = judged(claim, "On 4 May 1999 troops crossed into Norland from the south, "
                     "including from Ostria.", 0.6, 0.05)  # fmt: skip
    said = judged(claim, "Ostria invaded Norland on 4 May 1999.", 0.6, 0.05)
    assert lean([crossed])[0] == 0.0 and lean([said])[0] == 0.6
    assert model(Label.SUPPORTED).backed(Label.SUPPORTED, [crossed]) == Label.NOT_ENOUGH_EVIDENCE


def test_a_sentence_that_names_neither_the_doer_nor_the_thing_cannot_back_a_deed() -> None:
    claim = "Norland launched Operation KESTREL in 2015."

    def judged_in(sentence: str, title: str) -> Judgement:
        passage = Passage(passage_id="d0#0", doc_id="d0", text=sentence, start=0,
                          end=len(sentence), title=title, url="", score=0.5)  # fmt: skip
        feats = features(claim_view(claim), sentence, passage=passage)
        probs = {Stance.SUPPORTS: 0.6, Stance.REFUTES: 0.05, Stance.NEUTRAL: 0.35}
        return Judgement(Candidate(passage, 0, 0, len(sentence)), feats, probs)

    other = judged_in("Norland announced the mission in 2015; it was launched that April.",
                      "Norland's Operation HARRIER")  # fmt: skip
    assert other.features.values["deed_unnamed"] == 1.0 and lean([other])[0] == 0.0
    # the document's title may name what the sentence leaves implied
    own = judged_in("Norland announced the mission in 2015; it was launched that April.",
                    "Norland's Operation KESTREL")  # fmt: skip
    assert own.features.values["deed_unnamed"] == 0.0 and lean([own])[0] == 0.6


# ---------------------------------------------------------------- 5. dates of other events, clashes


def test_a_date_next_to_another_event_neither_clashes_nor_agrees() -> None:
    claim = claim_view("Norland annexed the island of Vess in 1998.")
    other = features(claim, "It began in 1999, when the navy sent a small team of trainers in "
                            "response to Norland's annexation of Vess.")  # fmt: skip
    assert other.values["date_clash"] == 0.0 and other.values["date_missing"] == 1.0
    same = features(claim, "Norland thus annexed Vess in March 1998.")
    assert same.values["date_agree"] == 1.0
    wrong = features(claim, "Norland annexed Vess in March 1997.")
    assert wrong.values["date_clash"] == 1.0
    lead = features(claim, "In 1997, after weeks of unrest, Norland annexed Vess.")
    assert lead.values["date_clash"] == 1.0  # a date with no words of its own dates the sentence
    # a clashing date of another event, even when the sentence does not name the claim's event
    joined = claim_view("Estland joined the Varn Pact in April 2021.")
    partner = features(joined, "Estland took part in the Varn Pact's partnership programme from 1994.")
    assert partner.values["date_clash"] == 0.0
    # an agreeing date next to a paraphrase of the event still agrees
    member = features(joined, "Estland became the Varn Pact's 31st member on 4 April 2021.")
    assert member.values["date_agree"] == 1.0



def test_a_date_next_to_the_claims_names_dates_the_claims_event() -> None:
    joined = claim_view("Estland joined the Varn Pact in April 2021.")
    member = features(joined, "Estland became the 31st member of the Varn Pact on 4 April "
                              "2021, less than a year after it had applied to join.")  # fmt: skip
    assert member.values["date_agree"] == 1.0  # "join" elsewhere, but the date names the pact
    # a clash needs the claim's own words, or its deed in other words, by the date
    early = features(joined, "Estland became the 31st member of the Varn Pact on 4 April 2020.")
    assert early.values["date_clash"] == 1.0  # "became a member" is joining (round 8)
    drill = features(joined, "Estland hosted a drill of the Varn Pact on 4 April 2020.")
    assert drill.values["date_clash"] == 0.0  # another event of the pact
    # "applied to join" is not joining: a date of membership does not date the application
    applied = claim_view("Estland applied to join the Varn Pact in April 2021.")
    later = features(applied, "Estland became the 31st member of the Varn Pact on 4 April 2022.")
    assert later.values["date_clash"] == 0.0
    annexed = claim_view("Norland annexed the island of Vess in 1999.")
    mission = features(annexed, "The Ostrian Operation HARBOUR began in 1999, when trainers were "
                                "sent in response to Norland's annexation of Vess.")  # fmt: skip
    assert mission.values["date_agree"] == 0.0  # it dates Ostria's mission, not the annexation


# ---------------------------------------------------------------- bounds the claim overstates


def test_a_bound_the_claim_overstates_backs_nothing() -> None:
    from claimcheck.quantities import overstates

    def only(text: str):  # type: ignore[no-untyped-def]
        (q,) = find_quantities(text)
        return q

    assert overstates(only("more than 80,000 recruits"), only("more than 22,000 recruits"))
    assert not overstates(only("more than 20,000 recruits"), only("more than 22,000 recruits"))
    assert overstates(only("fewer than 5 cases"), only("fewer than 50 cases"))
    assert not overstates(only("80,000 recruits"), only("more than 22,000 recruits"))
    source = "By 2022, Operation Vessel had trained more than 22,000 recruits."
    label, why, _ = check_local("Operation Vessel trained more than 80,000 recruits.", source)
    assert label != Label.SUPPORTED, why  # the rules were sure of it: their verdict no longer stands
    label, why, _ = check_local("Operation Vessel trained more than 20,000 recruits.", source)
    assert label == Label.SUPPORTED, why
