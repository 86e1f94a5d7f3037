"""LocalVerifier end to end on hand-built passages: the verdicts issue 2 asks for, and more."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from claimcheck.models import Claim, ClaimKind, Label, Passage, Span, Stance, Usage
from claimcheck.verify import LocalVerifier, Verifier
from claimcheck.verify.stance import StanceProbs


def make_passages(*texts: str, prefix: str = "doc") -> list[Passage]:
    """One document per text; each passage sits after a heading, so its start is not 0."""
    out = []
    for i, text in enumerate(texts):
        heading = f"Source {i}\n\n"
        out.append(
            Passage(
                passage_id=f"{prefix}{i}#0",
                doc_id=f"{prefix}{i}",
                text=text,
                start=len(heading),
                end=len(heading) + len(text),
                title=f"Source {i}",
                url=f"https://example.org/{prefix}{i}",
                score=0.6,
            )
        )
    return out


def document_text(passage: Passage) -> str:
    return f"Source {passage.doc_id.removeprefix('doc')}\n\n{passage.text}"


def claim(text: str, **extra: object) -> Claim:
    return Claim(id="c1", text=text, span=Span(start=0, end=len(text)), **extra)  # type: ignore[arg-type]


def check(claim_text: str, *texts: str, **extra: object) -> tuple[Label, str, list[Stance]]:
    result = LocalVerifier().verify(claim(claim_text, **extra), make_passages(*texts))
    assert result.status == "ok", result.error
    assert result.verdict is not None
    for cite in result.citations:
        passage = next(p for p in make_passages(*texts) if p.passage_id == cite.passage_id)
        assert document_text(passage)[cite.start : cite.end] == cite.quote
    return result.verdict.label, result.verdict.rationale, [c.stance for c in result.citations]


def test_about_2000_km_is_supported_by_1974_km() -> None:
    label, why, stances = check(
        "The land border between Russia and Ukraine is about 2,000 km long.",
        "Ukraine's land border with Russia is 1,974 km long, according to the border service.",
    )
    assert label == Label.SUPPORTED
    assert "1,974 km" in why and "about 2,000 km" in why
    assert stances[0] == Stance.SUPPORTS


def test_a_40_percent_rise_is_refuted_by_a_12_percent_rise() -> None:
    label, why, _ = check(
        "Food prices saw a 40% rise last year.",
        "Food prices rose by 12% last year, the statistics office reported.",
    )
    assert label == Label.REFUTED
    assert "40%" in why and "12%" in why


def test_opened_in_1998_is_refuted_by_2004() -> None:
    label, why, stances = check(
        "The museum opened in 1998.", "The city museum opened in 2004 after years of delays."
    )
    assert label == Label.REFUTED
    assert "1998" in why and "2004" in why
    assert stances[0] == Stance.REFUTES


def test_between_three_and_five_is_supported_by_four() -> None:
    label, _, _ = check(
        "Between three and five people were injured in the blast.",
        "Four people were injured in the blast on Tuesday.",
    )
    assert label == Label.SUPPORTED


def test_approved_is_refuted_by_rejected() -> None:
    label, why, _ = check(
        "The city council approved the housing plan.",
        "The city council rejected the housing plan on Monday.",
    )
    assert label == Label.REFUTED
    assert "approved" in why and "rejected" in why


def test_is_a_member_is_refuted_by_is_not_a_member() -> None:
    label, why, _ = check(
        "Ukraine is a member of NATO.",
        "Ukraine is not a member of NATO, although it works closely with the alliance.",
    )
    assert label == Label.REFUTED
    assert "not a member" in why


def test_nothing_relevant_is_not_enough_evidence() -> None:
    label, why, stances = check(
        "The moon is made of cheese.",
        "The football club won the league in 2004.",
        "Tickets for the concert cost 20 euros.",
    )
    assert label == Label.NOT_ENOUGH_EVIDENCE
    assert Stance.SUPPORTS not in stances and Stance.REFUTES not in stances
    assert why


def test_no_passages_is_not_enough_evidence() -> None:
    result = LocalVerifier().verify(claim("The museum opened in 1998."), [])
    assert result.verdict is not None
    assert result.verdict.label == Label.NOT_ENOUGH_EVIDENCE
    assert result.citations == []
    assert "ingest" in result.verdict.rationale


def test_support_and_refutation_together_are_conflicting() -> None:
    label, why, stances = check(
        "The land border between Russia and Ukraine is about 2,000 km long.",
        "Ukraine's land border with Russia is 1,974 km long.",
        "The land border between Russia and Ukraine is only 900 km long.",
    )
    assert label == Label.CONFLICTING
    assert "disagree" in why
    assert {Stance.SUPPORTS, Stance.REFUTES} <= set(stances)


def test_seven_to_ten_minutes_is_supported_by_7_10_minutes() -> None:
    label, _, _ = check(
        "A missile would reach Moscow in seven to ten minutes.",
        "Putin said that a missile would reach Moscow in 7–10 minutes.",
    )
    assert label == Label.SUPPORTED


def test_december_2_is_refuted_by_december_5() -> None:
    label, why, _ = check(
        "Peskov replied to Biden on December 2.", "Peskov replied to Biden on December 5."
    )
    assert label == Label.REFUTED
    assert "December 2" in why and "December 5" in why


def test_a_total_that_differs_does_not_refute_when_the_same_source_agrees() -> None:
    label, _, _ = check(
        "The land border between Russia and Ukraine is about 1,900 km long.",
        "Ukraine's land border with Russia is 1,974 km long. "
        "Including the sea, the border between Russia and Ukraine is 2,295 km long.",
    )
    assert label == Label.SUPPORTED


def test_a_negated_claim_needs_its_negated_word_covered() -> None:
    label, _, _ = check(
        "Ukraine is not a member of NATO.", "Ukraine applied to join NATO in September 2022."
    )
    assert label == Label.NOT_ENOUGH_EVIDENCE
    label, _, _ = check(
        "Ukraine is not a member of NATO.", "Ukraine is not a member of the NATO alliance."
    )
    assert label == Label.SUPPORTED


def test_a_date_in_a_long_claim_is_judged_by_its_clause() -> None:
    label, why, _ = check(
        "Russia annexed Crimea in 2015 after a referendum that most of the world rejects.",
        "Russia annexed Crimea in March 2014.",
    )
    assert label == Label.REFUTED
    assert "2015" in why and "March 2014" in why


def test_the_date_of_a_document_supports_a_dated_claim() -> None:
    result = LocalVerifier().verify(
        claim("Peskov said on 2 December 2022 that Putin remained open to negotiations."),
        make_passages(
            "On 2 December 2022, Kremlin spokesman Dmitry Peskov answered questions.\n\n"
            "Peskov said that Putin had always been and remained open to negotiations."
        ),
    )
    assert result.verdict is not None and result.verdict.label == Label.SUPPORTED


def test_lines_of_links_are_never_cited() -> None:
    result = LocalVerifier().verify(
        claim("The council rejected the housing plan."),
        make_passages(
            "Source: https://example.org/council-rejected-housing-plan https://example.org/b\n\n"
            "The council rejected the housing plan on Monday."
        ),
    )
    assert result.citations and all("http" not in c.quote for c in result.citations)


def test_another_resolution_does_not_refute_the_date_of_this_one() -> None:
    label, _, _ = check(
        "The UN General Assembly adopted resolution 68/262 on 27 March 2014.",
        "On 27 March 2014, the UN General Assembly adopted resolution 68/262 on Ukraine.",
        "On 2 March 2022, the UN General Assembly adopted resolution ES-11/1 on Ukraine.",
    )
    assert label == Label.SUPPORTED


def test_another_subject_does_not_refute() -> None:
    label, _, _ = check(
        "Canada launched Operation UNIFIER in 2015.",
        "Britain launched Operation ORBITAL in 2015 to train Ukrainian forces.",
    )
    assert label == Label.NOT_ENOUGH_EVIDENCE


def test_who_did_it_matters() -> None:
    # the claim's deed and thing, done by another name: it cannot back the claim, and when
    # only one can do that deed to that thing, it refutes it and says who did it
    label, why, _ = check(
        "Ukraine annexed Crimea in 2014.",
        "After Russia's annexation of Crimea in 2014, NATO stepped up its support for Ukraine.",
    )
    assert label == Label.REFUTED
    assert '"Ukraine" did it' in why and '"Russia" did' in why
    label, _, _ = check(
        "Russia annexed Crimea in 2014.",
        "After Russia's annexation of Crimea in 2014, NATO stepped up its support for Ukraine.",
    )
    assert label == Label.SUPPORTED


def test_another_member_joining_does_not_back_a_claim_about_joining() -> None:
    finland = "Finland became the 31st member of NATO on 4 April 2023."
    sweden = "Sweden's accession took longer; it became the 32nd member in March 2024."
    label, _, _ = check("Sweden joined NATO in April 2023.", finland)
    assert label != Label.SUPPORTED  # Finland joining then says nothing for Sweden
    label, why, _ = check("Sweden joined NATO in April 2023.", f"{finland} {sweden}")
    assert label == Label.REFUTED and "March 2024" in why  # "became a member" is joining
    label, _, _ = check("Sweden joined NATO in March 2024.", f"{finland} {sweden}")
    assert label == Label.SUPPORTED


def test_a_pair_of_adjacent_sentences_can_support_together() -> None:
    result = LocalVerifier().verify(
        claim(
            "Vladimir Putin told the Defence Ministry board that missiles could reach Moscow in 7–10 minutes."
        ),
        make_passages(
            "Vladimir Putin addressed the Defence Ministry board on 21 December 2021. "
            "He warned that missiles could reach Moscow in 7–10 minutes."
        ),
    )
    assert result.verdict is not None and result.verdict.label == Label.SUPPORTED
    assert "Putin" in result.citations[0].quote and "7–10" in result.citations[0].quote


def test_attribution_checks_content_and_speaker() -> None:
    attributed = claim(
        "Peskov said that Putin remains open to negotiations.",
        kind=ClaimKind.ATTRIBUTION,
        speaker="Dmitry Peskov",
        content="Putin remains open to negotiations.",
    )
    named = LocalVerifier().verify(
        attributed,
        make_passages(
            "Kremlin spokesman Dmitry Peskov said that President Putin remains open to negotiations."
        ),
    )
    assert named.verdict is not None and named.verdict.label == Label.SUPPORTED
    assert "attributes it to Dmitry Peskov" in named.verdict.rationale
    assert named.kind == ClaimKind.ATTRIBUTION and named.speaker == "Dmitry Peskov"
    unnamed = LocalVerifier().verify(
        attributed, make_passages("President Putin remains open to negotiations, a diplomat said.")
    )
    assert unnamed.verdict is not None and unnamed.verdict.label == Label.SUPPORTED
    assert "do not name Dmitry Peskov" in unnamed.verdict.rationale
    assert unnamed.verdict.confidence < named.verdict.confidence


def test_citations_are_limited_sorted_and_scored() -> None:
    texts = [f"The museum opened in 1998, guide number {i} says." for i in range(6)]
    result = LocalVerifier(max_citations=2).verify(
        claim("The museum opened in 1998."), make_passages(*texts)
    )
    assert len(result.citations) == 2
    scores = [c.score for c in result.citations]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert result.verdict is not None and 0.0 <= result.verdict.confidence <= 1.0


def test_thresholds_are_options() -> None:
    strict = LocalVerifier(support_threshold=0.99, refute_threshold=0.99)
    result = strict.verify(
        claim("The museum opened in 1998."), make_passages("The museum opened in 1998.")
    )
    assert result.verdict is not None and result.verdict.label == Label.NOT_ENOUGH_EVIDENCE


class _Exploding:
    name = "exploding"

    def predict(self, features: Mapping[str, float]) -> StanceProbs:
        raise RuntimeError("boom")


def test_a_failure_gives_an_error_result_not_an_exception() -> None:
    verifier = LocalVerifier(stance_model=_Exploding())
    items: Sequence[tuple[Claim, Sequence[Passage]]] = [
        (claim("The museum opened in 1998."), make_passages("The museum opened in 2004.")),
    ]
    (result,) = verifier.verify_many(items)
    assert result.status == "error"
    assert result.error and "boom" in result.error
    assert result.verdict is None


def test_verify_many_keeps_input_order_and_the_protocol_holds() -> None:
    verifier = LocalVerifier()
    assert isinstance(verifier, Verifier)
    assert verifier.name == "local"
    assert verifier.prompts == {}
    assert verifier.usage == Usage()
    claims = [
        Claim(id=f"c{i}", text=t, span=Span(start=0, end=len(t)))
        for i, t in enumerate(["The museum opened in 1998.", "The moon is made of cheese."])
    ]
    passages = make_passages("The museum opened in 2004.")
    results = verifier.verify_many([(c, passages) for c in claims])
    assert [r.id for r in results] == ["c0", "c1"]
    assert results[0].verdict is not None and results[0].verdict.label == Label.REFUTED
    assert results[1].verdict is not None and results[1].verdict.label == Label.NOT_ENOUGH_EVIDENCE


@pytest.mark.parametrize("text", ["", " ", "?", "2,000", "not"])
def test_degenerate_claims_do_not_fail(text: str) -> None:
    result = LocalVerifier().verify(claim(text), make_passages("Something else entirely.", ""))
    assert result.status == "ok"
    assert result.verdict is not None
    assert result.verdict.label == Label.NOT_ENOUGH_EVIDENCE
    assert result.verdict.rationale.startswith("Nothing to check: the claim has no words")
    assert result.citations == []


@pytest.mark.parametrize(
    ("text", "named"),
    [("NATO NATO NATO", "NATO"), ("Ukraine", "Ukraine"), ("Putin Putin 2015 2015", "Putin"),
     ("NATO is NATO.", "NATO")],
)  # fmt: skip
def test_a_claim_that_only_names_one_thing_is_not_checked(text: str, named: str) -> None:
    passages = make_passages(
        "Ukraine is not a member of NATO.",
        "Putin spoke to the Defence Ministry Board in 2015.",
        "NATO leaders met in Vilnius in July 2023.",
    )
    result = LocalVerifier().verify(claim(text), passages)
    assert result.verdict is not None
    assert result.verdict.label == Label.NOT_ENOUGH_EVIDENCE
    assert result.verdict.rationale.startswith(f'Nothing to check: the claim names "{named}"')
    assert result.citations == []


@pytest.mark.parametrize(
    "text",
    ["Inflation rose.", "Inflation was 10%.", "Ukraine Is Not A Member Of NATO",
     "High Blood Pressure Doubles Coronavirus Death Risk"],
)  # fmt: skip
def test_two_words_of_content_are_checked(text: str) -> None:
    result = LocalVerifier().verify(
        claim(text), make_passages("Ukraine is not a member of NATO.", "Inflation rose to 10%.")
    )
    assert result.verdict is not None
    assert not result.verdict.rationale.startswith("Nothing to check")


def test_a_date_of_another_event_does_not_refute() -> None:
    label, why, _ = check(
        "NATO has trained Ukrainian soldiers since 2015.",
        "On 30 September 2022, Ukraine applied for accelerated accession to NATO.",
        "At the Bucharest summit in April 2008, NATO leaders declared that Ukraine would "
        "become a member of the alliance.",
    )
    assert label == Label.NOT_ENOUGH_EVIDENCE, why



def test_a_date_that_dates_another_event_neither_clashes_nor_conflicts() -> None:
    annexed = (
        "In March 1998, Norland annexed the island of Vess after a disputed referendum.",
        "Operation HARBOUR began in 1999, when Ostria sent a small team of trainers to Vess "
        "in response to Norland's annexation of the island.",
    )
    label, why, _ = check("Norland annexed the island of Vess in 1998.", *annexed)
    assert label == Label.SUPPORTED, why
    label, why, _ = check("Norland annexed the island of Vess in 1997.", *annexed)
    assert label == Label.REFUTED, why



def test_an_antonym_done_by_another_actor_does_not_refute() -> None:
    label, why, stances = check(
        "Ostria applied to join the Northern Pact in September 2019.",
        "On 12 September 2019, Ostria's prime minister announced that Ostria was applying to "
        "join the Northern Pact.",
        "The envoy said talks would take place with the other Northern Pact members, and that "
        "the way to end the war was for Norland to withdraw from Ostria.",
    )
    assert label == Label.SUPPORTED, why
    assert Stance.REFUTES not in stances, why


def test_judge_relates_each_candidate_to_the_claims_others() -> None:
    judged = LocalVerifier().judge(
        claim("The Varn bridge opened to traffic in 1998."),
        make_passages(
            "The Varn bridge opened to traffic in 1998 after four years of work.",
            "Traffic on the coast road grew after 2000.",
        ),
    )
    values = [j.features.values for j in judged]
    assert len(values) >= 2
    best = max(values, key=lambda v: v["coverage_idf"])
    assert best["best_gap"] == 0.0 and best["best_rank"] == 1.0 and best["doc_behind"] == 0.0
    others = [v for v in values if v is not best]
    assert all(v["best_gap"] >= 0.0 and v["best_rank"] < 1.0 for v in others)
    assert any(v["doc_behind"] > 0.0 for v in others)  # the other document matches less


def test_another_body_adopting_the_resolution_refutes() -> None:
    # a namesake ("Harbour Assembly" for "Harbour Council") is another doer, and a resolution
    # is adopted by one body: refuted, and the rationale names both
    evidence = "On 2 May 1999, the Harbour Assembly adopted resolution 12/4, which demanded a new bridge."
    label, why, _ = check("The Harbour Council adopted resolution 12/4 on 2 May 1999.", evidence)
    assert label == Label.REFUTED
    assert '"Harbour Council" did it' in why and '"Harbour Assembly" did' in why
    label, _, _ = check("The Harbour Assembly adopted resolution 12/4 on 2 May 1999.", evidence)
    assert label == Label.SUPPORTED


def test_a_denial_in_someones_words_does_not_outweigh_a_dated_statement() -> None:
    # the document states the replies, dated; a spokesman's "had not responded" is his claim
    stated = "On 26 January 2022, the Varn Pact and Westmark sent Norland written replies."
    denied = ("Spokesman Holt also recalled that Norland had proposed talks, and said the Varn "
              "Pact and Westmark had not sent written replies.")  # fmt: skip
    label, _, _ = check("The Varn Pact and Westmark sent written replies on 26 January 2022.",
                        stated, denied)  # fmt: skip
    assert label == Label.SUPPORTED
    # the denial alone, with nothing dated for the claim, still counts against it
    label, _, _ = check("The Varn Pact and Westmark sent written replies on 26 January 2022.", denied)
    assert label != Label.SUPPORTED
