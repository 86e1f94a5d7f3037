"""Rendering reports for people and programs: ``table`` (rich), ``json``, ``markdown``.

:func:`render_report` is the one entry point the CLI uses; each format lives in its own module.
"""

from __future__ import annotations

from ..errors import UserError
from ..models import ClaimResult, Report
from .markdown import render_markdown
from .style import VERDICT_STYLE, verdict_badge
from .table import render_claims_table, render_table

__all__ = [
    "FORMATS",
    "VERDICT_STYLE",
    "render_claims_table",
    "render_markdown",
    "render_report",
    "render_result_jsonl",
    "render_table",
    "verdict_badge",
]

FORMATS = ("table", "json", "markdown", "html", "claimreview")


def render_report(
    report: Report,
    fmt: str = "table",
    *,
    color: bool = False,
    width: int = 120,
    verbose: bool = False,
    quiet: bool = False,
    article_text: str | None = None,
    url: str | None = None,
    date_published: str | None = None,
    author: str | None = None,
) -> str:
    """``report`` as text in format ``fmt``.

    ``article_text`` is needed by ``html`` (the article is shown with its claims highlighted);
    ``url``, ``date_published`` and ``author`` describe the article for ``claimreview``.
    """
    if fmt == "json":
        return report.to_json() + "\n"
    if fmt == "table":
        return render_table(report, color=color, width=width, verbose=verbose, quiet=quiet)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        from .html import render_html

        if article_text is None:
            raise UserError("the html format needs the article text")
        return render_html(report, article_text, url=url)
    if fmt == "claimreview":
        from .claimreview import render_claimreview

        return render_claimreview(report, url=url, date_published=date_published, author=author)
    raise UserError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def render_result_jsonl(results: list[ClaimResult]) -> str:
    """One ``ClaimResult`` JSON object per line (``verify --format jsonl``)."""
    return "".join(result.model_dump_json() + "\n" for result in results)
