"""The ``seed`` suite: our hand-written gold for the demo article, seed article and demo claims.

The gold files and their matching rules are described in ``evals/seed/README.md``; in short:

* **article parts** (``demo_gold.json`` → ``examples/article.txt``; ``seed_article_gold.json`` →
  ``../shared/seed_article.txt``, skipped when absent): the article is checked with
  :meth:`ClaimChecker.check`; a gold claim is *found* when an extracted claim contains all its
  ``key_terms`` (folded: case, quotes, dashes, whitespace) in its text or its source span (the
  first such claim in article order is scored; one extracted claim may match several gold
  claims). Scores: extraction recall, verdict accuracy over found claims (and end to end, a
  missed claim counting as wrong), kind and speaker accuracy, citation of ``evidence_doc``,
  and ``should_skip`` phrases that no claim span overlaps. ``core`` claims are also scored alone.
* **claims part** (``claims_gold.json`` → ``examples/claims.jsonl``): every line verified with
  :meth:`ClaimChecker.verify_many`; accuracy, macro-F1 and per-class F1.

Macro-F1 of a part averages over the labels its gold uses. A rate with nothing to count (e.g.
speaker accuracy when no found claim has an expected speaker) is left out, not reported as 0.
All parts run against a fresh store of their ``corpus`` folder (``examples/corpus/``).
``--limit N`` keeps the first N gold claims of each part; an article is then cut after the
paragraph that holds its N-th gold claim (by key-term position), and skip phrases beyond the
cut are dropped.
"""

from __future__ import annotations

import json
import logging
import math
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..models import ClaimResult, Label, Usage
from ..text import locate, normalize_for_match, paragraphs
from .context import (
    SuiteContext,
    SuiteOutput,
    cost_metrics,
    describe_checker,
    engine_usage,
    usage_delta,
)
from .datasets import file_sha256
from .metrics import classification_metrics, safe_div
from .stores import store_settings

if TYPE_CHECKING:
    from ..pipeline import ClaimChecker

__all__ = ["SEED_FILES", "key_terms_found", "run_seed", "speaker_matches"]

log = logging.getLogger(__name__)

SEED_FILES = ("demo_gold.json", "seed_article_gold.json", "claims_gold.json")
_SEED_LABELS = tuple(label.value for label in Label)
_PART_NAMES = {
    "demo_gold.json": "demo",
    "seed_article_gold.json": "seed_article",
    "claims_gold.json": "claims",
}


def _fold(text: str) -> str:
    return normalize_for_match(text)[0]


def key_terms_found(key_terms: list[str], *texts: str) -> bool:
    """Whether every key term occurs (folded) in one of ``texts``."""
    folded = [_fold(t) for t in texts]
    return all(any(_fold(term) in f for f in folded) for term in key_terms)


def speaker_matches(expected: str, predicted: str | None) -> bool:
    """One contains the other, case-insensitively (``Joe Biden`` ~ ``Biden``)."""
    if not predicted:
        return False
    a, b = _fold(expected), _fold(predicted)
    return a in b or b in a


def _doc_matches(expected: str, cited: str) -> bool:
    return cited == expected or cited.removesuffix(".md") == expected.removesuffix(".md")


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the seed gold {path}: {exc}: fix the file") from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise InputError(f'seed gold {path} has no "claims" list: see evals/seed/README.md')
    return data


