"""``--format claimreview``: schema.org ClaimReview JSON-LD, checked against the required fields."""

from __future__ import annotations

import json
import re

import pytest
from demo_support import ARTICLE, demo_checker  # noqa: F401  (fixture)
from report_samples import HOSTILE_ARTICLE, hostile_report

from claimcheck import ClaimChecker
from claimcheck.cli import main
from claimcheck.errors import UserError
from claimcheck.render import render_report
from claimcheck.render.claimreview import (
    RATING_SCALE,
    claimreview_items,
    render_claimreview,
    validate_claimreview,
)
from claimcheck.render.html import render_html

ARTICLE_URL = "https://news.example.org/2022/12/biden-putin"
REVIEW_URL = "https://factcheck.example.org/reviews/biden-putin"


def _render(**kwargs: str) -> list[dict[str, object]]:
    text = render_report(hostile_report(), "claimreview", **kwargs)
    data = json.loads(text)
    assert isinstance(data, list)
    return data


def test_one_review_per_claim_with_a_verdict() -> None:
    report = hostile_report()
    items = _render(url=ARTICLE_URL, date_published="2022-12-05", author="A. Reporter")
    with_verdict = [c for c in report.claims if c.status == "ok" and c.verdict is not None]
    assert [i["identifier"] for i in items] == [c.id for c in with_verdict]
    assert "c7" not in [i["identifier"] for i in items]  # the errored claim gets no review
    for item, claim in zip(items, with_verdict, strict=True):
        assert validate_claimreview(item) == [], item
        assert item["@context"] == "https://schema.org" and item["@type"] == "ClaimReview"
        assert item["claimReviewed"] == claim.text
        assert item["datePublished"] == "2022-12-05"
        assert item["author"] == {"@type": "Organization", "name": "claimcheck"}
        rating = item["reviewRating"]
        assert isinstance(rating, dict)
        assert rating["@type"] == "Rating"
        assert rating["ratingExplanation"] == claim.verdict.rationale  # type: ignore[union-attr]
        reviewed = item["itemReviewed"]
        assert isinstance(reviewed, dict) and reviewed["@type"] == "Claim"
        assert reviewed["appearance"] == {"@type": "CreativeWork", "url": ARTICLE_URL}


def test_rating_mapping_is_the_documented_scale() -> None:
    items = {i["identifier"]: i["reviewRating"] for i in _render()}
    assert items["c1"] == {
        "@type": "Rating",
        "alternateName": "Supported by the evidence",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "ratingExplanation": "1,974 km matches about 2,000 km.",
    }
    assert (
        items["c2"]["ratingValue"] == 1
        and items["c2"]["alternateName"] == "Refuted by the evidence"
    )  # type: ignore[index]
    assert (
        items["c3"]["ratingValue"] == 3 and items["c3"]["alternateName"] == "Conflicting evidence"
    )  # type: ignore[index]
    # not enough evidence is not a point on the truth scale: words only
    nee = items["c4"]
    assert isinstance(nee, dict)
    assert nee["alternateName"] == "Not enough evidence"
    assert not {"ratingValue", "bestRating", "worstRating"} & set(nee)
    assert set(RATING_SCALE) == {"supported", "refuted", "conflicting", "not_enough_evidence"}


def test_claim_author_is_the_speaker_for_attributions_else_the_article_author() -> None:
    items = {i["identifier"]: i["itemReviewed"] for i in _render(author="A. Reporter")}
    assert items["c4"]["author"] == {"@type": "Person", "name": "Dmitry <i>Peskov</i>"}  # type: ignore[index]
    assert items["c1"]["author"] == {"@type": "Person", "name": "A. Reporter"}  # type: ignore[index]
    bare = {i["identifier"]: i["itemReviewed"] for i in _render()}
    assert bare["c1"] == {"@type": "Claim"}  # nothing invented when nothing is known


