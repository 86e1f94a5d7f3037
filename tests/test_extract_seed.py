"""The offline extractor on the motivating article, on our demo article, and against their gold.

The seed article is someone else's text: it is read from ``../shared`` through the
``seed_article`` fixture (skipped when absent) and never copied here. Claims are matched by key
terms, not exact strings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from claimcheck.extract import RuleExtractor
from claimcheck.models import Claim, ClaimKind

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evals" / "seed"
DEMO_ARTICLE = ROOT / "examples" / "article.txt"


def _fold(text: str) -> str:
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(a, b)
    return " ".join(text.lower().split())


def _matching(claims: list[Claim], article: str, *terms: str) -> list[Claim]:
    """Claims whose text or source text contains every term (case- and quote-folded)."""
    out = []
    for claim in claims:
        hay = (_fold(claim.text), _fold(article[claim.span.start : claim.span.end]))
        if any(all(_fold(t) in h for t in terms) for h in hay):
            out.append(claim)
    return out


@pytest.fixture
def seed_claims(seed_article: str) -> list[Claim]:
    return RuleExtractor().extract(seed_article)


# ----------------------------------------------------------------------------- the seed article


def test_seed_article_gives_a_readable_number_of_claims(seed_claims: list[Claim]) -> None:
    assert 15 <= len(seed_claims) <= 35


def test_putin_flight_times_are_self_contained_attributions(
    seed_article: str, seed_claims: list[Claim]
) -> None:
    (seven,) = _matching(seed_claims, seed_article, "seven to ten minutes")
    assert (seven.kind, seven.speaker) == (ClaimKind.ATTRIBUTION, "Vladimir Putin")
    assert seven.text.startswith("Vladimir Putin said that if U.S. and NATO missile systems")
    assert seven.content is not None and "Moscow" in seven.content
    five = [
        c
        for c in _matching(seed_claims, seed_article, "hypersonic", "five")
        if c.kind == ClaimKind.ATTRIBUTION
    ]
    assert any(
        c.speaker == "Vladimir Putin" and "five minutes" in c.text and "Moscow" in c.text
        for c in five
    )


def test_border_training_and_membership_facts(seed_article: str, seed_claims: list[Claim]) -> None:
    (border,) = _matching(seed_claims, seed_article, "2,000 km")
    assert border.kind == ClaimKind.FACT and "Ukraine and Russia" in border.text
    training = _matching(seed_claims, seed_article, "since 2015", "NATO")
    assert training and any("training" in c.text for c in training)
    (member,) = _matching(seed_claims, seed_article, "not a member of NATO")
    assert member.text == "Ukraine itself is not a member of NATO."
    # the clause, not the whole compound sentence, is the claim's source
    assert seed_article[member.span.start : member.span.end].endswith("not a member of NATO")


def test_biden_macron_briefing_names_both_in_full(
    seed_article: str, seed_claims: list[Claim]
) -> None:
    (briefing,) = _matching(seed_claims, seed_article, "press briefing")
    assert briefing.text.startswith("Joe Biden announced his readiness")
    assert "Emmanuel Macron" in briefing.text


def test_peskov_reply_is_dated_and_split(seed_article: str, seed_claims: list[Claim]) -> None:
    reply = _matching(seed_claims, seed_article, "Peskov", "December 2")
    assert len(reply) == 2
    assert all(c.kind == ClaimKind.ATTRIBUTION and c.speaker == "Dmitry Peskov" for c in reply)
    assert any("Vladimir Putin is ready for negotiations" in c.text for c in reply)
    assert any("unacceptable to the Kremlin" in c.text for c in reply)
    remains = _matching(seed_claims, seed_article, "remains open to negotiations")
    assert [c.text for c in remains] == [
        "Dmitry Peskov said that Vladimir Putin remains open to negotiations."
    ]


def test_seed_claims_resolve_roles_and_surnames(seed_claims: list[Claim]) -> None:
    for claim in seed_claims:
        low = claim.text.lower()
        assert "the russian president" not in low and "the u.s. president" not in low
        if claim.speaker:
            assert " " in claim.speaker  # a full name, not "Peskov" or "he"
        assert not re.match(r"(he|she|his|it|this|they)\b", low)


@pytest.mark.parametrize(
    "excerpt",
    [
        "We are in social",
        "Biden Says he is Willing",
        "Be Prepared!",
        "No Subject for Discussion",
        "Confrontation Must go on",
        "No Negotiations, but Contacts Continue",
        "But is it true that Biden is ready?",
        "Or is it just a figure of speech?",
        "made a sensational statement",
        "just a figure of speech",
        "obviously unacceptable demands",
        "it is possible to come to an agreement",
        "There is a struggle for signs",
    ],
)
def test_seed_headings_questions_and_opinion_are_not_claims(
    seed_article: str, seed_claims: list[Claim], excerpt: str
) -> None:
    start = seed_article.index(excerpt)
    end = start + len(excerpt)
    assert not [c.id for c in seed_claims if c.span.start < end and start < c.span.end]


# ----------------------------------------------------------------------------- the gold sets


def _gold(name: str) -> Any:
    path = GOLD / name
    if not path.exists():
        pytest.skip(f"gold set not present: {path}")
    return json.loads(path.read_text(encoding="utf-8"))


def _score_gold(gold: Any, article: str) -> dict[str, Any]:
    """Extraction recall, kind/speaker agreement and skips, as evals/seed/README.md defines."""
    claims = RuleExtractor().extract(article)
    found, core, core_found, kind_ok, speaker_ok, speakers, missed = 0, 0, 0, 0, 0, 0, []
    for item in gold["claims"]:
        matches = _matching(claims, article, *item["key_terms"])
        core += item["priority"] == "core"
        if not matches:
            missed.append(item["id"])
            continue
        match = matches[0]
        found += 1
        core_found += item["priority"] == "core"
        kind_ok += match.kind.value == item["expected_kind"]
        if item.get("expected_speaker"):
            speakers += 1
            want, got = item["expected_speaker"].lower(), (match.speaker or "").lower()
            speaker_ok += bool(got) and (want in got or got in want)
    skipped_ok = 0
    for skip in gold["should_skip"]:
        spots = [m.start() for m in re.finditer(re.escape(skip["text"].lower()), article.lower())]
        hit = any(
            c.span.start < s + len(skip["text"]) and s < c.span.end for c in claims for s in spots
        )
        skipped_ok += not hit
    return {
        "found": found, "total": len(gold["claims"]), "core": core, "core_found": core_found,
        "kind_ok": kind_ok, "speaker_ok": speaker_ok, "speakers": speakers,
        "skipped_ok": skipped_ok, "skips": len(gold["should_skip"]), "missed": missed,
    }  # fmt: skip


def test_demo_article_gold() -> None:
    if not DEMO_ARTICLE.exists():
        pytest.skip("examples/article.txt not present")
    score = _score_gold(_gold("demo_gold.json"), DEMO_ARTICLE.read_text(encoding="utf-8"))
    # measured: 35/35 found, 15/15 core, kinds 35/35, speakers 15/15, skips 9/9
    assert score["core_found"] == score["core"], score
    assert score["found"] == score["total"], score
    assert score["kind_ok"] == score["found"], score
    assert score["speaker_ok"] == score["speakers"], score
    assert score["skipped_ok"] == score["skips"], score


def test_seed_article_gold(seed_article: str) -> None:
    score = _score_gold(_gold("seed_article_gold.json"), seed_article)
    # measured: 22/25 found (missed: two quotes judged opinion/vague, the Stokols frame),
    # 11/11 core, kinds 21/22 (the Peskov date is matched by an attribution), speakers 12/12
    assert score["core_found"] == score["core"], score
    assert score["found"] >= 22, score
    assert score["kind_ok"] >= score["found"] - 1, score
    assert score["speaker_ok"] == score["speakers"], score
    assert score["skipped_ok"] == score["skips"], score
