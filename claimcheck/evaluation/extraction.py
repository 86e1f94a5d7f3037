"""The ``extraction`` suite: atomic claims (FEVERFact), check-worthiness (ClaimBuster, CheckThat!).

**Claim extraction.** The extractor gets each FEVERFact sentence *in its context* (title, then
the surrounding sentences, so pronouns can be resolved); the claims whose span overlaps the
target sentence are its predictions. Matching rule: a predicted and a gold claim match when the
token F1 of their stemmed content words (:func:`claimcheck.text.content_terms`: lower-cased,
stopwords dropped, Snowball stems, multiset overlap) is at least 0.5; pairs are taken greedily
one-to-one, best F1 first. Precision = matched / predicted, recall = matched / gold, F1 their
harmonic mean (micro-averaged over all sentences).

**Check-worthiness.** Each sentence is extracted on its own; it counts as check-worthy when the
extractor yields at least one claim. Precision/recall/F1 of that decision against the gold label,
and average precision (AP) of the extractor's score: its ``checkworthiness(sentence)`` method
when it has one; for a threshold extractor (``min_checkworthiness``, the offline rules) the
highest ``checkworthiness`` of the claims the same extractor yields with the threshold at 0
(0 when the structural filters drop the sentence); else the highest ``checkworthiness`` of the
claims it yields (0 when none).
For CheckThat! 2019 the official measure, mean AP over the debates (MAP), is reported too.
"""

from __future__ import annotations

import copy
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from ..engines import build_engines
from ..extract.base import ClaimExtractor
from ..models import Usage
from ..text import content_terms
from .context import SuiteContext, SuiteOutput, cost_metrics, usage_delta
from .extraction_data import (
    FactItem,
    WorthinessItem,
    load_checkthat,
    load_claimbuster,
    load_feverfact,
)
from .metrics import average_precision, binary_metrics, safe_div

__all__ = ["MATCH_THRESHOLD", "match_claims", "run_extraction", "token_f1"]

MATCH_THRESHOLD = 0.5


def token_f1(a: str, b: str) -> float:
    """F1 of the stemmed content words of ``a`` and ``b`` (multiset overlap)."""
    ta, tb = Counter(content_terms(a)), Counter(content_terms(b))
    overlap = sum((ta & tb).values())
    p, r = safe_div(overlap, sum(ta.values())), safe_div(overlap, sum(tb.values()))
    return safe_div(2 * p * r, p + r)


