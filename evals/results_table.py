"""Print the README results table from the eval reports under ``evals/results/``.

Each row is one report (suite, backend, split, limit) with its headline numbers and the command
that reproduces it. Run the evals first (``make eval``, or the commands in ``evals/README.md``)::

    .venv/bin/python evals/results_table.py            # all reports
    .venv/bin/python evals/results_table.py scifact    # one suite
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"

VERIFY_COLUMNS = [
    ("claims", None), ("accuracy", "accuracy"), ("macro-F1", "macro_f1"),
    ("**refuted-F1**", "refuted_f1"), ("supported-F1", "supported_f1"),
    ("NEE-F1", "not_enough_evidence_f1"), ("recall@5", "recall@5"),
    ("citation precision", "citation_precision"), ("ms / claim", "latency_s_per_claim"),
]  # fmt: skip


def _cell(headline: dict[str, float], key: str | None, n: int) -> str:
    if key is None:
        return str(n)
    value = headline.get(key)
    if value is None:
        return "–"
    if key == "latency_s_per_claim":
        return f"{value * 1000:.1f}"
    return f"**{value:.3f}**" if key == "refuted_f1" else f"{value:.3f}"


def main(argv: list[str]) -> int:
    """Print one Markdown table for the verification suites and one line per other report."""
    wanted = set(argv)
    reports = []
    for path in sorted(RESULTS.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if wanted and data["header"]["suite"] not in wanted:
            continue
        reports.append(data)
    verify = [r for r in reports if r["header"]["suite"] in ("scifact", "climate-fever")]
    verify.sort(
        key=lambda r: (
            r["header"]["suite"] != "scifact",
            r["header"]["limit"] is None,
            r["header"]["split"],
            r["header"]["backend"] != "local",
        )
    )
    if verify:
        names = " | ".join(c for c, _ in VERIFY_COLUMNS)
        print(f"| suite | engine | split | {names} | command |")
        print("|" + "---|" * (len(VERIFY_COLUMNS) + 4))
        for r in verify:
            head, n = r["header"], len(r["predictions"])
            cells = " | ".join(_cell(r["headline"], key, n) for _, key in VERIFY_COLUMNS)
            partial = " (partial)" if r["partial"] else ""
            print(f"| {head['suite']} | {head['backend']}{partial} | {head['split']} | {cells} | "
                  f"`{head['command']}` |")  # fmt: skip
    for r in reports:
        if r["header"] in [v["header"] for v in verify]:
            continue
        head = r["header"]
        numbers = ", ".join(f"{k} {v:.3f}" for k, v in r["headline"].items() if "latency" not in k)
        print(f"\n`{head['command']}`: {numbers}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
