"""Who said it: the speaker of reported speech in running text, and when nobody named is.

Sentences written for these tests; each case is a pattern that gave a wrong speaker or a
mangled content before (found by running the finder over debate transcripts and
climate claims): adverbs, coordinated verbs, relative pronouns, prepositional phrases,
dates, first-person asides, denials, passives, nouns that look like speech verbs.
"""

from __future__ import annotations

import pytest

from claimcheck.extract import RuleExtractor
from claimcheck.models import ClaimKind


def _one(text: str) -> tuple[ClaimKind, str | None, str | None]:
    claims = RuleExtractor(min_checkworthiness=0.0).extract(text)
    assert len(claims) == 1, [c.text for c in claims]
    c = claims[0]
    return c.kind, c.speaker, c.content


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        # an adverb between speaker and verb is not part of the speaker
        (
            "The audit office confidently claims that the harbour lost 4 million euros in 2023.",
            "The audit office",
            "The harbour lost 4 million euros in 2023.",
        ),
        # a prepositional phrase that belongs to the speaker's noun
        (
            "Officials in Tallinn said that 40 ferries were cancelled in March.",
            "Officials in Tallinn",
            "40 ferries were cancelled in March.",
        ),
        (
            "The Bureau of Harbour Statistics today said the port handled 12 million tonnes.",
            "The Bureau of Harbour Statistics",
            "The port handled 12 million tonnes.",
        ),
        (
            "A spokesman for Mayor Maria Lopez said that the bridge cost 120 million euros.",
            "A spokesman for Mayor Maria Lopez",
            "The bridge cost 120 million euros.",
        ),
        (
            "Core samples from Lake Vansee tell us that the lake froze less often after 1950.",
            "Core samples from Lake Vansee",
            "The lake froze less often after 1950.",
        ),
        # a phrase that only dates the speech is not the speaker
        (
            "Senator Anna Berg during that debate said that the tunnel would cost 2 billion.",
            "Anna Berg",
            "The tunnel would cost 2 billion.",
        ),
        (
            "In February Senator Anna Berg acknowledged that car sales had fallen by 3%.",
            "Anna Berg",
            "Car sales had fallen by 3%.",
        ),
        # a second verb of the same subject
        (
            "Erik Novak read the report and said it overstated the costs by 20%.",
            "Erik Novak",
            "It overstated the costs by 20%.",
        ),
        # a relative pronoun: the speaker is its antecedent
        (
            "Half of them are farmers who said they lost their harvest in 2022.",
            "farmers",
            "They lost their harvest in 2022.",
        ),
        # "told <listener> <clause>": the listener is not part of the content
        (
            "One in four drivers told pollsters they had never used the new toll road.",
            "One in four drivers",
            "They had never used the new toll road.",
        ),
        # a conjunction before the speaker is not part of it
        (
            "It is my understanding that Governor Anna Berg has indicated that taxes will rise.",
            "Anna Berg",
            "Taxes will rise.",
        ),
    ],
)
def test_speaker_and_content(text: str, speaker: str, content: str) -> None:
    kind, got_speaker, got_content = _one(text)
    assert kind == ClaimKind.ATTRIBUTION
    assert got_speaker == speaker
    assert got_content == content


@pytest.mark.parametrize(
    "text",
    [
        # the writer or the person addressed: the sentence is the text's own assertion
        "Let me say that the harbour lost 4 million euros in 2023.",
        "As I said earlier, the harbour lost 4 million euros in 2023.",
        "The harbour, I must say, lost 4 million euros in 2023.",
        # a denial of having said it
        "We have never said that the harbour lost 4 million euros in 2023.",
        # a passive: nobody named
        "We have been told the harbour lost 4 million euros in 2023.",
        # nobody, or anybody
        "No one ever says it, but the harbour lost 4 million euros in 2023.",
        # "so say …": the content comes first
        "The harbour is losing money — so say 12 audits published in 2023.",
        # nouns that look like speech verbs
        "Estonia is one of only five states in the region that ban night flights over towns.",
        "The plan was dropped in response to dubious claims that the port would close.",
        "Trade fell sharply in the United States, by 7% over the year.",
        "The best estimates of the Port Authority show that the harbour lost 4 million euros.",
    ],
)
def test_no_named_speaker_means_no_attribution(text: str) -> None:
    for claim in RuleExtractor(min_checkworthiness=0.0).extract(text):
        assert claim.kind == ClaimKind.FACT, (claim.text, claim.speaker)


