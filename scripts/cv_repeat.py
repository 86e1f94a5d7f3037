"""Repeat the train-side cross-validation of ``train_stance.py`` with several fold seeds.

One 5-fold split of 536 SciFact and 1,071 Climate-FEVER claims is a noisy instrument: the
objective (SciFact macro-F1 + Climate-FEVER accuracy, the best of some 5,000 cascade and
offset settings) moves by about 0.01 when a handful of candidates change. Comparing a change by
the mean over fold seeds is steadier. Each seed is one full ``train_stance.py`` run
(``--guard-tol 0``, weights written to a scratch folder, never to the package)::

    .venv/bin/python scripts/cv_repeat.py --seeds 0,1,2 -- --passages-cache /tmp/pc.json
    .venv/bin/python scripts/cv_repeat.py --seeds 0,1,2 -- --passages-cache /tmp/pc.json --drop idf

Prints one line per seed and the mean and standard deviation of the objective, SciFact
macro-F1 and refuted-F1, and Climate-FEVER accuracy. About 2.5 minutes per seed with a
passages cache; ``--jobs 2`` runs two seeds at a time on the 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
METRICS = ("objective", "scifact_macro_f1", "scifact_refuted_f1", "climate_fever_accuracy")


def run_seed(seed: int, extra: list[str], scratch: Path) -> dict[str, float]:
    """One ``train_stance.py`` run with fold seed ``seed``; its train-side numbers."""
    out = scratch / f"seed{seed}"
    cmd = [sys.executable, str(ROOT / "scripts" / "train_stance.py"), "--out", str(out),
           "--seed", str(seed), "--guard-tol", "0", *extra]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SystemExit(f"seed {seed}: train_stance.py failed: {tail[0]}")
    meta = json.loads((out / "stance-v1.json").read_text(encoding="utf-8"))
    verdict = meta["validation"]["verdict"]
    return {
        "objective": float(meta["settings"]["cascade_objective"]),
        **{k: float(verdict[k]) for k in METRICS[1:]},
    }


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv
    extra: list[str] = []
    if "--" in args_in:
        cut = args_in.index("--")
        args_in, extra = args_in[:cut], args_in[cut + 1 :]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0,1,2", help="comma-separated fold seeds")
    ap.add_argument("--jobs", type=int, default=2, help="seeds run at a time")
    args = ap.parse_args(args_in)
    try:
        seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    except ValueError:
        print(f"error: --seeds must be integers separated by commas, got {args.seeds!r}")
        return 2
    if not seeds:
        print("error: give at least one seed")
        return 2
    with (
        tempfile.TemporaryDirectory(prefix="cv_repeat-") as tmp,
        ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool,
    ):
        results = list(pool.map(lambda s: run_seed(s, extra, Path(tmp)), seeds))
    for seed, res in zip(seeds, results, strict=True):
        print(f"seed {seed}: " + "  ".join(f"{k} {res[k]:.4f}" for k in METRICS))
    for key in METRICS:
        values = [r[key] for r in results]
        sd = statistics.stdev(values) if len(values) > 1 else 0.0
        print(f"{key:24s} mean {statistics.mean(values):.4f}  sd {sd:.4f}  (n={len(values)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
