"""Claim extraction by a chat model with structured output (prompt ``extract_claims``).

One structured call per chunk of the article (whole paragraphs, at most ``max_chunk_chars``;
most articles are one chunk). The model selects check-worthy sentences, disambiguates and
decomposes them (Claimify-style) and returns, for every claim, the article sentence it came
from. **We** compute the span: the returned sentence is located in the chunk with
:func:`claimcheck.text.locate` (exact, then ignoring case/quotes/dashes/whitespace); when it
cannot be located, the claim gets the span of the chunk sentence that shares the most content
words with it; a claim that shares none is dropped (logged) — offsets are never invented.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..llm.client import ChatClient
from ..models import Claim, ClaimKind, Span, Usage
from ..prompts import Prompt, load_prompt
from ..text import Segment, content_terms, locate, paragraphs, sentences

__all__ = ["ExtractedClaim", "ExtractionOutput", "LLMExtractor", "chunk_article"]

logger = logging.getLogger(__name__)

DEFAULT_MAX_CHUNK_CHARS = 12_000
_MIN_OVERLAP = 0.5
"""Share of a claim's content words a fallback sentence must contain."""
_DELIMITER_RE = re.compile(r"<(/?\s*article)", re.IGNORECASE)


class ExtractedClaim(BaseModel):
    """One claim as the model returns it."""

    model_config = ConfigDict(extra="forbid")

    sentence: str = Field(
        description="The article sentence (or clause) the claim comes from, copied exactly."
    )
    claim: str = Field(description="The atomic, self-contained claim as one sentence.")
    kind: Literal["fact", "attribution"]
    speaker: str | None = Field(description="For attributions: who said it; else null.")
    content: str | None = Field(
        description="For attributions: what was said, as a self-contained claim; else null."
    )


class ExtractionOutput(BaseModel):
    """The model's answer for one chunk."""

    model_config = ConfigDict(extra="forbid")

    claims: list[ExtractedClaim]


@dataclass(frozen=True, slots=True)
class _Located:
    order: tuple[int, int]
    span: Span
    item: ExtractedClaim


def chunk_article(text: str, max_chars: int = DEFAULT_MAX_CHUNK_CHARS) -> list[Segment]:
    """Consecutive runs of whole paragraphs of at most ``max_chars`` characters (a longer
    paragraph is split between sentences); ``text[c.start:c.end] == c.text``."""
    pieces: list[Segment] = []
    for para in paragraphs(text):
        if para.end - para.start <= max_chars:
            pieces.append(para)
            continue
        for sent in sentences(para.text, glued=True):
            pieces.append(Segment(para.start + sent.start, para.start + sent.end, sent.text))
    chunks: list[Segment] = []
    start = end = -1
    for piece in pieces:
        if start >= 0 and piece.end - start > max_chars:
            chunks.append(Segment(start, end, text[start:end]))
            start = -1
        if start < 0:
            start = piece.start
        end = piece.end
    if start >= 0:
        chunks.append(Segment(start, end, text[start:end]))
    return chunks


def _as_data(text: str) -> str:
    """Neutralise look-alike delimiter tags so article text cannot close the data block."""
    return _DELIMITER_RE.sub(r"‹\1", text)


