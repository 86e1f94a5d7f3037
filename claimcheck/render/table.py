"""The terminal table (rich): coloured verdicts with icons, truncated claims, a footer."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import ClaimResult, Report
from .style import VERDICT_STYLE, verdict_badge

__all__ = ["render_claims_table", "render_table"]


def _label(result: ClaimResult) -> str | None:
    if result.status == "error" or result.verdict is None:
        return None
    return str(
        result.verdict.label.value
        if hasattr(result.verdict.label, "value")
        else result.verdict.label
    )


def _console(color: bool, width: int) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="truecolor" if color else None,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    return console, buffer


def _claims_table(results: list[ClaimResult], width: int) -> Table:
    # id, verdict and confidence keep their width; the claim and the evidence title give way
    id_w = max([2, *(len(r.id) for r in results)])
    verdict_w = max(len(f"{icon} {word}") for icon, word, _s, _h in VERDICT_STYLE.values())
    evidence_w = 28 if width >= 100 else 16
    claim_w = max(20, width - id_w - verdict_w - 4 - evidence_w - 8)  # 8 = four column gaps
    table = Table(show_header=True, header_style="bold", expand=False, pad_edge=False, box=None)
    table.add_column("id", no_wrap=True, min_width=id_w)
    table.add_column("verdict", no_wrap=True, min_width=verdict_w)
    table.add_column("conf", justify="right", no_wrap=True, min_width=4)
    table.add_column("claim", overflow="ellipsis", no_wrap=True, max_width=claim_w)
    table.add_column("evidence", overflow="ellipsis", no_wrap=True, max_width=evidence_w)
    for result in results:
        icon, word, style = verdict_badge(_label(result))
        conf = f"{result.verdict.confidence:.2f}" if result.verdict else "-"
        claim = result.text
        if result.kind == "attribution" and result.speaker:
            claim = f"[{result.speaker}] {claim}"
        evidence = (
            (result.citations[0].title or result.citations[0].doc_id) if result.citations else ""
        )
        if result.status == "error":
            evidence = (result.error or "")[:60]
        # Text(), not str: article and evidence text must never be read as rich markup
        table.add_row(
            Text(result.id), Text(f"{icon} {word}", style=style), conf, Text(claim), Text(evidence)
        )
    return table


def _details(console: Console, results: list[ClaimResult]) -> None:
    for result in results:
        icon, word, style = verdict_badge(_label(result))
        console.print(Text.assemble((f"{result.id} ", "bold"), (f"{icon} {word}", style)))
        console.print(f"  claim: {result.text}", markup=False)
        if result.verdict and result.verdict.rationale:
            console.print(f"  why:   {result.verdict.rationale}", markup=False)
        if result.error:
            console.print(f"  error: {result.error}", markup=False)
        for citation in result.citations:
            where = f"{citation.doc_id} [{citation.start}:{citation.end}]"
            console.print(
                f"  - {citation.stance.value}: “{citation.quote}” ({where})", markup=False
            )
            if citation.url:
                console.print(f"    {citation.url}", markup=False)


def _footer(report: Report) -> str:
    s = report.summary
    t = report.timings
    counts = (
        f"{len(report.claims)} claims: {s.supported} supported · {s.refuted} refuted · "
        f"{s.conflicting} conflicting · {s.not_enough_evidence} not enough evidence · "
        f"{s.errors} errors"
    )
    timing = (
        f"{t.total_s:.2f} s (extract {t.extract_s:.2f}, retrieve {t.retrieve_s:.2f}, "
        f"verify {t.verify_s:.2f})"
    )
    usage = ""
    if report.usage.llm_calls or report.usage.cache_hits:
        u = report.usage
        usage = f" · {u.llm_calls} LLM calls, {u.cache_hits} cached, ${u.cost_usd:.4f}"
    return f"{counts} — {timing} · {report.backend.name}{usage}"


def render_claims_table(
    results: list[ClaimResult], *, color: bool = False, width: int = 120, verbose: bool = False
) -> str:
    """A table of claim results (``verify`` output)."""
    console, buffer = _console(color, width)
    console.print(_claims_table(results, width))
    if verbose:
        console.print()
        _details(console, results)
    return buffer.getvalue()


def render_table(
    report: Report,
    *,
    color: bool = False,
    width: int = 120,
    verbose: bool = False,
    quiet: bool = False,
) -> str:
    """The report as a terminal table with a footer of counts and timings."""
    console, buffer = _console(color, width)
    if not quiet:
        if report.article.title:
            console.print(Text(report.article.title, style="bold"))
        console.print(_claims_table(report.claims, width))
        if verbose:
            console.print()
            _details(console, report.claims)
        console.print()
    footer = _footer(report)
    if len(footer) > width:  # counts on one line, timings on the next, rather than mid-phrase
        footer = footer.replace(" — ", "\n", 1)
    console.print(footer, markup=False)
    return buffer.getvalue()
