"""The HTML report: one self-contained page showing the article with its claims highlighted.

Layout of the page:

* a header with the article's title, a summary bar of verdict counts, and filter buttons;
* the article, verbatim (``white-space: pre-wrap``), where each claim's span is a
  ``<mark class="claim" data-claim-id="…" data-verdict="…">`` in its verdict's colour, with an
  icon, the claim id and a border style (never colour alone);
* the list of claims with verdict, confidence, rationale and citations (quote, title, link),
  which is also what the hover / click / keyboard-focus popover shows;
* the report itself as JSON (``<script type="application/json" id="claimcheck-report">``).

Overlapping spans: one highlight element per claim. Spans that nest (or coincide) become nested
marks, each with its own underline drawn further down the more claims it encloses, and the
popover lists every claim covering the hovered text. Spans that cross are split: the claim's
first piece carries ``data-claim-id`` (so ``[data-claim-id]`` counts claims exactly) and the
rest are ``<mark class="claim-cont" data-continues="…">``.

Safety: every piece of article and evidence text is HTML-escaped, the embedded JSON escapes
``<``, ``>`` and ``&``, links are kept only for ``http(s)`` URLs, and a Content-Security-Policy
allows no network access and only the page's own script and style (by hash).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from html import escape

from ..models import ClaimResult, Report, Summary
from ._html_assets import CSS, JS, verdict_css
from .style import VERDICT_STYLE, verdict_badge

__all__ = ["render_html", "script_json"]

log = logging.getLogger(__name__)

_ORDER = ("supported", "refuted", "conflicting", "not_enough_evidence", "error")
_STANCE_ICON = {"supports": "✔", "refutes": "✘", "neutral": "–"}
_MAX_DEPTH = 4


def script_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``).

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (still the same JSON
    value), as do the line separators U+2028/U+2029.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(char, code)
    return text


def _verdict_key(result: ClaimResult) -> str:
    if result.status == "error" or result.verdict is None:
        return "error"
    return str(result.verdict.label.value)


def _safe_url(url: str) -> str | None:
    url = url.strip()
    return url if re.match(r"^https?://", url, re.IGNORECASE) else None


def _anchor_ids(results: list[ClaimResult]) -> list[str]:
    """``claim-<id>`` anchors, made HTML-id-safe and unique."""
    seen: set[str] = set()
    out: list[str] = []
    for n, result in enumerate(results):
        base = "claim-" + (re.sub(r"[^A-Za-z0-9_.-]", "-", result.id) or str(n + 1))
        anchor = base if base not in seen else f"{base}-{n + 1}"
        seen.add(anchor)
        out.append(anchor)
    return out


# --------------------------------------------------------------------------- article layout


@dataclass(frozen=True)
class _Item:
    index: int
    start: int
    end: int
    claim_id: str
    verdict: str
    icon: str
    depth: int


def _located(report: Report, text: str) -> tuple[list[_Item], set[int]]:
    """Claims whose span lies inside ``text`` (and is not empty), with their nesting depth."""
    spans: list[tuple[int, int, int]] = []
    for i, result in enumerate(report.claims):
        start, end = result.span.start, result.span.end
        if 0 <= start < end <= len(text):
            spans.append((i, start, end))
    # opening order: by start, the longer span first, then claim order (first claim outermost)
    ordered = sorted(spans, key=lambda t: (t[1], -t[2], t[0]))

    # depth = how deeply this claim encloses others; it sets how far down its underline sits.
    # Enclosed claims open later and start before this one ends, so a forward scan finds them.
    depth: dict[int, int] = {}
    for pos in range(len(ordered) - 1, -1, -1):
        i, _start, end = ordered[pos]
        deepest = 0
        for k in range(pos + 1, len(ordered)):
            j, s, e = ordered[k]
            if s >= end:
                break
            if e <= end:
                deepest = max(deepest, depth[j] + 1)
        depth[i] = min(deepest, _MAX_DEPTH)
    items = []
    for i, start, end in spans:
        key = _verdict_key(report.claims[i])
        icon = VERDICT_STYLE.get(key, VERDICT_STYLE["error"])[0]
        items.append(_Item(i, start, end, report.claims[i].id, key, icon, depth[i]))
    return items, {item.index for item in items}


def _open_tag(item: _Item, *, continuation: bool) -> str:
    cls = f"v-{item.verdict} h{item.depth}"
    if continuation:
        return (
            f'<mark class="claim-cont {cls}" data-continues="{escape(item.claim_id)}" '
            f'data-verdict="{item.verdict}" data-index="{item.index}">'
        )
    return (
        f'<mark id="hl-{item.index}" class="claim {cls}" data-claim-id="{escape(item.claim_id)}" '
        f'data-verdict="{item.verdict}" data-index="{item.index}" data-icon="{escape(item.icon)}" '
        f'tabindex="0" role="button" aria-haspopup="dialog" aria-controls="popover" '
        f'aria-expanded="false">'
    )


def _article_html(text: str, items: list[_Item]) -> str:
    """The escaped article with one properly nested ``<mark>`` per claim (split when crossing)."""
    bounds = sorted({0, len(text)} | {i.start for i in items} | {i.end for i in items})
    starting: dict[int, list[_Item]] = {}
    for item in items:
        starting.setdefault(item.start, []).append(item)
    stack: list[_Item] = []
    out: list[str] = []
    for n, pos in enumerate(bounds):
        to_open: list[tuple[_Item, bool]] = []
        closing = [k for k, item in enumerate(stack) if item.end == pos]
        if closing:
            lowest = min(closing)
            to_open = [(item, True) for item in stack[lowest:] if item.end != pos]
            out.append("</mark>" * (len(stack) - lowest))
            del stack[lowest:]
        to_open += [(item, False) for item in starting.get(pos, [])]
        # outer first: the one that ends last; ties keep claim order (first claim outermost)
        for item, continuation in sorted(to_open, key=lambda t: (-t[0].end, t[0].index)):
            out.append(_open_tag(item, continuation=continuation))
            stack.append(item)
        if n + 1 < len(bounds):
            out.append(escape(text[pos : bounds[n + 1]], quote=False))
    out.append("</mark>" * len(stack))
    return "".join(out)


# --------------------------------------------------------------------------- claim details


def _citations_html(result: ClaimResult) -> str:
    if not result.citations:
        return '<p class="nocite">No citation.</p>' if result.status == "ok" else ""
    rows = []
    for citation in result.citations:
        stance = citation.stance.value
        title = escape(citation.title or citation.doc_id)
        url = _safe_url(citation.url)
        source = (
            f'<a href="{escape(url)}" rel="noopener noreferrer" target="_blank">{title}</a>'
            if url
            else f"<span>{title}</span>"
        )
        rows.append(
            f'<li class="cite s-{stance}"><span class="stance">{_STANCE_ICON.get(stance, "")} '
            f"{stance}</span> <q>{escape(citation.quote)}</q> — {source} "
            f'<span class="loc">{escape(citation.doc_id)} · chars {citation.start}–{citation.end}'
            f" · score {citation.score:.2f}</span></li>"
        )
    return '<ol class="cites">' + "".join(rows) + "</ol>"


def _detail_html(index: int, result: ClaimResult, anchor: str, located: bool) -> str:
    key = _verdict_key(result)
    icon, word, _style = verdict_badge(None if key == "error" else key)
    conf = (
        f'<span class="conf">confidence {result.verdict.confidence:.0%}</span>'
        if result.verdict is not None
        else ""
    )
    parts = [
        f'<li id="{anchor}" class="detail v-{key}" data-index="{index}" data-verdict="{key}">',
        f'<p class="head"><span class="badge"><span class="icon" aria-hidden="true">{icon}</span> '
        f'{escape(word)}</span><span class="cid">{escape(result.id)}</span>{conf}</p>',
        f'<p class="claimtext">{escape(result.text)}</p>',
    ]
    if result.kind == "attribution" and result.speaker:
        parts.append(f'<p class="speaker">Attributed to <b>{escape(result.speaker)}</b>.</p>')
    if result.verdict is not None and result.verdict.rationale:
        parts.append(f'<p class="why">{escape(result.verdict.rationale)}</p>')
    if result.error:
        parts.append(f'<p class="err">Error: {escape(result.error)}</p>')
    parts.append(_citations_html(result))
    if located:
        parts.append(
            f'<p class="jump"><a class="jump-link" href="#hl-{index}" data-index="{index}">'
            "Show in the article</a></p>"
        )
    else:
        parts.append('<p class="jump">Not located in the article text.</p>')
    parts.append("</li>")
    return "".join(parts)


# --------------------------------------------------------------------------- page


def _summary_html(report: Report) -> str:
    summary = Summary.of(report.claims)
    counts = {key: getattr(summary, "errors" if key == "error" else key) for key in _ORDER}
    buttons = [
        '<button type="button" class="filter" data-filter="all" aria-pressed="true">'
        f'All <span class="count">{len(report.claims)}</span></button>'
    ]
    segments = []
    for key in _ORDER:
        icon, word, _style = verdict_badge(None if key == "error" else key)
        if key == "error" and not counts[key]:
            continue
        disabled = "" if counts[key] else " disabled"
        buttons.append(
            f'<button type="button" class="filter v-{key}" data-filter="{key}" '
            f'aria-pressed="false"{disabled}><span class="icon" aria-hidden="true">{icon}</span> '
            f'{escape(word)} <span class="count">{counts[key]}</span></button>'
        )
        if counts[key]:
            segments.append(
                f'<span class="seg v-{key}" data-count="{counts[key]}" '
                f'title="{counts[key]} {escape(word)}"></span>'
            )
    label = ", ".join(
        f"{counts[k]} {verdict_badge(None if k == 'error' else k)[1]}" for k in _ORDER if counts[k]
    )
    return (
        '<nav class="summary" aria-label="Filter claims by verdict">' + "".join(buttons) + "</nav>"
        f'<div class="bar" role="img" aria-label="{escape(label or "no claims")}">'
        + "".join(segments)
        + "</div>"
    )


def _csp(style: str, script: str) -> str:
    def digest(block: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"

    return (
        f"default-src 'none'; style-src {digest(style)}; script-src {digest(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def render_html(report: Report, article_text: str, *, url: str | None = None) -> str:
    """The report as one self-contained HTML page (inline CSS and JS, no network access).

    Args:
        report: the report of a check of ``article_text``.
        article_text: the exact text that was checked (claim spans index into it).
        url: where the article was published (shown as a link when it is ``http(s)``).

    Returns:
        The HTML document as a string.
    """
    from .. import __version__

    items, located = _located(report, article_text)
    digest = hashlib.sha256(article_text.encode("utf-8")).hexdigest()
    notice = ""
    if report.article.sha256 and report.article.sha256 != digest:
        log.warning("the article text differs from the one this report was made from")
        notice = (
            '<p class="warning" role="alert">This article text differs from the text the '
            "report was made from: highlights may be misplaced.</p>"
        )
    missing = len(report.claims) - len(located)
    if missing:
        log.warning("%d claim(s) have no span inside the article text", missing)

    title = report.article.title or report.article.source or "article"
    link = _safe_url(url or "")
    source = (
        f'<a href="{escape(link)}" rel="noopener noreferrer" target="_blank">{escape(link)}</a>'
        if link
        else escape(report.article.source)
    )
    backend = report.backend
    meta = (
        f"{source} · {report.article.chars or len(article_text):,} characters · "
        f"{len(report.claims)} claims · engine {escape(backend.name)}"
        + (f" ({escape(backend.model)})" if backend.model else "")
        + (f" · embedder {escape(backend.embedder)}" if backend.embedder else "")
    )
    colours = {key: VERDICT_STYLE[key][3] for key in _ORDER}
    style = CSS + verdict_css(colours)
    anchors = _anchor_ids(report.claims)
    details = "".join(
        _detail_html(i, result, anchors[i], i in located) for i, result in enumerate(report.claims)
    )
    t = report.timings
    footer = (
        f"Made by claimcheck {escape(__version__)} · {t.total_s:.2f} s (extract {t.extract_s:.2f},"
        f" retrieve {t.retrieve_s:.2f}, verify {t.verify_s:.2f}) · hover, click or tab to a "
        "highlight to see its verdict and evidence."
    )
    data = script_json(report.model_dump(mode="json"))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_csp(style, JS)}">
<meta name="generator" content="claimcheck {escape(__version__)}">
<title>Claim check: {escape(title)}</title>
<style>{style}</style>
</head>
<body data-filter="all">
<header>
<h1>Claim check: {escape(title)}</h1>
<p class="meta">{meta}</p>
{notice}{_summary_html(report)}
</header>
<main>
<h2 class="visually-hidden">Article</h2>
<div id="article" class="article">{_article_html(article_text, items)}</div>
<h2>Claims</h2>
<ol id="claim-list" class="details">{details}</ol>
</main>
<div id="popover" class="popover" role="dialog" aria-label="Claim verdict" hidden></div>
<footer>{footer}</footer>
<script type="application/json" id="claimcheck-report">{data}</script>
<script>{JS}</script>
</body>
</html>
"""
