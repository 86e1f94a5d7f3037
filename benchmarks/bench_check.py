"""Check latency for the demo article, and batch-mode throughput.

* **check**: ``ClaimChecker.check`` on ``examples/article.txt`` against a store of the demo
  corpus (``examples/corpus``), offline engine: the first check in a process (cold: loading
  the engines, opening Chroma and the lexical index), then ``--repeat`` warm checks (median and
  minimum), with the report's own per-stage timings;
* **verify**: ``ClaimChecker.verify_many`` on the claims of ``examples/claims.jsonl`` (median
  of 5 warm runs): claims/s, retrieval included (``bench_verify.py`` measures more);
* **batch**: ``check_batch`` on the article cut into ``--articles`` overlapping pieces of three
  paragraphs each (a folder of ``.txt`` files), with 1 and with 2 articles at a time:
  articles/s; then a re-run that resumes (everything skipped).

Usage::

    .venv/bin/python benchmarks/bench_check.py [--repeat 10] [--articles 24]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from claimcheck import ClaimChecker, Settings
from claimcheck.batch import check_batch

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
ARTICLE = ROOT / "examples" / "article.txt"
CLAIMS = ROOT / "examples" / "claims.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--articles", type=int, default=24)
    args = parser.parse_args(argv)
    article = ARTICLE.read_text(encoding="utf-8")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f} before"
    )
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        root = Path(tmp)
        settings = Settings.load(env_file="", store=root / "store", backend="local", cache=False)
        checker = ClaimChecker(settings=settings)
        checker.ingest([CORPUS])
        checker = ClaimChecker(settings=settings)  # a fresh object: the first check is cold
        started = time.perf_counter()
        report = checker.check(article, source=str(ARTICLE))
        cold = time.perf_counter() - started
        warm, stages = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            report = checker.check(article, source=str(ARTICLE))
            warm.append(time.perf_counter() - started)
            stages.append(report.timings)
        t = report.timings
        print(
            f"check {ARTICLE.name} ({len(article):,} chars, {len(report.claims)} claims) against "
            f"the demo corpus ({checker.info().passages} passages), offline engine:\n"
            f"  cold {cold:.2f} s; warm median {statistics.median(warm):.3f} s, min "
            f"{min(warm):.3f} s over {args.repeat} (target <= 1 s)\n"
            f"  stages (median): extract {statistics.median(s.extract_s for s in stages):.3f} s, "
            f"retrieve {statistics.median(s.retrieve_s for s in stages):.3f} s, verify "
            f"{statistics.median(s.verify_s for s in stages):.3f} s (last: total {t.total_s} s)"
        )
        claims = [json.loads(line) for line in CLAIMS.read_text(encoding="utf-8").splitlines()]
        texts = [c.get("claim") or c["text"] for c in claims]
        runs = []
        for _ in range(6):  # the first run is a warm-up
            started = time.perf_counter()
            checker.verify_many(texts)
            runs.append(time.perf_counter() - started)
        seconds = statistics.median(runs[1:])
        print(
            f"verify_many: {len(texts)} claims ({CLAIMS.name}) in {seconds:.3f} s (median of 5 "
            f"warm runs) = {len(texts) / seconds:.0f} claims/s, retrieval included"
        )
        paragraphs = [p for p in article.split("\n\n") if p.strip()]
        folder = root / "articles"
        folder.mkdir()
        for k in range(args.articles):
            first = k % max(1, len(paragraphs) - 3)
            text = f"Dispatch {k}\n\n" + "\n\n".join(paragraphs[first : first + 3]) + "\n"
            (folder / f"a{k:03d}.txt").write_text(text, encoding="utf-8")
        for workers in (1, 2):
            out = root / f"results-{workers}.jsonl"
            summary = check_batch(checker, folder, out, concurrency=workers)
            rate = summary.checked / summary.seconds
            c = summary.claims
            n_claims = c.supported + c.refuted + c.conflicting + c.not_enough_evidence + c.errors
            print(
                f"batch, {workers} at a time: {summary.checked} articles ({n_claims} claims) in "
                f"{summary.seconds:.2f} s = {rate:.1f} articles/s"
            )
        again = check_batch(checker, folder, root / "results-2.jsonl", concurrency=2)
        print(f"batch re-run (resume): {again.skipped} skipped in {again.seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
