"""The claim-verification suites (``scifact``, ``climate-fever``): verify every claim, score it.

Open setting: each claim is verified against the whole corpus through the same
:meth:`ClaimChecker.verify_many` a user calls (hybrid retrieval, then the verifier), in batches.
Retrieval quality is measured separately on the store's own ranking of the claim text
(:meth:`EvidenceStore.search_many`, the first 10 distinct documents among the top passages), so
the verification latency excludes it. ``--backend bm25-baseline`` swaps both for the naive
baseline of :mod:`~claimcheck.evaluation.baseline`.

Citation metrics (claims whose gold has evidence documents):

* ``citation_precision``: share of cited documents that are gold evidence documents;
* ``cited_gold_rate``: share of correctly labelled supported/refuted claims citing ≥ 1 gold doc;
* ``rationale_overlap`` (SciFact): share of citations on gold docs whose quote overlaps a gold
  rationale sentence (character ranges intersect).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from ..models import ClaimResult, Usage
from .baseline import BASELINE_NAME, BM25Baseline
from .context import (
    SuiteContext,
    SuiteOutput,
    batches,
    cost_metrics,
    describe_checker,
    engine_usage,
    usage_delta,
)
from .datasets import GoldClaim, VerificationSet
from .metrics import classification_metrics, ndcg_at, recall_at, reliability_table, safe_div
from .stores import open_corpus_store

__all__ = ["RANK_PASSAGES", "run_verification", "score_verification"]

log = logging.getLogger(__name__)

RANK_PASSAGES = 40
"""Passages fetched for the retrieval metrics (enough for 10 distinct documents)."""
_RANK_DOCS = 10
_BATCH = 32


class _CheckerRunner:
    """Our engine (local or openai) on a cached store of the corpus."""

    def __init__(self, vset: VerificationSet, ctx: SuiteContext) -> None:
        from ..pipeline import ClaimChecker

        store, scoped = open_corpus_store(
            vset.name,
            vset.corpus_key,
            vset.documents,
            ctx.settings,
            ctx.cache_dir,
            progress=ctx.progress,
        )
        self.store = store
        self.checker = ClaimChecker(
            store=store, settings=scoped, extractor=ctx.extractor, verifier=ctx.verifier
        )

    def describe(self) -> tuple[str, str, dict[str, str]]:
        return describe_checker(self.checker)

    def run(
        self, batch: Sequence[GoldClaim]
    ) -> tuple[list[ClaimResult], list[list[str]], float, Usage]:
        texts = [c.text for c in batch]
        ranked = [[p.doc_id for p in ps] for ps in self.store.search_many(texts, RANK_PASSAGES)]
        before = engine_usage(self.checker)
        t0 = time.perf_counter()
        results = self.checker.verify_many(texts, ids=[c.id for c in batch])
        seconds = time.perf_counter() - t0
        return results, ranked, seconds, usage_delta(before, engine_usage(self.checker))


class _BaselineRunner:
    """BM25 top-1 threshold, fitted on the train split of the same benchmark."""

    def __init__(self, vset: VerificationSet, ctx: SuiteContext) -> None:
        ctx.report("index", 0, 1)
        self.baseline = BM25Baseline(vset.documents, vset.labels)
        train = [c for c in vset.all_claims if c.split == "train"]
        self.baseline.fit([c.text for c in train], [c.label for c in train])
        ctx.report("index", 1, 1)

    def describe(self) -> tuple[str, str, dict[str, str]]:
        return f"bm25 top-1 ≥ {self.baseline.threshold:.3f}", "bm25s (no vectors)", {}

    def run(
        self, batch: Sequence[GoldClaim]
    ) -> tuple[list[ClaimResult], list[list[str]], float, Usage]:
        t0 = time.perf_counter()
        hits = self.baseline.rank([c.text for c in batch], k=_RANK_DOCS)
        results = [self.baseline.verify(c.id, c.text, h) for c, h in zip(batch, hits, strict=True)]
        seconds = time.perf_counter() - t0
        return results, [[doc for doc, _ in h] for h in hits], seconds, Usage()


def run_verification(vset: VerificationSet, ctx: SuiteContext) -> SuiteOutput:
    """Verify the selected claims of ``vset`` (``ctx.split``, ``ctx.limit``) and score them.

    A ``KeyboardInterrupt`` stops the run; the output is then marked ``partial`` and covers the
    claims verified so far.
    """
    claims = vset.claims[: ctx.limit] if ctx.limit else vset.claims
    predictions: list[dict[str, Any]] = []
    usage, seconds, partial = Usage(), 0.0, False
    model, embedder, prompts = "", "", dict[str, str]()
    notes = [
        f"{len(claims)} claims of split '{ctx.split}' ({len(vset.all_claims)} in the file), "
        f"verified against all {len(vset.documents)} corpus documents"
    ]
    try:
        runner: _CheckerRunner | _BaselineRunner = (
            _BaselineRunner(vset, ctx)
            if ctx.backend == BASELINE_NAME
            else _CheckerRunner(vset, ctx)
        )
        model, embedder, prompts = runner.describe()
        if isinstance(runner, _BaselineRunner):
            notes.append(
                f"threshold {runner.baseline.threshold:.3f} fitted on the "
                f"{runner.baseline.fitted_on} train-split claims"
                + (
                    " (so split 'train'/'all' scores include its own fit data)"
                    if ctx.split != "heldout"
                    else ""
                )
            )
        ctx.report("verify", 0, len(claims))
        for batch in batches(claims, _BATCH):
            results, ranked, dt, used = runner.run(batch)
            seconds += dt
            usage.add(used)
            for gold, result, docs in zip(batch, results, ranked, strict=True):
                predictions.append(_prediction(gold, result, docs, dt / len(batch)))
            ctx.report("verify", len(predictions), len(claims))
    except KeyboardInterrupt:
        partial = True
        log.warning("interrupted after %d of %d claims", len(predictions), len(claims))
    metrics, headline = score_verification(
        predictions, vset.labels, rationales=vset.name == "scifact"
    )
    metrics["cost"] = cost_metrics(usage, len(predictions), seconds)
    for key in (
        "latency_s_per_claim",
        "llm_calls_per_claim",
        "tokens_per_claim",
        "cost_usd_per_claim",
    ):
        headline[key] = metrics["cost"][key]
    return SuiteOutput(
        headline=headline,
        metrics=metrics,
        predictions=predictions,
        datasets=vset.files,
        partial=partial,
        model=model,
        embedder=embedder,
        prompts=prompts,
        notes=notes,
    )


def _prediction(
    gold: GoldClaim, result: ClaimResult, ranked: list[str], latency: float
) -> dict[str, Any]:
    verdict = result.verdict
    predicted = verdict.label.value if verdict is not None and result.status == "ok" else "error"
    cited = [c.doc_id for c in result.citations]
    rationale_hits = 0
    for c in result.citations:
        spans = gold.rationales.get(c.doc_id, [])
        if any(c.start < end and start < c.end for start, end in spans):
            rationale_hits += 1
    return {
        "id": gold.id,
        "claim": gold.text,
        "split": gold.split,
        "gold_label": gold.label,
        "predicted_label": predicted,
        "correct": predicted == gold.label,
        "confidence": verdict.confidence if verdict is not None else None,
        "rationale": verdict.rationale if verdict is not None else None,
        "status": result.status,
        "error": result.error,
        "gold_evidence_docs": sorted(gold.evidence_docs),
        "retrieved_docs": _distinct(ranked)[:_RANK_DOCS],
        "cited_gold": sum(1 for d in cited if d in gold.evidence_docs),
        "rationale_hits": rationale_hits,
        "latency_s": round(latency, 5),
        "citations": [c.model_dump(mode="json") for c in result.citations],
    }


def _distinct(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def score_verification(
    predictions: Sequence[dict[str, Any]], labels: Sequence[str], *, rationales: bool
) -> tuple[dict[str, Any], dict[str, float]]:
    """Detailed metrics and the flat headline of verification predictions (see module doc)."""
    gold = [p["gold_label"] for p in predictions]
    pred = [p["predicted_label"] for p in predictions]
    classification = classification_metrics(gold, pred, labels)
    ok = [p for p in predictions if p["status"] == "ok" and p["confidence"] is not None]
    reliability = reliability_table([p["confidence"] for p in ok], [p["correct"] for p in ok])
    with_gold = [p for p in predictions if p["gold_evidence_docs"]]
    retrieval: dict[str, Any] = {"claims_with_gold_docs": len(with_gold)}
    for k in (1, 5, 10):
        retrieval[f"recall@{k}"] = round(
            safe_div(
                sum(
                    recall_at(p["retrieved_docs"], set(p["gold_evidence_docs"]), k)
                    for p in with_gold
                ),
                len(with_gold),
            ),
            4,
        )
    retrieval["ndcg@10"] = round(
        safe_div(
            sum(ndcg_at(p["retrieved_docs"], set(p["gold_evidence_docs"]), 10) for p in with_gold),
            len(with_gold),
        ),
        4,
    )
    n_cited = sum(len(p["citations"]) for p in with_gold)
    n_cited_gold = sum(p["cited_gold"] for p in with_gold)
    decided = [
        p for p in with_gold if p["correct"] and p["predicted_label"] in ("supported", "refuted")
    ]
    citations: dict[str, Any] = {
        "citations_on_claims_with_gold": n_cited,
        "citation_precision": round(safe_div(n_cited_gold, n_cited), 4),
        "cited_gold_rate": round(
            safe_div(sum(1 for p in decided if p["cited_gold"]), len(decided)), 4
        ),
    }
    if rationales:
        citations["rationale_overlap"] = round(
            safe_div(sum(p["rationale_hits"] for p in with_gold), n_cited_gold), 4
        )
    per = classification["per_class"]
    headline: dict[str, float] = {
        "accuracy": classification["accuracy"],
        "macro_f1": classification["macro_f1"],
        "refuted_f1": per["refuted"]["f1"],
        **{f"{label}_f1": per[label]["f1"] for label in labels if label != "refuted"},
        "balanced_accuracy": classification["balanced_accuracy"],
        "recall@5": retrieval["recall@5"],
        "ndcg@10": retrieval["ndcg@10"],
        "citation_precision": citations["citation_precision"],
        **({"rationale_overlap": citations["rationale_overlap"]} if rationales else {}),
        "ece": reliability["ece"],
        "errors": sum(1 for p in predictions if p["status"] != "ok"),
    }
    metrics = {
        "classification": classification,
        "reliability": reliability,
        "retrieval": retrieval,
        "citations": citations,
    }
    return metrics, headline
