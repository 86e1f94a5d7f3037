"""Verification throughput on the SciFact store: claims/s of the offline verifier.

The SciFact abstracts (5,183 of them, 8,629 passages) are ingested into a store — the same cached
store ``claimcheck eval scifact`` builds, so a second run does not re-ingest — and the claims
of ``claims_train.jsonl`` (all 809, or ``--limit``) are

* **retrieved**: ``EvidenceStore.search_many`` with the settings' ``top_k`` (hybrid BM25 +
  vectors), timed on its own;
* **verified**: ``LocalVerifier.verify_many`` on the retrieved passages (sentence selection,
  features, the shipped stance and verdict models, aggregation, citations), timed on its own,
  ``--repeat`` times (median and best reported);
* **end to end**: ``ClaimChecker.verify_many`` (retrieval + verification) once more.

Printed: claims/s for each, milliseconds per claim, and the label counts (a sanity check that
the verifier did decide; quality is measured by ``claimcheck eval scifact``). The issue's
target is at least 30 claims/s for verification on this store.

Usage::

    .venv/bin/python benchmarks/bench_verify.py                 # skips when the data is absent
    .venv/bin/python benchmarks/bench_verify.py --limit 200 --repeat 1

Data: ``../shared/datasets/scifact/{corpus,claims_train}.jsonl`` (read in place).
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from claimcheck import ClaimChecker, Settings
from claimcheck.evaluation.datasets import load_scifact
from claimcheck.evaluation.stores import default_cache_dir, open_corpus_store
from claimcheck.models import Claim, ClaimKind, Span
from claimcheck.verify.local import LocalVerifier

ROOT = Path(__file__).resolve().parents[1]
SCIFACT = ROOT.parent / "shared" / "datasets" / "scifact"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=SCIFACT, help="SciFact folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N claims")
    parser.add_argument("--repeat", type=int, default=3, help="timed verification passes")
    parser.add_argument("--cache-dir", type=Path, default=None, help="eval store cache")
    args = parser.parse_args(argv)
    if (
        not (args.data / "corpus.jsonl").is_file()
        or not (args.data / "claims_train.jsonl").is_file()
    ):
        print(f"skipped: SciFact not found under {args.data}")
        return 0
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f} before"
    )
    data = load_scifact(args.data, split="all")
    gold = data.claims[: args.limit] if args.limit else data.claims
    settings = Settings.load(env_file="", backend="local", cache=False)
    started = time.perf_counter()
    store, scoped = open_corpus_store(
        "scifact", data.corpus_key, data.documents, settings, args.cache_dir or default_cache_dir()
    )
    info = store.info()
    print(
        f"store: {info.documents} abstracts, {info.passages} passages, embedder "
        f"{store.embedder_name} (ready in {time.perf_counter() - started:.1f} s)"
    )
    claims = [
        Claim(id=f"c{i + 1}", text=g.text, span=Span(start=0, end=len(g.text)), kind=ClaimKind.FACT)
        for i, g in enumerate(gold)
    ]
    n = len(claims)

    started = time.perf_counter()
    passages = store.search_many([c.text for c in claims], scoped.top_k)
    retrieve_s = time.perf_counter() - started
    print(f"retrieve: {n} claims, top_k {scoped.top_k}: {n / retrieve_s:.1f} claims/s "
          f"({1000 * retrieve_s / n:.1f} ms/claim)")  # fmt: skip

    verifier = LocalVerifier()  # the default: the shipped stance and verdict models
    items = list(zip(claims, passages, strict=True))
    verifier.verify_many(items[:5])  # load the weights outside the timing
    times = []
    labels: collections.Counter[str] = collections.Counter()
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        results = verifier.verify_many(items)
        times.append(time.perf_counter() - started)
        labels = collections.Counter(r.verdict.label.value for r in results if r.verdict)
    med, best = statistics.median(times), min(times)
    print(
        f"verify ({verifier.stance_model.name}): {n} claims: median {n / med:.1f} claims/s "
        f"({1000 * med / n:.1f} ms/claim), best {n / best:.1f} claims/s over {len(times)} runs"
    )
    print("labels: " + ", ".join(f"{k} {v}" for k, v in sorted(labels.items())))

    checker = ClaimChecker(settings=scoped, store=store, verifier=verifier)
    started = time.perf_counter()
    checker.verify_many([c.text for c in claims])
    total = time.perf_counter() - started
    print(f"end to end (ClaimChecker.verify_many): {n / total:.1f} claims/s "
          f"({1000 * total / n:.1f} ms/claim)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
