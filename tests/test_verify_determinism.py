"""The offline verifier gives bit-for-bit the same numbers in every process.

Python salts string hashes per process (``PYTHONHASHSEED``), so iterating a set of words
gives another order in each run, and a float sum in another order can differ in its last
bits; training amplified such differences into another verdict model (0.003 of the CV
objective between two runs of the same command)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import json
from claimcheck.verify.features import claim_view, features
pairs = [
    ("The land border between Russia and Ukraine is about 1,974 km long, "
     "with 321 km more through the Sea of Azov.",
     "Its land section between the two countries runs for 1,974 km along fields and rivers."),
    ("In 2021 the agency spent 4.2 billion dollars on rural roads, bridges and ferries.",
     "Spending on rural roads, bridges and ferries reached 4.2 billion dollars in 2021."),
    ("About 35% of adults in the northern provinces reported daily smoking in 2019.",
     "In 2019, 35% of adults in the northern provinces smoked daily, a survey found."),
]
out = [{k: v.hex() for k, v in features(claim_view(c), s).values.items()} for c, s in pairs]
print(json.dumps(out, sort_keys=True))
"""


def _run(seed: int) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True,
        cwd=ROOT, timeout=120,
    )  # fmt: skip
    return done.stdout


def test_features_do_not_depend_on_the_string_hash_seed() -> None:
    first = _run(1)
    for seed in (2, 3, 4, 5, 6):
        assert _run(seed) == first, f"PYTHONHASHSEED={seed} gave other feature values"