def run_seed(ctx: SuiteContext) -> SuiteOutput:
    """Run every part of the seed suite whose files are present."""
    from ..pipeline import ClaimChecker

    gold_dir = ctx.root / "evals" / "seed"
    files = [gold_dir / name for name in SEED_FILES if (gold_dir / name).is_file()]
    if not files:
        raise InputError(f"no seed gold files in {gold_dir}: run from a claimcheck checkout")
    metrics: dict[str, Any] = {}
    headline: dict[str, float] = {}
    predictions: list[dict[str, Any]] = []
    datasets: dict[str, str] = {}
    notes: list[str] = []
    usage, seconds, n_claims = Usage(), 0.0, 0
    model = embedder = ""
    prompts: dict[str, str] = {}
    partial = False
    stores: dict[Path, tuple[ClaimChecker, tempfile.TemporaryDirectory[str]]] = {}
    try:
        for i, path in enumerate(files):
            gold = _load(path)
            part = _PART_NAMES.get(path.name, path.stem)
            source = (ctx.root / str(gold.get("article") or gold.get("input") or "")).resolve()
            if not source.is_file():
                notes.append(f"part '{part}' skipped: {source} is absent")
                continue
            datasets[str(path)] = file_sha256(path)
            datasets[str(source)] = file_sha256(source)
            corpus = (ctx.root / str(gold.get("corpus") or "examples/corpus")).resolve()
            if corpus not in stores:
                stores[corpus] = _fresh_checker(ClaimChecker, ctx, corpus)
            checker = stores[corpus][0]
            ctx.report("seed", i, len(files))
            before, t0 = engine_usage(checker), time.perf_counter()
            if "article" in gold:
                part_metrics, part_preds, n = _article_part(checker, gold, source, ctx.limit, part)
            else:
                part_metrics, part_preds, n = _claims_part(checker, gold, source, ctx.limit, part)
            seconds += time.perf_counter() - t0
            usage.add(usage_delta(before, engine_usage(checker)))
            n_claims += n
            metrics[part] = part_metrics
            predictions += part_preds
            for key in _HEADLINE_KEYS:
                if part_metrics.get(key) is not None:
                    headline[f"{part}.{key}"] = part_metrics[key]
            model, embedder, prompts = describe_checker(checker)
        ctx.report("seed", len(files), len(files))
    except KeyboardInterrupt:
        partial = True
    finally:
        for _, tmp in stores.values():
            tmp.cleanup()
    metrics["cost"] = cost_metrics(usage, n_claims, seconds)
    headline["latency_s_per_claim"] = metrics["cost"]["latency_s_per_claim"]
    headline["llm_calls_per_claim"] = metrics["cost"]["llm_calls_per_claim"]
    return SuiteOutput(
        headline=headline,
        metrics=metrics,
        predictions=predictions,
        datasets=datasets,
        partial=partial,
        model=model,
        embedder=embedder,
        prompts=prompts,
        notes=notes,
    )


_HEADLINE_KEYS = (
    "extraction_recall",
    "core_extraction_recall",
    "label_accuracy",
    "core_label_accuracy",
    "end_to_end_accuracy",
    "kind_accuracy",
    "speaker_accuracy",
    "citation_accuracy",
    "skip_accuracy",
    "accuracy",
    "macro_f1",
    "refuted_f1",
)


def _fresh_checker(
    cls: type[ClaimChecker], ctx: SuiteContext, corpus: Path
) -> tuple[ClaimChecker, tempfile.TemporaryDirectory[str]]:
    ctx.cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.TemporaryDirectory(prefix="seed-store-", dir=ctx.cache_dir)
    settings = store_settings(ctx.settings, Path(tmp.name), collection="seed")
    checker = cls(settings=settings, extractor=ctx.extractor, verifier=ctx.verifier)
    stats = checker.ingest([corpus])
    if stats.failed:
        tmp.cleanup()
        raise InputError(f"the seed corpus {corpus} did not ingest cleanly: {stats.errors[:2]}")
    return checker, tmp


# ---------------------------------------------------------------------------- article parts


def _position(article: str, terms: list[str]) -> float:
    found = [locate(term, article) for term in terms]
    return max((f[0] for f in found if f is not None), default=math.inf)


def _cut(article: str, position: float) -> str:
    if math.isinf(position):
        return article
    for para in paragraphs(article):
        if para.start <= position < para.end or para.start > position:
            return article[: para.end]
    return article


