"""Self-contained wording of a piece of the article.

:meth:`Rewriter.render` returns ``text[start:end]`` with the references a reader cannot follow
out of context replaced by what the article says they refer to: the first reference to each
person becomes their full name (``Biden`` → ``Joe Biden``, ``the Russian President`` →
``Vladimir Putin``, ``he``/``his`` → the person, when no one is named before it in the claim),
``this country`` the country just named, and relative dates the date the article gives.
Whatever cannot be resolved stays as written. Quotations are left verbatim unless asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import words
from ._clauses import span_words
from ._dates import Dates
from ._discourse import Discourse, Person, possessive_base
from ._lexicon import (
    COUNTRIES,
    DETERMINERS,
    NATIONALITIES,
    PREPOSITIONS,
    SUBORDINATORS,
    wordset,
)

__all__ = ["Rewriter", "capitalize", "finish"]

_PRONOUNS = {"he": False, "him": False, "his": False, "she": True}
_FUNCTION_WORDS = (
    DETERMINERS
    | PREPOSITIONS
    | SUBORDINATORS
    | wordset("it there they he she we you and but or so as")
)


def capitalize(text: str) -> str:
    """``text`` with its first letter upper-cased (after opening quotes; not after a digit)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
        if ch.isalnum():
            return text
    return text


_FILLER_RE = re.compile(
    r"(?P<before>,[ \t]*)?(?<![\w'’-])"
    r"(?:(?:uh|uhm|um|erm)(?![\w'’])[ \t]*(?:-+|–|—)?|ah(?=[ \t]*(?:-|–|—|,))[ \t]*(?:-+|–|—)?)"
    r"[ \t]*(?P<after>,)?",
    re.IGNORECASE,
)
"""A spoken filler with the dash or commas around it in transcripts: ``uh -``, ``uh-``,
``Uh,``, ``, ah,``."""


_OPENER_RE = re.compile(
    r"^(?:well|look|listen|oh|okay|ok|you know)[ \t]*(?:,|--|—|–)[ \t]*", re.IGNORECASE
)
"""A spoken opener before the claim: ``Well, …``, ``Look, …``, ``Listen -- …``."""
_STUTTER_RE = re.compile(
    r"^([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[ \t]*--[ \t]*(?:\1[ \t]*--[ \t]*)*(?=\1\b)"
)
"""A name said again and again before the sentence goes on (``Hillary Clinton -- Hillary
Clinton -- Hillary Clinton failed …``)."""


_RESTART_RE = re.compile(
    r"^([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[ \t]*--[ \t]*(?=\S.*\b\1\b)"
)
"""A name said, then the sentence started again around it (``John Kerry -- Senator Rubio
voted to confirm John Kerry …``)."""

_VOCATIVE_RE = re.compile(
    r"^(?!(?:Yes|No|Now|So|Sure|Okay|Well|Again|First|And|But|Or|Look|Listen|Thank|Thanks|"
    r"Please|Remember|Frankly|Honestly|Today|Then|Also|Still|Yeah|Oh|Folks|Friends|Ladies|"
    r"Gentlemen|Everybody|Everyone)\b)"
    r"(?P<name>(?:(?:Senator|Governor|Secretary|President|Congressman|Congresswoman|Mayor|"
    r"Mr\.?|Mrs\.?|Ms\.?|Dr\.?)[ \t]+)?[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2}),"
    r"[ \t]+(?P<you>you)(?!(?:[ \t]+\w+)?[ \t]*,)(?P<verb>'ve|’ve|'re|’re|[ \t]+\w+)?\b"
)
"""Someone addressed before a sentence about them (``Senator Sanders, you have been a critic
…``): the claim is about the one addressed."""

_YOUR_VERB = {"have": "has", "are": "is", "were": "was", "'ve": " has", "’ve": " has",
              "'re": " is", "’re": " is"}  # fmt: skip
_SAME_VERB = frozenset("had did will would can could should said voted supported opposed".split())


