"""The offline extractor on sentences we wrote: filters, splitting, speech, self-contained text."""

from __future__ import annotations

import time

import pytest

from claimcheck.extract import ClaimExtractor, LearnedCheckWorthiness, RuleExtractor
from claimcheck.models import Claim, ClaimKind, Usage


def _extract(text: str, **kwargs: object) -> list[Claim]:
    return RuleExtractor(**kwargs).extract(text)  # type: ignore[arg-type]


def _one(claims: list[Claim], *terms: str) -> Claim:
    found = [c for c in claims if all(t.lower() in c.text.lower() for t in terms)]
    assert len(found) == 1, (terms, [c.text for c in claims])
    return found[0]


def _source(text: str, claim: Claim) -> str:
    return text[claim.span.start : claim.span.end]


# ----------------------------------------------------------------------------- the protocol


def test_rule_extractor_implements_the_protocol() -> None:
    extractor = RuleExtractor()
    assert isinstance(extractor, ClaimExtractor)
    assert extractor.name == "rules"
    assert extractor.prompts == {}
    assert extractor.usage == Usage()


@pytest.mark.parametrize("text", ["", "   ", "\n\n\r\n\t", "\u2028\u2029"])
def test_empty_input_gives_no_claims(text: str) -> None:
    assert RuleExtractor().extract(text) == []


def test_ids_follow_article_order_and_spans_index_the_article() -> None:
    text = (
        "The museum opened in 1998.\n\nThe bridge is 1,200 metres long, and the tunnel "
        "under it was finished in 2004.\n\nOfficials said that 40,000 cars cross it daily."
    )
    claims = _extract(text)
    assert [c.id for c in claims] == ["c1", "c2", "c3", "c4"]
    assert [c.span.start for c in claims] == sorted(c.span.start for c in claims)
    for claim in claims:
        assert claim.sentence is not None
        assert claim.sentence.start <= claim.span.start < claim.span.end <= claim.sentence.end
        assert claim.checkworthiness is not None and 0.5 <= claim.checkworthiness <= 1.0


# ----------------------------------------------------------------------------- what is dropped


def test_headings_questions_opinion_and_boilerplate_are_dropped() -> None:
    text = (
        "Council Approves New Bridge\n\n"
        "Be Prepared!\n\n"
        "The council approved the bridge on March 3, 2021.\n\n"
        "Will the bridge ever be finished? In my opinion, the council should have waited.\n\n"
        "The mayor is proposing obviously unacceptable demands. Its cost is just a figure of "
        "speech. The new bridge will surely be a sensational success.\n\n"
        "Share this article\n\n"
        "Follow us on Twitter"
    )
    claims = _extract(text)
    assert [c.text for c in claims] == ["The council approved the bridge on March 3, 2021."]


def test_a_headline_without_final_punctuation_is_not_a_claim() -> None:
    text = (
        "Minister says the bridge cost more than planned, but the city disagrees\n\n"
        "The bridge cost 120 million euros, the transport ministry said on Monday."
    )
    claims = _extract(text)
    assert all(c.span.start > text.index("\n\n") for c in claims)
    assert claims


def test_fragments_and_subjectless_sentences_are_dropped() -> None:
    text = (
        "The army was reformed in 2016. Reforms of the armed forces in the region. "
        "Although both sides signal in public that they are willing to talk. "
        "Soil that is possible for mutual discussion. Says he will only talk with allies."
    )
    assert [c.text for c in _extract(text)] == ["The army was reformed in 2016."]


# ----------------------------------------------------------------------------- splitting


def test_coordinated_clauses_become_atomic_claims_with_clause_spans() -> None:
    text = "The museum opened in 1998, and the bridge was completed in 2004."
    claims = _extract(text)
    assert [c.text for c in claims] == [
        "The museum opened in 1998.",
        "The bridge was completed in 2004.",
    ]
    assert [_source(text, c) for c in claims] == [
        "The museum opened in 1998",
        "the bridge was completed in 2004",
    ]
    assert all(c.sentence is not None and c.sentence.end == len(text) for c in claims)


