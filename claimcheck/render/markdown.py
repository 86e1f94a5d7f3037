"""A Markdown report for an issue or a newsroom doc, with footnote-style citations.

The output is GitHub-flavoured Markdown: a summary table (one row per claim), then one section
per claim with its verdict, confidence, rationale and footnote references ``[^c3-1]`` whose
definitions at the end quote the evidence verbatim with its title, link and offsets. Text from
the article or the evidence is escaped so it cannot turn into HTML, links or table cells.
"""

from __future__ import annotations

import re
from html import escape

from ..models import ClaimResult, Report
from .style import verdict_badge

__all__ = ["render_markdown"]


def _text(text: str) -> str:
    """Inline-safe text: no raw HTML, no table-cell breaks, no line breaks."""
    return escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def _key(result_id: str, n: int) -> str:
    return f"{re.sub(r'[^A-Za-z0-9_-]', '-', result_id) or 'claim'}-{n}"


def _link(title: str, url: str) -> str:
    text = _text(title).replace("[", "\\[").replace("]", "\\]")
    if re.match(r"^https?://\S+$", url.strip(), re.IGNORECASE):
        return f"[{text}](<{url.strip().replace('>', '%3E')}>)"
    return text


def _label(result: ClaimResult) -> str | None:
    return (
        None
        if result.status == "error" or result.verdict is None
        else str(result.verdict.label.value)
    )


def render_markdown(report: Report) -> str:
    """The report as Markdown: a summary table, then each claim with footnoted quotes."""
    title = report.article.title or report.article.source
    s = report.summary
    t = report.timings
    lines = [
        f"# Claim check: {_text(title)}",
        "",
        f"Checked `{report.article.source.replace('`', '')}` ({report.article.chars:,} characters) "
        f"with the **{_text(report.backend.name)}** engine ({_text(report.backend.model)}; "
        f"embedder {_text(report.backend.embedder)}) in {t.total_s:.2f} s.",
        "",
        f"**{len(report.claims)} claims** — ✔ {s.supported} supported · ✘ {s.refuted} refuted · "
        f"◐ {s.conflicting} conflicting · ? {s.not_enough_evidence} not enough evidence · "
        f"! {s.errors} errors.",
        "",
        "| # | Verdict | Confidence | Claim |",
        "|---|---|---|---|",
    ]
    for result in report.claims:
        icon, word, _style = verdict_badge(_label(result))
        conf = f"{result.verdict.confidence:.0%}" if result.verdict else "–"
        lines.append(f"| {_text(result.id)} | {icon} {word} | {conf} | {_text(result.text)} |")
    lines += ["", "## Details", ""]
    notes: list[str] = []
    used: set[str] = set()
    for result in report.claims:
        icon, word, _style = verdict_badge(_label(result))
        conf = f" ({result.verdict.confidence:.0%})" if result.verdict else ""
        lines += [
            f"### {_text(result.id)} — {icon} {word}{conf}",
            "",
            f"> {_text(result.text)}",
            "",
        ]
        if result.kind == "attribution" and result.speaker:
            lines += [f"Attributed to **{_text(result.speaker)}**.", ""]
        body = result.verdict.rationale if result.verdict else f"Error: {result.error}"
        refs = ""
        for n, citation in enumerate(result.citations, start=1):
            key = _key(result.id, n)
            while key in used:
                key += "x"
            used.add(key)
            refs += f"[^{key}]"
            notes.append(
                f"[^{key}]: “{_text(citation.quote)}” — "
                f"{_link(citation.title or citation.doc_id, citation.url)}, "
                f"`{citation.doc_id.replace('`', '')}` chars {citation.start}–{citation.end} "
                f"({citation.stance.value})"
            )
        lines += [f"{_text(body)} {refs}".rstrip(), ""]
    if notes:
        lines += notes + [""]
    return "\n".join(lines)
