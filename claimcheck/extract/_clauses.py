"""Clauses of a sentence: finite-verb heuristics, discourse openers, and clause splitting.

No part-of-speech tagger: a word is a finite-verb candidate when it is an auxiliary, a contracted
verb, an irregular past form, a regular ``-ed`` form not after a determiner, or an ``-s`` verb
after a subject-like word. That is enough to tell an independent clause (``, and NATO came
close``) from a coordinated list or predicate (``, and training the army``), which is all the
splitter needs. Every function works on ``(text, start, end)`` ranges of the original text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..text import Segment, words
from ._lexicon import (
    ADVERBIAL_PREFIXES,
    AUXILIARIES,
    BASE_VERBS,
    CONTRACTED_VERBS,
    DETERMINERS,
    IRREGULAR_PAST,
    PREPOSITIONS,
    PRONOUNS,
    S_VERBS,
    SPEECH_VERBS,
    SUBORDINATORS,
    wordset,
)

__all__ = [
    "Clause",
    "TopLevel",
    "clean_end",
    "drop_vague_condition",
    "has_finite_verb",
    "is_finite",
    "breaks_off",
    "is_fragment",
    "span_words",
    "looks_like_clause",
    "split_clauses",
    "strip_prefixes",
]

_OPENERS = {"“": "”", "«": "»", "(": ")", "[": "]"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_NEST_RE = re.compile(r"[“”«»()\[\]\"]")
_COMMA_RE = re.compile(",")
_SEP_RE = re.compile(
    r";\s+|,\s+that\s+is,\s+|,\s+(?:and|but|while|whereas|yet)\s+"
    r"|,\s+(?=the\s+same\s+day\s+(?!as\b))"  # "…, the same day it joined …": a clause of its own
)
_CONTENT_SEP_RE = re.compile(
    r";\s+(?:and\s+)?(?:that\s+)?|,\s+that\s+is,\s+|,\s+(?:and|but|while|whereas|yet)\s+(?:that\s+)?"
)
_PREFIX_RE = re.compile(
    r"(?:"
    + "|".join(re.escape(p) for p in sorted(ADVERBIAL_PREFIXES, key=len, reverse=True))
    + r")\b(?<!\binstead)(?<!\baddition)(?<!\bresult)(?<!\bconsequence)[ \t]*,?[ \t]*"
    + r"|(?:instead|in addition|as a result|as a consequence)\b(?![ \t]+(?:of|to)\b)[ \t]*,?[ \t]*",
    re.IGNORECASE,
)
_STAGE_RE = re.compile(
    r"[(\[](?:laughter|applause|crosstalk|cheers|cheering|booing|boos|inaudible|"
    r"unintelligible|pause|music|silence)[)\]][ \t]*",
    re.IGNORECASE,
)
"""A transcript's stage direction before a sentence: ``(Laughter)``, ``[APPLAUSE]``."""
_VERB_PREFIXES = wordset("re co pre un over under out de non self mis dis")
_RELATIVES = wordset("that which who whom whose")
_RELATIVE_STARTS = wordset("who whom whose which")
_OPEN_ENDS = wordset("the a an and or but because if")
"""Last words that never end a clause (``She does not have a …``)."""
_TRAILING_ENDS = wordset("that which who whom of to with for from")
"""Last words that end a clause that breaks off when a dash or an ellipsis follows
(``… and concluded that...``), not otherwise (``We have to maintain that.``)."""
_BREAK_RE = re.compile(r"\s*(?:\.\.\.|…|--|—|–|-)")
_ADVERB_WORDS = frozenset(p for p in ADVERBIAL_PREFIXES if " " not in p) | wordset(
    "not never even just only"
)
_PRE_VERB_ADVERBS = wordset(
    "also still often never now already usually always only rarely jointly together"
)
_QUANTIFIERS = wordset(
    "none neither nobody nothing everyone everybody all both each some many most few"
)
_SUBJECT_WORDS = (
    DETERMINERS | PRONOUNS | wordset("none nobody nothing everyone everybody someone somebody one")
)
_NUMBER_WORDS = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a\s+few|several|dozens?)"
)
_QUANTITY_RE = re.compile(
    rf"\b(?P<prep>to|by|from|at|of|about)\s+(?P<num>{_NUMBER_WORDS}"
    rf"(?:\s*(?:to|-|–|and|or)\s*{_NUMBER_WORDS})?)(?P<unit>\s+[a-z%]+)?",
    re.IGNORECASE,
)
_GAP_RE = re.compile(
    rf"^(?P<cond>(?:if|when|once|with)\b[^,]+),\s+(?P<prep>to|by|from|at)\s+"
    rf"(?P<num>{_NUMBER_WORDS}(?:\s*(?:to|-|–|and|or)\s*{_NUMBER_WORDS})?)(?P<unit>\s+[a-z%]+)?$",
    re.IGNORECASE,
)
_VAGUE_COND_RE = re.compile(
    r"(?:if|when)\s+(?:this|that|these|those|it|such)\b[^,]*,\s+(?=(?:if|when)\b)", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a sentence: ``[start, end)`` in the article; ``rewrite`` replaces its text
    when the clause is elliptical and was rebuilt from its neighbour."""

    start: int
    end: int
    rewrite: str | None = None


@lru_cache(maxsize=8192)
def span_words(text: str, start: int, end: int) -> tuple[Segment, ...]:
    """``text.words(text, start, end)``, memoised: the extractor asks for the same ranges
    many times. Call ``span_words.cache_clear()`` when done with a text."""
    return tuple(words(text, start, end))


def is_finite(toks: Sequence[Segment], i: int) -> bool:
    """Whether ``toks[i]`` is probably a finite verb (heuristic, see module docstring)."""
    word = toks[i].text
    low = word.lower()
    prev = toks[i - 1].text if i > 0 else ""
    prev_low = prev.lower()
    if low in AUXILIARIES or low in CONTRACTED_VERBS:
        return True
    if prev_low in DETERMINERS or prev_low in PREPOSITIONS or prev_low == "to":
        return False
    if prev_low.endswith(("'s", "’s")) and prev_low not in CONTRACTED_VERBS:
        return False  # "Biden's words": a possessive comes before a noun
    if low in IRREGULAR_PAST:
        return True
    if len(low) >= 4 and low.endswith("ed") and not low.endswith("eed") and not word[0].isupper():
        # "employer-based", "US-led", "state-owned": a compound adjective, not a verb;
        # "re-elected", "co-founded" are verbs
        return "-" not in low or low.split("-")[0] in _VERB_PREFIXES
    if low in S_VERBS or (low in SPEECH_VERBS and low.endswith("s")):
        return True
    if low in BASE_VERBS and not word[0].isupper() and i > 0:
        # "the two countries (also) share", "they fly": a plural or pronoun subject before
        k = i - 1
        while k > 0 and toks[k].text.lower() in _PRE_VERB_ADVERBS:
            k -= 1
        subj = toks[k].text
        subj_low = subj.lower()
        if subj_low in {"they", "we", "you", "i", "who", "which", "that"}:
            return True
        if (
            subj_low.endswith("s")
            and not subj_low.endswith(("ss", "us", "'s", "’s"))
            and subj_low not in DETERMINERS
            and subj_low not in PREPOSITIONS
            and subj_low not in AUXILIARIES
            and (k == 0 or toks[k - 1].text.lower() not in PREPOSITIONS)
        ):
            return True
    # "it remains", "NATO continues": an -s word after a pronoun or a name
    return (
        low.endswith("s")
        and not low.endswith(("ss", "us", "is", "ous", "ics"))
        and len(low) > 3
        and not word[0].isupper()
        and (
            prev_low in {"he", "she", "it", "who", "which", "that"}
            or (prev[:1].isupper() and i > 1)
        )
    )


def is_fragment(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lacks a main clause: no finite verb, verbs only inside
    relative clauses (``Soil that is possible …``), or a lone subordinate clause
    (``Although both signal …``)."""
    toks = span_words(text, start, end)
    verbs = [i for i in range(len(toks)) if is_finite(toks, i)]
    if not verbs:
        return True
    if all(i > 0 and toks[i - 1].text.lower() in _RELATIVES for i in verbs):
        return True
    if toks[0].text.lower() in _RELATIVE_STARTS and start > 0 and text[start - 1] != "\n":
        return True  # "…, but who Donald said couldn't be trusted …": a relative clause
    if toks[0].text.lower() in _CONTINUATIONS and _continues(text, toks[0].start):
        return True  # "— of American Greatness is now beginning.": the rest of another turn
    if toks[0].text.lower() not in SUBORDINATORS:
        return False
    top = TopLevel(text, start, end)
    return not any(top[m.start()] for m in _COMMA_RE.finditer(text, start, end))


_CONTINUATIONS = wordset("of to for in on at by with from and or nor than as the a an")
"""Words that cannot open a clause of their own: after a dash that opens the line, the rest
of someone else's sentence (``— of American Greatness …``; ``-- we haven't had …`` is a
clause)."""


def _continues(text: str, pos: int) -> bool:
    """Whether the words at ``pos`` open their text or line with a dash: a transcript line
    that goes on from someone else's (``— of American Greatness …``)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] not in "—–-":
        return False
    i -= 1
    while i >= 0 and text[i] in " \t-—–":
        i -= 1
    return i < 0 or text[i] == "\n"


def breaks_off(text: str, start: int, end: int) -> bool:
    """Whether the clause ``text[start:end]`` stops mid-phrase (a transcript's "… and
    concluded that..."): its last word opens something it never says."""
    toks = span_words(text, start, end)
    if not toks:
        return False
    last = toks[-1].text.lower()
    if last in _OPEN_ENDS:
        return True
    return last in _TRAILING_ENDS and _BREAK_RE.match(text, toks[-1].end) is not None


def has_finite_verb(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a finite-verb candidate."""
    toks = span_words(text, start, end)
    return any(is_finite(toks, i) for i in range(len(toks)))


def strip_prefixes(text: str, start: int, end: int) -> int:
    """Offset after discourse openers (``However,``, ``At the same time,``, ``Recall that``)."""
    pos = start
    while pos < end:
        while pos < end and (text[pos].isspace() or text[pos] in ",;:—–-"):
            pos += 1
        m = _PREFIX_RE.match(text, pos, end) or _STAGE_RE.match(text, pos, end)
        if not m or m.end() == pos:
            break
        nxt = m.end()
        if text[pos:nxt].lower().startswith("that is") and "," not in text[pos:nxt]:
            break  # "That is the largest deficit": a subject and its verb, not "that is, …"
        # "So" / "Then" / "Now" only as openers followed by a comma or a subject
        if nxt < end and text[nxt - 1] != "," and text[pos:nxt].strip().lower() in {"so", "then"}:
            following = span_words(text, nxt, min(end, nxt + 20))
            if not following or following[0].text.lower() not in _SUBJECT_WORDS:
                break
        pos = nxt
    return pos


def looks_like_clause(text: str, start: int, end: int, *, lenient: bool = False) -> bool:
    """Whether ``text[start:end]`` reads as an independent clause (subject, then a verb).

    ``lenient`` also accepts a quantifier subject without a recognisable verb (``none of the
    parties exclude …``), for the content of reported speech.
    """
    pos = strip_prefixes(text, start, end)
    toks = span_words(text, pos, end)
    # skip one leading prepositional phrase closed by a comma ("in his opinion, none …")
    if toks and toks[0].text.lower() in PREPOSITIONS:
        comma = text.find(",", pos, min(end, pos + 60))
        if comma < 0:
            return False
        toks = span_words(text, comma + 1, end)
    if len(toks) < 2:
        return False
    if toks[0].text.lower() == "that" and (
        toks[1].text.lower() in _SUBJECT_WORDS or toks[1].text[:1].isupper()
    ):
        return False  # a complementizer ("but that the conditions …"), not a subject
    first = toks[0].text
    low = first.lower()
    if low in CONTRACTED_VERBS:
        return True
    if (
        low in AUXILIARIES
        or low.endswith(("ing", "ly"))
        or low == "to"
        or low in PREPOSITIONS
        or low in _ADVERB_WORDS
        or low in SUBORDINATORS
        or is_finite(toks, 0)
    ):
        return False
    if lenient and low in _QUANTIFIERS and len(toks) >= 4:
        return True
    if low in _SUBJECT_WORDS or first[:1].isupper() or first[:1].isdigit():
        return any(is_finite(toks, i) for i in range(1, min(len(toks), 10)))
    # a bare noun subject ("lawmakers there are expected …"): the verb must come soon
    return any(is_finite(toks, i) for i in range(1, min(len(toks), 4)))


def clean_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over whitespace and trailing ``. , ; : …``."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:…"):
        end -= 1
    return end


class TopLevel:
    """Which offsets of ``text[start:end]`` are outside quotes and brackets.

    Built from the quote and bracket characters only (a regex scan), so asking costs a
    binary search instead of a pass over every character.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        depth = 0
        straight = False
        self._edges: list[int] = []  # offsets where the state flips, starting "top"
        inside = False
        for m in _NEST_RE.finditer(text, start, end):
            ch = m.group(0)
            if ch in _OPENERS:
                depth += 1
            elif ch in _CLOSERS:
                depth = max(0, depth - 1)
            else:
                straight = not straight
            now = depth > 0 or straight
            if now != inside:
                # an opener is itself inside; a closer is itself inside too
                self._edges.append(m.start() if now else m.end())
                inside = now

    def __getitem__(self, pos: int) -> bool:
        return bisect.bisect_right(self._edges, pos) % 2 == 0


def _gapped(text: str, left: Clause, right_start: int, right_end: int) -> str | None:
    """Rebuild ``if X, to five`` from the left clause ``… reduced to seven to ten minutes``."""
    m = _GAP_RE.match(text[right_start:right_end].strip())
    if not m:
        return None
    left_text = text[left.start : left.end] if left.rewrite is None else left.rewrite
    # the main part of the left clause: after its last leading condition
    body = left_text
    cond = re.match(r"^(?:(?:if|when|once)\b[^,]+,\s+)+", body, re.IGNORECASE)
    if cond:
        body = body[cond.end() :]
    last = None
    for q in _QUANTITY_RE.finditer(body):
        if q.group("prep").lower() == m.group("prep").lower():
            last = q
    if last is None:
        return None
    unit = m.group("unit") or last.group("unit") or ""
    new_body = body[: last.start()] + f"{last.group('prep')} {m.group('num')}{unit}"
    new_body += body[last.end() :]
    return f"{m.group('cond')}, {new_body}"


def drop_vague_condition(text: str, start: int, end: int) -> int:
    """Skip a leading ``If this …,`` when another condition follows (``if U.S. missiles …``)."""
    m = _VAGUE_COND_RE.match(text, start, end)
    return m.end() if m else start


def split_clauses(text: str, start: int, end: int, *, content: bool = False) -> list[Clause]:
    """Coordinated independent clauses of ``text[start:end]``, in order.

    Splits at ``;``, ``, that is,`` and ``, and/but/while/whereas/yet`` when both sides read as
    clauses (in ``content`` mode also at ``, but that``/``, and that`` of reported speech).
    Elliptical conjuncts (``…, and if X, to five``) are rebuilt from their left neighbour.
    Never splits inside quotes or brackets; returns the whole range when nothing splits.
    """
    top = TopLevel(text, start, end)
    pattern = _CONTENT_SEP_RE if content else _SEP_RE
    clauses: list[Clause] = []
    seg_start = start
    for m in pattern.finditer(text, start, end):
        if not top[m.start()]:
            continue
        left_end = m.start()
        right_start = m.end()
        sep = m.group(0)
        if not has_finite_verb(text, seg_start, left_end):
            continue
        if sep.split()[-1] == "but" and text[right_start : right_start + 5].lower() == "also ":
            continue  # "both an adversary, but also a partner": one predicate, not two clauses
        right_is_that = content and sep.rstrip().endswith("that")
        next_sep = pattern.search(text, right_start, end)
        right_end = next_sep.start() if next_sep else end
        if sep.startswith(",") and "that is" in sep:
            split = has_finite_verb(text, right_start, end)
        else:
            split = right_is_that or looks_like_clause(text, right_start, end, lenient=content)
        if split:
            clauses.append(Clause(seg_start, left_end))
            seg_start = right_start
            continue
        right_clean = clean_end(text, right_start, right_end)
        rewrite = _gapped(text, Clause(seg_start, left_end), right_start, right_clean)
        if rewrite is not None:
            clauses.append(Clause(seg_start, left_end))
            clauses.append(Clause(right_start, right_clean, rewrite))
            seg_start = right_end
    if seg_start < end:
        clauses.append(Clause(seg_start, end))
    out = []
    for c in clauses:
        s = c.start
        while s < c.end and text[s].isspace():
            s += 1
        e = clean_end(text, s, c.end)
        if e > s:
            out.append(Clause(s, e, c.rewrite))
    return out
