"""schema.org ``ClaimReview`` JSON-LD: one review per claim that has a verdict.

Rating scale (documented in the README; ``worstRating`` 1, ``bestRating`` 5, as Google's
fact-check guidance asks for a number-to-text mapping of every numeric rating):

==========================  ===========  ==============================
our label                   ratingValue  ``alternateName``
==========================  ===========  ==============================
``supported``               5            ``Supported by the evidence``
``conflicting``             3            ``Conflicting evidence``
``refuted``                 1            ``Refuted by the evidence``
``not_enough_evidence``     (none)       ``Not enough evidence``
==========================  ===========  ==============================

``not_enough_evidence`` is not a point on a truth scale, so its rating carries only the text
(no ``ratingValue``/``bestRating``/``worstRating``). Claims whose checking failed get no review.

Fields: ``claimReviewed`` (the claim as checked), ``reviewRating`` (``Rating`` with
``alternateName``, ``ratingExplanation`` = our rationale), ``itemReviewed`` (a ``Claim`` with
``appearance`` = the article URL when given and ``author`` = the speaker for attributions,
otherwise the article's author when given), ``author`` of the review = claimcheck
(``Organization``), ``datePublished`` and ``url`` (``REVIEW_URL#claim-<id>``) when given, and
``citation`` = the evidence quoted.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import UserError
from ..models import ClaimResult, Label, Report

__all__ = ["RATING_SCALE", "claimreview_items", "render_claimreview", "validate_claimreview"]

# label -> (ratingValue or None, alternateName)
RATING_SCALE: dict[str, tuple[int | None, str]] = {
    Label.SUPPORTED.value: (5, "Supported by the evidence"),
    Label.CONFLICTING.value: (3, "Conflicting evidence"),
    Label.REFUTED.value: (1, "Refuted by the evidence"),
    Label.NOT_ENOUGH_EVIDENCE.value: (None, "Not enough evidence"),
}
BEST_RATING = 5
WORST_RATING = 1

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def _anchor(claim_id: str) -> str:
    return "claim-" + (re.sub(r"[^A-Za-z0-9_.-]", "-", claim_id) or "x")


def _rating(result: ClaimResult) -> dict[str, Any]:
    assert result.verdict is not None
    value, words = RATING_SCALE[Label(result.verdict.label).value]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": words}
    if value is not None:
        rating |= {"ratingValue": value, "bestRating": BEST_RATING, "worstRating": WORST_RATING}
    if result.verdict.rationale:
        rating["ratingExplanation"] = result.verdict.rationale
    return rating


def _item_reviewed(result: ClaimResult, url: str | None, author: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    claimant = result.speaker if result.kind == "attribution" and result.speaker else author
    if claimant:
        item["author"] = {"@type": "Person", "name": claimant}
    if url:
        item["appearance"] = {"@type": "CreativeWork", "url": url}
        item["firstAppearance"] = {"@type": "CreativeWork", "url": url}
    return item


def claimreview_items(
    report: Report,
    *,
    url: str | None = None,
    date_published: str | None = None,
    author: str | None = None,
    review_url: str | None = None,
) -> list[dict[str, Any]]:
    """The ``ClaimReview`` objects (as dicts) for the claims of ``report`` that have a verdict.

    Args:
        report: a check report.
        url: where the article appeared (``itemReviewed.appearance``).
        date_published: the review's date, ``YYYY-MM-DD`` (or an ISO 8601 date-time).
        author: who made the claims (``itemReviewed.author``; attributions use their speaker).
        review_url: where the review is published; each review's ``url`` is
            ``review_url#claim-<id>`` (the anchors of the HTML report).

    Raises:
        UserError: ``date_published`` is not an ISO 8601 date.
    """
    if date_published and not _DATE.match(date_published):
        raise UserError(f"--date-published {date_published!r} is not a date: use YYYY-MM-DD")
    items: list[dict[str, Any]] = []
    for result in report.claims:
        if result.status == "error" or result.verdict is None:
            continue
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": result.text,
            "reviewRating": _rating(result),
            "itemReviewed": _item_reviewed(result, url, author),
            "author": {"@type": "Organization", "name": "claimcheck"},
            "identifier": result.id,
        }
        if review_url:
            review["url"] = f"{review_url.split('#', 1)[0]}#{_anchor(result.id)}"
        if date_published:
            review["datePublished"] = date_published
        citations = [
            {
                "@type": "CreativeWork",
                "name": c.title or c.doc_id,
                "text": c.quote,
                "identifier": c.passage_id,
                **({"url": c.url} if c.url else {}),
            }
            for c in result.citations
        ]
        if citations:
            review["citation"] = citations
        items.append(review)
    return items


def render_claimreview(
    report: Report,
    *,
    url: str | None = None,
    date_published: str | None = None,
    author: str | None = None,
    review_url: str | None = None,
) -> str:
    """The report as a JSON-LD list of ``ClaimReview`` objects (``--format claimreview``).

    See :func:`claimreview_items` for the arguments.
    """
    items = claimreview_items(
        report, url=url, date_published=date_published, author=author, review_url=review_url
    )
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def validate_claimreview(review: dict[str, Any], *, for_google: bool = False) -> list[str]:
    """Problems of one ``ClaimReview`` object (empty when it is well formed).

    Checks the schema.org structure and the fields Google's fact-check guidance requires
    (``claimReviewed``, ``reviewRating.alternateName``), numeric ratings inside
    ``[worstRating, bestRating]`` with ``worstRating >= 1``. With ``for_google``, also the
    review ``url`` (required for rich results) and the recommended ``author``/``datePublished``.
    """
    problems: list[str] = []
    if review.get("@context") not in ("https://schema.org", "http://schema.org"):
        problems.append("@context must be https://schema.org")
    if review.get("@type") != "ClaimReview":
        problems.append("@type must be ClaimReview")
    if not isinstance(review.get("claimReviewed"), str) or not review["claimReviewed"].strip():
        problems.append("claimReviewed (text) is required")
    rating = review.get("reviewRating")
    if not isinstance(rating, dict) or rating.get("@type") != "Rating":
        problems.append("reviewRating must be a Rating")
    else:
        if not isinstance(rating.get("alternateName"), str) or not rating["alternateName"]:
            problems.append("reviewRating.alternateName is required")
        numbers = [rating.get(k) for k in ("ratingValue", "bestRating", "worstRating")]
        if any(n is not None for n in numbers):
            value, best, worst = numbers
            if not all(isinstance(n, int | float) for n in numbers):
                problems.append("ratingValue, bestRating and worstRating must all be numbers")
            elif not (1 <= worst < best and worst <= value <= best):  # type: ignore[operator]
                problems.append("need 1 <= worstRating <= ratingValue <= bestRating, worst < best")
    item = review.get("itemReviewed")
    if item is not None:
        if not isinstance(item, dict) or item.get("@type") != "Claim":
            problems.append("itemReviewed must be a Claim")
        else:
            for key in ("appearance", "firstAppearance"):
                if key in item and not (isinstance(item[key], dict) and item[key].get("url")):
                    problems.append(f"itemReviewed.{key} must be a CreativeWork with a url")
            who = item.get("author")
            if who is not None and not (isinstance(who, dict) and who.get("name")):
                problems.append("itemReviewed.author must be a Person or Organization with a name")
    author = review.get("author")
    if author is not None and not (
        isinstance(author, dict)
        and author.get("@type") in ("Organization", "Person")
        and author.get("name")
    ):
        problems.append("author must be an Organization or Person with a name")
    if "datePublished" in review and not _DATE.match(str(review["datePublished"])):
        problems.append("datePublished must be an ISO 8601 date")
    if for_google:
        if not str(review.get("url", "")).startswith(("http://", "https://")):
            problems.append("url (the page of the review) is required: pass review_url")
        if "author" not in review:
            problems.append("author is recommended")
        if "datePublished" not in review:
            problems.append("datePublished is recommended: pass --date-published")
    return problems
