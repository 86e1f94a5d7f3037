"""Hashed word features of a (claim, sentence) pair: what differs between the two texts.

A refutation usually shares most words with the claim and differs in a few: the claim says
"increases", the sentence "lower"; the claim "encourages", the sentence "inhibition". The
dense features name the differences a lexicon knows; these sparse ones let a trained model
learn the rest from data. Terms are the stems of content words plus the function words that
carry polarity (``not``, ``more``, ``less``, ``only`` …). Groups (each switchable, for
ablations):

- ``diff``: each claim-only term (``c:increas``) and each sentence-only term (``s:lower``);
- ``cross``: each pair of a claim-only and a sentence-only term (``x:increas|lower``);
- ``polar``: each pair of the polarity words of the claim and of the sentence
  (``p:not|_`` = the claim has "not", the sentence has none), and each shared term. A
  polarity word counts only when it bears on a term the two texts share (one of the four
  words after it, or the word before it for a comparative): "and that Putin did not appear
  ready" says nothing about a claim that does not mention readiness.

Every feature name is hashed with CRC-32 into ``2**bits`` buckets (stable across processes and
platforms, unlike :func:`hash`); values add up when names collide.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection
from functools import lru_cache

from .analysis import analyse

__all__ = ["DEFAULT_BITS", "HASHED_GROUPS", "hashed_features", "pair_terms"]

HASHED_GROUPS: tuple[str, ...] = ("diff", "cross", "polar")
DEFAULT_BITS = 18
_POLAR_WORDS = frozenset(
    "not no never without less more fewer lower higher greater none nor neither cannot only all "
    "most least both either unlike".split()
)
_MAX_SIDE = 40
"""Cap on the sentence-only terms used in cross features (long sentences)."""


_SCOPE = 4


@lru_cache(maxsize=50_000)
def _polar_scopes(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each polarity word of ``text`` with the stems of the words it bears on."""
    toks = analyse(text).tokens
    out = []
    for i, tok in enumerate(toks):
        word = "not" if tok.low.endswith("n't") else tok.low
        if word not in _POLAR_WORDS:
            continue
        near = [t.stem for t in toks[i + 1 : i + 1 + _SCOPE] if t.content]
        if i and toks[i - 1].content:
            near.append(toks[i - 1].stem)
        out.append((word, frozenset(near)))
    return tuple(out)


@lru_cache(maxsize=50_000)
def pair_terms(text: str) -> tuple[str, ...]:
    """Distinct terms of ``text`` in order: content stems and polarity words (``n't`` → ``not``)."""
    seen: dict[str, None] = {}
    for tok in analyse(text).tokens:
        if tok.content:
            seen.setdefault(tok.stem, None)
        elif tok.low.endswith("n't"):
            seen.setdefault("not", None)
        elif tok.low in _POLAR_WORDS:
            seen.setdefault(tok.low, None)
    return tuple(seen)


def _bucket(name: str, mask: int) -> int:
    return zlib.crc32(name.encode("utf-8")) & mask


def hashed_features(
    claim: str,
    sentence: str,
    *,
    groups: Collection[str] = HASHED_GROUPS,
    bits: int = DEFAULT_BITS,
) -> dict[int, float]:
    """Bucket -> value of the hashed features of a pair (see the module docstring).

    Args:
        claim: the claim text.
        sentence: the evidence text.
        groups: which feature groups to emit (a subset of :data:`HASHED_GROUPS`).
        bits: log2 of the number of buckets.
    """
    mask = (1 << bits) - 1
    c_terms, s_terms = pair_terms(claim), pair_terms(sentence)
    c_set, s_set = set(c_terms), set(s_terms)
    c_only = [t for t in c_terms if t not in s_set]
    s_only = [t for t in s_terms if t not in c_set]
    out: dict[int, float] = {}

    def add(name: str, value: float = 1.0) -> None:
        key = _bucket(name, mask)
        out[key] = out.get(key, 0.0) + value

    if "diff" in groups:
        for t in c_only:
            add("c:" + t)
        for t in s_only:
            add("s:" + t, 0.5)
    if "cross" in groups:
        for a in c_only:
            for b in s_only[:_MAX_SIDE]:
                add(f"x:{a}|{b}")
    if "polar" in groups:
        shared = c_set & s_set
        c_pol = sorted({w for w, near in _polar_scopes(claim) if near & shared}) or ["_"]
        s_pol = sorted({w for w, near in _polar_scopes(sentence) if near & shared}) or ["_"]
        for a in c_pol:
            for b in s_pol:
                add(f"p:{a}|{b}")
        for t in c_terms:
            if t in s_set:
                add("sh:" + t, 0.5)
    return out