def test_citations_are_the_evidence_quoted() -> None:
    item = next(i for i in _render() if i["identifier"] == "c3")
    assert item["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Evidence on peskov-reply",
            "text": "Putin remains open to negotiations.",
            "identifier": "peskov-reply#0",
            "url": "https://example.org/border",
        },
        {
            "@type": "CreativeWork",
            "name": "Evidence on other",
            "text": "No talks are planned.",
            "identifier": "other#0",
            "url": "https://example.org/border",
        },
    ]


def test_google_required_fields_and_review_url_anchors_match_the_html_report() -> None:
    report = hostile_report()
    items = claimreview_items(
        report, url=ARTICLE_URL, date_published="2022-12-05", review_url=REVIEW_URL + "#top"
    )
    page = render_html(report, HOSTILE_ARTICLE)
    for item in items:
        assert validate_claimreview(item, for_google=True) == []
        anchor = str(item["url"]).split("#", 1)[1]
        assert str(item["url"]).startswith(REVIEW_URL + "#claim-")
        assert f'id="{anchor}"' in page  # the review URL lands on the claim in the HTML report
    # without a review URL and a date, the Google check says what is missing
    problems = validate_claimreview(claimreview_items(report)[0], for_google=True)
    assert any(p.startswith("url ") for p in problems)
    assert any(p.startswith("datePublished") for p in problems)


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda d: d.pop("claimReviewed"), "claimReviewed"),
        (lambda d: d["reviewRating"].pop("alternateName"), "alternateName"),
        (lambda d: d["reviewRating"].update(ratingValue=9), "ratingValue"),
        (lambda d: d["reviewRating"].update(worstRating=0, ratingValue=0), "worstRating"),
        (lambda d: d.update({"@type": "Review"}), "@type"),
        (lambda d: d["itemReviewed"].update({"@type": "Thing"}), "itemReviewed"),
        (lambda d: d.update(datePublished="5 Dec 2022"), "datePublished"),
    ],
)
def test_validator_catches_broken_reviews(mutate: object, problem: str) -> None:
    item = claimreview_items(hostile_report(), url=ARTICLE_URL)[0]
    mutate(item)  # type: ignore[operator]
    assert any(problem in p for p in validate_claimreview(item))


def test_bad_date_is_a_user_error_and_output_is_json_text() -> None:
    with pytest.raises(UserError, match="YYYY-MM-DD"):
        render_claimreview(hostile_report(), date_published="yesterday")
    text = render_claimreview(hostile_report(), date_published="2022-12-05T10:30:00Z")
    assert text.endswith("\n") and json.loads(text)[0]["datePublished"] == "2022-12-05T10:30:00Z"
    assert not re.search(r"\\u00e9|\\u2013", text)  # readable UTF-8, not ASCII escapes


def test_cli_claimreview_of_the_demo_article(
    demo_checker: ClaimChecker,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        ["check", str(ARTICLE), "--store", str(demo_checker.settings.store), "--backend", "local",
         "--format", "claimreview", "--url", ARTICLE_URL, "--date-published", "2022-12-05",
         "--author", "A. Reporter"]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    items = json.loads(captured.out)
    report = demo_checker.check(ARTICLE.read_text(encoding="utf-8"))
    assert len(items) == sum(1 for c in report.claims if c.status == "ok" and c.verdict)
    for item in items:
        assert validate_claimreview(item) == [], item
        assert item["itemReviewed"]["appearance"]["url"] == ARTICLE_URL
    attributed = [c for c in report.claims if c.kind == "attribution" and c.speaker and c.verdict]
    by_id = {i["identifier"]: i for i in items}
    for claim in attributed:
        assert by_id[claim.id]["itemReviewed"]["author"]["name"] == claim.speaker
    assert main(["check", str(ARTICLE), "--store", str(demo_checker.settings.store),
                 "--format", "claimreview", "--date-published", "soon"]) == 1  # fmt: skip
    assert "YYYY-MM-DD" in capsys.readouterr().err
