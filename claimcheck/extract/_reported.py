"""Attribution claims: reported speech worded as ``X said (that) …``.

:class:`ReportBuilder` turns what :mod:`._speech` finds into :class:`~._facts.Candidate`
claims: one per reported content clause (``saying that A, but that B`` gives two), with the
speaker's full name, the report's date or setting when it is rephrased (``said on Friday,
December 2, that …``), and the content alone in ``content``. Direct quotations become
``X said that …`` unless they speak in the first person, in which case they stay verbatim
(``X said: “I …”``).
"""

from __future__ import annotations

from ..models import ClaimKind
from ..text import Segment
from ._clauses import (
    clean_end,
    drop_vague_condition,
    is_finite,
    is_fragment,
    span_words,
    split_clauses,
    strip_prefixes,
)
from ._coordination import relative_clauses
from ._facts import DEMONSTRATIVES, Candidate, FactBuilder
from ._filters import Filters
from ._lexicon import FIRST_PERSON, PREPOSITIONS, SPEECH_VERB_PAST, SUBORDINATORS, wordset
from ._render import finish
from ._speech import THAT_VERBS, QuotePart, Report

__all__ = ["ReportBuilder"]

_QUOTE_PRONOUNS = wordset("he she they it he's she's it's that's they're")


class ReportBuilder:
    """Builds attribution claims of one article.

    Args:
        facts: The fact builder (for the narrative part of a report's frame and for speakers).
        filters: The structural filters (quoted sentences pass them too).
    """

    def __init__(self, facts: FactBuilder, filters: Filters) -> None:
        self.facts = facts
        self.filters = filters
        self.d = facts.d
        self.rw = facts.rw
        self.text = facts.text

    def report_claims(self, sent: Segment, start: int, end: int, report: Report) -> list[Candidate]:
        """Claims of a sentence ``[start, end)`` holding reported speech ``report``."""
        text = self.text
        speaker = self.facts.speaker(report.speaker_start, report.speaker_end)
        if report.style == "according":
            if speaker is None:
                return []
            content = self.rw.render(report.content_start, clean_end(text, 0, report.content_end))
            body = self.rw.render(strip_prefixes(text, start, end), end)
            return [
                Candidate(start, end, sent, finish(body), ClaimKind.ATTRIBUTION, speaker,
                           finish(content))
            ]  # fmt: skip
        if report.style == "paren":
            return self._paren_claims(sent, start, end, report, speaker)
        out: list[Candidate] = []
        frame = split_clauses(text, start, report.content_start)
        frame_start = start
        for clause in frame:
            if clause.end <= report.speaker_start:
                out.extend(self.facts.facts(sent, clause.start, clause.end))
            else:
                frame_start = clause.start
                break
        out.extend(
            self.facts.relatives(sent, relative_clauses(text, frame_start, report.content_start))
        )
        if speaker is None:
            return out
        contents = split_clauses(text, report.content_start, end, content=True)
        between = text[report.speaker_end : report.content_start]
        rephrase = (
            len(contents) > 1
            or report.verb.lower().endswith("ing")
            or "," in between
            or len(between.split()) > 12
        )
        frame_words = self._frame_words(frame_start, report, speaker)
        for clause in contents:
            c_start = strip_prefixes(text, clause.start, clause.end)
            if (
                is_fragment(text, c_start, clause.end)
                or len(span_words(text, c_start, clause.end)) < 3
            ):
                continue
            content = finish(self.rw.render(c_start, clause.end))
            if rephrase:
                said = self.rw.render(c_start, clause.end, named={speaker})
                body = f"{speaker} {report.past}{frame_words} that {self.rw.lower_first(said)}"
                span = (clause.start, clause.end)
            else:
                frame_from = strip_prefixes(text, frame_start, report.content_start)
                body = self.rw.render(frame_from, clause.end)
                span = (frame_from, clause.end)
            out.append(
                Candidate(span[0], span[1], sent, finish(body), ClaimKind.ATTRIBUTION,
                           speaker, content)
            )  # fmt: skip
        return out

    def _paren_claims(
        self, sent: Segment, start: int, end: int, report: Report, speaker: str | None
    ) -> list[Candidate]:
        """``Putin, Biden added, had not yet shown …`` → Biden said that Putin had not …"""
        if speaker is None:
            return []
        text = self.text
        rw = self.rw
        before_end = clean_end(text, start, report.hole_start)
        before = rw.render(start, before_end, named={speaker}) if before_end > start else ""
        after = rw.render(report.hole_end, end, named={speaker}) if report.hole_end < end else ""
        # "For hypersonic weapons, he said, the …" keeps its comma; "Putin, Biden added, had" not
        first = span_words(text, start, before_end)[:1]
        fronted = bool(first) and first[0].text.lower() in PREPOSITIONS | SUBORDINATORS
        said = (
            f"{before}, {after}" if fronted and after else " ".join(p for p in (before, after) if p)
        )
        plain_before = rw.render(start, before_end) if before_end > start else ""
        plain_after = rw.render(report.hole_end, end) if report.hole_end < end else ""
        plain = (
            f"{plain_before}, {plain_after}"
            if fronted and plain_after
            else " ".join(p for p in (plain_before, plain_after) if p)
        )
        past = report.past
        body = finish(f"{speaker} {past} that {self.rw.lower_first(said)}")
        return [Candidate(start, end, sent, body, ClaimKind.ATTRIBUTION, speaker, finish(plain))]

    def _frame_words(self, frame_start: int, report: Report, speaker: str) -> str:
        """What to keep of a report's frame when rephrasing: the words between the verb and
        ``that`` when they are a short phrase (`` in an interview with …``), else its date."""
        text = self.text
        if report.verb_end > 0:
            that = text.rfind("that", report.verb_end, report.content_start)
            toks = span_words(text, report.verb_end, that) if that > 0 else ()
            if (
                toks
                and toks[0].text.lower() in PREPOSITIONS
                and "," not in text[report.verb_end : that]
                and len(toks) <= 12
                and not any(is_finite(toks, i) for i in range(len(toks)))
            ):
                gap_end = that
                while gap_end > toks[0].start and text[gap_end - 1].isspace():
                    gap_end -= 1
                return " " + self.rw.render(toks[0].start, gap_end, named={speaker})
        return self._frame_date(frame_start, report.content_start)

    def _frame_date(self, start: int, end: int) -> str:
        """`` on Friday, December 2,`` when the frame of a report dates it, else ``""``."""
        for date in self.rw.dates.in_range(start, end):
            before = self.text[max(start, date.start - 3) : date.start].lower()
            if before.endswith("on "):
                written = " ".join(self.text[date.start : date.end].split())
                return f" on {written},"
        return ""

    def quote_claims(self, sent: Segment, part: QuotePart) -> list[Candidate]:
        """Claims of the part of sentence ``sent`` that a direct quotation holds."""
        text = self.text
        start = strip_prefixes(text, part.start, part.end)
        end = clean_end(text, start, part.end)
        if end <= start or self.filters.skip_sentence(start, end):
            return []
        if text[part.start : part.end].rstrip().endswith(("?", "!")):
            return []
        toks = span_words(text, start, end)
        first = toks[0].text.lower().replace("’", "'")
        if first in _QUOTE_PRONOUNS or (first in DEMONSTRATIVES and is_finite(toks, 1)):
            return []  # "He hasn't done that yet": who "he" is lies outside the quote
        speaker = self.facts.speaker(part.speaker_start, part.speaker_end)
        if speaker is None:
            return []
        verb = SPEECH_VERB_PAST.get(part.verb.lower(), "said")
        verb = verb if verb in THAT_VERBS else "said"
        tail = f" {part.tail}" if part.tail else ""
        out: list[Candidate] = []
        for clause in split_clauses(text, start, end, content=True):
            c_start = drop_vague_condition(text, strip_prefixes(text, clause.start, clause.end),
                                           clause.end)  # fmt: skip
            if clause.rewrite is None and is_fragment(text, c_start, clause.end):
                continue
            verbatim = " ".join(text[c_start : clause.end].split())
            first_person = any(
                t.text.lower().replace("’", "'") in FIRST_PERSON
                for t in span_words(text, c_start, clause.end)
            )
            if first_person and clause.rewrite is None:
                body = f"{speaker} {verb}{tail}: “{finish(verbatim)}”"
                content = finish(verbatim)
            else:
                said = clause.rewrite or self.rw.render(
                    c_start, clause.end, named={speaker}, in_quotes=True
                )
                body = finish(f"{speaker} {verb}{tail} that {self.rw.lower_first(said)}")
                content = finish(
                    clause.rewrite or self.rw.render(c_start, clause.end, in_quotes=True)
                )
            out.append(
                Candidate(clause.start, clause.end, sent, body, ClaimKind.ATTRIBUTION,
                           speaker, content)
            )  # fmt: skip
        return out
