"""Hand-built reports for the renderer tests (every label, nested / shared / crossing spans,
an errored claim, hostile text in the article and in the evidence).

The reports are built from spans found in the article text, so the contract invariant
``article[span.start:span.end]`` holds for every claim.
"""

from __future__ import annotations

import hashlib

from claimcheck.models import (
    ArticleInfo,
    BackendInfo,
    Citation,
    ClaimKind,
    ClaimResult,
    Label,
    Report,
    Span,
    Stance,
    Summary,
    Timings,
    Verdict,
)

HOSTILE_ARTICLE = """Border & missiles: <script>alert(1)</script> a test

The land border between Russia and Ukraine is about 2,000 km long. <img src=x onerror=alert(1)>
Peskov said that Putin remained open to talks, and the Kremlin rejected the terms.
Missiles would reach Moscow in five minutes </textarea><!-- says the "expert" -->.
"""


def span_of(text: str, fragment: str, occurrence: int = 0) -> Span:
    """The span of the ``occurrence``-th ``fragment`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    return Span(start=start, end=start + len(fragment))


def _cite(
    doc: str, quote: str, stance: Stance, url: str = "https://example.org/border", title: str = ""
) -> Citation:
    return Citation(
        doc_id=doc,
        passage_id=f"{doc}#0",
        title=title or f"Evidence on {doc}",
        url=url,
        quote=quote,
        start=10,
        end=10 + len(quote),
        stance=stance,
        score=0.8,
    )


def hostile_report(article: str = HOSTILE_ARTICLE) -> Report:
    """A report on :data:`HOSTILE_ARTICLE` exercising every verdict and span layout.

    c1 (supported) and c2 (refuted) cover the same sentence; c3 (conflicting) is nested inside
    the attribution sentence c4 (not enough evidence); c5 (refuted) crosses c6 (supported);
    c7 failed. Evidence text is hostile too (a ``</script>`` quote, a ``javascript:`` URL).
    """
    sentence = "The land border between Russia and Ukraine is about 2,000 km long."
    attribution = (
        "Peskov said that Putin remained open to talks, and the Kremlin rejected the terms."
    )
    claims = [
        ClaimResult(
            id="c1",
            text="The Russia–Ukraine land border is about 2,000 km long.",
            span=span_of(article, sentence),
            verdict=Verdict(
                label=Label.SUPPORTED, confidence=0.87, rationale="1,974 km matches about 2,000 km."
            ),
            citations=[
                _cite(
                    "border-length",
                    "The land border is 1,974 km long.",
                    Stance.SUPPORTS,
                    title="Border <b>length</b>",
                )
            ],
        ),
        ClaimResult(
            id="c2",
            text="The border between Russia and Ukraine is a land border only.",
            span=span_of(article, sentence),
            verdict=Verdict(
                label=Label.REFUTED,
                confidence=0.61,
                rationale="The total border of 2,295 km includes a sea border.",
            ),
            citations=[
                _cite(
                    "border-length",
                    "In total the border runs 2,295 km </script><script>alert(2)</script>.",
                    Stance.REFUTES,
                    url="javascript:alert(3)",
                )
            ],
        ),
        ClaimResult(
            id="c3",
            text="Putin remained open to talks.",
            span=span_of(article, "Putin remained open to talks"),
            verdict=Verdict(label=Label.CONFLICTING, confidence=0.5, rationale="Sources disagree."),
            citations=[
                _cite("peskov-reply", "Putin remains open to negotiations.", Stance.SUPPORTS),
                _cite("other", "No talks are planned.", Stance.REFUTES),
            ],
        ),
        ClaimResult(
            id="c4",
            text=attribution,
            span=span_of(article, attribution),
            kind=ClaimKind.ATTRIBUTION,
            speaker="Dmitry <i>Peskov</i>",
            verdict=Verdict(
                label=Label.NOT_ENOUGH_EVIDENCE, confidence=0.3, rationale="Nothing relevant found."
            ),
        ),
        ClaimResult(
            id="c5",
            text="Missiles would reach Moscow in five minutes.",
            span=span_of(article, "Missiles would reach Moscow in five minutes </textarea>"),
            verdict=Verdict(
                label=Label.REFUTED, confidence=0.7, rationale="The speech said 7–10 minutes."
            ),
            citations=[_cite("putin-defence-board-2021", "seven to ten minutes", Stance.REFUTES)],
        ),
        ClaimResult(
            id="c6",
            text="An expert says so.",
            span=span_of(article, 'five minutes </textarea><!-- says the "expert" -->'),
            verdict=Verdict(label=Label.SUPPORTED, confidence=0.55, rationale="ok"),
            citations=[_cite("expert", "<!-- a comment -->", Stance.SUPPORTS)],
        ),
        ClaimResult(
            id="c7",
            text="The Kremlin rejected the terms.",
            span=span_of(article, "the Kremlin rejected the terms"),
            status="error",
            error="verifier failed: <timeout>",
        ),
    ]
    return Report(
        article=ArticleInfo(
            source="hostile.txt",
            title="Border & missiles: <script>alert(1)</script>",
            sha256=hashlib.sha256(article.encode("utf-8")).hexdigest(),
            chars=len(article),
        ),
        backend=BackendInfo(name="local", model="rules+rules", embedder="hash-512"),
        claims=claims,
        summary=Summary.of(claims),
        timings=Timings(extract_s=0.01, retrieve_s=0.02, verify_s=0.03, total_s=0.06),
    )