def _address(m: re.Match[str]) -> str:
    """The addressed one for "you" where the verb can follow a name as it is ("Senator
    Sanders, you have been" → "Senator Sanders has been"); else the text as it was (the
    address says who "you" is)."""
    name, verb = m.group("name"), m.group("verb") or ""
    word = verb.strip()
    if word.lower() in _YOUR_VERB:
        return f"{name} {_YOUR_VERB[word.lower()].strip()}"
    if word.lower() in _SAME_VERB or (word.lower().endswith("ed") and len(word) > 4):
        return f"{name} {word}"
    return m.group(0)


_YOU_KNOW_RE = re.compile(r"(?<=,)[ \t]*you know[ \t]*,[ \t]*", re.IGNORECASE)
"""A spoken "you know" between commas (``As far as North Korea is concerned, you know, Kim
…``): the first comma stays."""


def _unfill(m: re.Match[str]) -> str:
    # ", ah," between two parts of one clause: both commas go; one comma alone stays
    if m.group("before") and m.group("after"):
        return " "
    return (m.group("before") or "") + " "


def finish(text: str) -> str:
    """``text`` as one sentence: single spaces, capitalised, ending with a full stop, without
    a transcript's fillers (``the uh - automobile makers`` → ``the automobile makers``)."""
    text = _FILLER_RE.sub(_unfill, text)
    text = _YOU_KNOW_RE.sub(" ", text)
    text = " ".join(text.split()).strip(" ,;:-–—")
    for _ in range(2):  # "Well, listen -- Donald knows …"
        text = _OPENER_RE.sub("", text, count=1)
    text = _STUTTER_RE.sub("", text)
    text = _RESTART_RE.sub("", text)
    text = _VOCATIVE_RE.sub(_address, text, count=1)
    text = capitalize(text)
    stripped = text.rstrip('”"’»)')
    if not stripped.endswith((".", "!", "?", "…")):
        if stripped != text:  # "… a “military-technical response”" → keep quotes closed
            return text + "."
        return text + "."
    return text


@dataclass(frozen=True, slots=True)
class _Ref:
    """A reference in the article that may need rewriting."""

    start: int
    end: int
    kind: str
    """``person`` (a name), ``role`` (``the president``), ``pronoun``, ``country``, ``date``."""
    person: Person | None = None
    possessive: bool = False
    value: str = ""
    """The pronoun (lower-case) or the resolved date text."""


