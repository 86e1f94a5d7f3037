"""Numbers, ranges, quantities, percentages and dates found in text, normalised and comparable.

:func:`find_quantities` returns every quantity of a text with its exact span
(``text[q.start:q.end] == q.text``): digits with separators ("1,974", "2,295.04"), number words
("twenty-one", "two thousand", "a dozen", "half"), ranges ("seven to ten minutes", "7–10",
"between three and five"), approximators and bounds ("about", "nearly", "more than", "up to"),
units converted to a base unit (km, seconds, kg, %, currencies, km/h), million/billion scaling,
changes with a direction ("a 40% rise", "fell 3 percent"), years ("in 1998", "the 1990s") and
dates ("December 21, 2021", "21 Dec 2021", "Friday, December 2", ISO).

:func:`compare` says whether a claim's quantity and an evidence quantity ``agree``, ``clash`` or
are ``unrelated`` (different kinds or units): approximate values within a tolerance, exact values
within rounding, ranges overlap, dates at the precision both give, years exactly.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date as _date
from enum import StrEnum

from . import _quantity_lexicon as lex
from ._quantity_lexicon import QuantityKind
from ._quantity_parse import ORDINAL, Draft, parse_at, tokens

__all__ = [
    "Quantity",
    "QuantityKind",
    "Relation",
    "compare",
    "find_quantities",
    "identifier_like",
]

_Kind = QuantityKind


class Relation(StrEnum):
    """Outcome of :func:`compare`."""

    AGREE = "agree"
    CLASH = "clash"
    UNRELATED = "unrelated"


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity found in a text; values are in the base unit of ``unit``.

    Attributes:
        kind: what it measures.
        start: offset of the quantity's text (modifiers and unit included).
        end: end offset; ``source[start:end] == text``.
        text: the quantity as written, e.g. ``about 2,000 km`` or ``rose by 12%``.
        low: lower end of the stated value (``low == high`` for a single value).
        high: upper end.
        unit: canonical unit (``km``, ``s``, ``kg``, ``%``, ``usd``, ``km/h``), the stemmed
            counted noun for ``COUNT`` (``people``, ``troops``, ``patient``), else "".
        approx: stated approximately ("about", "some", "nearly", "or so", "three or four").
        bound: ``gt``/``ge``/``lt``/``le`` for "more than"/"at least"/"less than"/"up to",
            ``nearly`` for "nearly"/"almost", else ``None``.
        direction: +1 for a rise ("rose by 12%"), -1 for a fall, 0 otherwise.
        precision: size of the last significant digit in the base unit (rounding tolerance).
        converted: the text used another unit, converted here (miles to km, minutes to s).
        year: for ``DATE``, the year when given (``YEAR`` uses ``low``/``high``).
        month: for ``DATE``, 1–12.
        day: for ``DATE``, the day of the month when given.
        weekday: for ``DATE``, 0 (Monday) to 6 when given.
    """

    kind: QuantityKind
    start: int
    end: int
    text: str
    low: float = math.nan
    high: float = math.nan
    unit: str = ""
    approx: bool = False
    bound: str | None = None
    direction: int = 0
    precision: float = 1.0
    converted: bool = False
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None

    @property
    def is_temporal(self) -> bool:
        """Whether this is a year or a date."""
        return self.kind in (_Kind.YEAR, _Kind.DATE)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity and date of ``text``, in text order, with exact spans.

    Never raises on any input; text that is not a quantity is ignored.
    """
    dates = _dates(text)
    taken = [(q.start, q.end) for q in dates]
    toks = tokens(text)
    found = list(dates)
    i = 0
    while i < len(toks):
        if not any(a <= toks[i].start < b for a, b in taken):
            draft = parse_at(text, toks, i)
            if draft is not None:
                a, b = toks[draft.first].start, toks[draft.after - 1].end
                if not any(x < b and a < y for x, y in taken):
                    found.append(_finish(text, a, b, draft))
                    i = max(draft.after, i + 1)
                    continue
        i += 1
    found.sort(key=lambda q: (q.start, q.end))
    return found


# --------------------------------------------------------------------------- dates


def _dates(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for pattern in lex.DATE_RES:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            mon = groups.get("mon") or ""
            month = int(mon) if mon.isdigit() else lex.MONTHS.get(mon.lower(), 0)
            day = int(groups["day"]) if groups.get("day") else None
            year = int(groups["year"]) if groups.get("year") else None
            if not 1 <= month <= 12 or (
                day is not None and not 1 <= day <= lex.DAYS_IN_MONTH[month]
            ):
                continue
            start, end = m.start(), m.end()
            if any(q.start < end and start < q.end for q in found):
                continue  # an earlier, more specific pattern already took this text
            y = float(year) if year else math.nan
            before = lex.TIME_BOUND_RE.search(text, max(start - 12, 0), start)
            found.append(Quantity(
                _Kind.DATE, start, end, text[start:end], low=y, high=y, year=year, month=month,
                day=day, weekday=lex.WEEKDAYS.get((groups.get("wd") or "").lower()),
                bound=lex.TIME_BOUNDS[before.group(1).lower()] if before else None,
            ))  # fmt: skip
    return found


def _finish(text: str, start: int, end: int, d: Draft) -> Quantity:
    return Quantity(
        d.kind, start, end, text[start:end], low=d.low, high=d.high, unit=d.unit,
        approx=d.approx, bound=d.bound, direction=d.direction, precision=d.precision,
        converted=d.converted,
    )  # fmt: skip


# --------------------------------------------------------------------------- comparison


_STRICT = 0.10
"""Largest relative slack of an approximate value in a strict comparison."""


def _spread(q: Quantity, size: float, tolerance: float, strict: bool) -> float:
    """Slack of an approximate value: ``tolerance`` of it; when ``strict``, at most
    :data:`_STRICT`, and less for a value given to more digits than a round one ("about
    2,300" is said to the hundred: ±100, where "about 2,000" keeps ±200)."""
    if not q.approx or size <= 0:
        return 0.0
    if not strict:
        return tolerance * size
    cap = min(tolerance, _STRICT)
    return min(cap, max(q.precision / size, cap / 3)) * size


def _interval(q: Quantity, tolerance: float, strict: bool = False) -> tuple[float, float]:
    lo, hi = q.low, q.high
    size = max(abs(lo), abs(hi))
    if q.is_temporal:
        spread, rounding = (2.0 if q.approx else 0.0), 0.0
    else:
        spread = _spread(q, size, tolerance, strict)
        rounding = min(0.5 * q.precision, 0.05 * size) + (0.01 * size if q.converted else 0.0)
        if strict and q.approx:
            rounding = 0.01 * size if q.converted else 0.0  # the slack is the rounding
    if q.bound == "nearly":
        return lo - spread - rounding, hi
    wide = (lo - spread - rounding, hi + spread + rounding)
    if q.bound in ("gt", "ge"):
        return (q.low if q.bound == "gt" else wide[0]), math.inf
    if q.bound in ("lt", "le"):
        return -math.inf, (q.high if q.bound == "lt" else wide[1])
    return wide


_LOWER = ("gt", "ge")
_UPPER = ("lt", "le")


def overstates(claim: Quantity, evidence: Quantity, *, tolerance: float = 0.15) -> bool:
    """Whether two bounds the same way agree only as intervals while the claim's goes past
    the evidence's by more than ``tolerance``: "more than 80,000" against "more than 22,000"
    (both leave room above, but a source that knows of more than 80,000 does not write "more
    than 22,000"). :func:`compare` calls them agreeing; a verdict may not rest on that."""
    if claim.is_temporal or evidence.is_temporal or not _compatible(claim, evidence):
        return False
    if claim.bound in _LOWER and evidence.bound in _LOWER:
        size = max(abs(evidence.low), abs(claim.low))
        return claim.low > evidence.low + tolerance * size
    if claim.bound in _UPPER and evidence.bound in _UPPER:
        size = max(abs(evidence.high), abs(claim.high))
        return claim.high < evidence.high - tolerance * size
    return False


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two intervals share more than an edge: "31" (30.5–31.5 by its rounding) and
    "32" (31.5–32.5) only touch and do not agree; a single value at the edge of an
    interval does."""
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return lo < hi or (lo == hi and (a[0] == a[1] or b[0] == b[1]))


def _day(year: int, month: int, day: int) -> int:
    try:
        return _date(year, month, day).toordinal()
    except ValueError:  # 29 February of a common year
        return _date(year, month, 28).toordinal()


_BOUNDS = ("gt", "ge", "lt", "le")


def _period(q: Quantity) -> tuple[int, int] | None:
    """The days (ordinals) a year or dated quantity names, its bound left aside; ``None``
    when it has no year."""
    if q.kind is _Kind.YEAR:
        slack = 2 if q.approx else 0
        return _day(int(q.low) - slack, 1, 1), _day(int(q.high) + slack, 12, 31)
    if q.year is not None and q.month is not None:
        lo = _day(q.year, q.month, q.day or 1)
        return lo, _day(q.year, q.month, q.day or lex.DAYS_IN_MONTH[q.month])
    return None


def _days(q: Quantity) -> tuple[float, float] | None:
    """The days a year or dated quantity covers, widened by its bound ("before 2015": any
    day until the end of 2014); ``None`` when it has no year."""
    period = _period(q)
    if period is None:
        return None
    lo, hi = period
    if q.bound in ("gt", "ge"):
        return (hi + 1 if q.bound == "gt" else lo), math.inf
    if q.bound in ("lt", "le"):
        return -math.inf, (lo - 1 if q.bound == "lt" else hi)
    return lo, hi


def _next_to_bound(q: Quantity, period: tuple[int, int]) -> tuple[int, int]:
    """The days just inside a bound, as long as the ``period`` it names ("before February
    2022": January 2022; "by 2030": 2029 and 2030): a date there is close to the bound."""
    lo, hi = period
    span = hi - lo + 1
    if q.bound == "lt":
        return lo - span, lo - 1
    if q.bound == "le":
        return lo - span, hi
    if q.bound == "gt":
        return hi + 1, hi + span
    return lo, hi + span


def _contains(outer: tuple[float, float], inner: tuple[float, float]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _compare_temporal(a: Quantity, b: Quantity, strict: bool = False) -> Relation:
    """Dates and years: disjoint ones clash, overlapping ones agree. When ``strict``, a bound
    ("before February 2022") agrees with a date only when that date is close to it (January
    2022), and with a bound only when the evidence's lies inside the claim's; a date far
    inside a bound is not comparable: the bound does not say it, and the two may date
    different events."""
    days_a, days_b = _days(a), _days(b)
    if days_a is not None and days_b is not None:
        if not _overlap(days_a, days_b):
            return Relation.CLASH
        if not strict:
            return Relation.AGREE
        bounded_a, bounded_b = a.bound in _BOUNDS, b.bound in _BOUNDS
        if bounded_a and bounded_b:
            return Relation.AGREE if _contains(days_a, days_b) else Relation.UNRELATED
        if bounded_a or bounded_b:
            bound, point = (a, b) if bounded_a else (b, a)
            edge, days = _period(bound), _period(point)
            if edge is None or days is None:
                return Relation.UNRELATED
            near = _next_to_bound(bound, edge)
            return Relation.AGREE if _overlap(near, days) else Relation.UNRELATED
        return Relation.AGREE
    if a.month is not None and b.month is not None:
        if a.month != b.month or (a.day is not None and b.day is not None and a.day != b.day):
            return Relation.CLASH
        return Relation.AGREE
    return Relation.UNRELATED


def _compatible(a: Quantity, b: Quantity) -> bool:
    if (a.unit == ORDINAL) != (b.unit == ORDINAL):
        return False  # a rank ("the 18th warmest") is no amount ("18 years")
    loose = (_Kind.NUMBER, _Kind.COUNT)
    if a.kind in loose and b.kind in loose:
        return _Kind.NUMBER in (a.kind, b.kind) or a.unit == b.unit
    return a.kind is b.kind and a.unit == b.unit


def compare(
    claim: Quantity, evidence: Quantity, *, tolerance: float = 0.15, strict: bool = False
) -> Relation:
    """Whether ``evidence`` agrees with ``claim``, clashes with it, or is about something else.

    Args:
        claim: a quantity from the claim.
        evidence: a quantity from an evidence sentence.
        tolerance: relative slack for approximate values ("about 2,000" accepts 1,700–2,300).
        strict: what a rationale may call consistent: the slack of an approximate value is
            at most 10 % and follows the digits it gives ("about 2,000" accepts 1,800–2,200,
            "about 2,300" 2,200–2,400; neither 2,295.04 nor 1,974 both), and a
            bound ("before February 2022") agrees only with a date next to it (January 2022),
            a date far inside it being ``UNRELATED``. The default (loose) is what the stance
            model's features were trained on.

    Returns:
        ``AGREE`` when the values are compatible (within rounding, tolerance, ranges or bounds),
        ``CLASH`` when they are comparable but incompatible (or change in opposite directions),
        ``UNRELATED`` when kinds or units differ, or two dates share no field.
    """
    if claim.is_temporal or evidence.is_temporal:
        if claim.is_temporal and evidence.is_temporal:
            return _compare_temporal(claim, evidence, strict)
        return Relation.UNRELATED
    if not _compatible(claim, evidence):
        return Relation.UNRELATED
    if claim.direction and evidence.direction and claim.direction != evidence.direction:
        return Relation.CLASH
    if _overlap(_interval(claim, tolerance, strict), _interval(evidence, tolerance, strict)):
        return Relation.AGREE
    return Relation.CLASH


# --------------------------------------------------------------------------- identifiers

_LABELS = (
    "article|articles|section|sections|chapter|clause|paragraph|resolution|annex|appendix|"
    "amendment|protocol|rule|item|number|table|figure|fig|page|phase|stage|type|"
    "grade|class|category|level|version|model|route|flight|room|round|act|part|title|"
    "step|group|cohort|arm|lane|gate|platform"
)
_LABEL_RE = re.compile(rf"(?:\b(?:{_LABELS})\.?|\b(?:no|nr)\.)\s*(?:no\.\s*)?$", re.IGNORECASE)


def identifier_like(source: str, q: Quantity) -> bool:
    """Whether ``q`` (found in ``source``) names something rather than measures it: a plain
    number right after a label word ("Article 5", "phase 3 trial", "Resolution 2231", "No. 7").

    Such a number is not comparable with an amount or a year; :func:`find_quantities` still
    returns it (callers decide).
    """
    if q.kind not in (QuantityKind.NUMBER, QuantityKind.COUNT) or q.approx or q.bound:
        return False
    return bool(_LABEL_RE.search(source, max(q.start - 24, 0), q.start))