def match_claims(
    predicted: Sequence[str], gold: Sequence[str], threshold: float = MATCH_THRESHOLD
) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching: ``(predicted index, gold index, token F1)``, best first."""
    pairs = sorted(
        ((token_f1(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for f1, i, j in pairs:
        if f1 < threshold:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j, round(f1, 4)))
    return out


def _scorer(extractor: ClaimExtractor) -> Callable[[str], tuple[bool, float]]:
    """``sentence → (yields a claim, score)`` for the check-worthiness benchmarks."""
    direct = getattr(extractor, "checkworthiness", None)
    ranking: ClaimExtractor | None = None
    if not callable(direct) and hasattr(extractor, "min_checkworthiness"):
        # a threshold extractor: the same extractor without threshold scores every sentence
        ranking = copy.copy(extractor)
        ranking.min_checkworthiness = 0.0  # type: ignore[attr-defined]

    def score(text: str) -> tuple[bool, float]:
        claims = extractor.extract(text)
        if callable(direct):
            value = float(direct(text))
        elif ranking is not None:
            value = max((c.checkworthiness or 0.0 for c in ranking.extract(text)), default=0.0)
        else:
            value = max(
                (c.checkworthiness if c.checkworthiness is not None else 1.0 for c in claims),
                default=0.0,
            )
        return bool(claims), value

    return score


def run_extraction(ctx: SuiteContext) -> SuiteOutput:
    """Run the three extraction benchmarks (``ctx.limit`` items of each)."""
    if ctx.data_dir is None:
        from ..errors import InputError

        raise InputError("the extraction suite needs the datasets folder: pass --data DIR")
    extractor = ctx.extractor or build_engines(ctx.settings, cache_dir=None)[0]
    facts, f1_files = load_feverfact(ctx.data_dir)
    buster, b_files = load_claimbuster(ctx.data_dir)
    checkthat, c_files = load_checkthat(ctx.data_dir)
    if ctx.limit:
        facts, buster, checkthat = facts[: ctx.limit], buster[: ctx.limit], checkthat[: ctx.limit]
    metrics: dict[str, Any] = {}
    headline: dict[str, float] = {}
    predictions: list[dict[str, Any]] = []
    before, t0, partial, n = extractor.usage.model_copy(), time.perf_counter(), False, 0
    try:
        fact_preds = _run_facts(extractor, facts, ctx)
        predictions += fact_preds
        n += len(fact_preds)
        metrics["feverfact"] = _score_facts(fact_preds)
        for key in ("precision", "recall", "f1"):
            headline[f"feverfact.{key}"] = metrics["feverfact"][key]
        scorer = _scorer(extractor)
        for name, items in (("claimbuster", buster), ("checkthat2019", checkthat)):
            preds = _run_worthiness(scorer, name, items, ctx)
            predictions += preds
            n += len(preds)
            metrics[name] = _score_worthiness(preds, by_group=name == "checkthat2019")
            for key in ("precision", "recall", "f1", "ap", "map"):
                if key in metrics[name]:
                    headline[f"{name}.{key}"] = metrics[name][key]
    except KeyboardInterrupt:
        partial = True
    used: Usage = usage_delta(before, extractor.usage)
    metrics["cost"] = cost_metrics(used, n, time.perf_counter() - t0)
    metrics["cost"]["latency_s_per_sentence"] = metrics["cost"].pop("latency_s_per_claim")
    headline["latency_s_per_sentence"] = metrics["cost"]["latency_s_per_sentence"]
    return SuiteOutput(
        headline=headline,
        metrics=metrics,
        predictions=predictions,
        datasets={**f1_files, **b_files, **c_files},
        partial=partial,
        model=ctx.settings.model if ctx.settings.resolved_backend == "openai" else extractor.name,
        prompts=dict(extractor.prompts),
        notes=[
            f"FEVERFact {len(facts)} sentences, ClaimBuster {len(buster)}, "
            f"CheckThat! 2019 {len(checkthat)}"
        ],
    )


def _run_facts(
    extractor: ClaimExtractor, items: Sequence[FactItem], ctx: SuiteContext
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for k, item in enumerate(items):
        ctx.report("feverfact", k, len(items))
        claims = extractor.extract(item.text)
        predicted = [
            c.text
            for c in claims
            if (c.sentence or c.span).start < item.end and item.start < (c.sentence or c.span).end
        ]
        matches = match_claims(predicted, item.claims)
        out.append(
            {
                "dataset": "feverfact",
                "id": item.id,
                "text": item.text[item.start : item.end],
                "gold_claims": list(item.claims),
                "predicted_claims": predicted,
                "matches": [{"predicted": i, "gold": j, "token_f1": f} for i, j, f in matches],
            }
        )
    ctx.report("feverfact", len(items), len(items))
    return out


def _score_facts(preds: Sequence[dict[str, Any]]) -> dict[str, Any]:
    n_pred = sum(len(p["predicted_claims"]) for p in preds)
    n_gold = sum(len(p["gold_claims"]) for p in preds)
    n_match = sum(len(p["matches"]) for p in preds)
    precision, recall = safe_div(n_match, n_pred), safe_div(n_match, n_gold)
    f1s = [m["token_f1"] for p in preds for m in p["matches"]]
    return {
        "sentences": len(preds),
        "gold_claims": n_gold,
        "predicted_claims": n_pred,
        "matched": n_match,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(safe_div(2 * precision * recall, precision + recall), 4),
        "sentences_with_claims": sum(1 for p in preds if p["predicted_claims"]),
        "mean_token_f1_of_matches": round(safe_div(sum(f1s), len(f1s)), 4),
        "match_rule": f"token F1 of stemmed content words ≥ {MATCH_THRESHOLD}, greedy one-to-one",
    }


def _run_worthiness(
    scorer: Callable[[str], tuple[bool, float]],
    name: str,
    items: Sequence[WorthinessItem],
    ctx: SuiteContext,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for k, item in enumerate(items):
        if k % 50 == 0:
            ctx.report(name, k, len(items))
        positive, score = scorer(item.text)
        out.append(
            {
                "dataset": name,
                "id": item.id,
                "group": item.group,
                "text": item.text,
                "gold": item.label,
                "predicted": positive,
                "correct": positive == item.label,
                "score": round(score, 4),
            }
        )
    ctx.report(name, len(items), len(items))
    return out


def _score_worthiness(preds: Sequence[dict[str, Any]], *, by_group: bool) -> dict[str, Any]:
    gold = [bool(p["gold"]) for p in preds]
    out: dict[str, Any] = dict(binary_metrics(gold, [bool(p["predicted"]) for p in preds]))
    out["ap"] = average_precision(gold, [p["score"] for p in preds])
    if by_group:
        groups = sorted({p["group"] for p in preds})
        aps = []
        for g in groups:
            sub = [p for p in preds if p["group"] == g]
            if any(p["gold"] for p in sub):
                aps.append(
                    average_precision([bool(p["gold"]) for p in sub], [p["score"] for p in sub])
                )
        out["map"] = round(safe_div(sum(aps), len(aps)), 4)
        out["debates"] = len(groups)
    return out
