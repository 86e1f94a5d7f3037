"""Fact claims: one clause, worded on its own, plus what hangs on its names.

:class:`FactBuilder` turns a clause of running text into :class:`Candidate` claims: the
clause itself (discourse openers stripped, references resolved), each of its listed
sub-clauses (``The US led X, Canada ran Y and Britain ran Z``), and each non-restrictive
relative clause on a name (``Crimea, which Washington considers …``). A named person's speech
act without reported content (``Lavrov promised NATO a “military-technical response”``) makes
the claim an attribution. It also resolves who a speaker's words name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import ClaimKind
from ..text import Segment
from ._clauses import (
    breaks_off,
    clean_end,
    is_finite,
    is_fragment,
    span_words,
    strip_prefixes,
)
from ._coordination import (
    Appositive,
    Predicate,
    Relative,
    participle_appositives,
    relative_clauses,
    split_list,
    split_predicates,
)
from ._discourse import Discourse
from ._lexicon import PREPOSITIONS, SPEECH_VERBS, SUBORDINATORS, wordset
from ._render import Rewriter, finish

__all__ = ["DEMONSTRATIVES", "Candidate", "FactBuilder"]

DEMONSTRATIVES = wordset("this that these those")
_INTRODUCING_VERBS = SPEECH_VERBS | wordset(
    """promised promises warned warns called calls described describes threatened threatens
    vowed vows pledged pledges dubbed termed labelled labeled branded"""
)


@dataclass
class Candidate:
    """A claim before scoring: ``[start, end)`` is its source text in the article."""

    start: int
    end: int
    sentence: Segment
    text: str
    kind: ClaimKind = ClaimKind.FACT
    speaker: str | None = None
    content: str | None = None
    context: str = ""


class FactBuilder:
    """Builds fact claims from clauses of one article.

    Args:
        discourse: People, quotations and sentences of the article.
        rewriter: Renders spans as self-contained text.
    """

    def __init__(self, discourse: Discourse, rewriter: Rewriter) -> None:
        self.d = discourse
        self.rw = rewriter
        self.text = discourse.text

    def speaker(self, start: int, end: int) -> str | None:
        """The name of who ``text[start:end]`` names (a name, a role, ``he``), if clear."""
        if start < 0:
            return None
        d = self.d
        surface = " ".join(self.text[start:end].split())
        person = d.person_at(start, end)
        if person is not None and not self._governed(start, end):
            return person.name
        low = surface.lower()
        if low in {"he", "she"}:
            person = d.resolve_pronoun(start, female=True if low == "she" else None)
            return person.name if person else None
        if low in {"they", "it", "we", "i", "you"}:
            return None
        role = d.resolve_role(surface, start)
        return role.name if role else surface

    def _governed(self, start: int, end: int) -> bool:
        """Whether the person named in ``text[start:end]`` is the object of a preposition
        there (``a spokesman for Putin``: the speaker is the spokesman)."""
        for m in self.d.mentions_in(start, end):
            before = self.text[start : m.start].split()
            while before and before[-1][:1].isupper():
                before.pop()  # "for Mayor Maria Lopez": the title goes with the name
            if before and before[-1].lower() in PREPOSITIONS:
                return True
        return False

    def fact(
        self,
        sent: Segment,
        start: int,
        end: int,
        it_ref: str | None = None,
        shared: Predicate | None = None,
    ) -> Candidate | None:
        """The clause ``[start, end)`` as one claim, or ``None`` when it cannot be one.

        ``shared`` gives a predicate's borrowed subject (``[start, end)`` is then a verb
        phrase: ``was domesticated …`` written after ``Quinoa``).
        """
        text = self.text
        borrowed = shared is not None and shared.prefix_end > shared.prefix_start
        if not borrowed:
            start = strip_prefixes(text, start, end)
        end = clean_end(text, start, end)
        toks = span_words(text, start, end)
        if borrowed and shared is not None:
            if len(toks) < 2 or breaks_off(text, start, end):
                return None
            head, tail = self.rw.render_many(
                [(shared.prefix_start, shared.prefix_end), (start, end)]
            )
            if head in {"It", "it"} and it_ref and not _empty_it_prefix(text, shared):
                head = it_ref  # "It transformed into …, and remained popular …"
            body = " ".join(p for p in (head, shared.aux, tail) if p)
            cand = Candidate(start, end, sent, finish(body))
            self._speech_act(cand)
            return cand
        if len(toks) < 3 or is_fragment(text, start, end) or breaks_off(text, start, end):
            return None
        if toks[0].text.lower() in DEMONSTRATIVES and is_finite(toks, 1):
            return None  # "this is in theory": the subject points outside the claim
        if is_finite(toks, 0) and toks[0].text.lower() not in {"there's", "it's"}:
            return None
        at = _leading_it(toks) if it_ref else None
        if at is not None and at == 0 and toks[0].text in {"Its", "its"}:
            body = f"{it_ref}{_apostrophe(text)}s {self.rw.render(toks[0].end, end)}"
        elif at is not None and at == 0:
            body = f"{it_ref} {self.rw.render(toks[0].end, end)}"
        elif at is not None:  # "today it is worth $82 billion": after a fronted time phrase
            body = " ".join(
                (
                    self.rw.render(start, toks[at].start),
                    _mid_sentence(str(it_ref), text),
                    self.rw.render(toks[at].end, end),
                )
            )
        else:
            body = self.rw.render(start, end)
        cand = Candidate(start, end, sent, finish(body))
        self._speech_act(cand)
        return cand

    def _speech_act(self, cand: Candidate) -> None:
        """``Lavrov promised NATO a “military-technical response”``, ``Putin called this a
        serious challenge``: a named person's speech act makes the claim an attribution; its
        content is the quoted words, or what follows the verb."""
        d = self.d
        text = self.text
        start = cand.start
        first = span_words(text, start, min(cand.end, start + 30))[:1]
        if first and first[0].text.lower() in SUBORDINATORS:
            comma = text.find(",", start, cand.end)  # "Before the talks ended, Lavrov promised"
            start = comma + 1 if comma >= 0 else start
        mention = next((m for m in d.mentions_in(start, cand.end) if not m.possessive), None)
        if mention is None:
            return
        toks = span_words(text, start, cand.end)
        idx = next((i for i, t in enumerate(toks) if t.start >= mention.end), None)
        if idx is None or any(is_finite(toks, i) for i in range(idx)):
            return  # the person is not the subject
        verb = next((i for i in range(idx, len(toks)) if is_finite(toks, i)), None)
        if verb is None or toks[verb].text.lower() not in _INTRODUCING_VERBS:
            return
        quotes = [q for q in d.quotes_in(toks[verb].end, cand.end) if q[0] >= toks[verb].end]
        if toks[verb].text.lower() in SPEECH_VERBS and not quotes:
            return  # "Biden announced his readiness": an event, not reported content
        cand.kind = ClaimKind.ATTRIBUTION
        cand.speaker = d.people[mention.person].name
        if quotes:
            q_start, q_end = quotes[0]
            inner = text[q_start + 1 : q_end - 1 if q_end - q_start > 1 else q_end]
            cand.content = " ".join(inner.strip(" ,.").split()) or None
            return
        rest = toks[verb + 1 :]
        second = next(
            (k for k in range(1, len(rest)) if rest[k].text.lower() in {"a", "an", "the"}), None
        )
        if toks[verb].text.lower() in {"called", "calls", "dubbed", "termed"} and second:
            obj = self.rw.render(rest[0].start, rest[second - 1].end)
            complement = self.rw.render(rest[second].start, cand.end)
            cand.content = finish(f"{obj} is {complement}")

    def facts(
        self, sent: Segment, start: int, end: int, it_ref: str | None = None
    ) -> list[Candidate]:
        """Fact claims of one clause: its listed sub-clauses and relative clauses on names.

        ``it_ref`` is what a clause-initial ``it`` stands for (the subject of the clause before
        it in the same sentence), when that is a name.
        """
        text = self.text
        out: list[Candidate] = []
        parts = [
            pred
            for part in split_list(text, start, end)
            for pred in split_predicates(text, strip_prefixes(text, part.start, part.end), part.end)
        ]
        for pred in parts:
            fact = self.fact(sent, pred.start, pred.end, it_ref, pred)
            if fact is None:
                continue
            out.append(fact)
            rels = relative_clauses(text, fact.start, fact.end)
            whole = fact.kind == ClaimKind.FACT and pred.prefix_end == pred.prefix_start
            apps = participle_appositives(text, fact.start, fact.end) if whole else []
            if (rels or apps) and whole:
                # the main clause without its ", which …" and ", completed in …," parts
                cuts = sorted([(r.cut_start, r.cut_end) for r in rels]
                              + [(a.cut_start, a.cut_end) for a in apps])  # fmt: skip
                ranges, pos = [], fact.start
                for cut_start, cut_end in cuts:
                    if cut_start < pos:
                        continue
                    ranges.append((pos, cut_start))
                    pos = cut_end
                ranges.append((pos, fact.end))
                pieces = self.rw.render_many(ranges)
                pieces[-1] = pieces[-1].lstrip(" ,")
                fact.text = finish(" ".join(p for p in pieces if p))
            out.extend(self.relatives(sent, rels))
            out.extend(self.appositives(sent, apps))
        return out

    def antecedent(self, start: int, end: int) -> str:
        """The name ``[start, end)`` as a clause of its own writes it: a person's full name
        ("Senator Mitt Romney, who …", "Anna Berg, elected in 2019, …"), else rendered."""
        people = [m for m in self.d.mentions_in(start, end) if m.end == end]
        if people:
            return self.d.people[people[-1].person].name
        return self.rw.render(start, end)

    def relatives(self, sent: Segment, rels: list[Relative]) -> list[Candidate]:
        """``Crimea, which Washington considers …`` → ``Washington considers Crimea …``."""
        out = []
        for rel in rels:
            name = self.antecedent(rel.antecedent_start, rel.antecedent_end)
            own = self.text[rel.antecedent_start : rel.antecedent_end].lower().removeprefix("the ")
            if own and self.text[rel.start : rel.end].lower().rstrip(" .").endswith(own):
                # "… in the New York Times, which is unusual for the New York Times": the
                # clause is about the whole statement, not about the name it follows
                continue
            if rel.insert_at == rel.start:
                body = f"{name} {self.rw.render(rel.start, rel.end)}"
            else:
                head = self.rw.render(rel.start, rel.insert_at)
                tail = self.rw.render(rel.insert_at, rel.end) if rel.insert_at < rel.end else ""
                if name.startswith("The "):  # "The Kinzhal, which Putin unveiled …": not
                    name = "the" + name[3:]  # first in the sentence any more
                body = f"{head} {name} {tail}"
            out.append(Candidate(rel.start, rel.end, sent, finish(body)))
        return out

    def appositives(self, sent: Segment, apps: list[Appositive]) -> list[Candidate]:
        """``The Eiffel Tower, completed in 1889 for the World's Fair, …`` → ``The Eiffel
        Tower was completed in 1889 for the World's Fair.``"""
        out = []
        for app in apps:
            name = self.antecedent(app.antecedent_start, app.antecedent_end)
            body = f"{name} {app.be} {self.rw.render(app.start, app.end)}"
            out.append(Candidate(app.start, app.end, sent, finish(body)))
        return out

    def proper_subject(self, start: int, end: int) -> str | None:
        """The clause's subject when it is a name (``The Eiffel Tower`` in ``The Eiffel Tower
        is …``), rendered; else ``None``."""
        text = self.text
        start = strip_prefixes(text, start, end)
        toks = span_words(text, start, end)
        verb = next((i for i in range(len(toks)) if is_finite(toks, i)), None)
        for i in range(1, verb or 0):  # "Just two years ago, the Permanent Fund was …"
            if "," in text[toks[i - 1].end : toks[i].start]:
                toks = toks[i:]
                break
        k = 1 if toks and toks[0].text in {"The", "the"} else 0
        j = k
        while j < len(toks) and toks[j].text[:1].isupper() and j - k < 5:
            j += 1
        if j == k or j >= len(toks) or self.d.mentions_in(toks[k].start, toks[j - 1].end):
            return None  # no name, or a person ("he", not "it")
        if toks[k].text.lower() in _NOT_NAMES:
            return None  # "It is …", "They are …": a pronoun, not a name
        after = text[toks[j - 1].end : toks[j].start]
        if is_finite(toks, j) or after.startswith(","):
            return self.rw.render(toks[0].start, toks[j - 1].end)
        return None


