"""Structural filters: headings, boilerplate, and sentences that cannot hold a claim.

A heading is a short paragraph without final punctuation (title case, or in an article whose
other paragraphs are punctuated); boilerplate is share/follow/copyright lines, bare URLs and
editor's notes in brackets. A sentence cannot hold a claim when it is a question or an
exclamation, has no main clause, or has no subject (``Says he will …``).
"""

from __future__ import annotations

import re

from ..text import Segment, words
from ._clauses import is_finite, is_fragment, span_words
from ._discourse import Discourse
from ._lexicon import BOILERPLATE_RE, S_VERBS, SPEECH_VERBS, wordset

__all__ = ["CLOSERS", "DATELINE_RE", "Filters"]

CLOSERS = '”"’»)]'
"""Closing quotes and brackets that may follow a sentence's final punctuation."""
# "WASHINGTON —", "KYIV, Dec 2 (Reuters) -": a dateline before the first sentence
DATELINE_RE = re.compile(
    r"[A-Z][A-Z.'\- ]{2,40}(?:,[^—–\n]{0,30})?(?:\s*\([^)\n]{1,30}\))?\s+[—–-]{1,2}\s+"
)
_TITLE_SMALL = wordset(
    "a an the and or but nor of to in on at for with about by from as is it he she be vs"
)


class Filters:
    """The structural filters of one article.

    Args:
        discourse: The article's paragraphs and sentences.
        max_sentence_chars: Longer sentences are skipped (not prose).
    """

    def __init__(self, discourse: Discourse, max_sentence_chars: int) -> None:
        self.text = discourse.text
        self.max_sentence_chars = max_sentence_chars
        long_paras = [p for p in discourse.paragraphs if len(p.text.split()) >= 8]
        ended = sum(1 for p in long_paras if p.text.rstrip(CLOSERS)[-1:] in ".!?…")
        self.punctuated = bool(long_paras) and ended >= len(long_paras) / 2
        """Whether most paragraphs end with sentence punctuation (then unpunctuated short
        lines are headings)."""

    def is_heading(self, para: Segment) -> bool:
        """Whether ``para`` is a heading, a headline or a stray label."""
        line = para.text
        if len(line) > 300 or "\n" in line or "\r" in line:
            return False
        if line.startswith("#"):
            return True
        toks = [t.text for t in words(line)]
        if not toks:
            return True
        content = [t for t in toks if t.lower() not in _TITLE_SMALL]
        title = sum(1 for t in content if t[:1].isupper() or t[:1].isdigit())
        ratio = title / len(content) if content else 0.0
        ends = line.rstrip(CLOSERS)[-1:] in ".?!…"
        if line.endswith(":") and len(toks) <= 10:
            return True
        if len(toks) <= 6 and ratio >= 0.99 and not line.endswith("."):
            return True
        if not ends and len(toks) <= 20 and ratio >= 0.6:
            return True
        return not ends and self.punctuated and len(toks) <= 20

    @staticmethod
    def is_boilerplate(para: Segment) -> bool:
        """Whether ``para`` is share/follow/copyright text, bare links or an editor's note."""
        line = para.text.strip()
        if line.startswith(("(", "[")) and line.endswith((")", "]", ").", "].")):
            return True  # an editor's note in brackets
        if len(line.split()) > 25:
            return False
        if BOILERPLATE_RE.match(line):
            return True
        return all(tok.startswith(("http://", "https://", "www.")) for tok in line.split())

    def skip_sentence(self, start: int, end: int) -> bool:
        """Questions, exclamations, fragments, subject-less or subordinate-only sentences."""
        text = self.text
        if end - start > self.max_sentence_chars:
            return True
        tail = text[start:end].rstrip().rstrip(CLOSERS).rstrip()
        if tail.endswith(("?", "!")) or "?" in text[start:end].rstrip(CLOSERS + ".")[-3:]:
            return True
        toks = span_words(text, start, end)
        if len(toks) < 3 or is_fragment(text, start, end):
            return True
        first = toks[0].text
        # "Says he will …" has no subject; "Exports rose …" has one
        return (
            first[:1].isupper()
            and first.lower() in (S_VERBS | SPEECH_VERBS)
            and not is_finite(toks, 1)
        )
