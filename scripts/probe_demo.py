"""Check the probe claims of ``evals/probes/demo_probes.tsv`` against the demo corpus.

The probes are short claims we wrote about the documents of ``examples/corpus/`` — true ones,
and false ones made by changing a number, a date, a name or who did what — with the verdict
a careful reader of those documents would give (``S`` supported, ``R`` refuted, ``N`` not
enough evidence). They are a development set for the offline engine's news behaviour beyond
the demo gold (``claimcheck eval seed``): no setting is chosen on them. Usage::

    .venv/bin/python scripts/probe_demo.py               # every probe, then the score by group
    .venv/bin/python scripts/probe_demo.py --wrong       # only the probes it gets wrong

Builds a scratch store from ``examples/corpus/`` (a few seconds), verifies every probe with
the default engine and prints one line per probe: ok/XX, expected, verdict, confidence,
claim, the start of the rationale.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimcheck.config import Settings  # noqa: E402
from claimcheck.pipeline import ClaimChecker  # noqa: E402

LABELS = {"S": "supported", "R": "refuted", "N": "not_enough_evidence"}


def read_probes(path: Path) -> list[tuple[str, str, str]]:
    """``(expected label, group, claim)`` for every line of ``path``; ``#`` lines are notes."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in LABELS or not parts[2].strip():
            raise SystemExit(f"{path}:{n}: expected 'S|R|N<TAB>group<TAB>claim'")
        out.append((LABELS[parts[0]], parts[1], parts[2].strip()))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--probes", type=Path, default=ROOT / "evals" / "probes" / "demo_probes.tsv")
    ap.add_argument("--wrong", action="store_true", help="print only the probes it gets wrong")
    args = ap.parse_args(argv)
    if not args.probes.is_file():
        print(f"error: no probe file {args.probes}", file=sys.stderr)
        return 2
    probes = read_probes(args.probes)
    with tempfile.TemporaryDirectory() as tmp:
        checker = ClaimChecker(settings=Settings.load(store=Path(tmp), backend="local"))
        checker.ingest([ROOT / "examples" / "corpus"])
        results = checker.verify_many([claim for _, _, claim in probes])
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for (expected, group, claim), result in zip(probes, results, strict=True):
        verdict = result.verdict
        label = verdict.label.value if verdict else "error"
        ok = label == expected
        total[group] += 1
        right[group] += ok
        if ok and args.wrong:
            continue
        conf = f"{verdict.confidence:.2f}" if verdict else "  - "
        why = " ".join((verdict.rationale if verdict else result.error or "").split())[:110]
        mark = "ok" if ok else "XX"
        print(f"{mark}  {expected[:9]:9}  {label[:9]:9}  {conf}  {claim[:64]:64}  {why}")
    for group in sorted(total):
        print(f"{group}: {right[group]} of {total[group]} right")
    print(f"all: {sum(right.values())} of {sum(total.values())} right")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
