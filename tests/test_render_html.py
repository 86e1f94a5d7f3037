"""The HTML report, read back with an HTML parser: structure, escaping, self-containment.

The browser behaviour (tooltips, filters, no script running) is in test_html_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from demo_support import ARTICLE, demo_checker  # noqa: F401  (fixture)
from report_samples import HOSTILE_ARTICLE, hostile_report, span_of

from claimcheck import ClaimChecker
from claimcheck.cli import main
from claimcheck.models import Span
from claimcheck.render import render_report
from claimcheck.render.html import render_html, script_json

_VOID = {"meta", "br", "img", "input", "link", "hr", "source", "wbr"}


class _Page(HTMLParser):
    """Collects the article's text, its marks (with the text inside each) and all tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.article_text = ""
        self.mark_text: dict[int, str] = {}  # id(attrs) -> text
        self.marks: list[dict[str, str | None]] = []
        self._in_article = 0
        self._open: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._data_target: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "div" and a.get("id") == "article":
            self._in_article = 1
        elif self._in_article:
            self._in_article += 1
            if tag == "mark":
                self.marks.append(a)
                self.mark_text[id(a)] = ""
        if tag in _VOID:
            return
        self._open.append((tag, a))
        if tag in ("script", "style"):
            self._data_target = self.scripts if tag == "script" else self.styles
            self._data_target.append("")

    def handle_endtag(self, tag: str) -> None:
        open_tag, _a = self._open.pop()
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"
        if self._in_article:
            self._in_article -= 1
        if tag in ("script", "style"):
            self._data_target = None

    def handle_data(self, data: str) -> None:
        if self._data_target is not None:
            self._data_target[-1] += data
        if self._in_article:
            self.article_text += data
            for tag, a in self._open:
                if tag == "mark":
                    self.mark_text[id(a)] += data


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture
def page() -> str:
    return render_html(hostile_report(), HOSTILE_ARTICLE)


def test_article_renders_verbatim_with_one_highlight_per_claim(page: str) -> None:
    report = hostile_report()
    parsed = _parse(page)
    # the article's text content is exactly the article: escaped, nothing lost or added
    assert parsed.article_text == HOSTILE_ARTICLE
    primary = [m for m in parsed.marks if m.get("data-claim-id")]
    assert [
        m["data-claim-id"] for m in sorted(primary, key=lambda m: int(m["data-index"] or 0))
    ] == [c.id for c in report.claims]
    verdicts = {m["data-claim-id"]: m["data-verdict"] for m in primary}
    assert verdicts == {
        "c1": "supported",
        "c2": "refuted",
        "c3": "conflicting",
        "c4": "not_enough_evidence",
        "c5": "refuted",
        "c6": "supported",
        "c7": "error",
    }
    # each claim's highlight (first piece + continuations) covers exactly its span
    for n, claim in enumerate(report.claims):
        pieces = [parsed.mark_text[id(m)] for m in parsed.marks if m.get("data-index") == str(n)]
        assert "".join(pieces) == HOSTILE_ARTICLE[claim.span.start : claim.span.end], claim.id


def test_shared_nested_and_crossing_spans(page: str) -> None:
    parsed = _parse(page)
    by_id = {m.get("data-claim-id") or m.get("data-continues"): m for m in parsed.marks}
    # c1 and c2 share a span: two nested marks; the enclosing one sits its underline lower
    assert "h1" in (by_id["c1"]["class"] or "") and "h0" in (by_id["c2"]["class"] or "")
    # c6 crosses c5: its first piece carries data-claim-id, the rest is a continuation
    continuations = [m for m in parsed.marks if m.get("data-continues")]
    assert [m["data-continues"] for m in continuations] == ["c6"]
    assert "claim-cont" in (continuations[0]["class"] or "")
    assert "tabindex" not in continuations[0]


def test_hostile_text_is_escaped_everywhere(page: str) -> None:
    parsed = _parse(page)
    tags = [tag for tag, _a in parsed.tags]
    assert tags.count("script") == 2  # the JSON data block and our own script, nothing else
    assert "img" not in tags and "i" not in tags  # the speaker's "<i>" stays text
    assert "Border &lt;b&gt;length&lt;/b&gt;" in page  # so does the evidence title's "<b>"
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert not any(name.startswith("on") for _t, attrs in parsed.tags for name in attrs)
    # a javascript: URL in the evidence never becomes a link
    hrefs = [a.get("href") or "" for t, a in parsed.tags if t == "a"]
    assert hrefs and not any(h.lower().startswith("javascript") for h in hrefs)
    # the embedded report parses back to the same report and cannot close its <script>
    data = parsed.scripts[0]
    assert "</" not in data and "<!--" not in data
    assert json.loads(data) == hostile_report().model_dump(mode="json")


