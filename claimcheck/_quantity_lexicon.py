"""Word lists and compiled patterns behind :mod:`claimcheck.quantities` (data, no logic)."""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = [
    "CURRENCY_CODES",
    "CURRENCY_SYMBOLS",
    "DATE_RES",
    "DAYS_IN_MONTH",
    "DIGIT_SCALES",
    "FALL",
    "MODIFIERS",
    "MONTHS",
    "NOT_NOUNS",
    "NOT_YEAR_FOLLOWERS",
    "NUMBER_WORDS",
    "ONES",
    "PEOPLE",
    "RISE",
    "SCALES",
    "SHORT_UNITS_OK_SPACED",
    "TEMPORAL",
    "TENS",
    "TOKEN_RE",
    "TROOPS",
    "UNITS",
    "WEEKDAYS",
    "TIME_BOUNDS",
    "TIME_BOUND_RE",
    "QuantityKind",
    "Unit",
]


class QuantityKind(StrEnum):
    """What a quantity measures; only quantities of a compatible kind are compared."""

    NUMBER = "number"
    """A bare number with no unit and no counted noun."""
    COUNT = "count"
    """A number of things: ``unit`` is the (stemmed) noun, e.g. ``people``, ``patient``."""
    PERCENT = "percent"
    LENGTH = "length"
    DURATION = "duration"
    MASS = "mass"
    MONEY = "money"
    SPEED = "speed"
    YEAR = "year"
    DATE = "date"


Unit = tuple[QuantityKind, str, float]
"""(kind, canonical unit, factor to the canonical unit)."""


def _list(words: str) -> list[str]:
    return words.split()


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


