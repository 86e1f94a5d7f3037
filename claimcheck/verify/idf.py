"""How rare each word is: inverse document frequencies by stem, shipped or given.

Covering "Ly49Q" and "neutrophil" says more about relevance than covering "role" and "study".
The verifier weighs claim terms by their IDF, ``log((N + 1) / (df + 0.5))``, read from an
:class:`IdfTable`: the one shipped in ``claimcheck/weights/idf-v1.npz`` (counted over public
text of several domains by ``scripts/train_stance.py``), or one a caller passes in (e.g. the
statistics of their own store). A stem the table does not know counts as rare as the rarest.

The ``.npz`` holds ``stems`` (str array), ``idf`` (float array, same length) and ``default``
(the IDF of an unseen stem); it is read with ``allow_pickle=False``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ConfigError

__all__ = ["IDF_FILE", "IdfTable", "shipped_idf"]

IDF_FILE = Path(__file__).resolve().parent.parent / "weights" / "idf-v1.npz"
"""The shipped table."""


@dataclass(frozen=True)
class IdfTable:
    """Inverse document frequency of stems.

    Attributes:
        values: stem -> IDF.
        default: IDF of a stem not in ``values`` (the rarest possible).
    """

    values: Mapping[str, float]
    default: float

    def __call__(self, stem: str) -> float:
        """The IDF of ``stem``."""
        return self.values.get(stem, self.default)

    def scaled(self, stem: str) -> float:
        """The IDF of ``stem`` divided by :attr:`default`, in (0, 1]."""
        return self.values.get(stem, self.default) / self.default

    @classmethod
    def count(cls, documents: Iterable[Iterable[str]], *, min_df: int = 2) -> IdfTable:
        """A table from the stem sets of ``documents``; stems in fewer than ``min_df`` documents
        are left out (they get :attr:`default`)."""
        df: Counter[str] = Counter()
        n = 0
        for stems in documents:
            n += 1
            df.update(set(stems))
        values = {s: math.log((n + 1) / (c + 0.5)) for s, c in df.items() if c >= min_df}
        return cls(values, math.log((n + 1) / 0.5))

    @classmethod
    def from_mapping(cls, idf: Mapping[str, float]) -> IdfTable:
        """A table over a caller's ``{stem: idf}``; unseen stems get the largest value."""
        return cls(dict(idf), max(idf.values(), default=1.0) or 1.0)

    @classmethod
    def load(cls, path: str | Path) -> IdfTable:
        """Read a table written by :meth:`save`.

        Raises:
            ConfigError: the file is missing or not a valid table.
        """
        try:
            with np.load(Path(path), allow_pickle=False) as data:
                stems = [str(s) for s in data["stems"]]
                idf = data["idf"].astype(np.float64)
                default = float(data["default"])
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"cannot load IDF table {path}: {exc}; check the path") from None
        if len(stems) != len(idf):
            raise ConfigError(f"IDF table {path} is corrupt: retrain with scripts/train_stance.py")
        return cls(dict(zip(stems, idf.tolist(), strict=True)), default)

    def save(self, path: str | Path) -> None:
        """Write the table as a compressed ``.npz`` (stems sorted, IDF as float16)."""
        stems = sorted(self.values)
        np.savez_compressed(
            Path(path),
            stems=np.array(stems),
            idf=np.array([self.values[s] for s in stems], dtype=np.float16),
            default=np.array(self.default),
        )


@lru_cache(maxsize=1)
def shipped_idf() -> IdfTable | None:
    """The table in ``claimcheck/weights/idf-v1.npz``, or ``None`` when it is absent."""
    if not IDF_FILE.is_file():
        return None
    return IdfTable.load(IDF_FILE)
