"""The HTML report in a real browser: headless Debian Chromium driven by Playwright.

Never ``playwright install``: the browser is the system's ``/usr/bin/chromium`` (``.ci/run``
installs the Debian package). Screenshots land in ``tests/artifacts/`` (git-ignored) for review.

Highlight count: one ``[data-claim-id]`` element per claim (claims sharing a span are nested
marks; a span crossing another is split into a first piece and ``data-continues`` pieces).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from demo_support import demo_article, demo_checker  # noqa: F401  (fixtures)
from report_samples import HOSTILE_ARTICLE, hostile_report

from claimcheck import ClaimChecker
from claimcheck.render.html import render_html

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM.exists():
    pytest.skip(
        "Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


class Opened:
    """A page showing one report, with every dialog, script error and request recorded."""

    def __init__(self, browser: Any, html: str, path: Path) -> None:
        path.write_text(html, encoding="utf-8")
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1100, "height": 900})
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def popover_text(self) -> str:
        return str(self.page.locator("#popover").inner_text())


def test_hostile_article_renders_as_text_and_the_page_works(browser: Any, tmp_path: Path) -> None:
    report = hostile_report()
    opened = Opened(browser, render_html(report, HOSTILE_ARTICLE), tmp_path / "hostile.html")
    page = opened.page
    page.wait_for_timeout(200)

    # nothing ran, nothing was injected, nothing was fetched
    assert opened.dialogs == [] and opened.errors == []
    assert all(url.startswith(("file:", "data:")) for url in opened.requests), opened.requests
    assert page.locator("script").count() == 2
    assert page.locator("#article img, #article script, #article b, #article i").count() == 0
    assert page.locator("#article").text_content() == HOSTILE_ARTICLE

    # one highlight per claim, carrying its verdict
    marks = page.locator("#article [data-claim-id]")
    assert marks.count() == len(report.claims)
    assert (
        page.locator('#article mark[data-claim-id="c3"]').get_attribute("data-verdict")
        == "conflicting"
    )

    # hover: the nested claim c3 shows its verdict, confidence, rationale and citations,
    # then the enclosing attribution c4
    page.hover('mark[data-claim-id="c3"]')
    popover = page.locator("#popover")
    popover.wait_for(state="visible")
    text = opened.popover_text()
    assert "conflicting" in text and "confidence 50%" in text and "Sources disagree." in text
    assert "Putin remains open to negotiations." in text
    assert text.index("c3") < text.index("c4")
    link = popover.locator('a[href="https://example.org/border"]').first
    assert link.inner_text() == "Evidence on peskov-reply"
    page.mouse.move(5, 5)
    popover.wait_for(state="hidden")

    # click: c1 and c2 share a span, the popover pins and shows both; Esc closes it
    page.click('mark[data-claim-id="c2"]')
    popover.wait_for(state="visible")
    text = opened.popover_text()
    assert "c2" in text and "c1" in text and "Pinned" in text
    assert "The land border is 1,974 km long." in text
    assert "alert(2)" in text  # the hostile quote is shown as text …
    assert opened.dialogs == []  # … and never runs
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")

    # keyboard: Tab from the last filter button reaches the first highlight and opens it
    page.focus('button[data-filter="error"]')
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.claimId") == "c1"
    popover.wait_for(state="visible")
    assert "supported" in opened.popover_text()
    page.keyboard.press("Escape")

    # filter: only refuted claims stay highlighted and listed
    page.click('button[data-filter="refuted"]')
    assert page.locator('button[data-filter="refuted"]').get_attribute("aria-pressed") == "true"
    for n in range(marks.count()):
        mark = marks.nth(n)
        off = "is-filtered" in (mark.get_attribute("class") or "")
        assert off == (mark.get_attribute("data-verdict") != "refuted")
        background = mark.evaluate("el => getComputedStyle(el).backgroundColor")
        assert (background == "rgba(0, 0, 0, 0)") == off
    assert page.locator("#claim-list li.detail:visible").count() == 2
    assert not page.locator("#claim-c1").is_visible()
    page.click('button[data-filter="all"]')
    assert page.locator("#claim-list li.detail:visible").count() == len(report.claims)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html_report_hostile.png"), full_page=True)
    assert opened.dialogs == [] and opened.errors == []
    page.close()


def test_demo_report_in_the_browser(
    browser: Any,
    tmp_path: Path,
    demo_checker: ClaimChecker,  # noqa: F811
    demo_article: str,  # noqa: F811
) -> None:
    report = demo_checker.check(demo_article, source="examples/article.txt")
    assert report.claims
    opened = Opened(browser, render_html(report, demo_article), tmp_path / "demo.html")
    page = opened.page
    assert opened.dialogs == [] and opened.errors == []
    assert page.locator("#article").text_content() == demo_article
    # every claim of the demo has a span in the article: one highlight per claim
    assert page.locator("#article [data-claim-id]").count() == len(report.claims)

    # prefer a refuted claim for the screenshot (the most telling popover), else any cited one
    cited = sorted(
        (r for r in report.claims if r.citations and r.verdict is not None),
        key=lambda r: r.verdict is None or r.verdict.label.value != "refuted",
    )[0]
    page.locator(f'#article mark[data-claim-id="{cited.id}"]').hover()  # scrolls only if needed
    page.locator("#popover").wait_for(state="visible")
    text = opened.popover_text()
    first = cited.citations[0]
    assert " ".join(first.quote.split())[:40] in " ".join(text.split())
    assert (first.title or first.doc_id) in text

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html_report_popover.png"))
    page.mouse.move(5, 5)
    page.locator("#popover").wait_for(state="hidden")
    page.screenshot(path=str(ARTIFACTS / "html_report.png"), full_page=True)
    assert (ARTIFACTS / "html_report.png").stat().st_size > 10_000
    assert opened.dialogs == [] and opened.errors == []
    page.close()


def test_artifacts_folder_is_git_ignored() -> None:
    ignore = (Path(__file__).resolve().parents[1] / ".gitignore").read_text(encoding="utf-8")
    assert "tests/artifacts/" in ignore.split()  # screenshots are for review, never committed
