"""Number parsing behind :mod:`claimcheck.quantities`: tokens to quantity drafts.

A draft is a number (digits or words) with what surrounds it: currency, approximators and
bounds before it, a second number of a range, a unit or counted noun after it, a change
direction. :func:`parse_at` reads one draft at a token; :mod:`claimcheck.quantities` turns
drafts into :class:`~claimcheck.quantities.Quantity` objects.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _quantity_lexicon as lex
from ._quantity_lexicon import QuantityKind
from .text import stem

__all__ = ["Draft", "Tok", "parse_at", "tokens"]

_Kind = QuantityKind

_ASCII_DIGITS = frozenset("0123456789")


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    low: str
    is_num: bool


@dataclass(slots=True)
class Draft:
    """A quantity being parsed: token range ``[first, after)`` and what is known so far."""

    first: int
    after: int
    low: float
    high: float
    precision: float
    digits: bool
    kind: QuantityKind = _Kind.NUMBER
    unit: str = ""
    approx: bool = False
    bound: str | None = None
    direction: int = 0
    converted: bool = False
    range_word: str = ""


def tokens(text: str) -> list[Tok]:
    """Digit runs, letter runs and single other characters of ``text``, with offsets."""
    return [
        Tok(m.start(), m.end(), m.group(0), m.group(0).lower(), m.group(0)[0] in _ASCII_DIGITS)
        for m in lex.TOKEN_RE.finditer(text)
    ]


def _glued(text: str, a: int, b: int) -> bool:
    """Nothing, or a single space, between offsets ``a`` and ``b``."""
    return a == b or (b - a == 1 and text[a].isspace())


def _digit_value(tok: str) -> tuple[float, float]:
    """Value and precision of a digit token such as ``1,974`` or ``2.5``."""
    plain = tok.replace(",", "")
    value = float(plain)
    if "." in plain:
        return value, 10.0 ** -len(plain.split(".", 1)[1])
    zeros = len(plain) - len(plain.rstrip("0"))
    return value, 10.0**zeros if value else 1.0


def _word_number(toks: list[Tok], i: int) -> tuple[float, float, int] | None:
    """Number words from token ``i``: (value, precision, index after), or ``None``."""
    n, j = len(toks), i
    if toks[j].low in ("a", "an") and j + 1 < n and toks[j + 1].low in _AFTER_ARTICLE:
        j += 1
    total = current = 0.0
    last = ""
    while j < n:
        w = toks[j].low
        if w in lex.ONES or w in lex.TENS:
            if last in lex.ONES or (
                last in lex.TENS and (w in lex.TENS or lex.ONES.get(w, 10) >= 10)
            ):
                break
            current += lex.ONES.get(w, 0) + lex.TENS.get(w, 0)
        elif w in lex.SCALES and (last or j > i):
            if w == "hundred":
                current = (current or 1.0) * 100
            else:
                total, current = total + (current or 1.0) * lex.SCALES[w], 0.0
        elif w == "dozen":
            current = (current or 1.0) * 12
        elif w == "half" and not last:
            current = 0.5
            if j + 2 < n and toks[j + 1].low == "a" and toks[j + 2].low in lex.SCALES:
                j += 1  # "half a million"
        elif j + 1 < n and (
            (w == "-" and last in lex.TENS and toks[j + 1].low in lex.ONES)
            or (w == "and" and last in lex.SCALES and toks[j + 1].low in _UNDER_HUNDRED)
        ):
            j += 1  # "twenty-one", "one hundred and five"
            continue
        else:
            break
        last = w
        j += 1
    if not last:
        return None
    value = total + current
    if value < 1:
        return value, 0.05, j
    plain = str(int(value))
    return value, 10.0 ** (len(plain) - len(plain.rstrip("0"))) if value >= 10 else 1.0, j


_AFTER_ARTICLE = frozenset({"dozen", "hundred", "thousand", "million", "billion", "half"})
_UNDER_HUNDRED = frozenset(lex.ONES) | frozenset(lex.TENS)


def _atom(text: str, toks: list[Tok], i: int) -> tuple[float, float, int, bool] | None:
    """One number at token ``i``: (value, precision, index after, written in digits)."""
    tok = toks[i]
    if tok.is_num:
        before = text[tok.start - 1] if tok.start else " "
        if (
            before.isalpha()
            or before in "_/"
            or (before == "-" and tok.start > 1 and text[tok.start - 2].isalpha())
            or text[tok.end : tok.end + 2][:1] == "/"
            and text[tok.end + 1 : tok.end + 2].isalnum()
        ):
            return None  # part of an identifier: "COVID-19", "H1N1", "IL-6", "68/262"
        value, precision = _digit_value(tok.text)
        j = i + 1
        if (
            j < len(toks)
            and toks[j].low in lex.DIGIT_SCALES
            and _glued(text, tok.end, toks[j].start)
        ):
            scale = lex.DIGIT_SCALES[toks[j].low]
            value, precision, j = value * scale, precision * scale, j + 1
        return value, precision, j, True
    if tok.low in lex.NUMBER_WORDS or tok.low in ("a", "an"):
        got = _word_number(toks, i)
        if got is None:
            return None
        value, precision, j = got
        if (
            value == 0.5
            and j + 1 < len(toks)
            and toks[j].low in ("a", "an")
            and toks[j + 1].low in lex.UNITS
        ):
            j += 1  # "half an hour": the unit follows the article
        return value, precision, j, False
    return None


def _unit_at(text: str, toks: list[Tok], k: int) -> tuple[lex.Unit, int] | None:
    """A unit starting at token ``k`` (or after a hyphen, "a 40-km stretch"): (unit, after)."""
    n = len(toks)
    if k >= n or k == 0:
        return None
    after = toks[k - 1].end
    if toks[k].text == "-" and toks[k].start == after and k + 1 < n:
        k, after = k + 1, toks[k].end
    if toks[k].start - after > 2:
        return None
    w = toks[k].low
    if w in ("per", "percentage") and k + 1 < n and toks[k + 1].low in ("cent", "point", "points"):
        return lex.UNITS["%"], k + 2
    if (
        w in ("km", "kilometres", "kilometers")
        and k + 2 < n
        and toks[k + 1].text == "/"
        and toks[k + 2].low in ("h", "hr", "hour")
    ):
        return lex.UNITS["kph"], k + 3
    unit = lex.UNITS.get(w)
    if unit is None:
        return None
    if len(w) <= 2 and w not in lex.SHORT_UNITS_OK_SPACED and toks[k].start != after:
        return None  # "s", "m", "h", "g", "t" only when glued to the digits ("10m", "5h")
    return unit, k + 1


def _prefix(text: str, toks: list[Tok], d: Draft, i: int) -> str | None:
    """Currency, "between"/"from" and modifiers before the number; returns the currency."""
    currency = None
    prev = toks[i - 1] if i else None
    if prev is not None and prev.text in lex.CURRENCY_SYMBOLS:
        currency, d.first = lex.CURRENCY_SYMBOLS[prev.text], i - 1
        if i > 1 and toks[i - 2].low == "us" and toks[i - 2].end == prev.start:
            d.first = i - 2
    elif prev is not None and prev.low in lex.CURRENCY_CODES:
        currency, d.first = lex.CURRENCY_CODES[prev.low], i - 1
    if d.first and toks[d.first - 1].low in ("between", "from"):
        d.range_word = toks[d.first - 1].low
        d.first -= 1
    for size in (3, 2, 1):
        key = tuple(t.low for t in toks[max(d.first - size, 0) : d.first])
        if len(key) == size and key in lex.MODIFIERS:
            d.approx, d.bound = lex.MODIFIERS[key]
            d.first -= size
            break
    return currency


def _range(text: str, toks: list[Tok], d: Draft) -> None:
    """Extend to a range: "7–10", "seven to ten", "between three and five", "three or four"."""
    n, k = len(toks), d.after
    unit_first = _unit_at(text, toks, k)
    if unit_first is not None and unit_first[1] < n and toks[unit_first[1]].low in _RANGE_DASHES:
        k = unit_first[1]  # "10% to 12%": the unit after both ends
    if k + 1 >= n:
        return
    link = toks[k]
    if not (
        (
            link.text in _RANGE_DASHES
            and link.text != "to"
            and d.digits
            and _glued(text, toks[k - 1].end, link.start)
        )
        or (link.low == "to" and d.range_word != "between")
        or (link.low == "and" and d.range_word == "between")
        or link.low == "or"
    ):
        return
    second = _atom(text, toks, k + 1)
    if second is None or second[0] < d.low:
        return
    if link.low == "or":
        d.approx = True
    scale_word = toks[second[2] - 1].low
    scale = lex.DIGIT_SCALES.get(scale_word, 1.0)
    if scale > 1 and d.low < second[0] / 100 and d.low * scale <= second[0] and not unit_first:
        d.low *= scale  # "two to three million"
        d.precision = second[1]
    d.high, d.after = second[0], second[2]
    d.precision = min(d.precision, second[1])


_RANGE_DASHES = frozenset({"-", "–", "—", "to"})


def _year(toks: list[Tok], d: Draft, i: int) -> bool:
    """Turn ``d`` into a year or a decade when it reads as one; returns whether it did."""
    n = len(toks)
    if not (
        d.digits
        and d.kind is _Kind.NUMBER
        and d.low == int(d.low)
        and 1000 <= d.low <= 2100
        and toks[i].text.isascii()
        and toks[i].text.isdigit()
    ):
        return False
    s_tok = d.after + 1 if d.after + 1 < n and toks[d.after].text in ("'", "’") else d.after
    if (
        d.low == d.high
        and d.low % 10 == 0
        and s_tok < n
        and toks[s_tok].low == "s"
        and toks[s_tok].start - toks[d.after - 1].end <= 1
        and (s_tok + 1 >= n or toks[s_tok + 1].start > toks[s_tok].end)
    ):
        d.kind, d.high, d.after, d.precision = _Kind.YEAR, d.low + 9, s_tok + 1, 1.0  # "1990s"
        return True
    prev = toks[d.first - 1].low if d.first else ""
    nxt = toks[d.after] if d.after < n else None
    counted = (
        nxt is not None
        and nxt.text.isalpha()
        and nxt.text.islower()
        and nxt.low not in lex.MONTHS
        and nxt.low not in lex.NOT_YEAR_FOLLOWERS
    )
    if not (prev in lex.TEMPORAL or d.range_word or not counted):
        return False
    if not 1000 <= d.high <= 2100:
        return False
    d.kind, d.precision = _Kind.YEAR, 1.0
    if d.bound is None:
        d.bound = lex.TIME_BOUNDS.get(prev)
    return True


_ORDINAL_ENDS = frozenset(("st", "nd", "rd", "th"))
ORDINAL = "ordinal"
"""The unit of a rank written in digits ("31st", "20th")."""


def parse_at(text: str, toks: list[Tok], i: int) -> Draft | None:
    first = _atom(text, toks, i)
    if first is None:
        return None
    value, precision, after, digits = first
    n = len(toks)
    d = Draft(i, after, value, value, precision, digits)
    currency = _prefix(text, toks, d, i)
    if (
        currency
        and after < n
        and toks[after].low in ("m", "k", "b")
        and toks[after].start == toks[after - 1].end
    ):
        scale = {"m": 1e6, "k": 1e3, "b": 1e9}[toks[after].low]
        d.low, d.high, d.precision, d.after = (
            value * scale,
            value * scale,
            precision * scale,
            after + 1,
        )
    _range(text, toks, d)
    if not currency and _year(toks, d, i):
        return d
    if (
        not currency and digits and d.after < n and toks[d.after].low in _ORDINAL_ENDS
        and toks[d.after].start == toks[d.after - 1].end
    ):  # fmt: skip
        # "the 31st member": a rank, exact, and comparable only with another rank
        d.precision, d.unit, d.after = 0.0, ORDINAL, d.after + 1
        return d
    unit_hit = _unit_at(text, toks, d.after)
    if currency:
        d.kind, d.unit = _Kind.MONEY, currency
        if unit_hit is not None and unit_hit[0][0] is _Kind.MONEY:
            d.after = unit_hit[1]
    elif unit_hit is not None:
        (d.kind, d.unit, factor), d.after = unit_hit
        d.low, d.high, d.precision = d.low * factor, d.high * factor, d.precision * factor
        d.converted = factor != 1.0
    if d.kind is _Kind.NUMBER and not digits and d.low == d.high == 1:
        return None  # "one", "a": an article or pronoun, not a quantity
    _counted(toks, d)
    _direction(toks, d)
    if d.after + 1 < n and toks[d.after].low == "or" and toks[d.after + 1].low == "so":
        d.approx, d.after = True, d.after + 2
    return d


def _counted(toks: list[Tok], d: Draft) -> None:
    """ "half of" is a share; a following noun makes a count ("300 people", "four troops")."""
    if d.kind is not _Kind.NUMBER or d.after >= len(toks):
        return
    nxt = toks[d.after]
    if not d.digits and d.low == d.high == 0.5 and nxt.low == "of":
        d.kind, d.unit, d.low, d.high, d.precision, d.approx = (
            _Kind.PERCENT,
            "%",
            50.0,
            50.0,
            1.0,
            True,
        )
    elif (
        nxt.text.isalpha()
        and len(nxt.text) > 2
        and nxt.low not in lex.NUMBER_WORDS
        and nxt.low not in lex.NOT_NOUNS
        and nxt.low not in lex.MONTHS
    ):
        d.kind = _Kind.COUNT
        d.unit = (
            "people"
            if nxt.low in lex.PEOPLE
            else "troops"
            if nxt.low in lex.TROOPS
            else stem(nxt.low)
        )
        d.after += 1


def _direction(toks: list[Tok], d: Draft) -> None:
    """A change: "rose by 12%", "fell 3 percent", "a 40% rise", "an increase of 5%"."""
    back = d.first - 1
    while back >= 0 and d.first - back <= 3 and toks[back].low in ("by", "of", "a", "an", "some"):
        back -= 1
    if back >= 0 and d.first - back <= 3:
        w = toks[back].low
        d.direction = 1 if w in lex.RISE else -1 if w in lex.FALL else 0
        if d.direction:
            d.first = back
            return
    if d.kind is not _Kind.COUNT and d.after < len(toks):
        w = toks[d.after].low
        d.direction = 1 if w in lex.RISE else -1 if w in lex.FALL else 0
        if d.direction:
            d.after += 1