def test_semicolons_that_is_and_lists_of_clauses_split() -> None:
    text = (
        "The council approved the plan in 2019; construction began in 2021. "
        "Norway is not a member of the EU, that is, it does not vote on EU laws. "
        "The US led the first mission, Canada ran the second and Britain ran the third."
    )
    texts = [c.text for c in _extract(text, min_checkworthiness=0.0)]
    for expected in [
        "The council approved the plan in 2019.",
        "Construction began in 2021.",
        "Norway is not a member of the EU.",
        "The US led the first mission.",
        "Canada ran the second.",
        "Britain ran the third.",
    ]:
        assert expected in texts


def test_coordinated_predicates_share_their_subject_but_lists_stay_whole() -> None:
    text = (
        "Since 2015, the allies have trained the army and supplied radios. "
        "Anna Berg was born in Oslo in 1971, and raised in Bergen. "
        "Washington, Kyiv and Warsaw signed the treaty in 2004. "
        "In 2019, NATO trained and equipped 4,000 soldiers."
    )
    claims = _extract(text, min_checkworthiness=0.0)
    assert [c.text for c in claims] == [
        "Since 2015, the allies have trained the army.",
        "Since 2015, the allies have supplied radios.",
        "Anna Berg was born in Oslo in 1971.",
        "Anna Berg was raised in Bergen.",
        "Washington, Kyiv and Warsaw signed the treaty in 2004.",
        "In 2019, NATO trained and equipped 4,000 soldiers.",
    ]
    assert _source(text, claims[1]) == "supplied radios"
    # an aside on the subject does not keep the predicates together
    text = (
        "Kamm, which joined the league in 2013, adopted the mark on 1 January 2023 and joined "
        "the Varn area on the same day."
    )
    assert [c.text for c in _extract(text, min_checkworthiness=0.0)] == [
        "Kamm adopted the mark on 1 January 2023.",
        "Kamm joined the league in 2013.",
        "Kamm joined the Varn area on 1 January 2023.",
    ]
    # "now", "still", "today" may stand before the second predicate in the present or past
    text = "The Harbour Metro opened in 1960 and now has three lines."
    assert [c.text for c in _extract(text, min_checkworthiness=0.0)] == [
        "The Harbour Metro opened in 1960.",
        "The Harbour Metro has three lines.",
    ]
    # … not before a bare verb, which may go on a modal inside the clause ("can … have")
    text = "We feel that you can cut spending, give a tax cut and still have a balanced budget by 1978."
    assert all(c.text != "We have a balanced budget by 1978." for c in _extract(text, min_checkworthiness=0.0))


@pytest.mark.parametrize(
    "sentence",
    [
        # "and" inside a subordinate clause's subject joins names, not clauses
        "The port grew because Kamm and the city invested 5 million euros in 2019.",
        "I doubt that Anna Berg and Holt signed the harbour treaty in 2004.",
        # after a colon, "can and will" belongs to the clause there, not to the first verb
        "The goal is simple: Kamm can and will end homelessness for veterans by 2015.",
        # "should have … and voted" shares "should have"
        "The council should have met in March and voted on the harbour budget of 2019.",
        # "for seniors and disabled veterans" is a list, not a second predicate
        "The plan will expand benefits by 1,300 euros a year for seniors and disabled "
        "veterans in Kamm.",
    ],
)
def test_a_sentence_stays_whole_where_and_joins_no_clauses(sentence: str) -> None:
    assert [c.text for c in _extract(sentence, min_checkworthiness=0.0)] == [sentence]


def test_elliptical_conjunct_is_rebuilt_from_its_neighbour() -> None:
    text = (
        "“If this plan goes ahead, if new rockets appear at the border, their flight time to "
        "the capital will be reduced to seven to ten minutes, and if faster rockets are used, "
        "to five,” said General Anna Berg."
    )
    claims = _extract(text)
    assert [c.text for c in claims] == [
        "Anna Berg said that if new rockets appear at the border, their flight time to the "
        "capital will be reduced to seven to ten minutes.",
        "Anna Berg said that if faster rockets are used, their flight time to the capital "
        "will be reduced to five minutes.",
    ]
    assert _source(text, claims[1]) == "if faster rockets are used, to five"
    assert all(c.kind == ClaimKind.ATTRIBUTION and c.speaker == "Anna Berg" for c in claims)


