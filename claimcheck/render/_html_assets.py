"""The inline CSS and JavaScript of the HTML report (kept apart from the Python that lays it out).

Both are static: every value that comes from a report reaches the page as escaped HTML or as
escaped JSON, never through these templates. The page's Content-Security-Policy allows exactly
these two blocks (by SHA-256 hash), so an injected script or event handler could not run even if
escaping ever failed.
"""

from __future__ import annotations

__all__ = ["CSS", "JS", "verdict_css"]

CSS_BASE = """
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fdfdfc; --muted: #5b5b60;
  --line: #d8d8dc; --card: #ffffff; --shadow: 0 6px 24px rgba(0,0,0,.18); }
@media (prefers-color-scheme: dark) {
  :root { --fg: #ececec; --bg: #18181a; --muted: #a5a5ab; --line: #3a3a3f; --card: #242427;
    --shadow: 0 6px 24px rgba(0,0,0,.6); }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
header, main, footer { max-width: 52rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1.5rem; }
h1 { font-size: 1.45rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .75rem; }
.meta, footer { color: var(--muted); font-size: .875rem; }
footer { padding-bottom: 2rem; border-top: 1px solid var(--line); margin-top: 2rem;
  padding-top: .75rem; }
.warning { border: 2px solid #E69F00; padding: .5rem .75rem; border-radius: 6px; }
.summary { display: flex; flex-wrap: wrap; gap: .4rem; margin: .9rem 0 .5rem; }
.filter { font: inherit; font-size: .9rem; cursor: pointer; color: var(--fg);
  background: var(--card); border: 1px solid var(--line); border-radius: 999px;
  padding: .2rem .75rem; }
.filter[aria-pressed="true"] { outline: 2px solid var(--fg); outline-offset: 1px;
  font-weight: 600; }
.filter .icon { color: var(--c, var(--fg)); font-weight: 700; }
.filter .count { font-variant-numeric: tabular-nums; }
.filter:disabled { opacity: .45; cursor: default; }
.bar { display: flex; height: .5rem; border-radius: 4px; overflow: hidden; margin-bottom: 1rem;
  background: var(--line); }
.bar .seg { flex: 1 1 0; background: var(--c); }
.article { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 2.25; font-size: 1.05rem;
  font-family: Georgia, "DejaVu Serif", "Times New Roman", serif; }
mark.claim, mark.claim-cont { color: inherit; background: var(--bg-c); border-radius: 2px;
  border-bottom: 4px var(--line-style) var(--c); cursor: pointer;
  -webkit-box-decoration-break: clone; box-decoration-break: clone; }
mark.claim::before { content: attr(data-icon) "\\00a0" attr(data-claim-id); font: 700 .72rem/1
  system-ui, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--card);
  border: 1.5px solid var(--c); border-radius: 3px; padding: 1px 3px; margin-right: 2px;
  vertical-align: .15em; white-space: nowrap; }
mark.h0 { padding-bottom: 1px; } mark.h1 { padding-bottom: 7px; } mark.h2 { padding-bottom: 13px; }
mark.h3 { padding-bottom: 19px; } mark.h4 { padding-bottom: 25px; }
mark.claim:focus-visible, mark.claim.is-active { outline: 2px solid var(--fg);
  outline-offset: 2px; }
mark.is-filtered { background: transparent; border-bottom-color: transparent; cursor: auto; }
mark.is-filtered::before { display: none; }
.details { list-style: none; padding: 0; margin: 0; }
.detail { border-left: 5px var(--line-style) var(--c); background: var(--card);
  padding: .6rem .9rem; margin: 0 0 .75rem; border-radius: 0 6px 6px 0; }
.detail p { margin: .2rem 0; }
.detail .head { display: flex; flex-wrap: wrap; gap: .6rem; align-items: baseline; }
.badge { font-weight: 700; }
.badge .icon { color: var(--c); }
.cid { font-family: ui-monospace, "DejaVu Sans Mono", monospace; color: var(--muted); }
.conf { color: var(--muted); font-variant-numeric: tabular-nums; }
.claimtext { font-weight: 600; }
.why { color: var(--fg); }
.err { color: #b35900; }
.cites { margin: .3rem 0 0; padding-left: 1.2rem; font-size: .93rem; }
.cites li { margin: .25rem 0; }
.cites q { font-style: italic; }
.stance { font-size: .8rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em;
  color: var(--muted); }
.loc { color: var(--muted); font-size: .8rem; }
.jump { font-size: .85rem; }
a { color: inherit; }
.popover { position: absolute; z-index: 10; max-width: min(32rem, calc(100vw - 1rem));
  background: var(--card); color: var(--fg); border: 1px solid var(--line); border-radius: 8px;
  box-shadow: var(--shadow); padding: .35rem .5rem; max-height: 70vh; overflow: auto;
  font-size: .95rem; line-height: 1.45; }
.popover[hidden] { display: none; }
.popover .detail { margin: .25rem 0; }
.popover .jump { display: none; }
.popover .pinhint { color: var(--muted); font-size: .78rem; margin: .15rem .2rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
@media print { .popover, .summary, .bar, .jump { display: none !important; }
  .detail { break-inside: avoid; } }
"""