ONES = {
    w: i
    for i, w in enumerate(
        _list(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate(_list("twenty thirty forty fifty sixty seventy eighty ninety"))
}
SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
DIGIT_SCALES = {**SCALES, "bn": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12}
NUMBER_WORDS = frozenset(ONES) | frozenset(TENS) | frozenset(SCALES) | {"dozen", "half"}

PEOPLE = _set("people persons person individuals residents civilians inhabitants citizens")
TROOPS = _set("troops soldiers servicemen")
NOT_NOUNS = _set(
    "and or to of in on at by for with from the than per but as is are was were be been has "
    "have had that which who whom times percent cent more less fewer other others out"
)

_YEAR_S = 31_557_600.0
UNITS: dict[str, Unit] = {}
for _names, _kind, _unit, _factor in (
    ("% percent pct percentage", QuantityKind.PERCENT, "%", 1.0),
    ("km kms kilometre kilometres kilometer kilometers", QuantityKind.LENGTH, "km", 1.0),
    ("mile miles mi", QuantityKind.LENGTH, "km", 1.609344),
    ("m metre metres meter meters", QuantityKind.LENGTH, "km", 1e-3),
    ("cm centimetre centimetres centimeter centimeters", QuantityKind.LENGTH, "km", 1e-5),
    ("ft feet foot", QuantityKind.LENGTH, "km", 3.048e-4),
    ("s sec secs second seconds", QuantityKind.DURATION, "s", 1.0),
    ("min mins minute minutes", QuantityKind.DURATION, "s", 60.0),
    ("h hr hrs hour hours", QuantityKind.DURATION, "s", 3600.0),
    ("day days", QuantityKind.DURATION, "s", 86_400.0),
    ("week weeks", QuantityKind.DURATION, "s", 604_800.0),
    ("month months", QuantityKind.DURATION, "s", _YEAR_S / 12),
    ("yr yrs year years", QuantityKind.DURATION, "s", _YEAR_S),
    ("decade decades", QuantityKind.DURATION, "s", 10 * _YEAR_S),
    ("century centuries", QuantityKind.DURATION, "s", 100 * _YEAR_S),
    ("kg kgs kilogram kilograms kilo kilos", QuantityKind.MASS, "kg", 1.0),
    ("g gram grams", QuantityKind.MASS, "kg", 1e-3),
    ("mg milligram milligrams", QuantityKind.MASS, "kg", 1e-6),
    ("t tonne tonnes ton tons", QuantityKind.MASS, "kg", 1e3),
    ("usd dollar dollars", QuantityKind.MONEY, "usd", 1.0),
    ("eur euro euros", QuantityKind.MONEY, "eur", 1.0),
    ("gbp pound pounds sterling", QuantityKind.MONEY, "gbp", 1.0),
    ("rub rouble roubles ruble rubles", QuantityKind.MONEY, "rub", 1.0),
    ("mph", QuantityKind.SPEED, "km/h", 1.609344),
    ("kph kmh", QuantityKind.SPEED, "km/h", 1.0),
):
    for _name in _names.split():
        UNITS[_name] = (_kind, _unit, _factor)
SHORT_UNITS_OK_SPACED = _set("% km mi kg mg ft")
"""Units of two letters or fewer that may stand apart from the digits ("10 km" but not "10 m")."""

CURRENCY_SYMBOLS = {"$": "usd", "€": "eur", "£": "gbp"}
CURRENCY_CODES = {"usd": "usd", "eur": "eur", "gbp": "gbp", "rub": "rub"}

# Phrases before a number (lower-case token tuples) -> (approximate, bound).
MODIFIERS: dict[tuple[str, ...], tuple[bool, str | None]] = {}
for _phrase, _mod in (
    (
        "about|around|roughly|approximately|approx|circa|ca|some|~|estimated|an estimated|"
        "close to|more or less|an average of|on average",
        (True, None),
    ),
    ("nearly|almost|just under|just below", (True, "nearly")),
    ("more than|over|above|exceeding|upwards of|in excess of|just over", (False, "gt")),
    ("at least|no fewer than|no less than|not less than|a minimum of", (False, "ge")),
    ("less than|fewer than|under|below|lower than", (False, "lt")),
    ("up to|at most|no more than|not more than|as many as|a maximum of", (False, "le")),
):
    for _p in _phrase.split("|"):
        MODIFIERS[tuple(_p.split())] = _mod

RISE = _set(
    "rose rise rises rising risen increase increased increases increasing grew grow grows "
    "growing grown jump jumped jumps climb climbed climbs gain gained gains soar soared surge "
    "surged up raised raise boost boosted hike growth"
)
FALL = _set(
    "fell fall falls falling fallen drop dropped drops decline declined declines decrease "
    "decreased decreases decreasing down cut cuts reduced reduce reduces reduction shrank "
    "shrunk shrink slid slumped slump plunged plummeted dip dipped loss lost"
)
TEMPORAL = _set(
    "in since by from until till before after during of between year early late mid the "
    "around circa to and"
)
TIME_BOUNDS = {"before": "lt", "until": "le", "till": "le", "after": "gt", "by": "le"}
"""Words before a year or date that make it a bound ("before 2015": any time until 2014)."""
TIME_BOUND_RE = re.compile(r"\b(before|until|till|after|by)\s+(?:the\s+)?$", re.IGNORECASE)
NOT_YEAR_FOLLOWERS = _set("and or to when where with after before until as")

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1,
    "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_MONTH_ALT = "|".join(
    sorted({m.capitalize() for m in MONTHS} | {m.upper() for m in MONTHS}, key=len, reverse=True)
)
_WD_ALT = "|".join(sorted({w.capitalize() for w in WEEKDAYS}, key=len, reverse=True))
_MON = rf"(?P<mon>{_MONTH_ALT})(?![A-Za-z])\.?"
_WD = rf"(?:(?P<wd>{_WD_ALT})(?![A-Za-z])\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9:.,][0-9])"
_YEAR = r"(?P<year>[12][0-9]{3})(?![0-9])"
DATE_RES = (
    # "Friday, 2 December 2022", "the 2nd of December", "21 Dec 2021"
    re.compile(rf"{_WD}(?:the\s+)?(?<![\w.,]){_DAY}(?:\s+of)?\s+{_MON}(?:,?\s+{_YEAR})?"),
    # "December 21, 2021", "Dec. 2", "Friday, December 2"
    re.compile(rf"{_WD}(?<![\w]){_MON}\s+{_DAY}(?![0-9])(?:,?\s+{_YEAR})?"),
    # "December 2021"
    re.compile(rf"(?<![\w]){_MON},?\s+{_YEAR}"),
    # ISO "2022-02-24"
    re.compile(
        r"(?<![\w.\-])(?P<year>[12][0-9]{3})-(?P<mon>[01][0-9])-(?P<day>[0-3][0-9])(?![\w\-])"
    ),
)
TOKEN_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|[^\W\d_]+|\S")
"""Digits (with thousands separators and decimals), runs of letters, or one other character."""
