"""From per-sentence stances to one verdict with a confidence, a rationale and citations.

- ``supported`` / ``refuted``: the strongest evidence on that side passes its threshold and
  the other side is weaker;
- ``conflicting``: strong support and strong refutation are both present;
- ``not_enough_evidence``: nothing passes a threshold.

A refutation that rests only on a number or date is set aside when a supporting sentence
agrees on that number or date while covering the claim better, or as well in the same document:
"2,295 km in total" does not refute "about 2,000 km of land border" when the same source gives
1,974 km on land, and a resolution adopted on another date does not refute the date of the one
the claim names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Citation, Label, Stance, Verdict
from .evidence import Candidate
from .features import Features
from .rationale import explain
from .stance import StanceProbs

__all__ = ["Decision", "Judgement", "Thresholds", "decide"]


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds on stance probabilities.

    Attributes:
        support: least probability of ``supports`` for a sentence to support the claim.
        refute: least probability of ``refutes`` for a sentence to refute it.
        conflict: both sides at least this strong make the verdict ``conflicting``.
        cite_coverage: least coverage of the claim for a neutral sentence to be cited.
    """

    support: float = 0.5
    refute: float = 0.5
    conflict: float = 0.65
    cite_coverage: float = 0.35


@dataclass(frozen=True, slots=True, eq=False)
class Judgement:
    """One candidate with its features and the stance model's probabilities."""

    candidate: Candidate
    features: Features
    probs: StanceProbs

    @property
    def coverage(self) -> float:
        """Share of the claim this evidence covers."""
        return self.features.values["coverage"]


@dataclass(frozen=True)
class Decision:
    """A verdict and the evidence behind it, strongest first, with stance and score."""

    verdict: Verdict
    evidence: list[tuple[Judgement, Stance, float]]

    def citations(self, limit: int) -> list[Citation]:
        """At most ``limit`` citations, strongest first, without overlapping quotes."""
        out: list[Citation] = []
        used: list[Candidate] = []
        for judged, stance, score in self.evidence:
            cand = judged.candidate
            if any(cand.overlaps(other) for other in used):
                continue
            used.append(cand)
            out.append(
                Citation(
                    doc_id=cand.passage.doc_id,
                    passage_id=cand.passage.passage_id,
                    title=cand.passage.title,
                    url=cand.passage.url,
                    quote=cand.text,
                    start=cand.doc_start,
                    end=cand.doc_end,
                    stance=stance,
                    score=round(min(max(score, 0.0), 1.0), 4),
                )
            )
            if len(out) >= limit:
                break
        return out


def _only_numeric(features: Features) -> bool:
    kinds = {f.kind for f in features.findings if f.relation == "clash"}
    return bool(kinds) and kinds <= {"quantity", "date"} and not features.values["polarity_flip"]


def _explained(refuter: Judgement, supporters: Sequence[Judgement]) -> bool:
    """A clash of numbers or dates only, where a supporter agrees on the same kinds and covers
    the claim better (or as well, in the same document): the refuter is about something else."""
    if not _only_numeric(refuter.features):
        return False
    clash_kinds = {f.kind for f in refuter.features.findings if f.relation == "clash"}
    for sup in supporters:
        agreed = {f.kind for f in sup.features.findings if f.relation == "agree"}
        if not clash_kinds <= agreed:
            continue
        same_doc = sup.candidate.passage.doc_id == refuter.candidate.passage.doc_id
        if sup.coverage >= refuter.coverage + (-0.05 if same_doc else 0.1):
            return True
    return False


def decide(judgements: Sequence[Judgement], thresholds: Thresholds, *, retrieved: int) -> Decision:
    """The verdict for a claim from the judged evidence (see the module docstring).

    Args:
        judgements: every judged candidate.
        thresholds: decision thresholds.
        retrieved: how many passages were retrieved (for the rationale).
    """
    sup = Stance.SUPPORTS
    ref = Stance.REFUTES
    supporters = sorted(
        (
            j
            for j in judgements
            if j.probs[sup] >= thresholds.support and j.probs[sup] >= j.probs[ref]
        ),
        key=lambda j: -j.probs[sup],
    )
    refuters = sorted(
        (
            j
            for j in judgements
            if j.probs[ref] >= thresholds.refute and j.probs[ref] > j.probs[sup]
        ),
        key=lambda j: -j.probs[ref],
    )
    refuters = [j for j in refuters if not _explained(j, supporters)]
    best_sup = supporters[0].probs[sup] if supporters else 0.0
    best_ref = refuters[0].probs[ref] if refuters else 0.0
    if best_sup >= thresholds.conflict and best_ref >= thresholds.conflict:
        label = Label.CONFLICTING
        confidence = min(best_sup, best_ref)
    elif supporters and best_sup >= best_ref:
        label = Label.SUPPORTED
        confidence = best_sup * (1 - 0.5 * best_ref) + 0.04 * min(len(supporters) - 1, 2)
    elif refuters:
        label = Label.REFUTED
        confidence = best_ref * (1 - 0.5 * best_sup) + 0.04 * min(len(refuters) - 1, 2)
    else:
        label = Label.NOT_ENOUGH_EVIDENCE
        strongest = max((max(j.probs[sup], j.probs[ref]) for j in judgements), default=0.0)
        confidence = 1.0 - strongest
    chosen = {id(j) for j in supporters} | {id(j) for j in refuters}
    neutral = sorted(
        (j for j in judgements if id(j) not in chosen and j.coverage >= thresholds.cite_coverage),
        key=lambda j: -j.coverage,
    )
    closest = max(judgements, key=lambda j: j.coverage, default=None)
    rationale = explain(
        label,
        [(j.candidate, j.features) for j in supporters],
        [(j.candidate, j.features) for j in refuters],
        (closest.candidate, closest.features)
        if closest is not None and closest.coverage > 0
        else None,
        retrieved=retrieved,
    )
    if label == Label.REFUTED:
        ordered = [(j, ref, j.probs[ref]) for j in refuters] + [
            (j, sup, j.probs[sup]) for j in supporters
        ]
    elif label == Label.CONFLICTING:
        ordered = sorted(
            [(j, sup, j.probs[sup]) for j in supporters]
            + [(j, ref, j.probs[ref]) for j in refuters],
            key=lambda item: -item[2],
        )
    else:
        ordered = [(j, sup, j.probs[sup]) for j in supporters] + [
            (j, ref, j.probs[ref]) for j in refuters
        ]
    ordered += [(j, Stance.NEUTRAL, 0.5 * min(j.coverage, 1.0)) for j in neutral]
    verdict = Verdict(
        label=label, confidence=round(min(max(confidence, 0.0), 0.97), 4), rationale=rationale
    )
    return Decision(verdict, ordered)
