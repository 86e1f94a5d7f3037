"""What the verifier knows about one piece of text: tokens, stems, names, negation, quantities.

:func:`analyse` is pure and cached by text, so a sentence retrieved for many claims is analysed
once. Claims and evidence sentences go through the same analysis, which makes their features
comparable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..quantities import Quantity, QuantityKind, find_quantities
from ..text import STOPWORDS, stem
from . import lexicon

__all__ = [
    "Entity", "Sketch", "TextInfo", "Token", "analyse", "name_key", "nothing_to_check", "sketch"
]  # fmt: skip

_NUMBER_WORDS = lexicon.NUMBER_WORDS
_CALENDAR = lexicon.CALENDAR
_NOT_CONTENT = STOPWORDS | lexicon.CALENDAR | lexicon.EXTRA_STOPWORDS
_SCOPE = 4
"""A negation cue covers this many following tokens (up to a comma, semicolon or colon)."""


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the text with its offsets, lower-cased form and stem."""

    start: int
    end: int
    text: str
    low: str
    stem: str
    content: bool
    """Counts for coverage: not a stopword, not a number, not a single letter."""
    name: bool
    """Capitalised inside the text, or an acronym: part of a name."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A run of name tokens ("Vladimir Putin", "NATO", "Defence Ministry")."""

    text: str
    first: int
    """Index of its first token."""
    last: int
    """Index of its last token."""
    keys: frozenset[str]
    """Lower-cased significant words (titles dropped, aliases resolved) used to match it."""


@dataclass(frozen=True, slots=True)
class TextInfo:
    """The analysis of one text (see :func:`analyse`)."""

    text: str
    tokens: tuple[Token, ...]
    stems: frozenset[str]
    """Stems of content tokens."""
    lows: frozenset[str]
    """Lower-cased forms of all tokens, aliases resolved (for name matching)."""
    prefixes: frozenset[str]
    """First five letters of every token of five letters or more (loose name matching)."""
    entities: tuple[Entity, ...]
    quantities: tuple[Quantity, ...]
    negated: frozenset[int]
    """Indices of tokens inside the scope of a negation cue."""
    cues: tuple[int, ...]
    """Indices of negation cue tokens."""
    heads: tuple[int, ...]
    """Index of the first content token negated by each cue ("member" in "not a member"),
    skipping transparent nouns ("vitamin" in "no evidence that vitamin D ...")."""
    polarity: tuple[tuple[int, str, int], ...]
    """``(token index, group, sign)`` for each antonym-bearing token."""
    hedges: int
    reporting: bool
    """Has a verb of saying ("said", "according to")."""

    def mentions(self, entity: Entity) -> bool:
        """Whether this text names ``entity`` (any significant word of it, loosely)."""
        return _mentions(self.lows, self.prefixes, entity)


@dataclass(frozen=True, slots=True)
class Sketch:
    """The cheap part of an analysis, enough to rank many sentences by claim coverage."""

    stems: frozenset[str]
    lows: frozenset[str]
    prefixes: frozenset[str]
    polarity: tuple[tuple[int, str, int], ...]
    numeric: bool
    """Has a digit or a number word."""

    def mentions(self, entity: Entity) -> bool:
        """Whether this text names ``entity`` (any significant word of it, loosely)."""
        return _mentions(self.lows, self.prefixes, entity)


def _mentions(lows: frozenset[str], prefixes: frozenset[str], entity: Entity) -> bool:
    for key in entity.keys:
        if key in lows:
            return True
        if " " in key:
            if all(part in lows for part in key.split()):
                return True
        elif len(key) >= 5 and key[:5] in prefixes:
            return True
    return False


_IDENT = r"(?<![\w/])(?=[\w\-/]*\d)[^\W_]+(?:[-/][^\W_]+)*/[^\W_]+(?:[-/][^\W_]+)*"
_WORD_RE = re.compile(rf"(?P<ident>{_IDENT})|[^\W_]+(?:['’.][^\W_]+)*")
"""An identifier with a slash and a digit ("68/262", "ES-11/1"), or a word; hyphens split."""