def _article_part(
    checker: ClaimChecker, gold: dict[str, Any], source: Path, limit: int | None, part: str
) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    article = source.read_text(encoding="utf-8")
    claims = list(gold["claims"])
    skips = list(gold.get("should_skip") or [])
    if limit:
        claims.sort(key=lambda c: _position(article, c.get("key_terms") or []))
        claims = claims[:limit]
        article = _cut(
            article, _position(article, claims[-1].get("key_terms") or []) if claims else 0
        )
    report = checker.check(article, source=str(source))
    results = report.claims
    predictions: list[dict[str, Any]] = []
    used: set[str] = set()
    for g in claims:
        match = next(
            (
                r
                for r in results
                if key_terms_found(
                    g.get("key_terms") or [], r.text, article[r.span.start : r.span.end]
                )
            ),
            None,
        )
        if match is not None:
            used.add(match.id)
        predictions.append(_gold_prediction(part, g, match))
    for r in results:
        if r.id not in used:
            predictions.append(
                {
                    "part": part,
                    "id": f"{part}:{r.id}",
                    "gold_label": None,
                    "correct": None,
                    "claim": r.text,
                    "predicted_label": _label(r),
                    "kind": r.kind.value,
                    "speaker": r.speaker,
                    "note": "extracted, matches no gold claim",
                    "citations": [c.model_dump(mode="json") for c in r.citations],
                }
            )
    skip_results = []
    for s in skips:
        where = _occurrences(article, str(s.get("text", "")))
        if limit and not where:
            continue  # beyond the cut
        hit = [r.id for r in results for a, b in where if r.span.start < b and a < r.span.end]
        skip_results.append(
            {"text": s.get("text"), "why": s.get("why"), "located": bool(where), "claims": hit}
        )
    return _score_article(predictions, skip_results, len(results)), predictions, len(results)


def _occurrences(article: str, text: str) -> list[tuple[int, int]]:
    folded, index = normalize_for_match(article)
    needle = _fold(text)
    out: list[tuple[int, int]] = []
    if not needle:
        return out
    pos = folded.find(needle)
    while pos >= 0:
        out.append((index[pos], index[pos + len(needle) - 1] + 1))
        pos = folded.find(needle, pos + 1)
    return out


def _label(result: ClaimResult) -> str:
    if result.status != "ok" or result.verdict is None:
        return "error"
    return result.verdict.label.value


def _gold_prediction(part: str, g: dict[str, Any], match: ClaimResult | None) -> dict[str, Any]:
    pred: dict[str, Any] = {
        "part": part,
        "id": f"{part}:{g['id']}",
        "priority": g.get("priority", "core"),
        "key_terms": g.get("key_terms"),
        "gold_label": g["expected_label"],
        "expected_kind": g.get("expected_kind"),
        "expected_speaker": g.get("expected_speaker"),
        "evidence_doc": g.get("evidence_doc"),
        "found": match is not None,
    }
    if match is None:
        pred.update(
            predicted_label="missed",
            correct=False,
            confidence=None,
            claim=None,
            rationale="no extracted claim contains all key terms",
        )
        return pred
    label = _label(match)
    cited = [c.doc_id for c in match.citations]
    pred.update(
        claim_id=match.id,
        claim=match.text,
        predicted_label=label,
        correct=label == g["expected_label"],
        confidence=match.verdict.confidence if match.verdict else None,
        rationale=match.verdict.rationale if match.verdict else match.error,
        kind=match.kind.value,
        speaker=match.speaker,
        kind_ok=(match.kind.value == g["expected_kind"]) if g.get("expected_kind") else None,
        speaker_ok=speaker_matches(g["expected_speaker"], match.speaker)
        if g.get("expected_speaker")
        else None,
        cited_docs=cited,
        citation_ok=(
            any(_doc_matches(g["evidence_doc"], d) for d in cited)
            if g.get("evidence_doc") and label in ("supported", "refuted")
            else None
        ),
        citations=[c.model_dump(mode="json") for c in match.citations],
    )
    return pred


def _labels_in(gold: list[str]) -> tuple[str, ...]:
    """The labels macro-F1 averages over in a seed part: those its gold uses."""
    return tuple(label for label in _SEED_LABELS if label in gold)


