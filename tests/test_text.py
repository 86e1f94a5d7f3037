"""Segmentation keeps exact offsets into the original text, whatever the text; stems fold British spellings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.text import (
    american,
    locate,
    normalize_for_match,
    paragraphs,
    sentences,
    stem,
    words,
)

_TEXTS = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list(".!?…“”\"'’ \n\r\t\u2028\u2029U.S. Mr. 2,000.5")),
    ),
    max_size=400,
)


@given(_TEXTS)
@settings(max_examples=300, deadline=None)
def test_sentence_offsets_index_the_original(text: str) -> None:
    previous_end = 0
    for seg in sentences(text):
        assert text[seg.start : seg.end] == seg.text
        assert seg.text == seg.text.strip() and seg.text
        assert seg.start >= previous_end
        previous_end = seg.end


@given(_TEXTS)
@settings(max_examples=200, deadline=None)
def test_paragraph_and_word_offsets(text: str) -> None:
    for seg in paragraphs(text) + words(text):
        assert text[seg.start : seg.end] == seg.text


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_normalize_index_map_points_into_text(text: str) -> None:
    folded, index = normalize_for_match(text)
    assert len(folded) == len(index)
    assert all(0 <= i < len(text) for i in index)
    assert index == sorted(index)


@given(_TEXTS)
@settings(max_examples=200, deadline=None)
def test_glued_sentence_offsets_index_the_original(text: str) -> None:
    previous_end = 0
    for seg in sentences(text, glued=True):
        assert text[seg.start : seg.end] == seg.text
        assert seg.text == seg.text.strip() and seg.text
        assert seg.start >= previous_end
        previous_end = seg.end


def test_sentences_glued_without_a_space_are_split_where_asked() -> None:
    text = "The rebate was the largest in our history.But we did not stop there.We raised it."
    assert [s.text for s in sentences(text, glued=True)] == [
        "The rebate was the largest in our history.",
        "But we did not stop there.",
        "We raised it.",
    ]
    assert len(sentences(text)) == 1  # the evidence side keeps its training-time split
    for whole in ("The U.S.Army grew.", "See example.com.The end.", "It grew 3.5 percent.",
                  "Use e.g.The list.", "He said no.Really."):  # fmt: skip
        assert [s.text for s in sentences(whole, glued=True)] == [whole], whole


def test_abbreviations_and_quotes_do_not_split() -> None:
    text = (
        "U.S. President Joe Biden met Mr. Macron on Dec. 1. "
        "“I’m prepared to talk,” the U.S. president said. The border is 1,974.5 km long."
    )
    got = [s.text for s in sentences(text)]
    assert got == [
        "U.S. President Joe Biden met Mr. Macron on Dec. 1.",
        "“I’m prepared to talk,” the U.S. president said.",
        "The border is 1,974.5 km long.",
    ]


def test_headings_and_lines_stand_alone() -> None:
    text = "No Subject for Discussion\n\nPeskov replied on Friday. He said so.\nA list item"
    assert [s.text for s in sentences(text)] == [
        "No Subject for Discussion",
        "Peskov replied on Friday.",
        "He said so.",
        "A list item",
    ]


def test_locate_exact_then_folded() -> None:
    hay = "He said: “Putin must leave   Ukraine” — on air."
    assert locate("Putin must leave", hay) == (10, 26)
    start, end = locate('"putin must leave ukraine"', hay) or (0, 0)
    assert hay[start:end] == "“Putin must leave   Ukraine”"
    assert locate("not there", hay) is None
    assert locate("   ", hay) is None


@pytest.mark.parametrize(
    ("british", "american_form"),
    [("recognise", "recognize"), ("recognised", "recognized"), ("organisation", "organization"),
     ("analysed", "analyzed"), ("defence", "defense"), ("tumours", "tumors"),
     ("haemoglobin", "hemoglobin"), ("kilometres", "kilometers"), ("programme", "program"),
     ("paediatric", "pediatric"), ("practised", "practiced"), ("neighbouring", "neighboring")],
)  # fmt: skip
def test_british_and_american_spellings_share_a_stem(british: str, american_form: str) -> None:
    assert stem(british) == stem(american_form)


@pytest.mark.parametrize(
    "word", ["this", "crisis", "analysis", "noise", "raise", "paris", "decision", "hour", "poet"]
)
def test_words_that_only_look_british_keep_their_stem(word: str) -> None:
    assert american(word) == word