@lru_cache(maxsize=100_000)
def sketch(text: str) -> Sketch:
    """Stems, names and antonym polarities of ``text`` without the full :func:`analyse`."""
    raw = [(m.group(0), m.lastgroup == "ident") for m in _WORD_RE.finditer(text)]
    stems: set[str] = set()
    lows: set[str] = set()
    prefixes: set[str] = set()
    polarity: list[tuple[int, str, int]] = []
    numeric = False
    for i, (word, ident) in enumerate(raw):
        low = word.lower().replace("’", "'")
        lows.add(name_key(low))
        if len(low) >= 5:
            prefixes.add(low[:5])
        if ident:
            stems.add(low)
        elif low in _NUMBER_WORDS or not any(ch.isalpha() for ch in low):
            numeric = True
            continue
        if len(low) > 1 and low not in _NOT_CONTENT:
            stems.add(stem(lexicon.lemma(low)))
        pol = lexicon.polarity_of(low, raw[i + 1][0].lower() if i + 1 < len(raw) else "")
        if pol is not None:
            polarity.append((i, pol[0], pol[1]))
    return Sketch(frozenset(stems), frozenset(lows), frozenset(prefixes), tuple(polarity), numeric)


def name_key(low: str) -> str:
    """How a lower-cased word of a name is matched: no trailing period or "'s", aliases resolved
    ("u.s" -> "united states")."""
    low = low.replace("’", "'").rstrip(".")
    if low.endswith("'s"):
        low = low[:-2]
    return lexicon.ALIASES.get(low, low)


_WORD_SUFFIXES = tuple(
    "s ing ed ly tion ment ity ness ance ence al ive ous ic er ure ty".split(" ")  # noqa: SIM905
)
"""Endings of common words; a capitalised first word with one is not taken for a name."""


def _tokens(text: str) -> list[Token]:
    raw = [
        (m.start(), m.end(), m.group(0), m.lastgroup == "ident") for m in _WORD_RE.finditer(text)
    ]
    out: list[Token] = []
    for i, (start, end, word, ident) in enumerate(raw):
        low = word.lower().replace("’", "'")
        if ident:  # "68/262": a name-like term that must match exactly
            out.append(Token(start, end, word, low, low, True, True))
            continue
        numeric = low in _NUMBER_WORDS or not any(ch.isalpha() for ch in low)
        content = not numeric and len(low) > 1 and low not in _NOT_CONTENT
        plain = word.replace(".", "")
        if len(plain) > 1 and plain.isupper():
            name = True  # an acronym: NATO, U.S., ALDH1
        elif not word[0].isupper() or low in _NOT_CONTENT or numeric:
            name = False
        elif i == 0 or text[raw[i - 1][1] : start].strip()[-1:] in (".", "!", "?", ":"):
            following = raw[i + 1][2] if i + 1 < len(raw) else ""
            core = low[:-2] if low.endswith("'s") else low  # "Moscow's reply"
            name = (
                following[:1].isupper()
                or core in lexicon.NAMES_LIKE_WORDS
                or (len(core) > 2 and not core.endswith(_WORD_SUFFIXES))
            )
        else:
            name = True
        stem_ = stem(lexicon.lemma(low)) if not numeric else low
        out.append(Token(start, end, word, low, stem_, content, name))
    return out


def _entities(tokens: list[Token], text: str) -> list[Entity]:
    out: list[Entity] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].name:
            i += 1
            continue
        j = i
        while (
            j + 1 < len(tokens)
            and tokens[j + 1].name
            and text[tokens[j].end : tokens[j + 1].start].strip() in ("", ".")
        ):
            j += 1
        keys = {name_key(t.low) for t in tokens[i : j + 1] if t.low not in lexicon.TITLES}
        joined = name_key(" ".join(t.low for t in tokens[i : j + 1]))
        if joined in lexicon.ALIASES.values():
            keys = {joined}
        keys = {k for k in keys if len(k) > 1}
        if keys:
            out.append(Entity(text[tokens[i].start : tokens[j].end], i, j, frozenset(keys)))
        i = j + 1
    return out


def _sentence_break(before: Token, gap: str) -> bool:
    """Whether ``gap`` (the text after token ``before``) ends a sentence: a full stop and a
    space, after a word that is no abbreviation (``U.S.``, ``Mr.``, ``Dr.``)."""
    return (
        gap.strip().startswith(".")
        and gap[-1:].isspace()
        and len(before.text) > 2
        and "." not in before.text
    )