class LLMExtractor:
    """:class:`~claimcheck.extract.base.ClaimExtractor` backed by a chat model.

    Args:
        client: the chat client (its usage is this extractor's usage).
        max_chunk_chars: article characters per model call.
        concurrency: chunks extracted at once.
    """

    name = "openai"

    def __init__(
        self,
        client: ChatClient,
        *,
        max_chunk_chars: int = DEFAULT_MAX_CHUNK_CHARS,
        concurrency: int = 4,
    ) -> None:
        self.client = client
        self.max_chunk_chars = max_chunk_chars
        self.concurrency = max(1, concurrency)
        self.prompt: Prompt = load_prompt("extract_claims")

    def __repr__(self) -> str:
        return f"LLMExtractor(model={self.client.model!r})"

    @property
    def prompts(self) -> dict[str, str]:
        """``{prompt_id: version}`` of the prompts this extractor sends."""
        return {self.prompt.id: self.prompt.version, **self._repair_prompts()}

    def _repair_prompts(self) -> dict[str, str]:
        repair = self.client.repair_prompt
        return {repair.id: repair.version}

    @property
    def usage(self) -> Usage:
        """Model usage of this extractor so far."""
        return self.client.usage

    def extract(self, text: str) -> list[Claim]:
        """Claims of ``text``, in article order, ids ``c1, c2, …``.

        Raises:
            ModelError: a chunk's call failed after retries (or its answer stayed invalid).
            ConfigError: the server rejected the key.
        """
        chunks = chunk_article(text, self.max_chunk_chars)
        if not chunks:
            return []
        workers = min(self.concurrency, len(chunks))
        if workers == 1:
            answers = [self._ask(chunk) for chunk in chunks]
        else:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="extract") as pool:
                answers = list(pool.map(self._ask, chunks))
        article_sentences = sentences(text, glued=True)
        located: list[_Located] = []
        for index, (chunk, answer) in enumerate(zip(chunks, answers, strict=True)):
            chunk_sentences = [s for s in article_sentences if chunk.start <= s.start < chunk.end]
            hint = 0  # the model lists claims in article order: search from the last one
            for position, item in enumerate(answer.claims):
                span = self._span(chunk, chunk_sentences, item, hint)
                if span is None:
                    logger.info(
                        "dropped a claim the article does not contain: %r", item.claim[:120]
                    )
                    continue
                hint = span.start - chunk.start
                located.append(_Located((span.start, index * 10_000 + position), span, item))
        located.sort(key=lambda found: found.order)
        claims: list[Claim] = []
        seen: set[tuple[str, int, int]] = set()
        for found in located:
            key = (" ".join(found.item.claim.lower().split()), found.span.start, found.span.end)
            if key in seen or not found.item.claim.strip():
                continue
            seen.add(key)
            claims.append(self._claim(len(claims) + 1, found, article_sentences))
        return claims

    # ------------------------------------------------------------------ helpers

    def _ask(self, chunk: Segment) -> ExtractionOutput:
        system, user = self.prompt.render(article=_as_data(chunk.text))
        return self.client.structured(ExtractionOutput, system, user)

    @staticmethod
    def _span(
        chunk: Segment, chunk_sentences: Sequence[Segment], item: ExtractedClaim, hint: int
    ) -> Span | None:
        for needle in (item.sentence.strip(), item.claim.strip()):
            found = locate(needle, chunk.text, hint) if needle else None
            if found is not None:
                return Span(start=chunk.start + found[0], end=chunk.start + found[1])
        query = set(content_terms(f"{item.sentence} {item.claim}"))
        if not query:
            return None
        best: Segment | None = None
        best_score = 0.0
        for sent in chunk_sentences:
            score = len(query & set(content_terms(sent.text))) / len(query)
            if score > best_score:
                best, best_score = sent, score
        if best is None or best_score < _MIN_OVERLAP:
            return None
        logger.debug("claim located by word overlap %.2f: %r", best_score, item.claim[:80])
        return Span(start=best.start, end=best.end)

    @staticmethod
    def _claim(number: int, found: _Located, article_sentences: Sequence[Segment]) -> Claim:
        item, span = found.item, found.span
        sentence = span
        for sent in article_sentences:
            if sent.start <= span.start < sent.end:
                sentence = Span(start=sent.start, end=max(sent.end, span.end))
                break
        attribution = item.kind == "attribution"
        speaker = (item.speaker or "").strip() or None
        content = (item.content or "").strip() or None
        return Claim(
            id=f"c{number}",
            text=" ".join(item.claim.split()),
            span=span,
            kind=ClaimKind.ATTRIBUTION if attribution else ClaimKind.FACT,
            speaker=speaker if attribution else None,
            content=content if attribution else None,
            sentence=sentence,
        )
