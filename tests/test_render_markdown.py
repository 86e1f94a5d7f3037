"""``--format markdown``: a summary table, per-claim sections, footnote-style citations."""

from __future__ import annotations

import re

import pytest
from demo_support import ARTICLE, demo_checker  # noqa: F401  (fixture)
from markdown_it import MarkdownIt
from report_samples import hostile_report

from claimcheck import ClaimChecker
from claimcheck.cli import main
from claimcheck.render import render_report


def _md() -> str:
    return render_report(hostile_report(), "markdown")


def test_summary_table_has_one_row_per_claim() -> None:
    report = hostile_report()
    tokens = MarkdownIt("commonmark").enable("table").parse(_md())
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 1 + len(report.claims)  # header + one per claim
    cells = [t.content for t in tokens if t.type == "inline"]
    for claim in report.claims:
        assert claim.id in cells
    # the pipe-free cells survived: the error row still has four cells
    assert "! error" in cells and "–" in cells


def test_every_citation_is_a_footnote_with_its_quote_source_and_offsets() -> None:
    text = _md()
    report = hostile_report()
    refs = re.findall(r"(?<!^)\[\^([^\]]+)\](?!:)", text, flags=re.MULTILINE)
    defs = re.findall(r"^\[\^([^\]]+)\]: (.*)$", text, flags=re.MULTILINE)
    assert sorted(refs) == sorted(k for k, _ in defs)
    assert len(defs) == sum(len(c.citations) for c in report.claims)
    assert len({k for k, _ in defs}) == len(defs)
    body = dict(defs)
    assert body["c1-1"].startswith("“The land border is 1,974 km long.”")
    assert "[Border &lt;b&gt;length&lt;/b&gt;](<https://example.org/border>)" in body["c1-1"]
    assert "chars 10–43 (supports)" in body["c1-1"]
    # a javascript: URL is not turned into a link
    assert "javascript:" not in text
    assert body["c2-1"].endswith(
        "— Evidence on border-length, `border-length` chars 10–79 (refutes)"
    )


def test_article_and_evidence_text_cannot_become_html() -> None:
    text = _md()
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in html and "<!--" not in html and "<i>" not in html
    assert "&lt;/script&gt;" in html


def test_sections_give_verdict_confidence_speaker_and_error() -> None:
    text = _md()
    assert "### c1 — ✔ supported (87%)" in text
    assert "### c7 — ! error\n" in text and "Error: verifier failed: &lt;timeout&gt;" in text
    assert "Attributed to **Dmitry &lt;i&gt;Peskov&lt;/i&gt;**." in text
    assert "**7 claims** — ✔ 2 supported · ✘ 2 refuted" in text


def test_cli_markdown_of_the_demo_article(
    demo_checker: ClaimChecker,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["check", str(ARTICLE), "--store", str(demo_checker.settings.store),
                 "--backend", "local", "--format", "markdown"])  # fmt: skip
    text = capsys.readouterr().out
    assert code == 0
    report = demo_checker.check(ARTICLE.read_text(encoding="utf-8"))
    defs = re.findall(r"^\[\^([^\]]+)\]: “", text, flags=re.MULTILINE)
    assert len(defs) == sum(len(c.citations) for c in report.claims) > 0
    for claim in report.claims:
        assert f"\n### {claim.id} — " in text
