"""The one train/held-out split of the public benchmarks, shared by the eval harness and training.

Every score we publish is measured on the **held-out** part; every learned model (issue 5) trains
and tunes only on the **train** part. Both sides call the functions below, so they cannot drift.

The split is a stable hash, not a random draw: ``sha256("<namespace>/<group key>")`` read as a
number in ``[0, 1)``; below :data:`HELDOUT_FRACTION` (0.30) → ``heldout``, otherwise ``train``.
It does not depend on the order of the file, the Python version or a seed.

Group keys keep near-duplicates on one side:

* **SciFact**: claims that cite a common abstract form one group (connected components over
  ``cited_doc_ids``; the key is the smallest doc id of the component). SciFact often writes a
  claim and its negation from the same citation ("4-PBA decreases …" / "4-PBA raises …"); with a
  per-claim split one would be trained on and the other scored.
* **Climate-FEVER**: the claim id (claims are independent real-world statements).

Example:
    >>> split_of("climate-fever", "0")
    'train'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any, Literal

__all__ = [
    "HELDOUT_FRACTION",
    "SPLITS",
    "Split",
    "SplitChoice",
    "climate_fever_splits",
    "in_split",
    "scifact_groups",
    "scifact_splits",
    "split_of",
]

Split = Literal["train", "heldout"]
SplitChoice = Literal["all", "train", "heldout"]
SPLITS: tuple[SplitChoice, ...] = ("all", "train", "heldout")
HELDOUT_FRACTION = 0.30
"""Share of groups held out. Measured: 273 of the 809 SciFact train claims (163 of 490 groups),
464 of the 1,535 Climate-FEVER claims."""


def split_of(
    namespace: str, key: str | int, *, heldout_fraction: float = HELDOUT_FRACTION
) -> Split:
    """``train`` or ``heldout`` for a group key of a dataset (a pure function of its arguments).

    Args:
        namespace: the dataset name, e.g. ``scifact`` or ``climate-fever``.
        key: the group key (see the module docstring for what each dataset uses).
        heldout_fraction: share of keys that land in ``heldout``.
    """
    digest = hashlib.sha256(f"{namespace}/{key}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") / 2**64
    return "heldout" if point < heldout_fraction else "train"


def in_split(split: Split, choice: SplitChoice) -> bool:
    """Whether an item of ``split`` belongs to the selection ``choice`` (``all`` keeps all)."""
    return choice == "all" or split == choice


def scifact_groups(claims: Iterable[Mapping[str, Any]]) -> dict[int, int]:
    """Group key of every SciFact claim: the smallest doc id of its connected component.

    Two claims are connected when they share a doc in ``cited_doc_ids`` (or in ``evidence``);
    a claim with no cited doc is its own group, keyed by its negated id (never a doc id).
    """
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    docs_of: dict[int, list[int]] = {}
    for claim in claims:
        docs = sorted(
            {int(d) for d in claim.get("cited_doc_ids") or []}
            | {int(d) for d in (claim.get("evidence") or {})}
        )
        docs_of[int(claim["id"])] = docs
        for doc in docs:
            find(doc)
        for doc in docs[1:]:
            union(docs[0], doc)
    return {cid: (find(docs[0]) if docs else -cid - 1) for cid, docs in docs_of.items()}


def scifact_splits(claims: Iterable[Mapping[str, Any]]) -> dict[int, Split]:
    """``{claim id: split}`` for SciFact claims (grouped by shared cited abstracts).

    Pass the whole claims file: the groups are computed over the claims given.
    """
    return {cid: split_of("scifact", group) for cid, group in scifact_groups(claims).items()}


def climate_fever_splits(claims: Iterable[Mapping[str, Any]]) -> dict[str, Split]:
    """``{claim_id: split}`` for Climate-FEVER claims (one group per claim)."""
    return {str(c["claim_id"]): split_of("climate-fever", str(c["claim_id"])) for c in claims}
