"""Fuzzing the inputs that come from outside: texts with CRLF, very long lines, no sentence
punctuation, any script; model answers that quote an article loosely or not at all; JSONL files
of arbitrary bytes; a results file left in any state by a crash.

Extends ``tests/test_text.py`` (segment offsets), ``tests/test_extract_properties.py`` (rule
extraction on short texts) and ``tests/test_store_chunking.py`` (tiling) to the shapes those do
not generate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claimcheck._batch_io import ResultsFile, batch_inputs
from claimcheck.extract import RuleExtractor
from claimcheck.extract.llm import ExtractedClaim, ExtractionOutput, LLMExtractor
from claimcheck.inputs import read_claims_jsonl
from claimcheck.models import ArticleInfo, Report
from claimcheck.prompts import load_prompt
from claimcheck.store.chunking import MAX_CHARS, chunk_text
from claimcheck.store.loaders import load_paths
from claimcheck.text import locate, sentences

_FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

_SCRIPTS = st.sampled_from(
    ["The", "bridge", "opened", "in", "1998", "2,000", "km", "Peskov", "said", "«да»", "東京",
     "مرحبا", "Ελλάδα", "naïve", "e\u0301", "🚀", "👩‍👩‍👧", "\u200b", "ǅ", "İ", "ß", "ﬁ", "Ⅻ",
     "\u00a0", "U.S.", "Mr.", "No.", "3.5", "i.e.", "…", "“", "”", "'", "—", "-", "(", ")"]
)  # fmt: skip
_SEPARATORS = st.sampled_from(
    [" ", " ", " ", "  ", "\t", "\r\n", "\r\n\r\n", "\r", "\n", "\n\n", "\u2028", "\u2029",
     "\x0b", "\x0c", "\x85", ". ", "! ", "? ", ".\r\n"]
)  # fmt: skip


@st.composite
def messy_texts(draw: st.DrawFn, max_words: int = 300) -> str:
    """Words of many scripts joined by any whitespace (CRLF included), sometimes without a
    single sentence end, sometimes as one very long line."""
    words = draw(st.lists(_SCRIPTS, min_size=1, max_size=max_words))
    if draw(st.booleans()):  # one long line, no punctuation at all
        return " ".join(w for w in words if w not in {".", "!", "?"})
    seps = draw(st.lists(_SEPARATORS, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@given(messy_texts(max_words=2500))
@settings(_FAST, max_examples=40)
def test_segments_and_passages_of_long_unpunctuated_crlf_text_index_the_original(
    text: str,
) -> None:
    previous = 0
    for seg in sentences(text):
        assert text[seg.start : seg.end] == seg.text and seg.text.strip() == seg.text
        assert "\r" not in seg.text or "\n" not in seg.text.replace("\r\n", "")
        assert seg.start >= previous
        previous = seg.end
    ranges = chunk_text(text)
    if text.strip():
        assert ranges[0][0] == 0 and ranges[-1][1] == len(text)
    for (_, end), (start, _) in zip(ranges, ranges[1:], strict=False):
        assert end == start
    for start, end in ranges:  # long lines are cut, never kept whole
        assert end - start <= MAX_CHARS + 1 or not any(c.isspace() for c in text[start:end])


@given(messy_texts())
@settings(_FAST, max_examples=80)
def test_rule_claims_index_the_original_text_whatever_its_line_ends(text: str) -> None:
    claims = RuleExtractor(min_checkworthiness=0.0).extract(text)
    for claim in claims:
        source = text[claim.span.start : claim.span.end]
        assert source and source == source.strip()
        assert "\r" not in claim.text and "\n" not in claim.text
        assert claim.sentence is not None
        assert claim.sentence.start <= claim.span.start < claim.span.end <= claim.sentence.end


@given(messy_texts(), st.data())
@settings(_FAST, max_examples=100)
def test_locate_finds_a_quote_despite_case_spacing_and_quote_style(
    text: str, data: st.DataObject
) -> None:
    assume(text.strip())
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    assume(quote.strip())
    found = locate(quote, text)
    assert found is not None
    assert text[found[0] : found[1]] == quote.strip() or found[0] <= start  # first occurrence
    loose = " ".join(quote.split()).upper().replace("“", '"').replace("”", '"')
    hit = locate(loose, text)
    if hit is not None:  # when found, the offsets are a real slice of the original
        assert 0 <= hit[0] < hit[1] <= len(text)


class _StubClient:
    """Answers every extraction call with claims a hypothetical model wrote."""

    model = "stub"
    repair_prompt = load_prompt("repair_output")

    def __init__(self, items: list[ExtractedClaim]) -> None:
        self.items = items

    def structured(self, schema: Any, system: str, user: str, **_: Any) -> ExtractionOutput:
        return ExtractionOutput(claims=self.items)


@given(messy_texts(max_words=120), st.data())
@settings(_FAST, max_examples=80)
def test_model_claims_get_real_spans_or_are_dropped(text: str, data: st.DataObject) -> None:
    pieces = []
    for _ in range(data.draw(st.integers(0, 6))):
        if text and data.draw(st.booleans()):
            start = data.draw(st.integers(0, len(text) - 1))
            piece = text[start : data.draw(st.integers(start, len(text)))]
            if data.draw(st.booleans()):
                piece = " ".join(piece.split()).lower()  # quoted loosely
        else:
            piece = data.draw(st.text(max_size=80))  # invented by the model
        pieces.append(piece)
    items = [
        ExtractedClaim(sentence=p, claim=p or "x", kind="fact", speaker=None, content=None)
        for p in pieces
    ]
    extractor = LLMExtractor(_StubClient(items), max_chunk_chars=400, concurrency=1)  # type: ignore[arg-type]
    for claim in extractor.extract(text):
        assert 0 <= claim.span.start < claim.span.end <= len(text)
        assert claim.sentence is not None and claim.sentence.start <= claim.span.start


_JSONL_LINES = st.one_of(
    st.binary(max_size=80),
    st.text(max_size=60).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.builds(
        lambda i, t, s: json.dumps({"id": i, "text": t, "source": s}).encode(),
        st.one_of(st.none(), st.text(max_size=10), st.integers(), st.floats(), st.lists(st.none())),
        st.one_of(st.text(max_size=40), st.none(), st.integers()),
        st.one_of(st.none(), st.text(max_size=10), st.booleans()),
    ),
)


@given(st.lists(_JSONL_LINES, max_size=12))
@settings(_FAST, max_examples=150)
def test_any_jsonl_bytes_give_one_item_or_one_error_per_line(
    tmp_path_factory: Any, lines: list[bytes]
) -> None:
    folder: Path = tmp_path_factory.mktemp("jsonl")
    path = folder / "in.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines))
    raw_lines = path.read_bytes().split(b"\n")
    items = list(batch_inputs(path))  # batch mode's reader: lines are split on b"\n" only
    assert len(items) == sum(1 for line in raw_lines if line.strip())
    for item in items:
        assert item.error is not None or (item.text and item.text.strip())
        assert item.id and item.source and item.path is None
    loaded = load_paths([path])  # ingest's reader: never raises for bad lines
    texts = [line.decode("utf-8", "replace") for line in raw_lines]
    expected = sum(1 for line in texts if line.strip())
    if b"\x00" in path.read_bytes():  # a binary file fails as a whole
        assert (len(loaded.documents), loaded.failed) == (0, 1)
    else:  # one document or one failure per line; an empty file is one failure
        assert len(loaded.documents) + loaded.failed == max(expected, 1)


_LINE_SEPARATOR_INSIDE = json.dumps(
    {"id": "u2028", "text": "Line one\u2028line two", "claim": "The road is\u2028 12 km."},
    ensure_ascii=False,
)


@pytest.mark.parametrize(
    "reader",
    [
        "batch",
        "ingest",
        "verify",
    ],
)
def test_a_raw_line_separator_inside_a_json_string_stays_one_line(
    reader: str, tmp_path: Path
) -> None:
    assert "\u2028" in _LINE_SEPARATOR_INSIDE  # raw, as ensure_ascii=False writes it
    path = tmp_path / "in.jsonl"
    path.write_text(_LINE_SEPARATOR_INSIDE + "\n", encoding="utf-8")
    if reader == "batch":
        (item,) = batch_inputs(path)
        assert item.error is None and item.text == "Line one\u2028line two"
    elif reader == "ingest":
        loaded = load_paths([path])
        assert loaded.failed == 0 and loaded.documents[0].text == "Line one\u2028line two"
    else:
        claims, errors = read_claims_jsonl(path)
        assert errors == [] and claims[0].text == "The road is\u2028 12 km."


def _report_line(n: int) -> bytes:
    report = Report(article=ArticleInfo(source=f"a{n}", sha256=f"{n:064x}"))
    return (report.model_dump_json() + "\n").encode()


@given(
    st.lists(st.one_of(st.integers(0, 30).map(_report_line), st.binary(max_size=40)), max_size=8),
    st.binary(max_size=60),
)
@settings(_FAST, max_examples=150)
def test_a_results_file_in_any_state_opens_resumes_and_stays_line_clean(
    tmp_path_factory: Any, chunks: list[bytes], tail: bytes
) -> None:
    path: Path = tmp_path_factory.mktemp("results") / "results.jsonl"
    body = b"".join(c if c.endswith(b"\n") else c + b"\n" for c in chunks)
    tail = tail.replace(b"\n", b"")
    path.write_bytes(body + tail)
    valid = {
        json.loads(line)["article"]["sha256"]
        for line in body.splitlines()
        if line.startswith(b'{"schema_version"')
    }
    with ResultsFile(path) as results:
        assert results.done == valid
        assert results.truncated_bytes == len(tail)
        results.append(Report(article=ArticleInfo(source="new", sha256="f" * 64)))
    data = path.read_bytes()
    assert data.startswith(body) and data.endswith(b"\n")
    assert data.count(b"\n") == body.count(b"\n") + 1
