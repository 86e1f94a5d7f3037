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

from .._quantity_lexicon import NUMBER_WORDS
from ..text import Segment
from ._clauses import has_finite_verb, is_finite, looks_like_clause, span_words
from ._discourse import Discourse
from ._lexicon import (
    DETERMINERS,
    FIRST_PERSON,
    MONTHS,
    PREPOSITIONS,
    PRONOUNS,
    SPEECH_VERB_PAST,
    SPEECH_VERBS,
    SUBORDINATORS,
    WEEKDAYS,
    wordset,
)

__all__ = ["THAT_VERBS", "QuotePart", "Report", "find_inline", "find_quote_parts"]

_MAX_GAP_TOKENS = 14
_MAX_SPEAKER_WORDS = 9
_MAX_PHRASE_WORDS = 12
"""A speaker with a prepositional phrase may be longer (``half of the people surveyed
around the world last year``)."""
_ADVERBS = wordset(
    """also once again then later previously earlier recently repeatedly explicitly publicly
    openly reportedly has had have was is would had already further still however though
    too again"""
)
_FILLERS = wordset("uh um er ah erm")
_NOUN_FORMS = wordset(
    "states claims reports notes comments remarks estimates points replies answers tweets"
)
"""Speech verbs that are also plural nouns (``five states that``, ``the claims that``)."""
_AUX_SKIP = wordset(
    """do does did must might may can could should shall will just only merely simply even
    ever always never not often sometimes usually now today yesterday first finally
    nevertheless somehow actually certainly clearly indeed"""
)
_NEGATIONS = wordset("not never no")
_BE = wordset("be been being")
_PARTICIPLES = wordset(
    """told said reported claimed estimated stated announced noted predicted indicated
    written"""
)
_NOT_SPEAKERS = wordset(
    "so as than having anybody anyone everybody everyone somebody someone nobody"
)
"""Words before a speech verb that show nobody is named: ``so say 80 graphs``, ``as …``,
``having said that``, ``everybody says``."""
_COORDINATORS = wordset("and but or nor")
_SUBJECT_PRONOUNS = wordset("he she it they we i you there")
_RELATIVES = wordset("who which")
_CLAUSE_OPENERS = wordset(
    """when whenever what why because if as like until where while since although though
    once whether how unless whom whose"""
)
_NO_ONE = wordset("nobody none neither")
_LY_NOUNS = wordset(
    """family assembly ally supply rally anomaly monopoly butterfly jelly belly bully lily
    reply july italy homily melancholy daily weekly monthly quarterly"""
)
_DAY_WORDS = wordset("today yesterday tonight tomorrow")
_TIME_WORDS = wordset(
    """the a an this that these those last next same one first time times point moment
    week weeks month months year years day days night morning evening weekend hour hours
    early late"""
)
"""Words of a phrase that only dates the speech (``at one time``, ``in the same week``)."""
_PARTICLES = wordset("up down out off over back away")
_ORDINALS = wordset(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
    thirtieth"""
)
_TIME_PREPOSITIONS = wordset("during after before since until throughout")
_OWNING_PREPOSITIONS = wordset("of in at from for by with on under around across near")
"""Prepositions whose phrase may belong to the speaker's noun (``officials in Kyiv``,
``the Department of Energy``, ``a spokesman for the Kremlin``, ``a study by two
economists``)."""
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
    """Span of the words naming who speaks with the verb ``toks[verb]``, or ``None`` when
    nobody named does: the writer (``let me say``, ``as I said``), a denial (``we have never
    said``), a passive (``we have been told``), a comparison (``so say 80 graphs``)."""
    text = d.text
    if participle:
        return _clause_subject(d, toks, verb)
    k = verb - 1
    passive = False
    while k >= 0 and (_is_adverb(toks[k].text) or toks[k].text.lower() in _AUX_SKIP):
        low = toks[k].text.lower()
        if low in _NEGATIONS or low.endswith(("n't", "n’t")):
            return None  # "I do not say that", "we have never said"
        passive = passive or low in _BE
        k -= 1
    if k < 0:
        return None
    low = toks[k].text.lower()
    if low in _NEGATIONS or low.endswith(("n't", "n’t")) or low in _NOT_SPEAKERS:
        return None
    if low in _BE or (passive and toks[verb].text.lower() in _PARTICIPLES):
        return None  # "we have been told", "it was reported that": no speaker named
    if "," in text[toks[k].end : toks[k + 1].start]:
        # "X, a member of …, said": the subject is before the apposition
        return _clause_subject(d, toks, verb)
    if low in _COORDINATORS:
        # "Rubin looked at the plan and said …": the subject of the first verb
        return _leading_subject(text, toks, k)
    if low in _RELATIVES and k > 0:
        # "economists who say", "a study by two economists, which indicated": the antecedent
        k -= 1
    found = _noun_phrase(d, toks, k, verb)
    return None if found is None else _named(toks, *found)


def _named(toks: Sequence[Segment], j: int, k: int) -> tuple[int, int] | None:
    """The offsets of ``toks[j..k]`` as a speaker, or ``None`` when they name nobody: the
    writer or the person addressed (``I``, ``my opponent``, ``you``), nobody (``no one``), a
    number (``USGCRP (2018) indicate``, ``one of only five states that``)."""
    words = [t.text.lower() for t in toks[j : k + 1]]
    if words[0] in _NO_ONE or words[0] in _NOT_SPEAKERS or words[:2] == ["no", "one"]:
        return None
    if words[0] in FIRST_PERSON or words[-1] in FIRST_PERSON or words[-1] == "you":
        return None
    if _is_number(words[-1]):
        return None
    return toks[j].start, toks[k].end


def _leading_subject(text: str, toks: Sequence[Segment], verb: int) -> tuple[int, int] | None:
    """The words before the clause's first verb, after its last comma, when they read as a
    noun phrase (``Robert Rubin looked at his plan and said``; ``Fifteen months ago, he was
    … and said``)."""
    first = next((i for i in range(verb) if is_finite(toks, i)), None)
    if first is None:  # "Erik Novak read the report": a verb we cannot tell; a full name
        first = next((i for i in range(verb) if not toks[i].text[:1].isupper()), 0)
        after = toks[first].text.lower()
        if first < 2 or after in PREPOSITIONS | DETERMINERS | _COORDINATORS | _RELATIVES:
            return None
    if not first:
        return None
    start = 0
    for i in range(1, first + 1):
        if text[toks[i - 1].end : toks[i].start].strip():
            start = i
    if start == first or first - start > _MAX_SPEAKER_WORDS:
        return None  # "Margaret, may I …": no subject before the verb
    words = [t.text.lower() for t in toks[start:first]]
    if any(w in PREPOSITIONS or w in _CLAUSE_OPENERS or w in SUBORDINATORS for w in words[:1]):
        return None
    if any(w in FIRST_PERSON or w in _CLAUSE_OPENERS or w in _RELATIVES for w in words):
        return None
    if not (toks[start].text[:1].isupper() or words[0] in DETERMINERS | {"he", "she"}):
        return None
    return _named(toks, start, first - 1)


def _noun_phrase(
    d: Discourse, toks: Sequence[Segment], k: int, verb: int
) -> tuple[int, int] | None:
    """Token span ``(j, k)`` of the noun phrase ending at ``toks[k]`` that is the subject of
    ``toks[verb]``: a person mention, a pronoun, a role phrase, or capitalised names or a
    determiner-led phrase, with a prepositional phrase that belongs to it (``officials in
    Kyiv``, ``the Department of Energy``), but not one that only dates the speech (``Senator
    McCain during that period``, ``in February Senator Dole``)."""
    tok = toks[k]
    low = tok.text.lower()
    for m in d.mentions_in(max(0, tok.start - 60), tok.end):
        if m.end == tok.end:
            j = next(i for i in range(k + 1) if toks[i].start >= m.start)
            if j > 0 and toks[j - 1].text[:1].isupper():
                j = _walk_back(d, toks, j, verb)  # "Mayor Maria Lopez", "Kremlin spokesman …"
            return _with_head(d, toks, j, k, verb)
    if low in {"he", "she", "they", "it", "we", "i", "you", "me", "us"}:
        return k, k
    for start, end, _ in d.role_phrases(max(0, tok.start - 60), tok.end):
        if end == tok.end:
            j = next(i for i in range(k + 1) if toks[i].start >= start)
            return _with_head(d, toks, j, k, verb)
    if low in DETERMINERS or low in PREPOSITIONS or low in _CLAUSE_OPENERS or is_finite(toks, k):
        return None
    if _is_time(tok.text) or low in _PARTICLES:
        return None
    j = _walk_back(d, toks, k, verb)
    return _with_head(d, toks, j, k, verb)


def _walk_back(
    d: Discourse, toks: Sequence[Segment], k: int, verb: int, limit: int = _MAX_SPEAKER_WORDS
) -> int:
    """First token of the plain noun phrase ending at ``toks[k]`` (capitalised names or a
    determiner-led phrase: ``the ministry``, ``most economists``)."""
    text = d.text
    j = k
    while j > 0 and verb - j < limit:
        prev = toks[j - 1]
        plow = prev.text.lower()
        gap = text[prev.end : toks[j].start]
        if (
            gap.strip(" .")
            or plow in PREPOSITIONS
            or plow in _CLAUSE_OPENERS
            or plow in _COORDINATORS
            or plow in _RELATIVES
            or _is_time(prev.text)
            or is_finite(toks, j - 1)
        ):
            break
        if plow == "that" and toks[j].text[:1].isupper():
            break  # "my understanding that Governor Carter has indicated": a conjunction
        j -= 1
        if plow in DETERMINERS:
            break
    return j


def _with_head(
    d: Discourse, toks: Sequence[Segment], j: int, k: int, verb: int
) -> tuple[int, int] | None:
    """``(j, k)``, widened over a prepositional phrase that belongs to a noun before it
    (``sediments in Florida``, ``a spokesman for Putin``), or moved to the subject before a
    phrase that dates the speech (``Senator McCain during that period``); ``None`` when the
    phrase is the object of another preposition (``in response to dubious claims``)."""
    text = d.text

    def joined(a: int) -> bool:  # no punctuation between toks[a] and toks[a + 1]
        return not text[toks[a].end : toks[a + 1].start].strip(" .")

    while j >= 2 and joined(j - 1) and joined(j - 2):
        prep = toks[j - 1].text.lower()
        if prep not in PREPOSITIONS:
            break
        h = j - 2
        if (
            toks[h].text.lower().endswith("ed")
            and h >= 1
            and joined(h - 1)
            and toks[h - 1].text[:1].isalpha()
            and toks[h - 1].text.lower()
            not in PREPOSITIONS | DETERMINERS | _RELATIVES | _CLAUSE_OPENERS | PRONOUNS
            and not is_finite(toks, h - 1)
        ):
            h -= 1  # "the people surveyed around the world": a participle after its noun
        head_low = toks[h].text.lower()
        dating = prep in _TIME_PREPOSITIONS or all(
            _is_time(t.text) or _is_year(t.text) or t.text.lower() in _TIME_WORDS
            for t in toks[j : k + 1]
        )
        if head_low in {"he", "she", "they", "it"}:
            return h, h  # "he at one time said"
        if (
            head_low in DETERMINERS
            or head_low in PREPOSITIONS
            or head_low in _CLAUSE_OPENERS
            or head_low in _COORDINATORS
            or is_finite(toks, h)
        ):
            return None if dating else (j, k)
        if dating:
            return _noun_phrase(d, toks, j - 2, verb)  # the speaker stands before the date
        if prep not in _OWNING_PREPOSITIONS:
            return None  # "in response to dubious claims that": an object, not a speaker
        if verb - h > _MAX_PHRASE_WORDS:
            break
        j = _walk_back(d, toks, h, verb, _MAX_PHRASE_WORDS)
    return j, k


def _clause_subject(d: Discourse, toks: Sequence[Segment], verb: int) -> tuple[int, int] | None:
    """The clause subject of a verb whose own subject is further back (``Peskov responded to
    …, once again saying that``; ``X, a member of …, said``): the first person mention of the
    clause not governed by a preposition."""
    text = d.text
    if verb > 0 and toks[verb - 1].text.lower() == "having":
        return None  # "having said that": a discourse marker
    for m in d.mentions_in(toks[0].start, toks[verb].start):
        before = span_words(text, max(toks[0].start, m.start - 30), m.start)
        if not m.possessive and not (before and before[-1].text.lower() in PREPOSITIONS):
            return m.start, m.end
    return None


def _is_adverb(word: str) -> bool:
    """Whether ``word`` is an adverb that may stand between a speaker and the verb."""
    low = word.lower()
    if low in _ADVERBS or low in _FILLERS:
        return True
    return word[:1].islower() and len(low) >= 5 and low.endswith("ly") and low not in _LY_NOUNS


def _is_time(word: str) -> bool:
    """A month, weekday or day word (``February``, ``Monday``, ``today``)."""
    low = word.lower().rstrip(".")
    return low in MONTHS or low in WEEKDAYS or low in _DAY_WORDS


def _is_number(low: str) -> bool:
    """A number or ordinal, in digits or words (``50``, ``five``, ``fifteenth``, ``3rd``)."""
    bare = low.replace(",", "").replace(".", "")
    if bare.isdigit() or low in NUMBER_WORDS or low in _ORDINALS:
        return True
    return bare[:-2].isdigit() and bare[-2:] in {"st", "nd", "rd", "th"}


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and 1500 <= int(word) <= 2199


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
        if i > 0 and tok.text[:1].isupper():
            continue  # "the United States", "Reports" in a title: a name, not a verb
        if (
            i > 0
            and low in _NOUN_FORMS
            and (_is_number(toks[i - 1].text.lower()) or toks[i - 1].text.lower() in DETERMINERS)
        ):
            continue  # "50 states that", "the claims that": a noun
        if low in _NOUN_FORMS and i + 1 < len(toks) and toks[i + 1].text.lower() == "of":
            continue  # "The best estimates of the Finance Department show that": a noun
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
        if content_start is None and low in _TELL_VERBS and last + 2 < len(toks):
            # "told pollsters they were …", "told me the talks had failed": after the listener
            content_start = _after_listener(text, toks, last, end)
            style = "bare"
        elif content_start is None and low in _BARE_VERBS and last + 1 < len(toks):
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


def _after_listener(text: str, toks: Sequence[Segment], verb: int, end: int) -> int | None:
    """Where the content of ``told <listener> <clause>`` starts: the first subject pronoun or
    determiner within a few words after the listener that begins a clause."""
    for j in range(verb + 2, min(len(toks), verb + 7)):
        gap = text[toks[j - 1].end : toks[j].start]
        if gap.strip() or is_finite(toks, j - 1) or toks[j - 1].text.lower() in _CLAUSE_OPENERS:
            return None  # "tells us what to do", "told reporters on Monday, …"
        low = toks[j].text.lower()
        if (low in _SUBJECT_PRONOUNS or low in DETERMINERS) and looks_like_clause(
            text, toks[j].start, end
        ):
            return toks[j].start
    return None


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
            if spk.split()[0].lower() in FIRST_PERSON:
                continue  # "…, I would say, …": the writer
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
