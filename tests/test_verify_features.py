"""Pair features: stable names, and each feature group reacting to what it should."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.models import ClaimKind, Passage
from claimcheck.verify import FEATURE_NAMES
from claimcheck.verify.analysis import analyse
from claimcheck.verify.evidence import select_candidates
from claimcheck.verify.features import claim_view, features, relate


def feats(claim: str, sentence: str, **kw: object) -> dict[str, float]:
    return features(claim_view(claim), sentence, **kw).values  # type: ignore[arg-type]


def test_feature_names_are_stable_and_complete() -> None:
    # A learned model reads vectors in this order: only ever append names at the end.
    assert FEATURE_NAMES[:8] == (
        "coverage", "coverage_exact", "bigram_coverage", "precision", "entity_claim",
        "entity_coverage", "entity_substitution", "entity_foreign",
    )  # fmt: skip
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES)
    got = features(claim_view("The museum opened in 1998."), "The museum opened in 2004.")
    assert set(got.values) == set(FEATURE_NAMES)
    assert len(got.vector()) == len(FEATURE_NAMES)


def test_coverage_counts_claim_terms_found() -> None:
    full = feats("The museum opened in 1998.", "The city museum was opened in 1998.")
    none = feats("The museum opened in 1998.", "Tickets cost twenty euros.")
    assert full["coverage"] == 1.0 and none["coverage"] == 0.0
    assert full["date_agree"] == 1.0 and none["date_missing"] == 1.0


def test_irregular_forms_and_aliases_count_as_covered() -> None:
    assert feats("Prices rise.", "Prices rose.")["coverage"] == 1.0
    assert feats("The US trains troops.", "The United States trains troops.")["coverage"] == 1.0
    assert feats("American troops left.", "US troops left.")["entity_substitution"] == 0.0
    assert feats("Kyiv applied to join.", "Ukraine applied to join.")["coverage"] == 1.0


def test_identifiers_are_terms_that_must_match() -> None:
    same = feats(
        "The Assembly adopted resolution 68/262.", "The Assembly adopted resolution 68/262."
    )
    other = feats(
        "The Assembly adopted resolution 68/262.", "The Assembly adopted resolution ES-11/1."
    )
    assert same["coverage"] == 1.0 and other["coverage"] < 0.8
    assert other["entity_substitution"] == 1.0


def test_headings_and_local_coverage() -> None:
    assert feats("Ukraine is a member of NATO.", "# Ukraine and NATO membership")["heading"] == 1.0
    assert feats("Ukraine is a member of NATO.", "Ukraine is a member of NATO.")["heading"] == 0.0
    long = feats(
        "Russia annexed Crimea in 2015 after a referendum that most of the world rejects.",
        "Russia annexed Crimea in March 2014.",
    )
    assert long["local_coverage"] > long["coverage"]
    assert long["date_clash"] == 1.0


def test_quantity_agreement_and_clashes() -> None:
    agree = feats("The border is about 2,000 km long.", "The border is 1,974 km long.")
    assert (agree["qty_claim"], agree["qty_agree"], agree["qty_clash"]) == (1.0, 1.0, 0.0)
    clash = feats("Prices saw a 40% rise.", "Prices rose by 12%.")
    assert (clash["qty_agree"], clash["qty_clash"]) == (0.0, 1.0)
    direction = feats("Prices rose by 5%.", "Prices fell by 5%.")
    assert direction["direction_clash"] == 1.0
    weak = feats("The trial enrolled 40 patients.", "The trial had 55 in all.")
    assert weak["qty_clash"] == 0.0 and weak["qty_clash_weak"] == 1.0


def test_negation_mismatch_is_scoped_to_claim_terms() -> None:
    neg = feats("Ukraine is a member of NATO.", "Ukraine is not a member of NATO.")
    assert neg["negation_sentence"] == 1.0 and neg["negation_mismatch"] == 1.0
    assert neg["polarity_flip"] == 1.0
    both = feats("Ukraine is not a member of NATO.", "Ukraine has never been a member of NATO.")
    assert both["negation_mismatch"] == 0.0
    elsewhere = feats("Ukraine is a member of NATO.", "Ukraine is a member of NATO, not of the EU.")
    assert elsewhere["negation_mismatch"] == 0.0
    contracted = feats("The company has paid the fine.", "The company hasn't paid the fine.")
    assert contracted["negation_mismatch"] == 1.0


def test_what_a_claim_denies_must_be_covered() -> None:
    other = feats("Ukraine is not a member of NATO.", "Ukraine applied to join NATO in 2022.")
    assert other["negation_claim"] == 0.0 and other["key_term_missing"] == 1.0
    same = feats("Ukraine is not a member of NATO.", "Ukraine is not a NATO member.")
    assert same["negation_mismatch"] == 0.0 and same["key_term_missing"] == 0.0
    no_evidence = feats(
        "Vitamin D reduces cancer risk.", "There is no evidence that vitamin D reduces cancer risk."
    )
    assert no_evidence["negation_sentence"] == 1.0 and no_evidence["polarity_flip"] == 1.0
    direction = feats("Smoking increases the risk.", "Smoking is associated with the risk.")
    assert direction["key_term_missing"] == 1.0


def test_antonyms_flip_polarity_and_double_flips_cancel() -> None:
    for claim, sentence in [
        ("The council approved the plan.", "The council rejected the plan."),
        ("Exports increased in May.", "Exports decreased in May."),
        ("The team won the final.", "The team lost the final."),
        ("The ministry allowed the protest.", "The ministry banned the protest."),
        ("Risk was higher among smokers.", "Risk was lower among smokers."),
    ]:
        got = feats(claim, sentence)
        assert got["antonym_mismatch"] == 1.0 and got["polarity_flip"] == 1.0, claim
    same = feats("The council approved the plan.", "The council approved the plan.")
    assert same["antonym_mismatch"] == 0.0
    cancel = feats("The council approved the plan.", "The council did not reject the plan.")
    assert cancel["antonym_mismatch"] == 1.0 and cancel["negation_mismatch"] == 1.0
    assert cancel["polarity_flip"] == 0.0
    bound = feats("Exports decreased.", "Exports of more than 2,000 cars decreased.")
    assert bound["antonym_mismatch"] == 0.0


def test_entity_substitution_in_the_same_role() -> None:
    swapped = feats("Biden met Macron in Washington.", "Biden met Scholz in Washington.")
    assert swapped["entity_substitution"] == 1.0
    assert swapped["entity_coverage"] == 2 / 3
    same = feats("Biden met Macron in Washington.", "Joe Biden met Emmanuel Macron in Washington.")
    assert same["entity_substitution"] == 0.0 and same["entity_coverage"] == 1.0


def test_an_antonym_done_by_someone_else_is_no_clash() -> None:
    claim = "Ukraine applied to join NATO in September 2022."
    other = feats(
        claim, "Biden said the way to end the war was for Putin to withdraw from Ukraine."
    )
    assert other["antonym_mismatch"] == 0.0
    own = feats(claim, "In September 2022 Ukraine withdrew its bid.")
    assert own["antonym_mismatch"] == 1.0
    # no name before either word: the antonym counts as before
    unnamed = feats("The council approved the plan.", "The plan was rejected by Ukraine.")
    assert unnamed["antonym_mismatch"] == 1.0


def test_the_month_may_is_no_hedge() -> None:
    assert analyse("Ukraine applied to join NATO in May 2022.").hedges == 0
    assert analyse("On 9 May the talks may resume.").hedges == 1
    assert feats("Exports rose in May 2022.", "Exports rose in May 2022.")["hedge_claim"] == 0.0


def test_amounts_of_time_that_time_other_things_do_not_clash() -> None:
    # an age and a study period measure different things: no clash, no refutation
    got = feats(
        "Patients younger than 40 years respond better to the drug.",
        "Patients received the drug in a trial that, funded by the state, ran for 3 years.",
    )
    assert got["qty_clash"] == 0.0 and got["qty_clash_weak"] == 0.0
    # the same flight timed twice: the clash stands
    got = feats(
        "A missile would reach Moscow in 30 minutes.",
        "Missiles stationed there could reach Moscow in 7-10 minutes.",
    )
    assert got["qty_clash"] == 1.0
    # a duration with no words of its own next to it still clashes
    assert feats("The siege lasted 3 years.", "It lasted 5 years.")["qty_clash"] == 1.0


def test_another_name_doing_the_claims_deed_to_the_same_name() -> None:
    annexed = "Norland annexed Vess in 1999."
    for sentence in (
        "Ostria annexed Vess in 1999.",
        "After Ostria's annexation of Vess in 1999, the league stepped up its support for Norland.",
        "Vess was annexed by Ostria in 1999.",
        "In 1999 the annexation of Vess by Ostria was complete.",
    ):
        got = features(claim_view(annexed), sentence)
        assert got.values["deed_other"] == 1.0, sentence
        assert got.values["deed_taken"] == 1.0, sentence  # only one can annex Vess
        doer = [f for f in got.findings if f.kind == "doer"]
        assert [(f.claim, f.evidence) for f in doer] == [("Norland", "Ostria")], sentence
    for sentence in (
        "Norland annexed Vess in 1999.",  # the claim's doer
        "Ostria and Norland annexed Vess in 1999.",  # the claim's doer among others
        "The annexation of Vess in 1999 was condemned.",  # nobody named as the doer
        "Support for Ostria grew after the annexation of Vess.",  # Ostria does not annex
        "Ostria annexed Kamm in 1999.",  # another thing (no entity clash either: no name's place)
    ):
        got = features(claim_view(annexed), sentence)
        assert got.values["deed_other"] == 0.0, sentence
    # a deed several can do: another doer says nothing against the claim, but does not back it
    joined = features(
        claim_view("Westmark joined the Varn Pact in April 2023."),
        "Estland became the 31st member of the Varn Pact on 4 April 2023.",
    ).values
    assert joined["deed_other"] == 1.0 and joined["deed_taken"] == 0.0
    # a passive claim names its doer after "by"
    passive = features(claim_view("The island of Vess was annexed by Norland."), "Ostria annexed Vess.")
    assert passive.values["deed_taken"] == 1.0


def test_a_sentence_that_does_not_say_the_claims_deed_cannot_confirm_who_did_it() -> None:
    invaded = "Ostria invaded Norland on 4 May 1999."
    unsaid = feats(invaded, "On 4 May 1999 troops crossed into Norland from the south, including from Ostria.")
    assert unsaid["deed_unsaid"] == 1.0
    for sentence in (
        "Ostria invaded Norland on 4 May 1999.",
        "The invasion of Norland by Ostria began on 4 May 1999.",  # the deed in other words
    ):
        assert feats(invaded, sentence)["deed_unsaid"] == 0.0, sentence
    joined = "Westmark joined the Varn Pact in April 2023."
    assert feats(joined, "Westmark became the 31st member of the Varn Pact.")["deed_unsaid"] == 0.0
    # intended or denied is not said
    assert feats(joined, "Westmark applied to join the Varn Pact in 2022.")["deed_unsaid"] == 1.0
    # a claim that names no deed, or reports what someone said, needs none
    assert feats("Norland is a large country.", "Norland covers a vast area.")["deed_unsaid"] == 0.0
    told = "Mayor Holt told the Harbour Council that the bridge would close."
    assert feats(told, "Holt addressed the Harbour Council: the bridge would close.")["deed_unsaid"] == 0.0
    # only deeds done by someone in particular need saying, not findings or adjectives
    review = "The Review concluded that CRU's actions were normal."
    assert feats(review, "The Review found CRU's actions normal.")["deed_unsaid"] == 0.0
    # meeting, visiting, declaring and publishing are such deeds (session 11)
    met = "Minister Varga met Chancellor Holt in Kamm in March 2022."
    assert feats(met, "On 2 March 2022, Minister Varga replied to Holt's remarks.")["deed_unsaid"] == 1.0
    assert feats(met, "Minister Varga met Holt in Kamm on 2 March 2022.")["deed_unsaid"] == 0.0


def test_a_namesake_is_another_doer() -> None:
    # "the Harbour Assembly" shares a word with "the Harbour Council" and has one of its own:
    # it is another body, and adopting a resolution is a deed only one does
    claim = "The Harbour Council adopted resolution 12/4 on 2 May 1999."
    got = feats(claim, "On 2 May 1999, the Harbour Assembly adopted resolution 12/4, which "
                "demanded a new bridge.")  # fmt: skip
    assert got["deed_other"] == 1.0 and got["deed_taken"] == 1.0
    assert got["deed_coverage"] > got["coverage"]  # the doer it replaces counts as covered
    same = feats(claim, "On 2 May 1999, the Harbour Council adopted resolution 12/4.")
    assert same["deed_other"] == 0.0 and same["deed_coverage"] == same["coverage"]
    # one name inside another is the same name ("Putin", "Russian President Vladimir Putin")
    got = feats("Varga adopted resolution 12/4.", "Ostrian President Anna Varga adopted resolution 12/4.")
    assert got["deed_other"] == 0.0


def test_deeds_only_one_does_and_places_in_an_order() -> None:
    # publishing a text, building a thing, suspending a mission: another doer refutes
    got = feats("The Varn State Department published the draft treaties in May 1999.",
                "In May 1999, the Ostrian foreign ministry published two draft treaties.")  # fmt: skip
    assert got["deed_other"] == 1.0 and got["deed_taken"] == 1.0
    got = feats("Norland built the Zora module.", "Its first module, the Ostrian-built Zora, flew in 1998.")
    assert got["deed_other"] == 1.0 and got["deed_taken"] == 1.0
    assert feats("Ostria built the Zora module.",
                 "Its first module, the Ostrian-built Zora, flew in 1998.")["deed_other"] == 0.0  # fmt: skip
    # a compound that is no deed of someone's stays no doer ("IL-17-induced")
    assert feats("IL-6 induced Th17 cells.", "IL-17-induced inflammation was seen.")["deed_other"] == 0.0
    # one place in an order has one holder; another place is another deed
    sweden = "Westmark became the Varn Pact's 32nd member in March 2024."
    got = feats(sweden, "Estland's accession took longer; it became the 32nd member in March 2024.")
    assert got["deed_other"] == 1.0 and got["deed_taken"] == 1.0
    got = feats(sweden, "Estland became the 31st member of the Varn Pact on 4 April 2023.")
    assert got["deed_taken"] == 0.0
    # deeds several do to the same thing are no such deeds
    got = feats("Westmark joined the Varn Pact in April 2023.",
                "Estland joined the Varn Pact in April 2023.")  # fmt: skip
    assert got["deed_other"] == 1.0 and got["deed_taken"] == 0.0


def test_some_deeds_are_one_doers_only_with_some_things() -> None:
    # one government declares martial law in a country; several may declare war on one
    said = "On 4 May 1999, Ostrian President Anna Varga declared martial law in Ostria."
    got = feats("Holt declared martial law in Ostria on 4 May 1999.", said)
    assert got["deed_other"] == 1.0 and got["deed_taken"] == 1.0
    assert feats("Varga declared martial law in Ostria on 4 May 1999.", said)["deed_other"] == 0.0
    got = feats("Norland declared war on Ostria in May 1999.", "Westmark declared war on Ostria in May 1999.")
    assert got["deed_other"] == 1.0 and got["deed_taken"] == 0.0
    # the sentence's deed must be done with the same words: "declared annexed" is another
    got = feats("Holt declared martial law in Ostria.", "Norland had declared annexed the Ostrian coast.")
    assert got["deed_other"] == 1.0 and got["deed_taken"] == 0.0


def test_a_title_naming_a_country_does_not_make_the_doer_that_country() -> None:
    # "Ostrian President Anna Varga" is not "Ostria": she declaring it is another doer's deed
    claim = "Holt declared martial law in Ostria on 4 May 1999."
    got = feats(claim, "On the same day, Ostrian President Anna Varga declared martial law, and "
                "Ostria closed its borders.")  # fmt: skip
    assert got["deed_other"] == 1.0
    assert feats(claim, "Holt declared martial law in Ostria on 4 May 1999.")["deed_other"] == 0.0


def test_a_denied_membership_denies_joining() -> None:
    got = feats("Westmark joined the Varn Pact in 2022.", "Westmark is not a member of the Varn Pact.")
    assert got["negation_sentence"] == 1.0 and got["polarity_flip"] == 1.0
    found = features(claim_view("Westmark joined the Varn Pact in 2022."),
                     "Westmark is not a member of the Varn Pact.").findings  # fmt: skip
    assert [(f.kind, f.claim, f.evidence) for f in found if f.kind == "negation"] == [
        ("negation", "Westmark joined", "not a member")
    ]
    assert feats("Westmark applied to join the Varn Pact.",
                 "Westmark is not a member of the Varn Pact.")["polarity_flip"] == 0.0  # fmt: skip


def test_plain_coverage_leaves_out_the_antonyms_own_credit() -> None:
    got = feats("The council approved the harbour plan.", "The council rejected the harbour plan.")
    assert got["coverage_idf"] == 1.0 and 0.5 < got["coverage_idf_plain"] < 1.0
    same = feats("The council approved the harbour plan.", "The council approved the harbour plan.")
    assert same["coverage_idf_plain"] == same["coverage_idf"] == 1.0


def test_names_that_end_like_common_words_are_names_first_in_a_sentence() -> None:
    for text in ("Belarus borders Ukraine.", "France joined the alliance.", "Italy voted."):
        assert analyse(text).tokens[0].name, text
    for text in ("Patients improved.", "Treatment helped.", "Results varied."):
        assert not analyse(text).tokens[0].name, text


def test_hedges_attribution_and_retrieval() -> None:
    view = claim_view(
        "Putin remains open to talks.", kind=ClaimKind.ATTRIBUTION, speaker="Dmitry Peskov"
    )
    passage = Passage(
        passage_id="p#0", doc_id="p", text="Putin may remain open to talks.", start=0, end=31,
        title="Peskov on talks", score=0.8,
    )  # fmt: skip
    got = features(view, passage.text, passage=passage, rank=1, pair=True).values
    assert got["hedge_sentence"] == 1.0 and got["hedge_claim"] == 0.0
    assert got["attribution"] == 1.0
    assert got["speaker_sentence"] == 0.0 and got["speaker_passage"] == 1.0
    assert got["retrieval_score"] == 0.8 and got["retrieval_rank"] == 0.5 and got["pair"] == 1.0
    said = features(view, "Peskov said Putin remains open to talks.").values
    assert said["speaker_sentence"] == 1.0 and said["reporting_sentence"] == 1.0


def test_findings_name_what_matched_or_clashed() -> None:
    got = features(claim_view("The museum opened in 1998."), "The museum opened in 2004.")
    assert [(f.kind, f.relation, f.claim, f.evidence) for f in got.findings] == [
        ("date", "clash", "1998", "2004")
    ]


def test_candidates_keep_offsets_and_prefer_covering_sentences() -> None:
    text = "Unrelated opening words. The museum opened in 1998. Tickets are cheap."
    passage = Passage(passage_id="d#0", doc_id="d", text=text, start=10, end=10 + len(text))
    cands = select_candidates(claim_view("The museum opened in 1998."), [passage])
    assert cands[0].text == "The museum opened in 1998."
    assert cands[0].doc_start == 10 + text.index("The museum")


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_analysis_and_features_never_crash(text: str) -> None:
    info = analyse(text)
    for tok in info.tokens:
        assert text[tok.start : tok.end] == tok.text
    values = features(claim_view(text), text[::-1]).values
    assert all(v == v for v in values.values())  # no NaN


def test_starting_and_stopping_are_antonyms() -> None:
    for claim, sentence in [
        ("The agency started the programme in 2015.", "The agency stopped the programme in 2015."),
        ("The mission began in 2015.", "The mission was halted in 2015."),
        ("The army launched the operation.", "The army halted the operation."),
    ]:
        got = feats(claim, sentence)
        assert got["antonym_mismatch"] == 1.0 and got["polarity_flip"] == 1.0, claim
    # "end" is not in the group: "the only way to end the war" says nothing against "began"
    loose = feats("The only way to end the war was a withdrawal.", "The war began in 2022.")
    assert loose["antonym_mismatch"] == 0.0


def test_relative_features_compare_a_sentence_with_the_claims_other_candidates() -> None:
    claim = claim_view("Vess mice lacking Ly49Q show reduced neutrophil migration.")
    texts = [
        "Vess mice lacking Ly49Q showed reduced neutrophil migration in vivo.",  # best, doc a
        "Neutrophils were isolated from Vess mice.",  # same document, weaker
        "Ly49Q is expressed on neutrophils.",  # another document
    ]
    got = [features(claim, t) for t in texts]
    relate(got, ["a", "a", "b"])
    best, same_doc, other_doc = (f.values for f in got)
    assert best["best_gap"] == 0.0 and best["best_rank"] == 1.0 and best["doc_gap"] == 0.0
    assert same_doc["best_gap"] > 0.0 and same_doc["doc_gap"] == same_doc["best_gap"]
    assert same_doc["doc_behind"] == 0.0
    assert other_doc["doc_gap"] == 0.0 and other_doc["doc_behind"] > 0.0
    assert {best["best_rank"], same_doc["best_rank"], other_doc["best_rank"]} == {1.0, 0.5, 1 / 3}
    alone = features(claim, texts[1]).values  # a pair scored alone is its claim's only candidate
    assert alone["best_gap"] == 0.0 and alone["best_rank"] == 1.0
    relate([], [])  # nothing to relate is fine


def test_a_negation_does_not_reach_into_the_next_sentence() -> None:
    # a two-sentence candidate: "not on its own." negates nothing of the next sentence
    text = "The council said it would act with the port, not on its own. Mayor Lind said so."
    info = analyse(text)
    negated = [info.tokens[i].text for i in sorted(info.negated)]
    assert negated == ["on", "its", "own"]
    # abbreviations do not end a sentence
    info = analyse("He is not the U.S. president.")
    assert [info.tokens[i].text for i in sorted(info.negated)] == ["the", "U.S", "president"]
    # so a claim about the mayor is not "negated" by the first sentence
    got = features(claim_view("Mayor Lind met the council in Tallinn in June 2021."), text)
    assert got.values["negation_mismatch"] == 0.0
    assert not [f for f in got.findings if f.kind == "negation"]
