"""Who and what an article talks about: people (names, roles), countries, quoted regions.

:class:`Discourse` reads an article once (linear time) and then answers, for any offset,
"who is *he* here?", "who is *the Russian President*?", "which country is *this country*?",
"is this offset inside a quotation?". Answers are ``None`` when the article does not make them
clear; callers then keep the original words.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..text import Segment, paragraphs, sentences, words
from ._lexicon import (
    COUNTRIES,
    FEMALE_ROLES,
    MONTHS,
    NAME_STOPWORDS,
    NATIONALITIES,
    ORG_WORDS,
    ROLE_HEADS,
    ROLE_MODIFIERS,
    SPEECH_VERBS,
    WEEKDAYS,
)

__all__ = ["Discourse", "Person", "PersonMention", "possessive_base"]

_OPEN = "“«"
_CLOSE = "”»"
_MAX_NAME = 4
_MAX_ROLE = 5
_LOOKBACK_SENTENCES = 4
_PRONOUN_WORDS = frozenset("he she it they we i you".split())
_MAX_ROLE_LOOKBACK = 400  # mentions; keeps role resolution constant-time on huge texts
_QUOTE_CHAR_RE = re.compile(r"[“”«»\"]")
_PERSONAL_PRONOUN_RE = re.compile(r"\b(?:he|she|his|her|him)\b")
_TITLE_NAME_RE = re.compile(r"\s*(?:\([a-z][\w ]{0,30}\))?\s*")  # "Logic (musician)"


@dataclass
class Person:
    """A person named in the article."""

    name: str
    """Full name as first written, e.g. ``"Joe Biden"``."""
    role: set[str] = field(default_factory=set)
    """Lower-cased words of the roles given to them (``{"u.s", "president"}``)."""
    female: bool | None = None

    @property
    def surname(self) -> str:
        """Last word of the name."""
        return self.name.split()[-1]


@dataclass(frozen=True, slots=True)
class PersonMention:
    """Where the article names a person (full name, surname, or title + surname)."""

    start: int
    end: int
    person: int
    quoted: bool
    possessive: bool


def possessive_base(token: str) -> tuple[str, bool]:
    """``"Biden's"`` → ``("Biden", True)``; other tokens unchanged."""
    for suffix in ("'s", "’s"):
        if token.endswith(suffix) and len(token) > 2:
            return token[: -len(suffix)], True
    return token, False


def _name_like(token: str) -> bool:
    if not token[:1].isupper() or not token[:1].isalpha():
        return False
    low = token.lower()
    if len(token) > 1 and token.replace(".", "").isupper():
        return False  # an acronym (NATO, U.S)
    return not (
        low in NAME_STOPWORDS
        or low in ROLE_HEADS
        or (low in MONTHS and len(low) > 3 and low != "may")  # "Jan", "May" are names too
        or low in WEEKDAYS
        or low in COUNTRIES
        or low in NATIONALITIES
        or low in ORG_WORDS
        or low in SPEECH_VERBS
        or any(ch.isdigit() for ch in token)
    )


def _nationality(word: str) -> bool:
    return word in NATIONALITIES or word in COUNTRIES


class Discourse:
    """Mentions of people, countries and quotations in one article, with resolvers.

    Args:
        text: The article.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs: list[Segment] = paragraphs(text)
        self.sentences: list[Segment] = sentences(text, glued=True)
        self._sent_starts = [s.start for s in self.sentences]
        self._para_starts = [p.start for p in self.paragraphs]
        self._quotes = self._find_quotes()
        self._quote_starts = [q[0] for q in self._quotes]
        self.tokens: list[Segment] = words(text)
        self._tok_starts = [t.start for t in self.tokens]
        self.people: list[Person] = []
        self.mentions: list[PersonMention] = []
        self._countries: list[tuple[int, str]] = []
        self._find_people()
        self._mention_starts = [m.start for m in self.mentions]

    # ------------------------------------------------------------------ structure

    def _find_quotes(self) -> list[tuple[int, int]]:
        """Quoted regions ``[open, close]`` per paragraph; an unclosed quote runs to its end."""
        out: list[tuple[int, int]] = []
        text = self.text
        for para in self.paragraphs:
            stack: list[str] = []
            opened = 0
            for match in _QUOTE_CHAR_RE.finditer(text, para.start, para.end):
                i = match.start()
                ch = match.group(0)
                if ch in _OPEN or (ch == '"' and (not stack or stack[-1] != '"')):
                    if not stack:
                        opened = i
                    stack.append(ch)
                elif (ch in _CLOSE or ch == '"') and stack:
                    stack.pop()
                    if not stack:
                        out.append((opened, i + 1))
            if stack:
                out.append((opened, para.end))
        return out

    def quote_at(self, pos: int) -> tuple[int, int] | None:
        """The quoted region containing offset ``pos`` (its quote marks included), if any."""
        k = bisect.bisect_right(self._quote_starts, pos) - 1
        if k >= 0 and self._quotes[k][0] <= pos < self._quotes[k][1]:
            return self._quotes[k]
        return None

    def quotes_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """Quoted regions that overlap ``[start, end)``."""
        k = max(0, bisect.bisect_right(self._quote_starts, start) - 1)
        out = []
        while k < len(self._quotes) and self._quotes[k][0] < end:
            if self._quotes[k][1] > start:
                out.append(self._quotes[k])
            k += 1
        return out

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence that starts at or before ``pos``."""
        return max(0, bisect.bisect_right(self._sent_starts, pos) - 1)

    def paragraph_index(self, pos: int) -> int:
        """Index of the paragraph that starts at or before ``pos``."""
        return max(0, bisect.bisect_right(self._para_starts, pos) - 1)

    # ------------------------------------------------------------------ people

    def _gap_is_space(self, a: Segment, b: Segment, dot: bool = False) -> bool:
        gap = self.text[a.end : b.start]
        if dot and gap.startswith("."):
            gap = gap[1:]
        return bool(gap) and gap.isspace() and "\n" not in gap and len(gap) <= 2

    def _role_word(self, token: str) -> bool:
        low = token.lower()
        return (
            low in ROLE_HEADS
            or low in ROLE_MODIFIERS
            or low in NATIONALITIES
            or (token[:1].isupper() and low not in NAME_STOPWORDS)
        )

    def _role_before(self, index: int) -> set[str]:
        """Role words written right before the name starting at token ``index``."""
        toks = self.tokens
        role: list[str] = []
        k = index - 1
        while (
            k >= 0
            and len(role) < _MAX_ROLE
            and self._gap_is_space(toks[k], toks[k + 1], dot=bool(role) or "." in toks[k].text)
        ):
            low = toks[k].text.lower()
            if not role and low not in ROLE_HEADS:
                break
            if not self._role_word(toks[k].text):
                break
            role.append(low)
            k -= 1
        return set(role)

    def _runs(self) -> list[tuple[int, int]]:
        """Token index ranges ``[i, j)`` of capitalised name-like words written together."""
        runs: list[tuple[int, int]] = []
        toks = self.tokens
        i = 0
        while i < len(toks):
            base, poss = possessive_base(toks[i].text)
            if not _name_like(base):
                i += 1
                continue
            j = i + 1
            while (
                not poss
                and j < len(toks)
                and j - i < _MAX_NAME
                and self._gap_is_space(toks[j - 1], toks[j])
                and _name_like(possessive_base(toks[j].text)[0])
            ):
                poss = possessive_base(toks[j].text)[1]
                j += 1
            runs.append((i, j))
            i = j
        return runs

    def _speech_next_to(self, i: int, j: int) -> bool:
        toks = self.tokens
        after = toks[j].text.lower() if j < len(toks) else ""
        before = toks[i - 1].text.lower() if i > 0 else ""
        return after in SPEECH_VERBS or before in SPEECH_VERBS

    def _find_people(self) -> None:
        toks = self.tokens
        runs = self._runs()
        by_name: dict[str, int] = {}
        first_names: set[str] = set()
        found: list[tuple[int, int, int]] = []  # (token i, token j, person)

        def add(name: str, role: set[str]) -> int:
            idx = by_name.get(name)
            if idx is None:
                idx = len(self.people)
                self.people.append(Person(name=name, role=set()))
                by_name[name] = idx
            person = self.people[idx]
            person.role |= role
            if role & FEMALE_ROLES:
                person.female = True
            return idx

        # pass 1: names with evidence (a role written before them, a reporting verb, or a
        # title line that is nothing but the name: "Stevie Ray Vaughan" above his biography)
        title_para = self.paragraphs[0] if self.paragraphs else None
        # only when the text goes on to say "he"/"she" (a biography, not "North Korea")
        head = self.text[: title_para.end + 600].lower() if title_para else ""
        refers_to_someone = bool(_PERSONAL_PRONOUN_RE.search(head))
        for i, j in runs:
            if j - i < 2:
                continue
            name = " ".join(possessive_base(t.text)[0] for t in toks[i:j])
            role = self._role_before(i)
            is_title = (
                title_para is not None
                and refers_to_someone
                and toks[i].start == title_para.start
                and _TITLE_NAME_RE.fullmatch(title_para.text[toks[j - 1].end - title_para.start :])
                is not None
            )
            if role or is_title or self._speech_next_to(i, j):
                found.append((i, j, add(name, role)))
                first_names.add(toks[i].text)
        # pass 2: other full names with a known first name; surnames alone; title + surname
        surnames = {p.surname: k for k, p in enumerate(self.people)}
        known = {(i, j) for i, j, _ in found}
        for i, j in runs:
            if (i, j) in known:
                continue
            parts = [possessive_base(t.text)[0] for t in toks[i:j]]
            name = " ".join(parts)
            if name in by_name:
                found.append((i, j, by_name[name]))
            elif j - i >= 2 and parts[0] in first_names:
                found.append((i, j, add(name, self._role_before(i))))
            elif j - i == 1 and parts[0] in surnames:
                # a surname alone, or with its title: "Biden", "Mr. Putin", "President Putin"
                person = surnames[parts[0]]
                start_tok = i
                title = toks[i - 1].text.lower() if i > 0 else ""
                if title in ROLE_HEADS and self._gap_is_space(toks[i - 1], toks[i], dot=True):
                    start_tok = i - 1
                    if title in FEMALE_ROLES:
                        self.people[person].female = True
                found.append((start_tok, j, person))
        for i, j, person in sorted(found):
            start, end = toks[i].start, toks[j - 1].end
            last = toks[j - 1].text
            _, poss = possessive_base(last)
            self.mentions.append(
                PersonMention(start, end, person, self.quote_at(start) is not None, poss)
            )
        self.mentions.sort(key=lambda m: m.start)
        for t in toks:
            low = t.text.lower()
            if t.text[:1].isupper() and low in COUNTRIES and low not in {"us"}:
                self._countries.append((t.start, t.text))

    def mentions_in(self, start: int, end: int) -> list[PersonMention]:
        """Person mentions inside ``[start, end)``."""
        k = bisect.bisect_left(self._mention_starts, start)
        out = []
        while k < len(self.mentions) and self.mentions[k].start < end:
            if self.mentions[k].end <= end:
                out.append(self.mentions[k])
            k += 1
        return out

    def person_at(self, start: int, end: int) -> Person | None:
        """The person named exactly by ``text[start:end]`` (a name, surname or title+surname)."""
        for m in self.mentions_in(start, end):
            if m.start == start or (m.end == end and m.start >= start):
                return self.people[m.person]
        return None

    def resolve_pronoun(self, pos: int, female: bool | None = None) -> Person | None:
        """The person a third-person pronoun at ``pos`` most likely means, or ``None``.

        Looks back sentence by sentence (current sentence first, then up to a few earlier
        ones in the same or previous paragraph) and takes the subject-like mention: the first
        non-possessive mention outside quotations of the nearest sentence that has one.
        """
        k = self.sentence_index(pos)
        para = self.paragraph_index(pos)
        if self._unknown_speaker_before(k, pos):
            return None  # "Biden said he was prepared …": "he" is Biden, whom no full name
            # introduced, not the last person the article named in full
        for idx in range(k, max(-1, k - _LOOKBACK_SENTENCES), -1):
            sent = self.sentences[idx]
            if self.paragraph_index(sent.start) < para - 1:
                break
            end = min(sent.end, pos)
            cands = [
                m
                for m in self.mentions_in(sent.start, end)
                if not m.quoted
                and (female is None or self.people[m.person].female in (None, female))
            ]
            if cands:
                subject = next((m for m in cands if not m.possessive), cands[0])
                return self.people[subject.person]
        return None

    def _unknown_speaker_before(self, k: int, pos: int) -> bool:
        """Whether sentence ``k`` has, before ``pos``, a capitalised word that is no known
        person's mention right before a verb of saying ("Biden said he …")."""
        start = self.sentences[k].start
        toks = words(self.text, start, pos)
        known = self.mentions_in(start, pos)
        for i in range(len(toks) - 1):
            word = toks[i].text
            if not word[:1].isupper() or word.lower() in _PRONOUN_WORDS:
                continue
            if self.quote_at(toks[i].start) is not None:
                continue  # "“Ukraine says it will not stop …,” he said": the quote's own
            if toks[i + 1].text.lower() in SPEECH_VERBS and not any(
                m.start <= toks[i].start < m.end for m in known
            ):  # "Jones" of "Phil Jones said" is a known person's
                return True
        return False

    def resolve_role(self, phrase: str, pos: int) -> Person | None:
        """The person a role phrase (``"the U.S. president"``) at ``pos`` refers to, if clear."""
        parts = [possessive_base(w.text)[0].lower() for w in words(phrase)]
        parts = [p for p in parts if p not in {"the", "this", "that"}]
        heads = [p for p in parts if p in ROLE_HEADS]
        if not heads:
            return None
        mods = [p for p in parts if p not in ROLE_HEADS]
        best: tuple[int, int] | None = None  # (mention start, person)
        k = bisect.bisect_left(self._mention_starts, pos)
        for idx in range(k - 1, max(-1, k - 1 - _MAX_ROLE_LOOKBACK), -1):
            m = self.mentions[idx]
            person = self.people[m.person]
            if not set(heads) <= person.role:
                continue
            if any(_nationality(x) and x not in person.role for x in mods):
                continue
            best = (m.start, m.person)
            break
        return self.people[best[1]] if best else None

    def role_phrases(self, start: int, end: int) -> list[tuple[int, int, Person]]:
        """Role phrases (``the Russian President``) in ``[start, end)`` that name a known person.

        A role phrase is ``the``/``this``/``that`` + up to three modifiers + a role word, not
        followed by a name (``the Russian President Vladimir Putin`` is a full-name mention).
        """
        toks = self.tokens
        out: list[tuple[int, int, Person]] = []
        k = bisect.bisect_left(self._tok_starts, start)
        while k < len(toks) and toks[k].end <= end:
            head = toks[k]
            k += 1
            if head.text.lower() not in ROLE_HEADS or head.text.lower() in {"mr", "mrs", "ms"}:
                continue
            if k < len(toks) and self._gap_is_space(head, toks[k]) and _name_like(toks[k].text):
                continue
            b = k - 2
            while b >= 0 and k - 1 - b <= 4 and toks[b].start >= start:
                low = toks[b].text.lower()
                if not self._gap_is_space(toks[b], toks[b + 1], dot=True):
                    break
                if low in {"the", "this", "that"}:
                    person = self.resolve_role(self.text[toks[b].start : head.end], toks[b].start)
                    if person is not None:
                        out.append((toks[b].start, head.end, person))
                    break
                if not self._role_word(toks[b].text):
                    break
                b -= 1
        return out

    def country_before(self, pos: int, within: int = 600) -> str | None:
        """The most recent country named before ``pos`` (within ``within`` characters)."""
        k = bisect.bisect_left(self._countries, (pos, "")) - 1
        if k >= 0 and pos - self._countries[k][0] <= within:
            return self._countries[k][1]
        return None
