"""Which way a text says things go: more or less of something, or no effect at all.

Scientific and news claims state directed relations ("X increases the risk of Y", "the border
is longer than ...", "A inhibits B"); their refutations often keep every term and flip the
direction ("... is associated with a lower risk of Y"), deny the relation ("X had no effect
on Y"), or assert it where the claim denies it. :func:`directions` reads one text:

- every **direction word** (``increase``, ``lower``, ``inhibit``, ``protect`` …) gives a sign,
  +1 for more and -1 for less, flipped when the word stands in the scope of a negation ("does
  not increase");
- the **targets** of a direction word are the content words next to it (what goes up or down);
- a text is **null** when it denies an effect, a difference or an association ("no
  significant difference", "did not affect", "independent of", "unchanged").

:func:`compare_directions` compares a claim with an evidence sentence: the direction of the claim
words the sentence also has (anchored on shared targets when there are any, else the net
direction of each text), and whether exactly one of them is null.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .analysis import analyse
from .lexicon import DIRECTION_DOWN, DIRECTION_UP, NULL_WORDS, RELATION_WORDS

__all__ = ["DIRECTION_FEATURES", "Directions", "Effect", "compare_directions", "directions"]

DIRECTION_FEATURES: tuple[str, ...] = (
    "direction_same",  # the claim's direction and the sentence's agree (0/1)
    "direction_opposite",  # they disagree (0/1)
    "direction_anchored",  # the comparison rests on a shared target word (0/1)
    "null_sentence",  # the sentence denies an effect, difference or association (0/1)
    "null_mismatch",  # exactly one of the two is null while the other states a relation (0/1)
)
"""Feature names of :func:`compare_directions`, in order (appended to ``FEATURE_NAMES``).
All compare the two texts: properties of the claim alone would let a trained model learn how
a benchmark's claims were written (SciFact's refuted claims are often negated) instead of
what the evidence says."""

_TARGET_AFTER = 5
_TARGET_BEFORE = 3
_BREAKS = frozenset(",;:()")
_NEGATORS = frozenset(
    {"not", "no", "never", "cannot", "without", "neither", "nor", "fail", "unabl"}
)
"""Stems that flip a direction word up to three tokens later ("did not increase", "failed to
reduce"); unlike the general negation scope, not "non-" or "lacking"."""


def _negated(stems: list[str], cut: list[bool], index: int) -> bool:
    for j in range(index - 1, max(index - 4, -1), -1):
        if stems[j] in _NEGATORS or stems[j].endswith("n't"):
            return True
        if cut[j]:
            break
    return False


@dataclass(frozen=True, slots=True)
class Effect:
    """A direction word and what it acts on.

    Attributes:
        index: token index of the direction word.
        sign: +1 (more) or -1 (less), after the harm and negation flips.
        targets: stems of the content words it acts on.
    """

    index: int
    sign: int
    targets: frozenset[str]


@dataclass(frozen=True, slots=True)
class Directions:
    """What :func:`directions` found in one text."""

    effects: tuple[Effect, ...]
    null: bool
    """The text denies an effect, a difference or an association."""
    relation: bool
    """The text states some relation (a direction word or a relation word)."""
    negations: int

    @property
    def net(self) -> int:
        """+1 when more effects go up than down, -1 for the reverse, else 0."""
        total = sum(e.sign for e in self.effects)
        return (total > 0) - (total < 0)


@lru_cache(maxsize=50_000)
def directions(text: str) -> Directions:
    """Direction words with their signs and targets, and whether ``text`` is null."""
    info = analyse(text)
    toks = info.tokens
    stems = [t.stem for t in toks]
    # a comma, semicolon or bracket between two tokens ends a target window
    cut = [any(ch in _BREAKS for ch in text[toks[i - 1].end : toks[i].start]) if i else False
           for i in range(len(toks))]  # fmt: skip
    effects: list[Effect] = []
    denied = False
    for i, st in enumerate(stems):
        sign = 1 if st in DIRECTION_UP else -1 if st in DIRECTION_DOWN else 0
        if not sign:
            continue
        targets: set[str] = set()
        for j in range(i + 1, min(i + 1 + _TARGET_AFTER, len(toks))):
            if cut[j]:
                break
            if toks[j].content and stems[j] not in DIRECTION_UP and stems[j] not in DIRECTION_DOWN:
                targets.add(stems[j])
        for j in range(i - 1, max(i - 1 - _TARGET_BEFORE, -1), -1):
            if cut[j + 1]:
                break
            if toks[j].content and stems[j] not in DIRECTION_UP and stems[j] not in DIRECTION_DOWN:
                targets.add(stems[j])
        if _negated(stems, cut, i):
            sign = -sign
            denied = True
        effects.append(Effect(i, sign, frozenset(targets)))
    null = (
        denied
        or any(st in NULL_WORDS for st in stems)
        or any(stems[i] in RELATION_WORDS for i in info.negated)
    )
    relation = bool(effects) or any(st in RELATION_WORDS for st in stems)
    return Directions(tuple(effects), null, relation, len(info.cues))


def compare_directions(claim: str, sentence: str) -> dict[str, float]:
    """The :data:`DIRECTION_FEATURES` of a (claim, sentence) pair."""
    c, s = directions(claim), directions(sentence)
    anchored = 0
    same = opposite = 0
    for ce in c.effects:
        for se in s.effects:
            if ce.targets & se.targets:
                anchored += 1
                if ce.sign == se.sign:
                    same += 1
                else:
                    opposite += 1
    if anchored:
        agree, clash = same > opposite, opposite > same
    else:
        agree, clash = c.net * s.net > 0, c.net * s.net < 0
    mismatch = (c.null and not s.null and s.relation) or (s.null and not c.null and c.relation)
    return {
        "direction_same": float(agree),
        "direction_opposite": float(clash),
        "direction_anchored": float(anchored > 0),
        "null_sentence": float(s.null),
        "null_mismatch": float(mismatch),
    }