# ---------------------------------------------------------------- coordination in speech


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a second clause with its own contracted subject does not borrow the first subject
        (
            "The mayor was wrong about the tunnel in 2019 and he's wrong about the bridge now.",
            ["The mayor was wrong about the tunnel in 2019 and he's wrong about the bridge now."],
        ),
        # "both …, but also …" is one predicate
        (
            "The port is both a cargo hub for 12 million tonnes, but also a ferry terminal when it is summer.",
            [
                "The port is both a cargo hub for 12 million tonnes, but also a ferry terminal when it is summer."
            ],
        ),
        # a transcript's stage direction is not part of the claim
        (
            "(Applause) The harbour handled 12 million tonnes in 2022.",
            ["The harbour handled 12 million tonnes in 2022."],
        ),
    ],
)
def test_coordination_keeps_each_clause_whole(text: str, expected: list[str]) -> None:
    got = [c.text for c in RuleExtractor(min_checkworthiness=0.0).extract(text)]
    assert got == expected


def test_that_is_without_a_comma_is_a_subject_and_verb() -> None:
    # "that is, …" is an opener; "That is the …" is the sentence itself and is not cut to a
    # fragment ("the largest harbour …"), which would then be checked as a claim
    for claim in RuleExtractor(min_checkworthiness=0.0).extract(
        "Now, that is the largest harbour on the coast with 12 berths, built in 1990."
    ):
        assert not claim.text.lower().startswith(("the largest", "largest"))
    (claim,) = RuleExtractor(min_checkworthiness=0.0).extract(
        "That is, the harbour handled 12 million tonnes in 2022."
    )
    assert claim.text == "The harbour handled 12 million tonnes in 2022."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Uh - the harbour handled uh - 12 million tonnes in 2022.",
            "The harbour handled 12 million tonnes in 2022.",
        ),
        (
            "We spent, ah, 4 billion euros on the tunnel in 2019.",
            "We spent 4 billion euros on the tunnel in 2019.",
        ),
        # a name is not a filler
        (
            "The Ah Kong bridge cost 4 million euros in 2019.",
            "The Ah Kong bridge cost 4 million euros in 2019.",
        ),
    ],
)
def test_a_transcripts_fillers_are_not_part_of_the_claim(text: str, expected: str) -> None:
    (claim,) = RuleExtractor(min_checkworthiness=0.0).extract(text)
    assert claim.text == expected
    assert text[claim.span.start : claim.span.end].startswith(("Uh", "We", "The"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Anna Berg -- Anna Berg -- Anna Berg cut the harbour budget by 4% in 2019.",
            "Anna Berg cut the harbour budget by 4% in 2019.",
        ),
        (
            "Well, listen -- the harbour handled 12 million tonnes in 2022.",
            "The harbour handled 12 million tonnes in 2022.",
        ),
        # "Well-known" is no opener
        (
            "Well-known engineers built the harbour bridge in 1994.",
            "Well-known engineers built the harbour bridge in 1994.",
        ),
        # a name said, then the sentence started again around it
        (
            "Anna Berg -- Senator Holt voted to confirm Anna Berg as harbour master in 2019.",
            "Senator Holt voted to confirm Anna Berg as harbour master in 2019.",
        ),
        # someone addressed: the claim is about them
        (
            "Senator Holt, you have voted against the harbour budget four times since 2019.",
            "Senator Holt has voted against the harbour budget four times since 2019.",
        ),
        (
            "Governor Berg, you cut the harbour budget by 4% in 2019.",  # "cut" stays ambiguous
            "Governor Berg, you cut the harbour budget by 4% in 2019.",
        ),
        # a spoken "you know" goes, as an opener and between commas
        (
            "And, you know, the harbour handled 12 million tonnes in 2022.",
            "The harbour handled 12 million tonnes in 2022.",
        ),
        (
            "As far as the port is concerned, you know, the harbour handled 12 million tonnes in 2022.",
            "As far as the port is concerned, the harbour handled 12 million tonnes in 2022.",
        ),
        # "instead of", "in addition to", "as a result of" are no openers to strip
        (
            "Instead of the old pier, the city built 3 new berths in 2019.",
            "Instead of the old pier, the city built 3 new berths in 2019.",
        ),
        (
            "In addition to that, the city built 3 new berths in 2019.",
            "In addition to that, the city built 3 new berths in 2019.",
        ),
        # an interjection or a parenthetical "you see" is no address
        (
            "Yes, you can cut the harbour budget by 4% in 2019.",
            "Yes, you can cut the harbour budget by 4% in 2019.",
        ),
        (
            "Kamm, you see, cut the harbour budget by 4% in 2019.",
            "Kamm, you see, cut the harbour budget by 4% in 2019.",
        ),
    ],
)
def test_a_transcripts_openers_and_repeats_are_not_part_of_the_claim(
    text: str, expected: str
) -> None:
    (claim,) = RuleExtractor(min_checkworthiness=0.0).extract(text)
    assert claim.text == expected


def test_the_rest_of_another_speakers_sentence_is_no_claim() -> None:
    ex = RuleExtractor(min_checkworthiness=0.0)
    assert ex.extract("— of the harbour's greatness is now beginning in 2024.") == []
    # a clause after a dash that opens the line is one
    (claim,) = ex.extract("-- we haven't had a harbour master in Kamm since 2019.")
    assert claim.text == "We haven't had a harbour master in Kamm since 2019."
