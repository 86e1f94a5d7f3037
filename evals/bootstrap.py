"""How much of an eval number is the luck of the split: a bootstrap over the report's claims.

Resamples the claims of an eval report (``evals/results/.../*.json``, written by
``claimcheck eval``) with replacement and prints, for accuracy, macro-F1 and refuted-F1, the
value, the standard deviation over the resamples and the 95 % interval::

    .venv/bin/python evals/bootstrap.py evals/results/scifact/scifact-local-heldout.json
    .venv/bin/python evals/bootstrap.py evals/results/*/*-local-heldout.json --resamples 5000

Macro-F1 averages over the labels the gold uses (as the report does). Seeded: the same
report gives the same numbers.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from pathlib import Path

from claimcheck.evaluation.metrics import classification_metrics


def _pairs(path: Path) -> list[tuple[str, str]]:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        return [(p["gold_label"], p["predicted_label"] or "error") for p in report["predictions"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SystemExit(f"{path}: not an eval report with labelled predictions ({exc})") from None


def _scores(pairs: list[tuple[str, str]], labels: list[str]) -> dict[str, float]:
    gold, pred = [g for g, _ in pairs], [p for _, p in pairs]
    metrics = classification_metrics(gold, pred, labels)
    return {
        "accuracy": metrics["accuracy"],
        "macro_f1": metrics["macro_f1"],
        "refuted_f1": metrics["per_class"].get("refuted", {}).get("f1", 0.0),
    }


def bootstrap(path: Path, resamples: int, seed: int) -> list[str]:
    """Lines describing the report's numbers and their bootstrap spread."""
    pairs = _pairs(path)
    if not pairs:
        raise SystemExit(f"{path}: the report has no predictions")
    labels = sorted({g for g, _ in pairs})
    point = _scores(pairs, labels)
    rng = random.Random(seed)
    draws = [_scores(rng.choices(pairs, k=len(pairs)), labels) for _ in range(resamples)]
    lines = [f"{path} ({len(pairs)} claims, {resamples} resamples)"]
    for name, value in point.items():
        values = sorted(d[name] for d in draws)
        low, high = values[int(0.025 * resamples)], values[int(0.975 * resamples) - 1]
        sd = statistics.pstdev(values)
        lines.append(f"  {name:<11} {value:.3f}  sd {sd:.3f}  95% [{low:.3f}, {high:.3f}]")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", nargs="+", type=Path, help="eval report JSON files")
    ap.add_argument("--resamples", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.resamples < 10:
        ap.error("--resamples must be at least 10")
    for path in args.reports:
        print("\n".join(bootstrap(path, args.resamples, args.seed)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
