"""How ingest time, search latency, check latency and memory grow with the store: 1k → 50k passages.

The corpus is real text recombined: every sentence of the SciFact abstracts and of the
Climate-FEVER evidence (``../shared/datasets``), shuffled with a fixed seed and packed into
documents of about one passage (600-1,100 characters), until there are enough for the largest
size; each size is a prefix of the same document list, plus the demo corpus
(``examples/corpus``, 21 documents) so the demo article can be checked against every store.

For each size, in fresh processes (so that peak memory is the process's own):

* **ingest**: ``EvidenceStore.ingest_documents`` into an empty store — seconds, passages/s,
  peak RSS of the ingesting process (or of its embedding worker, whichever is larger), size of
  the store on disk;
* **search**: a new process opens the store; the first search (cold: starting Chroma's client,
  loading the vector and lexical indexes) and then ``--queries`` SciFact claims one at a time
  (warm) — p50 / p95 ms;
* **check**: the demo article checked with the offline engine (warm; median of 3) in that same
  process, and the peak RSS of that process (the checker's memory for a store of that size).

Usage::

    .venv/bin/python benchmarks/bench_scale.py                    # 1k,5k,10k,25k,50k
    .venv/bin/python benchmarks/bench_scale.py --sizes 1000,10000 --queries 100

Skipped (exit 0) when the SciFact corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
SCIFACT = DATASETS / "scifact"
CLIMATE = DATASETS / "climate-fever" / "climate-fever.jsonl"
DEMO_CORPUS = ROOT / "examples" / "corpus"
ARTICLE = ROOT / "examples" / "article.txt"


def sentence_pool() -> list[str]:
    """Every SciFact abstract sentence and Climate-FEVER evidence sentence (deduplicated)."""
    seen: dict[str, None] = {}
    with (SCIFACT / "corpus.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            for sentence in json.loads(line)["abstract"]:
                seen.setdefault(" ".join(sentence.split()), None)
    if CLIMATE.is_file():
        with CLIMATE.open(encoding="utf-8") as handle:
            for line in handle:
                for evidence in json.loads(line)["evidences"]:
                    seen.setdefault(" ".join(evidence["evidence"].split()), None)
    return [s for s in seen if 20 <= len(s) <= 1000]


def recombined_docs(pool: list[str], n_docs: int, seed: int = 13) -> list[dict[str, str]]:
    """``n_docs`` documents of about one passage each, from shuffled passes over ``pool``."""
    rng = random.Random(seed)
    docs: list[dict[str, str]] = []
    order: list[str] = []
    while len(docs) < n_docs:
        if not order:
            order = pool[:]
            rng.shuffle(order)
        parts: list[str] = []
        size = 0
        while order and size < 600:
            sentence = order.pop()
            if size + len(sentence) > 1100 and parts:
                order.append(sentence)
                break
            parts.append(sentence)
            size += len(sentence) + 1
        docs.append({"id": f"r{len(docs):06d}", "title": "", "text": " ".join(parts)})
    return docs


def claims(n: int) -> list[str]:
    """The first ``n`` SciFact train claims (the search workload)."""
    out = []
    with (SCIFACT / "claims_train.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            out.append(json.loads(line)["claim"])
            if len(out) >= n:
                break
    return out


_INGEST = """
import json, resource, sys, time
from claimcheck.models import Document
from claimcheck.store import EvidenceStore
from claimcheck.store.loaders import load_paths
docs = [Document(**json.loads(line)) for line in open(sys.argv[2], encoding="utf-8")]
docs += load_paths([sys.argv[3]]).documents
store = EvidenceStore(sys.argv[1])
started = time.perf_counter()
stats = store.ingest_documents(docs)
seconds = time.perf_counter() - started
assert not stats.failed, stats.errors
rss = max(resource.getrusage(r).ru_maxrss for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"seconds": seconds, "passages": store.info().passages, "rss_mb": rss / 1024}))
"""

_SEARCH = """
import json, resource, statistics, sys, time
from claimcheck import ClaimChecker, Settings
from claimcheck.store import EvidenceStore
queries = json.loads(open(sys.argv[2], encoding="utf-8").read())
store = EvidenceStore(sys.argv[1])
t0 = time.perf_counter()
store.search(queries[0], k=8)
cold = time.perf_counter() - t0
times = []
for query in queries:
    t0 = time.perf_counter()
    store.search(query, k=8)
    times.append(time.perf_counter() - t0)
