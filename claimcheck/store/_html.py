"""Main text of an HTML page with the standard library's ``html.parser``.

Boilerplate containers (``script``, ``style``, ``nav``, ``header``, ``footer``, ``aside``,
``form``, ``noscript`` and a few more) are dropped with everything inside them; block elements
become paragraph breaks, ``<br>`` a line break; whitespace inside a block collapses to one
space. The title is the ``<title>`` text, else the first ``<h1>``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["extract_html"]

_SKIP = frozenset(
    {
        "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
        "svg", "iframe", "canvas", "button", "select", "object", "embed", "head",
    }
)  # fmt: skip
_BLOCK = frozenset(
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
        "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "thead", "tbody", "tfoot",
        "blockquote", "pre", "figure", "figcaption", "address", "hr", "caption", "details",
        "summary", "body", "html", "center",
    }
)  # fmt: skip
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    }
)  # fmt: skip
_SPACE_RE = re.compile(r"[ \t\r\f\v\n\u00a0]+")


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._skip_stack: list[str] = []
        self.title = ""
        self._in_title = False
        self._title_parts: list[str] = []
        self._h1: str | None = None
        self._h1_parts: list[str] | None = None

    # -- helpers
    def _flush(self) -> None:
        text = "".join(self._current)
        lines = [_SPACE_RE.sub(" ", line).strip() for line in text.split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            self.blocks.append(block)
        self._current = []

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":  # read even inside <head>, which is otherwise skipped
            self._in_title = True
            return
        if self._skip_stack:
            if tag in _SKIP and tag not in _VOID:
                self._skip_stack.append(tag)
            return
        if tag in _SKIP:
            if tag not in _VOID:
                self._skip_stack.append(tag)
            return
        if tag == "br":
            self._current.append("\n")
        elif tag in _BLOCK:
            self._flush()
        if tag == "h1" and self._h1 is None:
            self._h1_parts = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self._skip_stack:
            self._current.append("\n")
        elif tag in _BLOCK and not self._skip_stack:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.title = _SPACE_RE.sub(" ", "".join(self._title_parts)).strip()
            return
        if self._skip_stack:
            if tag == self._skip_stack[-1]:
                self._skip_stack.pop()
            elif tag in self._skip_stack:  # tolerate unclosed tags inside the skipped element
                while self._skip_stack and self._skip_stack.pop() != tag:
                    pass
            return
        if tag == "h1" and self._h1_parts is not None:
            self._h1 = _SPACE_RE.sub(" ", "".join(self._h1_parts)).strip()
            self._h1_parts = None
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
            return
        if self._skip_stack:
            return
        self._current.append(data)
        if self._h1_parts is not None:
            self._h1_parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def extract_html(markup: str) -> tuple[str, str]:
    """The main text of an HTML page (paragraphs separated by blank lines) and its title."""
    parser = _MainText()
    parser.feed(markup)
    parser.close()
    title = parser.title or parser._h1 or ""
    return "\n\n".join(parser.blocks), title