class Rewriter:
    """Renders spans of one article as self-contained text.

    Args:
        discourse: People, roles and quotations of the article.
        dates: Dates of the article.
    """

    def __init__(self, discourse: Discourse, dates: Dates) -> None:
        self.d = discourse
        self.dates = dates
        text = discourse.text
        self.apostrophe = "’" if text.count("’") > text.count("'") else "'"
        self._proper: set[str] | None = None

    def _proper_words(self) -> set[str]:
        """Words the article capitalises where a sentence does not start: likely names."""
        if self._proper is None:
            d = self.d
            proper = {w for p in d.people for w in p.name.split()}
            text = d.text
            for tok in d.tokens:
                if tok.text[:1].isupper():
                    # mid-sentence: right after a lower-case word, a digit or a comma
                    before = text[max(0, tok.start - 3) : tok.start].rstrip(" ")
                    if before and (
                        before[-1] in ",;" or before[-1].islower() or before[-1].isdigit()
                    ):
                        proper.add(tok.text)
            self._proper = proper
        return self._proper

    def lower_first(self, text: str) -> str:
        """Lower-case the first word of reported content unless it is a name.

        ``Hospitals admitted …`` → ``hospitals admitted …``; ``NATO``, ``Putin``, ``Kyiv`` (when
        the article capitalises it mid-sentence), ``Imperial College`` stay as written.
        """
        toks = words(text)
        if not toks:
            return text
        first = toks[0].text
        base = first.replace("’", "'").split("'")[0]
        if not base[:1].isupper() or (len(base) > 1 and base.isupper()):
            return text
        low = base.lower()
        second = toks[1].text if len(toks) > 1 else ""
        name_like = (
            first in self._proper_words()
            or low in COUNTRIES
            or low in NATIONALITIES
            or (second[:1].isupper() and text[toks[0].end : toks[1].start] == " ")
        )
        if low in _FUNCTION_WORDS or not name_like:
            i = toks[0].start
            return text[:i] + text[i].lower() + text[i + 1 :]
        return text

    def _refs(self, start: int, end: int) -> list[_Ref]:
        d = self.d
        refs: list[_Ref] = []
        for m in d.mentions_in(start, end):
            refs.append(_Ref(m.start, m.end, "person", d.people[m.person], m.possessive))
        for s, e, person in d.role_phrases(start, end):
            refs.append(_Ref(s, e, "role", person))
        for tok in span_words(d.text, start, end):
            low = tok.text.lower()
            if low in _PRONOUNS:
                refs.append(_Ref(tok.start, tok.end, "pronoun", value=low))
        low_text = d.text[start:end].lower()
        for phrase in ("this country", "the country"):
            pos = low_text.find(phrase)
            while pos >= 0:
                refs.append(_Ref(start + pos, start + pos + len(phrase), "country"))
                pos = low_text.find(phrase, pos + 1)
        for s, e, new in self.dates.replacements(start, end):
            refs.append(_Ref(s, e, "date", value=new))
        refs.sort(key=lambda r: (r.start, -r.end))
        return refs

    def render(
        self, start: int, end: int, *, named: set[str] | None = None, in_quotes: bool = False
    ) -> str:
        """``text[start:end]`` with references resolved (see the module docstring).

        Args:
            start: Start offset in the article.
            end: End offset in the article.
            named: Names the claim already states before this piece (e.g. the speaker).
            in_quotes: Resolve inside quotations too (for quotes turned into reported speech).
        """
        return self.render_many([(start, end)], named=named, in_quotes=in_quotes)[0]

    def render_many(
        self,
        pieces: list[tuple[int, int]],
        *,
        named: set[str] | None = None,
        in_quotes: bool = False,
    ) -> list[str]:
        """Render several pieces that will be written one after the other in one claim: a
        person named in an earlier piece is not re-introduced in a later one."""
        seen = set(named or ())
        return [self._render(s, e, seen, in_quotes) for s, e in pieces]

    def _render(self, start: int, end: int, seen: set[str], in_quotes: bool) -> str:
        d = self.d
        text = d.text
        out: list[str] = []
        pos = start
        for ref in self._refs(start, end):
            if ref.start < pos:
                continue
            quoted = not in_quotes and d.quote_at(ref.start) is not None
            new = self._replacement(ref, seen, quoted)
            if new is not None:
                out.append(text[pos : ref.start])
                out.append(new)
                pos = ref.end
        out.append(text[pos:end])
        return " ".join("".join(out).split())

    def _replacement(self, ref: _Ref, seen: set[str], quoted: bool) -> str | None:
        """What to write instead of ``ref`` (``None``: keep it); updates ``seen``."""
        text = self.d.text
        if ref.kind == "date":
            return ref.value
        if ref.kind in {"person", "role"} and ref.person is not None:
            name = ref.person.name
            first = name not in seen
            seen.add(name)
            if not first or quoted:
                return None
            if ref.kind == "role":
                return name
            surface, _ = possessive_base(text[ref.start : ref.end])
            if surface == name:
                return None
            return name + (text[ref.end - 2 : ref.end] if ref.possessive else "")
        if quoted:
            return None
        if ref.kind == "pronoun" and not seen:
            person = self.d.resolve_pronoun(ref.start, female=_PRONOUNS[ref.value] or None)
            if person is None:
                return None
            seen.add(person.name)
            return person.name + (f"{self.apostrophe}s" if ref.value == "his" else "")
        if ref.kind == "country":
            return self.d.country_before(ref.start)
        return None