def test_a_participle_phrase_on_a_name_becomes_its_own_claim() -> None:
    text = "The Harbour Tower, completed in 1889 for the fair, was the tallest building until 1930."
    assert [c.text for c in _extract(text)] == [
        "The Harbour Tower was the tallest building until 1930.",
        "The Harbour Tower was completed in 1889 for the fair.",
    ]
    text = "Kamm, known as the city of bridges, has three metro lines."
    assert [c.text for c in _extract(text, min_checkworthiness=0.0)] == [
        "Kamm has three metro lines.",
        "Kamm is known as the city of bridges.",
    ]
    # a participle inside a list of doers is no phrase on one name
    text = "Norland, Ostria and Kamm, supported by Westmark, signed the treaty in 2004."
    assert [c.text for c in _extract(text)] == [text]


def test_relative_clause_on_a_name_becomes_its_own_claim() -> None:
    text = "The Eiffel Tower, which opened in 1889, is 330 metres tall."
    texts = [c.text for c in _extract(text)]
    assert texts == ["The Eiffel Tower is 330 metres tall.", "The Eiffel Tower opened in 1889."]
    # the name after the verb is no longer first in its sentence: "the", not "The"
    text = "The Kinzhal, which Putin unveiled in 2018, is carried by MiG-31 aircraft."
    texts = [c.text for c in _extract(text)]
    assert texts == ["The Kinzhal is carried by MiG-31 aircraft.", "Putin unveiled the Kinzhal in 2018."]


def test_a_sentence_initial_it_stands_for_the_last_sentences_name() -> None:
    text = (
        "The Harbour Tunnel opened in May 1994. It is about 50 km long. Its deepest point "
        "lies 75 metres below the sea."
    )
    texts = [c.text for c in _extract(text)]
    assert texts == [
        "The Harbour Tunnel opened in May 1994.",
        "The Harbour Tunnel is about 50 km long.",
        "The Harbour Tunnel's deepest point lies 75 metres below the sea.",
    ]
    # … also where a second predicate borrows it
    text = (
        "Jousting began in the 11th century. It became a sport of its own in the 14th century, "
        "and remained popular with the nobility in England until 1600."
    )
    assert [c.text for c in _extract(text)][1:] == [
        "Jousting became a sport of its own in the 14th century.",
        "Jousting remained popular with the nobility in England until 1600.",
    ]
    # an "it" that stands for nothing stays as it is
    text = "The Harbour Tunnel opened in May 1994. It took 35 minutes to cross the tunnel by train in 1994."
    assert _extract(text)[-1].text == "It took 35 minutes to cross the tunnel by train in 1994."
    # nor does a name stand for "it" across a paragraph, or after someone's statement
    text = "The Harbour Tunnel opened in May 1994.\n\nIt is about 50 km long."
    assert _extract(text)[-1].text == "It is about 50 km long."
    text = "Norland says it sank three frigates in 2021. It is the largest navy in the region with 40 ships."
    assert _extract(text)[-1].text == "It is the largest navy in the region with 40 ships."


# ----------------------------------------------------------------------------- reported speech


def test_said_that_marks_an_attribution_with_the_reported_content() -> None:
    text = "Finance Minister Anna Berg said on Tuesday that inflation fell to 3.1% in May."
    (claim,) = _extract(text)
    assert claim.kind == ClaimKind.ATTRIBUTION
    assert claim.speaker == "Anna Berg"
    assert claim.content == "Inflation fell to 3.1% in May."
    assert claim.text == text


