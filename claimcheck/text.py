"""Text segmentation with exact character offsets, and matching helpers.

Every function here returns offsets into the text it was given, so that
``text[seg.start:seg.end] == seg.text`` always holds (tested with hypothesis). Nothing here
changes the text: normalisation for matching keeps a map back to original offsets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "STOPWORDS",
    "Segment",
    "content_terms",
    "locate",
    "normalize_for_match",
    "paragraphs",
    "sentences",
    "stem",
    "words",
]


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a text: ``source[start:end] == text``."""

    start: int
    end: int
    text: str


# Abbreviations after which a period does not end a sentence (lower-case, without the dot).
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev fr st jr sr messrs mme
    inc ltd co corp plc llc dept univ est approx vs etc al cf fig eq no nos vol pp ed eds
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    e.g i.e a.m p.m u.s u.k u.n e.u u.s.a u.s.s.r d.c n.y l.a ph.d b.c a.d
    mt ft ave blvd rd""".split()
)
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
# A sentence ends at . ! ? or … (possibly repeated), followed by closing quotes/brackets.
_END_RE = re.compile(r"(?:[.!?…]+)[\"'”’)\]»]*")
_PARA_RE = re.compile(r"\n[ \t\r\f\v]*\n|\r\n[ \t]*\r\n|\u2029")
_LINE_RE = re.compile(r"\r\n|\n|\r|\u2028")
_WORD_RE = re.compile(r"[^\W_]+(?:[’'\-.][^\W_]+)*", re.UNICODE)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str) -> list[Segment]:
    """Blocks of text separated by blank lines, stripped of surrounding whitespace."""
    out: list[Segment] = []
    pos = 0
    for match in _PARA_RE.finditer(text):
        start, end = _strip(text, pos, match.start())
        if end > start:
            out.append(Segment(start, end, text[start:end]))
        pos = match.end()
    start, end = _strip(text, pos, len(text))
    if end > start:
        out.append(Segment(start, end, text[start:end]))
    return out


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for match in _LINE_RE.finditer(text, start, end):
        yield pos, match.start()
        pos = match.end()
    yield pos, end


def _is_boundary(text: str, dot: int, after: int, end: int, glued: bool = False) -> bool:
    """Whether the terminator run ``text[dot:after]`` ends a sentence."""
    if after >= end:
        return True
    if not text[after].isspace():
        return glued and _glued(text, dot, after, end)
    # next visible character
    nxt = after
    while nxt < end and text[nxt].isspace():
        nxt += 1
    if nxt >= end:
        return True
    following = text[nxt]
    run = text[dot:after]
    if run[0] == ".":
        # the word before the dot
        word_start = dot
        while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
            word_start -= 1
        word = text[word_start:dot].lower()
        if word.rstrip(".") in _ABBREVIATIONS or word in _ABBREVIATIONS:
            # "U.S. President" continues; "in the U.S. The next" is ambiguous: continue only if
            # the next word is capitalised title-like after a title abbreviation, or lower-case.
            if word.rstrip(".") in {"u.s", "u.k", "u.n", "e.u", "d.c", "u.s.a"}:
                nxt_word = _WORD_RE.match(text, nxt)
                return bool(nxt_word and nxt_word.group(0) in _SENTENCE_STARTERS)
            return False
        if len(word) == 1 and word.isalpha() and following.isupper():
            return False  # an initial: "John F. Kennedy"
    return not (following.islower() or following in ",;:")


_GLUED_BEFORE_RE = re.compile(r"(?<![\w.])[a-z]{2,}$")


def _glued(text: str, dot: int, after: int, end: int) -> bool:
    """Whether a full stop with no space after it still ends a sentence, as in text pasted
    from a page that lost its spaces (``… in American history.But we didn't stop there.We
    raised …``): a lower-case word of two letters or more before it, and a word that starts
    sentences after it. ``U.S.Army``, ``example.com``, ``3.5`` and ``e.g.The`` stay whole."""
    if text[dot] not in ".!?" or not text[after].isupper():
        return False
    before = _GLUED_BEFORE_RE.search(text, max(dot - 40, 0), dot)
    if before is None or before.group(0) in _ABBREVIATIONS:
        return False
    nxt_word = _WORD_RE.match(text, after, end)
    if nxt_word is None:
        return False
    first = re.match(r"[^\W_]+", nxt_word.group(0))
    return first is not None and first.group(0) in _SENTENCE_STARTERS


# Words that, after "U.S." or "U.K.", signal a new sentence rather than a noun phrase.
_SENTENCE_STARTERS = frozenset(
    "The A An It He She They We I This That These Those But And In On At As If When While "
    "However Meanwhile There His Her Their Its Our After Before Since Although".split()
)


def sentences(text: str, *, glued: bool = False) -> list[Segment]:
    """Sentences of ``text`` with exact offsets.

    Paragraph breaks and line breaks end a sentence (headings and list items stand alone);
    abbreviations (``U.S.``, ``Mr.``, ``e.g.``), initials and decimal numbers do not; closing
    quotes after the final punctuation belong to the sentence. With ``glued``, a full stop
    with no space after it ends a sentence too where :func:`_glued` says so (articles pasted
    from pages that lost their spaces; the claim extractors use it, the evidence side does
    not: the stance model was trained on evidence split without it).
    """
    out: list[Segment] = []
    for para in paragraphs(text):
        for line_start, line_end in _lines(text, para.start, para.end):
            pos = line_start
            for match in _END_RE.finditer(text, line_start, line_end):
                if _is_boundary(text, match.start(), match.end(), line_end, glued):
                    start, end = _strip(text, pos, match.end())
                    if end > start:
                        out.append(Segment(start, end, text[start:end]))
                    pos = match.end()
            start, end = _strip(text, pos, line_end)
            if end > start:
                out.append(Segment(start, end, text[start:end]))
    return out


def words(text: str, start: int = 0, end: int | None = None) -> list[Segment]:
    """Word tokens (letters/digits, with inner apostrophes, hyphens and dots) with offsets."""
    stop = len(text) if end is None else end
    return [Segment(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(text, start, stop)]


STOPWORDS = frozenset(
    """a an the and or but if then else of to in on at by for with from into onto over under
    about as is are was were be been being am do does did doing have has had having it its it's
    this that these those there here he him his she her hers they them their theirs we us our
    ours you your yours i me my mine who whom whose which what when where why how than too very
    can could may might must shall should will would so such not no nor only own same just also
    both each few more most other some any all up down out off again further once s t don
    said says say according""".split()
)


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer  # PyStemmer, C extension

    return Stemmer.Stemmer("english")


_SPELLINGS: tuple[tuple[str, str], ...] = (
    # -our
    ("colour", "color"), ("labour", "labor"), ("favour", "favor"), ("honour", "honor"),
    ("behaviour", "behavior"), ("neighbour", "neighbor"), ("harbour", "harbor"),
    ("humour", "humor"), ("rumour", "rumor"), ("vapour", "vapor"), ("armour", "armor"),
    ("flavour", "flavor"), ("odour", "odor"), ("rigour", "rigor"), ("vigour", "vigor"),
    ("tumour", "tumor"), ("endeavour", "endeavor"), ("candour", "candor"), ("saviour", "savior"),
    # -re
    ("centre", "center"), ("metre", "meter"), ("litre", "liter"), ("theatre", "theater"),
    ("fibre", "fiber"), ("calibre", "caliber"), ("meagre", "meager"), ("sombre", "somber"),
    ("manoeuvr", "maneuver"),
    # -ence
    ("defence", "defense"), ("offence", "offense"), ("pretence", "pretense"),
    ("licence", "license"),
    # ae, oe
    ("haem", "hem"), ("anaem", "anem"), ("anaesth", "anesth"), ("leukaem", "leukem"),
    ("ischaem", "ischem"), ("glycaem", "glycem"), ("septicaem", "septicem"),
    ("paediatr", "pediatr"), ("orthopaed", "orthoped"), ("gynaecolog", "gynecolog"),
    ("oestr", "estr"), ("oedem", "edem"), ("oesophag", "esophag"), ("diarrhoe", "diarrhe"),
    ("foetus", "fetus"), ("foetal", "fetal"), ("aetiolog", "etiolog"), ("coeliac", "celiac"),
    # single words
    ("programme", "program"), ("catalogue", "catalog"), ("analogue", "analog"),
    ("ageing", "aging"), ("judgement", "judgment"), ("aluminium", "aluminum"),
    ("sulphur", "sulfur"), ("sceptic", "skeptic"), ("mould", "mold"), ("practis", "practic"),
)  # fmt: skip
_ISE = re.compile(r"^(\w{3,}?)is(e|ed|es|ing|ation|ations|able|er|ers)$")
_YSE = re.compile(r"^(\w{2,}?)ys(e|ed|es|ing|er|ers)$")


def american(word: str) -> str:
    """The American spelling of a lower-cased word ("recognise" → "recognize", "defence" →
    "defense", "tumour" → "tumor", "haemoglobin" → "hemoglobin"; other words unchanged), so
    that a British source and an American claim share stems. Applied to both sides alike, so a
    word that is spelled "-ise" in both dialects ("promise") only gets one harmless form."""
    for british, us in _SPELLINGS:
        if british in word:
            word = word.replace(british, us)
    word = _ISE.sub(r"\1iz\2", word)
    return _YSE.sub(r"\1yz\2", word)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """English Snowball stem of a lower-cased word, British spellings folded to American
    (:func:`american`)."""
    return str(_stemmer().stemWord(american(word.lower())))  # type: ignore[attr-defined]


def content_terms(text: str) -> list[str]:
    """Stemmed, lower-cased content words of ``text`` (stopwords dropped, numbers kept)."""
    out = []
    for token in _WORD_RE.findall(text):
        low = token.lower().replace("’", "'")
        if low in STOPWORDS or (len(low) == 1 and not low.isdigit()):
            continue
        out.append(stem(low))
    return out


# ----------------------------------------------------------------------------- matching

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2026": "...",
}  # fmt: skip


def normalize_for_match(text: str) -> tuple[str, list[int]]:
    """Fold case, quotes, dashes and runs of whitespace; return the folded text and, for each
    folded character, the offset of the original character it came from."""
    out: list[str] = []
    index: list[int] = []
    prev_space = True
    for i, ch in enumerate(text):
        rep = _FOLD.get(ch)
        if rep is None:
            rep = unicodedata.normalize("NFKC", ch) if ord(ch) > 127 else ch
        for piece in rep:
            if piece.isspace():
                if prev_space:
                    continue
                piece = " "
                prev_space = True
            else:
                prev_space = False
            for low in piece.lower():  # "İ".lower() is two characters
                out.append(low)
                index.append(i)
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def locate(needle: str, haystack: str, start_hint: int = 0) -> tuple[int, int] | None:
    """Find ``needle`` in ``haystack``: exactly first, then ignoring case, quote style, dashes
    and whitespace. Returns ``(start, end)`` offsets into ``haystack`` or ``None``.

    The returned range always slices ``haystack``; with the folded match it may differ from
    ``needle`` in those folded details only.
    """
    if not needle.strip():
        return None
    pos = haystack.find(needle, start_hint)
    if pos < 0 and start_hint:
        pos = haystack.find(needle)
    if pos >= 0:
        return pos, pos + len(needle)
    folded_needle, _ = normalize_for_match(needle.strip())
    folded_hay, index = normalize_for_match(haystack)
    if not folded_needle:
        return None
    pos = folded_hay.find(folded_needle)
    if pos < 0:
        return None
    start = index[pos]
    last = index[pos + len(folded_needle) - 1]
    end = last + 1
    # extend over a character folded into several (e.g. an ellipsis) and trailing combining marks
    while end < len(haystack) and unicodedata.combining(haystack[end]):
        end += 1
    return start, end
