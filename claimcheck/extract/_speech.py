"""Reported speech: who said what, in running text and in direct quotations.

Two finders, both returning offsets into the article:

* :func:`find_inline` — ``X said (that) …``, ``X, …, saying that …``, ``X made it clear that
  …``, ``according to X, …`` inside one clause of running text.
* :func:`find_quote_parts` — direct quotations that stand as sentences, possibly several,
  with their speaker tag after (``“… .”, the U.S. president said.``), before (``X said: “…”``) or
  shared with a neighbouring quotation in the same paragraph.

The speaker is returned as the span of the words that name them; resolving those words to a
person is the caller's job (:class:`~claimcheck.extract._discourse.Discourse`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import Segment
from ._clauses import has_finite_verb, is_finite, looks_like_clause, span_words
from ._discourse import Discourse
from ._lexicon import (
    DETERMINERS,
    PREPOSITIONS,
    PRONOUNS,
    SPEECH_VERB_PAST,
    SPEECH_VERBS,
    wordset,
)

__all__ = ["THAT_VERBS", "QuotePart", "Report", "find_inline", "find_quote_parts"]

_MAX_GAP_TOKENS = 14
_MAX_SPEAKER_WORDS = 9
_ADVERBS = wordset(
    """also once again then later previously earlier recently repeatedly explicitly publicly
    openly reportedly has had have was is would had already further still however though
    too again"""
)
_BARE_VERBS = wordset("said says say saying told tells claimed claims insisted insists added adds")
THAT_VERBS = wordset(
    """said stated noted announced added claimed argued insisted warned confirmed declared
    reported wrote responded replied stressed emphasized emphasised acknowledged admitted
    asserted reiterated maintained explained"""
)
_TELL_VERBS = wordset("told tells telling tell assured warned informed reminded")
_MADE_CLEAR_RE = re.compile(r"\b(?:made|makes|make|making)\s+(?:it\s+)?clear\b", re.IGNORECASE)
_ACCORDING_RE = re.compile(r"\b[Aa]ccording\s+to\s+")
_VERB_ALT = "|".join(sorted((re.escape(v) for v in SPEECH_VERBS), key=len, reverse=True))
_TAG_INVERTED_RE = re.compile(
    rf"^[\s,]*(?P<verb>{_VERB_ALT})\s+(?P<spk>[^,;:.!?“”\"]+?)(?P<tail>,\s+[^“”\"]*?)?[\s.!]*$"
)
_TAG_NORMAL_RE = re.compile(
    rf"^[\s,]*(?P<spk>[^,;:!?“”\"]+?)\s+(?P<verb>{_VERB_ALT})(?P<tail>\s+[^“”\"]*?)?[\s.!]*$"
)
_PAREN_NORMAL_RE = re.compile(
    rf",\s+(?P<spk>[^,;:“”\"]{{1,50}}?)\s+(?P<verb>{_VERB_ALT})(?:\s+(?:however|also|though))?"
    rf"\s*(?:,|$)"
)
_PAREN_INVERTED_RE = re.compile(rf",\s+(?P<verb>{_VERB_ALT})\s+(?P<spk>[^,;:“”\"]{{1,50}}?)\s*$")
_TAIL_RE = re.compile(r"^(?:on|in|at|during|to|for|after|before)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Report:
    """Reported speech in running text."""

    speaker_start: int
    speaker_end: int
    verb: str
    """The reporting verb as written (``said``, ``saying``, ``made it clear``, ``according to``)."""
    frame_start: int
    """Start of the clause that holds the speaker and the verb."""
    content_start: int
    content_end: int
    style: str
    """``that`` (verb + that), ``bare`` (verb + clause), ``according`` or ``paren``
    (``Putin, Biden added, had not …``)."""
    verb_end: int = -1
    """End of the reporting verb (``-1`` for ``according``)."""
    hole_start: int = -1
    """For ``paren``: the tag (``, Biden added,``) cut out of the content, up to ``hole_end``."""
    hole_end: int = -1

    @property
    def past(self) -> str:
        """The verb to use when rephrasing: ``said`` for ``saying``, ``made it clear`` as is."""
        low = self.verb.lower()
        if low.startswith(("made", "make")):
            return "made it clear"
        past = SPEECH_VERB_PAST.get(low, "said")
        return past if past in THAT_VERBS else "said"


@dataclass(frozen=True, slots=True)
class QuotePart:
    """The part of one sentence that belongs to a direct quotation."""

    start: int
    end: int
    speaker_start: int
    """Span of the speaker's words (the tag's ``the U.S. president``, ``he``, ``Peskov``);
    ``-1`` when no speaker was found."""
    speaker_end: int
    verb: str
    tail: str
    """What the tag adds after the verb (``on air of Kommersant FM radio station``) or ``""``."""


def _subject_before(
    d: Discourse, toks: Sequence[Segment], verb: int, participle: bool
) -> tuple[int, int] | None:
    """Span of the words naming who speaks with the verb ``toks[verb]``."""
    text = d.text
    if participle:
        # "Peskov responded to …, once again saying that": the clause subject
        for m in d.mentions_in(toks[0].start, toks[verb].start):
            before = span_words(text, max(toks[0].start, m.start - 30), m.start)
            if not m.possessive and not (before and before[-1].text.lower() in PREPOSITIONS):
                return m.start, m.end
        return None
    k = verb - 1
    while k >= 0 and toks[k].text.lower() in _ADVERBS:
        k -= 1
    if k < 0:
        return None
    if "," in text[toks[k].end : toks[k + 1].start]:
        # "X, a member of …, said": the subject is before the apposition
        return _subject_before(d, toks, verb, participle=True)
    tok = toks[k]
    for m in d.mentions_in(max(0, tok.start - 60), tok.end):
        if m.end == tok.end:
            return m.start, m.end
    low = tok.text.lower()
    if low in {"he", "she", "they", "it"}:
        return tok.start, tok.end
    for start, end, _ in d.role_phrases(max(0, tok.start - 60), tok.end):
        if end == tok.end:
            return start, end
    # a noun phrase: capitalised names or a determiner-led phrase ("the ministry", "officials")
    j = k
    while j > 0 and verb - j < _MAX_SPEAKER_WORDS:
        prev = toks[j - 1]
        gap = text[prev.end : toks[j].start]
        if gap.strip(" .") or prev.text.lower() in PREPOSITIONS or is_finite(toks, j - 1):
            break
        j -= 1
        if prev.text.lower() in DETERMINERS:
            break
    if tok.text.lower() in DETERMINERS or low in PREPOSITIONS or is_finite(toks, k):
        return None
    return toks[j].start, tok.end


def _content_ok(text: str, start: int, end: int) -> bool:
    """Whether what follows ``that`` reads as reported content (a clause, maybe after a
    fronted phrase: ``that before the invasion Russia had proposed …``)."""
    toks = span_words(text, start, end)
    if len(toks) < 3:
        return False
    first = toks[0].text.lower()
    if first.endswith("ing") or first == "to" or is_finite(toks, 0):
        return False
    return looks_like_clause(text, start, end) or has_finite_verb(text, start, end)


def find_inline(d: Discourse, start: int, end: int) -> Report | None:
    """The first reported-speech construction of ``text[start:end]`` outside quotations."""
    text = d.text
    toks = span_words(text, start, end)
    best: Report | None = None
    for m in _ACCORDING_RE.finditer(text, start, end):
        if d.quote_at(m.start()) is not None:
            continue
        comma = text.find(",", m.end(), end)
        spk_end = comma if comma >= 0 else end
        while spk_end > m.end() and text[spk_end - 1] in " .":
            spk_end -= 1
        if len(span_words(text, m.end(), spk_end)) > _MAX_SPEAKER_WORDS or spk_end <= m.end():
            continue
        before = text[start : m.start()].strip(" ,")
        if comma >= 0 and (not before or not looks_like_clause(text, start, m.start())):
            c_start, c_end = comma + 1, end
        else:
            c_start, c_end = start, m.start()
        best = Report(m.end(), spk_end, "according to", start, c_start, c_end, "according")
        break
    made_clear = {mm.start(): mm.end() for mm in _MADE_CLEAR_RE.finditer(text, start, end)}
    for i, tok in enumerate(toks):
        if best is not None and tok.start > best.speaker_start:
            break
        low = tok.text.lower()
        verb_end = made_clear.get(tok.start)
        if low not in SPEECH_VERBS and verb_end is None:
            continue
        if d.quote_at(tok.start) is not None:
            continue
        last = i
        while verb_end is not None and last + 1 < len(toks) and toks[last + 1].end <= verb_end:
            last += 1
        content_start = None
        style = "that"
        j = last + 1
        while j < len(toks) and j - last <= _MAX_GAP_TOKENS:
            if toks[j].text.lower() == "that":
                gap = toks[last + 1 : j]
                gap_ok = (
                    not gap
                    or all(g.text.lower() in _ADVERBS for g in gap)
                    or gap[0].text.lower() in PREPOSITIONS
                    or gap[0].text.lower().endswith("ly")
                    or low in _TELL_VERBS
                    or text[gap[0].start : toks[j].start].rstrip().endswith("in the sense")
                )
                if gap_ok and _content_ok(text, toks[j].end, end):
                    content_start = toks[j].end
                break
            if is_finite(toks, j) or any(c in text[toks[j - 1].end : toks[j].start] for c in ';“"'):
                break
            j += 1
        if content_start is None and low in _BARE_VERBS and last + 1 < len(toks):
            nxt = toks[last + 1]
            nxt_low = nxt.text.lower()
            if (
                nxt_low not in PREPOSITIONS
                and not text[tok.end : nxt.start].strip()
                and (
                    looks_like_clause(text, nxt.start, end)
                    # "said the bridge cost $120 million": a subject, then a verb we miss
                    or (nxt_low in DETERMINERS | PRONOUNS and len(toks) - last > 4)
                )
            ):
                content_start, style = nxt.start, "bare"
        if content_start is None:
            continue
        speaker = _subject_before(d, toks, i, low.endswith("ing"))
        if speaker is None:
            continue
        verb_text = text[tok.start : (verb_end or tok.end)]
        return Report(
            speaker[0], speaker[1], verb_text, start, content_start, end, style,
            verb_end=verb_end or tok.end,
        )  # fmt: skip
    return best or _find_parenthetical(d, start, end)


def _find_parenthetical(d: Discourse, start: int, end: int) -> Report | None:
    """``Putin, Biden added, had not …`` / ``For X, he said, the …`` / ``…, said Peskov.``"""
    text = d.text
    for regex in (_PAREN_NORMAL_RE, _PAREN_INVERTED_RE):
        for m in regex.finditer(text, start, end):
            if d.quote_at(m.start()) is not None or m.start() <= start:
                continue
            spk_s, spk_e = m.start("spk"), m.end("spk")
            if len(span_words(text, spk_s, spk_e)) > 5:
                continue
            spk = text[spk_s:spk_e]
            if not (
                d.person_at(spk_s, spk_e)
                or spk.lower() in {"he", "she"}
                or d.role_phrases(spk_s, spk_e)
                or spk[:1].isupper()
                or spk.lower().startswith("the ")  # "…, the weather service said."
            ):
                continue
            after = m.end() if m.group(0).rstrip().endswith(",") else end
            if not has_finite_verb(text, start, m.start()) and not has_finite_verb(
                text, after, end
            ):
                continue
            return Report(
                spk_s, spk_e, m.group("verb"), start, start, end, "paren",
                verb_end=m.end("verb"), hole_start=m.start(), hole_end=after,
            )  # fmt: skip
    return None


def _tag(text: str, start: int, end: int) -> tuple[int, int, str, str] | None:
    """Parse a speaker tag ``, the U.S. president said.`` in ``text[start:end]``."""
    piece = text[start:end]
    for regex in (_TAG_INVERTED_RE, _TAG_NORMAL_RE):
        m = regex.match(piece)
        if not m:
            continue
        spk = m.group("spk").strip()
        if not spk or len(spk.split()) > _MAX_SPEAKER_WORDS or " that " in f" {spk} ":
            continue
        tail = (m.group("tail") or "").strip(" ,.")
        if tail and not _TAIL_RE.match(tail):
            tail = ""
        s = start + m.start("spk") + (len(m.group("spk")) - len(m.group("spk").lstrip()))
        return s, s + len(spk), m.group("verb"), tail
    return None


def find_quote_parts(d: Discourse, para: Segment) -> dict[int, list[QuotePart]]:
    """Direct quotations of one paragraph, as parts of its sentences (by sentence index)."""
    text = d.text
    regions = d.quotes_in(para.start, para.end)
    found: list[tuple[int, int, tuple[int, int, str, str] | None]] = []
    for o, c in regions:
        inner_end = c - 1 if text[c - 1] in '”»"' else c
        first = d.sentences[d.sentence_index(o)]
        before = text[first.start : o].rstrip()
        standalone = first.start == o or before.endswith(":")
        if (
            not standalone
            or len(span_words(text, o + 1, inner_end)) < 4
            or not has_finite_verb(text, o + 1, inner_end)
        ):
            continue
        tag = None
        last = d.sentences[d.sentence_index(max(o, inner_end - 1))]
        if c < last.end and text[c : last.end].strip(" .,"):
            tag = _tag(text, c, last.end)
        else:
            nxt = d.sentence_index(last.end) + 1
            if nxt < len(d.sentences) and d.sentences[nxt].end <= para.end:
                cand = d.sentences[nxt]
                if len(cand.text.split()) <= 10 and not cand.text.startswith(("“", '"')):
                    tag = _tag(text, cand.start, cand.end)
        if tag is None and before.endswith(":"):
            mentions = [m for m in d.mentions_in(first.start, o) if not m.possessive]
            if mentions:
                tag = (mentions[0].start, mentions[0].end, "said", "")
        found.append((o, inner_end, tag))
    # quotations without their own tag share the nearest tag in the paragraph
    out: dict[int, list[QuotePart]] = {}
    for n, (o, inner_end, tag) in enumerate(found):
        if tag is None:
            neighbours = [t for _, _, t in found[n + 1 :] + found[:n][::-1] if t is not None]
            tag = neighbours[0] if neighbours else None
        spk_start, spk_end, verb, tail = tag if tag else (-1, -1, "said", "")
        k = d.sentence_index(o)
        while k < len(d.sentences) and d.sentences[k].start < inner_end:
            sent = d.sentences[k]
            s, e = max(sent.start, o + 1), min(sent.end, inner_end)
            while s < e and text[s].isspace():
                s += 1
            while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
                e -= 1
            if e > s:
                part = QuotePart(s, e, spk_start, spk_end, verb, tail)
                out.setdefault(k, []).append(part)
            k += 1
    return out
