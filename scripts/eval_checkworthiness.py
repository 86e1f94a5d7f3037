"""Test-set numbers of the check-worthiness scorers (ClaimBuster, CheckThat! 2019, PoliClaim).

Usage::

    .venv/bin/pip install -e '.[train]'          # openpyxl, to read PoliClaim's .xlsx
    .venv/bin/python scripts/eval_checkworthiness.py [--data ../shared/datasets] [--json OUT]

Reads only the **test** files (never used by ``scripts/train_checkworthiness.py`` except to
drop their texts from training) and prints a Markdown table, for each test set:

* **scorer** rows: the scorer alone on the raw sentence — ``rules`` (``RuleCheckWorthiness``,
  threshold 0.5), ``learned`` (``LearnedCheckWorthiness(learned_only=True)``: the logistic
  regression before blending, at its own validation-F1 threshold), ``shipped``
  (``LearnedCheckWorthiness()``: the blend, at its threshold);
* **extractor** rows: the whole offline extractor, as ``claimcheck eval extraction`` measures it
  (a sentence is check-worthy when ``RuleExtractor`` yields a claim from it; AP ranks by the
  highest check-worthiness of its claims with the threshold at 0, 0 when the structural filters
  drop the sentence), with the rule scorer (before), the shipped default (after), and the
  learned model alone.

AP is :func:`claimcheck.evaluation.metrics.average_precision` (ties keep file order), the same
function the eval harness uses; CheckThat! also MAP over its 7 debates, PoliClaim MAP over its
4 speeches. Last, the shipped scorer's throughput (best of 3 passes over the test sentences).
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train_checkworthiness import CB_TEST, CT_TEST, PC_TEST, read_xlsx, sha256  # noqa: E402

from claimcheck.evaluation.metrics import average_precision, binary_metrics  # noqa: E402
from claimcheck.extract import (  # noqa: E402
    LearnedCheckWorthiness,
    RuleCheckWorthiness,
    RuleExtractor,
)

Row = tuple[str, bool, str]  # text, label, group


def load_tests(data: Path) -> tuple[dict[str, list[Row]], dict[str, str]]:
    """The three test sets as ``(text, label, group)`` rows, and ``{file: sha256}``."""
    sets: dict[str, list[Row]] = {}
    files: dict[str, str] = {}
    path = data / CB_TEST
    files[CB_TEST] = sha256(path)
    sets["claimbuster"] = [
        (str(r["text"]), int(r["label"]) == 1, "")
        for r in json.loads(path.read_text(encoding="utf-8"))
    ]
    path = data / CT_TEST
    files[CT_TEST] = sha256(path)
    with path.open(encoding="utf-8", newline="") as fh:
        sets["checkthat2019"] = [
            (str(r["text"]), str(r["label"]).strip() == "1", str(r["file_name"]))
            for r in csv.DictReader(fh)
        ]
    rows: list[Row] = []
    for path in sorted((data / PC_TEST).glob("*.xlsx")):
        files[f"{PC_TEST}/{path.name}"] = sha256(path)
        rows += [
            (text, label == 1, group)
            for text, label, group in read_xlsx(path, group_column="speech")
            if label is not None
        ]
    sets["policlaim"] = rows
    return sets, files


def measure(rows: list[Row], scores: list[float], predicted: list[bool]) -> dict[str, Any]:
    gold = [label for _, label, _ in rows]
    out: dict[str, Any] = {k: v for k, v in binary_metrics(gold, predicted).items()}
    out["ap"] = average_precision(gold, scores)
    groups = sorted({g for _, _, g in rows if g})
    if groups:
        aps = []
        for g in groups:
            idx = [i for i, row in enumerate(rows) if row[2] == g]
            if any(gold[i] for i in idx):
                aps.append(average_precision([gold[i] for i in idx], [scores[i] for i in idx]))
        out["map"] = round(sum(aps) / len(aps), 4)
    return out


def scorer_rows(rows: list[Row], weights: Path | None) -> dict[str, Any]:
    texts = [t for t, _, _ in rows]
    out: dict[str, Any] = {}
    scorers: dict[str, Any] = {
        "rules": RuleCheckWorthiness(),
        "learned": LearnedCheckWorthiness(weights, learned_only=True),
        "shipped": LearnedCheckWorthiness(weights),
    }
    for name, scorer in scorers.items():
        s = [scorer.score(t) for t in texts]
        cut = getattr(scorer, "threshold", 0.5)
        out[name] = measure(rows, s, [x >= cut for x in s])
    return out


def extractor_row(rows: list[Row], extractor: RuleExtractor) -> dict[str, Any]:
    ranking = copy.copy(extractor)
    ranking.min_checkworthiness = 0.0
    scores: list[float] = []
    predicted: list[bool] = []
    for text, _, _ in rows:
        predicted.append(bool(extractor.extract(text)))
        scores.append(max((c.checkworthiness or 0.0 for c in ranking.extract(text)), default=0.0))
    return measure(rows, scores, predicted)


def throughput(texts: list[str], score: Callable[[str], float]) -> float:
    best = 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        for text in texts:
            score(text)
        best = max(best, len(texts) / (time.perf_counter() - t0))
    return round(best)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--weights", type=Path, default=None, help="model file (.npz)")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args(argv)
    shipped = LearnedCheckWorthiness(args.weights)
    sets, files = load_tests(args.data)
    results: dict[str, Any] = {"files": files, "weights": str(shipped.path), "sets": {}}
    print("| test set | what | sentences | positives | P | R | F1 | AP | MAP |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, rows in sets.items():
        res = scorer_rows(rows, args.weights)
        res["extractor (rules)"] = extractor_row(rows, RuleExtractor(scorer=RuleCheckWorthiness()))
        res["extractor (shipped)"] = extractor_row(rows, RuleExtractor(scorer=shipped))
        learned = LearnedCheckWorthiness(args.weights, learned_only=True)
        res["extractor (learned only)"] = extractor_row(rows, RuleExtractor(scorer=learned))
        results["sets"][name] = res
        for what, m in res.items():
            label = what if what.startswith("extractor") else f"scorer: {what}"
            map_ = f"{m['map']:.3f}" if "map" in m else "–"
            print(
                f"| {name} | {label} | {len(rows)} | {sum(1 for r in rows if r[1])} | "
                f"{m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['ap']:.3f} | "
                f"{map_} |"
            )
    texts = [t for rows in sets.values() for t, _, _ in rows]
    speed = throughput(texts, shipped.score)
    rules_speed = throughput(texts, RuleCheckWorthiness().score)
    results["sentences_per_s"] = {"shipped": speed, "rules": rules_speed}
    mean_chars = sum(len(t) for t in texts) / len(texts)
    print(
        f"\nthroughput over {len(texts)} test sentences (mean {mean_chars:.0f} chars): shipped "
        f"{speed:,.0f}/s, rules {rules_speed:,.0f}/s (one process, best of 3)"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
