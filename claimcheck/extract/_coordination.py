"""Coordination beyond clause pairs: listed clauses, shared subjects, relative clauses.

* :func:`split_list` — ``The US led X, Canada ran Y and Britain ran Z`` → three clauses.
* :func:`split_predicates` — ``Quinoa originated in the Andes, and was domesticated …`` →
  the second predicate gets the first one's subject (and auxiliary: ``She was born in Ohio
  and raised in Texas`` → ``She was raised in Texas``).
* :func:`relative_clauses` — ``Crimea, which Washington considers …`` on a capitalised name.

All offsets index the article; rewriting is left to the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._clauses import (
    Clause,
    TopLevel,
    clean_end,
    is_finite,
    span_words,
)
from ._lexicon import (
    AUXILIARIES,
    CONTRACTED_VERBS,
    DETERMINERS,
    PREPOSITIONS,
    SUBORDINATORS,
    wordset,
)

__all__ = [
    "Appositive",
    "Predicate",
    "Relative",
    "participle_appositives",
    "relative_clauses",
    "split_list",
    "split_predicates",
]

_LIST_SEP_RE = re.compile(r",\s+(?!and\b|but\b|or\b)|\s+and\s+")
_REL_RE = re.compile(r",\s+(?:which|who)\s+")


def _short_clause(text: str, start: int, end: int) -> bool:
    """A clause with a short subject: ``Canada ran …``, ``the army trained …``."""
    toks = span_words(text, start, end)
    if len(toks) < 3:
        return False
    first = toks[0].text
    if first.lower() in SUBORDINATORS or first.lower() in PREPOSITIONS:
        return False
    if not (first[:1].isupper() or first.lower() in DETERMINERS):
        return False
    # a last word ending in -s is a plural more often than a verb ("the Route 273 and
    # Lancaster Pike expansions"): a clause of the list says something after its verb
    return any(
        is_finite(toks, i) and (i < len(toks) - 1 or not toks[i].text.lower().endswith("s"))
        for i in range(1, min(4, len(toks)))
    )


_CLAUSE_OPENERS = wordset(
    "that which who whom whose because although though whereas unless if whether when while as"
)
"""Words that open a subordinate clause and are no prepositions ("after the war", "since
2015" open none)."""
_SHORT_SUBJECT = 4
"""Most words between a subordinator and an ``and`` for the words to be only the first part
of the subordinate clause's subject (``because Al Qaida``, ``that Senator Kennedy``)."""


def _open_subordinate(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends inside a subordinate clause that has not reached its
    verb yet (``The port grew because Kamm``): an ``and`` after it joins that clause's
    subject (``because Kamm and the city invested …``), not two clauses."""
    toks = span_words(text, start, end)
    opener = max(
        (i for i, t in enumerate(toks) if t.text.lower() in _CLAUSE_OPENERS),
        default=None,
    )  # fmt: skip
    if opener is None or opener == 0 or len(toks) - opener - 1 > _SHORT_SUBJECT:
        return False  # a long stretch after it has its verb, seen or not ("that now is …")
    return not any(is_finite(toks, i) for i in range(opener + 1, len(toks)))


def split_list(text: str, start: int, end: int) -> list[Clause]:
    """Clauses listed without a comma before ``and`` or with commas only:
    ``The US led X, Canada ran Y and Britain ran Z`` → three clauses."""
    top = TopLevel(text, start, end)
    seps = [m for m in _LIST_SEP_RE.finditer(text, start, end) if top[m.start()]]
    if not any(m.group(0).strip() == "and" for m in seps):
        return [Clause(start, end)]
    out: list[Clause] = []
    seg_start = start
    for n, m in enumerate(seps):
        nxt = seps[n + 1].start() if n + 1 < len(seps) else end
        if (
            _short_clause(text, seg_start, m.start())
            and not _open_subordinate(text, seg_start, m.start())
            and (m.group(0).strip() == "and" or any(x.group(0).strip() == "and" for x in seps[n:]))
            and _short_clause(text, m.end(), nxt if nxt > m.end() else end)
        ):
            out.append(Clause(seg_start, clean_end(text, seg_start, m.start())))
            seg_start = m.end()
    out.append(Clause(seg_start, end))
    return out


@dataclass(frozen=True, slots=True)
class Relative:
    """A non-restrictive relative clause on a name: ``Crimea, which Washington considers …``."""

    antecedent_start: int
    antecedent_end: int
    start: int
    """Start of the clause after ``which``/``who``."""
    end: int
    insert_at: int
    """Where the antecedent goes when the clause is rewritten on its own: ``start`` for
    ``which is …`` (the antecedent is the subject), after the verb for ``which X considers``."""
    cut_start: int
    """``[cut_start, cut_end)`` is what to leave out of the main clause (``, which …``)."""
    cut_end: int


def relative_clauses(text: str, start: int, end: int) -> list[Relative]:
    """Non-restrictive ``, which``/``, who`` clauses whose antecedent is a capitalised name."""
    top = TopLevel(text, start, end)
    out = []
    for m in _REL_RE.finditer(text, start, end):
        if not top[m.start()]:
            continue
        before = span_words(text, start, m.start())
        k = len(before)
        while k > 0 and before[k - 1].text[:1].isupper() and len(before) - k < 4:
            k -= 1
        if k == len(before):
            continue
        if k > 0 and before[k - 1].text.lower() == "the":
            k -= 1  # "the Kremlin, which …"
        comma = text.find(",", m.end(), end)
        while comma >= 0 and not top[comma]:
            comma = text.find(",", comma + 1, end)
        rel_end = clean_end(text, m.end(), comma if comma >= 0 else end)
        toks = span_words(text, m.end(), rel_end)
        verbs = [i for i in range(len(toks)) if is_finite(toks, i)]
        if len(toks) < 2 or not verbs:
            continue
        insert_at = m.end() if verbs[0] == 0 else toks[verbs[0]].end
        out.append(
            Relative(before[k].start, before[-1].end, m.end(), rel_end, insert_at, m.start(),
                     rel_end)
        )  # fmt: skip
    return out


_PARTICIPLES = wordset(
    """built born made known held founded given taken written shown seen won led sold set put
    brought bought begun done drawn grown thrown worn chosen driven frozen hidden ridden
    spoken stolen broken sworn torn sent spent lost kept paid laid found"""
)
_STATIVE_PARTICIPLES = wordset("known called named located based situated")
"""Participles whose appositive states what still is ("Kyiv, known as …": "is known")."""


@dataclass(frozen=True, slots=True)
class Appositive:
    """A participle phrase set off by commas after a name, before the name's own verb:
    ``The Eiffel Tower, completed in 1889 for the World's Fair, was …``."""

    antecedent_start: int
    antecedent_end: int
    start: int
    """Start of the participle."""
    end: int
    be: str
    """The form of "be" that makes the phrase a clause on the name ("was", "is")."""
    cut_start: int
    """``[cut_start, cut_end)`` is what to leave out of the main clause (``, completed …``)."""
    cut_end: int


def participle_appositives(text: str, start: int, end: int) -> list[Appositive]:
    """``<Name>, <past participle> <preposition or "by"> …, <finite verb> …``: the phrase
    between the commas says something of the name that the main clause does not."""
    top = TopLevel(text, start, end)
    toks = span_words(text, start, end)
    out = []
    for i in range(1, len(toks) - 3):
        gap = text[toks[i - 1].end : toks[i].start]
        if gap.strip() != "," or not top[toks[i - 1].end]:
            continue
        low = toks[i].text.lower()
        if not (low.endswith("ed") or low in _PARTICIPLES) or toks[i].text[:1].isupper():
            continue
        if toks[i + 1].text.lower() not in PREPOSITIONS | {"by", "as"}:
            continue
        k = i - 1  # the name before the comma: capitalised words, "the" allowed first
        while k >= 0 and toks[k].text[:1].isupper() and i - 1 - k < 5:
            k -= 1
        if k == i - 1:
            continue
        if k >= 0 and toks[k].text.lower() == "the":
            k -= 1
        if k >= 0 and not (k == 0 and toks[0].text.lower() in SUBORDINATORS):
            continue  # the name must open the clause: it is the subject the verb comes to
        first = k + 1
        close = next((j for j in range(i + 2, len(toks))
                      if text[toks[j - 1].end : toks[j].start].strip() == ","
                      and top[toks[j - 1].end]), None)  # fmt: skip
        if close is None or not is_finite(toks, close) or toks[close].text.lower() in (
            SUBORDINATORS | {"and", "but", "or"}
        ):
            continue
        be = "is" if low in _STATIVE_PARTICIPLES else "was"
        phrase_end = clean_end(text, toks[i].start, toks[close - 1].end)
        out.append(Appositive(toks[first].start, toks[i - 1].end, toks[i].start, phrase_end,
                              be, toks[i - 1].end, toks[close - 1].end + 1))  # fmt: skip
    return out


_PRED_SEP_RE = re.compile(
    r",?\s+(?:and|but)\s+(?:then\s+|also\s+|later\s+|now\s+|still\s+|today\s+)?"
)
_NOW_WORDS = frozenset("now still today".split())
"""Adverbs between "and" and a second predicate that only a verb in the present (-s) or past
(-ed) may follow there ("opened in 1960 and now has three lines")."""
_PARTICIPLE_AUX = wordset("is are was were has have had will would can could")


@dataclass(frozen=True, slots=True)
class Predicate:
    """A predicate that shares the subject of the clause before it.

    ``[start, end)`` is the predicate in the article (``was domesticated …``);
    ``[prefix_start, prefix_end)`` what comes before the first predicate (``Quinoa``,
    ``Since 2015, the allies``), to be written before it; ``aux`` an auxiliary the predicate
    shares (``was`` for ``… and raised in Texas``) or ``""``. For the first predicate the
    prefix is empty (``prefix_start == prefix_end``).
    """

    start: int
    end: int
    prefix_start: int
    prefix_end: int
    aux: str = ""


_MODALS = frozenset("will would shall should can could may might must".split())


def split_predicates(text: str, start: int, end: int) -> list[Predicate]:
    """Split ``Subject VP1, and VP2`` into predicates that each get ``Subject``.

    Only when the second conjunct starts with a finite verb, the first predicate has an
    object or complement (``NATO trained and equipped the army`` stays whole), and the
    subject is short and plain (a name, a pronoun, or a determiner phrase, possibly after a
    fronted phrase closed by a comma).
    """
    whole = [Predicate(start, end, start, start)]
    toks = span_words(text, start, end)
    verb = next((i for i in range(len(toks)) if is_finite(toks, i)), None)
    if verb is None or verb == 0:
        return whole
    # an aside on the subject ("Croatia, which joined the EU in 2013, adopted …"): the verb
    # is the first one after it, and the subject ends where it starts
    subject_end = verb
    asides = [(r.cut_start, r.cut_end) for r in relative_clauses(text, start, end)] + [
        (a.cut_start, a.cut_end) for a in participle_appositives(text, start, end)
    ]
    aside = next(((a, b) for a, b in sorted(asides) if a < toks[verb].end <= b + 1), None)
    if aside is not None:
        subject_end = next((i for i in range(len(toks)) if toks[i].start >= aside[0]), verb)
        verb = next(
            (i for i in range(len(toks)) if toks[i].start >= aside[1] and is_finite(toks, i)),
            None,
        )
        if verb is None:
            return whole
    # the subject: the words before the verb, after a fronted phrase ending with a comma
    subj = 0
    for i in range(subject_end if aside is None else subject_end - 1):  # not the aside's ","
        if "," in text[toks[i].end : toks[i + 1].start]:
            subj = i + 1
    if subject_end - subj > 6 or subject_end - subj < 1:
        return whole
    first = toks[subj].text
    if not (first[:1].isupper() or first.lower() in DETERMINERS or first.lower() in
            {"he", "she", "it", "they", "we", "i"}):  # fmt: skip
        return whole
    if first.lower() in SUBORDINATORS | PREPOSITIONS:
        return whole
    top = TopLevel(text, start, end)
    prefix_end = toks[verb].start if aside is None else clean_end(text, start, aside[0])
    aux = toks[verb].text.lower() if toks[verb].text.lower() in _PARTICIPLE_AUX else ""
    modal = toks[verb].text.lower() in _MODALS
    out: list[Predicate] = []
    seg_start, seg_prefix, seg_aux = start, start, ""
    for m in _PRED_SEP_RE.finditer(text, toks[verb].end, end):
        right = span_words(text, m.end(), end)
        left = span_words(text, max(seg_start, toks[verb].end), m.start())
        if not top[m.start()] or len(right) < 2 or len(left) < 2 or not is_finite(right, 0):
            continue
        if any(top[k] and text[k] in ":;" for k in range(toks[verb].end, m.start())):
            break  # "The goal is simple: Kamm can and will end …": the "and" is the next clause's
        low = right[0].text.lower()
        if low in SUBORDINATORS or right[0].text[:1].isupper():
            continue
        if low.replace("’", "'") in CONTRACTED_VERBS:
            continue  # "he was wrong then and he's wrong now": its own subject, not ours
        if m.group(0).split()[-1] in _NOW_WORDS and not low.endswith(("s", "ed")):
            continue  # "you can hold the line … and still have a balanced budget": a bare
            # verb after "still" may continue a modal inside the clause ("can … have")
        if modal and low.endswith("ed"):
            continue  # "will expand benefits for seniors and disabled vets": after "will"
            # a second predicate would take the bare form ("and raise"), so "disabled" is
            # an adjective of the object
        out.append(Predicate(seg_start, clean_end(text, seg_start, m.start()), start,
                             seg_prefix, seg_aux))  # fmt: skip
        seg_start, seg_prefix = m.end(), prefix_end
        # "have trained X and supplied Y" shares "have"; "was born in Ohio and raised in
        # Texas" shares "was" (a passive: no object after it); "was born … and studied law"
        # does not (an active verb with its own object)
        participle = (
            low not in AUXILIARIES
            and low.endswith(("ed", "en", "wn", "ne"))
            and (aux in {"has", "have", "had"} or right[1].text.lower() in PREPOSITIONS | {"by"})
        )
        seg_aux = aux if aux and participle else ""
    if not out:
        return whole
    out.append(Predicate(seg_start, end, start, seg_prefix, seg_aux))
    return out