times.sort()
checker = ClaimChecker(store, settings=Settings.load(env_file="", backend="local", cache=False))
article = open(sys.argv[3], encoding="utf-8").read()
checker.check(article)
checks = []
for _ in range(3):
    t0 = time.perf_counter()
    report = checker.check(article)
    checks.append(time.perf_counter() - t0)
print(json.dumps({
    "cold_ms": cold * 1000,
    "p50_ms": times[len(times) // 2] * 1000,
    "p95_ms": times[int(len(times) * 0.95) - 1] * 1000,
    "check_s": statistics.median(checks),
    "claims": len(report.claims),
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def _run(code: str, *args: str) -> dict[str, Any]:
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False", PYTHONPATH=str(ROOT))
    env.pop("CLAIMCHECK_CHROMA_URL", None)
    done = subprocess.run(  # noqa: S603 - our own code
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode:
        raise SystemExit(f"benchmark step failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000,25000,50000")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    if not (SCIFACT / "corpus.jsonl").is_file():
        print(f"skipped: SciFact corpus not found under {SCIFACT}")
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    pool = sentence_pool()
    docs = recombined_docs(pool, max(sizes))
    print(
        f"corpus: {len(pool):,} distinct sentences (SciFact abstracts + Climate-FEVER evidence) "
        f"recombined into {len(docs):,} one-passage documents, + the demo corpus (21 docs)\n"
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f} before\n"
    )
    header = (
        f"{'passages':>9} {'ingest s':>9} {'pass./s':>8} {'ingest RSS':>11} {'disk MB':>8} "
        f"{'1st search':>10} {'search p50':>10} {'p95':>7} {'check s':>8} {'checker RSS':>11}"
    )
    print(header)
    print("-" * len(header))
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        root = Path(tmp)
        queries = root / "queries.json"
        queries.write_text(json.dumps(claims(args.queries)), encoding="utf-8")
        for size in sizes:
            corpus = root / f"corpus-{size}.jsonl"
            with corpus.open("w", encoding="utf-8") as handle:
                for doc in docs[:size]:
                    handle.write(json.dumps(doc) + "\n")
            store = root / f"store-{size}"
            ingest = _run(_INGEST, str(store), str(corpus), str(DEMO_CORPUS))
            search = _run(_SEARCH, str(store), str(queries), str(ARTICLE))
            row = {"size": size, "disk_mb": _disk_mb(store)}
            row.update({f"ingest_{k}": v for k, v in ingest.items()})
            row.update({f"search_{k}": v for k, v in search.items()})
            rows.append(row)
            print(
                f"{ingest['passages']:>9,} {ingest['seconds']:>9.1f} "
                f"{ingest['passages'] / ingest['seconds']:>8.0f} {ingest['rss_mb']:>8.0f} MB "
                f"{row['disk_mb']:>8.0f} {search['cold_ms']:>7.0f} ms {search['p50_ms']:>7.1f} ms "
                f"{search['p95_ms']:>4.0f} ms {search['check_s']:>8.2f} "
                f"{search['rss_mb']:>8.0f} MB",
                flush=True,
            )
            shutil.rmtree(store, ignore_errors=True)
            corpus.unlink()
    print(
        "\ningest s: EvidenceStore.ingest_documents (chunking, embedding, Chroma writes, BM25 "
        "index); search: hybrid, k=8, one SciFact claim at a time; check: the demo article "
        f"({ARTICLE.name}), offline engine, warm; RSS = peak resident memory of that process"
    )
    print("json:", json.dumps(rows))
    return 0


if __name__ == "__main__":
    t = time.perf_counter()
    code = main()
    print(f"({time.perf_counter() - t:.0f} s)")
    sys.exit(code)