def test_participle_report_with_two_contents_gives_two_dated_claims() -> None:
    text = (
        "Presidential spokesman Omar Haddad replied on Friday, June 7, saying that the "
        "president is ready for talks, but that the conditions are unacceptable."
    )
    claims = _extract(text)
    assert [c.text for c in claims] == [
        "Omar Haddad replied on Friday, June 7, that the president is ready for talks.",
        "Omar Haddad replied on Friday, June 7, that the conditions are unacceptable.",
    ]
    assert [c.content for c in claims] == [
        "The president is ready for talks.",
        "The conditions are unacceptable.",
    ]
    assert [_source(text, c) for c in claims] == [
        "the president is ready for talks",
        "the conditions are unacceptable",
    ]


def test_rephrased_report_keeps_its_setting_and_its_own_pronouns() -> None:
    text = (
        "Political analyst Sara Haddad notes in her column for https://example.org/ that "
        "turnout fell to 48%, but that 12 parties entered parliament."
    )
    assert [c.text for c in _extract(text)] == [
        "Sara Haddad noted in her column for https://example.org/ that turnout fell to 48%.",
        "Sara Haddad noted in her column for https://example.org/ that 12 parties entered "
        "parliament.",
    ]


def test_trailing_and_parenthetical_speaker_tags() -> None:
    text = (
        "Mayor Maria Lopez opened the bridge on Monday. The bridge cost 120 million euros, "
        "she said. Traffic, Lopez added, had fallen by 15% since April."
    )
    claims = _extract(text)
    cost = _one(claims, "120 million")
    assert (cost.kind, cost.speaker) == (ClaimKind.ATTRIBUTION, "Maria Lopez")
    assert cost.text == "Maria Lopez said that the bridge cost 120 million euros."
    traffic = _one(claims, "15%")
    assert (traffic.kind, traffic.speaker) == (ClaimKind.ATTRIBUTION, "Maria Lopez")
    assert traffic.text.lower() == "maria lopez added that traffic had fallen by 15% since april."
    assert traffic.content == "Traffic had fallen by 15% since April."


def test_according_to_is_an_attribution() -> None:
    text = "According to the statistics office, 2,400 people moved to the city in 2023."
    (claim,) = _extract(text)
    assert (claim.kind, claim.speaker) == (ClaimKind.ATTRIBUTION, "the statistics office")
    assert claim.content == "2,400 people moved to the city in 2023."


def test_multi_sentence_quote_takes_the_speaker_named_after_it() -> None:
    text = (
        "Transport Minister Jan Novak visited the port on Monday.\n\n"
        "“The port handled 40 million tonnes last year. Exports rose by 12%. I am proud of "
        "the workers here,” the minister said."
    )
    claims = _extract(text)
    tonnes = _one(claims, "40 million tonnes")
    assert (tonnes.kind, tonnes.speaker) == (ClaimKind.ATTRIBUTION, "Jan Novak")
    assert tonnes.text == "Jan Novak said that the port handled 40 million tonnes last year."
    assert tonnes.content == "The port handled 40 million tonnes last year."
    exports = _one(claims, "12%")
    assert exports.speaker == "Jan Novak"
    proud = [c for c in claims if "proud" in c.text]
    assert all(c.text.startswith("Jan Novak said: “I am proud") for c in proud)


def test_quote_tag_pronoun_resolves_to_the_last_named_speaker() -> None:
    text = (
        "Political analyst Sara Haddad commented on the vote.\n\n"
        "“The turnout was 61%, the highest since 1994,” she said."
    )
    claim = _one(_extract(text), "61%")
    assert claim.speaker == "Sara Haddad"
    assert claim.text == "Sara Haddad said that the turnout was 61%, the highest since 1994."


def test_unresolvable_speakers_are_not_invented() -> None:
    text = "He said that the talks failed in 2019. “We lost 300 jobs,” they said."
    for claim in _extract(text, min_checkworthiness=0.0):
        assert claim.speaker is None or claim.speaker.lower() not in {"he", "they"}
        assert not claim.text.startswith(("He said", "They said"))


# ----------------------------------------------------------------------------- self-contained


