"""The offline verifier: evidence selection, features, a stance model, aggregation.

``LocalVerifier`` needs no key and no download. By default it uses the models shipped in
``claimcheck/weights/`` (:mod:`~claimcheck.verify.shipped`): the learned stance model judges
each candidate sentence and the learned verdict model turns the judgements into a label. Any
:class:`~claimcheck.verify.stance.StanceModel` can replace them through ``stance_model=``
(e.g. ``RuleStanceModel()`` for the hand-written rules); a custom stance model decides by the
thresholds unless a ``verdict_model=`` trained on its outputs is given too, and so do
thresholds passed explicitly (over the shipped stance model). Training code calls
:meth:`LocalVerifier.judge` to get the same feature rows the verifier decides on.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from ..models import Claim, ClaimKind, ClaimResult, Label, Passage, Stance, Usage, Verdict
from ..quantities import Quantity
from .aggregate import Decision, Judgement, Thresholds, decide, measures_else, same_measure
from .analysis import analyse
from .base import unchecked
from .evidence import Candidate, select_candidates
from .features import Features, claim_view, features, relate
from .idf import IdfTable
from .rationale import source_name, speaker_note
from .shipped import shipped_models
from .stance import RuleStanceModel, StanceModel, StanceProbs
from .verdict import VerdictModel, can_back, claim_features, rules_decision

__all__ = ["LocalVerifier"]

log = logging.getLogger(__name__)


class LocalVerifier:
    """Verdicts and verbatim citations for claims, offline.

    Args:
        stance_model: turns pair features into stance probabilities (default: the shipped
            learned model, or the rules when no weights are installed).
        verdict_model: turns the judgements of a claim into a label (default: the shipped
            one with the shipped stance model; none, i.e. the thresholds, with a custom
            ``stance_model``).
        thresholds: decision thresholds (default :class:`Thresholds`); or set the three below.
            Thresholds set here decide the verdict (no verdict model, unless one is given).
        support_threshold: least ``supports`` probability for a sentence to count as support.
        refute_threshold: least ``refutes`` probability for a sentence to count as refutation.
        conflict_threshold: both sides at least this strong give ``conflicting``.
        max_citations: citations kept per claim.
        max_sentences: single sentences judged per claim (the best by coverage).
        tolerance: relative slack for approximate quantities ("about 2,000").
        idf: optional inverse document frequencies by stem to weigh claim terms.
        rarity: the IDF table of the rarity features (default: ``idf``, else the shipped one).

    Example:
        >>> LocalVerifier().stance_model.name                       # doctest: +SKIP
        'stance-v1'
        >>> LocalVerifier(stance_model=RuleStanceModel()).stance_model.name
        'rules'
    """

    name = "local"

    def __init__(
        self,
        *,
        stance_model: StanceModel | None = None,
        verdict_model: VerdictModel | None = None,
        thresholds: Thresholds | None = None,
        support_threshold: float | None = None,
        refute_threshold: float | None = None,
        conflict_threshold: float | None = None,
        max_citations: int = 3,
        max_sentences: int = 20,
        tolerance: float = 0.15,
        idf: Mapping[str, float] | None = None,
        rarity: IdfTable | None = None,
    ) -> None:
        base = thresholds or Thresholds()
        self.thresholds = Thresholds(
            support=base.support if support_threshold is None else support_threshold,
            refute=base.refute if refute_threshold is None else refute_threshold,
            conflict=base.conflict if conflict_threshold is None else conflict_threshold,
            cite_coverage=base.cite_coverage,
        )
        explicit = thresholds is not None or any(
            t is not None for t in (support_threshold, refute_threshold, conflict_threshold)
        )
        if stance_model is None:
            shipped = shipped_models()
            if shipped is None:
                stance_model = RuleStanceModel()
            else:
                # the shipped verdict model was trained for the default thresholds: thresholds
                # the caller sets decide by themselves (over the shipped stance model)
                stance_model = shipped[0]
                if verdict_model is None and not explicit:
                    verdict_model = shipped[1]
        self.stance_model: StanceModel = stance_model
        self.verdict_model = verdict_model
        self.max_citations = max(1, max_citations)
        self.max_sentences = max(1, max_sentences)
        self.tolerance = tolerance
        self.idf = idf
        self.rarity = rarity

    @property
    def prompts(self) -> dict[str, str]:
        """No prompts: the offline engine calls no model."""
        return {}

    @property
    def usage(self) -> Usage:
        """Always zero: the offline engine calls no model."""
        return Usage()

    def judge(self, claim: Claim, passages: Sequence[Passage]) -> list[Judgement]:
        """Every candidate sentence for ``claim`` with its features and stance probabilities."""
        text = (
            claim.content if claim.kind == ClaimKind.ATTRIBUTION and claim.content else claim.text
        )
        view = claim_view(
            text, kind=claim.kind, speaker=claim.speaker, idf=self.idf, rarity=self.rarity
        )
        context: dict[str, list[Quantity]] = {}
        if any(q.is_temporal for q in view.info.quantities):
            for passage in passages:
                found = context.setdefault(passage.doc_id, [])
                for source in (passage.text, passage.title):
                    found.extend(q for q in analyse(source).quantities if q.is_temporal)
        cands: list[Candidate] = []
        feats: list[Features] = []
        for cand in select_candidates(view, passages, max_sentences=self.max_sentences):
            cands.append(cand)
            feats.append(features(
                view, cand.text, passage=cand.passage, rank=cand.rank, pair=cand.pair,
                tolerance=self.tolerance, context=context.get(cand.passage.doc_id, ()),
            ))  # fmt: skip
        relate(feats, [c.passage.doc_id for c in cands])
        probs = self._stances(text, cands, feats)
        return [Judgement(c, f, p) for c, f, p in zip(cands, feats, probs, strict=True)]

    def _stances(
        self, claim: str, cands: Sequence[Candidate], feats: Sequence[Features]
    ) -> list[StanceProbs]:
        model = self.stance_model
        pairs = getattr(model, "predict_pairs", None)
        if pairs is not None:  # a model that also reads the two texts (hashed word features)
            got: list[StanceProbs] = pairs(
                claim, [c.text for c in cands], [f.values for f in feats]
            )
            return got
        return [model.predict(f.values) for f in feats]

    def verify(self, claim: Claim, passages: Sequence[Passage]) -> ClaimResult:
        """Verdict and citations for one claim, given its retrieved passages (best first).

        Never raises: a failure gives a result with ``status="error"``.
        """
        try:
            return self._verify(claim, passages)
        except Exception as exc:  # one bad claim must not sink the report
            log.exception("verifying claim %s failed", claim.id)
            return ClaimResult.failed(
                claim, f"offline verification failed: {type(exc).__name__}: {exc}"
            )

    def verify_many(self, items: Sequence[tuple[Claim, Sequence[Passage]]]) -> list[ClaimResult]:
        """Verdicts for several claims, in input order."""
        return [self.verify(claim, passages) for claim, passages in items]

    def _verify(self, claim: Claim, passages: Sequence[Passage]) -> ClaimResult:
        empty = unchecked(claim)
        if empty is not None:
            return empty
        judgements = self.judge(claim, passages)
        model = self.verdict_model
        if model is None:
            decision = decide(judgements, self.thresholds, retrieved=len(passages))
        else:
            rules = rules_decision(judgements, self.thresholds, len(passages))
            path = "rules" if model.defers_to_rules(rules) else "model"
            if path == "rules":
                decision = self._present(rules, judgements, len(passages))
            else:
                label, confidence, _ = model.decide_backed(
                    claim_features(judgements, rules), judgements, rules
                )
                decision = decide(
                    judgements, self.thresholds, retrieved=len(passages),
                    verdict=(label, confidence), backs=can_back,
                )  # fmt: skip
        citations = decision.citations(self.max_citations)
        verdict = decision.verdict
        if model is not None:
            confidence = round(model.calibrated(verdict.confidence, path), 4)
            verdict = verdict.model_copy(update={"confidence": confidence})
        if claim.kind == ClaimKind.ATTRIBUTION and claim.speaker:
            verdict = self._attribution(claim.speaker, decision, verdict)
        return ClaimResult(
            id=claim.id,
            text=claim.text,
            span=claim.span,
            kind=claim.kind,
            speaker=claim.speaker,
            content=claim.content,
            verdict=verdict,
            citations=citations,
        )

    def _present(
        self, rules: Decision, judgements: Sequence[Judgement], retrieved: int
    ) -> Decision:
        """The rules' decision, or (same label and confidence) its evidence as the stance
        model orders it, when that explains the label better: the rules' deciding refutation
        clashes only on numbers that measure something else and the stance model's names a
        clash about the same thing ("land border of 1,340 km" does not explain why "900 km of
        sea border" is wrong), or the rules' deciding sentence is a heading and the stance
        model's is a statement (the title "Kremlin reply …, 2 December 2022" against "On
        Friday, 2 December 2022, Kremlin spokesman Dmitry Peskov responded …")."""
        heading = _deciding_heading(rules)
        if not (measures_else(rules) or heading):
            return rules
        verdict = (rules.verdict.label, rules.verdict.confidence)
        shown = decide(judgements, self.thresholds, retrieved=retrieved, verdict=verdict)
        if shown.verdict.label != rules.verdict.label or _deciding_heading(shown):
            return rules
        if rules.verdict.label != Label.REFUTED or same_measure(shown):
            return shown
        # a heading's clash explained by a statement with a clash of the same kind
        return shown if heading and _clash_kinds(rules) & _clash_kinds(shown) else rules

    def _attribution(self, speaker: str, decision: Decision, verdict: Verdict) -> Verdict:
        """Add what the evidence says about the speaker to ``verdict`` (the decision's, as
        reported); lower confidence when nobody names them."""
        deciding = [j for j, stance, _ in decision.evidence if stance != Stance.NEUTRAL]
        named = [j.candidate for j in deciding if j.features.values["speaker_passage"] > 0]
        note = speaker_note(speaker, source_name(named[0]) if named else None, bool(deciding))
        confidence = verdict.confidence if named or not deciding else verdict.confidence * 0.85
        return verdict.model_copy(
            update={"rationale": verdict.rationale + note, "confidence": round(confidence, 4)}
        )


def _deciding_heading(decision: Decision) -> bool:
    """Whether the first sentence on the decision's side is a heading or a label line."""
    first = next((j for j, stance, _ in decision.evidence if stance != Stance.NEUTRAL), None)
    return first is not None and first.features.values.get("heading", 0.0) > 0


def _clash_kinds(decision: Decision) -> set[str]:
    """Kinds of the comparable clashes (``date``, ``quantity``, …) of the first sentence on
    the decision's side."""
    first = next((j for j, stance, _ in decision.evidence if stance != Stance.NEUTRAL), None)
    if first is None:
        return set()
    return {f.kind for f in first.features.findings if f.relation == "clash" and f.comparable}