_NOT_NAMES = wordset("it its they their we our i this that these those there he she his her")

_TIME_FRONT = wordset(
    """today now currently still meanwhile since then in by this last next year years month
    months week weeks decade ago the same time at present so far day"""
)
"""Words of a time phrase that may stand before a clause's ``it`` (``today``, ``since then``,
``in 2020``, ``this year``)."""


def _leading_it(toks: Sequence[Segment]) -> int | None:
    """Index of a clause-initial ``it`` followed by its verb, at the start or after a fronted
    time phrase (``Today it is worth …``, ``In 2020, it had …``), or of a clause-initial
    ``Its`` (``Its first module, Zarya, was launched …``), else ``None``. An ``it`` that
    stands for nothing (``It is unclear whether …``, ``It takes 35 minutes to …``) is
    none."""
    if toks and toks[0].text == "Its" and len(toks) > 2:
        return 0
    for i in range(min(5, len(toks) - 1)):
        word = toks[i].text
        if word in {"it", "It"}:
            return i if is_finite(toks, i + 1) and not _empty_it(toks, i) else None
        low = word.lower()
        if low not in _TIME_FRONT and not (low.isdigit() and len(low) == 4):
            return None
    return None


_EMPTY_IT_VERBS = wordset(
    "seems seemed appears appeared remains remained takes took means meant matters mattered "
    "follows followed happens happened turns turned costs cost"
)
_EMPTY_IT_WORDS = wordset(
    """clear unclear likely unlikely possible impossible important necessary essential true
    false estimated reported said believed thought expected known feared understood claimed
    alleged rumoured rumored time hard difficult easy obvious evident apparent surprising
    unusual rare common fair safe noted argued suggested hoped agreed decided announced
    confirmed"""
)
"""What follows an ``it`` that stands for nothing (``It is unclear whether``, ``It was
reported that``); not "worth" (``today it is worth 82 million euros``)."""
_EMPTY_IT_SKIP = wordset("also still now already just then be been being ever really very not")


