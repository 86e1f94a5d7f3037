"""Passages tile their document exactly; sizes stay within bounds for normal prose."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.models import Document
from claimcheck.store.chunking import MAX_CHARS, MIN_CHARS, chunk_document, chunk_text

_SENTENCE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=300
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_SENTENCE, max_size=30), st.sampled_from([" ", "\n", "\n\n", "\r\n", ". ", "! "]))
def test_passages_tile_the_document(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    if not text.strip():
        return
    doc = Document(id="d", text=text)
    passages = chunk_document(doc)
    assert passages[0].start == 0 and passages[-1].end == len(text)
    assert "".join(p.text for p in passages) == text
    for n, p in enumerate(passages):
        assert p.passage_id == f"d#{n}"
        assert text[p.start : p.end] == p.text and p.text
        if n:
            assert passages[n - 1].end == p.start


def test_prose_is_split_at_sentence_starts_within_bounds() -> None:
    sentence = "The committee reviewed {} reports and approved most of them after a long debate. "
    text = "".join(sentence.format(i) for i in range(60))
    ranges = chunk_text(text)
    assert len(ranges) > 3
    for start, end in ranges[:-1]:
        assert MIN_CHARS <= end - start <= MAX_CHARS
        assert text[end - 1] == " " and text[end : end + 3] == "The"  # boundary at a sentence


def test_short_document_is_one_passage_and_long_sentence_is_cut_at_spaces() -> None:
    assert chunk_text("One short sentence.") == [(0, 19)]
    words = "word " * 700  # 3,500 chars, no sentence end
    ranges = chunk_text(words)
    assert all(end - start <= MAX_CHARS for start, end in ranges)
    assert all(words[end - 1] == " " for _, end in ranges[:-1])
    assert chunk_text("") == []