def test_pronouns_roles_and_surnames_resolve_to_the_named_person() -> None:
    text = (
        "Prime Minister Ingrid Dahl arrived in Oslo on Monday. Dahl met the king. "
        "She announced a 2% tax cut. The prime minister also signed a trade deal with Japan."
    )
    texts = [c.text for c in _extract(text, min_checkworthiness=0.0)]
    assert "Ingrid Dahl met the king." in texts
    assert "Ingrid Dahl announced a 2% tax cut." in texts
    assert "Ingrid Dahl also signed a trade deal with Japan." in texts


def test_he_after_someone_said_is_that_someone_not_the_last_full_name() -> None:
    # "Holt" was never named in full, so no person of the article is Holt; "he" after
    # "Holt said" is Holt, not Anna Berg's "he" of the paragraph before
    text = (
        "Finance Minister Anna Berg said on Monday that taxes would fall by 2% in 2024.\n\n"
        "Holt said he would cut spending by 5% in 2024."
    )
    texts = [c.text for c in _extract(text, min_checkworthiness=0.0)]
    assert "Holt said he would cut spending by 5% in 2024." in texts
    # a speaker named in full is a known person: her "she" is resolved as before
    (claim,) = _extract("In one email, Director Anna Berg said she had used a trick to hide the decline in 2009.")
    assert claim.content == "Anna Berg had used a trick to hide the decline in 2009."
    # the words of a quotation are not the sentence's speaker
    text = (
        "Finance Minister Anna Berg spoke on Monday.\n\n"
        "“Norland says it will cut taxes by 2% in 2024,” she said."
    )
    texts = [c.text for c in _extract(text, min_checkworthiness=0.0)]
    assert any(t.startswith("Anna Berg said") for t in texts), texts


def test_a_title_that_is_a_name_is_who_he_or_she_is() -> None:
    text = "Ingrid Dahl\n\nShe was born in Bergen in 1971, and studied law in Oslo in 1995."
    assert [c.text for c in _extract(text)] == [
        "Ingrid Dahl was born in Bergen in 1971.",
        "Ingrid Dahl studied law in Oslo in 1995.",
    ]
    # a title that is not a person: nothing to resolve, nothing rewritten
    text = "North Korea\n\nThe Workers' Party of Korea has held power since 1948."
    assert [c.text for c in _extract(text)] == [
        "The Workers' Party of Korea has held power since 1948."
    ]


def test_this_country_and_it_resolve_when_the_sentence_names_them() -> None:
    text = (
        "Poland joined the European Union in 2004, and this country has received EU grants "
        "since then. The Channel Tunnel opened in 1994; it is 50 km long."
    )
    texts = [c.text for c in _extract(text, min_checkworthiness=0.0)]
    assert "Poland has received EU grants since then." in texts
    assert "The Channel Tunnel is 50 km long." in texts


def test_the_same_day_with_a_clause_is_a_claim_of_its_own() -> None:
    text = "Kamm adopted the mark on 1 January 2023, the same day it joined the Varn area."
    assert [c.text for c in _extract(text, min_checkworthiness=0.0)] == [
        "Kamm adopted the mark on 1 January 2023.",
        "On 1 January 2023 Kamm joined the Varn area.",
    ]
    # "the same day as …" names its own day: nothing split, nothing replaced
    text = "Holt arrived in Kamm on 3 May 2022, the same day as the summit."
    assert [c.text for c in _extract(text, min_checkworthiness=0.0)] == [text]


def test_relative_dates_resolve_only_to_dates_the_article_gives() -> None:
    text = (
        "The summit ended on Friday, June 7. On Friday, the ministers signed a treaty. "
        "The same day, the parliament ratified it by 301 votes."
    )
    texts = [c.text for c in _extract(text)]
    assert "On Friday, June 7, the ministers signed a treaty." in texts
    assert "On June 7, the parliament ratified it by 301 votes." in texts
    # no date given anywhere: the words stay as written
    plain = [c.text for c in _extract("On Friday, the ministers signed a treaty with 12 states.")]
    assert plain == ["On Friday, the ministers signed a treaty with 12 states."]