def _empty_it(toks: Sequence[Segment], i: int) -> bool:
    """Whether the ``it`` at ``i`` stands for nothing: ``It seems …``, ``It takes …``, ``It
    is unclear whether …``, ``It was reported that …``."""
    verb = toks[i + 1].text.lower()
    if verb in _EMPTY_IT_VERBS:
        return True
    k = i + 2
    while k < len(toks) and (toks[k].text.lower() in _EMPTY_IT_SKIP or is_finite(toks, k)):
        k += 1
    return k < len(toks) and toks[k].text.lower() in _EMPTY_IT_WORDS


def _empty_it_prefix(text: str, shared: Predicate) -> bool:
    """Whether the ``It`` a predicate borrows stands for nothing in its first predicate
    (``It seems …, and …``)."""
    toks = span_words(text, shared.prefix_start, shared.prefix_end + 40)
    return len(toks) > 1 and _empty_it(toks, 0)


def _apostrophe(text: str) -> str:
    """The apostrophe the article writes (``’`` if it uses any, else ``'``)."""
    return "’" if "’" in text else "'"


def _mid_sentence(subject: str, text: str) -> str:
    """``subject``, taken from the start of a sentence, as written inside one: ``The
    Permanent Fund`` → ``the Permanent Fund``; ``Crime`` → ``crime`` when the text also writes
    it in lower case (a common noun, not a name like ``Alaska``)."""
    if subject.startswith("The "):
        return "the" + subject[3:]
    if " " not in subject and re.search(rf"\b{re.escape(subject.lower())}\b", text):
        return subject.lower()
    return subject
