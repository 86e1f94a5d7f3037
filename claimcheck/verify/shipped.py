"""The models shipped in ``claimcheck/weights/``: where they are, and loading them once.

``stance-v1.npz`` (:class:`~claimcheck.verify.learned.LearnedStanceModel`),
``verdict-v1.npz`` (:class:`~claimcheck.verify.verdict.VerdictModel`) and ``idf-v1.npz``
(:class:`~claimcheck.verify.idf.IdfTable`) are written together by
``scripts/train_stance.py``, with ``stance-v1.json`` describing them (training data and its
hashes, feature names, validation numbers). The stance and verdict models belong together:
the verdict model was trained on that stance model's outputs.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from .learned import LearnedStanceModel
from .verdict import VerdictModel

__all__ = ["METADATA_FILE", "STANCE_FILE", "VERDICT_FILE", "WEIGHTS_DIR", "shipped_models"]

log = logging.getLogger(__name__)

WEIGHTS_DIR = Path(__file__).resolve().parent.parent / "weights"
STANCE_FILE = WEIGHTS_DIR / "stance-v1.npz"
VERDICT_FILE = WEIGHTS_DIR / "verdict-v1.npz"
METADATA_FILE = WEIGHTS_DIR / "stance-v1.json"


@lru_cache(maxsize=1)
def shipped_models() -> tuple[LearnedStanceModel, VerdictModel] | None:
    """The shipped stance and verdict models, or ``None`` when their files are absent (a
    source checkout before training); loaded once per process.

    Raises:
        ConfigError: a file is present but cannot be read.
    """
    if not (STANCE_FILE.is_file() and VERDICT_FILE.is_file()):
        log.warning("no shipped stance model in %s: falling back to rules", WEIGHTS_DIR)
        return None
    return LearnedStanceModel.load(STANCE_FILE), VerdictModel.load(VERDICT_FILE)
