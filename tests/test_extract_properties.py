"""Whatever the input, the offline extractor returns well-formed claims whose spans index it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.extract import RuleExtractor
from claimcheck.models import ClaimKind

_EXTRACTOR = RuleExtractor()
_ANY_EXTRACTOR = RuleExtractor(min_checkworthiness=0.0)

_PIECES = [
    "The border is about 2,000 km long.", "Peskov said on Friday that talks failed.",
    "“We are ready,” the spokesman said.", "He said so.", "Is it true?", "Be Prepared!",
    "According to the ministry, 40 people died.", ", and", "; ", ", that is, ", " which ",
    "U.S. President Joe Biden", "Mr. Putin", "December 2", "Friday, December 2, 2022",
    "the same day", "this country", "“", "”", '"', "«", "»", "(", ")", "—", "...", "…",
    "\n", "\n\n", "\r\n", "\r\n\r\n", "\u2028", "\u2029", "\t", " ", "’s", "'", "*",
]  # fmt: skip
_TEXTS = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=40).map(
    "".join
)


def _check(text: str, extractor: RuleExtractor) -> None:
    claims = extractor.extract(text)
    assert [c.id for c in claims] == [f"c{i}" for i in range(1, len(claims) + 1)]
    previous = -1
    for claim in claims:
        assert 0 <= claim.span.start < claim.span.end <= len(text)
        source = text[claim.span.start : claim.span.end]
        assert source.strip() == source and source
        assert claim.sentence is not None
        assert claim.sentence.start <= claim.span.start <= claim.span.end <= claim.sentence.end
        assert claim.span.start >= previous  # article order
        previous = claim.span.start
        assert claim.text.strip() and "\n" not in claim.text and "\r" not in claim.text
        assert claim.checkworthiness is not None and 0.0 <= claim.checkworthiness <= 1.0
        assert claim.checkworthiness >= extractor.min_checkworthiness
        if claim.kind == ClaimKind.ATTRIBUTION:
            assert claim.speaker


@given(_TEXTS)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_spans_index_the_original_text_for_any_input(text: str) -> None:
    _check(text, _EXTRACTOR)
    _check(text, _ANY_EXTRACTOR)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_arbitrary_unicode_never_breaks_extraction(text: str) -> None:
    _check(text, _ANY_EXTRACTOR)


_NAMES = st.sampled_from(["Anna Berg", "Tomas Novak", "Li Wei", "Sara Haddad", "Jonas Eriksen"])
_ROLES = st.sampled_from(["Finance Minister", "Mayor", "Spokeswoman", "Political analyst"])
_NUMBERS = st.integers(min_value=2, max_value=99_999).map(lambda n: f"{n:,}")
_SENTENCE = st.one_of(
    st.builds(lambda r, n, x: f"{r} {n} said that the plan cost {x} euros.", _ROLES, _NAMES,
              _NUMBERS),
    st.builds(lambda x: f"The bridge is {x} metres long, and the tunnel opened in 1998.",
              _NUMBERS),
    st.builds(lambda n, x: f"“Exports rose by {x} tonnes,” {n} said.", _NAMES, _NUMBERS),
    st.builds(lambda x: f"According to the agency, {x} people moved to the city.", _NUMBERS),
    st.just("Is this the end?"),
    st.just("Obviously, this is a sensational failure."),
)  # fmt: skip
_PARTS = st.lists(
    st.tuples(_SENTENCE, st.sampled_from([" ", "\n\n", "\r\n\r\n", "\n"])), min_size=1,
    max_size=12,
)  # fmt: skip


@given(_PARTS)
@settings(max_examples=150, deadline=None)
def test_news_like_articles_yield_their_numeric_facts_and_nothing_else(
    parts: list[tuple[str, str]],
) -> None:
    text = "".join(sentence + sep for sentence, sep in parts)
    _check(text, _EXTRACTOR)
    claims = _EXTRACTOR.extract(text)
    flat = [c.text.replace(",", "") for c in claims]
    for sentence, _ in parts:
        numbers = [w.strip(".,”") for w in sentence.replace(",", "").split()]
        numbers = [n for n in numbers if n.isdigit()]
        for number in numbers:  # each numeric fact became a claim that keeps its number
            assert any(number in claim for claim in flat), (number, sentence, flat)
    assert not any("sensational" in c or c.endswith("?") for c in flat)
    for claim in claims:  # a claim's source holds the numbers its text states
        source = text[claim.span.start : claim.span.end].replace(",", "")
        for word in claim.text.replace(",", "").split():
            word = word.strip(".”“")
            if word.isdigit() and word not in {"1998"}:
                assert word in source, (word, claim.text, source)
