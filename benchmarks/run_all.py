"""Every benchmark, one after the other (``make bench``): speed and quality figures, printed.

=================  ===========================================================================
bench_ingest       ingest throughput vs a raw Chroma ``collection.add`` of the same data (ratio)
bench_retrieval    retrieval recall@k on SciFact: BM25, vectors, hybrid
bench_verify       verification: claims/s (and quality), when present
bench_check        check latency for the demo article (cold, warm), batch-mode articles/s
bench_scale        1k → 50k passages: ingest time, search latency, check latency, peak memory
=================  ===========================================================================

Each runs in its own process (so that memory figures are its own) and skips itself when the
data it needs (``../shared/datasets``) is absent. The figures and the machine are recorded in
the README (section "Benchmarks").

Usage::

    .venv/bin/python benchmarks/run_all.py             # everything (about 15-25 min on 2 cores)
    .venv/bin/python benchmarks/run_all.py --quick     # smaller sizes, one repetition (~3 min)
    .venv/bin/python benchmarks/run_all.py --only check,scale
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

FULL: dict[str, list[str]] = {
    "ingest": ["--repeat", "3"],
    "retrieval": [],
    "verify": [],
    "check": [],
    "scale": [],
}
QUICK: dict[str, list[str]] = {
    "ingest": ["--repeat", "1", "--limit", "1000"],
    "retrieval": [],
    "verify": [],
    "check": ["--repeat", "5"],
    "scale": ["--sizes", "1000,5000", "--queries", "100"],
}


def _machine() -> str:
    try:
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        memory = f"{mem_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        memory = "RAM unknown"
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs, {memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs (a few minutes)")
    parser.add_argument("--only", default="", help="comma-separated names, e.g. check,scale")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    wanted = [n.strip() for n in args.only.split(",") if n.strip()] or list(plan)
    unknown = sorted(set(wanted) - set(plan))
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; choose from {', '.join(plan)}")
    print(f"machine: {_machine()}; load average {os.getloadavg()[0]:.2f}", flush=True)
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False", DISABLE_TQDM="1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    failed = []
    for name in wanted:
        script = HERE / f"bench_{name}.py"
        print(f"\n=== {name} ({script.name} {' '.join(plan[name])})", flush=True)
        if not script.is_file():
            print(f"skipped: {script.name} is not there")
            continue
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603 - our own scripts
            [sys.executable, str(script), *plan[name]], env=env, cwd=ROOT, check=False
        )
        print(f"--- {name}: {time.perf_counter() - started:.0f} s, exit {done.returncode}")
        if done.returncode:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