# verdict key -> (hex colour, border style): the style is a second, colour-independent cue.
_LINE_STYLE = {
    "supported": "solid",
    "refuted": "double",
    "conflicting": "dashed",
    "not_enough_evidence": "dotted",
    "error": "solid",
}


def verdict_css(colours: dict[str, str]) -> str:
    """CSS custom properties per verdict class (``.v-<key>``) from ``{key: "#RRGGBB"}``."""
    rules = []
    for key, hex_colour in colours.items():
        style = _LINE_STYLE.get(key, "solid")
        rules.append(
            f".v-{key} {{ --c: {hex_colour}; --bg-c: {hex_colour}2e; --line-style: {style}; }}"
        )
    return "\n".join(rules) + "\n"


CSS = CSS_BASE

JS = """
(() => {
  "use strict";
  const article = document.getElementById("article");
  const pop = document.getElementById("popover");
  const details = document.getElementById("claim-list");
  const MARKS = "mark.claim, mark.claim-cont";
  let pinned = null;
  let current = null;
  let hideTimer = 0;

  for (const seg of document.querySelectorAll(".bar .seg")) {
    seg.style.flexGrow = String(Number(seg.dataset.count) || 0);
  }

  const markOf = (node) => (node instanceof Element ? node.closest(MARKS) : null);
  const primary = (index) => article.querySelector('mark.claim[data-index="' + index + '"]');

  // Claims covering the hovered text: the innermost highlight first, then the enclosing ones.
  function chain(mark) {
    const seen = [];
    for (let el = mark; el && el !== article; el = el.parentElement) {
      if (!el.matches(MARKS) || el.classList.contains("is-filtered")) continue;
      if (!seen.includes(el.dataset.index)) seen.push(el.dataset.index);
    }
    return seen;
  }

  function place(mark, evt) {
    const rects = Array.from(mark.getClientRects());
    let rect = rects[0] || mark.getBoundingClientRect();
    if (evt && typeof evt.clientY === "number") {
      rect = rects.find((r) => evt.clientY >= r.top && evt.clientY <= r.bottom) || rect;
    }
    pop.style.left = "0px";
    pop.style.top = "0px";
    const width = pop.offsetWidth;
    const left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    pop.style.left = left + window.scrollX + "px";
    pop.style.top = rect.bottom + window.scrollY + 8 + "px";
  }

  function show(mark, evt) {
    clearTimeout(hideTimer);
    const indices = chain(mark);
    if (!indices.length) { hide(); return; }
    const parts = [];
    for (const index of indices) {
      const src = details.querySelector('li.detail[data-index="' + index + '"]');
      if (!src) continue;
      const copy = src.cloneNode(true);
      copy.removeAttribute("id");
      copy.hidden = false;
      parts.push(copy);
    }
    if (pinned) {
      const hint = document.createElement("p");
      hint.className = "pinhint";
      hint.textContent = "Pinned \\u2014 press Esc or click elsewhere to close.";
      parts.push(hint);
    }
    pop.replaceChildren(...parts);
    pop.hidden = false;
    if (current && current !== mark) current.classList.remove("is-active");
    current = mark;
    const head = primary(mark.dataset.index);
    for (const m of [mark, head]) if (m) m.classList.add("is-active");
    if (head) head.setAttribute("aria-expanded", "true");
    place(mark, evt);
  }

  function hide() {
    clearTimeout(hideTimer);
    pop.hidden = true;
    pop.replaceChildren();
    for (const m of article.querySelectorAll(".is-active")) m.classList.remove("is-active");
    for (const m of article.querySelectorAll('[aria-expanded="true"]')) {
      m.setAttribute("aria-expanded", "false");
    }
    current = null;
    pinned = null;
  }

  const later = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => { if (!pinned) hide(); }, 250);
  };

  article.addEventListener("mouseover", (evt) => {
    if (pinned) return;
    const mark = markOf(evt.target);
    if (mark && !mark.classList.contains("is-filtered")) show(mark, evt);
  });
  article.addEventListener("mouseout", (evt) => {
    if (pinned) return;
    const to = evt.relatedTarget;
    if (to instanceof Node && (pop.contains(to) || markOf(to))) return;
    later();
  });
  pop.addEventListener("mouseenter", () => clearTimeout(hideTimer));
  pop.addEventListener("mouseleave", () => { if (!pinned) later(); });

  function toggle(mark, evt) {
    if (mark.classList.contains("is-filtered")) return;
    if (pinned && current === mark) { hide(); return; }
    pinned = mark;
    show(mark, evt);
  }
  article.addEventListener("click", (evt) => {
    const mark = markOf(evt.target);
    if (mark) { evt.stopPropagation(); toggle(mark, evt); }
  });
  article.addEventListener("keydown", (evt) => {
    const mark = markOf(evt.target);
    if (mark && (evt.key === "Enter" || evt.key === " ")) {
      evt.preventDefault();
      toggle(mark, null);
    }
  });
  article.addEventListener("focusin", (evt) => {
    const mark = markOf(evt.target);
    if (mark && (!pinned || pinned !== mark)) { pinned = null; show(mark, null); }
  });
  article.addEventListener("focusout", (evt) => {
    const to = evt.relatedTarget;
    if (!pinned && !(to instanceof Node && pop.contains(to))) later();
  });
  document.addEventListener("click", (evt) => {
    if (!pop.hidden && !(evt.target instanceof Node && pop.contains(evt.target))) hide();
  });
  document.addEventListener("keydown", (evt) => {
    if (evt.key !== "Escape" || pop.hidden) return;
    const back = current ? primary(current.dataset.index) : null;
    hide();
    if (back) back.focus({ preventScroll: true });
  });

  function applyFilter(verdict) {
    document.body.dataset.filter = verdict;
    for (const btn of document.querySelectorAll("button.filter")) {
      btn.setAttribute("aria-pressed", String(btn.dataset.filter === verdict));
    }
    for (const el of article.querySelectorAll("[data-verdict]")) {
      const off = verdict !== "all" && el.dataset.verdict !== verdict;
      el.classList.toggle("is-filtered", off);
      if (el.matches("mark.claim")) el.tabIndex = off ? -1 : 0;
    }
    for (const li of details.querySelectorAll("li.detail")) {
      li.hidden = verdict !== "all" && li.dataset.verdict !== verdict;
    }
    if (current && current.classList.contains("is-filtered")) hide();
  }
  for (const btn of document.querySelectorAll("button.filter")) {
    btn.addEventListener("click", (evt) => {
      evt.stopPropagation();
      hide();
      applyFilter(btn.dataset.filter);
    });
  }
  for (const link of details.querySelectorAll("a.jump-link")) {
    link.addEventListener("click", (evt) => {
      const mark = primary(link.dataset.index);
      if (!mark) return;
      evt.preventDefault();
      evt.stopPropagation();
      mark.scrollIntoView({ block: "center" });
      mark.focus({ preventScroll: true });
    });
  }
})();
"""