def _negation(tokens: list[Token], text: str) -> tuple[list[int], set[int], list[int]]:
    """Negation cues, the tokens in their scope, and the head (first content word) of each."""
    cues: list[int] = []
    scope: set[int] = set()
    heads: list[int] = []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1].low if i + 1 < len(tokens) else ""
        is_cue = tok.low in lexicon.NEGATION_CUES or tok.low.endswith("n't")
        if tok.low in lexicon.NEGATING_VERBS and nxt == "to":
            is_cue = True  # "failed to reach", "refusal to recognise"
        if not is_cue or (tok.low, nxt) in lexicon.NEGATION_SKIP:
            continue
        cues.append(i)
        head = None
        for j in range(i + 1, min(i + 1 + _SCOPE, len(tokens))):
            gap = text[tokens[j - 1].end : tokens[j].start]
            if any(ch in ",;:!?" for ch in gap) or _sentence_break(tokens[j - 1], gap):
                break  # "not on his own. Biden also said …": the next sentence is not negated
            scope.add(j)
            if head is None and tokens[j].content and tokens[j].stem not in lexicon.TRANSPARENT:
                head = j  # "no evidence that X": the negation reaches X
        if head is not None:
            heads.append(head)
    return cues, scope, heads


@lru_cache(maxsize=50_000)
def analyse(text: str) -> TextInfo:
    """Tokens, stems, names, negation scopes, antonym polarities, hedges and quantities."""
    tokens = _tokens(text)
    cues, scope, heads = _negation(tokens, text)
    quantities = tuple(find_quantities(text))
    dated = [(q.start, q.end) for q in quantities if q.kind is QuantityKind.DATE]
    polarity = []
    cue_set = set(cues)
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1].low if i + 1 < len(tokens) else ""
        pol = None if i in cue_set else lexicon.polarity_of(tok.low, nxt)
        if pol is not None:
            polarity.append((i, pol[0], pol[1]))
    return TextInfo(
        text=text,
        tokens=tuple(tokens),
        stems=frozenset(t.stem for t in tokens if t.content),
        lows=frozenset(name_key(t.low) for t in tokens),
        prefixes=frozenset(t.low[:5] for t in tokens if len(t.low) >= 5),
        entities=tuple(_entities(tokens, text)),
        quantities=quantities,
        negated=frozenset(scope),
        cues=tuple(cues),
        heads=tuple(heads),
        polarity=tuple(polarity),
        hedges=sum(
            1
            for t in tokens
            if t.stem in lexicon.HEDGES and not any(a <= t.start < b for a, b in dated)
        ),  # "May" in "in May 2022" is a month, not a hedge
        reporting=any(t.stem in lexicon.REPORTING for t in tokens),
    )


def nothing_to_check(text: str) -> str | None:
    """Why ``text`` states nothing evidence could support or refute, or ``None`` when it does.

    A claim says something about something: "NATO NATO NATO", "Ukraine" or "Putin 2015" only
    name one thing, and "NATO is NATO" repeats it. Such input gets ``not_enough_evidence``
    without looking at the evidence, which would otherwise match its name everywhere. Two
    words of content are enough to be checked as usual ("Inflation rose", "Inflation was 10%",
    "Biden in Kyiv"), so are Title Case headlines ("High Blood Pressure Doubles Death Risk",
    which no rule without a part-of-speech tagger tells from a list of names).
    """
    info = analyse(text)
    content = [t for t in info.tokens if t.content]
    if not content:
        return "the claim has no words to check, only numbers or symbols"
    numeric = [t for t in info.tokens if not t.content and any(ch.isdigit() for ch in t.text)]
    only_names = all(t.name for t in content) and all(
        t.content or t in numeric for t in info.tokens
    )
    names = list(dict.fromkeys(t.text for t in content))
    if len(info.stems) < 2 and (only_names or not info.quantities):
        listed = ", ".join(f'"{n}"' for n in names[:4]) + (" …" if len(names) > 4 else "")
        about = "them" if len(names) > 1 else "it"
        return f"the claim names {listed} but says nothing about {about} to confirm"
    return None