def test_a_dateline_dates_weekdays_and_yesterday() -> None:
    text = (
        "KYIV, March 3, 2023 — The parliament on Thursday approved a budget of 2 billion "
        "hryvnias. Yesterday the president signed 14 decrees."
    )
    texts = [c.text for c in _extract(text)]
    assert (
        "The parliament on Thursday, March 2, 2023, approved a budget of 2 billion hryvnias."
        in texts
    )
    assert "On March 2, 2023, the president signed 14 decrees." in texts


def test_crlf_gives_the_same_claims_with_spans_into_the_crlf_text() -> None:
    text = (
        "Bridge Opens\n\nThe bridge opened on May 6, 2024.\nIt is 1,200 metres long.\n\n"
        "“It carries 40,000 cars a day,” Mayor Maria Lopez said."
    )
    crlf = text.replace("\n", "\r\n")
    lf_claims, crlf_claims = _extract(text), _extract(crlf)
    assert [c.text for c in lf_claims] == [c.text for c in crlf_claims]
    for claim in crlf_claims:
        assert _source(crlf, claim) == crlf[claim.span.start : claim.span.end].strip()
        assert "\r" not in _source(crlf, claim)


def test_text_without_sentence_punctuation_still_yields_claims() -> None:
    text = "the bridge is 1200 metres long\nthe tunnel opened in 1994\n"
    texts = [c.text for c in _extract(text)]
    assert texts == ["The bridge is 1200 metres long.", "The tunnel opened in 1994."]


# ----------------------------------------------------------------------------- the scorer


class _Recorder:
    def __init__(self, value: float) -> None:
        self.value = value
        self.calls: list[tuple[str, str]] = []

    def score(self, sentence: str, context: str = "") -> float:
        self.calls.append((sentence, context))
        return self.value


def test_check_worthiness_is_pluggable() -> None:
    text = "Mayor Maria Lopez opened the bridge in 2024. She said it cost 120 million euros."
    keep_all = _Recorder(0.9)
    claims = RuleExtractor(scorer=keep_all).extract(text)
    assert [c.checkworthiness for c in claims] == [0.9, 0.9]
    # the scorer sees the self-contained text and its paragraph
    assert ("Maria Lopez said it cost 120 million euros.", text) in keep_all.calls
    assert RuleExtractor(scorer=_Recorder(0.1)).extract(text) == []
    assert len(RuleExtractor(scorer=_Recorder(0.1), min_checkworthiness=0.0).extract(text)) == 2


def test_min_checkworthiness_trades_recall_for_precision() -> None:
    text = (
        "The bridge opened in 2024. The standoff did not begin this autumn. "
        "It is hard to imagine a better design."
    )
    strict, loose = _extract(text, min_checkworthiness=0.8), _extract(text, min_checkworthiness=0.0)
    assert len(strict) < len(loose)
    assert {c.text for c in strict} <= {c.text for c in loose}
    assert isinstance(RuleExtractor().scorer, LearnedCheckWorthiness)


# ----------------------------------------------------------------------------- speed


def _article(n: int) -> str:
    paragraphs = []
    for i in range(n):
        paragraphs.append(
            f"Finance Minister Anna Berg{i} said on Monday that exports rose by {i}% in May, "
            f"and imports fell by {i + 1}%. “The port handled {i * 3} million tonnes,” she "
            f"said. According to the agency, {i * 100} people moved to Springfield{i}. "
            f"Is this the end? The bridge, which opened in 19{i % 90 + 10}, is {i + 2} km long."
        )
    return "\n\n".join(paragraphs)


def test_a_10k_character_article_is_fast() -> None:
    text = _article(30)[:10_000]
    extractor = RuleExtractor()
    extractor.extract(text)  # warm the caches of the stemmer/regexes
    best = min(_timed(extractor, text) for _ in range(3))
    assert best < 0.5, best  # ~25 ms measured on 2 cores; the bound leaves room for load


def _timed(extractor: RuleExtractor, text: str) -> float:
    start = time.perf_counter()
    extractor.extract(text)
    return time.perf_counter() - start