def test_page_is_self_contained_and_csp_pins_its_own_code(page: str) -> None:
    parsed = _parse(page)
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, tag
        assert tag != "link"
        assert "style" not in attrs, f"inline style attribute on <{tag}> (blocked by the CSP)"
    css = parsed.styles[0]
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv"))
    assert csp is not None and "default-src 'none'" in csp

    def digest(block: str) -> str:
        return base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()

    assert f"'sha256-{digest(parsed.scripts[1])}'" in csp
    assert f"'sha256-{digest(css)}'" in csp


def test_summary_counts_and_filters(page: str) -> None:
    parsed = _parse(page)
    buttons = {a["data-filter"]: a for t, a in parsed.tags if t == "button"}
    assert set(buttons) == {
        "all",
        "supported",
        "refuted",
        "conflicting",
        "not_enough_evidence",
        "error",
    }
    counts = dict(re.findall(r'data-filter="(\w+)"[^>]*>.*?<span class="count">(\d+)</span>', page))
    assert counts == {
        "all": "7",
        "supported": "2",
        "refuted": "2",
        "conflicting": "1",
        "not_enough_evidence": "1",
        "error": "1",
    }
    details = [a for t, a in parsed.tags if t == "li" and "detail" in (a.get("class") or "")]
    assert [a["id"] for a in details] == [f"claim-c{n}" for n in range(1, 8)]


def test_every_verdict_has_an_icon_and_a_word_not_only_a_colour(page: str) -> None:
    for icon, word in [
        ("✔", "supported"),
        ("✘", "refuted"),
        ("◐", "conflicting"),
        ("?", "not enough evidence"),
        ("!", "error"),
    ]:
        assert f'aria-hidden="true">{icon}</span> {word}' in page


def test_claims_outside_the_text_are_listed_not_highlighted() -> None:
    report = hostile_report()
    report.claims[0].span = Span(start=0, end=len(HOSTILE_ARTICLE) + 50)
    report.claims[1].span = Span(start=5, end=5)
    parsed = _parse(render_html(report, HOSTILE_ARTICLE))
    ids = {m.get("data-claim-id") for m in parsed.marks}
    assert "c1" not in ids and "c2" not in ids and "c3" in ids
    assert parsed.article_text == HOSTILE_ARTICLE


def test_a_different_article_text_is_flagged() -> None:
    report = hostile_report()
    page = render_html(report, HOSTILE_ARTICLE.replace("Border", "Frontier"))
    assert 'role="alert"' in page and "highlights may be misplaced" in page
    assert 'role="alert"' not in render_html(report, HOSTILE_ARTICLE)


def test_script_json_escapes_what_could_end_a_script() -> None:
    value = {"q": "</script><!-- x --> & \u2028 <b>"}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_dispatch_through_render_report_and_anchor_ids_are_stable() -> None:
    report = hostile_report()
    report.claims[0].id = "claim one/é"
    page = render_report(report, "html", article_text=HOSTILE_ARTICLE)
    assert 'id="claim-claim-one--"' in page
    assert page.count('data-claim-id="claim one/é"') == 1
    sentence = "The land border between Russia and Ukraine is about 2,000 km long."
    assert span_of(HOSTILE_ARTICLE, sentence) == report.claims[0].span


def test_cli_check_writes_the_html_report(
    demo_checker: ClaimChecker,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "report.html"
    code = main(
        ["check", str(ARTICLE), "--store", str(demo_checker.settings.store),
         "--backend", "local", "--format", "html", "-o", str(out)]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    parsed = _parse(out.read_text(encoding="utf-8"))
    article = ARTICLE.read_text(encoding="utf-8")
    assert parsed.article_text == article
    report = json.loads(parsed.scripts[0])
    assert len([m for m in parsed.marks if m.get("data-claim-id")]) == len(report["claims"]) > 0
    for n, claim in enumerate(report["claims"]):
        pieces = [parsed.mark_text[id(m)] for m in parsed.marks if m.get("data-index") == str(n)]
        assert "".join(pieces) == article[claim["span"]["start"] : claim["span"]["end"]]