def _rate(items: list[dict[str, Any]], key: str) -> float | None:
    """Share of true values of ``key`` among items that have one (``None`` when none has)."""
    vals = [p[key] for p in items if p.get(key) is not None]
    return round(safe_div(sum(1 for v in vals if v), len(vals)), 4) if vals else None


def _score_article(
    predictions: list[dict[str, Any]], skips: list[dict[str, Any]], extracted: int
) -> dict[str, Any]:
    gold = [p for p in predictions if p.get("gold_label") is not None]
    found = [p for p in gold if p["found"]]
    core = [p for p in gold if p.get("priority") == "core"]
    core_found = [p for p in core if p["found"]]
    located = [s for s in skips if s["located"]]
    out: dict[str, Any] = {
        "gold_claims": len(gold),
        "found": len(found),
        "extraction_recall": _rate([{"ok": p["found"]} for p in gold], "ok"),
        "core_extraction_recall": _rate([{"ok": p["found"]} for p in core], "ok"),
        "label_accuracy": _rate(found, "correct"),
        "core_label_accuracy": _rate(core_found, "correct"),
        "end_to_end_accuracy": _rate(gold, "correct"),
        "kind_accuracy": _rate(found, "kind_ok"),
        "speaker_accuracy": _rate(found, "speaker_ok"),
        "citation_accuracy": _rate(found, "citation_ok"),
        "skip_accuracy": round(
            safe_div(sum(1 for s in located if not s["claims"]), len(located)), 4
        ),
        "extracted_claims": extracted,
        "unmatched_extractions": sum(1 for p in predictions if p.get("gold_label") is None),
        "skip_violations": sum(1 for s in located if s["claims"]),
        "unlocated_skip_phrases": len(skips) - len(located),
    }
    out["labels_of_found_claims"] = classification_metrics(
        [p["gold_label"] for p in found],
        [p["predicted_label"] for p in found],
        _labels_in([p["gold_label"] for p in gold]),
    )
    return out


# ---------------------------------------------------------------------------- claims part


def _claims_part(
    checker: ClaimChecker, gold: dict[str, Any], source: Path, limit: int | None, part: str
) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    from ..inputs import read_claims_jsonl

    lines, errors = read_claims_jsonl(source)
    if errors:
        raise InputError(f"{errors[0]}: fix {source}")
    by_id = {line.id: line for line in lines}
    claims = [g for g in gold["claims"] if g["id"] in by_id][: limit or None]
    results = checker.verify_many(
        [by_id[g["id"]].text for g in claims], ids=[g["id"] for g in claims]
    )
    predictions = []
    for g, r in zip(claims, results, strict=True):
        label = _label(r)
        cited = [c.doc_id for c in r.citations]
        predictions.append(
            {
                "part": part,
                "id": f"{part}:{g['id']}",
                "claim": r.text,
                "gold_label": g["expected_label"],
                "predicted_label": label,
                "correct": label == g["expected_label"],
                "confidence": r.verdict.confidence if r.verdict else None,
                "rationale": r.verdict.rationale if r.verdict else r.error,
                "evidence_doc": g.get("evidence_doc"),
                "cited_docs": cited,
                "citation_ok": (
                    any(_doc_matches(g["evidence_doc"], d) for d in cited)
                    if g.get("evidence_doc") and label in ("supported", "refuted")
                    else None
                ),
                "citations": [c.model_dump(mode="json") for c in r.citations],
            }
        )
    labels = _labels_in([p["gold_label"] for p in predictions])
    cls = classification_metrics(
        [p["gold_label"] for p in predictions], [p["predicted_label"] for p in predictions], labels
    )
    metrics = {
        "accuracy": cls["accuracy"],
        "macro_f1": cls["macro_f1"],
        **({"refuted_f1": cls["per_class"]["refuted"]["f1"]} if "refuted" in labels else {}),
        "citation_accuracy": _rate(predictions, "citation_ok"),
        "classification": cls,
    }
    return metrics, predictions, len(predictions)