@pytest.mark.slow
def test_time_grows_linearly_with_article_length() -> None:
    extractor = RuleExtractor()
    small, large = _article(40), _article(400)
    t_small = min(_timed(extractor, small) for _ in range(2))
    t_large = _timed(extractor, large)
    assert t_large < 25 * t_small + 1.0, (t_small, t_large)  # 10x text, not 100x time


@pytest.mark.slow
def test_megabytes_without_punctuation_do_not_blow_up() -> None:
    text = "word " * 200_000 + "\n" + "x" * 1_000_000
    start = time.perf_counter()
    assert RuleExtractor().extract(text) == []
    assert time.perf_counter() - start < 20


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "it" after a fronted time phrase stands for the first clause's subject
        (
            "The Harbour Fund was worth 65 million euros in 2019, and today it is worth 82 million euros.",
            [
                "The Harbour Fund was worth 65 million euros in 2019.",
                "Today the Harbour Fund is worth 82 million euros.",
            ],
        ),
        # … also when the first clause opens with a phrase of its own
        (
            "Two years ago, Estonia had 700 border guards, and today it has 900.",
            ["Two years ago, Estonia had 700 border guards.", "Today Estonia has 900."],
        ),
        # an interjection is no subject: "Yes" does not stand for "it"
        (
            "Yes, there has been an increase in traffic, but it is 2% lower than in 2019.",
            ["Yes, there has been an increase in traffic.", "It is 2% lower than in 2019."],
        ),
    ],
)
def test_it_after_a_time_phrase_is_resolved(text: str, expected: list[str]) -> None:
    assert [c.text for c in RuleExtractor(min_checkworthiness=0.0).extract(text)] == expected


def test_a_list_of_things_is_not_split_into_clauses_at_a_plural() -> None:
    text = (
        "The ministry finished the Route 9 bridge, the harbour bypass, the Route 12 and "
        "Lake Road expansions, and major repairs at the ferry terminal in 2023."
    )
    (claim,) = RuleExtractor(min_checkworthiness=0.0).extract(text)
    assert claim.text == text
    # a list of clauses still splits
    texts = [
        c.text
        for c in RuleExtractor(min_checkworthiness=0.0).extract(
            "The US led the training group, Canada ran Operation UNIFIER and Britain ran "
            "Operation ORBITAL."
        )
    ]
    assert texts == [
        "The US led the training group.",
        "Canada ran Operation UNIFIER.",
        "Britain ran Operation ORBITAL.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence that breaks off keeps what it said before
        (
            "The harbour board met in May 2023 and concluded that...",
            ["The harbour board met in May 2023."],
        ),
        ("The ferry does not have a...", []),
        # "that" as a pronoun ends a clause; only a dash or an ellipsis after it breaks it off
        ("The board has approved that.", ["The board has approved that."]),
        # a relative clause split off its sentence is no claim
        (
            "He criticised a judge, born in Tallinn, but who the mayor said could not be trusted "
            "to try the harbour case.",
            ["He criticised a judge, born in Tallinn."],
        ),
    ],
)
def test_fragments_are_not_claims(text: str, expected: list[str]) -> None:
    assert [c.text for c in RuleExtractor(min_checkworthiness=0.0).extract(text)] == expected


def test_a_relative_clause_that_names_its_antecedent_again_is_not_about_it() -> None:
    text = "It was reported accurately in the Harbour Gazette, which is unusual for the Harbour Gazette."
    texts = [c.text for c in RuleExtractor(min_checkworthiness=0.0).extract(text)]
    assert "The Harbour Gazette is unusual for the Harbour Gazette." not in texts


def test_a_compound_adjective_is_no_verb() -> None:
    text = "The council would close every private and employer-based car park in 2024."
    assert [c.text for c in RuleExtractor(min_checkworthiness=0.0).extract(text)] == [text]
    texts = [
        c.text
        for c in RuleExtractor(min_checkworthiness=0.0).extract(
            "The mayor was re-elected in 2018 and co-founded a harbour bank."
        )
    ]
    assert texts == ["The mayor was re-elected in 2018.", "The mayor co-founded a harbour bank."]
