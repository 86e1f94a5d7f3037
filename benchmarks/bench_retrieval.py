"""Retrieval quality on SciFact: BM25 alone, vectors alone, and the hybrid ranking.

For every SciFact train claim that has evidence (505 of 809), the claim text is searched in a
store holding the 5,183 SciFact abstracts; the ranking of *abstracts* is the order in which
their first passage appears among the top passages. Reported: recall@1/5/10 (a gold abstract
among the first k) and nDCG@10 (binary gain over the gold abstracts).

A second block reports the train claims *without* evidence, with the abstract they cite as the
target: these were used to choose the fusion weights and the hash embedder's block weights,
so the first block is not tuned on. Nothing is trained on any claim.

Usage::

    .venv/bin/python benchmarks/bench_retrieval.py            # skips when the data is absent
    .venv/bin/python benchmarks/bench_retrieval.py --vector-weight 1.0 --embedder hash-1024

Data: ``../shared/datasets/scifact/{corpus,claims_train}.jsonl`` (read in place).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import tempfile
import time
from pathlib import Path

from claimcheck.models import Document
from claimcheck.store import EvidenceStore, FusionWeights

ROOT = Path(__file__).resolve().parents[1]
SCIFACT = ROOT.parent / "shared" / "datasets" / "scifact"
PASSAGES = 40  # passages retrieved per claim, enough for 10 distinct abstracts


def load_corpus(path: Path) -> list[Document]:
    """SciFact abstracts as documents: id = doc_id, text = the sentences joined by spaces."""
    docs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            docs.append(
                Document(id=str(row["doc_id"]), title=row["title"], text=" ".join(row["abstract"]))
            )
    return docs


def load_claims(path: Path) -> tuple[list[tuple[str, set[str]]], list[tuple[str, set[str]]]]:
    """``(report, tuning)``: claims with evidence (gold = evidence abstracts) and claims
    without (gold = cited abstracts)."""
    report, tuning = [], []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["evidence"]:
                report.append((row["claim"], set(row["evidence"])))
            else:
                tuning.append((row["claim"], {str(d) for d in row["cited_doc_ids"]}))
    return report, tuning


def doc_ranking(doc_ids: list[str], depth: int = 10) -> list[str]:
    out: list[str] = []
    for doc_id in doc_ids:
        if doc_id not in out:
            out.append(doc_id)
            if len(out) == depth:
                break
    return out


def metrics(rankings: list[list[str]], golds: list[set[str]]) -> dict[str, float]:
    n = len(golds)
    at = {1: 0, 5: 0, 10: 0}
    ndcg = 0.0
    for ranking, gold in zip(rankings, golds, strict=True):
        for k in at:
            at[k] += any(d in gold for d in ranking[:k])
        dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranking[:10]) if d in gold)
        ideal = sum(1 / math.log2(i + 2) for i in range(min(len(gold), 10)))
        ndcg += dcg / ideal
    return {"r@1": at[1] / n, "r@5": at[5] / n, "r@10": at[10] / n, "nDCG@10": ndcg / n}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--embedder", default="hash", help="embedder name (default: hash)")
    parser.add_argument("--vector-weight", type=float, default=None, help="RRF weight of vectors")
    parser.add_argument("--prf", type=int, default=None, help="feedback passages (0 = off)")
    parser.add_argument("--store", type=Path, help="reuse/keep the store in this folder")
    args = parser.parse_args(argv)

    corpus_path, claims_path = SCIFACT / "corpus.jsonl", SCIFACT / "claims_train.jsonl"
    if not corpus_path.is_file() or not claims_path.is_file():
        print(f"skipped: SciFact not found under {SCIFACT}")
        return 0
    fusion = FusionWeights()
    if args.vector_weight is not None:
        fusion = dataclasses.replace(fusion, vector=args.vector_weight)
    if args.prf is not None:
        fusion = dataclasses.replace(fusion, prf_passages=args.prf)

    with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as tmp:
        folder = args.store or Path(tmp)
        store = EvidenceStore(folder, collection="scifact", embedder=args.embedder, fusion=fusion)
        started = time.perf_counter()
        stats = store.ingest_documents(load_corpus(corpus_path))
        total = stats.added + stats.unchanged
        print(
            f"store: {store.info().passages} passages of {total} abstracts, "
            f"embedder {store.embedder_name}, ingest {time.perf_counter() - started:.1f}s\n"
            f"hybrid = RRF(k={fusion.k}) of BM25 (weight {fusion.bm25:g}) and vectors (weight "
            f"{fusion.vector:g}); vector query + {fusion.prf_weight:g} x mean of the top "
            f"{fusion.prf_passages} BM25 passages' vectors"
        )
        report, tuning = load_claims(claims_path)
        for title, claims in (
            (
                f"SciFact train claims with evidence (n={len(report)}), gold = evidence abstracts",
                report,
            ),
            (
                f"tuning set: claims without evidence (n={len(tuning)}), gold = cited abstract",
                tuning,
            ),
        ):
            print(f"\n{title}")
            header = ("method", "r@1", "r@5", "r@10", "nDCG@10", "ms/claim")
            print("  {:8s} {:>6s} {:>6s} {:>6s} {:>8s} {:>9s}".format(*header))
            texts = [c for c, _ in claims]
            golds = [g for _, g in claims]
            for mode in ("bm25", "vector", "hybrid"):
                t0 = time.perf_counter()
                results = store.search_many(texts, PASSAGES, mode=mode)  # type: ignore[arg-type]
                ms = (time.perf_counter() - t0) * 1000 / len(texts)
                ranked = [doc_ranking([p.doc_id for p in ps]) for ps in results]
                m = metrics(ranked, golds)
                print(
                    f"  {mode:8s} {m['r@1']:6.3f} {m['r@5']:6.3f} {m['r@10']:6.3f} "
                    f"{m['nDCG@10']:8.3f} {ms:9.2f}"
                )
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
