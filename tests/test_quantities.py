"""Quantities: what is found in text, how it is normalised, and how two of them compare."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.quantities import Quantity, QuantityKind, Relation, compare, find_quantities

K = QuantityKind


def one(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "kind", "low", "high", "unit"),
    [
        ("The border is 1,974 km long.", "1,974 km", K.LENGTH, 1974, 1974, "km"),
        ("It measures 2,295.04 km in total.", "2,295.04 km", K.LENGTH, 2295.04, 2295.04, "km"),
        ("about 2,000 km of land", "about 2,000 km", K.LENGTH, 2000, 2000, "km"),
        ("a 1,233 miles stretch", "1,233 miles", K.LENGTH, 1984.32, 1984.32, "km"),
        ("seven to ten minutes", "seven to ten minutes", K.DURATION, 420, 600, "s"),
        ("7–10 minutes", "7–10 minutes", K.DURATION, 420, 600, "s"),
        ("between three and five people", "between three and five people", K.COUNT, 3, 5, "people"),
        ("from 3 to 5 days", "from 3 to 5 days", K.DURATION, 3 * 86400, 5 * 86400, "s"),
        ("twenty-one soldiers", "twenty-one soldiers", K.COUNT, 21, 21, "troops"),
        ("two thousand", "two thousand", K.NUMBER, 2000, 2000, ""),
        ("a dozen", "a dozen", K.NUMBER, 12, 12, ""),
        ("half an hour", "half an hour", K.DURATION, 1800, 1800, "s"),
        ("half of the voters", "half", K.PERCENT, 50, 50, "%"),
        ("one hundred and five", "one hundred and five", K.NUMBER, 105, 105, ""),
        ("40 per cent", "40 per cent", K.PERCENT, 40, 40, "%"),
        ("$3 million", "$3 million", K.MONEY, 3e6, 3e6, "usd"),
        ("1.5 billion euros", "1.5 billion euros", K.MONEY, 1.5e9, 1.5e9, "eur"),
        ("two to three million people", "two to three million people", K.COUNT, 2e6, 3e6, "people"),
        ("3 or 4 days", "3 or 4 days", K.DURATION, 3 * 86400, 4 * 86400, "s"),
        ("10km", "10km", K.LENGTH, 10, 10, "km"),
        ("in 1998", "1998", K.YEAR, 1998, 1998, ""),
        ("the 1990s", "1990s", K.YEAR, 1990, 1999, ""),
        ("from 2015 to 2017", "from 2015 to 2017", K.YEAR, 2015, 2017, ""),
    ],
)
def test_values_units_and_spans(
    text: str, span: str, kind: QuantityKind, low: float, high: float, unit: str
) -> None:
    q = one(text)
    assert (q.text, q.kind, q.unit) == (span, kind, unit)
    assert text[q.start : q.end] == q.text
    assert q.low == pytest.approx(low, rel=1e-4)
    assert q.high == pytest.approx(high, rel=1e-4)


@pytest.mark.parametrize(
    ("text", "approx", "bound"),
    [
        ("about 2,000", True, None),
        ("around 5 km", True, None),
        ("roughly 30%", True, None),
        ("some 300 troops", True, None),
        ("nearly 2,000", True, "nearly"),
        ("almost 40 km", True, "nearly"),
        ("more than 2,000 km", False, "gt"),
        ("over 10 hours", False, "gt"),
        ("at least 5 people", False, "ge"),
        ("less than 5 km", False, "lt"),
        ("under 5 km", False, "lt"),
        ("up to 10 minutes", False, "le"),
        ("5,000 km or so", True, None),
    ],
)
def test_approximators_and_bounds(text: str, approx: bool, bound: str | None) -> None:
    q = one(text)
    assert (q.approx, q.bound) == (approx, bound)
    assert q.text == text


@pytest.mark.parametrize(
    ("text", "span", "direction", "value"),
    [
        ("a 40% rise in prices", "40% rise", 1, 40),
        ("prices rose by 12%", "rose by 12%", 1, 12),
        ("output fell 3 percent", "fell 3 percent", -1, 3),
        ("an increase of 5%", "increase of 5%", 1, 5),
        ("a drop of 7% in sales", "drop of 7%", -1, 7),
        ("prices rose to 12%", "12%", 0, 12),
    ],
)
def test_changes_have_a_direction(text: str, span: str, direction: int, value: float) -> None:
    q = one(text)
    assert (q.text, q.direction, q.low, q.kind) == (span, direction, value, K.PERCENT)


@pytest.mark.parametrize(
    ("text", "span", "year", "month", "day", "weekday"),
    [
        ("on December 21, 2021 he spoke", "December 21, 2021", 2021, 12, 21, None),
        ("on 21 Dec 2021", "21 Dec 2021", 2021, 12, 21, None),
        ("on 2 December", "2 December", None, 12, 2, None),
        ("on Dec. 2 he replied", "Dec. 2", None, 12, 2, None),
        ("on Friday, December 2, Peskov", "Friday, December 2", None, 12, 2, 4),
        ("since February 24", "February 24", None, 2, 24, None),
        ("on 24 February 2022", "24 February 2022", 2022, 2, 24, None),
        ("on 2022-02-24", "2022-02-24", 2022, 2, 24, None),
        ("in May 2015", "May 2015", 2015, 5, None, None),
        ("the 2nd of December", "the 2nd of December", None, 12, 2, None),
    ],
)
def test_dates(
    text: str, span: str, year: int | None, month: int, day: int | None, weekday: int | None
) -> None:
    q = one(text)
    assert q.kind is K.DATE
    assert (q.text, q.year, q.month, q.day, q.weekday) == (span, year, month, day, weekday)


@pytest.mark.parametrize(
    "text",
    [
        "COVID-19 and IL-6 and H1N1",
        "resolution 68/262 and ES-11/1, open 24/7",
        "one of the reasons",
        "a plan",
        "He may stay. She will march on.",
        "",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_impossible_dates_are_not_dates() -> None:
    assert all(q.kind is not K.DATE for q in find_quantities("February 30 and 31 April"))


def _rel(claim: str, evidence: str) -> Relation:
    return compare(one(claim), one(evidence))


@pytest.mark.parametrize(
    ("claim", "evidence", "relation"),
    [
        ("about 2,000 km", "1,974 km", Relation.AGREE),
        ("about 2,000 km", "2,295 km", Relation.AGREE),  # within 15 %
        ("about 2,000 km", "900 km", Relation.CLASH),
        ("2,000 km", "1,974 km", Relation.AGREE),  # a round number: within rounding
        ("1,900 km", "1,974 km", Relation.CLASH),
        ("a 40% rise", "rose by 12%", Relation.CLASH),
        ("rose 3 percent", "fell 3 percent", Relation.CLASH),
        ("rose by 12%", "a 12% increase", Relation.AGREE),
        ("in 1998", "in 2004", Relation.CLASH),
        ("in 2004", "in 2004", Relation.AGREE),
        ("since 2015", "in 2015", Relation.AGREE),
        ("the 1990s", "in 1998", Relation.AGREE),
        ("before 2015", "in 2016", Relation.CLASH),
        ("between three and five people", "four people", Relation.AGREE),
        ("between three and five people", "six people", Relation.CLASH),
        ("seven to ten minutes", "7–10 minutes", Relation.AGREE),
        ("seven to ten minutes", "about 5 minutes", Relation.CLASH),
        ("7-10 minutes", "9 minutes", Relation.AGREE),
        ("more than 2,000 km", "2,295 km", Relation.AGREE),
        ("more than 2,000 km", "1,974 km", Relation.CLASH),
        ("up to 10 minutes", "7 minutes", Relation.AGREE),
        ("at least 5 people", "4 people", Relation.CLASH),
        ("nearly 2,000 people", "1,950 people", Relation.AGREE),
        ("nearly 2,000 people", "2,100 people", Relation.CLASH),
        ("about 1,200 miles", "1,974 km", Relation.AGREE),
        ("half of the voters", "50%", Relation.AGREE),
        ("3 million dollars", "$3 million", Relation.AGREE),
        ("300 troops", "300 km", Relation.UNRELATED),
        ("300 troops", "300 people", Relation.UNRELATED),
        ("40%", "40 km", Relation.UNRELATED),
        ("1 euro", "1 dollar", Relation.UNRELATED),
        ("in 1998", "1,998 km", Relation.UNRELATED),
        ("31 members", "32 members", Relation.CLASH),  # rounding intervals only touch
        ("31 members", "31 members", Relation.AGREE),
        ("the 31st member", "the 31st member", Relation.AGREE),
        ("the 32nd member", "the 31st member", Relation.CLASH),  # a rank is exact
        ("the 18th warmest year", "18 years", Relation.UNRELATED),  # a rank is no amount
        ("the 20th century", "about 20 times", Relation.UNRELATED),
    ],
)
def test_compare_quantities(claim: str, evidence: str, relation: Relation) -> None:
    assert _rel(claim, evidence) is relation


@pytest.mark.parametrize(
    ("claim", "evidence", "relation"),
    [
        ("December 2", "December 5", Relation.CLASH),
        ("December 2", "Friday, 2 December 2022", Relation.AGREE),
        ("December 2, 2022", "2 December 2021", Relation.CLASH),
        ("December 2", "November 2", Relation.CLASH),
        ("December 2021", "December 21, 2021", Relation.AGREE),
        ("in 2021", "December 21, 2021", Relation.AGREE),
        ("in 2022", "December 21, 2021", Relation.CLASH),
        ("December 2", "in 2022", Relation.UNRELATED),  # no field in common
        ("on 17 December 2021", "before February 2022", Relation.AGREE),  # loose: see strict
        ("on 17 December 2021", "after February 2022", Relation.CLASH),
        ("by 2 December 2022", "on 1 December 2022", Relation.AGREE),
        ("in 2021", "until March 2020", Relation.CLASH),
    ],
)
def test_compare_dates_at_shared_precision(claim: str, evidence: str, relation: Relation) -> None:
    assert _rel(claim, evidence) is relation


@pytest.mark.parametrize(
    ("claim", "evidence", "relation"),
    [
        ("before March 2019", "in October 2018", Relation.UNRELATED),
        ("before March 2019", "in April 2017", Relation.UNRELATED),
        ("before March 2019", "on 12 February 2019", Relation.AGREE),  # next to the bound
        ("before March 2019", "on 4 March 2019", Relation.CLASH),
        ("after 2010", "in 2011", Relation.AGREE),
        ("after 2010", "in 2016", Relation.UNRELATED),
        ("after 2010", "in 2009", Relation.CLASH),
        ("by 2040", "in 2040", Relation.AGREE),
        ("in 2016", "after 2010", Relation.UNRELATED),
        ("before 2030", "before 2025", Relation.AGREE),  # the evidence's bound lies inside
        ("before 2025", "before 2030", Relation.UNRELATED),
        ("after 2012", "before 2020", Relation.UNRELATED),
        ("after 2012", "before 2005", Relation.CLASH),
    ],
)
def test_bounded_dates_agree_only_near_the_bound_when_strict(
    claim: str, evidence: str, relation: Relation
) -> None:
    # a date far inside a bound: the bound does not say it (it may date another event)
    assert compare(one(claim), one(evidence), strict=True) is relation


@pytest.mark.parametrize(
    ("claim", "evidence", "relation"),
    [
        ("3,470 km", "about 4,100 km", Relation.CLASH),  # said to the hundred: ±100
        ("3,470 km", "about 3,400 km", Relation.AGREE),
        ("3,470 km", "about 3,600 km", Relation.CLASH),
        ("3,470 km", "just under 3,500 km", Relation.AGREE),
        ("about 3,000 km", "3,250 km", Relation.AGREE),  # a round thousand: 10 %
        ("about 3,000 km", "3,400 km", Relation.CLASH),  # loosely (15 %) it agrees
        ("about 48%", "53%", Relation.CLASH),
        ("about 48%", "49.5%", Relation.AGREE),
    ],
)
def test_approximate_slack_follows_the_digits_given_when_strict(
    claim: str, evidence: str, relation: Relation
) -> None:
    assert compare(one(claim), one(evidence), strict=True) is relation


def test_strict_is_off_by_default() -> None:
    # the features the stance model was trained on keep the loose comparison
    assert _rel("before March 2019", "in October 2018") is Relation.AGREE
    assert _rel("3,470 km", "about 4,000 km") is Relation.AGREE
    assert _rel("3,470 km", "about 3,900 km") is Relation.AGREE


def test_tolerance_is_a_parameter() -> None:
    claim, evidence = one("about 2,000 km"), one("2,295 km")
    assert compare(claim, evidence, tolerance=0.15) is Relation.AGREE
    assert compare(claim, evidence, tolerance=0.05) is Relation.CLASH


def test_several_quantities_in_order() -> None:
    text = "On 21 Dec 2021 he said missiles would take 7–10 minutes, or about 5 minutes later."
    found = find_quantities(text)
    assert [q.text for q in found] == ["21 Dec 2021", "7–10 minutes", "about 5 minutes"]


_PIECES = st.sampled_from(
    [
        "about",
        "2,000",
        "km",
        "-",
        "–",
        "—",
        "to",
        "and",
        "between",
        "from",
        "a",
        "an",
        "dozen",
        "half",
        "seven",
        "twenty",
        "-one",
        "thousand",
        "million",
        "$",
        "US",
        "%",
        "percent",
        "per",
        "cent",
        "rose",
        "by",
        "fell",
        "December",
        "Dec.",
        "2",
        "21,",
        "2021",
        "Friday,",
        "the",
        "1990",
        "s",
        "'s",
        "or",
        "so",
        "1.5",
        "bn",
        "m",
        "more",
        "than",
        "up",
        "nearly",
        "of",
        "hour",
        "miles",
        "people",
        "²",
        "٣",
        ",",
        ".",
    ]  # noqa: SIM905
)
_TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(_PIECES, max_size=30).map(" ".join),
    st.lists(_PIECES, max_size=30).map("".join),
)


@given(_TEXTS)
@settings(max_examples=400, deadline=None)
def test_never_crashes_and_spans_index_the_text(text: str) -> None:
    found = find_quantities(text)
    for q in found:
        assert text[q.start : q.end] == q.text
        if q.kind is not K.DATE:
            assert not math.isnan(q.low) and q.low <= q.high
    for a in found:
        for b in found:
            assert compare(a, b) in tuple(Relation)
