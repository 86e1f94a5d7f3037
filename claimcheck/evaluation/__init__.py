"""The eval harness: suites, metrics, reports, baselines (``claimcheck eval``).

Importing this package is light (no Chroma, no model code): the suites load what they need when
they run.

Example:
    >>> from claimcheck.evaluation import run_suite               # doctest: +SKIP
    >>> result = run_suite("seed")                                 # doctest: +SKIP
    >>> result.headline["demo.label_accuracy"]                     # doctest: +SKIP
"""

from .baselines import BaselineCheck, check_against_baseline, load_baselines, update_baseline
from .result import EvalHeader, EvalResult
from .splits import (
    HELDOUT_FRACTION,
    Split,
    SplitChoice,
    climate_fever_splits,
    scifact_splits,
    split_of,
)
from .suites import BACKENDS, SUITES, EvalInterrupted, run_suite

__all__ = [
    "BACKENDS",
    "HELDOUT_FRACTION",
    "SUITES",
    "BaselineCheck",
    "EvalHeader",
    "EvalInterrupted",
    "EvalResult",
    "Split",
    "SplitChoice",
    "check_against_baseline",
    "climate_fever_splits",
    "load_baselines",
    "run_suite",
    "scifact_splits",
    "split_of",
    "update_baseline",
]
